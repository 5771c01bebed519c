using System;
using System.Collections.Generic;

namespace Deid.Profile
{
    /// <summary>
    /// Other ways people and systems write an identifier, for the descriptor cleaner and the leak audit alike: an ID with its
    /// separators changed or dropped ("ZZC06-4471" typed as "ZZC06 4471", "ZZC06_4471", "ZZC064471"), and a name part with an
    /// apostrophe or hyphen written without it ("O'BRIEN" as "OBRIEN", "O BRIEN", "BRIEN").
    /// </summary>
    internal static class IdentifierVariants
    {
        private const string Separators = "-_./ ";
        private static readonly char[] SeparatorChars = Separators.ToCharArray();

        // Longer values are text, not IDs; more separators than this is a sentence.
        private const int MaxIdLength = 32;
        private const int MaxSeparators = 4;

        /// <summary>
        /// The other spellings of an ID-like value — letters and digits, with at least one digit, in parts joined by separators
        /// (- _ . / space) — with every separator replaced by each of them, and with none; nothing for any other value.
        /// </summary>
        public static IEnumerable<string> OfId(string value)
        {
            string v = value.Trim();
            if (v.Length == 0 || v.Length > MaxIdLength || !IsIdLike(v, out int separators) || separators == 0) yield break;
            // IsIdLike saw no empty part (no separator doubled or at an end), so the plain split gives the parts.
            var parts = v.Split(SeparatorChars);
            yield return string.Concat(parts);
            foreach (char s in Separators)
            {
                string joined = string.Join(s.ToString(), parts);
                if (!string.Equals(joined, v, StringComparison.Ordinal)) yield return joined;
            }
        }

        /// <summary>
        /// The other spellings of a name part holding an apostrophe or hyphen (O'BRIEN, DOE-SMITH): without it, with a space for
        /// it, and each piece of at least two letters on its own; nothing for any other part.
        /// </summary>
        public static IEnumerable<string> OfNamePart(string part)
        {
            if (part.IndexOfAny(NameJoiners) < 0) yield break;
            var pieces = part.Split(NameJoiners, StringSplitOptions.RemoveEmptyEntries);
            if (pieces.Length < 2) yield break;
            yield return string.Concat(pieces);
            yield return string.Join(" ", pieces);
            foreach (var piece in pieces)
            {
                if (piece.Length >= 2) yield return piece;
            }
        }

        private static readonly char[] NameJoiners = { '\'', '’', '-' };

        private static bool IsIdLike(string v, out int separators)
        {
            separators = 0;
            bool digit = false;
            for (int i = 0; i < v.Length; i++)
            {
                char c = v[i];
                if (c >= '0' && c <= '9') digit = true;
                else if (Separators.IndexOf(c) >= 0)
                {
                    // A separator sits between two alphanumeric parts, never doubled or at an end.
                    if (i == 0 || i == v.Length - 1 || Separators.IndexOf(v[i - 1]) >= 0) return false;
                    if (++separators > MaxSeparators) return false;
                }
                else if (!(c < 0x80 && char.IsLetter(c))) return false;
            }
            return digit;
        }
    }
}
