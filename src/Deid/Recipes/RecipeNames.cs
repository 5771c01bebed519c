using System;

namespace Deid.Recipes
{
    internal static class RecipeNames
    {
        public static string CheckGroupName(string? name)
        {
            if (name == null) throw new ArgumentNullException(nameof(name));
            if (name.Length == 0) throw new ArgumentException("A group name cannot be empty.", nameof(name));
            string? why = RecipeWriter.Unwritable(name, tokenized: false);
            if (why != null) throw new ArgumentException($"'{name}' cannot be a group name: {why}.", nameof(name));
            return name;
        }

        public static string CheckLabelName(string? name)
        {
            if (name == null) throw new ArgumentNullException(nameof(name));
            string? why = RecipeWriter.Unwritable(name, tokenized: false);
            if (why != null) throw new ArgumentException($"'{name}' cannot be a label name: {why}.", nameof(name));
            return name;
        }
    }
}
