using System.Collections.Generic;

namespace Deid.Ocr
{
    /// <summary>How burned-in text is read: which frames, which words count, where Tesseract is.</summary>
    public sealed class OcrOptions
    {
        /// <summary>The default cap on frames read per file with <see cref="AllFrames"/>: a cine of 1,000 frames would take minutes.</summary>
        public const int DefaultMaxFrames = 64;

        /// <summary>Which words are reported (default: identifying ones).</summary>
        public OcrScope Scope { get; set; } = OcrScope.Identifiers;

        /// <summary>Read every frame (up to <see cref="MaxFrames"/>) rather than the first.</summary>
        public bool AllFrames { get; set; }

        /// <summary>The most frames read per file when <see cref="AllFrames"/> is set; the rest are skipped with a warning.</summary>
        public int MaxFrames { get; set; } = DefaultMaxFrames;

        /// <summary>The Tesseract executable or its folder; null to search the PATH and the usual install folders.</summary>
        public string? TesseractPath { get; set; }

        /// <summary>With <see cref="OcrScope.AllText"/>, the lowest confidence (0–100) a word needs.</summary>
        public double MinimumConfidence { get; set; } = 60;

        /// <summary>
        /// Tesseract's page segmentation modes, one reading each, findings joined: 11 (sparse text) finds scattered words, 6 (a
        /// block of lines) reads lines of small print that sparse mode breaks apart; each finds text the other misses.
        /// </summary>
        public IReadOnlyList<int> PageSegmentationModes { get; set; } = new[] { 11, 6 };

        /// <summary>
        /// Also read a local-contrast image of a frame (each pixel's difference from its local ground, the largest over the
        /// colour channels) when the luminance image's global threshold would merge some strokes with their ground: text on a
        /// gradient or on a lighter shape, and text that differs from its ground in hue but not in luminance. Frames whose
        /// ground is flat cost no extra Tesseract run. Default true.
        /// </summary>
        public bool LocalContrast { get; set; } = true;

        /// <summary>
        /// The page segmentation modes of the local-contrast reading (see <see cref="LocalContrast"/>): the same two as the
        /// grey reading. On QA's gradient, shape and hue-only frames 11 alone found as much, but a small ID in a scanner's
        /// bitmap font on a flat disc needs 6; the extra runs are paid only by the frames that get this reading.
        /// </summary>
        public IReadOnlyList<int> LocalContrastPageSegmentationModes { get; set; } = new[] { 11, 6 };
    }
}
