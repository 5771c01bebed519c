using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using System.Threading;
using Deid.Batch;
using Deid.Pixels;

namespace Deid.PowerShell
{
    /// <summary>
    /// Base of the cmdlets that write one output per input through a <see cref="DeidBatch"/> (Invoke-DeidReplace,
    /// Clear-DicomPixel): the output folder, output-name claims, per-file ShouldProcess, submitting in parallel with results in
    /// input order, progress, and per-file errors against bugs — one implementation, so both cmdlets keep the same rules.
    /// </summary>
    public abstract class BatchCmdletBase : PixelCmdletBase, IDisposable
    {
        /// <summary>The default parameter set: piped objects of any kind.</summary>
        protected const string InputObjectSet = "InputObject";

        private readonly CancellationTokenSource _stop = new CancellationTokenSource();
        private readonly RunReporter _report;
        private readonly HashSet<string> _onceReported = new HashSet<string>(StringComparer.Ordinal);
        private DeidBatchStream? _stream;
        private int _submitted;

        /// <summary>Sets the progress bar's id and activity (the cmdlet's name).</summary>
        protected BatchCmdletBase(int progressId, string activity)
        {
            _report = new RunReporter(progressId, activity);
        }

        /// <summary>Files or objects to process: paths, FileInfo, the results of the cmdlet before it, or objects with Path/FullName.</summary>
        /// <remarks>
        /// The default set, and pipeline binding tries the default set first and without coercion, where a PSObject takes
        /// anything: piped objects all arrive here (keeping their per-file variables) and never bind -Path or -LiteralPath by
        /// property name. No position, so that a positional argument is -Path: Invoke-DeidReplace ./in/*.dcm expands the wildcard.
        /// </remarks>
        [Parameter(ParameterSetName = InputObjectSet, Mandatory = true, ValueFromPipeline = true)]
        public PSObject? InputObject { get; set; }

        /// <summary>The folder for the outputs (created when missing). Default: a new temporary folder, named in a warning, as deid does.</summary>
        [Parameter]
        public string? OutputFolder { get; set; }

        /// <summary>Replace outputs that already exist.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>Return a result per file.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        /// <summary>How cleaned pixel data is stored: None (uncompressed, the default) or Rle.</summary>
        [Parameter]
        public PixelCompression Compression
        {
            get => (PixelCompression)_compression;
            set => _compression = (int)value;
        }

        // Held as its underlying int, as New-DicomSample's -Modality: a field of an engine enum would make PowerShell's scan of this
        // assembly's types at import bind Deid.dll before ModuleInitializer can bind its precompiled copy.
        private int _compression = (int)PixelCompression.None;

        private string? _relativeRoot;

        private string? _excludedFolder;

        /// <summary>
        /// A folder the inputs are under: each copy keeps its path relative to it under -OutputFolder (for files piped from
        /// Get-ChildItem -Recurse). A file outside it is an error for that file.
        /// </summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? RelativeTo { get; set; }

        /// <summary>
        /// Names each copy from its de-identified header and its source, under -OutputFolder: tokens {PatientID},
        /// {StudyInstanceUID}, {SeriesInstanceUID}, {SOPInstanceUID}, {Modality}, {InstanceNumber} or any other keyword of a
        /// top-level text or number attribute ({StudyDate}; Tab completes them after a brace), {Name} (the source's file name)
        /// and {RelativePath} (its path below -RelativeTo or the -Recurse folder). Values are sanitised (separators, '..' and
        /// characters file names cannot hold become '_', an empty value 'unknown'); a rooted template or one with '..' is refused.
        /// </summary>
        [Parameter]
        [ValidateOutputName]
        [ArgumentCompleter(typeof(Completion.OutputNameCompleter))]
        public string? OutputName { get; set; }

        /// <summary>Leave outputs that exist as they are and report their inputs as skipped: reruns a batch that stopped half-way. Not with -Force.</summary>
        [Parameter]
        public SwitchParameter SkipExisting { get; set; }

        /// <summary>The parsed -OutputName, or null.</summary>
        protected OutputNameTemplate? OutputNameTemplate => OutputName == null ? null : _template ??= OutputNameTemplate.Parse(OutputName);

