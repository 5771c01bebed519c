using System.Collections.Generic;

namespace Deid.Ocr
{
    /// <summary>What OCR found in one file.</summary>
    public sealed class OcrResult
    {
        /// <summary>Creates a result.</summary>
        public OcrResult(IReadOnlyList<OcrFinding> findings, int framesRead, int frameCount)
        {
            Findings = findings;
            FramesRead = framesRead;
            FrameCount = frameCount;
        }

        /// <summary>The rectangles of identifying text, in frame pixels.</summary>
        public IReadOnlyList<OcrFinding> Findings { get; }

        /// <summary>How many frames were read.</summary>
        public int FramesRead { get; }

        /// <summary>How many frames the file has.</summary>
        public int FrameCount { get; }

        /// <summary>True when frames were left unread (the cap of <see cref="OcrOptions.MaxFrames"/>, or only the first by default).</summary>
        public bool Capped => FramesRead < FrameCount;
    }
}
