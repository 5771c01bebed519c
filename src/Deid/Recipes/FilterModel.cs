using System;
using System.Collections.Generic;
using System.Globalization;
using Deid.Fields;

namespace Deid.Recipes
{
    /// <summary>A filter test (deid's <c>filters</c> tuple, deid/config/standards.py).</summary>
    public enum FilterPredicate
    {
        /// <summary>contains FIELD REGEX: a value of the field, lower-cased and trimmed, matches the lower-cased regular expression (search).</summary>
        Contains,

        /// <summary>notcontains FIELD REGEX: the negation of <see cref="Contains"/>.</summary>
        NotContains,

        /// <summary>equals FIELD TEXT: a value of the field equals the text, ignoring case and surrounding whitespace ('|' is not special).</summary>
        Equals,

        /// <summary>notequals FIELD TEXT: the negation of <see cref="Equals"/>.</summary>
        NotEquals,

        /// <summary>missing FIELD: the field is absent (or its value is None).</summary>
        Missing,

        /// <summary>present FIELD: not <see cref="Missing"/>.</summary>
        Present,

        /// <summary>empty FIELD: the field is present and its value is empty; an absent field is not empty.</summary>
        Empty,
    }

    /// <summary>How a test or a criteria line joins what comes before it.</summary>
    public enum FilterOperator
    {
        /// <summary>The first test of a line, or a line written without an operator.</summary>
        None,

        /// <summary>'+' (deid's "and").</summary>
        And,

        /// <summary>'||' (deid's "or").</summary>
        Or,
    }

    /// <summary>One test of a criteria line, e.g. <c>contains Modality CT</c>. Equality compares operator, predicate, field and value.</summary>
    public sealed class FilterTest : IEquatable<FilterTest>
    {
        /// <summary>Creates a test; <paramref name="value"/> is required for contains/notcontains/equals/notequals and not allowed otherwise.</summary>
        public FilterTest(FilterOperator @operator, FilterPredicate predicate, FieldSpec field, string? value)
        {
            bool needsValue = predicate == FilterPredicate.Contains || predicate == FilterPredicate.NotContains
                || predicate == FilterPredicate.Equals || predicate == FilterPredicate.NotEquals;
            if (needsValue && value is null) throw new ArgumentException($"{PredicateName(predicate)} needs a value.", nameof(value));
            if (!needsValue && value is not null) throw new ArgumentException($"{PredicateName(predicate)} takes no value.", nameof(value));
            if (field is null) throw new ArgumentNullException(nameof(field));
            if (value is not null)
            {
                string? why = value.Length == 0 ? "it is empty" : RecipeWriter.Unwritable(value, tokenized: false, allowHash: true);
                if (why != null) throw new ArgumentException($"'{value}' cannot be the value of a filter test: {why}.", nameof(value));
            }
            string text = value is null ? PredicateName(predicate) + " " + field.Text : PredicateName(predicate) + " " + field.Text + " " + value;
            if (FilterParser.WouldSplit(text))
                throw new ArgumentException($"'{text}' would be read back as more than one test: deid splits at the first '+' or '||' followed by a filter word.", nameof(value));
            Operator = @operator;
            Predicate = predicate;
            Field = field;
            Value = value;
        }

        /// <summary>How this test joins the previous test of the same line (deid's InnerOperators); None for the first.</summary>
        public FilterOperator Operator { get; }

        /// <summary>The test.</summary>
        public FilterPredicate Predicate { get; }

        /// <summary>The field tested: deid reads a keyword, or a number when the text contains "0x".</summary>
        public FieldSpec Field { get; }

        /// <summary>The value compared with, trimmed; null for missing/present/empty.</summary>
        public string? Value { get; }

