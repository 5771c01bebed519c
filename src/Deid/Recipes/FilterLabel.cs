using System;
using System.Collections.Generic;

namespace Deid.Recipes
{
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
}
