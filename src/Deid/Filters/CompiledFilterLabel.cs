using System.Collections.Generic;
using System.Text;
using Deid.Recipes;

namespace Deid.Filters
{
    /// <summary>
    /// A label compiled for evaluation: its tests flattened into deid's one fold (lines joined by "and"), the reason deid prints for
    /// it (fixed per recipe) and its coordinates lines.
    /// </summary>
    internal sealed class CompiledFilterLabel
    {
        public CompiledFilterLabel(string group, FilterLabel label, CompiledFilterTest[] tests, string reason)
        {
            Group = group;
            Label = label;
            Tests = tests;
            Reason = reason;
            Coordinates = label.Coordinates.ToArray();
        }

        public string Group { get; }

        public FilterLabel Label { get; }

        public CompiledFilterTest[] Tests { get; }

        public string Reason { get; }

        public FilterCoordinates[] Coordinates { get; }

        /// <summary>
        /// deid's reason: "FIELD ACTION VALUE" per test (an empty value leaves its trailing space), followed by " and"/" or" when an
        /// inner operator follows, all joined by spaces, after the last criteria line's own operator word ("" without one).
        /// </summary>
        public static string FormatReason(FilterLabel label)
        {
            var sb = new StringBuilder();
            FilterOperator lastLine = FilterOperator.None;
            bool first = true;
            foreach (var line in label.Criteria)
            {
                lastLine = line.Operator;
                for (int i = 0; i < line.Tests.Count; i++)
                {
                    var t = line.Tests[i];
                    if (!first) sb.Append(' ');
                    first = false;
                    sb.Append(t.Field.Text).Append(' ').Append(FilterTest.PredicateName(t.Predicate)).Append(' ').Append(t.Value ?? "");
                    if (i + 1 < line.Tests.Count) sb.Append(' ').Append(OperatorWord(line.Tests[i + 1].Operator));
                }
            }
            return (OperatorWord(lastLine) + " " + sb).Replace("\n", " ");
        }

        /// <summary>deid's word for an operator: "and", "or", or "" for none.</summary>
        public static string OperatorWord(FilterOperator op) => op == FilterOperator.And ? "and" : op == FilterOperator.Or ? "or" : "";

        /// <summary>deid's flat test list and fold joins for a label; lines after the first join with "and" whatever they start with.</summary>
        public static List<(FilterTest Test, FilterOperator Join)> Flatten(FilterLabel label)
        {
            var list = new List<(FilterTest, FilterOperator)>();
            foreach (var line in label.Criteria)
            {
                for (int i = 0; i < line.Tests.Count; i++)
                {
                    FilterOperator join = i > 0 ? line.Tests[i].Operator : list.Count > 0 ? FilterOperator.And : FilterOperator.None;
                    list.Add((line.Tests[i], join));
                }
            }
            return list;
        }
    }
}
