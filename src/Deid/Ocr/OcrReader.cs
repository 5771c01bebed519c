using System;
using System.Collections.Generic;
using Deid.Dicom;
using Deid.Pixels;

namespace Deid.Ocr
{
    /// <summary>
    /// Finds burned-in identifying text in a file's pixels: renders each frame read (windowed, MONOCHROME1 inverted, colour to
    /// luminance), has Tesseract read it, and matches the words against the file's own header values. One reader serves a
    /// whole batch (it is stateless apart from the located executable) and may be used from several threads.
    /// </summary>
    public sealed class OcrReader
    {
        private readonly TesseractEngine _engine;

        /// <summary>Creates a reader; locates Tesseract now, so a missing install fails before any file is touched.</summary>
        /// <exception cref="TesseractNotFoundException">Tesseract is not installed where it was looked for.</exception>
        public OcrReader(OcrOptions? options = null)
        {
            Options = options ?? new OcrOptions();
            _engine = TesseractEngine.Locate(Options.TesseractPath);
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
            int frames = file.Dataset.TryGetInteger(DicomTags.NumberOfFrames, out long n) && n > 1 ? (int)Math.Min(n, int.MaxValue) : 1;
            int read = Options.AllFrames ? Math.Min(frames, Math.Max(1, Options.MaxFrames)) : 1;
            var findings = new List<OcrFinding>();
            for (int f = 0; f < read; f++)
            {
                RenderedImage rendered = PngPreview.Render(file, f);
                var image = OcrImage.From(rendered);
                findings.AddRange(matcher.Match(_engine.Read(image), image.Scale, rendered.Width, rendered.Height, f));
            }
            return new OcrResult(findings, read, frames);
        }
    }
}
