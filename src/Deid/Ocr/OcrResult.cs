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

        /// <summary>
        /// The warning for a cine read only up to the cap of <c>-OcrFrames All</c> (more than one frame read, some left); null
        /// otherwise — reading the first frame alone is the default, not a cap. One text for the cmdlets and the pixel step.
        /// </summary>
        public string? CapWarning => Capped && FramesRead > 1
            ? $"OCR read the first {FramesRead} of {FrameCount} frames (the cap); text burned only into later frames is not found."
            : null;

        /// <summary>
        /// What to say of a cine of which the default (<c>-OcrFrames First</c>) read the first frame alone; null otherwise. One
        /// text for the cmdlets and the pixel step, which say it for the first such file and add how often.
        /// </summary>
        public string? FirstFrameOnly => FramesRead == 1 && FrameCount > 1
            ? $"OCR read frame 1 of {FrameCount} (-OcrFrames First); text burned only into later frames is not found: -OcrFrames All reads them."
            : null;
    }
}
