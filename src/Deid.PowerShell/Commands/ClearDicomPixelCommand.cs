using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using Deid.Batch;
using Deid.Filters;
using Deid.Pixels;
using Deid.Steps;

namespace Deid.PowerShell.Commands
{
    /// <summary>
    /// Blanks burned-in text in the pixels of DICOM files flagged by a recipe's %filter sections, writing cleaned copies and/or
    /// PNG previews under the input's file name. Takes files (evaluated here) or Test-DicomBurnedPixel results (their verdicts
    /// reused). Headers are left as they are except for what the new pixels require; unflagged files are reported, not written.
    /// </summary>
    [Cmdlet(VerbsCommon.Clear, "DicomPixel", SupportsShouldProcess = true, DefaultParameterSetName = InputObjectSet)]
    [OutputType(typeof(PixelCleaningReport))]
    public sealed class ClearDicomPixelCommand : BatchCmdletBase
    {
        private readonly PixelDecisionTable _decisions = new PixelDecisionTable();
        private FilterEvaluator? _evaluator;
        private Deid.Ocr.OcrReader? _ocr;
        private DeidBatch? _batch;
        private readonly DebugSwitch _debug = new DebugSwitch();
        private string _folder = string.Empty;

        /// <summary>Creates the cmdlet (progress id 3).</summary>
        public ClearDicomPixelCommand()
            : base(ProgressIds.ClearDicomPixel, "Clear-DicomPixel")
        {
        }

        /// <summary>What to write: the cleaned DICOM file (default), a PNG preview of its pixels, or both.</summary>
        [Parameter]
        [ValidateSet("Dicom", "Png", "Both", IgnoreCase = true)]
        public string Format { get; set; } = "Dicom";

        /// <summary>The frame drawn in the PNG (from 0; default 0).</summary>
        [Parameter]
        [ValidateRange(0, int.MaxValue)]
        public int Frame { get; set; }

        /// <summary>Draw every frame, one PNG each (name.frame0001.png, ...).</summary>
        [Parameter]
        public SwitchParameter AllFrames { get; set; }

        private bool WritesDicom => !Format.Equals("Png", StringComparison.OrdinalIgnoreCase);

        private bool WritesPng => !Format.Equals("Dicom", StringComparison.OrdinalIgnoreCase);

        /// <inheritdoc/>
        protected override void BeginProcessing()
        {
            DebugParameter.KeepFromPrompting(this);
            CheckSkipExisting();
            if (AllFrames && MyInvocation.BoundParameters.ContainsKey(nameof(Frame)))
                ThrowTerminatingError(new ErrorRecord(new ArgumentException("Give -Frame or -AllFrames, not both."), "FrameAndAllFrames", ErrorCategory.InvalidArgument, null));
            _ocr = CreateOcrReader();
        }

        /// <inheritdoc/>
        protected override void ProcessRecord()
        {
            if (ParameterSetName != InputObjectSet)
            {
                foreach (var p in ResolveTree()) Evaluate(p.Key, p.Value);
                return;
            }
            if (InputObject == null) return;
            switch (InputObject.BaseObject)
            {
                case BurnedPixelResult verdict when verdict.Path != null:
                    foreach (var p in FileResolver.Resolve(this, verdict.Path, true))
                    {
                        PixelCleaningDecision decision;
                        try
                        {
                            var seen = _ocr != null ? _ocr.Inspect(verdict) : verdict;
                            OcrSetup.WarnIfCapped(this, p, seen.Ocr);
                            decision = BurnedPixelDecision.From(seen);
                        }
                        catch (Exception ex) when (Errors.IsPerFile(ex))
                        {
                            WriteError(Errors.ForFile(ex, p));
                            continue;
                        }
                        Submit(p, decision);
                    }
                    return;
                case FileSystemInfo fsi:
                    Resolve(fsi.FullName);
                    return;
                case string s:
                    // Piped strings are paths, with wildcards, as for Get-DicomIdentifier.
                    foreach (var p in ExpandPath(s, !IsWildcardInput(s))) Evaluate(p.Key, p.Value);
                    return;
            }
            // Path, FullName, or the PSPath Get-ChildItem's objects and Invoke-DeidReplace's results carry (the copy: its pixels
            // cleaned after its header; QA round 3).
            string? path = (InputObject.Properties["Path"]?.Value ?? InputObject.Properties["FullName"]?.Value)?.ToString() ?? IdentifierInput.ProviderPath(InputObject);
            if (string.IsNullOrEmpty(path))
            {
                WriteError(new ErrorRecord(new ArgumentException("The input has no Path or FullName property; pipe files or Test-DicomBurnedPixel results."), "NoPath", ErrorCategory.InvalidArgument, IdentifierInput.Shape(InputObject!)));
                return;
            }
            Resolve(path!);
        }

        private void Resolve(string path)
        {
            foreach (var p in ExpandPath(path, literal: true)) Evaluate(p.Key, p.Value);
        }

