using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Deid.Profile
{
    /// <summary>
    /// The Clean Descriptors Option of PS3.15 (E.3.5): a descriptor keeps its content, but every span that identifies is replaced
    /// by <see cref="Token"/> — the words of the file's person names (any order, any case), the identifying values its own header
    /// holds (IDs, accession number, institution, addresses: <see cref="OriginalIdentifiers"/>), and every date, in DICOM form
    /// (19580214, 19580214093000) or printed (1958-02-14, 14/02/1958, 02/14/1958, 14.02.58, Feb 14 1958, 14 February 1958,
    /// 1958年2月14日).
    /// </summary>
    internal sealed class DescriptorCleaner
    {
        /// <summary>
        /// What replaces an identifying span: three capital letters are valid in every text VR (CS included), never longer than
        /// the shortest span they replace by much, and read as a redaction.
        /// </summary>
        public const string Token = "XXX";

        private const string Months = "january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec";
        private const RegexOptions Options = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant;

        // DICOM DA, or the date part of a DT with its time: 19580214, 19580214093000.123
        private static readonly Regex DicomDate = new Regex(@"(?<!\d)(?<y>\d{4})(?<m>\d{2})(?<d>\d{2})(\d{2,6}(\.\d{1,6})?)?(?!\d)", Options);

        // 1958-02-14, 1958/2/14, 1958.02.14
        private static readonly Regex YearFirst = new Regex(@"(?<![\d.])(?<y>\d{4})(?<s>[-/.])(?<m>\d{1,2})\k<s>(?<d>\d{1,2})(?!\d|\.\d)", Options);

        // 14/02/1958, 02/14/1958, 14.02.58, 14-02-1958
        private static readonly Regex DayOrMonthFirst = new Regex(@"(?<![\d.])(?<a>\d{1,2})(?<s>[-/.])(?<b>\d{1,2})\k<s>(?<y>\d{4}|\d{2})(?!\d|\.\d)", Options);

        // 1958 02 14 and 14 02 1958: spaces between the parts, with a year of four digits only (a run of small numbers with
        // spaces is too common in descriptors to read as a date otherwise). Leak QA 3: "dob 1961 03 07" was kept.
        private static readonly Regex YearFirstSpaced = new Regex(@"(?<![\d.])(?<y>\d{4}) (?<m>\d{1,2}) (?<d>\d{1,2})(?!\d|\.\d)", Options);

        private static readonly Regex DayOrMonthFirstSpaced = new Regex(@"(?<![\d.])(?<a>\d{1,2}) (?<b>\d{1,2}) (?<y>\d{4})(?!\d|\.\d)", Options);

        // Feb 14 1958, February 14th, 1958, Feb-14-58
        private static readonly Regex MonthNameFirst = new Regex(@"(?<!\p{L})(?<mn>" + Months + @")\.?[\s\-/]*(?<d>\d{1,2})(st|nd|rd|th)?,?[\s\-/]+'?(?<y>\d{4}|\d{2})(?!\d)", Options);

        // 14 Feb 1958, 14-FEB-1958, 14th February 1958, the 14th of February 1958 (leak QA 4)
        private static readonly Regex DayFirstMonthName = new Regex(@"(?<!\d)(?<d>\d{1,2})(st|nd|rd|th)?(\s+of)?[\s\-/]*(?<mn>" + Months + @")\.?,?[\s\-/]*'?(?<y>\d{4}|\d{2})(?!\d)", Options);

        // 1958-Feb-14, 1958 Feb 14, 1958 February 14th (leak QA 4: the year-first forms with a month name were kept)
        private static readonly Regex YearFirstMonthName = new Regex(@"(?<![\d.])(?<y>\d{4})[\s\-/.]*(?<mn>" + Months + @")\.?[\s\-/.]*(?<d>\d{1,2})(st|nd|rd|th)?(?!\d)", Options);

        // 14.II.1958, 14.II.58, 14-II-1958: the month in Roman numerals, as central Europe writes it (leak QA 4); a two-digit
        // year only with dots, and never with spaces, which "grade 2 IV 12" and "grade 2-IV-12" have (leak QA 5)
        private static readonly Regex RomanMonth = new Regex(@"(?<![\d.])(?<d>\d{1,2})((?<s>\.)|(?<s>[-/])(?=(XII|XI|X|IX|VIII|VII|VI|V|IV|III|II|I)[-/]\d{4}))(?<rm>XII|XI|X|IX|VIII|VII|VI|V|IV|III|II|I)\k<s>(?<y>\d{4}|\d{2})(?!\d|\.\d)", Options);

        // 1958年2月14日, 1958 年 02 月 14 日 (Chinese and Japanese), 1958년 2월 14일 (Korean); digits ASCII or full-width.
        private static readonly Regex YearMonthDayCjk = new Regex(@"(?<!\d)(?<y>\d{4})\s*[年년]\s*(?<m>\d{1,2})\s*[月월]\s*(?<d>\d{1,2})(\s*[日일])?(?!\d)", Options);

        private readonly Regex? _identifiers;

        // IDs and telephone numbers as their letters and digits, matched with any grouping; longest first.
        private readonly List<string> _grouped;

        /// <summary>Creates a cleaner for the identifiers of one file.</summary>
        public DescriptorCleaner(OriginalIdentifiers identifiers)
        {
            if (identifiers == null) throw new ArgumentNullException(nameof(identifiers));
            var literals = new List<string>(identifiers.Names.Count + identifiers.Values.Count);
            literals.AddRange(identifiers.Names);
            literals.AddRange(identifiers.Values);
            _grouped = new List<string>(identifiers.Grouped);
            _grouped.Sort(LongestFirst);
            if (literals.Count == 0) return;
            // Longest first, so "DOE-SMITH" is replaced whole before "DOE" could leave "-SMITH".
            literals.Sort(LongestFirst);
            var pattern = new StringBuilder();
            foreach (var literal in literals)
            {
                if (pattern.Length > 0) pattern.Append('|');
                pattern.Append(Bounded(literal));
                if (IdentifierVariants.IsAsciiLetters(literal) && identifiers.IsName(literal)) (_asciiNames ??= new List<string>()).Add(literal);
            }
            _identifiers = new Regex(pattern.ToString(), Options);
        }

        // Names registered in ASCII letters, longest first, and the pattern that finds them typed with diacritics or in
        // full-width letters, built the first time a text holds a character beyond ASCII (most descriptors never do; ignoring
        // case over such letters in the main pattern cost 1.5 ms of CPU a file in a batch's first 2,000 files).
        private readonly List<string>? _asciiNames;
        private Regex? _accentedNames;

        // A name kept in ASCII (JOSE, QUIXOTE: many systems register names without their accents) is also struck where a
        // person typed it with them (José, Quíxote; leak QA 3).
        private string StrikeAccentedNames(string text, ref int count)
        {
            if (_asciiNames == null || IdentifierVariants.IsAscii(text)) return text;
            if (_accentedNames == null)
            {
                var pattern = new StringBuilder();
                foreach (string name in _asciiNames)
                {
                    if (pattern.Length > 0) pattern.Append('|');
                    pattern.Append(BoundedWithAccents(name));
                }
                // Both cases are in each letter's class: ignoring case over classes this large costs more than it saves.
                _accentedNames = new Regex(pattern.ToString(), RegexOptions.CultureInvariant);
            }
            int n = 0;
            string result = _accentedNames.Replace(text, _ => Hit(ref n));
            count += n;
            return result;
        }

        // Each ASCII letter in both cases, full-width, and its precomposed Latin forms with diacritics (e: eEｅＥèéêëēĕėęěÈÉ...),
        // from Latin-1 Supplement to Latin Extended-B, found by decomposition rather than typed.
        private static readonly string[] Accented = BuildAccented();

        private static string[] BuildAccented()
        {
            var forms = new StringBuilder[26];
            // Full-width too (ＡＬＯＮＳＯ): Latin letters in Chinese, Japanese and Korean text (leak QA 3, HIGH-1).
            for (int i = 0; i < 26; i++) forms[i] = new StringBuilder().Append((char)('a' + i)).Append((char)('A' + i)).Append((char)('ａ' + i)).Append((char)('Ａ' + i));
            for (char c = '\u00C0'; c <= '\u024F'; c++)
            {
                char letter = IdentifierVariants.BaseLetter(c);
                if (letter != '\0') forms[letter - 'a'].Append(c);
            }
            var result = new string[26];
            for (int i = 0; i < 26; i++) result[i] = forms[i].ToString();
            return result;
        }

        /// <summary>
        /// An ASCII name as <see cref="Bounded(string)"/> bounds it, each letter matching also its forms with diacritics,
        /// precomposed or followed by combining marks, and its full-width forms (QUIXOTE matches Quíxote, Qui&#x301;xote and
        /// ＱＵＩＸＯＴＥ), in either case.
        /// </summary>
        internal static string BoundedWithAccents(string name)
        {
            var body = new StringBuilder(name.Length * 24);
            foreach (char c in name)
            {
                body.Append('[').Append(Accented[char.ToLowerInvariant(c) - 'a']).Append(@"]\p{Mn}*");
            }
            const string SpacedLetter = @"[\p{L}\p{Mn}-[\p{Lo}]]";
            return "(?<!" + SpacedLetter + ")" + body + "(?!" + SpacedLetter + ")";
        }

        private static int LongestFirst(string a, string b) => b.Length != a.Length ? b.Length.CompareTo(a.Length) : string.CompareOrdinal(a, b);

        /// <summary>
        /// A literal that must not continue a word of its own kind: "ANN" is not struck from "ANNUAL", nor "1234" from "12345", but
        /// the ID "12345" is struck from "ID12345" (letters before digits are another token). Scripts written without spaces
        /// between words (Chinese, Japanese: letters of the "other letter" category) have no word to continue: 山田 is struck
        /// from 山田太郎.
        /// </summary>
        internal static string Bounded(string literal)
        {
            const string SpacedLetter = @"[\p{L}-[\p{Lo}]]";
            string before = IsSpacedLetter(literal[0]) ? @"(?<!" + SpacedLetter + ")" : char.IsDigit(literal[0]) ? @"(?<!\p{N})" : "";
            char last = literal[literal.Length - 1];
            string after = IsSpacedLetter(last) ? @"(?!" + SpacedLetter + ")" : char.IsDigit(last) ? @"(?!\p{N})" : "";
            return before + Regex.Escape(literal) + after;
        }

        private static bool IsSpacedLetter(char c) => char.IsLetter(c) && char.GetUnicodeCategory(c) != UnicodeCategory.OtherLetter;

        /// <summary>Returns <paramref name="text"/> with every identifying span replaced by <see cref="Token"/>; counts them.</summary>
        public string Clean(string text, out int replaced)
        {
            if (text == null) throw new ArgumentNullException(nameof(text));
            // Bytes the file's character set does not decode (a truncated GB18030 or UTF-8 sequence) read as U+FFFD, and an escape
            // sequence it does not know stays as ESC and its bytes (kanji under a term that names ISO-2022-JP as Python does):
            // what they hide cannot be checked for a name, and a name cut by them was not matched and survived, the replacement
            // character written beside it (charset QA 2026-12-06, F5). The whole value is struck.
            if (text.IndexOf('\uFFFD') >= 0 || text.IndexOf('\u001B') >= 0)
            {
                replaced = 1;
                return Token;
            }
            int count = 0;
            string result = text;
            // Dates first: the compact forms of the header's dates are literals too, and a date inside a DT is one span.
            // A match is a date when its parts make one: year, month and day in that order, or day and month either way round.
            MatchEvaluator yearFirst = m => IsDate(m.Groups["y"].Value, m.Groups["m"].Value, m.Groups["d"].Value) ? Hit(ref count) : m.Value;
            MatchEvaluator dayOrMonthFirst = m =>
            {
                string a = m.Groups["a"].Value, b = m.Groups["b"].Value, y = m.Groups["y"].Value;
                // 1.5.11, SW 1.2.10: dots, a two-digit year and an unpadded day or month read as a version (leak QA 6); the
                // dates people write that way pad them (07.03.61) or give the year whole (7.3.1961).
                if (y.Length == 2 && m.Groups["s"].Value == "." && (a.Length < 2 || b.Length < 2)) return m.Value;
                if (IsDate(y, b, a) || IsDate(y, a, b)) return Hit(ref count);
                // 61/03/07: a two-digit year first, where the first part can be no day (leak QA 6, LOW-2).
                return y.Length == 2 && a.Length == 2 && b.Length == 2 && !IsDay(a) && IsDate(a, b, y) ? Hit(ref count) : m.Value;
            };
            MatchEvaluator monthByName = m => IsDay(m.Groups["d"].Value) ? Hit(ref count) : m.Value;
            result = DicomDate.Replace(result, yearFirst);
            result = YearFirst.Replace(result, yearFirst);
            result = DayOrMonthFirst.Replace(result, dayOrMonthFirst);
            result = YearFirstSpaced.Replace(result, yearFirst);
            result = DayOrMonthFirstSpaced.Replace(result, dayOrMonthFirst);
            result = MonthNameFirst.Replace(result, monthByName);
            result = DayFirstMonthName.Replace(result, monthByName);
            result = YearFirstMonthName.Replace(result, m => IsDate(m.Groups["y"].Value, "1", m.Groups["d"].Value) ? Hit(ref count) : m.Value);
            result = RomanMonth.Replace(result, m => IsDate(m.Groups["y"].Value, RomanMonthNumber(m.Groups["rm"].Value), m.Groups["d"].Value) ? Hit(ref count) : m.Value);
            result = YearMonthDayCjk.Replace(result, yearFirst);
            if (_identifiers != null) result = _identifiers.Replace(result, _ => Hit(ref count));
            result = StrikeAccentedNames(result, ref count);
            foreach (string compact in _grouped) result = ReplaceRegrouped(result, compact, ref count);
            replaced = count;
            return result;
        }

        // Every regrouped writing of an ID (0048-2913, 0048 2913 for 00482913) replaced by the token.
        private static string ReplaceRegrouped(string text, string compact, ref int count)
        {
            int at = IdentifierVariants.IndexOfRegrouped(text, compact, 0, out int length);
            if (at < 0) return text;
            var sb = new StringBuilder(text.Length);
            int done = 0;
            while (at >= 0)
            {
                sb.Append(text, done, at - done).Append(Token);
                count++;
                done = at + length;
                at = IdentifierVariants.IndexOfRegrouped(text, compact, done, out length);
            }
            return sb.Append(text, done, text.Length - done).ToString();
        }

        /// <summary>Cleans and, when the result is longer than <paramref name="maxLength"/> (a VR's limit, 0 for none), cuts it.</summary>
        public string Clean(string text, int maxLength, out int replaced)
        {
            string result = Clean(text, out replaced);
            // Never between the halves of a surrogate pair (𠮷, emoji): half a character cannot be encoded, and the element would go.
            return maxLength <= 0 ? result : Characters.Cut(result, maxLength);
        }

        private static string Hit(ref int count)
        {
            count++;
            return Token;
        }

        // Decimal digits of any script (full-width １９５８, Arabic-Indic ١٩٥٨, which the patterns' \d matches) as ASCII ones, for parsing.
        private static string Ascii(string digits)
        {
            var chars = digits.ToCharArray();
            for (int i = 0; i < chars.Length; i++)
            {
                if (chars[i] > '9' && char.IsDigit(chars[i])) chars[i] = (char)('0' + (int)char.GetNumericValue(chars[i]));
            }
            return new string(chars);
        }

        private static readonly string[] Roman = { "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII" };

        /// <summary>The month a Roman numeral (I to XII) names, as digits; "0" (no month) for anything else.</summary>
        internal static string RomanMonthNumber(string numeral)
        {
            int i = Array.IndexOf(Roman, numeral.ToUpperInvariant());
            return (i + 1).ToString(CultureInfo.InvariantCulture);
        }

        /// <summary>The Roman numeral of month 1 to 12.</summary>
        internal static string RomanNumeral(int month) => Roman[month - 1];

        private static bool IsDay(string day) => int.TryParse(Ascii(day), NumberStyles.None, CultureInfo.InvariantCulture, out int d) && d >= 1 && d <= 31;

        private static bool IsDate(string year, string month, string day)
        {
            year = Ascii(year);
            month = Ascii(month);
            day = Ascii(day);
            if (!int.TryParse(year, NumberStyles.None, CultureInfo.InvariantCulture, out int y)
                || !int.TryParse(month, NumberStyles.None, CultureInfo.InvariantCulture, out int m)
                || !int.TryParse(day, NumberStyles.None, CultureInfo.InvariantCulture, out int d)) return false;
            if (year.Length == 4 && (y < 1800 || y > 2199)) return false;
            return m >= 1 && m <= 12 && d >= 1 && d <= DateTime.DaysInMonth(year.Length == 4 ? y : 2000, m);
        }
    }
}
