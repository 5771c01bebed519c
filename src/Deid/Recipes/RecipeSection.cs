namespace Deid.Recipes
{
    /// <summary>The section a recipe line is in (<c>%header</c>, <c>%labels</c>, <c>%filter NAME</c>, <c>%values NAME</c>, <c>%fields NAME</c>).</summary>
    internal enum RecipeSection
    {
        /// <summary>Before the first section line.</summary>
        None,

        /// <summary>%header: header actions.</summary>
        Header,

        /// <summary>%labels: actions deid stores but does not apply.</summary>
        Labels,

        /// <summary>%filter NAME: LABEL lines with criteria and coordinates.</summary>
        Filter,

        /// <summary>%values NAME: FIELD and SPLIT lines.</summary>
        Values,

        /// <summary>%fields NAME: FIELD lines.</summary>
        Fields,
    }

    /// <summary>The lower-case section keywords, as deid compares them after lower-casing the line.</summary>
    internal static class RecipeSections
    {
        private static readonly string[] Words = { "", "header", "labels", "filter", "values", "fields" };

        /// <summary>The keyword without '%': "header", "values", ...; empty for <see cref="RecipeSection.None"/>.</summary>
        public static string Keyword(this RecipeSection section) => Words[(int)section];

        /// <summary>Reads a lower-case section keyword.</summary>
        public static bool TryParse(string keyword, out RecipeSection section)
        {
            int i = keyword.Length == 0 ? -1 : System.Array.IndexOf(Words, keyword);
            section = i < 0 ? RecipeSection.None : (RecipeSection)i;
            return i >= 0;
        }

        /// <summary>True for the group sections, %values and %fields.</summary>
        public static bool IsGroup(this RecipeSection section) => section == RecipeSection.Values || section == RecipeSection.Fields;
    }
}
