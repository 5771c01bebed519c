using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Management.Automation;
using System.Text;
using Deid.Actions;
using Deid.Batch;
using Deid.Identifiers;
using Deid.Inspection;
using Deid.Pixels;
using Deid.Steps;

namespace Deid.PowerShell.Commands
{
    /// <summary>
    /// Writes de-identified copies of DICOM files by applying a deid recipe's header actions.
    /// Takes files by -Path/-LiteralPath, Get-ChildItem output, Get-DicomIdentifier objects (their Variables
    /// become var: values) or any object with a Path or FullName property, such as rows of Import-Csv (every other column becomes a
    /// variable). Inputs are never modified; each copy is written to a temporary file and renamed when complete. Runs files in
    /// parallel; the same original UID gets the same new UID in every file of the batch, and with -Key in every run.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Invoke, "DeidReplace", SupportsShouldProcess = true, DefaultParameterSetName = InputObjectSet)]
    [OutputType(typeof(DeidFileResult))]
    public sealed class InvokeDeidReplaceCommand : BatchCmdletBase
    {
        private DeidBatch? _batch;
        private Deid.Ocr.OcrReader? _ocr;
        private string _folder = string.Empty;
        private Dictionary<string, object?> _common = new Dictionary<string, object?>();
        private readonly HashSet<string> _columnOverVariablesCell = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

        /// <summary>Creates the cmdlet (progress id 2).</summary>
        public InvokeDeidReplaceCommand()
            : base(ProgressIds.InvokeDeidReplace, "Invoke-DeidReplace")
        {
            // PowerShell makes the command before it binds the parameters: the engine's code is compiled on the idle core
            // meanwhile, not on the first files (CommandWarmUp).
            CommandWarmUp.BeginReplace();
        }

        /// <summary>Variables for every file (per-file variables from the pipeline win).</summary>
        [Parameter]
        public Hashtable? Variables { get; set; }

        /// <summary>Remove every sequence first (deid's strip_sequences).</summary>
        [Parameter]
        public SwitchParameter StripSequences { get; set; }

        /// <summary>Remove private elements first (deid's remove_private); KEEP still protects the elements it names.</summary>
        [Parameter]
        public SwitchParameter RemovePrivate { get; set; }

        /// <summary>Let actions touch the fields deid protects by default (Pixel Data, LUT data, transfer syntax, ...).</summary>
        [Parameter]
        public SwitchParameter DisableSkip { get; set; }

        /// <summary>Keep each file's 128-byte preamble as it is (DICOM/TIFF dual-format files); by default it is written as zeros.</summary>
        [Parameter]
        public SwitchParameter KeepPreamble { get; set; }

        /// <summary>
        /// A secret that makes new UIDs a keyed hash of the originals: the same in every run and on every machine with the key.
        /// A SecureString or a string; never echoed.
        /// </summary>
        [Parameter]
        [KeyTransformation]
        public string? Key { get; set; }

        /// <summary>A file whose bytes are the key (see -Key).</summary>
        [Parameter]
        public string? KeyFile { get; set; }

        /// <summary>
        /// Also blank burned-in text in the pixels, in the same pass and the same output file: the recipe's %filter sections are
        /// evaluated on each file's original header, and the regions of every matching label are blanked in every frame.
        /// </summary>
        [Parameter]
        public SwitchParameter CleanPixels { get; set; }

        /// <summary>
        /// The UID root for new UIDs when the recipe names none (default 2.25.): digits and dots, at most 43 characters, so that
        /// each new UID keeps at least 20 digits of its own.
        /// </summary>
        [Parameter]
        [ValidateUidRoot]
        public string? UidRoot { get; set; }

        /// <summary>
        /// Append original → new of every identifier and UID the run changed to this CSV (Field,Original,Replacement), merged
        /// with what it holds and written atomically at the end; for authorised re-identification. Never holds the key.
        /// </summary>
        [Parameter]
        public string? CrosswalkPath { get; set; }

        private CrosswalkRecorder? _crosswalk;

