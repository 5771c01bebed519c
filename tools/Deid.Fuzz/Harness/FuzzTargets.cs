using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Deid.Actions;
using Deid.Dicom;
using Deid.Filters;
using Deid.Identifiers;
using Deid.Inspection;
using Deid.Pixels;
using Deid.Recipes;
using Deid.Steps;

namespace Deid.Fuzz
{
    /// <summary>A failure of an entry point that is not one of the documented per-file exceptions, or an unreadable output.</summary>
    public sealed class FuzzFailure : Exception
    {
        public FuzzFailure(string stage, Exception inner)
            : base($"{stage}: {inner.GetType().FullName}: {inner.Message}", inner) => Stage = stage;

        public FuzzFailure(string stage, string message)
            : base($"{stage}: {message}") => Stage = stage;

        public string Stage { get; }
    }

    /// <summary>
    /// The core entry points the cmdlets use, run on one input: Get-DicomDataset (header-only read, dataset view, dump),
    /// Get-DicomIdentifier (extraction), Test-DicomBurnedPixel (filter evaluation), Split-DeidWork (a shard by the study), and
    /// Invoke-DeidReplace / Clear-DicomPixel (full read, header actions of a shipped recipe, pixel decode and clean, preamble,
    /// JPEG text, the de-identification record, the crosswalk's rows, write) — whose output must then read back —, Test-DeidOutput (the mutant as an output of its seed, the replace's output against the mutant) and
    /// Compare-DicomDataset (the same two pairs). Each may fail only with what the cmdlets report per file
    /// (<see cref="IsDocumented"/>; for the audit, also a file it cannot read or inflate).
    /// </summary>
    public sealed class FuzzTargets
    {
        private readonly IReadOnlyList<(string Name, DeidRecipe Recipe, FilterEvaluator Filters)> _recipes;
        private readonly DicomReadOptions _full;
        private readonly DicomReadOptions _header;

        public FuzzTargets(string recipeFolder, long inflateLimit)
        {
            var loader = new RecipeLoader(recipeFolder);
            var list = new List<(string, DeidRecipe, FilterEvaluator)>();
            foreach (var path in Directory.EnumerateFiles(recipeFolder, RecipeLoader.FilePrefix + "*").OrderBy(p => p, StringComparer.Ordinal))
            {
                string name = Path.GetFileName(path).Substring(RecipeLoader.FilePrefix.Length);
                var loaded = loader.Load(null, new[] { name });
                if (loaded.Recipe == null) throw new InvalidOperationException($"The shipped recipe {name} does not load: {string.Join("; ", loaded.Errors.Select(e => e.Message))}");
                list.Add((name, loaded.Recipe, new FilterEvaluator(loaded.Recipe)));
            }
            if (list.Count == 0) throw new InvalidOperationException($"No recipes in {recipeFolder}.");
            _recipes = list;
            _full = new DicomReadOptions { MaxInflatedLength = inflateLimit };
            _header = new DicomReadOptions { MaxInflatedLength = inflateLimit, StopBeforePixelData = true };
        }

        /// <summary>
        /// The exceptions cmdlets report as a known fault of a file (Errors.IsExpected, less file-system errors); any other is reported
        /// as UnexpectedError, which the fuzzer counts as a finding.
        /// </summary>
        public static bool IsDocumented(Exception ex) => ex is DicomFormatException || ex is RecipeException || ex is Deid.Actions.ValueTooLongException;

