using System.Diagnostics;
using System.Management.Automation;

namespace Deid.PowerShell
{
    /// <summary>
    /// A cmdlet's progress bar over files: "3 of 12: name" when the total is known, "3 done: name" while files still arrive
    /// through the pipeline. Drawn on the first file, the last, and otherwise at most every 200 ms: the host's rendering costs
    /// more than a small file's processing, but the bar should appear as soon as work starts and end at 100%. A fresh
    /// ProgressRecord per update, so a host that keeps the record it was given never sees it change afterwards.
    /// </summary>
    internal sealed class ProgressMeter
    {
        private readonly int _activityId;
        private readonly string _activity;
        private readonly Stopwatch _sinceShown = new Stopwatch();
        private bool _shown;

        /// <summary>Progress under <paramref name="activityId"/> (one per cmdlet, so nested pipelines draw separate bars), titled <paramref name="activity"/> (the cmdlet's name).</summary>
        public ProgressMeter(int activityId, string activity)
        {
            _activityId = activityId;
            _activity = activity;
        }

        /// <summary>The number of files in the run, or 0 while not known.</summary>
        public int Total { get; set; }

        /// <summary>Says that <paramref name="done"/> files are finished, the last of them <paramref name="path"/>.</summary>
        public void Report(Cmdlet cmdlet, int done, string path)
        {
            if (_shown && _sinceShown.ElapsedMilliseconds < 200 && done != Total) return;
            _sinceShown.Restart();
            string name = System.IO.Path.GetFileName(path);
            cmdlet.WriteProgress(new ProgressRecord(_activityId, _activity, Total > 0 ? $"{done} of {Total}: {name}" : $"{done} done: {name}")
            {
                CurrentOperation = path,
                PercentComplete = Total > 0 ? System.Math.Min(100, done * 100 / Total) : -1,
            });
            _shown = true;
        }

        /// <summary>Clears the bar, if it was drawn.</summary>
        public void Complete(Cmdlet cmdlet)
        {
            if (_shown) cmdlet.WriteProgress(new ProgressRecord(_activityId, _activity, "Done") { RecordType = ProgressRecordType.Completed });
            _shown = false;
        }
    }
}
