using System;
using System.Linq;
using Deid.Filters;
using Deid.Steps;

namespace Deid.Pixels
{
    /// <summary>
    /// The pixel step of a batch: decides from the header as read (before the header step changes it) whether and where the
    /// file holds burned-in text, then blanks those regions in every frame (<see cref="PixelCleaner"/>). A flagged file whose pixels
    /// cannot be cleaned is that file's error: it is never written with its burned-in text.
    /// </summary>
    public sealed class PixelCleaningStep : IFileStep
    {
        /// <summary>The step's name in results and warnings.</summary>
        public const string StepName = "Pixels";

        private readonly Func<FileStepContext, PixelCleaningDecision> _decide;

        /// <summary>Creates the step; <paramref name="decide"/> reads the original header (filters, OCR) and says what to blank.</summary>
        public PixelCleaningStep(Func<FileStepContext, PixelCleaningDecision> decide, PixelCompression compression = PixelCompression.None)
        {
            _decide = decide ?? throw new ArgumentNullException(nameof(decide));
            Compression = compression;
        }

        /// <summary>How cleaned pixel data is stored.</summary>
        public PixelCompression Compression { get; }

        /// <summary>
        /// Whether a flagged file with no region to blank, which OCR did not read, is refused with
        /// <see cref="BurnedTextNotCleanedException"/> (true, the default: Invoke-DeidReplace -CleanPixels). False where the caller
        /// has decided about such files already and only draws them (Clear-DicomPixel's PNG previews): they pass unchanged, with
        /// the warning.
        /// </summary>
        public bool RefusesTextWithoutRegion { get; init; } = true;

        /// <inheritdoc/>
        public string Name => StepName;

        /// <inheritdoc/>
        public IFileStepRun Begin(FileStepContext context)
        {
            if (context == null) throw new ArgumentNullException(nameof(context));
            var decision = _decide(context) ?? PixelCleaningDecision.NotFlagged;
            context.Shared[StepName] = decision;
            return new Run(this, context, decision);
        }

        private sealed class Run : IFileStepRun
        {
            private readonly PixelCleaningStep _step;
            private readonly FileStepContext _context;
            private readonly PixelCleaningDecision _decision;

            public Run(PixelCleaningStep step, FileStepContext context, PixelCleaningDecision decision)
            {
                _step = step;
                _context = context;
                _decision = decision;
            }

            // OCR read the frame and found nothing identifying: a file with no usable region is then written, for a reviewer.
            private bool ReadByOcr => _decision.Evidence is BurnedPixelResult { Ocr: not null };

            // Flagged only by whitelist labels, which name what a recipe accepts (deid flags those matches too, and its cleaner
            // then saves the image unchanged): dicom.xray.chest -CleanPixels refused every chest radiograph it exists to accept
            // (referee sweep 2026-12-06). Such a file is written unchanged; a region a whitelist label names is still blanked.
            private bool AcceptedByWhitelist => _decision.Evidence is BurnedPixelResult { Ocr: null } r && r.Group.Count > 0
                && r.Group.All(g => string.Equals(g, "whitelist", StringComparison.OrdinalIgnoreCase));

            private System.Collections.Generic.IReadOnlyList<string> Labels =>
                (System.Collections.Generic.IReadOnlyList<string>?)(_decision.Evidence as BurnedPixelResult)?.Label ?? Array.Empty<string>();

            private string Source => _context.SourcePath ?? "<memory>";

            // Pixel Data, Float or Double Float Pixel Data at the top level; the last two cannot be cleaned, and a flagged file
            // holding them is refused by the cleaner.
            private static bool HasPixels(Deid.Dicom.DicomDataset ds) =>
                ds.Contains(Deid.Dicom.DicomTag.PixelData) || ds.Contains(Deid.Dicom.DicomTags.FloatPixelData) || ds.Contains(Deid.Dicom.DicomTags.DoubleFloatPixelData);

            private void WarnUnchanged(string reason) =>
                _context.Warn(new DeidWarning(DeidWarningKind.NotApplicable, $"Flagged as holding burned-in text, but {reason}; the pixels are unchanged. Review this file.",
                    _context.SourcePath, "PixelData", StepName));

