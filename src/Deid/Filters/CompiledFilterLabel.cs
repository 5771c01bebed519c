using System.Collections.Generic;
using System.Text;
using Deid.Recipes;

namespace Deid.Filters
{
    /// <summary>
    /// A label compiled for evaluation: its criteria lines of compiled tests, the reason deid prints for it (fixed per recipe) and its
    /// coordinates lines.
    /// </summary>
    internal sealed class CompiledFilterLabel
    {
        public CompiledFilterLabel(string group, FilterLabel label, CompiledFilterTest[][] lines, string reason)
        {
            Group = group;
            Label = label;
            Lines = lines;
            Reason = reason;
            Coordinates = label.Coordinates.ToArray();
        }

        public string Group { get; }

        public FilterLabel Label { get; }

        /// <summary>The criteria lines, each its tests in order.</summary>
        public CompiledFilterTest[][] Lines { get; }

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

        /// <summary>The tests of each criteria line with how each joins the fold of its line (None for the line's first).</summary>
        public static List<List<(FilterTest Test, FilterOperator Join)>> SplitLines(FilterLabel label)
        {
            var lines = new List<List<(FilterTest, FilterOperator)>>(label.Criteria.Count);
            foreach (var line in label.Criteria)
            {
                var tests = new List<(FilterTest, FilterOperator)>(line.Tests.Count);
                for (int i = 0; i < line.Tests.Count; i++) tests.Add((line.Tests[i], i == 0 ? FilterOperator.None : line.Tests[i].Operator));
                lines.Add(tests);
            }
            return lines;
        }
    }
}