        /// <inheritdoc/>
        protected override void EndProcessing()
        {
            base.EndProcessing();
            // -CrosswalkPath added on a rerun with -SkipExisting: the copies it skips were written without a crosswalk, and the
            // crosswalk it writes would look complete while leading back from none of them (QA 2026-12-06: no word was said).
            if (_crosswalk != null && Skipped > 0 && _crosswalk.HeldNoRows)
                WriteWarning($"{Skipped} input(s) were skipped because their copy exists (-SkipExisting), and the crosswalk '{CrosswalkPath}' held no rows before this run: those copies were written by a run without it and cannot be traced back through it. To record them, run those inputs again with -Force (with the same -Key or -KeyFile and recipe, the copies come out the same).");
            _crosswalk?.Flush(this);
        }

        /// <summary>
        /// A command stopped (an error under -ErrorAction Stop, Ctrl+C, Select-Object -First downstream) never reaches
        /// EndProcessing, yet its files already written need their rows: appended here, once the running files have finished.
        /// </summary>
        protected override void AfterStop() => _crosswalk?.Flush(null);

        /// <inheritdoc/>
        protected override void BeginProcessing()
        {
            DebugParameter.KeepFromPrompting(this);
            CommandWarmUp.Offer(Recipe);
            if (CrosswalkPath != null)
            {
                string crosswalk = FileSystemPath.Resolve(this, CrosswalkPath, nameof(CrosswalkPath));
                // It re-identifies: inside the folder of copies it would be shared with them, the one way back handed over.
                if (OutputFolder != null && OutputFolder.Trim().Length > 0 && OutputPaths.IsReallySameOrInside(FileSystemPath.Resolve(this, OutputFolder, nameof(OutputFolder)), crosswalk))
                    ThrowTerminatingError(new ErrorRecord(new ArgumentException($"-CrosswalkPath '{CrosswalkPath}' is inside -OutputFolder '{OutputFolder}': the crosswalk maps every new identifier back to the patient's own, and would be shared with the copies it re-identifies. Keep it where the key is kept, outside the output folder."),
                        "CrosswalkInOutputFolder", ErrorCategory.InvalidArgument, CrosswalkPath));
                var recorder = new CrosswalkRecorder(crosswalk) { CreateWhenEmpty = !IsWhatIf() };
                // Before any output is written: found only at the end, a crosswalk that cannot be written leaves de-identified
                // copies whose way back is lost. Kept only once usable: a stopped command flushes what it holds, and a refused
                // crosswalk was then made, empty, under the name just refused.
                if (recorder.Problem(recover: !IsWhatIf()) is string problem)
                    ThrowTerminatingError(new ErrorRecord(new IOException(problem), "CrosswalkUnusable", ErrorCategory.InvalidArgument, CrosswalkPath));
                _crosswalk = recorder;
                foreach (var notice in _crosswalk.Notices) WriteWarning(notice.Message);
                if (_crosswalk.Recovered > 0)
                    WriteWarning($"The crosswalk '{CrosswalkPath}' was missing {_crosswalk.Recovered} row(s) of a run that stopped before its end (killed, or its last write failed); they were kept in a journal beside it and are merged now.");
                foreach (string unmerged in _crosswalk.Unmerged)
                    WriteWarning($"A run that stopped before its end left rows that conflict with the crosswalk '{CrosswalkPath}' (another key or recipe?), or that could not be read: they are kept in '{unmerged}'. Merge them by hand (Merge-DeidCrosswalk) once you know which mapping holds.");
            }
            CheckSkipExisting();
            if (Ocr && !CleanPixels)
                ThrowTerminatingError(new ErrorRecord(new ArgumentException("-Ocr finds text to blank in the pixels: give it with -CleanPixels."), "OcrWithoutCleanPixels", ErrorCategory.InvalidArgument, null));
            // Here rather than on the first file: a missing Tesseract stops the command before anything is read or written.
            _ocr = CreateOcrReader();
        }

        /// <inheritdoc/>
        protected override void ProcessRecord()
        {
            if (ParameterSetName == InputObjectSet)
            {
                AddInputObject(InputObject);
                return;
            }
            foreach (var p in ResolveTree()) Submit(p.Key, new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase), p.Value);
        }

