using System;
using System.Collections.Generic;
using System.Globalization;

namespace Deid.Recipes
{
    // Element-wise equality of the recipe model's lists, and the invariant formatting the model's text forms share.
    internal static class RecipeEquality
    {
        public static bool SequenceEqual<T>(IReadOnlyList<T> a, IReadOnlyList<T> b) where T : class, IEquatable<T>
        {
            if (a.Count != b.Count) return false;
            for (int i = 0; i < a.Count; i++)
            {
                if (!a[i].Equals(b[i])) return false;
            }
            return true;
        }

        public static string[] ToInvariantStrings(this int[] values)
        {
            var s = new string[values.Length];
            for (int i = 0; i < values.Length; i++) s[i] = values[i].ToString(CultureInfo.InvariantCulture);
            return s;
        }
    }
}
