using System;

namespace Deid.Ocr
{
    /// <summary>Tesseract is not installed where we looked: the message names the package to install.</summary>
    public sealed class TesseractNotFoundException : Exception
    {
        /// <summary>Creates the exception for the places searched.</summary>
        public TesseractNotFoundException(string searched)
            : base("Tesseract OCR was not found (" + searched + "). Install it — Debian/Ubuntu: 'apt-get install tesseract-ocr "
                + "tesseract-ocr-eng'; Windows: the Tesseract installer from UB Mannheim; macOS: 'brew install tesseract' — or give its "
                + "executable with -TesseractPath. Only -Ocr needs it.")
        {
        }
    }
}
