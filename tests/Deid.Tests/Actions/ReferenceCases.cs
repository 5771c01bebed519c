using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using Deid.Actions;
using Deid.Dicom;
using Deid.Recipes;
using Deid.Tests.Conformance;

namespace Deid.Tests.Actions
{
    /// <summary>One differential case of Reference/cases.json: a recipe run on inputs with variables, functions and options.</summary>
    public sealed class ReferenceCase
    {
        public string Name { get; init; } = "";
        public string Doc { get; init; } = "";
        public string RecipeText { get; init; } = "";
        public List<string> Inputs { get; init; } = new List<string>();
        public Dictionary<string, Dictionary<string, string>> Vars { get; init; } = new Dictionary<string, Dictionary<string, string>>();
        public List<string> Functions { get; init; } = new List<string>();
        public DeidReplaceOptions Options { get; init; } = new DeidReplaceOptions();

        public DeidRecipe Recipe => DeidRecipe.Parse(RecipeText, Name + ".dicom");

        /// <summary>The variables (and functions) one input gets, as deid's lookup gets them.</summary>
        public Dictionary<string, object?> VariablesFor(string input)
        {
            var vars = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
            foreach (var key in new[] { "*", ReferenceCases.FileName(input) })
            {
                if (Vars.TryGetValue(key, out var v))
                {
                    foreach (var p in v) vars[p.Key] = p.Value;
                }
            }
            foreach (var f in Functions) vars[f] = ReferenceFunctions.Get(f);
            return vars;
        }
    }

    /// <summary>What deid did with one input of a case (Reference/deid-results.json).</summary>
    public sealed class DeidOutcome
    {
        public bool Ok { get; init; }
        public string? Error { get; init; }
        public List<string> Log { get; init; } = new List<string>();
        public List<string> PydicomWarnings { get; init; } = new List<string>();
        public bool PixelDataDropped { get; init; }
    }

    /// <summary>
    /// Reads the differential cases and deid's recorded results, and runs a case through our engine. The recorded files are what
    /// deid 0.4.12 (pydicom 3.1.0.dev0) wrote: tools/deid-reference/replace_cases.py made them from the same cases.json.
    /// </summary>
    public static class ReferenceCases
    {
        public static string Reference => Path.Combine(TestPaths.RepoRoot, "tests", "Deid.Tests", "Actions", "Reference");

        public static string Inputs => Path.Combine(Reference, "inputs");

        /// <summary>Meta elements left out of comparisons: implementation identity (ours names us) and group length.</summary>
        public static readonly HashSet<uint> MetaIgnored = new HashSet<uint> { 0x00020000, 0x00020012, 0x00020013 };

        private static readonly Lazy<Dictionary<string, ReferenceCase>> AllCases = new Lazy<Dictionary<string, ReferenceCase>>(LoadCases);
        private static readonly Lazy<Dictionary<string, Dictionary<string, DeidOutcome>>> AllOutcomes = new Lazy<Dictionary<string, Dictionary<string, DeidOutcome>>>(LoadOutcomes);

        public static IReadOnlyDictionary<string, ReferenceCase> Cases => AllCases.Value;

        public static ReferenceCase Get(string name) => AllCases.Value[name];

        public static string InputPath(string input) =>
            input.StartsWith("actions:", StringComparison.Ordinal)
                ? Path.Combine(Inputs, input.Substring("actions:".Length))
                : Path.Combine(TestPaths.Shared, input);

        /// <summary>The file name of an input ("actions:vr-matrix.dcm" → "vr-matrix.dcm").</summary>
        public static string FileName(string input) => Path.GetFileName(InputPath(input));

        /// <summary>The input of <paramref name="caseName"/> whose file name is <paramref name="fileName"/>.</summary>
        public static string Input(string caseName, string fileName) => Get(caseName).Inputs.First(i => FileName(i) == fileName);

        public static DeidOutcome Outcome(string caseName, string fileName) => AllOutcomes.Value[caseName][fileName];

        public static DicomFile Expected(string caseName, string fileName) => DicomFile.Open(Path.Combine(Reference, "expected", caseName, fileName));

        /// <summary>Runs one input of a case through the engine, writes it to memory and reads it back (so the result is what a file holds).</summary>
        public static DicomFile RunOurs(string caseName, string fileName, List<string> warnings, UidGenerator? uids = null, DeidRecipe? recipe = null)
        {
            var c = Get(caseName);
            string input = Input(caseName, fileName);
            string path = InputPath(input);
            var file = DicomFile.Open(path);
            new HeaderActionEngine(recipe ?? c.Recipe, c.Options, uids).Apply(file, c.VariablesFor(input), warnings, path);
            return RoundTrip(file);
        }

        /// <summary>The value at a tag path such as "(0008,1110)__0__(0008,1155)" as text (values joined by backslashes); null when absent.</summary>
        public static string? At(DicomDataset ds, string path)
        {
            var parts = path.Split(new[] { "__" }, StringSplitOptions.None);
            for (int i = 0; i < parts.Length; i += 2)
            {
                if (!DicomTag.TryParse(parts[i], out var tag) || !ds.TryGetElement(tag, out var e)) return null;
                if (i == parts.Length - 1) return e.IsSequence ? "(sequence of " + e.Sequence!.Count + ")" : ds.GetString(e) ?? "";
                var seq = e.Sequence;
                int index = int.Parse(parts[i + 1], System.Globalization.CultureInfo.InvariantCulture);
                if (seq == null || index >= seq.Count) return null;
                ds = seq[index];
            }
            return null;
        }

