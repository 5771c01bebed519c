using System;
using System.Collections.Generic;

namespace Deid.Fields
{
    /// <summary>
    /// Compares strings as equal when their <see cref="string.ToLowerInvariant"/> forms are ordinally equal — deid's
    /// <c>field.lower() == key</c> — without making the lower-case copies. Field listing indexes every element under seven or
    /// eight names, and every recipe action looks one up, so lower-casing them was most of the engine's allocation per file. ASCII
    /// text (tags, keywords, dictionary names) is compared in place; text with any other character falls back to lower-casing,
    /// which keeps the meaning exactly (a few non-ASCII characters, such as the Kelvin sign, lower-case to ASCII).
    /// </summary>
    internal sealed class LowerInvariantComparer : IEqualityComparer<string>
    {
        /// <summary>The one instance.</summary>
        public static readonly LowerInvariantComparer Instance = new LowerInvariantComparer();

        private LowerInvariantComparer()
        {
        }

        /// <inheritdoc/>
        public bool Equals(string? x, string? y)
        {
            if (ReferenceEquals(x, y)) return true;
            if (x == null || y == null) return false;
            // ToLowerInvariant maps each UTF-16 unit (or surrogate pair) to one of the same length, so lengths must agree.
            if (x.Length != y.Length) return false;
            for (int i = 0; i < x.Length; i++)
            {
                char a = x[i], b = y[i];
                if ((a | b) >= 0x80) return string.Equals(x.ToLowerInvariant(), y.ToLowerInvariant(), StringComparison.Ordinal);
                if (AsciiLower(a) != AsciiLower(b)) return false;
            }
            return true;
        }

        /// <inheritdoc/>
        public int GetHashCode(string obj)
        {
            if (obj == null) throw new ArgumentNullException(nameof(obj));
            foreach (char c in obj)
            {
                if (c >= 0x80) return Hash(obj.ToLowerInvariant(), lowered: true);
            }
            return Hash(obj, lowered: false);
        }

        // The same function over the lower-cased characters either way, so an ASCII string and a non-ASCII string that
        // lower-case alike (K and the Kelvin sign) hash alike.
        private static int Hash(string s, bool lowered)
        {
            unchecked
            {
                uint h = 2166136261;
                foreach (char c in s) h = (h ^ (lowered ? c : AsciiLower(c))) * 16777619;
                return (int)h;
            }
        }

        private static char AsciiLower(char c) => c >= 'A' && c <= 'Z' ? (char)(c + 32) : c;
    }
}