        /// <summary>Builds the engine and output folder on the first file, so an empty pipeline warns about nothing.</summary>
        private DeidBatch Start()
        {
            if (_batch != null) return _batch;
            var recipe = LoadRecipe();
            CommandWarmUp.Offer(recipe);
            if (recipe == null)
                ThrowTerminatingError(new ErrorRecord(new FileNotFoundException("The default recipe was not found next to the module."), "DefaultRecipeMissing", ErrorCategory.ObjectNotFound, null));
            // deid runs such a recipe without a word; a copy that keeps every name and ID, reported Succeeded, is one release away
            // from a breach, so it is said once.
            if (recipe!.Header.Count == 0)
                WriteWarning("The recipe has no header actions: the outputs keep every header value of their inputs — names, IDs, dates — as it is.");

            var uids = new UidGenerator(ReadKey()) { DefaultPrefix = UidRoot == null ? "2.25." : UidRoot.TrimEnd('.') + "." };
            var engine = new HeaderActionEngine(recipe!, new DeidReplaceOptions { StripSequences = StripSequences, RemovePrivate = RemovePrivate, DisableSkip = DisableSkip }, uids);

            _folder = ResolveOutputFolder();
            _common = ToVariables(Variables);
            var steps = new List<IFileStep> { engine };
            if (CleanPixels)
            {
                try
                {
                    steps.Add(BurnedPixelDecision.CreateStep(recipe!, Compression, _ocr));
                }
                catch (ArgumentException ex)
                {
                    ThrowTerminatingError(new ErrorRecord(ex, "InvalidFilter", ErrorCategory.InvalidData, recipe));
                }
            }
            steps.AddRange(new IFileStep[] { new EmbeddedOverlayStep(), new PreambleStep(KeepPreamble), new JpegTextStep() });
            // Last: it records what the steps before it did (a recipe that declares the PS3.15 profile; others are untouched).
            steps.Add(new Deid.Profile.DeidentificationRecordStep(recipe!));
            if (_crosswalk != null) steps.Add(new Deid.Crosswalk.CrosswalkStep(_crosswalk.Map));
            _batch = new DeidBatch(steps)
            {
                Overwrite = Force,
                ThrottleLimit = ThrottleLimit,
                SkipExisting = SkipExisting,
                OutputName = OutputNameTemplate,
                OutputFolder = _folder,
                Claims = Claimed,
            };
            return _batch;
        }

        /// <summary>
        /// Starts one file: in parallel as soon as it arrives (while upstream commands still enumerate), or — when its variables
        /// hold script blocks, which only run on the pipeline thread — here, after the files before it. Results are written in
        /// input order either way.
        /// </summary>
        private void Submit(string source, Dictionary<string, object?> variables, string? root = null)
        {
            var batch = Start();
            if (RefuseDicomDirectory(source)) return;
            var merged = new Dictionary<string, object?>(_common, StringComparer.OrdinalIgnoreCase);
            foreach (var kv in variables) merged[kv.Key] = kv.Value;
            bool usesScripts = WrapScriptBlocks(merged);
            if (!TryOutputPath(_folder, source, root, out string output, out string? relative)) return;
            if (!TryClaim(source, output)) return;
            // With -OutputName the name comes from the de-identified header, known only once the file has run.
            string target = OutputName == null ? output : System.IO.Path.Combine(_folder, OutputName);
            if (!ShouldWrite("Write de-identified copy", $"{source} -> {target}", $"Are you sure you want to write a de-identified copy of \"{source}\" to \"{target}\"?", out bool dryRun)) return;
            Run(batch, new DeidFileRequest(source, output, merged, dryRun) { RelativePath = relative }, onPipelineThread: usesScripts);
        }

        /// <summary>Reports a written file (-PassThru) or a dry run's counts (-Verbose, and -PassThru).</summary>
        protected override void OnSucceeded(DeidFileResult result)
        {
            // A dry run's counts are its report: shown with -Verbose, and with -PassThru the result (Written false) is the
            // what-if report for scripts.
            if (result.Request.DryRun)
                WriteVerbose($"{result.SourcePath} -> {result.OutputPath}: would add {result.Added}, replace {result.Replaced}, remove {result.Removed}, blank {result.Blanked}, jitter {result.Jittered}"
                    + (CleanPixels ? $", clean {result.FramesCleaned} frames" : string.Empty));
            if (PassThru) WriteObject(result);
            else if (!result.Skipped && !result.Request.DryRun) WriteVerbose($"{result.SourcePath} -> {result.OutputPath}");
        }

