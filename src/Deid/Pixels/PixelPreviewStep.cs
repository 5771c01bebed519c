using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using Deid.Dicom;
using Deid.Steps;

namespace Deid.Pixels
{
    /// <summary>
    /// Writes PNG previews of a file's current pixels beside its output, so a person can check what cleaning left: placed after
    /// the pixel step it draws the cleaned pixels (spooled native data, or RLE through the codec registry) before the batch writes
    /// the DICOM file. One frame goes to <c>name.png</c>; with <see cref="AllFrames"/> every frame goes to
    /// <c>name.frame0001.png</c>, ... (<see cref="PreviewPaths"/>). Nothing is written in a dry run or when the output path is not known.
    /// </summary>
    public sealed class PixelPreviewStep : IFileStep
    {
        /// <summary>The step's name in results and warnings.</summary>
        public const string StepName = "Preview";

        /// <summary>The frame drawn (from 0) unless <see cref="AllFrames"/>.</summary>
        public int Frame { get; init; }

        /// <summary>Draw every frame, one PNG each.</summary>
        public bool AllFrames { get; init; }

        /// <summary>Replace PNGs that exist already.</summary>
        public bool Overwrite { get; init; }

        /// <summary>
        /// Leave PNGs that exist as they are (resuming a batch): a file whose every PNG exists is reported as skipped
        /// (<see cref="PixelPreviewStatistics.Skipped"/>), one with some missing gets only those. Not with <see cref="Overwrite"/>.
        /// </summary>
        public bool SkipExisting { get; init; }

        /// <summary>Draw only files the pixel step flagged (it must run before this step).</summary>
        public bool OnlyFlagged { get; init; }

        /// <summary>The codecs that decode encapsulated pixel data; null for <see cref="PixelCodecRegistry.Default"/>.</summary>
        public PixelCodecRegistry? Codecs { get; init; }

        /// <inheritdoc/>
        public string Name => StepName;

        /// <summary>
        /// The output names for previews and output files a batch has claimed, or null to claim none: each PNG is claimed for
        /// its input there, so that two inputs drawing one PNG are a clash naming both rather than one preview written over the
        /// other (QA3 F8).
        /// </summary>
        public Batch.OutputNameClaims? Claims { get; init; }

        /// <summary>
        /// The PNG paths for <paramref name="outputPath"/>: its name with a DICOM extension (<c>.dcm</c>, <c>.dicom</c>,
        /// <c>.dic</c>, any case) replaced by <c>.png</c> and any other name followed by <c>.png</c> (<c>x.dcm</c> gives
        /// <c>x.png</c>, <c>1.2.3.4</c> gives <c>1.2.3.4.png</c>); with <paramref name="allFrames"/> one per frame numbered from
        /// 1 as DICOM numbers frames (<c>x.frame0001.png</c>; more digits past 9999 frames). A name too long for a file system is
        /// cut as output names are.
        /// </summary>
        public static IReadOnlyList<string> PreviewPaths(string outputPath, int frames, bool allFrames)
        {
            if (outputPath == null) throw new ArgumentNullException(nameof(outputPath));
            string name = Path.GetFileName(outputPath);
            string folder = outputPath.Substring(0, outputPath.Length - name.Length);
            // Only a DICOM extension is replaced: files named by their UID have none, and replacing what followed the last dot
            // gave every instance of a series one preview (QA3 F8).
            string ext = Path.GetExtension(name);
            string stem = IsDicomExtension(ext) ? name.Substring(0, name.Length - ext.Length) : name;
            if (!allFrames) return new[] { folder + Batch.PortableName.Fit(stem, ".png") };
            var paths = new string[frames];
            for (int i = 0; i < frames; i++)
                paths[i] = folder + Batch.PortableName.Fit(stem, ".frame" + (i + 1).ToString("D4", CultureInfo.InvariantCulture) + ".png");
            return paths;
        }

        private static bool IsDicomExtension(string ext) =>
            string.Equals(ext, ".dcm", StringComparison.OrdinalIgnoreCase) || string.Equals(ext, ".dicom", StringComparison.OrdinalIgnoreCase)
            || string.Equals(ext, ".dic", StringComparison.OrdinalIgnoreCase);