        /// <summary>The lower-case recipe word of a predicate.</summary>
        public static string PredicateName(FilterPredicate predicate) => predicate switch
        {
            FilterPredicate.Contains => "contains",
            FilterPredicate.NotContains => "notcontains",
            FilterPredicate.Equals => "equals",
            FilterPredicate.NotEquals => "notequals",
            FilterPredicate.Missing => "missing",
            FilterPredicate.Present => "present",
            FilterPredicate.Empty => "empty",
            _ => throw new ArgumentOutOfRangeException(nameof(predicate)),
        };

        /// <summary>Reads a predicate word ignoring case.</summary>
        public static bool TryParsePredicate(string? text, out FilterPredicate predicate)
        {
            predicate = default;
            switch (text?.ToLowerInvariant())
            {
                case "contains": predicate = FilterPredicate.Contains; return true;
                case "notcontains": predicate = FilterPredicate.NotContains; return true;
                case "equals": predicate = FilterPredicate.Equals; return true;
                case "notequals": predicate = FilterPredicate.NotEquals; return true;
                case "missing": predicate = FilterPredicate.Missing; return true;
                case "present": predicate = FilterPredicate.Present; return true;
                case "empty": predicate = FilterPredicate.Empty; return true;
                default: return false;
            }
        }

        /// <summary>The test as recipe text, without its operator: <c>contains Modality CT</c>.</summary>
        public override string ToString() => Value is null ? $"{PredicateName(Predicate)} {Field}" : $"{PredicateName(Predicate)} {Field} {Value}";

        /// <inheritdoc/>
        public bool Equals(FilterTest? other) =>
            other is not null && Operator == other.Operator && Predicate == other.Predicate && Field.Equals(other.Field)
            && string.Equals(Value, other.Value, StringComparison.Ordinal);

        /// <inheritdoc/>
        public override bool Equals(object? obj) => Equals(obj as FilterTest);

        /// <inheritdoc/>
        public override int GetHashCode() => ((int)Operator * 31 + (int)Predicate) ^ Field.GetHashCode() ^ (Value is null ? 0 : StringComparer.Ordinal.GetHashCode(Value));
    }

    /// <summary>
    /// One criteria line of a filter label: an optional leading operator and one or more tests joined by inner operators.
    /// deid 0.4.12's evaluation (deid/dicom/pixels/detect.py) folds the tests of a line left to right without precedence, and then
    /// ANDs the lines of a label together whatever their leading operator says (see docs/recipe-semantics.md).
    /// </summary>
    public sealed class FilterCriterion : IEquatable<FilterCriterion>
    {
        /// <summary>Creates a criteria line.</summary>
        public FilterCriterion(FilterOperator @operator, IEnumerable<FilterTest> tests, int line = 0)
        {
            Operator = @operator;
            var list = new List<FilterTest>(tests ?? throw new ArgumentNullException(nameof(tests)));
            if (list.Count == 0) throw new ArgumentException("A criteria line needs at least one test.", nameof(tests));
            Tests = list;
            Line = line;
        }

        /// <summary>The line's leading operator ('+' or '||'), None when the line has none.</summary>
        public FilterOperator Operator { get; }

        /// <summary>The tests in order; each after the first carries the inner operator that joins it.</summary>
        public IReadOnlyList<FilterTest> Tests { get; }

        /// <summary>deid's InnerOperators: the operators between the tests.</summary>
        public IReadOnlyList<FilterOperator> InnerOperators
        {
            get
            {
                var ops = new List<FilterOperator>();
                for (int i = 1; i < Tests.Count; i++) ops.Add(Tests[i].Operator);
                return ops;
            }
        }

        /// <summary>The 1-based line it was read from; 0 when built in code (not part of equality).</summary>
        public int Line { get; }

        /// <summary>The line as recipe text: <c>+ contains A x || equals B y</c>.</summary>
        public override string ToString() => RecipeWriter.FormatCriterion(this);

        /// <inheritdoc/>
        public bool Equals(FilterCriterion? other)
        {
            if (other is null || Operator != other.Operator || Tests.Count != other.Tests.Count) return false;
            for (int i = 0; i < Tests.Count; i++)
            {
                if (!Tests[i].Equals(other.Tests[i])) return false;
            }
            return true;
        }