        private OutputNameTemplate? _template;
        private int _skipped;

        /// <summary>Stops the command when -SkipExisting and -Force are both given: one says keep what exists, the other replace it.</summary>
        protected void CheckSkipExisting()
        {
            if (SkipExisting && Force)
                ThrowTerminatingError(new ErrorRecord(new ArgumentException("Give -SkipExisting or -Force, not both: one keeps outputs that exist, the other replaces them."), "SkipExistingAndForce", ErrorCategory.InvalidArgument, null));
        }

        /// <summary>
        /// Claims the output of <paramref name="source"/> for this run, when it is known before the file is read (no -OutputName):
        /// false, with an error naming both inputs, when an earlier input writes it.
        /// </summary>
        protected bool TryClaim(string source, string output)
        {
            // The inputs listed before any file ran (-Path, -LiteralPath) are all known before the first output is claimed, so
            // none is ever replaced by another's copy; piped inputs are known as they come.
            if (_listedInputs != null)
            {
                foreach (var listed in _listedInputs) Claimed.AddInput(listed.Key, out _);
                _listedInputs = null;
            }
            if (Claimed.AddInput(source, out string writtenFrom))
            {
                // Piped after the file whose copy took its place (-Force replaced it then): not read as an input, and said.
                // Said as it is: a -SkipExisting rerun writes nothing there, and without -Force nothing was replaced (QA 2026-12-07).
                string replaced = Force ? "; any file that was there before was replaced by that copy (-Force)" : string.Empty;
                WriteError(new ErrorRecord(new IOException($"'{source}' is where this batch puts the copy of '{writtenFrom}', so it is not read as an input{replaced}. Write the copies to a folder of their own (-OutputFolder), apart from the inputs."),
                    "InputIsAnOutput", ErrorCategory.ResourceExists, source));
                return false;
            }
            if (OutputName != null || Claimed.TryClaim(output, source, out string other, out bool isInput)) return true;
            WriteError(ForConflict(new OutputConflictException(source, output, other, isInput)));
            return false;
        }

        private List<KeyValuePair<string, string?>>? _listedInputs;

        /// <summary>
        /// Refuses a DICOMDIR named as PS3.10 names it before ShouldProcess, so that -WhatIf does not announce a copy that would
        /// never be written (as a clash is reported rather than a "would write"). A DICOMDIR under another name is still refused
        /// by the batch when it is opened; a file that cannot be read here is left for the batch to report in its place.
        /// </summary>
        protected bool RefuseDicomDirectory(string source)
        {
            if (!string.Equals(System.IO.Path.GetFileName(source), "DICOMDIR", StringComparison.OrdinalIgnoreCase)) return false;
            try
            {
                if (!DicomDirectoryNotSupportedException.IsDicomDirectory(Deid.Dicom.DicomFile.Open(source, Deid.Dicom.DicomReadOptions.HeaderOnly))) return false;
            }
            catch (Exception ex) when (Errors.IsPerFile(ex))
            {
                return false;
            }
            WriteError(Errors.ForFile(new DicomDirectoryNotSupportedException(source), source));
            return true;
        }

        private static ErrorRecord ForConflict(OutputConflictException ex) =>
            new ErrorRecord(ex, ex.OverwritesInput ? "OutputIsAnInput" : ex.OtherSource != null ? "OutputNameClash" : "OutputExists", ErrorCategory.ResourceExists, ex.SourcePath);

        /// <summary>Output names taken by earlier inputs of this batch: a second input of the same name is refused, never written over the first.</summary>
        protected OutputNameClaims Claimed { get; private set; } = OutputNameClaims.ForCurrentPlatform();

        /// <summary>How many inputs were skipped because their output exists (-SkipExisting), so far.</summary>
        protected int Skipped => _skipped;

        /// <summary>True once a file has been submitted: EndProcessing then has results to drain.</summary>
        protected bool Started { get; private set; }

        /// <inheritdoc/>
        protected override void StopProcessing() => _stop.Cancel();

