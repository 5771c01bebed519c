using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Management.Automation;
using Deid.Audit;
using Deid.Batch;
using Deid.PowerShell.Completion;
using Deid.Recipes;

namespace Deid.PowerShell.Commands
{
    /// <summary>
    /// Audits de-identified outputs for leaks: every identifying value of each original is looked for in its output's raw
    /// bytes, inflated deflate streams and file name. One result per output, or with -Quiet one bool for the whole run.
    /// </summary>
    [Cmdlet(VerbsDiagnostic.Test, "DeidOutput", DefaultParameterSetName = PathSet)]
    [OutputType(typeof(DeidAuditResult), typeof(bool))]
    public sealed class TestDeidOutputCommand : PSCmdlet
    {
        private const string PathSet = "Path";
        private const string InputObjectSet = "InputObject";
        private DeidAudit? _audit;
        private bool _clean = true;
        private int _audited;
        private int _done;
        private readonly ProgressMeter _progress = new ProgressMeter(ProgressIds.TestDeidOutput, "Test-DeidOutput");

        /// <summary>The original files, or folders holding them (searched recursively).</summary>
        [Parameter(ParameterSetName = PathSet, Mandatory = true, Position = 0)]
        [ValidateNotNullOrEmpty]
        [SupportsWildcards]
        public string[] OriginalPath { get; set; } = Array.Empty<string>();

        /// <summary>The de-identified files, or folders holding them (searched recursively).</summary>
        [Parameter(ParameterSetName = PathSet, Mandatory = true, Position = 1)]
        [ValidateNotNullOrEmpty]
        [SupportsWildcards]
        public string[] OutputPath { get; set; } = Array.Empty<string>();

        /// <summary>Invoke-DeidReplace -PassThru results, or any object with SourcePath and OutputPath properties.</summary>
        [Parameter(ParameterSetName = InputObjectSet, Mandatory = true, ValueFromPipeline = true)]
        public PSObject? InputObject { get; set; }

        /// <summary>The recipe the outputs were made with: values it KEEPs are not leaks. A DeidRecipe, a shipped name or a path.</summary>
        [Parameter]
        [RecipeTransformation]
        [ArgumentCompleter(typeof(RecipeNameCompleter))]
        public DeidRecipe? Recipe { get; set; }

        /// <summary>Return one bool: true when at least one output was audited, every output was, and none leaks.</summary>
        [Parameter]
        public SwitchParameter Quiet { get; set; }

        /// <summary>
        /// How many pairs given by -OriginalPath and -OutputPath are audited at once (default: the number of processors). Results
        /// keep the pairs' order. Piped results are audited one at a time.
        /// </summary>
        [Parameter]
        [ValidateRange(1, 64)]
        public int ThrottleLimit { get; set; } = Environment.ProcessorCount;

        /// <inheritdoc/>
        protected override void BeginProcessing()
        {
            DebugParameter.KeepFromPrompting(this);
            RecipeMessages.Report(this, Recipe);
            _audit = new DeidAudit(Recipe);
        }

        /// <inheritdoc/>
        protected override void ProcessRecord()
        {
            if (ParameterSetName == InputObjectSet)
            {
                ProcessInputObject();
                return;
            }
            var originals = Resolve(OriginalPath, nameof(OriginalPath));
            var outputs = Resolve(OutputPath, nameof(OutputPath));
            var pairs = AuditPairing.Pair(originals, outputs, out var unpaired);
            _progress.Total = _done + pairs.Count;
            AuditAll(pairs);
            foreach (string output in unpaired)
            {
                _clean = false;
                WriteError(new ErrorRecord(new FileNotFoundException($"No original found for '{output}' (pair by relative path or file name, or give files in the same order; for copies renamed by -OutputName, pipe Invoke-DeidReplace -PassThru into Test-DeidOutput)."), "OriginalNotFound", ErrorCategory.ObjectNotFound, output));
            }
        }

        /// <inheritdoc/>
        protected override void EndProcessing()
        {
            // Nothing audited proves nothing clean: an empty output folder, an empty pipeline or a run whose every file failed
            // must not pass a script's gate.
            _progress.Complete(this);
            if (_audited == 0) WriteWarning("No output was audited (no files, or none with its original), so none is shown to be clean.");
            if (Quiet) WriteObject(_clean && _audited > 0);
        }