        /// <inheritdoc/>
        public override bool Equals(object? obj) => Equals(obj as FilterCriterion);

        /// <inheritdoc/>
        public override int GetHashCode()
        {
            int h = (int)Operator;
            foreach (var t in Tests) h = h * 31 + t.GetHashCode();
            return h;
        }
    }

    /// <summary>What a coordinates line gives.</summary>
    public enum CoordinatesKind
    {
        /// <summary>A rectangle (xmin, ymin, xmax, ymax).</summary>
        Rectangle,

        /// <summary><c>all</c>: the whole image.</summary>
        All,

        /// <summary><c>from:FIELD</c>: the regions of a sequence such as SequenceOfUltrasoundRegions (RegionLocationMinX0, ...).</summary>
        FromField,
    }

    /// <summary>
    /// A coordinates line of a filter label: <c>coordinates</c> / <c>keepcoordinates</c> take xmin,ymin,xmax,ymax (or all, or from:FIELD);
    /// <c>ctpcoordinates</c> / <c>ctpkeepcoordinates</c> take CTP's x,y,width,height (or all) and are converted as deid converts them.
    /// Equality compares the keyword and the text.
    /// </summary>
    public sealed class FilterCoordinates : IEquatable<FilterCoordinates>
    {
        private FilterCoordinates(bool keep, bool isCtp, string text, CoordinatesKind kind, int xMin, int yMin, int xMax, int yMax, FieldSpec? from)
        {
            Keep = keep;
            IsCtp = isCtp;
            Text = text;
            Kind = kind;
            XMin = xMin;
            YMin = yMin;
            XMax = xMax;
            YMax = yMax;
            From = from;
        }

        /// <summary>True for keepcoordinates / ctpkeepcoordinates (mask value 1: keep); false for regions to blank (mask value 0).</summary>
        public bool Keep { get; }

        /// <summary>True when written as ctpcoordinates / ctpkeepcoordinates (x, y, width, height).</summary>
        public bool IsCtp { get; }

        /// <summary>The text after the keyword, as written.</summary>
        public string Text { get; }

        /// <summary>What the text gives.</summary>
        public CoordinatesKind Kind { get; }

        /// <summary>Left edge (inclusive) for a rectangle.</summary>
        public int XMin { get; }

        /// <summary>Top edge (inclusive) for a rectangle.</summary>
        public int YMin { get; }

        /// <summary>Right edge (exclusive, as numpy slices) for a rectangle; for CTP input x + width.</summary>
        public int XMax { get; }

        /// <summary>Bottom edge (exclusive) for a rectangle; for CTP input y + height.</summary>
        public int YMax { get; }

        /// <summary>The field named by <c>from:</c>.</summary>
        public FieldSpec? From { get; }

        /// <summary>The recipe keyword: coordinates, keepcoordinates, ctpcoordinates or ctpkeepcoordinates.</summary>
        public string Keyword => (IsCtp ? "ctp" : "") + (Keep ? "keep" : "") + "coordinates";

        /// <summary>deid's stored form: "xmin,ymin,xmax,ymax", "all" or "from:FIELD".</summary>
        public string DeidValue => Kind switch
        {
            CoordinatesKind.All => "all",
            CoordinatesKind.FromField => "from:" + From,
            _ => string.Join(",", new[] { XMin, YMin, XMax, YMax }.ToInvariantStrings()),
        };

