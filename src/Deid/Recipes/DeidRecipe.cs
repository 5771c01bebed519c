using System;
using System.Collections.Generic;

namespace Deid.Recipes
{
    /// <summary>
    /// A deid recipe: format, header actions, filter groups, values and fields groups (and deid's rarely used %labels section).
    /// Lists are mutable so recipes can be built and edited in PowerShell; equality compares content in order and ignores provenance
    /// (<see cref="Sources"/>, source files and line numbers), so parse → write → parse gives an equal recipe.
    /// </summary>
    public sealed class DeidRecipe : IEquatable<DeidRecipe>
    {
        private List<RecipeWarning> _loadWarnings = new List<RecipeWarning>();

        /// <summary>The only format deid 0.4.12 knows.</summary>
        public const string DicomFormat = "dicom";

        /// <summary>The format; always "dicom".</summary>
        public string Format { get; set; } = DicomFormat;

        /// <summary>The %header actions in the order deid applies them.</summary>
        public List<HeaderAction> Header { get; } = new List<HeaderAction>();

        /// <summary>
        /// The names (any case) the header lines' <c>var:</c> values give, and with <paramref name="functionsToo"/> their
        /// <c>func:</c> values: the variables a run writes, or the names a script's variables may take.
        /// </summary>
        internal HashSet<string> HeaderValueNames(bool functionsToo)
        {
            var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var action in Header)
            {
                var value = action.Value;
                if (value?.Name != null && (value.Kind == ActionValueKind.Variable || (functionsToo && value.Kind == ActionValueKind.Function))) names.Add(value.Name);
            }
            return names;
        }

        /// <summary>The %filter groups in order.</summary>
        public List<FilterGroup> Filters { get; } = new List<FilterGroup>();

        /// <summary>The %values groups in order.</summary>
        public List<ValuesGroup> Values { get; } = new List<ValuesGroup>();

        /// <summary>The %fields groups in order.</summary>
        public List<FieldsGroup> Fields { get; } = new List<FieldsGroup>();

        /// <summary>The %labels section: actions deid stores for the application and never applies.</summary>
        public List<HeaderAction> Labels { get; } = new List<HeaderAction>();

        /// <summary>The files (or shipped names) this recipe was read from, in load order.</summary>
        public List<string> Sources { get; } = new List<string>();

        /// <summary>
        /// The warnings met while this recipe was read and combined (empty for one built in code): what <c>-Strict</c> turns into
        /// errors when the recipe is given to a cmdlet, however it was loaded. Not part of the recipe's equality.
        /// </summary>
        public IReadOnlyList<RecipeWarning> LoadWarnings => _loadWarnings;

        internal void SetLoadWarnings(IEnumerable<RecipeWarning> warnings) => _loadWarnings = new List<RecipeWarning>(warnings);

        /// <summary>
        /// deid's <c>get_actions(action, field)</c>: the header actions whose keyword equals <paramref name="action"/> and whose field text
        /// equals <paramref name="field"/>, both ignoring case; null means any.
        /// </summary>
        public List<HeaderAction> GetActions(string? action = null, string? field = null)
        {
            var result = new List<HeaderAction>();
            foreach (var a in Header)
            {
                if (action != null && !string.Equals(a.ActionName, action.Trim(), StringComparison.OrdinalIgnoreCase)) continue;
                if (field != null && !string.Equals(a.Field.Text, field, StringComparison.OrdinalIgnoreCase)) continue;
                result.Add(a);
            }
            return result;
        }

        /// <summary>The filter group named <paramref name="name"/> (ordinal), or null.</summary>
        public FilterGroup? GetFilterGroup(string name) => Find(Filters, name, g => g.Name);

        /// <summary>The values group named <paramref name="name"/> (ordinal), or null.</summary>
        public ValuesGroup? GetValuesGroup(string name) => Find(Values, name, g => g.Name);

