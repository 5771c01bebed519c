using System;
using System.Collections.Generic;
using System.Text;

namespace Deid.Profile
{
    /// <summary>
    /// Other ways people and systems write an identifier, for the descriptor cleaner and the leak audit alike: an ID with its
    /// separators changed or dropped ("ZZC06-4471" typed as "ZZC06 4471", "ZZC06_4471", "ZZC064471"), and a name part with an
    /// apostrophe or hyphen written without it ("O'BRIEN" as "OBRIEN", "O BRIEN", "BRIEN"), and text in other scripts written
    /// without its accents, in its other cases or widths (<see cref="OfWriting"/>).
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
        /// The ID without its leading zeros (00482913 as 482913): a system that stores it as a number prints it so. Nothing for
        /// a value that is not all digits, has no leading zero, or would keep fewer than five digits (too common a number).
        /// </summary>
        public static IEnumerable<string> OfNumber(string value)
        {
            string v = value.Trim();
            if (v.Length < 2 || v[0] != '0' || !IsAllDigits(v)) yield break;
            string trimmed = v.TrimStart('0');
            if (trimmed.Length >= 5) yield return trimmed;
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

        // A telephone number has at least this many digits; fewer is a code or a count.
        private const int MinPhoneDigits = 7;

        /// <summary>
        /// The other spellings of a telephone number — at least seven digits, written with nothing but digits, spaces, dashes,
        /// dots, slashes, parentheses and a plus — its digit groups run together and joined by each separator ("(555) 019-9123"
        /// as 5550199123, 555 019 9123, 555-019-9123, 555.019.9123); nothing for any other value.
        /// </summary>
        public static IEnumerable<string> OfPhone(string value)
        {
            string v = value.Trim();
            var groups = new List<string>();
            var run = new StringBuilder();
            int digits = 0;
            foreach (char c in v)
            {
                if (c >= '0' && c <= '9')
                {
                    run.Append(c);
                    digits++;
                    continue;
                }
                if (" -./()+".IndexOf(c) < 0) yield break;
                if (run.Length > 0) groups.Add(run.ToString());
                run.Clear();
            }
            if (run.Length > 0) groups.Add(run.ToString());
            if (digits < MinPhoneDigits) yield break;
            yield return string.Concat(groups);
            if (groups.Count < 2) yield break;
            foreach (string s in new[] { " ", "-", ".", "/" }) yield return string.Join(s, groups);
        }

        /// <summary>
        /// The parts of an address a descriptor may quote on their own: each line or comma-separated part ("12 QKSTREET ROAD",
        /// "SPRINGFIELD", "IL 62704"), a part without its house number ("QKSTREET ROAD"), and each number of five digits or more
        /// (a postal code).
        /// </summary>
        public static IEnumerable<string> OfAddress(string value)
        {
            foreach (string piece in value.Split(new[] { ',', ';', '\r', '\n' }, StringSplitOptions.RemoveEmptyEntries))
            {
                string part = piece.Trim();
                if (part.Length == 0) continue;
                yield return part;
                int i = 0;
                while (i < part.Length && (char.IsDigit(part[i]) || part[i] == '-' || part[i] == '/')) i++;
                if (i > 0 && i < part.Length && part[i] == ' ') yield return part.Substring(i).Trim();
                foreach (string word in part.Split(' '))
                {
                    string w = word.Trim('-', '.');
                    if (w.Length >= 5 && IsAllDigits(w)) yield return w;
                }
            }
        }

        /// <summary>True for the attributes whose values are postal addresses (their keyword says so: PatientAddress, InstitutionAddress, ...).</summary>
        public static bool IsAddress(string keyword) => keyword.EndsWith("Address", StringComparison.Ordinal);

        /// <summary>True when <paramref name="s"/> is ASCII digits only (or empty).</summary>
        internal static bool IsAllDigits(string s)
        {
            foreach (char c in s)
            {
                if (c < '0' || c > '9') return false;
            }
            return true;
        }

        private static readonly System.Globalization.TextInfo Turkish = new System.Globalization.CultureInfo("tr-TR").TextInfo;

        /// <summary>
        /// The ways text in a script other than ASCII may be written elsewhere (the text itself first; nothing more for ASCII):
        /// its upper and lower case, with Turkish dotted and dotless i (Işık as IŞIK, ışık); without its accents (Greek capitals
        /// drop the tonos by rule, Ελευθερίου becomes ΕΛΕΥΘΕΡΙΟΥ; Müller is written Muller); with German umlauts spelled out
        /// (Mueller) and Russian ё as е (Пётр as Петр); and in compatibility form, which makes half-width kana full-width (ﾔﾏﾀﾞ
        /// as ヤマダ) and full-width letters plain.
        /// </summary>
        public static IEnumerable<string> OfWriting(string text)
        {
            yield return text;
            bool ascii = true;
            foreach (char c in text) ascii &= c < 0x80;
            if (ascii) yield break;
            var seen = new HashSet<string>(StringComparer.Ordinal) { text };
            foreach (string basis in new[] { text, text.Normalize(NormalizationForm.FormKC), StripMarks(text), SpellOut(text) })
            {
                foreach (string c in new[] { basis, basis.ToUpperInvariant(), basis.ToLowerInvariant(), Turkish.ToUpper(basis), Turkish.ToLower(basis), StripMarks(basis.ToUpperInvariant()) })
                {
                    if (c.Length > 0 && seen.Add(c)) yield return c;
                }
            }
        }

        // The text without combining marks (é to e, ί to ι), recomposed.
        private static string StripMarks(string text)
        {
            string d = text.Normalize(NormalizationForm.FormD);
            var sb = new StringBuilder(d.Length);
            foreach (char c in d)
            {
                if (System.Globalization.CharUnicodeInfo.GetUnicodeCategory(c) != System.Globalization.UnicodeCategory.NonSpacingMark) sb.Append(c);
            }
            return sb.ToString().Normalize(NormalizationForm.FormC);
        }

        // German umlauts and ß spelled out, Russian ё as е: how names are written where the letter is not at hand.
        private static string SpellOut(string text) =>
            text.Replace("ä", "ae").Replace("ö", "oe").Replace("ü", "ue").Replace("Ä", "Ae").Replace("Ö", "Oe").Replace("Ü", "Ue").Replace("ß", "ss")
                .Replace("ё", "е").Replace("Ё", "Е");

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