        public static DicomFile RoundTrip(DicomFile file)
        {
            using var ms = new MemoryStream();
            DicomWriter.Write(file, ms);
            return DicomFile.Open(ms.ToArray());
        }

        /// <summary>
        /// Differences between deid's file and ours, by decoded elements, except the paths in <paramref name="except"/> (each a tag
        /// path prefix as DatasetComparer prints it, e.g. "(0008,002A)" or "(0040,A730)__0__"), which a test checks on its own.
        /// </summary>
        public static List<string> Differences(string caseName, string fileName, DicomFile ours, params string[] except)
        {
            var expected = Expected(caseName, fileName);
            var ignore = new HashSet<uint>(MetaIgnored);
            var diffs = DatasetComparer.Differences(expected.FileMetaInformation, ours.FileMetaInformation, ignore, "meta ");
            var dataIgnore = new HashSet<uint>();
            if (Outcome(caseName, fileName).PixelDataDropped) dataIgnore.Add(0x7FE00010);
            diffs.AddRange(DatasetComparer.Differences(expected.Dataset, ours.Dataset, dataIgnore));
            return diffs.Where(d => !except.Any(e => d.StartsWith(e, StringComparison.Ordinal))).ToList();
        }

        private static Dictionary<string, ReferenceCase> LoadCases()
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(Reference, "cases.json")));
            var result = new Dictionary<string, ReferenceCase>(StringComparer.Ordinal);
            foreach (var c in doc.RootElement.GetProperty("cases").EnumerateArray())
            {
                var vars = new Dictionary<string, Dictionary<string, string>>();
                if (c.TryGetProperty("vars", out var v))
                {
                    foreach (var file in v.EnumerateObject())
                        vars[file.Name] = file.Value.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);
                }
                var options = new DeidReplaceOptions();
                if (c.TryGetProperty("options", out var o))
                {
                    options = new DeidReplaceOptions
                    {
                        StripSequences = o.TryGetProperty("strip_sequences", out var s) && s.GetBoolean(),
                        RemovePrivate = o.TryGetProperty("remove_private", out var r) && r.GetBoolean(),
                        DisableSkip = o.TryGetProperty("disable_skip", out var d) && d.GetBoolean(),
                    };
                }
                var rc = new ReferenceCase
                {
                    Name = c.GetProperty("name").GetString()!,
                    Doc = c.GetProperty("doc").GetString()!,
                    RecipeText = c.TryGetProperty("recipeFile", out var rf)
                        ? File.ReadAllText(Path.Combine(TestPaths.RepoRoot, rf.GetString()!))
                        : string.Join("\n", c.GetProperty("recipe").EnumerateArray().Select(l => l.GetString())) + "\n",
                    Inputs = c.GetProperty("inputs").EnumerateArray().Select(i => i.GetString()!).ToList(),
                    Vars = vars,
                    Functions = c.TryGetProperty("functions", out var f) ? f.EnumerateArray().Select(x => x.GetString()!).ToList() : new List<string>(),
                    Options = options,
                };
                result[rc.Name] = rc;
            }
            return result;
        }

        private static Dictionary<string, Dictionary<string, DeidOutcome>> LoadOutcomes()
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(Reference, "deid-results.json")));
            var result = new Dictionary<string, Dictionary<string, DeidOutcome>>(StringComparer.Ordinal);
            foreach (var c in doc.RootElement.EnumerateObject())
            {
                var files = result[c.Name] = new Dictionary<string, DeidOutcome>(StringComparer.Ordinal);
                foreach (var f in c.Value.EnumerateObject())
                {
                    var e = f.Value;
                    files[f.Name] = new DeidOutcome
                    {
                        Ok = e.GetProperty("status").GetString() == "ok",
                        Error = e.TryGetProperty("error", out var err) ? err.GetString() : null,
                        Log = e.GetProperty("log").EnumerateArray().Select(x => x.GetString()!).ToList(),
                        PydicomWarnings = e.GetProperty("pydicomWarnings").EnumerateArray().Select(x => x.GetString()!).ToList(),
                        PixelDataDropped = e.TryGetProperty("pixelDataDropped", out var p) && p.GetBoolean(),
                    };
                }
            }
            return result;
        }
    }

    /// <summary>The user functions of the cases (func:NAME), mirroring tools/deid-reference/replace_cases.py one for one.</summary>
    public static class ReferenceFunctions
    {
        private static readonly HashSet<string> TextVRs = new HashSet<string>(StringComparer.Ordinal) { "PN", "LO", "SH", "ST", "LT", "UT", "UC" };

        public static DeidFunction Get(string name) => name switch
        {
            "is_doe" => IsDoe,
            "const_false" => _ => false,
            "returns_none" => _ => null,
            "field_name" => call => call.FieldName,
            "make_id" => call => "ID-" + (call.Variables.TryGetValue("id", out var id) ? id : null),
            "returns_no" => _ => "no",
            _ => throw new ArgumentException("no reference function " + name),
        };

        private static object? IsDoe(DeidFunctionCall call)
        {
            var field = call.Field;
            if (field == null || !TextVRs.Contains(field.VR.ToString()) || !field.TryGetElement(out var e)) return false;
            return field.Holder.GetStrings(e).Any(s => s.Contains("DOE", StringComparison.Ordinal));
        }
    }
}
