using System;

namespace Deid.Ocr
{
    /// <summary>Tesseract is not installed where we looked: the message names the package to install.</summary>
    public sealed class TesseractNotFoundException : Exception
    {
        /// <summary>Creates the exception for the places searched.</summary>
        public TesseractNotFoundException(string searched)
            : this("Tesseract OCR was not found (" + searched + ").", true)
        {
        }

        private TesseractNotFoundException(string what, bool withAdvice)
            : base(what + (withAdvice ? " Install it — Debian/Ubuntu: 'apt-get install tesseract-ocr "
                + "tesseract-ocr-eng'; Windows: the Tesseract installer from UB Mannheim; macOS: 'brew install tesseract' — or give its "
                + "executable with -TesseractPath. Only -Ocr needs it." : string.Empty))
        {
        }

        /// <summary>Tesseract was found at <paramref name="executable"/> but cannot be used: <paramref name="why"/>.</summary>
        public static TesseractNotFoundException Unusable(string executable, string why) =>
            new TesseractNotFoundException("Tesseract OCR at '" + executable + "' cannot be used: " + why + ".", true);
    }
}