        /// <summary>Evaluates the recipe's filters on a file's header (the recipe is loaded on the first file that needs it).</summary>
        private void Evaluate(string path, string? root = null)
        {
            if (_evaluator == null)
            {
                var recipe = LoadRecipe();
                if (recipe == null)
                    ThrowTerminatingError(new ErrorRecord(new FileNotFoundException("The default recipe was not found next to the module."), "DefaultRecipeMissing", ErrorCategory.ObjectNotFound, null));
                try
                {
                    _evaluator = new FilterEvaluator(recipe!);
                }
                catch (ArgumentException ex)
                {
                    ThrowTerminatingError(new ErrorRecord(ex, "InvalidFilter", ErrorCategory.InvalidArgument, recipe));
                }
            }
            PixelCleaningDecision decision;
            try
            {
                var verdict = _ocr != null ? _ocr.Inspect(_evaluator!, path) : _evaluator!.EvaluateFile(path);
                OcrSetup.WarnIfCapped(this, path, verdict.Ocr);
                decision = BurnedPixelDecision.From(verdict);
            }
            catch (Exception ex) when (Errors.IsPerFile(ex))
            {
                WriteError(Errors.ForFile(ex, path));
                return;
            }
            Submit(path, decision, root);
        }

        /// <summary>Builds the batch and output folder on the first flagged file, so an empty or clean pipeline writes nothing.</summary>
        private DeidBatch Start()
        {
            if (_batch != null) return _batch;
            _folder = ResolveOutputFolder();
            var steps = new List<IFileStep> { _decisions.CreateStep(Compression) };
            if (WritesPng) steps.Add(new PixelPreviewStep { Frame = Frame, AllFrames = AllFrames, Overwrite = Force, SkipExisting = SkipExisting, Claims = Claimed });
            // The pixel step changes no header value a token reads, so the name is known before the previews are written beside it.
            _batch = new DeidBatch(steps)
            {
                Overwrite = Force,
                ThrottleLimit = ThrottleLimit,
                WriteDicom = WritesDicom,
                SkipExisting = SkipExisting,
                OutputName = OutputNameTemplate,
                OutputFolder = _folder,
                Claims = Claimed,
                NameBeforeSteps = true,
            };
            return _batch;
        }

        private void Submit(string source, PixelCleaningDecision decision, string? root = null)
        {
            if (!decision.Flagged)
            {
                // Reported at once rather than in input order: nothing is queued for a file that is not written.
                WriteVerbose($"{source}: not flagged by the recipe's filters; nothing written.");
                if (decision.Evidence is BurnedPixelResult verdict && _debug.IsEnabled(this)) WriteDebug($"{source}: pixel filters: {verdict.Explain()}");
                if (PassThru) WriteObject(PixelCleaningReport.NotFlagged(source));
                return;
            }
            var batch = Start(); // also checks -OutputFolder, whatever the first flagged file turns out to be
            if (decision.NamesNoRegionToBlank && WritesDicom)
            {
                // deid writes such a file unchanged; a copy in a folder of cleaned files, reported as written, would hold the
                // very text the filter found. -Format Png still draws it, for the review the warning asks for.
                WriteWarning($"{source}: flagged as holding burned-in text, but the matching labels name no region to blank; not written, since a copy would hold the text. Review it (-Format Png draws it), or add coordinates for the device to the recipe.");
                if (PassThru) WriteObject(PixelCleaningReport.FlaggedWithoutRegion(source));
                return;
            }
            if (RefuseDicomDirectory(source)) return;
            if (!TryOutputPath(_folder, source, root, out string output, out string? relative)) return;
            if (OutputName != null) output = System.IO.Path.Combine(_folder, OutputName);
            string png = PixelPreviewStep.PreviewPaths(output, 1, allFrames: false)[0];
            // With -OutputName the batch claims the name once the header is read; the preview step claims each PNG it draws.
            if (!TryClaim(source, WritesDicom ? output : png)) return;
            string targets = WritesDicom && WritesPng ? $"{output} + {png}" : WritesDicom ? output : png;
            if (!ShouldWrite("Write cleaned pixels", $"{source} -> {targets}", $"Are you sure you want to write cleaned pixels of \"{source}\" to \"{targets}\"?", out bool dryRun)) return;
            _decisions.Add(source, decision);
            Run(batch, new DeidFileRequest(source, output, null, dryRun) { RelativePath = relative }, onPipelineThread: false);
        }

        /// <summary>A file that failed before its steps began (its output exists) left its decision behind: taken back in every case.</summary>
        protected override void OnFinished(DeidFileResult result) => _decisions.Take(result.SourcePath);

        /// <summary>Written: the cleaned DICOM file, or with -Format Png at least one PNG.</summary>
        protected override bool Wrote(DeidFileResult result) =>
            result.Written || (!WritesDicom && !result.Request.DryRun && result.StepOf<PixelPreviewStatistics>() is { Written: > 0 });

        /// <summary>With -Format Png the PNGs are the outputs -SkipExisting looks for: skipped when every one exists.</summary>
        protected override string? SkippedOutput(DeidFileResult result) =>
            base.SkippedOutput(result) ?? (!WritesDicom && result.StepOf<PixelPreviewStatistics>() is { Skipped: true } previews ? string.Join(", ", previews.Paths) : null);

        /// <summary>Reports what was cleaned and written (-PassThru), or what a dry run would (-Verbose).</summary>
        protected override void OnSucceeded(DeidFileResult result)
        {
            var report = PixelCleaningReport.From(result, WritesDicom);
            if (result.Request.DryRun)
                WriteVerbose($"{result.SourcePath}: would clean {report.FramesCleaned} frame(s) ({string.Join("; ", report.Regions)}) and write {string.Join(", ", report.Outputs)}");
            if (PassThru) WriteObject(report);
        }
    }
}