        /// <summary>
        /// Reads the text after a coordinates keyword. Returns false with what was expected when deid could not use it (a CTP line
        /// that is not four integers or "all" stops deid's loader; a plain one fails when the image is cleaned).
        /// </summary>
        public static bool TryParse(bool keep, bool isCtp, string text, out FilterCoordinates coordinates, out string? error)
        {
            coordinates = null!;
            error = null;
            text = (text ?? "").Trim();
            string keyword = (isCtp ? "ctp" : "") + (keep ? "keep" : "") + "coordinates";
            if (isCtp)
            {
                if (text == "all")
                {
                    coordinates = new FilterCoordinates(keep, true, text, CoordinatesKind.All, 0, 0, 0, 0, null);
                    return true;
                }
                if (text.IndexOf("from:", StringComparison.Ordinal) >= 0)
                {
                    error = $"{keyword} takes x,y,width,height or all; deid 0.4.12 reads from:FIELD only after coordinates or keepcoordinates.";
                    return false;
                }
                var parts = new List<int>();
                foreach (var p in text.Split(','))
                {
                    if (p.Length == 0) continue; // deid drops empty parts of a CTP list
                    if (!PythonText.TryParseInt(p, out int v))
                    {
                        error = $"{keyword} expects four integers x,y,width,height, found '{text}'.";
                        return false;
                    }
                    parts.Add(v);
                }
                if (parts.Count != 4)
                {
                    error = $"{keyword} expects four integers x,y,width,height, found {parts.Count} in '{text}'.";
                    return false;
                }
                coordinates = new FilterCoordinates(keep, true, text, CoordinatesKind.Rectangle, parts[0], parts[1], parts[0] + parts[2], parts[1] + parts[3], null);
                return true;
            }

            if (string.Equals(text, "all", StringComparison.OrdinalIgnoreCase))
            {
                coordinates = new FilterCoordinates(keep, false, text, CoordinatesKind.All, 0, 0, 0, 0, null);
                return true;
            }
            int from = text.IndexOf("from:", StringComparison.Ordinal);
            if (from >= 0)
            {
                string fieldText = text.Remove(from, 5);
                if (!FieldSpec.TryParse(fieldText, out var field, out var fieldError))
                {
                    error = $"{keyword} from: {fieldError}";
                    return false;
                }
                coordinates = new FilterCoordinates(keep, false, text, CoordinatesKind.FromField, 0, 0, 0, 0, field);
                return true;
            }
            var values = text.Split(',');
            var ints = new int[4];
            if (values.Length != 4)
            {
                error = $"{keyword} expects xmin,ymin,xmax,ymax, all or from:FIELD, found '{text}'.";
                return false;
            }
            for (int i = 0; i < 4; i++)
            {
                if (!PythonText.TryParseInt(values[i], out ints[i]))
                {
                    error = $"{keyword} expects four integers xmin,ymin,xmax,ymax, found '{text}'.";
                    return false;
                }
            }
            coordinates = new FilterCoordinates(keep, false, text, CoordinatesKind.Rectangle, ints[0], ints[1], ints[2], ints[3], null);
            return true;
        }

        /// <summary>Parses as <see cref="TryParse"/>, throwing <see cref="FormatException"/> on failure.</summary>
        public static FilterCoordinates Parse(bool keep, bool isCtp, string text) =>
            TryParse(keep, isCtp, text, out var c, out var error) ? c : throw new FormatException(error);

        /// <summary>The line as recipe text: keyword and text.</summary>
        public override string ToString() => Keyword + " " + Text;

        /// <inheritdoc/>
        public bool Equals(FilterCoordinates? other) =>
            other is not null && Keep == other.Keep && IsCtp == other.IsCtp && string.Equals(Text, other.Text, StringComparison.Ordinal);

        /// <inheritdoc/>
        public override bool Equals(object? obj) => Equals(obj as FilterCoordinates);

        /// <inheritdoc/>
        public override int GetHashCode() => (Keep ? 1 : 0) + (IsCtp ? 2 : 0) + 4 * StringComparer.Ordinal.GetHashCode(Text);
    }

    /// <summary>One LABEL of a filter group: its criteria lines and the pixel regions it names.</summary>
    public sealed class FilterLabel : IEquatable<FilterLabel>
    {
        /// <summary>Creates an empty label.</summary>
        public FilterLabel(string name, string? source = null, int line = 0)
        {
            Name = name;
            Source = source;
            Line = line;
        }

