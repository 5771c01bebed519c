using System;
using System.Collections.Generic;
using Deid.Inspection;

namespace Deid.Recipes
{
    /// <summary>One filter label together with the group it belongs to: the row Get-DeidFilter lists (a display object; it evaluates nothing).</summary>
    public sealed class DeidFilterRow
    {
        /// <summary>Creates the view of <paramref name="label"/> in <paramref name="group"/>.</summary>
        public DeidFilterRow(string group, FilterLabel label)
        {
            Group = group ?? throw new ArgumentNullException(nameof(group));
            Definition = label ?? throw new ArgumentNullException(nameof(label));
        }

        /// <summary>The %filter group name.</summary>
        public string Group { get; }

        /// <summary>The label name.</summary>
        public string Label => Definition.Name;

        /// <summary>The criteria lines.</summary>
        public JoinedList<FilterCriterion> Criteria => new JoinedList<FilterCriterion>(Definition.Criteria);

        /// <summary>The coordinates lines.</summary>
        public JoinedList<FilterCoordinates> Coordinates => new JoinedList<FilterCoordinates>(Definition.Coordinates);

        /// <summary>The recipe the label came from.</summary>
        public string? Source => Definition.Source;

        /// <summary>The line of its LABEL keyword.</summary>
        public int Line => Definition.Line;

        /// <summary>The label object itself (editable).</summary>
        public FilterLabel Definition { get; }

        /// <summary>The label as recipe text.</summary>
        public override string ToString() => Definition.ToString();

        /// <summary>Every label of every group of <paramref name="recipe"/>, in recipe order.</summary>
        public static List<DeidFilterRow> ListAll(DeidRecipe recipe)
        {
            if (recipe == null) throw new ArgumentNullException(nameof(recipe));
            var list = new List<DeidFilterRow>();
            foreach (var g in recipe.Filters)
            {
                foreach (var l in g.Labels) list.Add(new DeidFilterRow(g.Name, l));
            }
            return list;
        }
    }
}