        private void AddResolved(string path, bool literal, Dictionary<string, object?>? variables)
        {
            if (path.Length == 0)
            {
                // Resolved, an empty path is the current folder: a blank line of Get-Content's list, with -Recurse, read the whole
                // tree the script ran in (QA). PowerShell refuses it on -Path and -LiteralPath; piped, it is refused here.
                WriteError(new ErrorRecord(new ArgumentException("An empty path names no file (a blank line in a list of files? an identifier object whose Path was emptied?); nothing is read for it."), "EmptyPath", ErrorCategory.InvalidArgument, path));
                return;
            }
            foreach (var p in ExpandPath(path, literal)) Submit(p.Key, variables ?? new Dictionary<string, object?>(), p.Value);
        }

        private KeywordEdits? _keywordEdits;

        private void AddInputObject(PSObject? input)
        {
            if (input == null) return;
            object baseObject = input.BaseObject;
            switch (DatasetObjects.AsView(baseObject) ?? baseObject)
            {
                case DicomIdentifiers ids:
                    // The object's Path property, as every other cmdlet reads it: a script that points an identifier object at
                    // another file ($id.Path = ...) sets that property, and the file it names is the one to de-identify.
                    string idsPath = input.Properties[nameof(DicomIdentifiers.Path)]?.Value?.ToString() ?? ids.Path;
                    var changed = (_keywordEdits ??= new KeywordEdits()).NewlyChanged(input, ids);
                    if (changed.Count > 0) WriteWarning(KeywordEdits.Message(idsPath, "Get-DicomIdentifier", changed));
                    AddResolved(idsPath, literal: true, new Dictionary<string, object?>(ids.Variables, StringComparer.OrdinalIgnoreCase));
                    return;
                case FileSystemInfo fsi:
                    AddResolved(fsi.FullName, literal: true, null);
                    return;
                case string s:
                    // As Get-DicomIdentifier binds piped strings to -Path: './in/*.dcm' | Invoke-DeidReplace expands the wildcard
                    // (a file named with brackets, 'a[1].dcm', is still taken as it is).
                    AddResolved(s, literal: !IsWildcardInput(s), null);
                    return;
                // The module's own per-file results name their file and carry no variables: Split-DeidWork's shards and
                // Test-DicomBurnedPixel's verdicts (piped on with Where-Object Flagged) are files, not crosswalk rows whose
                // Shard, Flagged or Label columns would be variables "written nowhere".
                // Properties added to one with Add-Member (an id for the file) are variables, as a crosswalk's columns are.
                case DeidShard shard:
                    AddResolved(shard.Path, literal: true, AddedProperties(input));
                    return;
                case Deid.Filters.BurnedPixelResult verdict when verdict.Path != null:
                    AddResolved(verdict.Path, literal: true, AddedProperties(input));
                    return;
                // A result of an earlier run: its output, de-identified again (a second recipe over the copies), as every
                // other cmdlet reads a piped result (its PSPath, Deid.Types.ps1xml).
                case DeidFileResult earlier when !string.IsNullOrEmpty(earlier.OutputPath):
                    AddResolved(earlier.OutputPath, literal: true, AddedProperties(input));
                    return;
                case DicomDatasetView view when view.Path != null:
                    var edits = _keywordEdits ??= new KeywordEdits();
                    var edited = edits.NewlyChanged(input, view);
                    if (edited.Count > 0) WriteWarning(KeywordEdits.Message(view.Path, "Get-DicomDataset", edited));
                    if (edits.ChangedInMemory(view) is string inMemory) WriteWarning(inMemory);
                    AddResolved(view.Path, literal: true, null);
                    return;
            }
            // A Get-DicomIdentifier result that went through Export-Clixml, a job or a remote session (or any object whose
            // Variables holds a table): its Path and its Variables, as for a live one.
            if (IdentifierInput.TryRead(input, out var idPath, out var idVariables))
            {
                if (string.IsNullOrEmpty(idPath))
                {
                    WriteError(new ErrorRecord(new ArgumentException("The identifier object has no Path."), "NoPath", ErrorCategory.InvalidArgument, IdentifierInput.Shape(input)));
                    return;
                }
                AddResolved(idPath!, literal: true, idVariables);
                return;
            }

            // A hashtable row, @{ Path = ...; id = ... }, as a script builds one: its keys are its columns. (PowerShell's own
            // by-property binding does not read hashtables, and this was refused as having no Path.)
            if (baseObject is IDictionary table)
            {
                AddDictionary(table, input);
                return;
            }

            // Any object with Path / FullName (e.g. a CSV crosswalk row): the other properties are variables.
            string? path = null;
            string? pathProperty = null, pathProblem = null;
            var variables = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
            foreach (var property in input.Properties)
            {
                if (!property.IsGettable) continue;
                object? value;
                try
                {
                    value = property.Value;
                }
                catch (GetValueException ex)
                {
                    if (IdentifierInput.IsPathName(property.Name)) pathProblem ??= $"its {property.Name} property could not be read: {ex.InnerException?.Message ?? ex.Message}";
                    continue;
                }
                // A header cell with a space around its name ("id ", invisible in a spreadsheet) named no variable a recipe can
                // use, and the copy kept the original ID (QA of 2026-12-07): names are taken trimmed.
                string name = property.Name.Trim();
                if (IdentifierInput.IsPathName(name))
                {
                    pathProperty ??= property.Name;
                    path ??= value?.ToString();
                    continue;
                }
                if (name.StartsWith("PS", StringComparison.Ordinal)) continue;
                if (name.Length == 0 || (name.Length != property.Name.Length && variables.ContainsKey(name))) continue;
                variables[name] = IdentifierInput.VariableValue(value);
            }
            // A whole Get-DicomIdentifier object through Export-Csv and Import-Csv: its Variables column holds the table as text
            // (name=value; ...). Read back, as the object's own Variables would be (QA 2026-12-07: the help promised such a CSV
            // comes back as a crosswalk, and every var: was missing). Only beside the Fields column such an export has ("12
            // fields"): a user's own column named Variables stays a variable. A column of the same name wins: it is what someone
            // typed in the spreadsheet, where the cell is the export's (QA of 2026-12-07: a new id column typed in Excel lost to
            // the cell's draft id, unsaid); when the two differ, that is said once per name.
            if (variables.TryGetValue("Variables", out var cell) && cell is string text
                && variables.TryGetValue("Fields", out var fields) && fields is string count && Deid.Identifiers.DicomIdentifiers.IsFieldCountText(count)
                && Deid.Identifiers.DicomIdentifiers.ParseVariablesText(text) is Dictionary<string, object> exported)
            {
                variables.Remove("Fields");
                variables.Remove("Variables");
                foreach (var kv in exported)
                {
                    if (!variables.TryGetValue(kv.Key, out var column))
                    {
                        variables[kv.Key] = kv.Value;
                        continue;
                    }
                    if (!string.Equals(Convert.ToString(column, CultureInfo.InvariantCulture), Convert.ToString(kv.Value, CultureInfo.InvariantCulture), StringComparison.Ordinal)
                        && _columnOverVariablesCell.Add(kv.Key))
                    {
                        WriteWarning($"The column '{kv.Key}' and the exported Variables cell give '{kv.Key}' different values (first for {path ?? "an input"}); the column is used, as what was typed in the spreadsheet. Remove the column, or the name from the Variables cell, to say which. Warned once per name.");
                    }
                }
            }
            // An object naming its file only by PSPath binds as -LiteralPath's help says (QA round 3).
            if (string.IsNullOrEmpty(path)) path = IdentifierInput.ProviderPath(input);
            if (string.IsNullOrEmpty(path))
            {
                // A row whose every cell is empty (a spreadsheet's left-over ",,,," line) names nothing and asks nothing: passed
                // over with a word under -Verbose. As an error it stopped a runbook's -ErrorAction Stop (QA of 2026-12-07).
                if (pathProblem == null && pathProperty != null && IsBlankRow(variables))
                {
                    WriteVerbose("An input row whose every cell is empty (a blank line of a CSV) is passed over.");
                    return;
                }
                // Said as it is: a property that threw, or one that is there but empty (a blank Path cell), is not a missing one.
                string why = pathProblem != null ? $"The input names no file: {pathProblem}."
                    : pathProperty != null ? $"The input's {pathProperty} is empty (a blank cell in the CSV's {pathProperty} column?); nothing is read for it."
                    : "The input has no Path or FullName property; pipe files, Get-DicomIdentifier results or objects with a Path column." + DelimiterHint(input);
                WriteError(new ErrorRecord(new ArgumentException(why), "NoPath", ErrorCategory.InvalidArgument, IdentifierInput.Shape(input)));
                return;
            }
            AddResolved(path!, literal: true, variables);
        }

