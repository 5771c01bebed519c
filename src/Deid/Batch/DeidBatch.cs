using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using Deid.Actions;
using Deid.Dicom;
using Deid.Profile;
using Deid.Steps;

namespace Deid.Batch
{
    /// <summary>
    /// Runs a recipe over many files: each read with its pixel data left on disk, edited in memory, written atomically (temporary
    /// file + rename) next to nothing it could damage. Files run in parallel up to a limit; results come back in input order, so
    /// output and reports do not depend on the thread count. One file's failure is that file's result; the batch goes on.
    /// </summary>
    public sealed class DeidBatch
    {
        private readonly IReadOnlyList<IFileStep> _steps;
        private readonly ConcurrentDictionary<string, bool> _sameFolder = new ConcurrentDictionary<string, bool>(StringComparer.Ordinal);

        /// <summary>Creates a batch whose one step is <paramref name="engine"/> (whose UID generator keeps UIDs consistent across the files).</summary>
        public DeidBatch(HeaderActionEngine engine)
            : this(new IFileStep[] { engine ?? throw new ArgumentNullException(nameof(engine)) })
        {
        }

        /// <summary>
        /// Creates a batch that applies <paramref name="steps"/> in order to each file (the header recipe first, then pixel
        /// cleaning, ...). Every step begins on the file as read before any applies.
        /// </summary>
        public DeidBatch(IEnumerable<IFileStep> steps)
        {
            if (steps == null) throw new ArgumentNullException(nameof(steps));
            var list = new List<IFileStep>();
            foreach (var step in steps) list.Add(step ?? throw new ArgumentException("A step is null.", nameof(steps)));
            if (list.Count == 0) throw new ArgumentException("A batch needs at least one step.", nameof(steps));
            _steps = list;
            _cleansPixels = list.Exists(s => s is Deid.Pixels.PixelCleaningStep);
        }

        // Whether a step cleans pixels (which of the two warnings a file declaring burned-in annotation that nothing flagged gets).
        private readonly bool _cleansPixels;

        // 1 once the batch has warned of a file declaring burned-in annotation copied as it is.
        private readonly OnceGate _burnedInGate = new OnceGate();

        /// <summary>The steps applied to each file, in order.</summary>
        public IReadOnlyList<IFileStep> Steps => _steps;

        /// <summary>Replace output files that exist already.</summary>
        public bool Overwrite { get; init; }

        /// <summary>Process files but write nothing, whatever each request's <see cref="DeidFileRequest.DryRun"/> says.</summary>
        public bool DryRun { get; init; }

        /// <summary>
        /// Write each file's DICOM output (the default). False runs the steps for what they write beside the output (PNG
        /// previews) and writes no DICOM file, nor checks whether one exists.
        /// </summary>
        public bool WriteDicom { get; init; } = true;

        /// <summary>Files processed at once; 1 runs everything on the calling thread.</summary>
        public int ThrottleLimit { get; init; } = Environment.ProcessorCount;

        /// <summary>
        /// Names each output from a template (<c>-OutputName</c>) under <see cref="OutputFolder"/> instead of the request's
        /// <see cref="DeidFileRequest.OutputPath"/>: resolved on the header after the steps ran (the de-identified one), or before
        /// them with <see cref="NameBeforeSteps"/>; claimed in <see cref="Claims"/> so that two files of the run never share it.
        /// </summary>
        public OutputNameTemplate? OutputName { get; init; }

        /// <summary>The folder outputs are written to: <see cref="OutputName"/> names files in it (required with it), and each result says where below it its output is (<see cref="DeidFileResult.OutputRelativePath"/>).</summary>
        public string? OutputFolder { get; init; }

        /// <summary>
        /// Resolve <see cref="OutputName"/> on the header as read, before the steps: for steps that change no header value a
        /// token reads and write beside the output while they run (Clear-DicomPixel's PNG previews).
        /// </summary>
        public bool NameBeforeSteps { get; init; }

