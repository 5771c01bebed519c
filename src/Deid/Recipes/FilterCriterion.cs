using System;
using System.Collections.Generic;

namespace Deid.Recipes
{
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
}
