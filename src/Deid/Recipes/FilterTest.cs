using System;
using Deid.Fields;

namespace Deid.Recipes
{
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
}