        /// <summary>The names taken in this run (shared with the caller, which claims names it knows before submitting).</summary>
        public OutputNameClaims Claims { get; init; } = OutputNameClaims.ForCurrentPlatform();

        /// <summary>Leave an output that exists as it is and report the file as skipped (resuming a batch); not with <see cref="Overwrite"/>.</summary>
        public bool SkipExisting { get; init; }

        /// <summary>Processes one file on the calling thread: open it once, run the steps over it, write it atomically.</summary>
        public DeidFileResult ProcessOne(DeidFileRequest request, CancellationToken cancellation = default)
        {
            var result = ProcessCore(request, cancellation);
            if (OutputFolder != null) result.OutputRelativePath = OutputPaths.RelativeTo(OutputFolder, result.OutputPath);
            AllocationPacer.Shared.AfterFile();
            return result;
        }

        private DeidFileResult ProcessCore(DeidFileRequest request, CancellationToken cancellation)
        {
            if (request == null) throw new ArgumentNullException(nameof(request));
            bool dryRun = DryRun || request.DryRun;
            bool writes = !dryRun && WriteDicom;
            var warnings = new List<DeidWarning>();
            var statistics = new List<IStepStatistics>(_steps.Count);
            FileStepContext? context = null;
            DicomFile? file = null;
            string output = request.OutputPath;
            try
            {
                cancellation.ThrowIfCancellationRequested();
                if (OutputName == null && Check(request, output, claim: false))
                    return new DeidFileResult(request, statistics, warnings, null, false, output, skipped: true);
                // Held open until the output is written: the pixel data are copied through the handle the header was read with.
                file = DicomFile.OpenHeld(request.SourcePath);
                if (DicomDirectoryNotSupportedException.IsDicomDirectory(file)) throw new DicomDirectoryNotSupportedException(request.SourcePath);
                // What the reader tolerated and how the copy is written (codec QA 2026-12-06: only Get-DicomDataset said it).
                // Once a batch for each kind (a vendor's series of odd lengths warned on every file; review 2026-12-06).
                foreach (string fault in file.Warnings)
                {
                    warnings.Add(new DeidWarning(DeidWarningKind.SourceFault, fault + " (Said for the first such file of the batch.)", request.SourcePath, null, "read")
                    { OnceKey = nameof(DeidWarningKind.SourceFault) + ":" + SourceFaultKind(fault) });
                }
                var pathValues = OutputPathIdentifiers.Collect(file.Dataset);
                // Read before the steps: a recipe may remove the attribute.
                bool declaresBurnedIn = _burnedInGate.MayAdmit(request.Sequence) && DeclaresBurnedIn(file.Dataset);
                if (OutputName != null && NameBeforeSteps)
                {
                    output = Name(file, request);
                    if (Check(request, output, claim: true)) return new DeidFileResult(request, statistics, warnings, null, false, output, skipped: true);
                }
                context = new FileStepContext(file, request.SourcePath, request.Variables, warnings, cancellation) { OutputPath = output, IsDryRun = dryRun, CanLookWhileWriting = writes, Sequence = request.Sequence };
                // Every step begins before any applies, so each can read the header as it was (filters read the patient's name
                // before the header step removes it).
                var runs = new IFileStepRun[_steps.Count];
                for (int i = 0; i < runs.Length; i++) runs[i] = _steps[i].Begin(context);
                foreach (var run in runs) statistics.Add(run.Apply());
                // What every step kept, looked at for an identifying element another reader would list from inside a value: the
                // reader's checks refuse the shapes eleven reviews found; this refuses what any shape left (HiddenElementScan).
                if (HiddenElements.Find(file) is HiddenElement hidden) throw new HiddenElementException(request.SourcePath, hidden);
                if (declaresBurnedIn) WarnOfBurnedInAnnotation(statistics, warnings, request.SourcePath, request.Sequence);
                if (OutputName != null && !NameBeforeSteps)
                {
                    // Named from the header as it will be written: the de-identified values — and the patient's own where the recipe
                    // keeps one a token reads (warned below).
                    output = Name(file, request);
                    if (Check(request, output, claim: true)) return new DeidFileResult(request, statistics, warnings, null, false, output, skipped: true);
                    WarnOfKeptTokens(pathValues, file, warnings, request.SourcePath);
                }
                WarnOfIdentifyingPath(pathValues, file, output, warnings, request.SourcePath);
                if (!writes) return new DeidFileResult(request, statistics, warnings, null, false, output);
                var look = context.LookOnWrite;
                try
                {
                    Save(file, output, look, context.OutputComplete);
                }
                catch (OutputExistsException) when (SkipExisting && !Overwrite)
                {
                    // Written meanwhile by another run into the same folder (after the check above): what -SkipExisting
                    // asks is to leave it, as it would have had it been there first.
                    return new DeidFileResult(request, statistics, warnings, null, false, output, skipped: true);
                }
                catch (PixelLookNotCertainException) when (look != null)
                {
                    // The look left to the write was not certain the pixel data are clean (text, or a codestream it does not
                    // follow): that write was abandoned, nothing kept. The step's own look decides, as it did before the
                    // write, and the file is written again. (A write that stood had either shown every fragment of the
                    // Pixel Data to a certain look, or written none: the writer shows every top-level encapsulated Pixel Data.)
                    statistics[statistics.IndexOf(look.Provisional)] = look.Instead();
                    Save(file, output, null, context.OutputComplete);
                }
                context.Written();
                return new DeidFileResult(request, statistics, warnings, null, true, output);
            }
            catch (Exception ex) when (!(ex is OutOfMemoryException) && !(ex is StackOverflowException) && !(ex is OperationCanceledException))
            {
                return new DeidFileResult(request, statistics, warnings, ex, false, output);
            }
            finally
            {
                context?.DisposeResources();
                file?.ReleaseSource();
            }
        }

