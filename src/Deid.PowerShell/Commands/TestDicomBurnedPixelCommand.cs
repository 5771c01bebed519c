using System;
using System.Collections.Generic;
using System.Management.Automation;
using Deid.Batch;
using Deid.Filters;

namespace Deid.PowerShell.Commands
{
    /// <summary>
    /// Flags DICOM files likely to carry burned-in text, by the %filter sections of a recipe (deid's has_burned_pixels).
    /// Reads each file's header (never its pixel data) and evaluates every label of every filter group of the
    /// recipe, as deid 0.4.12 does: one object per file with Flagged, the groups and labels that matched, deid's reasons, and the
    /// regions to clean or keep. -Flatten writes deid's "inspect --save" rows instead, for Export-Csv. With -Ocr the pixels are
    /// read too: Tesseract reads each frame and text matching the file's own identifying values adds regions of kind Ocr.
    /// </summary>
    [Cmdlet(VerbsDiagnostic.Test, "DicomBurnedPixel", DefaultParameterSetName = "Path")]
    [OutputType(typeof(BurnedPixelResult))]
    [OutputType(typeof(BurnedPixelRow))]
    public sealed class TestDicomBurnedPixelCommand : PixelCmdletBase, IDisposable
    {
        /// <summary>Creates the cmdlet.</summary>
        public TestDicomBurnedPixelCommand()
        {
            // As Get-DicomIdentifier: the header reading and filter code compiled while PowerShell binds (CommandWarmUp).
            CommandWarmUp.BeginFilters();
        }

        private FilterEvaluator? _evaluator;
        private Deid.Ocr.OcrReader? _ocr;
        // Files read in parallel windows and written in input order: 32 headers a thread, or with -Ocr two files a thread (OCR
        // takes about half a second a frame).
        private WindowedReading<BurnedPixelResult>? _reading;
        private readonly DebugSwitch _debug = new DebugSwitch();

        /// <summary>Write deid's inspect rows (one per clean file, one per flagged label) instead of one result per file.</summary>
        [Parameter]
        public SwitchParameter Flatten { get; set; }

        /// <inheritdoc/>
        protected override void BeginProcessing()
        {
            DebugParameter.KeepFromPrompting(this);
            var recipe = LoadRecipe();
            if (recipe == null)
            {
                ThrowTerminatingError(new ErrorRecord(new InvalidOperationException("The default recipe could not be loaded."), "DefaultRecipeMissing",
                    ErrorCategory.ObjectNotFound, null));
                return;
            }
            _ocr = CreateOcrReader();
            if (recipe.Filters.Count == 0 && _ocr == null) WriteWarning("The recipe has no %filter section: every file is clean.");
            try
            {
                // Compiled once for the whole pipeline: fields resolved and regular expressions built.
                _evaluator = new FilterEvaluator(recipe);
            }
            catch (ArgumentException ex)
            {
                ThrowTerminatingError(new ErrorRecord(ex, "InvalidFilter", ErrorCategory.InvalidArgument, recipe));
            }
        }

        /// <inheritdoc/>
        protected override void ProcessRecord()
        {
            _reading ??= new WindowedReading<BurnedPixelResult>(
                () => _ocr != null
                    ? new FileWindow<BurnedPixelResult>(p => _ocr.Inspect(_evaluator!, p), ThrottleLimit, 2 * ThrottleLimit)
                    : FileWindow<BurnedPixelResult>.ForHeaders(p => _evaluator!.EvaluateFile(p), ThrottleLimit),
                Write, this, ProgressIds.TestDicomBurnedPixel);
            // Headers: the next window is read while this thread writes the one before. OCR runs Tesseract on every thread it
            // has and writes little, so its windows are read whole, one after the other.
            _reading.Read(ResolveFiles(), overlap: _ocr == null);
        }

        /// <inheritdoc/>
        protected override void EndProcessing() => _reading?.Finish();

        /// <summary>Stops a window still being read when the pipeline ends early (Select-Object -First, Ctrl+C, an error).</summary>
        public void Dispose() => _reading?.Dispose();

        // Only reading is guarded: what WriteObject throws (a stopped pipeline) must stop the command.
        private void Write(IReadOnlyList<FileWindowResult<BurnedPixelResult>> results) =>
            Errors.WriteInOrder(this, results, (path, result) =>
            {
                OcrSetup.WarnIfCapped(this, path, result.Ocr);
                Write(result);
            });

        private void Write(BurnedPixelResult result)
        {
            if (_debug.IsEnabled(this)) WriteDebug($"{result.Path}: {result.Explain()}");
            if (Flatten) WriteObject(result.ToRows(), enumerateCollection: true);
            else WriteObject(result);
        }
    }
}
