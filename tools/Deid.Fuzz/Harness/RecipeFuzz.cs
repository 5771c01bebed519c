using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Deid.Actions;
using Deid.Audit;
using Deid.Dicom;
using Deid.Filters;
using Deid.Identifiers;
using Deid.Recipes;
using Deid.Samples;
using Deid.Steps;

namespace Deid.Fuzz
{
    /// <summary>
    /// build.ps1 Fuzz's recipe half (<c>--recipes N</c>): seeded mutants of the shipped recipes' text — characters and tokens of
    /// the recipe language inserted, deleted and swapped, lines dropped, doubled, joined and cut — read as the cmdlets read a
    /// recipe, then used as they use one. The rules: reading fails only with a <see cref="RecipeException"/> that names a line
    /// of the text; a recipe that reads is written back (Export-DeidRecipe) as text that reads to an equal recipe and writes
    /// the same again; and Invoke-DeidReplace's header actions, Test-DicomBurnedPixel's filters, Get-DicomIdentifier and
    /// Test-DeidOutput under it fail only with what the cmdlets report per file, writing outputs that read back.
    /// </summary>
    public sealed class RecipeFuzz
    {
        private static readonly string[] Tokens =
        {
            "FORMAT dicom", "%header", "%filter", "%values", "%fields", "%labels", "LABEL", "ADD", "BLANK", "KEEP", "REMOVE",
            "REPLACE", "JITTER", "contains", "notcontains", "equals", "notequals", "missing", "present", "empty", "+", "||", "coordinates",
            "ctpcoordinates", "keepcoordinates", "func:", "var:", "deid_func:", "deid_func:generate_uid", "deid_func:jitter_timestamp days=",
            "deid_func:dicom_uuid", "deid_func:suffix_uid", "values:", "fields:", "startswith:", "endswith:", "contains:", "select:",
            "expanders:", "all", "PatientName", "PatientID", "StudyDate", "(0010,0010)", "0010,0020", "(0009,\"ACME\",10)", "0x0010",
            "ReferencedImageSequence__0__ReferencedSOPInstanceUID", "*", "-10", "2147483648", "1e9", "0,0,512,512", "%", ":", "\t", " ",
            "\r", "\n", "\"", "'", "\\", "|", "(", ")", ",", "#", "\u00e9", "\u5c71\u7530", "\u0000", "\uFEFF",
        };

        private readonly IReadOnlyList<(string Name, string Text)> _seeds;
        private readonly IReadOnlyList<(string Path, DicomFile Header)> _samples;
        private readonly RecipeParser _parser = new RecipeParser(RecipeParserOptions.WithDictionary());
        private readonly int _seed;

        /// <param name="recipeFolder">The shipped recipes (deid.*), texts to mutate.</param>
        /// <param name="moreRecipes">Other recipe files to mutate (deid's own grammar tests, the conformance recipes: they use
        /// %filter, %values, %fields, func: and var:, which the shipped ones mostly do not); missing ones are left out.</param>
        /// <param name="sampleFolder">Where the sample files the recipes run on are written.</param>
        /// <param name="seed">The run's seed: case i of seed s is always the same text.</param>
        public RecipeFuzz(string recipeFolder, IEnumerable<string> moreRecipes, string sampleFolder, int seed)
        {
            _seed = seed;
            _seeds = Directory.EnumerateFiles(recipeFolder, RecipeLoader.FilePrefix + "*").Concat(moreRecipes.Where(File.Exists))
                .OrderBy(p => Path.GetFileName(p), StringComparer.Ordinal)
                .Select(p => (Path.GetFileName(p), File.ReadAllText(p))).ToList();
            if (_seeds.Count == 0) throw new InvalidOperationException($"No recipes in {recipeFolder}.");
            Directory.CreateDirectory(sampleFolder);
            var samples = new List<(string, DicomFile)>();
            int i = 0;
            foreach (var modality in new[] { SampleModality.CT, SampleModality.US, SampleModality.SC })
            {
                var sample = DicomSampleGenerator.Create(i++, new DicomSampleOptions { Modality = modality, Seed = seed, PhiMarkers = true, Rows = 32, Columns = 32 });
                string path = Path.Combine(sampleFolder, sample.FileName);
                sample.File.Save(path, overwrite: true);
                samples.Add((path, DicomFile.Open(path, DicomReadOptions.HeaderOnly)));
            }
            _samples = samples;
        }

