using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Text;

namespace Deid.Audit
{
    /// <summary>
    /// The byte patterns of every form of every value, in every encoding it may have been written in: the original's
    /// Specific Character Set, the output's own (a tool that converts character sets writes the same name in other bytes),
    /// UTF-8 (a tool may switch the file to ISO_IR 192 to write a replacement) and Latin-1. Patterns are ASCII case-folded, as
    /// is the buffer searched, so "Smith" finds "SMITH"; text in other scripts is written in its other cases and in the forms
    /// people and systems write it in (<see cref="Deid.Profile.IdentifierVariants.OfWriting"/>). Each distinct pattern is searched once.
    /// </summary>
    internal sealed class NeedleSet
    {
        private static readonly Encoding Latin1 = Encoding.GetEncoding(28591);
        private readonly Dictionary<NeedleKey, Needle> _byKey = new Dictionary<NeedleKey, Needle>();

        // The shortest form looked for in UTF-16: six characters are twelve bytes, which pixel values hit by chance about once
        // in 2^72 offsets.
        private const int Utf16MinimumLength = FoldedForms.Utf16MinimumLength;

        [MethodImpl(HotPath.Optimized)]
        public NeedleSet(IReadOnlyList<AuditValue> values, IReadOnlyList<Deid.Dicom.DicomCharacterSet>? outputSets = null)
        {
            outputSets ??= Array.Empty<Deid.Dicom.DicomCharacterSet>();
            foreach (var value in values)
            {
                foreach (string form in value.Forms)
                {
                    bool word = value.WordForms.Contains(form);
                    bool typed = value.OutsidePixelForms.Contains(form), inText = value.InTextForms.Contains(form);
                    var kind = word ? NeedleKind.Word : inText ? NeedleKind.InText : typed ? NeedleKind.Typed : NeedleKind.Anywhere;
                    // Loops, not LINQ: this runs for every form of every value of every pair audited.
                    if (IsPlainAscii(form))
                    {
                        // Its one writing, the same bytes in every character set (Encodings): folded once and shared by every
                        // pair that has it while kept (FoldedForms).
                        var folded = FoldedForms.Of(form);
                        if (form.Length >= AuditRules.MinimumLength / 2)
                        {
                            var key = new NeedleKey(kind, folded.Ascii);
                            if (!TryOwn(key, value, form, folded.AsciiText))
                                Add(key, new Needle(folded.Ascii, folded.Numeric, word, typed: typed, inText: inText) { AsciiText = folded.AsciiText }, value, form);
                        }
                        if (!word && folded.Wide != null)
                        {
                            var key = new NeedleKey(NeedleKind.Wide, folded.Wide);
                            if (!TryOwn(key, value, form, null)) Add(key, new Needle(folded.Wide, folded.Numeric, wide: true), value, form);
                        }
                        continue;
                    }
                    bool numeric = AuditForms.IsNumeric(form);
                    // A full-width form is itself only: its plain letters are a form of their own, with their own rule.
                    var writings = Deid.Profile.IdentifierVariants.HasFullWidth(form) ? new[] { form } : Deid.Profile.IdentifierVariants.OfWriting(form);
                    foreach (string writing in writings)
                    {
                        bool ascii = IsAsciiText(writing);
                        foreach (var bytes in Encodings(writing, value, outputSets))
                        {
                            Fold(bytes);
                            // The same bytes as a word-only form and as a form found anywhere are two needles: each owner is
                            // reported only where its own rule matches.
                            var key = new NeedleKey(kind, bytes);
                            if (!TryOwn(key, value, form, ascii)) Add(key, new Needle(bytes, numeric, word, typed: typed, inText: inText) { AsciiText = ascii }, value, form);
                        }
                    }
                    // A Chinese, Japanese or Korean name a vendor wrote into private bytes in its own code page (Shift_JIS, EUC-JP,
                    // GBK, EUC-KR, Big5) or as UTF-16 without a character set saying so (QA 2026-12-07: 山田太郎 in Shift_JIS in a
                    // kept OB passed the audit). Outside the pixel value only: two-byte codes of a short name would be hit by chance.
                    if (HasWide(form))
                    {
                        foreach (var bytes in LegacyCjk(form))
                        {
                            Fold(bytes);
                            var key = new NeedleKey(word ? NeedleKind.Word : NeedleKind.Typed, bytes);
                            if (!TryOwn(key, value, form, false)) Add(key, new Needle(bytes, numeric, word, typed: true) { AsciiText = false }, value, form);
                        }
                    }
                    // Vendor software on Windows writes private text as UTF-16 into OB or UN elements ("P\0H\0I\0..."), where
                    // no byte form above can match (QA round 2: a name there passed the audit). Whole values and long forms
                    // only: a word-only form needs boundaries a byte search cannot judge between interleaved zero bytes.
                    if (!word && form.Length >= Utf16MinimumLength && !Deid.Profile.IdentifierVariants.HasFullWidth(form))
                    {
                        var wide = Encoding.Unicode.GetBytes(form);
                        Fold(wide);
                        var key = new NeedleKey(NeedleKind.Wide, wide);
                        if (!TryOwn(key, value, form, null)) Add(key, new Needle(wide, numeric, wide: true), value, form);
                    }
                }
                foreach (string name in value.AccentedForms)
                {
                    // Lower-case ASCII letters: folding leaves them as they are.
                    bool word = AuditForms.IsWordOnly(name);
                    var bytes = IsPlainAscii(name) ? FoldedForms.Of(name).Ascii : Encoding.ASCII.GetBytes(name);
                    var key = new NeedleKey(word ? NeedleKind.AccentedWord : NeedleKind.Accented, bytes);
                    string upper = name.ToUpperInvariant();
                    if (!TryOwn(key, value, upper, null)) Add(key, new Needle(bytes, false, word, accented: true) { AsciiText = true }, value, upper);
                }
                foreach (string compact in value.GroupedForms)
                {
                    // ASCII letters and digits: the same bytes in every character set a value is searched in.
                    byte[] bytes;
                    if (IsPlainAscii(compact)) bytes = FoldedForms.Of(compact).Ascii;
                    else
                    {
                        bytes = Encoding.ASCII.GetBytes(compact);
                        Fold(bytes);
                    }
                    var key = new NeedleKey(NeedleKind.Grouped, bytes);
                    if (!TryOwn(key, value, compact, null)) Add(key, new Needle(bytes, AuditForms.IsNumeric(compact), grouped: true) { AsciiText = true }, value, compact);
                }
            }
        }