        private static bool IsBlankRow(Dictionary<string, object?> variables)
        {
            foreach (var value in variables.Values)
            {
                if (!(value == null || (value is string text && text.Trim().Length == 0))) return false;
            }
            return true;
        }

        /// <summary>The note properties added to a pipeline object (Add-Member, Select-Object's new columns), as variables.</summary>
        private static Dictionary<string, object?> AddedProperties(PSObject input)
        {
            var variables = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
            foreach (var property in input.Properties)
            {
                if (property.MemberType != PSMemberTypes.NoteProperty || IdentifierInput.IsPathName(property.Name)) continue;
                variables[property.Name] = IdentifierInput.VariableValue(property.Value);
            }
            return variables;
        }

        /// <summary>A hashtable row (<see cref="IdentifierInput.ReadDictionary"/>): its Path (or FullName) key names the file.</summary>
        private void AddDictionary(IDictionary table, PSObject input)
        {
            IdentifierInput.ReadDictionary(table, out string? path, out var variables);
            if (string.IsNullOrEmpty(path))
            {
                WriteError(new ErrorRecord(new ArgumentException("The hashtable has no Path or FullName key; give each row the file it is for, as in @{ Path = 'in/a.dcm'; id = 'SUBJ-1' }." + DeidIdsHint(table)), "NoPath", ErrorCategory.InvalidArgument, IdentifierInput.Shape(input)));
                return;
            }
            AddResolved(path!, literal: true, variables);
        }