        /// <inheritdoc/>
        public IFileStepRun Begin(FileStepContext context)
        {
            if (context == null) throw new ArgumentNullException(nameof(context));
            return new Run(this, context);
        }

        private sealed class Run : IFileStepRun
        {
            private readonly PixelPreviewStep _step;
            private readonly FileStepContext _context;

            public Run(PixelPreviewStep step, FileStepContext context)
            {
                _step = step;
                _context = context;
            }

            public IStepStatistics Apply()
            {
                if (_context.OutputPath == null) return new PixelPreviewStatistics(Array.Empty<string>(), 0, skipped: false);
                if (_step.OnlyFlagged && !(_context.Shared.TryGetValue(PixelCleaningStep.StepName, out var d) && d is PixelCleaningDecision { Flagged: true }))
                    return new PixelPreviewStatistics(Array.Empty<string>(), 0, skipped: false);
                string source = _context.SourcePath ?? "<memory>";
                var geometry = PixelFrameGeometry.FromDataset(_context.File.Dataset, source);
                if (!_step.AllFrames && _step.Frame >= geometry.NumberOfFrames)
                    // Unsupported, not broken: the file is sound and the option asks for what it does not have (the advice was to
                    // check that the file is complete; QA).
                    throw DicomFormatException.Unsupported(source, -1, DicomTag.PixelData, $"The image has {geometry.NumberOfFrames} frame(s) and there is no frame {_step.Frame} (frames are numbered from 0) to preview: give a frame below {geometry.NumberOfFrames} (-Frame), or every frame (-AllFrames).");
                var paths = PreviewPaths(_context.OutputPath, geometry.NumberOfFrames, _step.AllFrames);
                Claim(paths, source);
                // All checked before any is written, so a refused file leaves no half set of previews; in a dry run too (-WhatIf
                // tells the truth: a PNG the real run would refuse is a clash, not a file it would write).
                var missing = new List<int>(paths.Count);
                for (int i = 0; i < paths.Count; i++)
                {
                    string p = paths[i];
                    if (_context.SourcePath != null && string.Equals(Path.GetFullPath(p), Path.GetFullPath(_context.SourcePath), StringComparison.OrdinalIgnoreCase))
                        throw new IOException($"The preview '{p}' is the input itself; inputs are never modified.");
                    if (_step.Overwrite || !File.Exists(p)) missing.Add(i);
                    else if (!_step.SkipExisting) throw new Batch.OutputConflictException(source, p, null);
                }
                if (missing.Count == 0) return new PixelPreviewStatistics(paths, 0, skipped: true);
                if (_context.IsDryRun) return new PixelPreviewStatistics(paths, 0, skipped: false);
                string? folder = Path.GetDirectoryName(Path.GetFullPath(paths[0]));
                if (folder != null) Directory.CreateDirectory(folder);
                foreach (int i in missing)
                {
                    _context.Cancellation.ThrowIfCancellationRequested();
                    Write(paths[i], _step.AllFrames ? i : _step.Frame, source);
                }
                return new PixelPreviewStatistics(paths, missing.Count, skipped: false);
            }

            // Every PNG claimed before any is checked or written (in a dry run too: -WhatIf reports the clash the run would).
            private void Claim(IReadOnlyList<string> paths, string source)
            {
                if (_step.Claims == null || _context.SourcePath == null) return;
                foreach (string p in paths)
                {
                    if (_step.Claims.TryClaim(p, source, out string other, out bool isInput)) continue;
                    // Claimed by this very input: the cmdlet claims a file's one PNG before it runs, to refuse a clash before
                    // -WhatIf says it would write. (An input given twice is refused at its first claim, before this step.)
                    if (!isInput && string.Equals(other, source, StringComparison.Ordinal)) continue;
                    throw new Batch.OutputConflictException(source, p, other, isInput);
                }
            }

            private void Write(string path, int frame, string source)
            {
                try
                {
                    PngPreview.Write(_context.File, path, frame, _step.Overwrite, 1, null, _step.Codecs);
                }
                catch (NotSupportedException ex)
                {
                    // A file the renderer cannot draw is that file's problem, not the batch's.
                    throw DicomFormatException.Unsupported(source, -1, DicomTag.PixelData, "cannot draw a preview: " + ex.Message, ex);
                }
            }
        }
    }
}