        /// <summary>
        /// Writes <paramref name="file"/> to <paramref name="output"/>, making its folder the first time this batch writes there.
        /// </summary>
        /// <remarks>
        /// Why remember the folders: asking for each output's folder again cost two system calls a file (a <c>mkdir</c> that
        /// fails, a <c>stat</c>). A folder removed while the batch runs is made again when a write into it finds it missing.
        /// </remarks>
        private void Save(DicomFile file, string output, IFragmentObserver? pixelLook, Action? beforeRename)
        {
            try
            {
                SaveInFolder(file, output, pixelLook, beforeRename);
            }
            catch (IOException) when (Directory.Exists(output))
            {
                // Asked only once a write failed (no second look at the disk for every file): a folder under the output's name is
                // no output -Force can replace, and "already exists" with advice to add -Force said nothing useful (QA).
                throw new IOException($"'{output}' is a folder: an output file cannot take its place, even with -Force. Rename or remove that folder, or write to another -OutputFolder.");
            }
        }

        private void SaveInFolder(DicomFile file, string output, IFragmentObserver? pixelLook, Action? beforeRename)
        {
            var options = pixelLook == null && beforeRename == null ? null : new DicomWriteOptions { PixelDataObserver = pixelLook, BeforeRename = beforeRename };
            string? folder = Path.GetDirectoryName(FullPath.Of(output));
            if (folder == null)
            {
                file.Save(output, Overwrite, options);
                return;
            }
            bool known = _madeFolders.ContainsKey(folder);
            if (!known)
            {
                Directory.CreateDirectory(folder);
                // The first write of this batch into the folder also removes what a killed run left there, half-written under a
                // hidden temporary name an hour or more ago: nothing else would ever remove it (huge-files QA, F5).
                if (_madeFolders.TryAdd(folder, 0)) AtomicFile.RemoveStale(folder, StaleTemporaryAge);
            }
            try
            {
                file.Save(output, Overwrite, options);
            }
            catch (DirectoryNotFoundException) when (known && !Directory.Exists(folder))
            {
                Directory.CreateDirectory(folder);
                file.Save(output, Overwrite, options);
            }
        }

        private readonly ConcurrentDictionary<string, byte> _madeFolders = new ConcurrentDictionary<string, byte>(StringComparer.Ordinal);