            public IStepStatistics Apply()
            {
                // An object without pixels (a structured report, an RT plan, a waveform) has nothing burned in: the filters flag it
                // by its header (document-like modality, no image type), and it was refused, so a study folder run with
                // -CleanPixels lost every non-image object (QA pixels 2026-12-07). Its header is de-identified like any other.
                if (_decision.Flagged && !HasPixels(_context.File.Dataset)) return new PixelCleaningStatistics(_decision.Flagged, _decision.Regions, null, _decision.Evidence);
                if (_decision.Flagged && _decision.NamesNoRegionToBlank && AcceptedByWhitelist)
                {
                    // Visible, once a batch: a broad whitelist label lets files through unchanged that were refused before (review).
                    _context.Warn(new DeidWarning(DeidWarningKind.NotApplicable, $"Flagged only by whitelist label(s) {string.Join(", ", Labels)}, which the recipe accepts: written with the pixels unchanged. (Said for the first such file of the batch.)",
                        _context.SourcePath, "PixelData", StepName)
                    { OnceKey = "WhitelistAccepted" });
                }
                else if (_decision.Flagged && _decision.NamesNoRegionToBlank)
                {
                    // Nothing says where the text is (no region, or only regions to keep: deid's keepcoordinates alone blanks
                    // nothing; that file was told its keep region "covers no pixel", by deid's test suite run against ours).
                    // Unless OCR read the frame and found nothing identifying (then the copy is written, for a reviewer to look
                    // at), the file is refused, as Clear-DicomPixel refuses it: a copy written among cleaned ones and reported as
                    // succeeded would hold the very text the filter found (QA 2026-12-06).
                    if (_step.RefusesTextWithoutRegion && !ReadByOcr) throw new BurnedTextNotCleanedException(Source, Labels);
                    WarnUnchanged("the recipe names no region to blank" + (ReadByOcr ? " and OCR found no identifying text" : string.Empty));
                }
                if (!_decision.Flagged || _decision.NamesNoRegionToBlank) return new PixelCleaningStatistics(_decision.Flagged, _decision.Regions, null, _decision.Evidence);
                var result = PixelCleaner.Clean(_context.File, _decision.Regions, _step.Compression, out var spool);
                if (spool != null) _context.DisposeAfterWrite(spool);
                if (!result.RegionsInFrame)
                {
                    // Regions written the wrong way round (30,40,20,10), empty (0,0,0,0) or for a larger image than this one: they
                    // blank nothing, and the copy, reported as cleaned, held the text (QA pixels 2026-12-06). Refused as a file with
                    // no region is (by Clear-DicomPixel too, whose own check sees regions); with OCR that read the frame and found
                    // nothing, written with a warning.
                    var size = Deid.Dicom.PixelFrameGeometry.FromDataset(_context.File.Dataset, Source);
                    string why = $"none of its regions ({string.Join("; ", _decision.Regions)}) covers a pixel of the {size.Columns}×{size.Rows} image (each is empty, x1 ≤ x0 or y1 ≤ y0, or lies outside it)";
                    if (!ReadByOcr) throw new BurnedTextNotCleanedException(Source, Labels, why);
                    WarnUnchanged(why);
                }
                else if (result.RegionClipped)
                {
                    _context.Warn(new DeidWarning(DeidWarningKind.NotApplicable, "A cleaning region lies partly outside the image; it was clipped to the image.",
                        _context.SourcePath, "PixelData", StepName));
                }
                if (result.IconsRemoved > 0)
                {
                    _context.Warn(new DeidWarning(DeidWarningKind.NotApplicable, "The Icon Image Sequence (0088,0200), a small copy of the image with its burned-in text, was removed: its pixels cannot be cleaned region for region.",
                        _context.SourcePath, "IconImageSequence", StepName));
                }
                if (result.OverlaysCleaned > 0)
                {
                    _context.Warn(new DeidWarning(DeidWarningKind.NotApplicable, $"{result.OverlaysCleaned} overlay plane(s) (60xx,3000) drawn over the image were blanked in the cleaned regions too; the rest of each plane is kept, and OCR does not read it. Review the overlays, or remove them with the recipe.",
                        _context.SourcePath, "OverlayData", StepName));
                }
                return new PixelCleaningStatistics(true, _decision.Regions, result, _decision.Evidence);
            }
        }
    }
}
