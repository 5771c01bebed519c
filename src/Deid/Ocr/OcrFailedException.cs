using System;
using System.IO;

namespace Deid.Ocr
{
    /// <summary>
    /// OCR could not read a frame of a file (the frame cannot be rendered, or Tesseract failed or timed out). An
    /// <see cref="IOException"/>, so a batch reports it for the one file and goes on.
    /// </summary>
    public sealed class OcrFailedException : IOException
    {
        /// <summary>Creates the exception for frame <paramref name="frame"/> of <paramref name="path"/>.</summary>
        public OcrFailedException(string? path, int frame, Exception inner)
            : base($"OCR of frame {frame} of '{path ?? "(dataset)"}' failed: {inner?.Message}", inner)
        {
            Path = path;
            Frame = frame;
        }

        /// <summary>The file.</summary>
        public string? Path { get; }

        /// <summary>The frame (from 0).</summary>
        public int Frame { get; }
    }
}
