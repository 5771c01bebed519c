using System.Diagnostics;
using System.Management.Automation;
using Deid.Batch;

namespace Deid.PowerShell
{
    /// <summary>
    /// What a batch cmdlet tells the user about the run as a whole: the progress bar (<see cref="ProgressMeter"/>), the per-file engine decisions under -Debug, and the
    /// closing summary under -Verbose (files written, failed and skipped, and the time taken).
    /// </summary>
    internal sealed class RunReporter
    {
        private readonly string _activity;
        private readonly ProgressMeter _progress;
        private readonly Stopwatch _run = new Stopwatch();
        private readonly DebugSwitch _debug = new DebugSwitch();

        /// <summary>Progress under <paramref name="activityId"/>, titled <paramref name="activity"/> (the cmdlet's name).</summary>
        public RunReporter(int activityId, string activity)
        {
            _activity = activity;
            _progress = new ProgressMeter(activityId, activity);
        }

        /// <summary>Files finished so far.</summary>
        public int Done { get; private set; }

        /// <summary>Files written (not a dry run, not skipped).</summary>
        public int Written { get; private set; }

        /// <summary>Files that failed with an error.</summary>
        public int Failed { get; private set; }

        /// <summary>Files finished without error but not written (a -WhatIf dry run, a file the filters did not flag).</summary>
        public int Skipped => Done - Written - Failed;

        /// <summary>The number of files in the run, or 0 while not known (files still arriving through the pipeline).</summary>
        public int Total
        {
            get => _progress.Total;
            set => _progress.Total = value;
        }

        /// <summary>Starts the clock of the run (when the first file is submitted; idempotent).</summary>
        public void Start()
        {
            if (!_run.IsRunning) _run.Start();
        }

        /// <summary>Counts a finished file (<paramref name="written"/>: it wrote an output, DICOM or PNG), draws progress at most every 200 ms (and on the last file), and under -Debug says what the engine did to it.</summary>
        public void Finished(PSCmdlet cmdlet, DeidFileResult result, bool written)
        {
            Done++;
            if (result.Error != null) Failed++;
            else if (written) Written++;
            _progress.Report(cmdlet, Done, result.SourcePath);
            if (_debug.IsEnabled(cmdlet)) WriteDecisions(cmdlet, result);
        }

        /// <summary>Clears the progress bar and, under -Verbose, writes the closing summary.</summary>
        public void Complete(PSCmdlet cmdlet)
        {
            _run.Stop();
            _progress.Complete(cmdlet);
            cmdlet.WriteVerbose(Summary());
        }

        /// <summary>The closing summary line: counts and elapsed time.</summary>
        public string Summary() =>
            $"{_activity}: {Done} file(s) processed: {Written} written, {Failed} failed, {Skipped} skipped, in {_run.Elapsed.TotalSeconds:0.###} s.";

        private static void WriteDecisions(PSCmdlet cmdlet, DeidFileResult result)
        {
            if (result.Error != null)
            {
                cmdlet.WriteDebug($"{result.SourcePath}: failed: {result.Error.Message}");
                return;
            }
            cmdlet.WriteDebug($"{result.SourcePath}: header actions applied: {result.Statistics}");
            foreach (var step in result.Steps)
            {
                var counts = new System.Collections.Generic.List<string>();
                foreach (var c in step.Counts) counts.Add($"{c.Key} {c.Value}");
                cmdlet.WriteDebug($"{result.SourcePath}: step {step.Step}: {string.Join(", ", counts)}");
            }
            var pixels = result.StepOf<Deid.Pixels.PixelCleaningStatistics>();
            if (pixels == null) return;
            cmdlet.WriteDebug($"{result.SourcePath}: pixel filters {(pixels.Flagged ? "flagged" : "did not flag")} the file; {pixels.FramesCleaned} frame(s) cleaned.");
            if (pixels.Evidence is Deid.Filters.BurnedPixelResult verdict) cmdlet.WriteDebug($"{result.SourcePath}: pixel filters: {verdict.Explain()}");
        }
    }
}
