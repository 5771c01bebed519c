using System;
using System.Collections.Generic;
using System.Text;

namespace Deid.Profile
{
    /// <summary>
    /// Other ways people and systems write an identifier: one list for the descriptor cleaner, the leak audit and the kept-file-
    /// name warning, so that what one strikes the others find. An ID or telephone number grouped another way, as a number, without
    /// its letters or in its national form (<see cref="OfGrouping"/>, matched by <see cref="IndexOfRegrouped"/>); a name part
    /// with an apostrophe or hyphen written without it ("O'BRIEN" as "OBRIEN", "O BRIEN", "BRIEN"); an address in its parts;
    /// text in other scripts written without its accents, in its other cases or widths (<see cref="OfWriting"/>), and an ASCII
    /// name in full-width letters (<see cref="OfFullWidth"/>).
    /// </summary>
    internal static class IdentifierVariants
    {
        private const string Separators = "-_./ ";

        // Longer values are text, not IDs; more separators than this is a sentence.
        private const int MaxIdLength = 32;
        private const int MaxSeparators = 4;

        /// <summary>
        /// Characters that may stand between the letters and digits of an ID or telephone number as people and systems regroup
        /// it ("00482913" typed "0048-2913", "88-4417-2" as "884417-2", "+44 20 7946 0958" as "020 7946 0958"): one of them, or
        /// a parenthesis with one of them beside it ("(020) 7946").
        /// </summary>
        internal const string GroupSeparators = "-_./ ()";

        /// <summary>
        /// The letters and digits (nothing else) of every writing of an ID-like value or telephone number that is looked for
        /// with any grouping (<see cref="IndexOfRegrouped"/>): the value itself; without its leading zeros (a system that stores
        /// it as a number prints it so) and without its letters ("A7731902" printed as "7731902"), when five digits or more
        /// remain; a telephone number written in international form also in its national forms ("+44 20 7946 0958" as
        /// "02079460958" and "2079460958"). Nothing for a value that is neither: a name, a sentence, a code without a digit.
        /// </summary>
        /// <param name="value">The value as the file holds it.</param>
        /// <param name="freeText">
        /// True for a description, whose words are what identify it: its number without them (a Series Description
        /// "CT SERIES 10000" as 10000, which the Series Number and the file name of that series hold) is looked for only with
        /// seven digits or more, as many as a telephone or record number has and few counts reach.
        /// </param>
        public static IEnumerable<string> OfGrouping(string value, bool freeText = false)
        {
            int minNumberDigits = freeText ? MinPhoneDigits : MinNumberDigits;
            string v = value.Trim();
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            if (v.Length > 0 && v.Length <= MaxIdLength && IsIdLike(v, out _))
            {
                string compact = Compact(v);
                if (seen.Add(compact)) yield return compact;
                // Its digits without the letters before or after them (the accession A7731902 as 7731902), and an all-digit
                // form without its leading zeros (00482913 as 482913).
                int first = 0, last = compact.Length;
                while (first < last && !IsDigit(compact[first])) first++;
                while (last > first && !IsDigit(compact[last - 1])) last--;
                string digits = compact.Substring(first, last - first);
                if (digits.Length >= minNumberDigits && IsAllDigits(digits) && seen.Add(digits)) yield return digits;
                if (IsAllDigits(digits))
                {
                    string unpadded = digits.TrimStart('0');
                    if (unpadded.Length >= minNumberDigits && seen.Add(unpadded)) yield return unpadded;
                }
            }
            foreach (string phone in PhoneDigits(v))
            {
                if (seen.Add(phone)) yield return phone;
            }
        }

        // A number printed without what made it an ID keeps at least this many digits; fewer is too common a number.
        private const int MinNumberDigits = 5;

        // A telephone number has at least this many digits; fewer is a code or a count.
        private const int MinPhoneDigits = 7;