        /// <inheritdoc/>
        protected override void EndProcessing()
        {
            if (!Started) return;
            _report.Total = _submitted;
            if (_stream != null) foreach (var result in _stream.TakeAll()) Emit(result);
            if (_skipped > 0) WriteVerbose($"Skipped {_skipped} input(s) whose output exists (-SkipExisting).");
            _report.Complete(this);
        }

        /// <summary>
        /// The files of the -Path/-LiteralPath arguments, each with the folder -Recurse found it in (null for a file given
        /// directly). A folder's files are listed (in ordinal order) before any is written, leaving out those under
        /// -OutputFolder, so copies written into a folder inside the tree are never read back as inputs.
        /// </summary>
        protected IEnumerable<KeyValuePair<string, string?>> ResolveTree()
        {
            // Listed in full first so that, when -Path/-LiteralPath are arguments rather than pipeline input, progress knows the total.
            var all = new List<KeyValuePair<string, string?>>(ResolveFilesWithRoots());
            if (!MyInvocation.ExpectingInput) _report.Total = all.Count;
            // Known as inputs before any of them is written (TryClaim notes them): no copy replaces one that comes later.
            (_listedInputs ??= new List<KeyValuePair<string, string?>>()).AddRange(all);
            return all;
        }

        /// <inheritdoc/>
        protected override string? ExcludedFolder
        {
            get
            {
                // Resolved once: PowerShell's path resolution costs tens of microseconds, and a path array brings thousands of inputs.
                if (OutputFolder != null && _excludedFolder == null)
                    _excludedFolder = System.IO.Path.GetFullPath(FileSystemPath.Resolve(this, OutputFolder, nameof(OutputFolder)));
                return _excludedFolder;
            }
        }

        /// <summary>
        /// The output of <paramref name="source"/> under <paramref name="folder"/>: its path relative to <paramref name="root"/>
        /// (-Recurse) or to -RelativeTo, else its file name. False, with an error for that file, when it cannot be placed inside
        /// the folder.
        /// </summary>
        protected bool TryOutputPath(string folder, string source, string? root, out string output, out string? relative)
        {
            output = string.Empty;
            relative = null;
            if (root != null)
            {
                relative = OutputPaths.RelativeTo(root, source);
            }
            else if (RelativeTo != null)
            {
                _relativeRoot ??= FileSystemPath.Resolve(this, RelativeTo, nameof(RelativeTo));
                relative = OutputPaths.RelativeTo(_relativeRoot, source);
                if (relative == null)
                {
                    WriteError(new ErrorRecord(new ArgumentException($"'{source}' is not inside -RelativeTo '{_relativeRoot}', so it has no place under the output folder."), "NotUnderRelativeTo", ErrorCategory.InvalidArgument, source));
                    return false;
                }
            }
            try
            {
                output = OutputPaths.Under(folder, relative ?? System.IO.Path.GetFileName(source));
                return true;
            }
            catch (ArgumentException ex)
            {
                WriteError(new ErrorRecord(ex, "InvalidOutputName", ErrorCategory.InvalidArgument, source));
                return false;
            }
        }

        /// <summary>
        /// Whether a piped string is a wildcard pattern ('./in/*.dcm', as Get-DicomIdentifier takes it) rather than a file's name:
        /// it has wildcard characters and names no existing file as typed, so 'a[1].dcm' still means that file.
        /// </summary>
        protected bool IsWildcardInput(string input)
        {
            if (!WildcardPattern.ContainsWildcardCharacters(input)) return false;
            try
            {
                return !File.Exists(SessionState.Path.GetUnresolvedProviderPathFromPSPath(input));
            }
            catch (Exception ex) when (ex is ArgumentException || ex is NotSupportedException || ex is ProviderNotFoundException || ex is System.Management.Automation.DriveNotFoundException || ex is ItemNotFoundException)
            {
                return false; // resolved literally, which reports the problem for that input
            }
        }

        /// <summary>Stops the files not yet started and waits for the running ones (after -ErrorAction Stop or Ctrl+C).</summary>
        public void Dispose()
        {
            _stream?.Dispose();
            AfterStop();
        }

        /// <summary>
        /// Runs when the command is disposed, after the running files have finished: after EndProcessing, or instead of it when
        /// the pipeline stopped. Nothing can be written to the pipeline any more.
        /// </summary>
        protected virtual void AfterStop()
        {
        }

