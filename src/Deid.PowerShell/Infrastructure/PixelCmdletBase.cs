using System;
using System.Management.Automation;

namespace Deid.PowerShell
{
    /// <summary>
    /// Base of the cmdlets that look at pixels through a recipe's %filter sections and, with -Ocr, through Tesseract
    /// (Test-DicomBurnedPixel, Clear-DicomPixel, Invoke-DeidReplace -CleanPixels): the one declaration of the -Ocr parameters and
    /// -ThrottleLimit (-Recipe and -Strict are <see cref="RecipeCmdletBase"/>'s), so the three take them alike and their help describes one behaviour.
    /// </summary>
    public abstract class PixelCmdletBase : RecipeCmdletBase
    {
        /// <summary>
        /// Also read the pixels with OCR (Tesseract): words matching the file's own identifying values (names, IDs, dates,
        /// institution), or any confident word with -OcrScope AllText, are found (and, where the cmdlet cleans, blanked) beside the
        /// recipe's filter regions. Needs Tesseract installed.
        /// </summary>
        [Parameter]
        public SwitchParameter Ocr { get; set; }

        /// <summary>What OCR finds: Identifiers (default: text matching the header's identifying values, dates, IDs of 6+ digits) or AllText.</summary>
        [Parameter]
        [ValidateSet(OcrSetup.Identifiers, OcrSetup.AllText, IgnoreCase = true)]
        public string OcrScope { get; set; } = OcrSetup.Identifiers;

        /// <summary>Frames OCR reads: First (default) or All (every frame up to 64, with a warning beyond).</summary>
        [Parameter]
        [ValidateSet(OcrSetup.First, OcrSetup.All, IgnoreCase = true)]
        public string OcrFrames { get; set; } = OcrSetup.First;

        /// <summary>The Tesseract executable, when it is not on PATH (or in its usual Windows folders).</summary>
        [Parameter]
        public string? TesseractPath { get; set; }

        /// <summary>Files processed at once (default: processor count). Results keep the input order; output bytes do not depend on it.</summary>
        [Parameter]
        [ValidateRange(1, 256)]
        public int ThrottleLimit { get; set; } = Environment.ProcessorCount;

        /// <summary>
        /// The one OCR reader of the pipeline, or null without -Ocr. Called before any file is read, so that a missing Tesseract
        /// stops the command before anything is touched.
        /// </summary>
        protected Deid.Ocr.OcrReader? CreateOcrReader() => OcrSetup.Create(this, Ocr, OcrScope, OcrFrames, TesseractPath);
    }
}