        /// <summary>Case <paramref name="caseIndex"/>'s text, and what was done to which shipped recipe.</summary>
        public string Mutant(long caseIndex, out string description)
        {
            var rnd = new Random(unchecked((int)(_seed * 1_000_003L + caseIndex * 7919L)));
            var (name, text) = _seeds[rnd.Next(_seeds.Count)];
            var lines = text.Split('\n').ToList();
            var done = new List<string>();
            int count = 1 + rnd.Next(4);
            for (int m = 0; m < count; m++)
            {
                int at = rnd.Next(lines.Count);
                string line = lines[at];
                int col = line.Length == 0 ? 0 : rnd.Next(line.Length + 1);
                string token = Tokens[rnd.Next(Tokens.Length)];
                switch (rnd.Next(9))
                {
                    case 0:
                        lines[at] = line.Insert(col, token);
                        done.Add($"line {at + 1} col {col + 1}: inserted {Show(token)}");
                        break;
                    case 1 when line.Length > 0:
                        int len = 1 + rnd.Next(Math.Min(8, line.Length - Math.Min(col, line.Length - 1)));
                        col = Math.Min(col, line.Length - 1);
                        lines[at] = line.Remove(col, Math.Min(len, line.Length - col));
                        done.Add($"line {at + 1} col {col + 1}: deleted {len}");
                        break;
                    case 2:
                        lines.RemoveAt(at);
                        if (lines.Count == 0) lines.Add(string.Empty);
                        done.Add($"line {at + 1}: dropped");
                        break;
                    case 3:
                        lines.Insert(at, line);
                        done.Add($"line {at + 1}: doubled");
                        break;
                    case 4 when at + 1 < lines.Count:
                        lines[at] = line + " " + lines[at + 1];
                        lines.RemoveAt(at + 1);
                        done.Add($"lines {at + 1}-{at + 2}: joined");
                        break;
                    case 5:
                        int other = rnd.Next(lines.Count);
                        (lines[at], lines[other]) = (lines[other], line);
                        done.Add($"lines {at + 1} and {other + 1}: swapped");
                        break;
                    case 6:
                        lines[at] = line.Substring(0, col);
                        done.Add($"line {at + 1}: cut at col {col + 1}");
                        break;
                    case 7:
                        // A word of the line replaced by a token: an action, a field, a value or punctuation where another stood.
                        var words = line.Split(' ');
                        int w = rnd.Next(words.Length);
                        words[w] = token;
                        lines[at] = string.Join(" ", words);
                        done.Add($"line {at + 1} word {w + 1}: now {Show(token)}");
                        break;
                    default:
                        lines.Insert(at, token + " " + Tokens[rnd.Next(Tokens.Length)] + " " + Tokens[rnd.Next(Tokens.Length)]);
                        done.Add($"line {at + 1}: new line of three tokens");
                        break;
                }
            }
            description = name + "; " + string.Join("; ", done);
            return string.Join("\n", lines);
        }

        private static string Show(string token) => "'" + token.Replace("\r", "\\r").Replace("\n", "\\n").Replace("\t", "\\t").Replace("\0", "\\0") + "'";

        /// <summary>Runs case <paramref name="caseIndex"/>; null when it kept every rule, else what broke. Counts what was refused.</summary>
        public string? Run(long caseIndex, string work, ref long refused, ref long applied)
        {
            string text = Mutant(caseIndex, out _);
            // Lines as the parser and editors number them: \n, \r\n or a lone \r ends one.
            int lineCount = text.Replace("\r\n", "\n").Split('\n', '\r').Length;
            DeidRecipe recipe;
            try
            {
                recipe = _parser.Parse(text, "mutant").Recipe;
            }
            catch (RecipeException ex)
            {
                refused++;
                foreach (var e in ex.Errors)
                {
                    if (e.Line < 1 || e.Line > lineCount) return $"read: a RecipeException names line {e.Line} of {lineCount}: {e.Message}";
                    if (string.IsNullOrWhiteSpace(e.Reason)) return $"read: a RecipeException without a reason at line {e.Line}";
                }
                return null;
            }
            catch (Exception ex)
            {
                return "read: " + ex;
            }

            // Export-DeidRecipe's promise: the text reads back to an equal recipe, and writes the same again.
            string written;
            try
            {
                written = RecipeWriter.Write(recipe);
                var again = new RecipeParser(RecipeParserOptions.WithDictionary()).Parse(written, "written").Recipe;
                if (!recipe.Equals(again)) return "write: the written recipe reads back different:\n" + written + "\n--- reads back as ---\n" + RecipeWriter.Write(again);
                if (RecipeWriter.Write(again) != written) return "write: writing the read-back recipe gives other text:\n" + written;
            }
            catch (Exception ex)
            {
                return "write: " + ex;
            }

            applied++;
            var filters = Guard("filters", () => new FilterEvaluator(recipe), out string? problem);
            if (problem != null) return problem;
            foreach (var (path, header) in _samples)
            {
                problem = Use(recipe, filters, path, header, work, caseIndex);
                if (problem != null) return problem;
            }
            return null;
        }