        /// <summary>
        /// For deid's ids, a table of files each with a table of its values (<c>@{ '/in/a.dcm' = @{ id = 'SUBJ-1' } }</c>, what
        /// deid's get_identifiers gives and replace_identifiers takes): how to pipe its rows. Otherwise empty.
        /// </summary>
        private static string DeidIdsHint(IDictionary table)
        {
            if (table.Count == 0) return string.Empty;
            foreach (DictionaryEntry entry in table)
            {
                object? value = entry.Value is PSObject p ? p.BaseObject : entry.Value;
                if (!(entry.Key is string) || !(value is IDictionary)) return string.Empty;
            }
            return " It looks like deid's ids (each file's path with a table of its values): pipe one row a file instead, "
                + "$ids.GetEnumerator() | ForEach-Object { @{ Path = $_.Key } + $_.Value } | Invoke-DeidReplace ...";
        }

        /// <summary>
        /// For a row of a CSV read with the wrong delimiter (a spreadsheet that saves "Path;PatientID;id", read by Import-Csv's
        /// comma): one column whose name holds them all. Says how to read it; otherwise empty.
        /// </summary>
        private static string DelimiterHint(PSObject input)
        {
            foreach (var property in input.Properties)
            {
                foreach (char d in new[] { ';', '\t', '|' })
                {
                    if (property.Name.IndexOf(d) < 0) continue;
                    foreach (string column in property.Name.Split(d))
                    {
                        string name = column.Trim().Trim('"');
                        if (IdentifierInput.IsPathName(name))
                            return $" Its one column, '{property.Name}', looks like a whole header line: read the file with Import-Csv -Delimiter {(d == '\t' ? "\"`t\"" : "'" + d + "'")}.";
                    }
                }
            }
            return string.Empty;
        }

        private static Dictionary<string, object?> ToVariables(Hashtable? table)
        {
            var d = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
            if (table == null) return d;
            foreach (DictionaryEntry e in table) d[e.Key.ToString() ?? string.Empty] = IdentifierInput.VariableValue(e.Value);
            return d;
        }

        /// <summary>Turns ScriptBlock variables into functions for func: values; true when there was one.</summary>
        private static bool WrapScriptBlocks(Dictionary<string, object?> variables)
        {
            bool any = false;
            foreach (var key in new List<string>(variables.Keys))
            {
                if (!(variables[key] is ScriptBlock script)) continue;
                any = true;
                var deidNames = DeidStyleParameters(script);
                variables[key] = new DeidFunction(call =>
                {
                    var output = deidNames == null
                        ? script.Invoke(call.Field, call.Value, call.FieldName, DatasetObjects.Wrap(new DicomDatasetView(call.File, call.SourcePath)))
                        : SplatInvoker.Invoke(script, DeidStyleArguments(call, deidNames));
                    if (output.Count == 0) return null;
                    var last = output[output.Count - 1];
                    return last?.BaseObject;
                });
            }
            return any;
        }

        // Calls a ScriptBlock with a hashtable of named arguments (splatting): how a deid-style param($item, $value, $field, $dicom)
        // receives its arguments by name, as deid's func(dicom=, value=, field=, item=) does.
        private static readonly ScriptBlock SplatInvoker = ScriptBlock.Create("param($__deidScript, $__deidArguments) & $__deidScript @__deidArguments");

        /// <summary>
        /// The parameters of <paramref name="script"/> when it is written as a deid function, naming <c>item</c> or <c>dicom</c>
        /// (deid calls <c>func(dicom=dicom, value=value, field=field, item=item)</c> by keyword); null for the module's own
        /// positional form (element, current value, field name, dataset). A deid function ported as it is then gets what deid
        /// gives it, by name: its file's variables as <c>item</c> (deid's per-file lookup: <c>$item['id']</c>), the recipe's
        /// value text as <c>value</c>, the element as <c>field</c>, the dataset as <c>dicom</c> (QA: migrating from deid).
        /// </summary>
        private static HashSet<string>? DeidStyleParameters(ScriptBlock script)
        {
            // A script block literal has a param block; a function's script block (${function:Get-Id}, (Get-Command Get-Id).ScriptBlock)
            // is its definition, whose parameters are written after its name or in its body's param block.
            var parameters = script.Ast switch
            {
                System.Management.Automation.Language.ScriptBlockAst block => block.ParamBlock?.Parameters,
                System.Management.Automation.Language.FunctionDefinitionAst function => function.Parameters ?? function.Body.ParamBlock?.Parameters,
                _ => null,
            };
            if (parameters == null) return null;
            var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var p in parameters) names.Add(p.Name.VariablePath.UserPath);
            return names.Contains("item") || names.Contains("dicom") ? names : null;
        }

        /// <summary>deid's keyword arguments of one call, those the function declares.</summary>
        private static Hashtable DeidStyleArguments(DeidFunctionCall call, HashSet<string> declared)
        {
            var arguments = new Hashtable(StringComparer.OrdinalIgnoreCase);
            if (declared.Contains("item"))
            {
                var item = new Hashtable(StringComparer.OrdinalIgnoreCase);
                foreach (var v in call.Variables) item[v.Key] = v.Value;
                arguments["item"] = item;
            }
            if (declared.Contains("value")) arguments["value"] = call.RecipeValue;
            if (declared.Contains("field")) arguments["field"] = call.Field;
            if (declared.Contains("dicom")) arguments["dicom"] = DatasetObjects.Wrap(new DicomDatasetView(call.File, call.SourcePath));
            return arguments;
        }

        private byte[]? ReadKey()
        {
            if (Key != null && KeyFile != null)
                ThrowTerminatingError(new ErrorRecord(new ArgumentException("Give -Key or -KeyFile, not both."), "KeyAndKeyFile", ErrorCategory.InvalidArgument, null));
            if (Key != null) return Encoding.UTF8.GetBytes(Key);
            if (KeyFile == null) return null;
            string keyPath = FileSystemPath.Resolve(this, KeyFile, nameof(KeyFile));
            if (Directory.Exists(keyPath))
                ThrowTerminatingError(new ErrorRecord(new ArgumentException($"-KeyFile '{KeyFile}' is a folder; give the file that holds the key."), "KeyFileIsFolder", ErrorCategory.InvalidArgument, KeyFile));
            if (!File.Exists(keyPath)) ThrowTerminatingError(Errors.PathNotFound(KeyFile));
            byte[] key = File.ReadAllBytes(keyPath);
            // An empty key file (a failed secret sync, a truncated copy, `$unset | Set-Content`) would silently mean no key: UIDs
            // anyone holding an original can compute. Refused, as an empty -Key is; the message never quotes the file's bytes.
            if (IsBlank(key))
                ThrowTerminatingError(new ErrorRecord(new ArgumentException($"-KeyFile '{KeyFile}' is empty (or holds only white space): it would mean no key. Put the secret in it, or use -Key."), "KeyFileEmpty", ErrorCategory.InvalidData, KeyFile));
            return Deid.Hashing.KeyText.FromFile(key);
        }

        private static bool IsBlank(byte[] bytes)
        {
            foreach (byte b in bytes)
            {
                if (b != (byte)' ' && b != (byte)'\t' && b != (byte)'\r' && b != (byte)'\n') return false;
            }
            return true;
        }
    }
}