        /// <summary>How long a temporary output must have been left untouched before a batch writing into its folder removes it.</summary>
        internal static readonly TimeSpan StaleTemporaryAge = TimeSpan.FromHours(1);

        /// <summary>
        /// Warns when the output's path below the output folder (or its file name) holds an identifying value the steps changed
        /// in the header — once per value and batch, so a mirrored patient folder of a thousand files warns once: every file with
        /// it says so (<see cref="DeidWarning.OnceKey"/>), and the batch's reader keeps the first in input order, whichever thread
        /// finished first (a claim made here, as the file finished, named a different file from run to run).
        /// </summary>
        private void WarnOfIdentifyingPath(OutputPathIdentifiers values, DicomFile file, string output, List<DeidWarning> warnings, string source)
        {
            string relative = (OutputFolder == null ? null : OutputPaths.RelativeTo(OutputFolder, output)) ?? Path.GetFileName(output);
            foreach (var hit in values.Find(relative, file.Dataset))
            {
                string name = DicomDictionary.TryGetEntry(hit.Key, out var entry) ? entry.Keyword : hit.Key.ToString();
                // Without -OutputName the path is the input's own; with it, a token read a value the recipe keeps (a description
                // naming the patient) or the input's name: the advice differs.
                string how = OutputName == null
                    ? "which the recipe changed in the header only (folder and file names are kept from the input); name the outputs from the de-identified header with -OutputName"
                    : $"which the recipe changed in the header only: -OutputName '{OutputName.Template}' took it from a value the recipe keeps or from the input's name; name the outputs from values the recipe replaces";
                warnings.Add(new DeidWarning(DeidWarningKind.IdentifyingOutputPath,
                    $"the output path '{relative}' holds this file's original {name}, {how}, e.g. '{{PatientID}}/{{StudyInstanceUID}}/{{SOPInstanceUID}}.dcm'. Warned once per value.",
                    source, hit.Key.ToString(), "OutputPath")
                { OnceKey = "path\0" + hit.Key.ToString() + "\0" + hit.Value });
            }
        }

        /// <summary>
        /// Warns, once per attribute and batch (<see cref="DeidWarning.OnceKey"/>: on the first file in input order), when an
        /// -OutputName token reads an identifying value (the patient's name, ID, birth
        /// date, the accession number, ...) that the recipe keeps: the header holds it anyway, but folder and file names travel
        /// further than headers — listings, transfer logs, shared folders, tickets (QA: '{PatientName}/{PatientBirthDate}' wrote
        /// both into every path, with no word).
        /// </summary>
        private void WarnOfKeptTokens(OutputPathIdentifiers values, DicomFile file, List<DeidWarning> warnings, string source)
        {
            // Read once (a benign race: every thread computes the same list).
            var tags = _outputNameTags ??= OutputName?.HeaderTags ?? Array.Empty<DicomTag>();
            if (tags.Count == 0) return;
            foreach (var tag in values.KeptAmong(tags, file.Dataset))
            {
                string name = DicomDictionary.TryGetEntry(tag, out var entry) ? entry.Keyword : tag.ToString();
                warnings.Add(new DeidWarning(DeidWarningKind.IdentifyingOutputPath,
                    $"-OutputName '{OutputName!.Template}' writes the patient's own {name} into the output paths: the recipe keeps it. Folder and file names travel further than headers (listings, logs, shared folders); name the outputs from values the recipe replaces, e.g. '{{PatientID}}/{{StudyInstanceUID}}/{{SOPInstanceUID}}.dcm'. Warned once per attribute.",
                    source, tag.ToString(), "OutputPath")
                { OnceKey = "kept\0" + tag.ToString() });
            }
        }

        private IReadOnlyList<DicomTag>? _outputNameTags;

