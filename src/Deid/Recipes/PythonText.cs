using System;
using System.Globalization;

namespace Deid.Recipes
{
    /// <summary>How Python's int() reads text, which is how deid reads the numbers of a recipe.</summary>
    internal static class PythonText
    {
        /// <summary>
        /// True when <c>int(text)</c> succeeds: surrounding whitespace, an optional sign, ASCII digits with single underscores
        /// between them. (Python has no overflow; <see cref="TryParseInt"/> adds the range of <see cref="int"/>.)
        /// </summary>
        public static bool IsInt(string text)
        {
            string s = text.Trim();
            int start = s.Length > 0 && (s[0] == '+' || s[0] == '-') ? 1 : 0;
            if (start == s.Length || s[start] == '_' || s[s.Length - 1] == '_' || s.IndexOf("__", StringComparison.Ordinal) >= 0) return false;
            for (int i = start; i < s.Length; i++)
            {
                if (!(s[i] >= '0' && s[i] <= '9') && s[i] != '_') return false;
            }
            return true;
        }

        /// <summary><c>int(text)</c> within the range of <see cref="int"/>.</summary>
        public static bool TryParseInt(string text, out int value)
        {
            value = 0;
            return IsInt(text) && int.TryParse(text.Trim().Replace("_", ""), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
        }
    }
}