        // The digits of a telephone number (at least seven, written with nothing but digits, separators, parentheses and a
        // plus), and, for an international one (+44 ..., 0044 ...), the national number with and without its trunk zero.
        private static IEnumerable<string> PhoneDigits(string v)
        {
            var groups = new List<string>();
            var run = new StringBuilder();
            foreach (char c in v)
            {
                if (IsDigit(c))
                {
                    run.Append(c);
                    continue;
                }
                if (GroupSeparators.IndexOf(c) < 0 && c != '+') yield break;
                if (run.Length > 0) groups.Add(run.ToString());
                run.Clear();
            }
            if (run.Length > 0) groups.Add(run.ToString());
            string all = string.Concat(groups);
            if (all.Length < MinPhoneDigits) yield break;
            yield return all;
            bool plus = v.StartsWith("+", StringComparison.Ordinal);
            // +44 dialled from abroad as 0044.
            if (plus) yield return "00" + all;
            if (!plus && !(v.StartsWith("00", StringComparison.Ordinal) && groups[0].Length <= 5)) yield break;
            // The country code: the first group when written apart (+44 20 ...), else each length it may have (1 to 3 digits).
            string head = plus ? groups[0] : groups[0].Substring(2);
            var codes = new List<int>();
            if (groups.Count > 1 && head.Length >= 1 && head.Length <= 3) codes.Add(head.Length);
            else for (int n = 1; n <= 3; n++) codes.Add(n);
            foreach (int n in codes)
            {
                int from = (plus ? 0 : 2) + n;
                if (all.Length - from < MinPhoneDigits) continue;
                string national = all.Substring(from);
                yield return national;
                if (national[0] != '0') yield return "0" + national;
            }
        }

        // Letters and digits only.
        private static string Compact(string v)
        {
            var sb = new StringBuilder(v.Length);
            foreach (char c in v)
            {
                if (GroupSeparators.IndexOf(c) < 0) sb.Append(c);
            }
            return sb.ToString();
        }

        private static bool IsDigit(char c) => c >= '0' && c <= '9';

        /// <summary>
        /// Where <paramref name="compact"/> (letters and digits: <see cref="OfGrouping"/>) is written in
        /// <paramref name="text"/> from <paramref name="start"/> on, ignoring ASCII case, with any grouping: between two of its
        /// characters may stand one of <see cref="GroupSeparators"/>, or two when one is a parenthesis. Matches are bounded as
        /// the descriptor cleaner bounds a literal: not inside a longer number, nor a word inside a longer word. -1 when none;
        /// <paramref name="length"/> is the length of the text matched.
        /// </summary>
        public static int IndexOfRegrouped(string text, string compact, int start, out int length)
        {
            length = 0;
            if (compact.Length == 0) return -1;
            char first = compact[0];
            for (int at = start; at <= text.Length - compact.Length; at++)
            {
                if (char.ToUpperInvariant(text[at]) != char.ToUpperInvariant(first)) continue;
                int end = MatchRegrouped(text, at, compact);
                if (end < 0) continue;
                if (at > 0 && SameKind(text[at - 1], first)) continue;
                if (end < text.Length && SameKind(text[end], compact[compact.Length - 1])) continue;
                // "(020) 7946": the parenthesis a match closes is part of it ("tel (XXX" otherwise; leak QA 5).
                if (at > 0 && text[at - 1] == '(' && text.IndexOf(')', at, end - at) >= 0) at--;
                length = end - at;
                return at;
            }
            return -1;
        }

        // The end of a regrouped match of compact that starts at text[at] (which matched its first character), or -1.
        private static int MatchRegrouped(string text, int at, string compact)
        {
            int p = at + 1, gaps = 0, marks = 0, firstGroup = 0;
            for (int k = 1; k < compact.Length; k++)
            {
                char want = char.ToUpperInvariant(compact[k]);
                if (p < text.Length && char.ToUpperInvariant(text[p]) == want)
                {
                    p++;
                    continue;
                }
                int q = p;
                while (q < text.Length && q - p < 2 && GroupSeparators.IndexOf(text[q]) >= 0) q++;
                if (q == p || (q - p == 2 && !IsParenthesis(text[p]) && !IsParenthesis(text[p + 1]))) return -1;
                if (q >= text.Length || char.ToUpperInvariant(text[q]) != want) return -1;
                if (gaps++ == 0) firstGroup = k;
                if (text[p] == '.' || text[p] == '/' || text[q - 1] == '.' || text[q - 1] == '/') marks++;
                p = q + 1;
            }
            return IsUnlikelyGrouping(gaps, marks, firstGroup, compact.Length, IsAllDigits(compact)) ? -1 : p;
        }