        // A reader warning without its numbers outside quotes: "1 value(s) have an odd length" and "3 value(s) ..." are one kind;
        // two unknown terms ('GB-X', 'cp037') are two (neither identifies anyone, and each needs its own fix).
        private static string SourceFaultKind(string fault)
        {
            var kind = new System.Text.StringBuilder(fault.Length);
            bool quoted = false;
            foreach (char c in fault)
            {
                if (c == '\'') quoted = !quoted;
                if (quoted || c < '0' || c > '9') kind.Append(c);
            }
            return kind.ToString();
        }

        private static bool DeclaresBurnedIn(DicomDataset dataset)
        {
            // Only an image can carry it in pixels: an encapsulated PDF declares Burned In Annotation YES too (its document was
            // blanked by the header), and the warning of pixels copied as they are meant nothing there (leak QA 7, F3).
            if (!dataset.Contains(DicomTag.PixelData) && !dataset.Contains(DicomTags.FloatPixelData) && !dataset.Contains(DicomTags.DoubleFloatPixelData)) return false;
            string? declared = dataset.GetString(DicomTags.BurnedInAnnotation);
            return declared != null && string.Equals(declared.Trim(), "YES", StringComparison.OrdinalIgnoreCase);
        }

        /// <summary>
        /// Warns, once per batch, of a file whose header declares burned-in annotation when nothing flagged its pixels for
        /// cleaning: no step of the batch cleans pixels (deid's replace_identifiers never does), or the recipe's filters (and OCR)
        /// did not flag it. The copy carries the text burned into its image, often the patient's name, while its header reads
        /// de-identified. A flagged file is the pixel step's to report (cleaned, or flagged without a region to blank).
        /// </summary>
        private void WarnOfBurnedInAnnotation(List<IStepStatistics> statistics, List<DeidWarning> warnings, string source, long sequence)
        {
            foreach (var s in statistics)
            {
                if (s is Deid.Pixels.PixelCleaningStatistics pixels && pixels.Flagged) return;
            }
            if (!_burnedInGate.Admit(sequence)) return;
            string message = _cleansPixels
                ? "the file declares burned-in annotation (Burned In Annotation YES), but nothing flagged its pixels for cleaning (no filter label of the recipe matched it, nor OCR text with -Ocr): they are copied as they are, and text burned into the image, often the patient's name, stays in the copy. Add a filter label with the regions of this device to the recipe, or review such files with Test-DicomBurnedPixel. Warned once per batch."
                : "the file declares burned-in annotation (Burned In Annotation YES) and its pixels are copied as they are: text burned into the image, often the patient's name, stays in the copy. Add -CleanPixels with a recipe whose filters name the regions (dicom.ultrasound, a site's own) or -Ocr, or list such files with Test-DicomBurnedPixel. Warned once per batch.";
            warnings.Add(new DeidWarning(DeidWarningKind.BurnedInAnnotationKept, message, source, DicomTags.BurnedInAnnotation.ToString(), Deid.Pixels.PixelCleaningStep.StepName) { OnceKey = nameof(DeidWarningKind.BurnedInAnnotationKept) });
        }

        /// <summary>The output named by <see cref="OutputName"/> for <paramref name="file"/>, inside <see cref="OutputFolder"/>.</summary>
        private string Name(DicomFile file, DeidFileRequest request)
        {
            string relative = OutputName!.Resolve(file.Dataset, request.SourcePath, request.RelativePath);
            try
            {
                return OutputPaths.Under(OutputFolder ?? throw new InvalidOperationException("OutputName needs OutputFolder."), relative);
            }
            catch (ArgumentException ex)
            {
                // A path the system cannot take (too long for .NET Framework); else unreachable with sanitised tokens, kept as that
                // file's error rather than a crash should the rules ever miss a case.
                throw new IOException(ex.Message, ex);
            }
        }