        // Adds (value, form) to the owners of the needle the set has under key, if any. asciiText: whether this writing is ASCII
        // text (null: not said), which every owner's must be for the needle to be: bytes that are also another text's two-byte
        // code are that text's too, found in a two-byte run.
        [MethodImpl(HotPath.Optimized)]
        private bool TryOwn(NeedleKey key, AuditValue value, string form, bool? asciiText)
        {
            if (!_byKey.TryGetValue(key, out var needle)) return false;
            if (asciiText.HasValue) needle.AsciiText &= asciiText.Value;
            needle.Owners.Add((value, form));
            return true;
        }

        [MethodImpl(HotPath.Optimized)]
        private void Add(NeedleKey key, Needle needle, AuditValue value, string form)
        {
            _byKey.Add(key, needle);
            needle.Owners.Add((value, form));
        }

        /// <summary>
        /// False when <paramref name="haystack"/> cannot hold <paramref name="needle"/>: it lacks the needle's
        /// <see cref="Needle.Gate"/>. Each gate is searched once per haystack (<paramref name="gates"/>).
        /// </summary>
        [MethodImpl(HotPath.Optimized)]
        public static bool MayHold(ReadOnlySpan<byte> haystack, Needle needle, Dictionary<string, bool> gates)
        {
            if (needle.Wide)
            {
                // One look for UTF-16 text serves every wide needle: most outputs hold none, and their forms are then passed
                // over (searched one by one they doubled an audit's time).
                if (!gates.TryGetValue(WideGate, out bool wide))
                {
                    wide = HoldsWideText(haystack);
                    gates.Add(WideGate, wide);
                }
                if (!wide) return false;
            }
            if (needle.Gate == null) return true;
            if (!gates.TryGetValue(needle.Gate, out bool present))
            {
                present = haystack.IndexOf(Encoding.ASCII.GetBytes(needle.Gate)) >= 0;
                gates.Add(needle.Gate, present);
            }
            return present;
        }

