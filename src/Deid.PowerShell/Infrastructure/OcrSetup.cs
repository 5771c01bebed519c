using System;
using System.Management.Automation;
using Deid.Ocr;

namespace Deid.PowerShell
{
    /// <summary>
    /// The -Ocr parameters shared by Test-DicomBurnedPixel, Clear-DicomPixel and Invoke-DeidReplace: builds the one
    /// <see cref="OcrReader"/> of a pipeline, or stops the command at once when Tesseract is missing (before any file is touched).
    /// </summary>
    internal static class OcrSetup
    {
        /// <summary>The values -OcrScope takes.</summary>
        public const string Identifiers = "Identifiers";

        /// <summary>See <see cref="Identifiers"/>.</summary>
        public const string AllText = "AllText";

        /// <summary>The values -OcrFrames takes.</summary>
        public const string First = "First";

        /// <summary>See <see cref="First"/>.</summary>
        public const string All = "All";

        /// <summary>
        /// The reader for <paramref name="cmdlet"/>, or null when <paramref name="ocr"/> is off (then the other -Ocr* parameters
        /// given are warned about, as they would do nothing).
        /// </summary>
        public static OcrReader? Create(PSCmdlet cmdlet, bool ocr, string scope, string frames, string? tesseractPath)
        {
            if (!ocr)
            {
                foreach (var name in new[] { "OcrScope", "OcrFrames", "TesseractPath" })
                {
                    if (cmdlet.MyInvocation.BoundParameters.ContainsKey(name)) cmdlet.WriteWarning($"-{name} does nothing without -Ocr.");
                }
                return null;
            }
            var options = new OcrOptions
            {
                Scope = string.Equals(scope, AllText, StringComparison.OrdinalIgnoreCase) ? OcrScope.AllText : OcrScope.Identifiers,
                AllFrames = string.Equals(frames, All, StringComparison.OrdinalIgnoreCase),
                TesseractPath = string.IsNullOrEmpty(tesseractPath) ? null : FileSystemPath.Resolve(cmdlet, tesseractPath!, "TesseractPath"),
            };
            try
            {
                var reader = new OcrReader(options);
                cmdlet.WriteVerbose($"OCR: {reader.Executable}, scope {options.Scope}, " + (options.AllFrames ? $"every frame up to {options.MaxFrames}" : "the first frame"));
                return reader;
            }
            catch (TesseractNotFoundException ex)
            {
                cmdlet.ThrowTerminatingError(new ErrorRecord(ex, "TesseractNotFound", ErrorCategory.NotInstalled, tesseractPath)
                {
                    ErrorDetails = new ErrorDetails(ex.Message) { RecommendedAction = "Install tesseract-ocr and tesseract-ocr-eng, or give -TesseractPath." },
                });
                return null;
            }
        }

        private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<PSCmdlet, object> FirstFrameOnlyWarned = new System.Runtime.CompilerServices.ConditionalWeakTable<PSCmdlet, object>();

        /// <summary>Warns when a file has more frames than OCR read (-OcrFrames All stops at the cap).</summary>
        public static void WarnIfCapped(PSCmdlet cmdlet, string? path, OcrResult? result)
        {
            if (result?.CapWarning is string capped) cmdlet.WriteWarning($"{path}: {capped}");
            // The default reads the first frame only, as most devices burn the same text into every frame; -Verbose says so
            // for each cine, whose later frames may hold text of their own (multi-frame QA F4), and a warning for the first of
            // a command (QA OCR 2026-12-07: without -Verbose nothing was said), not for every cine of a batch.
            else if (result?.FirstFrameOnly is string firstOnly)
            {
                string message = $"{path}: {firstOnly}";
                if (FirstFrameOnlyWarned.TryGetValue(cmdlet, out _)) cmdlet.WriteVerbose(message);
                else
                {
                    FirstFrameOnlyWarned.Add(cmdlet, new object());
                    cmdlet.WriteWarning(message + " (Said for the first such file; -Verbose names each.)");
                }
            }
        }
    }
}
