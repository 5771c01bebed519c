using System;
using System.Collections.Generic;
using Deid.Actions;
using Deid.Inspection;
using Deid.Pixels;
using Deid.Steps;

namespace Deid.Batch
{
    /// <summary>What happened to one file of a batch.</summary>
    public sealed class DeidFileResult
    {
        internal DeidFileResult(DeidFileRequest request, IReadOnlyList<IStepStatistics> steps, IReadOnlyList<DeidWarning> warnings, Exception? error, bool written, string? outputPath = null, bool skipped = false)
        {
            Request = request;
            OutputPath = outputPath ?? request.OutputPath;
            Skipped = skipped;
            Steps = JoinedList<IStepStatistics>.From(steps);
            Statistics = FindHeader(steps) ?? new ReplaceStatistics();
            Warnings = warnings as DeidWarningList ?? new DeidWarningList(warnings);
            Error = error;
            Written = written;
        }

        /// <summary>The request.</summary>
        public DeidFileRequest Request { get; }

        /// <summary>The input path.</summary>
        public string SourcePath => Request.SourcePath;

        /// <summary>The output path (written only when <see cref="Written"/>): with <see cref="DeidBatch.OutputName"/>, the name made from the de-identified header.</summary>
        public string OutputPath { get; }

        /// <summary>
        /// The output's path below <see cref="DeidBatch.OutputFolder"/> (null without one): what a mirrored tree or an
        /// <see cref="DeidBatch.OutputName"/> made of the output's place, which Test-DeidOutput audits for identifying folder names.
        /// </summary>
        public string? OutputRelativePath { get; internal set; }

        /// <summary>True when the output existed already and <see cref="DeidBatch.SkipExisting"/> left it as it was (a resumed batch).</summary>
        public bool Skipped { get; }

        /// <summary>What each step changed, in the order the steps ran (only the steps that finished, when the file failed).</summary>
        public JoinedList<IStepStatistics> Steps { get; }

        /// <summary>The header step's counts of changed elements.</summary>
        public ReplaceStatistics Statistics { get; }

        /// <summary>Elements added.</summary>
        public int Added => Statistics.Added;

        /// <summary>Elements whose value was replaced.</summary>
        public int Replaced => Statistics.Replaced;

        /// <summary>Elements removed.</summary>
        public int Removed => Statistics.Removed;

        /// <summary>Elements emptied.</summary>
        public int Blanked => Statistics.Blanked;

        /// <summary>Elements whose dates were shifted.</summary>
        public int Jittered => Statistics.Jittered;

        /// <summary>True when the pixel step flagged the file as holding burned-in text; false when it did not; null without a pixel step.</summary>
        public bool? PixelsFlagged => Pixels?.Flagged;

        /// <summary>Frames whose pixels were blanked (0 without a pixel step).</summary>
        public int FramesCleaned => Pixels?.FramesCleaned ?? 0;

        private PixelCleaningStatistics? Pixels => StepOf<PixelCleaningStatistics>();

        /// <summary>The statistics of the first step that gave a <typeparamref name="T"/>, or null when no such step ran.</summary>
        public T? StepOf<T>()
            where T : class, IStepStatistics
        {
            foreach (var s in Steps)
            {
                if (s is T step) return step;
            }
            return null;
        }

        /// <summary>Problems that did not stop the file (missing variables, values a VR cannot take, ...); prints (and exports) as their messages, one per line.</summary>
        public IReadOnlyList<DeidWarning> Warnings { get; }

        /// <summary>Why the file failed, or null.</summary>
        public Exception? Error { get; }

        /// <summary>
        /// For a reader of a batch's results in input order: drops this file's once-a-batch warnings (<see cref="DeidWarning.OnceKey"/>)
        /// that <paramref name="reported"/> already holds, and adds the keys of those it keeps, so each stays on the first file in
        /// input order that has it (<see cref="DeidBatch.Run"/> and the cmdlets do this).
        /// </summary>
        public void KeepFirstOnceWarnings(ISet<string> reported)
        {
            if (reported == null) throw new ArgumentNullException(nameof(reported));
            // Most files have no once-a-batch warning: nothing allocated for them (this runs for every file of a batch).
            bool repeated = false;
            foreach (var w in Warnings)
            {
                if (w.OnceKey != null && reported.Contains(w.OnceKey)) repeated = true;
            }
            var dropped = repeated ? new HashSet<DeidWarning>() : null;
            foreach (var w in Warnings)
            {
                if (w.OnceKey != null && !reported.Add(w.OnceKey)) dropped?.Add(w);
            }
            if (dropped != null) ((DeidWarningList)Warnings).RemoveAll(dropped.Contains);
        }

        /// <summary>True when the output was written.</summary>
        public bool Written { get; }

        /// <summary>
        /// True when the file was processed without error and every <c>var:</c>/<c>func:</c> the recipe names was given: a missing
        /// one leaves its element as it was, so the copy may still identify the patient (a crosswalk row that lacks a column).
        /// </summary>
        public bool Succeeded => Error == null && !HasMissingVariable();

        private bool HasMissingVariable()
        {
            foreach (var w in Warnings)
            {
                if (w.Kind == DeidWarningKind.MissingVariable) return true;
            }
            return false;
        }

        private static ReplaceStatistics? FindHeader(IReadOnlyList<IStepStatistics> steps)
        {
            foreach (var s in steps)
            {
                if (s is ReplaceStatistics header) return header;
            }
            return null;
        }

        /// <summary>Source, output and counts.</summary>
        public override string ToString() => Error != null ? $"{SourcePath}: {Error.Message}" : Skipped ? $"{SourcePath} -> {OutputPath}: skipped (exists)" : $"{SourcePath} -> {OutputPath}: {Statistics}";
    }
}