        /// <summary>
        /// True when a regrouped match is not how people regroup an ID (leak QA 5 and 6). A number-only ID is regrouped only
        /// when it has seven digits or more (an MRN, a telephone number; five or six digits regrouped are everywhere in technical
        /// text: "Coil 12 345"), in at most three groups, the first of two digits or more, with no dot or slash between them
        /// (decimals, versions, dates, fields of view: "4.8 2.9 1.3", "FOV 12/34/567"). Letters and digits in more than five
        /// groups are a sentence. <paramref name="marks"/>: gaps holding a dot or a slash.
        /// </summary>
        internal static bool IsUnlikelyGrouping(int gaps, int marks, int firstGroup, int length, bool allDigits)
        {
            if (gaps == 0) return false;
            if (!allDigits) return gaps > MaxSeparators;
            return length < 7 || gaps > 2 || marks > 0 || firstGroup < 2;
        }

        /// <summary>True for '(' and ')', which may stand beside another separator in a regrouped number.</summary>
        internal static bool IsParenthesis(char c) => c == '(' || c == ')';

        // A digit next to a digit, a letter next to a letter: the match would be part of a longer number or word.
        private static bool SameKind(char c, char edge) =>
            IsDigit(edge) ? char.IsDigit(c) : char.IsLetter(edge) && char.IsLetter(c) && char.GetUnicodeCategory(c) != System.Globalization.UnicodeCategory.OtherLetter;

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
                var words = part.Split(new[] { ' ' }, StringSplitOptions.RemoveEmptyEntries);
                for (int w = 0; w < words.Length; w++)
                {
                    string word = words[w].Trim('-', '.');
                    if (word.Length >= 5 && IsAllDigits(word)) yield return word;
                    // A postal code of two short groups (leak QA 3: "NW1 6XE" quoted without the street, UK, "K1A 0B1", Canada,
                    // "1012 AB", the Netherlands); written without its space or with another, it is found as a grouped ID.
                    if (w + 1 < words.Length && IsPostcode(word, words[w + 1])) yield return word + " " + words[w + 1];
                }
            }
        }

        // Two groups of two to four ASCII letters and digits that read as a postal code: each holding a letter and a digit
        // (NW1 6XE, K1A 0B1), or four digits then two letters (1012 AB).
        private static bool IsPostcode(string outward, string inward)
        {
            if (!IsShortGroup(outward) || !IsShortGroup(inward)) return false;
            if (HasLetterAndDigit(outward) && HasLetterAndDigit(inward)) return true;
            return outward.Length == 4 && IsAllDigits(outward) && inward.Length == 2 && char.IsLetter(inward[0]) && char.IsLetter(inward[1]);
        }

        private static bool IsShortGroup(string s)
        {
            if (s.Length < 2 || s.Length > 4) return false;
            foreach (char c in s)
            {
                if (!(c < 0x80 && char.IsLetterOrDigit(c))) return false;
            }
            return true;
        }

        private static bool HasLetterAndDigit(string s)
        {
            bool letter = false, digit = false;
            foreach (char c in s)
            {
                letter |= char.IsLetter(c);
                digit |= IsDigit(c);
            }
            return letter && digit;
        }

        /// <summary>
        /// An ASCII name written in full-width letters, as Chinese, Japanese and Korean text writes Latin (ALONSO as ＡＬＯＮＳＯ):
        /// upper case, lower case and capitalised. Nothing for text that is not ASCII or holds no letter.
        /// </summary>
        public static IEnumerable<string> OfFullWidth(string text)
        {
            bool letter = false;
            foreach (char c in text)
            {
                if (c >= 0x80) yield break;
                letter |= char.IsLetter(c);
            }
            if (!letter) yield break;
            string upper = text.ToUpperInvariant(), lower = text.ToLowerInvariant();
            yield return FullWidth(upper);
            yield return FullWidth(lower);
            if (text.Length > 1) yield return FullWidth(upper.Substring(0, 1) + lower.Substring(1));
        }

        /// <summary>True when <paramref name="text"/> holds a full-width ASCII character (U+FF01 to U+FF5E).</summary>
        public static bool HasFullWidth(string text)
        {
            foreach (char c in text)
            {
                if (c >= '\uFF01' && c <= '\uFF5E') return true;
            }
            return false;
        }

        // Printable ASCII shifted to the Halfwidth and Fullwidth Forms block; a space becomes the ideographic space.
        private static string FullWidth(string ascii)
        {
            var chars = ascii.ToCharArray();
            for (int i = 0; i < chars.Length; i++)
            {
                char c = chars[i];
                if (c > ' ' && c < 0x7F) chars[i] = (char)(c + 0xFEE0);
                else if (c == ' ') chars[i] = '\u3000';
            }
            return new string(chars);
        }

        /// <summary>True for the attributes whose values are postal addresses (their keyword says so: PatientAddress, InstitutionAddress, ...).</summary>
        public static bool IsAddress(string keyword) => keyword.EndsWith("Address", StringComparison.Ordinal);

        /// <summary>True when <paramref name="s"/> has no character beyond ASCII.</summary>
        internal static bool IsAscii(string s)
        {
            foreach (char c in s)
            {
                if (c >= 0x80) return false;
            }
            return true;
        }

        /// <summary>True when <paramref name="s"/> is ASCII letters only (or empty): a name registered without accents.</summary>
        internal static bool IsAsciiLetters(string s)
        {
            foreach (char c in s)
            {
                if (!(c < 0x80 && char.IsLetter(c))) return false;
            }
            return true;
        }

        /// <summary>
        /// The ASCII letter, lower case, that <paramref name="c"/> is with its diacritics removed (é → e, Ş → s), or '\0' for a
        /// character that is not an ASCII letter with combining marks: what the descriptor cleaner and the audit both take
        /// an accented form of a name registered in ASCII to be.
        /// </summary>
        internal static char BaseLetter(char c)
        {
            string d = c.ToString().Normalize(NormalizationForm.FormD);
            if (d.Length < 2 || d[0] >= 0x80 || !char.IsLetter(d[0])) return '\0';
            for (int i = 1; i < d.Length; i++)
            {
                if (System.Globalization.CharUnicodeInfo.GetUnicodeCategory(d[i]) != System.Globalization.UnicodeCategory.NonSpacingMark) return '\0';
            }
            return char.ToLowerInvariant(d[0]);
        }

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
            if (IsAscii(text)) yield break;
            var seen = new HashSet<string>(StringComparer.Ordinal) { text };
            string compatible = text.Normalize(NormalizationForm.FormKC);
            foreach (string basis in new[] { text, compatible, StripMarks(text), SpellOut(text), Transliterate(StripMarks(text)), StripMarks(SpellOut(text)), OtherKana(compatible), SpacedHangul(text) })
            {
                foreach (string c in new[] { basis, basis.ToUpperInvariant(), basis.ToLowerInvariant(), Turkish.ToUpper(basis), Turkish.ToLower(basis), StripMarks(basis.ToUpperInvariant()) })
                {
                    if (c.Length > 0 && seen.Add(c)) yield return c;
                }
            }
            foreach (string accented in WithTonos(text))
            {
                if (seen.Add(accented)) yield return accented;
            }
        }

        private const string GreekVowels = "αεηιουωΑΕΗΙΟΥΩ";
        private const string GreekVowelsWithTonos = "άέήίόύώΆΈΉΊΌΎΏ";

        // A Greek word written without its tonos (capitals drop it, and some systems drop it everywhere) as it is written with
        // it, in lower case and with a capital first: Greek puts one tonos on one vowel of a word, so a word of n vowels has n
        // such writings (QA 2026-12-07: Διονυσιος in the header, Διονύσιος in a description, passed the audit). Nothing for a
        // word that has a tonos already, or is not Greek, or is longer than a name.
        private static IEnumerable<string> WithTonos(string text)
        {
            if (text.Length < 2 || text.Length > 24) yield break;
            bool greek = false;
            foreach (char c in text)
            {
                if (GreekVowelsWithTonos.IndexOf(c) >= 0 || c == '\u0301' || c == '\u0384') yield break;
                if (c >= '\u0370' && c <= '\u03FF') greek = true;
                else if (char.IsLetter(c)) yield break;
            }
            if (!greek) yield break;
            string lower = text.ToLowerInvariant();
            // A final sigma: ΔΙΟΝΥΣΙΟΣ in lower case is διονυσιος, not διονυσιοσ.
            if (lower.EndsWith("σ", StringComparison.Ordinal)) lower = lower.Substring(0, lower.Length - 1) + "ς";
            string capital = char.ToUpperInvariant(lower[0]) + lower.Substring(1);
            foreach (string basis in new[] { lower, capital })
            {
                for (int i = 0; i < basis.Length; i++)
                {
                    int vowel = GreekVowels.IndexOf(basis[i]);
                    if (vowel < 0) continue;
                    var chars = basis.ToCharArray();
                    chars[i] = GreekVowelsWithTonos[vowel];
                    yield return new string(chars);
                }
            }
        }

        // Hiragana as katakana and katakana as hiragana (やまだ as ヤマダ, ヤマダ as やまだ): a reading is written in either (QA
        // 2026-12-07: a phonetic name in hiragana, rewritten in katakana, passed the audit). The text itself when it has no kana.
        private static string OtherKana(string text)
        {
            char[]? chars = null;
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                char other = c >= '\u3041' && c <= '\u3096' ? (char)(c + 0x60) : c >= '\u30A1' && c <= '\u30F6' ? (char)(c - 0x60) : c;
                if (other == c) continue;
                chars ??= text.ToCharArray();
                chars[i] = other;
            }
            return chars == null ? text : new string(chars);
        }

        // A Korean name of three or four syllables written as one run (김희중) also as its family name and given name apart
        // (김 희중), as other systems print it (QA 2026-12-07). The text itself otherwise.
        private static string SpacedHangul(string text)
        {
            if (text.Length < 3 || text.Length > 4) return text;
            foreach (char c in text)
            {
                if (c < '\uAC00' || c > '\uD7A3') return text;
            }
            return text.Substring(0, 1) + " " + text.Substring(1);
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

        // The Latin letters that have no decomposition (stripping marks leaves them) as the one or two plain letters they are
        // typed as: Søgård as Sogard, Wałęsa as Walesa, Đoković as Dokovic, Ærøskøbing as Aeroskobing (QA 2026-12-07: these
        // survived Clean Descriptors and the audit).
        private static readonly Dictionary<char, string> PlainLetters = new Dictionary<char, string>
        {
            ['ø'] = "o",
            ['Ø'] = "O",
            ['æ'] = "ae",
            ['Æ'] = "Ae",
            ['œ'] = "oe",
            ['Œ'] = "Oe",
            ['ł'] = "l",
            ['Ł'] = "L",
            ['đ'] = "d",
            ['Đ'] = "D",
            ['ð'] = "d",
            ['Ð'] = "D",
            ['þ'] = "th",
            ['Þ'] = "Th",
            ['ħ'] = "h",
            ['Ħ'] = "H",
            ['ŀ'] = "l",
            ['Ŀ'] = "L",
            ['ß'] = "ss",
        };

        // Spelled out where the letter is not at hand: German umlauts, Scandinavian ø and å as oe and aa, Serbo-Croatian đ as dj,
        // Russian ё as е, the other letters of PlainLetters as they are (Søgård as SOEGAARD, Đoković as Djokovic once its marks
        // are stripped).
        private static readonly Dictionary<char, string> SpelledOutLetters = SpelledOut();

        private static Dictionary<char, string> SpelledOut()
        {
            var letters = new Dictionary<char, string>(PlainLetters)
            {
                ['ä'] = "ae",
                ['ö'] = "oe",
                ['ü'] = "ue",
                ['Ä'] = "Ae",
                ['Ö'] = "Oe",
                ['Ü'] = "Ue",
                ['ё'] = "е",
                ['Ё'] = "Е",
                ['ø'] = "oe",
                ['Ø'] = "Oe",
                ['å'] = "aa",
                ['Å'] = "Aa",
                ['đ'] = "dj",
                ['Đ'] = "Dj",
            };
            return letters;
        }

        private static string SpellOut(string text) => Replace(text, SpelledOutLetters);

        private static string Transliterate(string text) => Replace(text, PlainLetters);

        // Each character of text that letters lists, replaced by its writing; the text itself when none is.
        private static string Replace(string text, Dictionary<char, string> letters)
        {
            StringBuilder? sb = null;
            for (int i = 0; i < text.Length; i++)
            {
                if (letters.TryGetValue(text[i], out string? writing))
                {
                    sb ??= new StringBuilder(text.Length + 4).Append(text, 0, i);
                    sb.Append(writing);
                }
                else sb?.Append(text[i]);
            }
            return sb?.ToString() ?? text;
        }

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