        /// <summary>
        /// Whether <paramref name="output"/> may be written: never the input itself, never a name another file of the run took,
        /// an existing file only with <see cref="Overwrite"/> (in a dry run as in a real one). True when <see cref="SkipExisting"/>
        /// leaves the file out.
        /// </summary>
        private bool Check(DeidFileRequest request, string output, bool claim)
        {
            if (WriteDicom && IsSameFile(request.SourcePath, output))
                throw new IOException($"The output '{output}' is the input itself; inputs are never modified.");
            if (claim && !Claims.TryClaim(output, request.SourcePath, out string other, out bool isInput))
                throw new OutputConflictException(request.SourcePath, output, other, isInput);
            // A batch-level DryRun (a count of what a recipe changes) does not care what exists; a dry-run request (-WhatIf) does.
            if (!WriteDicom || Overwrite || DryRun || !File.Exists(output)) return false;
            if (SkipExisting) return true;
            // A dry run tells the truth too (-WhatIf): the real run would refuse this file, so the dry run does.
            throw new OutputConflictException(request.SourcePath, output, null);
        }

        /// <summary>
        /// Processes <paramref name="requests"/> with up to <see cref="ThrottleLimit"/> files at once and yields the results in input
        /// order. Stopping the enumeration (or cancelling) stops files not yet started; files being written finish or leave nothing.
        /// </summary>
        public IEnumerable<DeidFileResult> Run(IReadOnlyList<DeidFileRequest> requests, CancellationToken cancellation = default)
        {
            if (requests == null) throw new ArgumentNullException(nameof(requests));
            // Results come in input order: each once-a-batch warning stays on the first file that has it.
            var reported = new HashSet<string>(StringComparer.Ordinal);
            if (ThrottleLimit <= 1 || requests.Count <= 1)
            {
                foreach (var r in requests)
                {
                    cancellation.ThrowIfCancellationRequested();
                    var one = ProcessOne(r, cancellation);
                    one.KeepFirstOnceWarnings(reported);
                    yield return one;
                }
                yield break;
            }
            using var stream = new DeidBatchStream(this, ThrottleLimit, cancellation);
            foreach (var r in requests)
            {
                foreach (var result in stream.SubmitBounded(r))
                {
                    result.KeepFirstOnceWarnings(reported);
                    yield return result;
                }
            }
            foreach (var result in stream.TakeAll())
            {
                result.KeepFirstOnceWarnings(reported);
                yield return result;
            }
        }

        /// <summary>
        /// How many files may be submitted and not yet taken: enough that a slow file does not idle the other workers, few enough
        /// that memory does not grow with the corpus.
        /// </summary>
        public static int InFlightWindow(int throttleLimit) => Math.Max(1, throttleLimit) * 4;

        /// <summary>
        /// True when <paramref name="output"/> names the file <paramref name="input"/>: the same path, or the same name in a folder
        /// that is the input's folder under another path (a symbolic link, a junction, a bind mount, another case on a
        /// case-insensitive disk), or the file an input that is a symbolic link points to. Writing there with Overwrite would replace
        /// the input. (A hard link is safe: the rename replaces the output's name, and the input's name keeps the original.)
        /// </summary>
        private bool IsSameFile(string input, string output)
        {
            if (IsSameName(input, output)) return true;
            // An input given through a link to a file: its target is the file a rename over the output would replace.
            string? target = SymbolicLinks.FinalTarget(input);
            return target != null && IsSameName(target, output);
        }

        /// <summary>Whether the two paths name one directory entry (the same path, or the same name in one folder reached two ways).</summary>
        private bool IsSameName(string input, string output)
        {
            string inFull = FullPath.Of(input), outFull = FullPath.Of(output);
            if (string.Equals(inFull, outFull, OutputPaths.PathComparison)) return true;
            if (!string.Equals(Path.GetFileName(inFull), Path.GetFileName(outFull), StringComparison.OrdinalIgnoreCase)) return false;
            string? inDir = Path.GetDirectoryName(inFull), outDir = Path.GetDirectoryName(outFull);
            if (inDir == null || outDir == null) return false;
            string key = inDir + "\0" + outDir;
            if (_sameFolder.TryGetValue(key, out bool same)) return same;
            // Not remembered for a folder that does not exist yet: it is made later, by this batch or by someone else.
            if (!Directory.Exists(outDir)) return false;
            return _sameFolder.GetOrAdd(key, _ => OutputPaths.SameFolder(inDir, outDir));
        }
    }
}