        /// <summary>The distinct patterns.</summary>
        public IEnumerable<Needle> Needles => _byKey.Values;

        /// <summary>How many distinct patterns there are.</summary>
        public int Count => _byKey.Count;

        // The key of the wide-text gate: no year gate can look like it.
        private const string WideGate = "\u0001utf-16";

        /// <summary>Whether <paramref name="haystack"/> holds three printable ASCII characters in a row written as UTF-16LE.</summary>
        [MethodImpl(HotPath.Optimized)]
        internal static bool HoldsWideText(ReadOnlySpan<byte> haystack)
        {
            int from = 1;
            while (from < haystack.Length)
            {
                int zero = haystack.Slice(from).IndexOf((byte)0);
                if (zero < 0) return false;
                int at = from + zero - 1; // the character's low byte
                if (at + 6 <= haystack.Length && Printable(haystack[at]) && Printable(haystack[at + 2]) && haystack[at + 3] == 0
                    && Printable(haystack[at + 4]) && haystack[at + 5] == 0)
                    return true;
                from += zero + 1;
            }
            return false;
        }

        private static bool Printable(byte b) => b >= 0x20 && b <= 0x7E;

        /// <summary>Printable ASCII but the backslash and tilde: the same bytes in every DICOM character set (<see cref="Encodings"/>).</summary>
        [MethodImpl(HotPath.Optimized)]
        internal static bool IsPlainAscii(string text)
        {
            foreach (char c in text)
            {
                if (c < 0x20 || c > 0x7E || c == '\\' || c == '~') return false;
            }
            return true;
        }

        // Text whose bytes are its characters in every set: no byte from 0x80, no escape sequence (Needle.AsciiText).
        [MethodImpl(HotPath.Optimized)]
        internal static bool IsAsciiText(string text)
        {
            foreach (char c in text)
            {
                if (c >= 0x80 || c < 0x20) return false;
            }
            return true;
        }

        /// <summary>ASCII case folding in place (A-Z to a-z); other bytes are left, so multi-byte encodings stay intact enough.</summary>
        public static void Fold(byte[] bytes) => Fold(bytes, bytes.Length);

        /// <summary><see cref="Fold(byte[])"/> of the first <paramref name="count"/> bytes.</summary>
        [MethodImpl(HotPath.Optimized)]
        public static void Fold(byte[] bytes, int count)
        {
            for (int i = 0; i < count; i++)
            {
                byte b = bytes[i];
                if (b >= (byte)'A' && b <= (byte)'Z') bytes[i] = (byte)(b | 0x20);
            }
        }

        /// <summary>
        /// The first offset where the needle matches as a whole (a number not inside a longer one, a word-only form not inside
        /// a longer word), or -1. <paramref name="haystack"/> is folded (<see cref="Fold(byte[])"/>).
        /// </summary>
        public static long Find(ReadOnlySpan<byte> haystack, Needle needle) => Find(haystack, needle, 0);