        /// <summary>
        /// Runs every entry point on <paramref name="path"/>; the recipe and options rotate with <paramref name="caseIndex"/>.
        /// Test-DeidOutput audits the mutant as the output of <paramref name="seedPath"/> (the file it was mutated from: a
        /// broken output) and, when Invoke-DeidReplace wrote one, that output against the mutant (a broken original).
        /// Returns true when Invoke-DeidReplace wrote an output (false: the input was refused somewhere, as it may be).
        /// </summary>
        public bool Run(string path, string seedPath, long caseIndex, out long elements)
        {
            var (name, recipe, filters) = _recipes[(int)(caseIndex % _recipes.Count)];
            Audit("Test-DeidOutput of the mutant as the seed's output " + name, recipe, seedPath, path);
            Stage("Compare-DicomDataset of the seed and the mutant", () => Compare(seedPath, path, caseIndex));
            var header = Stage("read header-only", () => DicomFile.Open(path, _header));
            elements = 0;
            if (header != null)
            {
                elements = CountElements(header.Dataset) + header.FileMetaInformation.Count;
                Stage("Get-DicomDataset", () =>
                {
                    var view = new DicomDatasetView(header, path);
                    _ = DicomDump.Format(header.Dataset);
                    _ = view.GetAllElements().Count;
                    _ = view.NamedValues().Count();
                    _ = view.GetFileMetaInformation()?.GetAllElements().Count;
                    return view;
                });
                Stage("Get-DicomIdentifier", () => IdentifierExtractor.Extract(header, path, new IdentifierOptions { Recipe = recipe, SkipPrivate = caseIndex % 2 == 0 }));
                Stage("Test-DicomBurnedPixel " + name, () => filters.Evaluate(header));
                Stage("Split-DeidWork", () => new Deid.Batch.ShardPlanner(7).Assign(path));
            }
            var file = Stage("read", () => DicomFile.Open(path, _full));
            if (file == null) return false;
            Stage("JPEG text while writing", () => CompareLookOnWrite(path));
            var output = Stage("Invoke-DeidReplace " + name, () => Replace(file, path, recipe, caseIndex));
            if (output == null) return false;
            try
            {
                DicomFile.Open(output, _full, "output");
            }
            catch (Exception ex)
            {
                throw new FuzzFailure("output of Invoke-DeidReplace " + name + " does not read back", ex);
            }
            string outputPath = path + ".out.dcm";
            File.WriteAllBytes(outputPath, output);
            Audit("Test-DeidOutput of the replace's output " + name, recipe, path, outputPath);
            Stage("Compare-DicomDataset of the mutant and the replace's output", () => Compare(path, outputPath, caseIndex));
            return true;
        }

        /// <summary>Compare-DicomDataset of two files read whole (Pixel Data's digest read from the files), equal rows with every other case.</summary>
        private List<DatasetDifference> Compare(string reference, string difference, long caseIndex)
        {
            var before = DicomFile.Open(reference, _full);
            var after = DicomFile.Open(difference, _full);
            return DatasetComparer.Compare(before, after, includeEqual: caseIndex % 2 == 1);
        }

        /// <summary>
        /// Test-DeidOutput's engine on a pair, as the command runs it: it may refuse an original that is not DICOM and a file it
        /// cannot read or inflate (what the command reports per pair); anything else is a finding, and so is a result that
        /// names other files.
        /// </summary>
        private static void Audit(string stage, DeidRecipe recipe, string originalPath, string outputPath) =>
            Stage(stage, () =>
            {
                var result = new Deid.Audit.DeidAudit(recipe) { MaxInflatedBytes = 32L << 20 }.Audit(originalPath, outputPath);
                if (result.Path != outputPath || result.OriginalPath != originalPath)
                    throw new FuzzFailure(stage, $"the result names {result.OriginalPath} -> {result.Path}");
                foreach (var leak in result.Leaks)
                {
                    if (leak == null) throw new FuzzFailure(stage, "a null leak");
                }
                return result;
            }, ex => ex is DicomFormatException || ex is IOException);

        private static long CountElements(DicomDataset ds)
        {
            long n = ds.Count;
            foreach (var e in ds.Elements)
            {
                if (e.Sequence is not DicomSequence seq) continue;
                for (int i = 0; i < seq.Count; i++) n += 1 + CountElements(seq[i]);
            }
            return n;
        }

        /// <summary>
        /// The JPEG-text step with its look left to the write (as a batch runs it for a file it writes) against the step
        /// looking first (as for a dry run): the same bytes written, or the same error, whatever the input.
        /// </summary>
        private string CompareLookOnWrite(string path)
        {
            var early = WriteWithJpegText(path, onWrite: false);
            var late = WriteWithJpegText(path, onWrite: true);
            if (early.Error != late.Error)
                throw new FuzzFailure("JPEG text while writing", $"the look before writing gave '{early.Error ?? "no error"}', the look while writing '{late.Error ?? "no error"}'");
            if (early.Removed != late.Removed)
                throw new FuzzFailure("JPEG text while writing", $"the look before writing removed {early.Removed} segments, the look while writing {late.Removed}");
            if (early.Bytes != null && (late.Bytes == null || !early.Bytes.AsSpan().SequenceEqual(late.Bytes)))
                throw new FuzzFailure("JPEG text while writing", "the output differs from that of the look before writing");
            return path;
        }

