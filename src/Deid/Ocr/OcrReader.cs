using System;
using System.Collections.Generic;
using Deid.Dicom;
using Deid.Filters;
using Deid.Pixels;

namespace Deid.Ocr
{
    /// <summary>
    /// Finds burned-in identifying text in a file's pixels: renders each frame read (windowed, MONOCHROME1 inverted, colour to
    /// luminance), has Tesseract read it (and, when a global threshold would lose text, a local-contrast image of it: see
    /// <see cref="OcrOptions.LocalContrast"/>), and matches the words against the file's own header values. One reader serves a
    /// whole batch (it is stateless apart from the located executable) and may be used from several threads.
    /// </summary>
    public sealed class OcrReader
    {
        private readonly TesseractEngine _engine;

        /// <summary>Creates a reader; locates Tesseract now and asks it for its languages, so a missing or unusable install fails before any file is touched.</summary>
        /// <exception cref="TesseractNotFoundException">Tesseract is not installed where it was looked for, or cannot be used.</exception>
        public OcrReader(OcrOptions? options = null)
        {
            Options = options ?? new OcrOptions();
            _engine = TesseractEngine.Locate(Options.TesseractPath);
            _engine.CheckUsable();
        }

        /// <summary>The options.</summary>
        public OcrOptions Options { get; }

        /// <summary>The Tesseract executable used.</summary>
        public string Executable => _engine.Executable;

        /// <summary>
        /// Reads <paramref name="file"/> (opened with its Pixel Data) and returns the rectangles of identifying text, with the
        /// values of <paramref name="header"/> (the ORIGINAL header; default the file's own) as the words to look for.
        /// </summary>
        public OcrResult Read(DicomFile file, DicomDataset? header = null)
        {
            if (file == null) throw new ArgumentNullException(nameof(file));
            var targets = OcrTargetSet.FromDataset(header ?? file.Dataset);
            var matcher = new OcrMatcher(targets, Options.Scope) { MinimumConfidence = Options.MinimumConfidence };
            // No pixels, nothing burned in: an empty reading rather than an error (a structured report, a presentation state).
            if (!file.Dataset.Contains(DicomTag.PixelData)) return new OcrResult(Array.Empty<OcrFinding>(), 0, 0);
            int frames = file.Dataset.TryGetInteger(DicomTags.NumberOfFrames, out long n) && n > 1 ? (int)Math.Min(n, int.MaxValue) : 1;
            int read = Options.AllFrames ? Math.Min(frames, Math.Max(1, Options.MaxFrames)) : 1;
            var findings = new List<OcrFinding>();
            for (int f = 0; f < read; f++)
            {
                try
                {
                    RenderedImage rendered = PngPreview.Render(file, f);
                    var image = OcrImage.From(rendered);
                    foreach (int psm in Options.PageSegmentationModes)
                        findings.AddRange(matcher.Match(_engine.Read(image, psm), image.Scale, rendered.Width, rendered.Height, f));
                    // A small frame is upscaled three or four times, and blocky glyphs that Tesseract reads at their own size
                    // can blur into others (QA OCR 2026-12-07: a 128 px frame's QA7731924, read right as it is, became rSig24 at
                    // 4x). Such a frame is also read as it is; it is small, so the second reading costs little.
                    if (image.Scale >= 3)
                    {
                        var native = OcrImage.From(rendered, 1);
                        foreach (int psm in Options.PageSegmentationModes)
                            findings.AddRange(matcher.Match(_engine.Read(native, psm), 1, rendered.Width, rendered.Height, f));
                    }
                    // Only when one global threshold of that image would merge some strokes with their ground (text on a
                    // gradient or a lighter shape, text differing in hue only): a flat-ground frame costs no extra run.
                    OcrImage? local = Options.LocalContrast ? LocalContrast.From(rendered, image.Inverted, image.Scale) : null;
                    if (local != null)
                    {
                        foreach (int psm in Options.LocalContrastPageSegmentationModes)
                            findings.AddRange(matcher.Match(_engine.Read(local, psm), local.Scale, rendered.Width, rendered.Height, f));
                    }
                }
                catch (Exception ex) when (ex is InvalidOperationException || ex is NotSupportedException || ex is TimeoutException || ex is System.ComponentModel.Win32Exception)
                {
                    throw new OcrFailedException(file.SourcePath, f, ex);
                }
            }
            return new OcrResult(OcrFinding.MergeOverlapping(findings), read, frames);
        }

        /// <summary>
        /// The verdict of <paramref name="evaluator"/>'s filters on the file at <paramref name="path"/> with what OCR reads in its
        /// pixels added (<see cref="BurnedPixelResult.WithOcr"/>). The file is opened with its pixel data left on disk and read
        /// frame by frame.
        /// </summary>
        public BurnedPixelResult Inspect(FilterEvaluator evaluator, string path)
        {
            if (evaluator == null) throw new ArgumentNullException(nameof(evaluator));
            if (path == null) throw new ArgumentNullException(nameof(path));
            var file = DicomFile.Open(path);
            return evaluator.Evaluate(file).WithOcr(Read(file));
        }

        /// <summary>
        /// <paramref name="verdict"/> (a filter verdict made earlier, e.g. piped from <c>Test-DicomBurnedPixel</c>) with OCR added;
        /// returned as it is when it already holds an OCR reading.
        /// </summary>
        public BurnedPixelResult Inspect(BurnedPixelResult verdict)
        {
            if (verdict == null) throw new ArgumentNullException(nameof(verdict));
            if (verdict.Ocr != null || verdict.Path == null) return verdict;
            return verdict.WithOcr(Read(DicomFile.Open(verdict.Path)));
        }
    }
}