        private void ProcessInputObject()
        {
            var o = InputObject;
            if (o == null) return;
            string? source = o.Properties["SourcePath"]?.Value?.ToString() ?? o.Properties["OriginalPath"]?.Value?.ToString();
            string? output = o.Properties["OutputPath"]?.Value?.ToString();
            if (string.IsNullOrEmpty(source) || string.IsNullOrEmpty(output))
            {
                _clean = false;
                WriteError(new ErrorRecord(new ArgumentException("The input has no SourcePath and OutputPath (pipe Invoke-DeidReplace -PassThru results)."), "NoPaths", ErrorCategory.InvalidArgument, IdentifierInput.Shape(o)));
                return;
            }
            if (!File.Exists(output))
            {
                // A dry run or a failed file wrote nothing: nothing to audit, and nothing proven clean.
                _clean = false;
                WriteError(Errors.PathNotFound(output!));
                return;
            }
            // Where the output sits below its output folder (a mirrored tree, -OutputName): its folder names are audited too.
            string? relative = o.Properties["OutputRelativePath"]?.Value?.ToString();
            Audit(source!, output!, string.IsNullOrEmpty(relative) ? null : relative);
        }

        /// <summary>
        /// Audits <paramref name="pairs"/> in windows on -ThrottleLimit threads (#14: an audit of 20,000 small CT pairs took 33 s on
        /// one), the next window while this thread writes the one before, results and errors in the pairs' order.
        /// </summary>
        private void AuditAll(List<AuditPair> pairs)
        {
            if (ThrottleLimit == 1 || pairs.Count < 2)
            {
                foreach (var pair in pairs) Audit(pair.OriginalPath, pair.OutputPath, pair.OutputRelativePath);
                return;
            }
            // A window's keys are the pairs' places in the list: an output may be given twice, and a path is no key then.
            using (var window = new FileWindow<DeidAuditResult>(key => Audit(pairs[Place(key)]), ThrottleLimit, 4 * ThrottleLimit))
            {
                for (int i = 0; i < pairs.Count; i++)
                {
                    window.Add(i.ToString(CultureInfo.InvariantCulture));
                    if (window.IsFull) Write(pairs, window.Advance());
                }
                foreach (var results in window.Drain()) Write(pairs, results);
            }
        }

        private DeidAuditResult Audit(AuditPair pair) => _audit!.Audit(pair.OriginalPath, pair.OutputPath, pair.OutputRelativePath);

        private static int Place(string key) => int.Parse(key, NumberStyles.None, CultureInfo.InvariantCulture);

        // Only the audit is guarded: what WriteObject and WriteError throw (a stopped pipeline, -ErrorAction Stop) must stop the command.
        private void Write(List<AuditPair> pairs, IReadOnlyList<FileWindowResult<DeidAuditResult>> results)
        {
            foreach (var r in results)
            {
                var pair = pairs[Place(r.Path)];
                _progress.Report(this, ++_done, pair.OutputPath);
                if (r.Error is Exception ex)
                {
                    if (!Errors.IsPerFile(ex)) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(ex).Throw();
                    _clean = false;
                    WriteError(Errors.ForFile(ex, pair.OutputPath));
                    continue;
                }
                Report(r.Value!, pair.OriginalPath, pair.OutputPath);
            }
        }

        private void Audit(string original, string output, string? outputRelative)
        {
            // An audit reads every byte of both files (milliseconds a file): a run over an archive's outputs takes minutes.
            _progress.Report(this, ++_done, output);
            DeidAuditResult result;
            try
            {
                result = _audit!.Audit(original, output, outputRelative);
            }
            catch (Exception ex) when (Errors.IsPerFile(ex))
            {
                _clean = false;
                WriteError(Errors.ForFile(ex, output));
                return;
            }
            Report(result, original, output);
        }

        /// <summary>Counts an audited output, says what it found, and writes its result (not with -Quiet).</summary>
        private void Report(DeidAuditResult result, string original, string output)
        {
            _audited++;
            if (result.Leaked)
            {
                _clean = false;
                WriteVerbose($"{output}: {result.Leaks.Count} leak(s) of {original}");
            }
            if (result.Unreadable != null)
            {
                // Searched all the same (its leaks are in the result), but no reader opens it: not a clean copy.
                _clean = false;
                WriteError(new ErrorRecord(new Deid.Dicom.DicomFormatException(output, -1, null, "the output cannot be read as DICOM, so it is no de-identified copy: " + result.Unreadable),
                    "OutputUnreadable", ErrorCategory.InvalidData, output));
            }
            if (!Quiet) WriteObject(result);
        }

        // Resolved as every other -Path of the module (FileResolver): a path that names an existing file or folder as written is
        // taken when it matches nothing as a pattern ('Study [1]/a.dcm', Get-ChildItem's FullName), so brackets in a folder's name
        // do not leave every output "without an original". A pattern that matches nothing is an error here, unlike a listing's
        // silence: an audit given nothing to compare must not look clean.
        private List<string> Resolve(string[] paths, string parameter)
        {
            var result = new List<string>();
            foreach (string p in paths)
            {
                var found = FileResolver.ResolveRequired(this, p, parameter, keepFolders: true);
                if (found.Count == 0) _clean = false;
                result.AddRange(found);
            }
            return result;
        }
    }
}
