using System;
using System.Collections.Generic;

namespace Deid.Recipes
{
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
}