        /// <summary>
        /// The folder outputs go to: -OutputFolder resolved against the current location, or (as deid) a new temporary folder,
        /// named in a warning.
        /// </summary>
        protected string ResolveOutputFolder()
        {
            string folder;
            // An empty value (a blank cell of a CSV or a config file) resolves to the current folder: outputs would land beside
            // whatever is there, often the inputs, with no word said. Leaving the parameter out is how to ask for a temporary one.
            if (OutputFolder != null && OutputFolder.Trim().Length == 0)
            {
                ThrowTerminatingError(new ErrorRecord(new ArgumentException(
                    "-OutputFolder is empty. Give the folder to write to, or leave -OutputFolder out to write to a new temporary folder."),
                    "OutputFolderEmpty", ErrorCategory.InvalidArgument, OutputFolder));
            }
            if (OutputFolder != null)
            {
                folder = FileSystemPath.Resolve(this, OutputFolder, nameof(OutputFolder));
            }
            else
            {
                folder = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "deid-" + Guid.NewGuid().ToString("N").Substring(0, 12));
                WriteWarning(IsWhatIf() ? $"No -OutputFolder given: would write to {folder}" : $"No -OutputFolder given: writing to {folder}");
            }
            // One terminating error naming the folder, rather than one error per input aimed at the input.
            if (File.Exists(folder))
                ThrowTerminatingError(new ErrorRecord(new IOException($"The output folder '{folder}' is a file."), "OutputFolderUnusable", ErrorCategory.InvalidArgument, folder));
            if (!IsWhatIf())
            {
                try
                {
                    Directory.CreateDirectory(folder);
                }
                catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is NotSupportedException || ex is ArgumentException)
                {
                    ThrowTerminatingError(new ErrorRecord(new IOException($"The output folder '{folder}' cannot be created: {ex.Message}", ex), "OutputFolderUnusable", ErrorCategory.WriteError, folder));
                }
                // A folder that exists but cannot be written to (read-only, another user's) is one error here, not one per file.
                try
                {
                    WriteCheck.Probe(folder);
                }
                catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
                {
                    ThrowTerminatingError(new ErrorRecord(new IOException($"The output folder '{folder}' cannot be written to: {ex.Message}", ex), "OutputFolderUnusable", ErrorCategory.PermissionDenied, folder));
                }
                // Names are told apart as this folder's file system tells them (an SMB share or a macOS volume ignores case), so
                // two outputs whose names differ only in case are one file there, and the second is refused, not written over the first.
                if (Claimed.Count == 0) Claimed = OutputNameClaims.ForFolder(folder);
            }
            WriteVerbose($"Output folder: {folder}");
            return folder;
        }

        /// <summary>
        /// Asks once per file, before any work (a file is read once and its script blocks run once), whether to write it. Under
        /// -WhatIf (or $WhatIfPreference) the answer is a dry run: the file still runs, writing nothing, so its counts and
        /// warnings are known. False when the user said No to -Confirm: the file is skipped.
        /// </summary>
        protected bool ShouldWrite(string operation, string target, string question, out bool dryRun)
        {
            bool write = ShouldProcess($"Performing the operation \"{operation}\" on target \"{target}\".", question, operation, out ShouldProcessReason reason);
            dryRun = !write;
            return write || reason == ShouldProcessReason.WhatIf;
        }

        /// <summary>
        /// Runs one file: in parallel as soon as it arrives (while upstream commands still enumerate), or — with
        /// <paramref name="onPipelineThread"/>, for script blocks that only run there, or with one thread — here, after the files
        /// before it. Results come back in input order either way, at most a few files per thread in flight.
        /// </summary>
        protected void Run(DeidBatch batch, DeidFileRequest request, bool onPipelineThread)
        {
            Started = true;
            _submitted++;
            _report.Start();
            if (onPipelineThread || batch.ThrottleLimit <= 1)
            {
                if (_stream != null) foreach (var result in _stream.TakeAll()) Emit(result);
                _stop.Token.ThrowIfCancellationRequested();
                Emit(batch.ProcessOne(request, _stop.Token));
                return;
            }
            _stream ??= new DeidBatchStream(batch, batch.ThrottleLimit, _stop.Token);
            // Bounded in flight: memory stays flat however many files Get-ChildItem sends.
            foreach (var result in _stream.SubmitBounded(request)) Emit(result);
        }

        /// <summary>Called for every finished file, failed or not, before it is reported.</summary>
        protected virtual void OnFinished(DeidFileResult result)
        {
        }

        /// <summary>Whether <paramref name="result"/> wrote an output (for the closing summary): its DICOM file, by default.</summary>
        protected virtual bool Wrote(DeidFileResult result) => result.Written;

        /// <summary>The existing output -SkipExisting left <paramref name="result"/>'s input for, or null when it was not skipped.</summary>
        protected virtual string? SkippedOutput(DeidFileResult result) => result.Skipped ? result.OutputPath : null;

        /// <summary>Reports a file that succeeded (written, or a dry run).</summary>
        protected abstract void OnSucceeded(DeidFileResult result);

        /// <summary>Reports one finished file: progress, its warnings, its error, or what the cmdlet reports of it.</summary>
        private void Emit(DeidFileResult result)
        {
            OnFinished(result);
            _report.Finished(this, result, Wrote(result));
            // In input order: each once-a-batch warning stays with (and names) the first file that has it.
            result.KeepFirstOnceWarnings(_onceReported);
            foreach (var w in result.Warnings) WriteWarning($"{result.SourcePath}: {w}");
            if (result.Error != null)
            {
                // A file's failure is that file's error and the batch goes on (an unexpected one said as such); only what says
                // the process cannot go on (out of memory, a missing assembly, a stop) ends the command.
                if (!Errors.IsPerFile(result.Error)) ThrowTerminatingError(Errors.ForFile(result.Error, result.SourcePath));
                var record = result.Error is OutputConflictException conflict ? ForConflict(conflict) : Errors.ForFile(result.Error, result.SourcePath);
                // -ErrorAction Stop: the files after this one that were already running finish (written atomically or not at
                // all). Each one written is reported first — once WriteError stops the pipeline nothing more can be written —
                // so a rerun (with -SkipExisting) knows what exists.
                if (ErrorStops()) ReportRunningBeforeStop();
                WriteError(record);
                return;
            }
            if (SkippedOutput(result) is string kept)
            {
                _skipped++;
                WriteVerbose($"{result.SourcePath}: '{kept}' exists; skipped (-SkipExisting).");
            }
            OnSucceeded(result);
        }


        /// <summary>True under -WhatIf or $WhatIfPreference: nothing may be created, not even the output folder.</summary>
        protected bool IsWhatIf()
        {
            object? whatIf = MyInvocation.BoundParameters.TryGetValue("WhatIf", out var bound) ? bound : GetVariableValue("WhatIfPreference");
            if (whatIf is PSObject pso) whatIf = pso.BaseObject;
            return whatIf is SwitchParameter sw ? sw.IsPresent : whatIf is bool b && b;
        }

        /// <summary>True when an error stops the command (-ErrorAction Stop, or $ErrorActionPreference = 'Stop').</summary>
        private bool ErrorStops()
        {
            object? preference = MyInvocation.BoundParameters.TryGetValue("ErrorAction", out var bound) ? bound : GetVariableValue("ErrorActionPreference");
            if (preference is PSObject pso) preference = pso.BaseObject;
            return string.Equals(preference?.ToString(), nameof(ActionPreference.Stop), StringComparison.OrdinalIgnoreCase);
        }

        /// <summary>Stops the files not yet started and reports the ones that still finish, in input order.</summary>
        private void ReportRunningBeforeStop()
        {
            if (_stream == null) return;
            _stop.Cancel();
            try
            {
                foreach (var result in _stream.TakeAll())
                {
                    OnFinished(result);
                    result.KeepFirstOnceWarnings(_onceReported);
                    foreach (var w in result.Warnings) WriteWarning($"{result.SourcePath}: {w}");
                    if (result.Error == null) OnSucceeded(result);
                }
            }
            catch (OperationCanceledException)
            {
                // The first file that never started: it and all after it were not written.
            }
        }
    }
}