        // As DeidBatch runs the step and writes (onWrite) or as a dry run runs it and then a plain write: the bytes, or the error.
        private (byte[]? Bytes, string? Error, int Removed) WriteWithJpegText(string path, bool onWrite)
        {
            DicomFile file;
            try
            {
                file = DicomFile.Open(path, _full);
            }
            catch (Exception ex) when (IsDocumented(ex))
            {
                return (null, ex.Message, 0);
            }
            var context = new FileStepContext(file, path, null, new List<DeidWarning>()) { CanLookWhileWriting = onWrite };
            try
            {
                var statistics = new JpegTextStep().Begin(context).Apply();
                var look = context.LookOnWrite;
                using var ms = new MemoryStream();
                try
                {
                    DicomWriter.Write(file, ms, look == null ? null : new DicomWriteOptions { PixelDataObserver = look });
                }
                catch (PixelLookNotCertainException) when (look != null)
                {
                    // Abandoned, as the batch abandons the write; the step's own look follows.
                    statistics = look.Instead();
                    ms.SetLength(0);
                    DicomWriter.Write(file, ms);
                }
                return (ms.ToArray(), null, statistics.Total);
            }
            catch (Exception ex) when (IsDocumented(ex))
            {
                return (null, ex.Message, 0);
            }
            finally
            {
                context.DisposeResources();
            }
        }

        /// <summary>
        /// The steps of Invoke-DeidReplace -CleanPixels -CrosswalkPath, with every file flagged (so that every image is decoded and
        /// cleaned); the de-identification record is written when the recipe declares the profile, the crosswalk's rows gathered.
        /// </summary>
        private static byte[] Replace(DicomFile file, string path, DeidRecipe recipe, long caseIndex)
        {
            var engine = new HeaderActionEngine(recipe, new DeidReplaceOptions { RemovePrivate = caseIndex % 3 == 0 }, new UidGenerator());
            var region = new[] { caseIndex % 4 == 0 ? PixelRegion.All() : PixelRegion.Rectangle(0, 0, 16, 16) };
            var pixels = new PixelCleaningStep(_ => new PixelCleaningDecision(true, region, null), caseIndex % 5 == 0 ? PixelCompression.Rle : PixelCompression.None);
            var steps = new IFileStep[] { engine, pixels, new EmbeddedOverlayStep(), new PreambleStep(), new JpegTextStep(), new Deid.Profile.DeidentificationRecordStep(recipe), new Deid.Crosswalk.CrosswalkStep() };
            var warnings = new List<DeidWarning>();
            var context = new FileStepContext(file, path, new Dictionary<string, object?>(), warnings);
            try
            {
                var runs = steps.Select(s => s.Begin(context)).ToList();
                foreach (var run in runs) run.Apply();
                using var ms = new MemoryStream();
                DicomWriter.Write(file, ms);
                return ms.ToArray();
            }
            finally
            {
                context.DisposeResources();
            }
        }

        /// <summary>Set to print how long each entry point takes (the Program's --trace), to find where a hang is.</summary>
        public static Action<string>? Trace { get; set; }

        /// <summary>
        /// Runs an entry point: what the cmdlets report per file (<see cref="IsDocumented"/>, or <paramref name="documented"/>)
        /// gives null, anything else is a finding.
        /// </summary>
        private static T? Stage<T>(string stage, Func<T> body, Func<Exception, bool>? documented = null)
            where T : class
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            long allocated = GC.GetAllocatedBytesForCurrentThread();
            try
            {
                return body();
            }
            catch (Exception ex) when ((documented ?? IsDocumented)(ex))
            {
                return null;
            }
            catch (Exception ex) when (ex is not FuzzFailure)
            {
                throw new FuzzFailure(stage, ex);
            }
            finally
            {
                Trace?.Invoke($"{stage}: {clock.ElapsedMilliseconds} ms, {(GC.GetAllocatedBytesForCurrentThread() - allocated) >> 20} MiB allocated");
            }
        }
    }
}