        /// <summary>
        /// <see cref="Find(ReadOnlySpan{byte}, Needle)"/> of matches starting at <paramref name="from"/> or later; the bytes
        /// before it are the context a match's boundary is judged by.
        /// </summary>
        [MethodImpl(HotPath.Optimized)]
        public static long Find(ReadOnlySpan<byte> haystack, Needle needle, int from)
        {
            if (needle.Grouped) return FindRegrouped(haystack, needle, from);
            if (needle.Accented) return AccentedMatch.Find(haystack, needle.Bytes, from, needle.Word, out _);
            int start = from;
            var pattern = needle.Bytes;
            while (start <= haystack.Length - pattern.Length)
            {
                int i = haystack.Slice(start).IndexOf(pattern);
                if (i < 0) return -1;
                int at = start + i;
                if ((!needle.Numeric || IsWhole(haystack, at, pattern.Length) || (needle.DateThenTime && IsDateThenTime(haystack, at, pattern.Length)))
                    && (!needle.Word || IsWord(haystack, at, pattern.Length)) && (!needle.InText || AfterText(haystack, at))) return at;
                start = at + 1;
            }
            return -1;
        }

        // A grouped needle's letters and digits with any grouping between them (IdentifierVariants.IndexOfRegrouped, for bytes):
        // candidates are found by the first byte, which IndexOf finds a vector at a time.
        [MethodImpl(HotPath.Optimized)]
        private static long FindRegrouped(ReadOnlySpan<byte> haystack, Needle needle, int from)
        {
            var pattern = needle.Bytes;
            byte first = pattern[0];
            int start = from;
            while (start <= haystack.Length - pattern.Length)
            {
                int i = haystack.Slice(start).IndexOf(first);
                if (i < 0) return -1;
                int at = start + i;
                int end = MatchRegrouped(haystack, at, pattern);
                if (end >= 0 && (!needle.Numeric || IsWhole(haystack, at, end - at))) return at;
                start = at + 1;
            }
            return -1;
        }

        // The end of a regrouped match starting at s[at] (its first byte matched), or -1.
        private static int MatchRegrouped(ReadOnlySpan<byte> s, int at, byte[] pattern)
        {
            int p = at + 1, gaps = 0, marks = 0, firstGroup = 0;
            for (int k = 1; k < pattern.Length; k++)
            {
                byte want = pattern[k];
                if (p < s.Length && s[p] == want)
                {
                    p++;
                    continue;
                }
                int q = p;
                while (q < s.Length && q - p < 2 && IsGroupSeparator(s[q])) q++;
                if (q == p || (q - p == 2 && !Deid.Profile.IdentifierVariants.IsParenthesis((char)s[p]) && !Deid.Profile.IdentifierVariants.IsParenthesis((char)s[p + 1]))) return -1;
                if (q >= s.Length || s[q] != want) return -1;
                if (gaps++ == 0) firstGroup = k;
                if (s[p] == '.' || s[p] == '/' || s[q - 1] == '.' || s[q - 1] == '/') marks++;
                p = q + 1;
            }
            return Deid.Profile.IdentifierVariants.IsUnlikelyGrouping(gaps, marks, firstGroup, pattern.Length, IsAllDigits(pattern)) ? -1 : p;
        }

        private static bool IsGroupSeparator(byte b) => b < 0x80 && Deid.Profile.IdentifierVariants.GroupSeparators.IndexOf((char)b) >= 0;

        private static bool IsAllDigits(byte[] bytes)
        {
            foreach (byte b in bytes)
            {
                if (!IsDigit(b)) return false;
            }
            return true;
        }

        // A word stands alone: no ASCII letter right before or after it (folded, so a-z). Digits, punctuation, '^', '_', a
        // separator or a byte of another script next to it still count as a boundary: "MARY_2" and "^MARY^" are the name.
        [MethodImpl(HotPath.Optimized)]
        private static bool IsWord(ReadOnlySpan<byte> s, int at, int length)
        {
            if (at > 0 && IsFoldedLetter(s[at - 1])) return false;
            int end = at + length;
            return end >= s.Length || !IsFoldedLetter(s[end]);
        }