        /// <summary>The fields group named <paramref name="name"/> (ordinal), or null.</summary>
        public FieldsGroup? GetFieldsGroup(string name) => Find(Fields, name, g => g.Name);

        private static T? Find<T>(List<T> list, string name, Func<T, string> key) where T : class
        {
            foreach (var item in list)
            {
                if (string.Equals(key(item), name, StringComparison.Ordinal)) return item;
            }
            return null;
        }

        /// <summary>Parses recipe text, throwing <see cref="RecipeException"/> for bad text; warnings are dropped (use <see cref="RecipeParser"/> to get them).</summary>
        public static DeidRecipe Parse(string text, string? source = null) => new RecipeParser().Parse(text, source).Recipe;

        /// <summary>
        /// Combines recipes in order, later ones winning conflicts: header and %labels actions are appended (no de-duplication), so a
        /// later action on the same element runs after an earlier one; filter, values and fields groups are added by name, and the
        /// items of a group whose name is already present are appended to it. See docs/recipe-semantics.md for where this departs
        /// from deid 0.4.12's <c>load_combined_deid</c> and why.
        /// </summary>
        public static DeidRecipe Combine(IEnumerable<DeidRecipe> recipes)
        {
            if (recipes == null) throw new ArgumentNullException(nameof(recipes));
            var result = new DeidRecipe();
            bool first = true;
            foreach (var r in recipes)
            {
                if (r == null) throw new ArgumentException("A recipe to combine is null.", nameof(recipes));
                if (first)
                {
                    result.Format = r.Format;
                    first = false;
                }
                else if (!string.Equals(result.Format, r.Format, StringComparison.Ordinal))
                {
                    throw new ArgumentException($"Cannot combine recipes of formats '{result.Format}' and '{r.Format}'.", nameof(recipes));
                }
                result.Header.AddRange(r.Header);
                result.Labels.AddRange(r.Labels);
                foreach (var g in r.Filters)
                {
                    var existing = result.GetFilterGroup(g.Name);
                    if (existing == null) result.Filters.Add(g.Clone());
                    else foreach (var l in g.Labels) existing.Labels.Add(l.Clone());
                }
                foreach (var g in r.Values)
                {
                    var existing = result.GetValuesGroup(g.Name);
                    if (existing == null) result.Values.Add(g.Clone());
                    else existing.Actions.AddRange(g.Actions);
                }
                foreach (var g in r.Fields)
                {
                    var existing = result.GetFieldsGroup(g.Name);
                    if (existing == null) result.Fields.Add(g.Clone());
                    else existing.Actions.AddRange(g.Actions);
                }
                result.Sources.AddRange(r.Sources);
                result._loadWarnings.AddRange(r._loadWarnings);
            }
            return result;
        }

        /// <summary>A deep copy (actions and tests are immutable and shared).</summary>
        public DeidRecipe Clone()
        {
            var c = Combine(new[] { this });
            return c;
        }

        /// <summary>The recipe as recipe text (what Export-DeidRecipe writes).</summary>
        public override string ToString() => RecipeWriter.Write(this);

        /// <inheritdoc/>
        public bool Equals(DeidRecipe? other) =>
            other is not null
            && string.Equals(Format, other.Format, StringComparison.Ordinal)
            && RecipeEquality.SequenceEqual(Header, other.Header)
            && RecipeEquality.SequenceEqual(Labels, other.Labels)
            && RecipeEquality.SequenceEqual(Filters, other.Filters)
            && RecipeEquality.SequenceEqual(Values, other.Values)
            && RecipeEquality.SequenceEqual(Fields, other.Fields);

        /// <inheritdoc/>
        public override bool Equals(object? obj) => Equals(obj as DeidRecipe);

        /// <inheritdoc/>
        public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Format) ^ Header.Count ^ (Filters.Count << 10) ^ (Values.Count << 16) ^ (Fields.Count << 20);
    }
}
