using System;
using System.Text.RegularExpressions;
using Deid.Recipes;

namespace Deid.Filters
{
    /// <summary>One test of a label, compiled once per recipe: its field slot, its lower-cased regular expression or term.</summary>
    internal sealed class CompiledFilterTest
    {
        public CompiledFilterTest(FilterTest test, FilterField field, FilterOperator join, FilterLabel label)
        {
            Predicate = test.Predicate;
            Field = field;
            Join = join;
            if (test.Value == null) return;
            string expression = FilterExpression.Normalize(test.Value);
            if (Predicate == FilterPredicate.Contains || Predicate == FilterPredicate.NotContains)
            {
                try
                {
                    Regex = FilterExpression.Compile(expression);
                }
                catch (ArgumentException e)
                {
                    // The parser refuses such a line; a recipe built in code may still hold one.
                    throw new ArgumentException(
                        $"Filter label '{label.Name}' ({label.Source}:{label.Line}): '{test.Value}' is not a regular expression: {e.Message}", e);
                }
            }
            else
            {
                Term = expression;
            }
        }

        public FilterPredicate Predicate { get; }

        public FilterField Field { get; }

        /// <summary>How the test joins the fold of its line so far: None for the line's first, else its inner operator.</summary>
        public FilterOperator Join { get; }

        public Regex? Regex { get; }

        public string? Term { get; }

        public bool Evaluate(in FilterFieldView view)
        {
            switch (Predicate)
            {
                case FilterPredicate.Contains: return IsMatch(view);
                case FilterPredicate.NotContains: return !IsMatch(view);
                case FilterPredicate.Equals: return IsEqual(view);
                case FilterPredicate.NotEquals: return !IsEqual(view);
                case FilterPredicate.Missing: return view.Missing;
                case FilterPredicate.Present: return !view.Missing;
                case FilterPredicate.Empty: return view.Empty;
                default: return false;
            }
        }

        // deid's compareBase: true when one contender matches (a plain list's values, else the one value); the not- forms are its
        // negation, so a value deid skips (None) makes them true.
        private bool IsMatch(in FilterFieldView view)
        {
            if (view.List == null) return view.Text != null && Regex!.IsMatch(view.Text);
            foreach (string value in view.List)
            {
                if (Regex!.IsMatch(value)) return true;
            }
            return false;
        }

        // deid's equalsBase, the same way.
        private bool IsEqual(in FilterFieldView view)
        {
            if (view.List == null) return view.Text != null && string.Equals(view.Text, Term, StringComparison.Ordinal);
            return Array.IndexOf(view.List, Term) >= 0;
        }
    }
}