        private static bool IsFoldedLetter(byte b) => b >= 'a' && b <= 'z';

        // A number is found as itself, not as digits of a longer number or UID ("1.2.3" is not in "1.2.34" or "11.2.3").
        [MethodImpl(HotPath.Optimized)]
        private static bool IsWhole(ReadOnlySpan<byte> s, int at, int length)
        {
            if (at > 0 && (IsDigit(s[at - 1]) || (s[at - 1] == '.' && at > 1 && IsDigit(s[at - 2])))) return false;
            int end = at + length;
            if (end < s.Length && (IsDigit(s[end]) || (s[end] == '.' && end + 1 < s.Length && IsDigit(s[end + 1])))) return false;
            return true;
        }

        private static bool IsDigit(byte b) => b >= '0' && b <= '9';

        /// <summary>
        /// A date that a time continues, as a DT value or a timestamp writes it (19610307093000, 2011031409): no digit before it,
        /// then two, four or six digits that are a time of day (and a fraction after a point), then no digit. A date is otherwise
        /// found only as a number of its own (leak QA 2026-12-06, F1: a birth date at the start of a DT passed the audit).
        /// </summary>
        [MethodImpl(HotPath.Optimized)]
        private static bool IsDateThenTime(ReadOnlySpan<byte> s, int at, int length)
        {
            if (at > 0 && (IsDigit(s[at - 1]) || (s[at - 1] == '.' && at > 1 && IsDigit(s[at - 2])))) return false;
            int p = at + length, run = 0;
            while (p + run < s.Length && IsDigit(s[p + run])) run++;
            if (run != 2 && run != 4 && run != 6) return false;
            if (Two(s, p) > 23 || (run >= 4 && Two(s, p + 2) > 59) || (run == 6 && Two(s, p + 4) > 60)) return false;
            // A fraction after the seconds ends in a non-digit too: the run stops there either way.
            return true;
        }

        // After a printable character that is no value separator: inside text, not at the start of a value (whose left neighbour
        // is its length field, or a backslash between values).
        private static bool AfterText(ReadOnlySpan<byte> s, int at) => at > 0 && s[at - 1] >= 0x20 && s[at - 1] <= 0x7E && s[at - 1] != (byte)'\\';

        private static int Two(ReadOnlySpan<byte> s, int at) => (s[at] - '0') * 10 + (s[at + 1] - '0');

        private static IEnumerable<byte[]> Encodings(string form, AuditValue value, IReadOnlyList<Deid.Dicom.DicomCharacterSet> outputSets)
        {
            // Most forms are plain ASCII, whose bytes are the same in every character set DICOM defines (ASCII is G0 in each;
            // JIS X 0201's Romaji differs only at the backslash and tilde, left out here), so the one writing is taken without
            // encoding it in each set and comparing the results: an audit allocated some 850 KB a small CT pair, much of it here
            // (NeedleSetTests pins the sameness for every defined term).
            if (IsPlainAscii(form))
            {
                if (form.Length >= AuditRules.MinimumLength / 2) yield return Encoding.ASCII.GetBytes(form);
                yield break;
            }
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var candidates = new List<byte[]>();
            if (value.VRCode.UsesSpecificCharacterSet)
            {
                AddEncoded(value.CharacterSet, form, value.VRCode, candidates);
                foreach (var set in outputSets)
                {
                    if (!ReferenceEquals(set, value.CharacterSet)) AddEncoded(set, form, value.VRCode, candidates);
                }
            }
            // Full-width Latin (ＡＬＯＮＳＯ) only where a set declared holds it: a file without such a set has no such text, and
            // most files would pay for needles that cannot match.
            if (Deid.Profile.IdentifierVariants.HasFullWidth(form))
            {
                foreach (var bytes in candidates)
                {
                    if (seen.Add(Latin1.GetString(bytes))) yield return bytes;
                }
                yield break;
            }
            candidates.Add(Encoding.UTF8.GetBytes(form));
            bool latin1 = true;
            foreach (char c in form) latin1 &= c <= 0xFF;
            if (latin1) candidates.Add(Latin1.GetBytes(form));
            foreach (var bytes in candidates)
            {
                if (bytes.Length >= AuditRules.MinimumLength / 2 && seen.Add(Latin1.GetString(bytes))) yield return bytes;
            }
        }