        private string _name = "";

        /// <summary>
        /// The label text after LABEL, without a trailing '#' comment. (deid 0.4.12 keeps the word "LABEL" in its stored name because its
        /// removal is case-sensitive; the name is only used in reports.)
        /// </summary>
        public string Name
        {
            get => _name;
            set => _name = RecipeNames.CheckLabelName(value);
        }

        /// <summary>The criteria lines in order.</summary>
        public List<FilterCriterion> Criteria { get; } = new List<FilterCriterion>();

        /// <summary>The coordinates lines in order.</summary>
        public List<FilterCoordinates> Coordinates { get; } = new List<FilterCoordinates>();

        /// <summary>The recipe the label was read from.</summary>
        public string? Source { get; set; }

        /// <summary>The 1-based line of the LABEL keyword.</summary>
        public int Line { get; set; }

        /// <summary>A deep copy.</summary>
        public FilterLabel Clone()
        {
            var c = new FilterLabel(Name, Source, Line);
            c.Criteria.AddRange(Criteria);
            c.Coordinates.AddRange(Coordinates);
            return c;
        }

        /// <summary>The label as recipe text.</summary>
        public override string ToString() => RecipeWriter.FormatLabel(this);

        /// <inheritdoc/>
        public bool Equals(FilterLabel? other) =>
            other is not null && string.Equals(Name, other.Name, StringComparison.Ordinal)
            && RecipeEquality.SequenceEqual(Criteria, other.Criteria) && RecipeEquality.SequenceEqual(Coordinates, other.Coordinates);

        /// <inheritdoc/>
        public override bool Equals(object? obj) => Equals(obj as FilterLabel);

        /// <inheritdoc/>
        public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Name) ^ Criteria.Count ^ (Coordinates.Count << 8);
    }

    /// <summary>A <c>%filter NAME</c> section: its labels in order.</summary>
    public sealed class FilterGroup : IEquatable<FilterGroup>
    {
        /// <summary>Creates an empty group.</summary>
        public FilterGroup(string name) => Name = name;

        private string _name = "";

        /// <summary>The group name (whitelist, graylist, blacklist or any other).</summary>
        public string Name
        {
            get => _name;
            set => _name = RecipeNames.CheckGroupName(value);
        }

        /// <summary>The labels in order.</summary>
        public List<FilterLabel> Labels { get; } = new List<FilterLabel>();

        /// <summary>A deep copy.</summary>
        public FilterGroup Clone()
        {
            var c = new FilterGroup(Name);
            foreach (var l in Labels) c.Labels.Add(l.Clone());
            return c;
        }

        /// <summary>"%filter NAME (n labels)".</summary>
        public override string ToString() => $"%filter {Name} ({Labels.Count} labels)";

        /// <inheritdoc/>
        public bool Equals(FilterGroup? other) =>
            other is not null && string.Equals(Name, other.Name, StringComparison.Ordinal) && RecipeEquality.SequenceEqual(Labels, other.Labels);

        /// <inheritdoc/>
        public override bool Equals(object? obj) => Equals(obj as FilterGroup);

        /// <inheritdoc/>
        public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Name) ^ Labels.Count;
    }

    internal static class RecipeEquality
    {
        public static bool SequenceEqual<T>(IReadOnlyList<T> a, IReadOnlyList<T> b) where T : class, IEquatable<T>
        {
            if (a.Count != b.Count) return false;
            for (int i = 0; i < a.Count; i++)
            {
                if (!a[i].Equals(b[i])) return false;
            }
            return true;
        }

        public static string[] ToInvariantStrings(this int[] values)
        {
            var s = new string[values.Length];
            for (int i = 0; i < values.Length; i++) s[i] = values[i].ToString(CultureInfo.InvariantCulture);
            return s;
        }
    }
}
