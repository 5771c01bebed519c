using System;
using System.Collections.Generic;
using Deid.Dicom;
using Deid.Recipes;

namespace Deid.Filters
{
    /// <summary>
    /// Evaluates a recipe's <c>%filter</c> sections against file headers, as deid 0.4.12's <c>has_burned_pixels</c> does: every
    /// group in recipe order and every label in it (whitelist included, nothing stops early); the tests of a criteria line fold left
    /// to right without precedence and a label's lines are ANDed (docs/recipe-semantics.md §6). The recipe is compiled once (fields
    /// resolved, regular expressions built); an evaluator is immutable and can be shared between threads.
    /// </summary>
    public sealed class FilterEvaluator
    {
        private readonly CompiledFilterLabel[] _labels;
        private readonly FilterField[] _fields;

        /// <summary>Compiles the filters of <paramref name="recipe"/>.</summary>
        /// <exception cref="ArgumentException">A <c>contains</c> value is not a regular expression .NET can read.</exception>
        public FilterEvaluator(DeidRecipe recipe)
        {
            Recipe = recipe ?? throw new ArgumentNullException(nameof(recipe));
            var fields = new Dictionary<string, FilterField>(StringComparer.Ordinal);
            var labels = new List<CompiledFilterLabel>();
            // deid's reason for a label without criteria starts with the operator of the last criteria line it evaluated before:
            // a variable left over from the previous label's loop (unset for the very first label, where deid crashes).
            string leftoverOperator = "";
            foreach (var group in recipe.Filters)
            {
                foreach (var label in group.Labels)
                {
                    var lines = CompiledFilterLabel.SplitLines(label);
                    var compiled = new CompiledFilterTest[lines.Count][];
                    for (int l = 0; l < lines.Count; l++)
                    {
                        var line = lines[l];
                        compiled[l] = new CompiledFilterTest[line.Count];
                        for (int i = 0; i < line.Count; i++)
                        {
                            string text = line[i].Test.Field.Text;
                            if (!fields.TryGetValue(text, out var field))
                            {
                                field = new FilterField(text, fields.Count);
                                fields.Add(text, field);
                            }
                            compiled[l][i] = new CompiledFilterTest(line[i].Test, field, line[i].Join, label);
                        }
                    }
                    string reason;
                    if (label.Criteria.Count > 0)
                    {
                        reason = CompiledFilterLabel.FormatReason(label);
                        leftoverOperator = CompiledFilterLabel.OperatorWord(label.Criteria[label.Criteria.Count - 1].Operator);
                    }
                    else
                    {
                        reason = leftoverOperator + " LABEL " + label.Name;
                    }
                    labels.Add(new CompiledFilterLabel(group.Name, label, compiled, reason));
                }
            }
            _labels = labels.ToArray();
            _fields = new FilterField[fields.Count];
            foreach (var f in fields.Values) _fields[f.Slot] = f;
        }

        /// <summary>The recipe evaluated.</summary>
        public DeidRecipe Recipe { get; }

        /// <summary>
        /// How files are read first: past Pixel Data, whose value stays on disk (never loaded), so that Pixel Data is present and
        /// the elements after it (Data Set Trailing Padding, private blocks) are seen, as pydicom's whole-file read shows them to
        /// deid. A file that cannot be read past its Pixel Data (cut inside its pixels) is read up to it instead
        /// (<see cref="DicomReadOptions.HeaderOnly"/>), as before: no new error for a file whose header is whole.
        /// </summary>
        public static DicomReadOptions ReadOptions => DicomReadOptions.Default;

        /// <summary>Reads <paramref name="path"/> (see <see cref="ReadOptions"/>) and evaluates it.</summary>
        /// <exception cref="DicomFormatException">The file is not DICOM, or is broken before its Pixel Data.</exception>
        public BurnedPixelResult EvaluateFile(string path)
        {
            if (path == null) throw new ArgumentNullException(nameof(path));
            return Evaluate(Inspection.PastPixelData.Open(path));
        }

        /// <summary>
        /// Evaluates a file already read (its dataset; the file meta information is not visible to filters, as in pydicom). A file
        /// read up to its Pixel Data (<see cref="DicomFile.StoppedBeforePixelData"/>) has one: Pixel Data is present to the tests.
        /// </summary>
        public BurnedPixelResult Evaluate(DicomFile file)
        {
            if (file == null) throw new ArgumentNullException(nameof(file));
            return Evaluate(file.Dataset, file.SourcePath, file.StoppedBeforePixelData);
        }

        /// <summary>Evaluates a dataset; <paramref name="path"/> is only reported.</summary>
        public BurnedPixelResult Evaluate(DicomDataset dataset, string? path = null) => Evaluate(dataset, path, pixelDataUnread: false);

        private BurnedPixelResult Evaluate(DicomDataset dataset, string? path, bool pixelDataUnread)
        {
            if (dataset == null) throw new ArgumentNullException(nameof(dataset));
            var views = new FilterFieldView[_fields.Length];
            var read = new bool[_fields.Length];
            List<FilterMatch>? matches = null;
            for (int l = 0; l < _labels.Length; l++)
            {
                var label = _labels[l];
                if (!IsFlagged(label, dataset, pixelDataUnread, views, read)) continue;
                matches ??= new List<FilterMatch>();
                matches.Add(new FilterMatch(label.Group, label.Label.Name, label.Reason, FilterRegions.Resolve(label, dataset)));
            }
            return new BurnedPixelResult(path, matches ?? (IReadOnlyList<FilterMatch>)Array.Empty<FilterMatch>());
        }

        // deid's _has_burned_pixels_single: each criteria line folds its tests left to right without precedence (evaluate_group:
        // a + b || c is (a and b) or c); the lines' verdicts are then ANDed whatever operator a line starts with. A label without
        // criteria flags when it has coordinates. No test has side effects, so a false line ends the label.
        private bool IsFlagged(CompiledFilterLabel label, DicomDataset dataset, bool pixelDataUnread, FilterFieldView[] views, bool[] read)
        {
            var lines = label.Lines;
            if (lines.Length == 0) return label.Coordinates.Length > 0;
            for (int l = 0; l < lines.Length; l++)
            {
                var tests = lines[l];
                bool flagged = false;
                for (int i = 0; i < tests.Length; i++)
                {
                    var test = tests[i];
                    int slot = test.Field.Slot;
                    if (!read[slot])
                    {
                        views[slot] = _fields[slot].Read(dataset, pixelDataUnread);
                        read[slot] = true;
                    }
                    bool flag = test.Evaluate(views[slot]);
                    if (i == 0) flagged = flag;
                    else if (test.Join == FilterOperator.Or) flagged = flag || flagged;
                    else flagged = flag && flagged;
                }
                if (!flagged) return false;
            }
            return true;
        }
    }
}
