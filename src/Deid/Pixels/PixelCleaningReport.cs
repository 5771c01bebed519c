using System;
using System.Collections.Generic;
using System.Linq;
using Deid.Batch;
using Deid.Inspection;

namespace Deid.Pixels
{
    /// <summary>What cleaning did to one file's pixels (Clear-DicomPixel -PassThru): the files written, the regions, the frames.</summary>
    public sealed class PixelCleaningReport
    {
        private PixelCleaningReport(string sourcePath, string[] outputs, bool flagged, string[] regions, int framesCleaned, bool written, bool skipped = false)
        {
            Skipped = skipped;
            SourcePath = sourcePath;
            Outputs = new JoinedList<string>(outputs);
            Flagged = flagged;
            Regions = new JoinedList<string>(regions);
            FramesCleaned = framesCleaned;
            Written = written;
        }

        /// <summary>The input file (never modified).</summary>
        public string SourcePath { get; }

        /// <summary>The files written (the DICOM file, then the PNGs); in a dry run, the ones that would be; empty when nothing was.</summary>
        public JoinedList<string> Outputs { get; }

        /// <summary>True when the file was flagged as holding burned-in text.</summary>
        public bool Flagged { get; }

        /// <summary>The regions applied, in order, as the recipe writes them (<c>x0,y0,x1,y1</c> or <c>all</c>; keep regions prefixed <c>keep</c>).</summary>
        public JoinedList<string> Regions { get; }

        /// <summary>Frames whose pixels were blanked.</summary>
        public int FramesCleaned { get; }

        /// <summary>True when outputs were written (false in a dry run, for an unflagged file and for a failed one).</summary>
        public bool Written { get; }

        /// <summary>True when the outputs existed and -SkipExisting left them as they were (a resumed batch): nothing written.</summary>
        public bool Skipped { get; }

        /// <summary>
        /// The report of a flagged file whose matching labels name no region: nothing can be cleaned, so no "cleaned" copy is
        /// written (it would hold the text); PNG previews alone may still be, for review.
        /// </summary>
        public static PixelCleaningReport FlaggedWithoutRegion(string sourcePath) =>
            new PixelCleaningReport(sourcePath ?? throw new ArgumentNullException(nameof(sourcePath)), Array.Empty<string>(), true, Array.Empty<string>(), 0, false);

        /// <summary>The report of a file no label flagged: nothing cleaned, nothing written.</summary>
        public static PixelCleaningReport NotFlagged(string sourcePath) =>
            new PixelCleaningReport(sourcePath ?? throw new ArgumentNullException(nameof(sourcePath)), Array.Empty<string>(), false, Array.Empty<string>(), 0, false);

        /// <summary>
        /// The report of a file the batch processed (with a pixel step, and optionally a preview step);
        /// <paramref name="writesDicom"/> is the batch's <see cref="DeidBatch.WriteDicom"/>, which says what a dry run would write.
        /// </summary>
        public static PixelCleaningReport From(DeidFileResult result, bool writesDicom = true)
        {
            if (result == null) throw new ArgumentNullException(nameof(result));
            var pixels = result.Steps.OfType<PixelCleaningStatistics>().FirstOrDefault();
            var previews = result.Steps.OfType<PixelPreviewStatistics>().FirstOrDefault();
            bool dryRun = result.Request.DryRun;
            var outputs = new List<string>();
            // The DICOM file is listed when written, or in a dry run when the batch would have written it.
            if (result.Written || (dryRun && result.Succeeded && writesDicom)) outputs.Add(result.OutputPath);
            if (previews != null && result.Succeeded && (dryRun || previews.Written > 0)) outputs.AddRange(previews.Paths);
            return new PixelCleaningReport(result.SourcePath, outputs.ToArray(), pixels?.Flagged ?? false,
                pixels?.Mask.Select(r => r.ToString()).ToArray() ?? Array.Empty<string>(), pixels?.FramesCleaned ?? 0,
                result.Succeeded && !dryRun && outputs.Count > 0,
                result.Skipped || (!writesDicom && previews != null && previews.Skipped));
        }

        /// <inheritdoc/>
        public override string ToString() => Flagged ? $"{SourcePath}: {FramesCleaned} frame(s) cleaned" : $"{SourcePath}: not flagged";
    }
}