        /// <summary>True when <paramref name="form"/> holds a kana, Han or Hangul character (<see cref="AuditRules.IsWide"/>).</summary>
        private static bool HasWide(string form)
        {
            foreach (char c in form)
            {
                if (AuditRules.IsWide(c)) return true;
            }
            return false;
        }

        /// <summary>
        /// <paramref name="form"/> in each East Asian code page that can write it, and in UTF-16 of either byte order; only
        /// patterns of four bytes or more (two characters).
        /// </summary>
        private static IEnumerable<byte[]> LegacyCjk(string form)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var encoding in EastAsianCodePages.Encoders)
            {
                byte[] bytes;
                try
                {
                    bytes = encoding.GetBytes(form);
                }
                catch (EncoderFallbackException)
                {
                    continue;
                }
                if (bytes.Length >= 4 && seen.Add(Latin1.GetString(bytes))) yield return bytes;
            }
            foreach (var utf16 in new[] { Encoding.Unicode.GetBytes(form), Encoding.BigEndianUnicode.GetBytes(form) })
            {
                if (utf16.Length >= 4 && seen.Add(Latin1.GetString(utf16))) yield return utf16;
            }
        }

        private static void AddEncoded(Deid.Dicom.DicomCharacterSet set, string form, Deid.Dicom.DicomVR vr, List<byte[]> candidates)
        {
            byte[]? own = set.EncodeForSearch(form, vr);
            if (own == null) return;
            candidates.Add(own);
            // ISO 2022: a value encoded alone starts and ends with escape sequences that the same text inside a longer
            // value need not have; the bytes between them are what must not appear.
            byte[]? inner = StripEscapes(own);
            if (inner != null) candidates.Add(inner);
        }

        private static byte[]? StripEscapes(byte[] bytes)
        {
            const byte esc = 0x1B;
            if (Array.IndexOf(bytes, esc) < 0) return null;
            int start = 0, end = bytes.Length;
            if (bytes[0] == esc)
            {
                start = 1;
                while (start < end && bytes[start] >= 0x20 && bytes[start] <= 0x2F) start++; // intermediate bytes
                start++; // final byte
            }
            if (end - start >= 3 && bytes[end - 3] == esc) end -= 3;
            if (end - start < 2) return null;
            var inner = new byte[end - start];
            Array.Copy(bytes, start, inner, 0, inner.Length);
            return inner;
        }

        /// <summary>One distinct byte pattern and the values and forms it stands for.</summary>
        internal sealed class Needle
        {
            [MethodImpl(HotPath.Optimized)]
            public Needle(byte[] bytes, bool numeric, bool word = false, bool grouped = false, bool accented = false, bool wide = false, bool typed = false, bool inText = false)
            {
                Typed = typed;
                InText = inText;
                Bytes = bytes;
                Wide = wide;
                Numeric = numeric;
                Word = word;
                Grouped = grouped;
                Accented = accented;
                if (!grouped && !accented) Gate = YearOf(bytes);
                DateThenTime = numeric && !wide && IsCompactDate(bytes);
            }

            /// <summary>Eight digits that are a date, YYYYMMDD: found also where a time of day continues it (<see cref="IsDateThenTime"/>).</summary>
            public bool DateThenTime { get; }

            [MethodImpl(HotPath.Optimized)]
            private static bool IsCompactDate(byte[] b)
            {
                if (b.Length != 8) return false;
                foreach (byte c in b)
                {
                    if (!IsDigit(c)) return false;
                }
                int month = (b[4] - '0') * 10 + (b[5] - '0'), day = (b[6] - '0') * 10 + (b[7] - '0');
                return b[0] >= '1' && b[0] <= '2' && month >= 1 && month <= 12 && day >= 1 && day <= 31;
            }

            /// <summary>
            /// Four digits the needle's bytes hold (a date form's year), or null: where the output does not hold them, the
            /// needle cannot match, and the twenty-odd forms of a date are passed over after one search for their year.
            /// </summary>
            public string? Gate { get; }

            private static readonly string?[] Years = new string?[10000];

            [MethodImpl(HotPath.Optimized)]
            private static string? YearOf(byte[] bytes)
            {
                for (int i = 0; i + 4 <= bytes.Length; i++)
                {
                    if (IsDigit(bytes[i]) && IsDigit(bytes[i + 1]) && IsDigit(bytes[i + 2]) && IsDigit(bytes[i + 3]))
                    {
                        int year = (bytes[i] - '0') * 1000 + (bytes[i + 1] - '0') * 100 + (bytes[i + 2] - '0') * 10 + (bytes[i + 3] - '0');
                        // One string per year for every needle and pair (a date has twenty-odd forms): a race writes equal ones.
                        return Years[year] ??= Encoding.ASCII.GetString(bytes, i, 4);
                    }
                }
                return null;
            }

            /// <summary>
            /// Bytes that are ASCII text (a date, an ID, a name in Latin letters), not the code of text in a two-byte set: a
            /// match inside a JIS X 0208 run of an ISO 2022 value is halves of kanji, no leak (<see cref="Iso2022Text"/>).
            /// </summary>
            public bool AsciiText { get; set; }

            /// <summary>A form written as UTF-16LE: searched only where the haystack holds such text (<see cref="MayHold"/>).</summary>
            public bool Wide { get; }

            /// <summary>ASCII letters found written with diacritics (<see cref="AccentedMatch"/>), everywhere but in the pixel value (<see cref="PixelValueSpan"/>).</summary>
            public bool Accented { get; }

            /// <summary>
            /// True for a needle looked for everywhere but in the pixel value (<see cref="PixelValueSpan"/>): an accented one, and a
            /// word shorter than <see cref="AuditRules.MinimumLength"/> (a two- or three-letter name part, NG, LEE), which stands
            /// as a "word" among pixel bytes by chance (two letters between two non-letters: about one offset in 10⁵, so in most
            /// images of a few hundred kilobytes) and says nothing there. The whole name and its longer parts are still looked for
            /// in the pixels (a JPEG comment segment, a tool's text written into them). A UTF-16 form is private text's, not the
            /// pixels'; 16-bit pixel values below 256 read as UTF-16 text to a byte search.
            /// </summary>
            public bool OutsidePixels => Accented || Wide || Typed || (Word && Bytes.Length < AuditRules.MinimumLength);

            /// <summary>A date as it is typed into text (<see cref="AuditValue.OutsidePixelForms"/>): looked for outside the pixel value.</summary>
            public bool Typed { get; }

            /// <summary>Found only after a printable character (<see cref="AuditValue.InTextForms"/>): six digits that a time is too.</summary>
            public bool InText { get; }

            /// <summary>Letters and digits matched with any grouping between them (<see cref="AuditValue.GroupedForms"/>).</summary>
            public bool Grouped { get; }

            /// <summary>The most bytes a match may span: a grouped needle's gaps are up to two bytes each.</summary>
            public int MaxSpan => Grouped ? Bytes.Length * 3 - 2 : Accented ? Bytes.Length * 4 : Bytes.Length;

            public byte[] Bytes { get; }

            public bool Numeric { get; }

            /// <summary>Matches only as a word of its own (<see cref="AuditForms.IsWordOnly"/>).</summary>
            public bool Word { get; }

            public List<(AuditValue Value, string Form)> Owners { get; } = new List<(AuditValue, string)>();
        }
    }
}