        /// <summary>
        /// Awkward values for every value representation: one recipe per (field, action, value), where the field is the first
        /// dictionary keyword of each VR that the samples hold or not, plus a private element, and the values are text no such VR
        /// holds (letters where numbers go, characters beyond ASCII, a NUL, a backslash, 70,000 characters, numbers out of range),
        /// variables and functions. Each must run as <see cref="Run"/>'s mutants do. Returns every problem found.
        /// </summary>
        public List<string> RunGrid(string work)
        {
            var fields = new List<string>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var entry in DicomDictionary.Entries)
            {
                if (entry.IsRetired || entry.IsRepeating || entry.Tag.Group == 0x0002 || entry.Tag.Group == 0xFFFE || entry.Tag == DicomTag.PixelData) continue;
                if (seen.Add(entry.VR.ToString())) fields.Add(entry.Keyword);
            }
            fields.AddRange(new[] { "PatientName", "StudyDate", "SpecificCharacterSet", "SOPInstanceUID", "ReferencedImageSequence", "(0009,\"ACME\",10)", "(0011,1010)" });
            string[] values =
            {
                "x", "\u00e9", "\u5c71\u7530", "a\\b", "\\", "-1", "1e400", "99999999999999999999", "0.5", "19000101", "20991231235959.999999+1400",
                "1.2.3.4", "(0010,0010)", new string('9', 70_000), "var:missing", "func:missing", "deid_func:generate_uid", "deid_func:dicom_uuid",
                "deid_func:jitter_timestamp days=5", "deid_func:suffix_uid", " ", "\"quoted\"",
            };
            var problems = new List<string>();
            long refused = 0, applied = 0;
            foreach (string field in fields)
            {
                foreach (string action in new[] { "ADD", "REPLACE", "JITTER", "BLANK", "KEEP", "REMOVE" })
                {
                    foreach (string value in action == "BLANK" || action == "KEEP" || action == "REMOVE" ? new[] { string.Empty } : values)
                    {
                        string text = $"FORMAT dicom\n%header\n{action} {field}{(value.Length > 0 ? " " + value : string.Empty)}\n";
                        DeidRecipe recipe;
                        try
                        {
                            recipe = _parser.Parse(text, "grid").Recipe;
                        }
                        catch (RecipeException)
                        {
                            refused++;
                            continue;
                        }
                        catch (Exception ex)
                        {
                            problems.Add($"{action} {field} {Show(value.Length > 40 ? value.Substring(0, 40) + "..." : value)}: read: {ex}");
                            continue;
                        }
                        applied++;
                        foreach (var (path, header) in _samples)
                        {
                            string? problem = Use(recipe, null, path, header, work, applied);
                            if (problem != null)
                            {
                                problems.Add($"{action} {field} {Show(value.Length > 40 ? value.Substring(0, 40) + "..." : value)} on {Path.GetFileName(path)}: {problem}");
                                break;
                            }
                        }
                    }
                }
            }
            GridCounts = (fields.Count, refused, applied);
            return problems;
        }

        /// <summary>What the last <see cref="RunGrid"/> covered: fields, recipes refused when read, recipes run.</summary>
        public (int Fields, long Refused, long Applied) GridCounts { get; private set; }

        private static string? Use(DeidRecipe recipe, FilterEvaluator? filters, string path, DicomFile header, string work, long caseIndex)
        {
            string? problem;
            if (filters != null)
            {
                Guard("Test-DicomBurnedPixel", () => filters.Evaluate(header), out problem);
                if (problem != null) return problem;
            }
            Guard("Get-DicomIdentifier", () => IdentifierExtractor.Extract(header, path, new IdentifierOptions { Recipe = recipe, SkipPrivate = caseIndex % 2 == 0 }), out problem);
            if (problem != null) return problem;
            string output = Path.Combine(work, "out-" + Path.GetFileName(path));
            var bytes = Guard("Invoke-DeidReplace", () =>
            {
                var file = DicomFile.Open(path);
                var engine = new HeaderActionEngine(recipe, new DeidReplaceOptions { RemovePrivate = caseIndex % 3 == 0 }, new UidGenerator());
                var context = new FileStepContext(file, path, new Dictionary<string, object?>(), new List<DeidWarning>());
                try
                {
                    engine.Begin(context).Apply();
                    using var ms = new MemoryStream();
                    DicomWriter.Write(file, ms);
                    return ms.ToArray();
                }
                finally
                {
                    context.DisposeResources();
                }
            }, out problem);
            if (problem != null) return problem;
            if (bytes == null) return null;
            try
            {
                DicomFile.Open(bytes, DicomReadOptions.Default, "output");
            }
            catch (Exception ex)
            {
                return "the output of Invoke-DeidReplace does not read back: " + ex;
            }
            File.WriteAllBytes(output, bytes);
            Guard("Test-DeidOutput", () => new DeidAudit(recipe).Audit(path, output), out problem);
            return problem;
        }

        /// <summary>Runs <paramref name="body"/>; what the cmdlets report per file gives null, anything else a problem.</summary>
        private static T? Guard<T>(string stage, Func<T> body, out string? problem)
            where T : class
        {
            problem = null;
            try
            {
                return body();
            }
            catch (Exception ex) when (ex is DicomFormatException || ex is RecipeException || ex is LostCharacterException || ex is ValueTooLongException)
            {
                return null;
            }
            catch (Exception ex)
            {
                problem = stage + ": " + ex;
                return null;
            }
        }
    }
}
