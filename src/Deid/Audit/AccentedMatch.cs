using System;
using System.Runtime.CompilerServices;

namespace Deid.Audit
{
    /// <summary>
    /// A name registered in ASCII letters (QUIXOTE, JOSE: many systems strip accents) found where a person typed it with them
    /// (Quíxote, José), in the two encodings such text is written in: Latin-1 (ISO_IR 100) and UTF-8 (ISO_IR 192), precomposed
    /// or with combining marks. The descriptor cleaner strikes these forms; the audit finds them (leak QA 5, HIGH-6).
    /// </summary>
    internal static class AccentedMatch
    {
        // For each byte of Latin-1 from 0xC0: the ASCII letter (lower case) it is with its diacritic removed, or 0.
        private static readonly byte[] Latin1Base = BuildLatin1();

        // For each two-byte UTF-8 sequence with a lead byte from 0xC3 to 0xC9 (U+00C0 to U+027F): the same, or 0.
        private static readonly byte[] Utf8Base = BuildUtf8();

        private static byte[] BuildLatin1()
        {
            var table = new byte[256];
            for (int b = 0xC0; b <= 0xFF; b++) table[b] = BaseLetter((char)b);
            return table;
        }

        private static byte[] BuildUtf8()
        {
            var table = new byte[7 * 64];
            for (int lead = 0xC3; lead <= 0xC9; lead++)
            {
                for (int cont = 0x80; cont <= 0xBF; cont++) table[((lead - 0xC3) * 64) + (cont - 0x80)] = BaseLetter((char)(((lead & 0x1F) << 6) | (cont & 0x3F)));
            }
            return table;
        }

        private static byte BaseLetter(char c) => (byte)Deid.Profile.IdentifierVariants.BaseLetter(c);

        /// <summary>
        /// The first offset from <paramref name="from"/> where <paramref name="pattern"/> (ASCII letters, lower case) is written
        /// with a diacritic on one letter or more, in the folded <paramref name="haystack"/>; -1 when nowhere. A plain match is
        /// the plain needle's.
        /// </summary>
        [MethodImpl(HotPath.Optimized)]
        public static long Find(ReadOnlySpan<byte> haystack, byte[] pattern, int from, bool word, out int length)
        {
            length = 0;
            // A match holds a byte from 0x80 (the diacritic): only the starts a pattern's span before such a byte are tried, so
            // a header of ASCII text and small numbers costs one pass over its bytes.
            int span = pattern.Length * 4;
            int tried = from;
            for (int high = from; high < haystack.Length; high++)
            {
                if (haystack[high] < 0x80 || !MayBeInPattern(haystack, high, pattern)) continue;
                for (int at = Math.Max(tried, high - span); at <= high; at++)
                {
                    // A start: the first letter as it is, or with its diacritic in either encoding.
                    if (Letter(haystack, at, out _) != pattern[0]) continue;
                    int end = Match(haystack, at, pattern, out bool accented);
                    if (end < 0 || !accented) continue;
                    if (word && ((at > 0 && IsAsciiLetter(haystack[at - 1])) || (end < haystack.Length && IsAsciiLetter(haystack[end])))) continue;
                    length = end - at;
                    return at;
                }
                tried = high + 1;
            }
            return -1;
        }

        // Whether the byte from 0x80 at s[at] can be part of a match: a letter with a diacritic whose letter the pattern has,
        // or a combining mark. Binary values in a header (numbers, LUTs) are passed over at this test.
        private static bool MayBeInPattern(ReadOnlySpan<byte> s, int at, byte[] pattern)
        {
            byte b = s[at];
            if ((b == 0xCC || b == 0xCD) && at + 1 < s.Length && s[at + 1] >= 0x80 && s[at + 1] <= 0xBF) return true;
            byte letter = Letter(s, at, out _);
            return letter != 0 && Array.IndexOf(pattern, letter) >= 0;
        }

        // The end of a match of the pattern at s[at], or -1; accented: a letter with a diacritic was matched.
        private static int Match(ReadOnlySpan<byte> s, int at, byte[] pattern, out bool accented)
        {
            accented = false;
            int p = at;
            foreach (byte want in pattern)
            {
                if (p >= s.Length || Letter(s, p, out int size) != want) return -1;
                accented |= size > 1 || s[p] >= 0x80;
                p += size;
                // Combining marks after the letter (U+0300 to U+036F: CC 80 to CD AF in UTF-8).
                while (p + 1 < s.Length && ((s[p] == 0xCC && s[p + 1] >= 0x80 && s[p + 1] <= 0xBF) || (s[p] == 0xCD && s[p + 1] >= 0x80 && s[p + 1] <= 0xAF)))
                {
                    p += 2;
                    accented = true;
                }
            }
            return p;
        }

        // The ASCII letter (folded) at s[at], with its diacritic removed, and how many bytes it takes; 0 when none.
        private static byte Letter(ReadOnlySpan<byte> s, int at, out int size)
        {
            byte b = s[at];
            size = 1;
            if (b < 0x80) return IsAsciiLetter(b) ? (byte)(b | 0x20) : (byte)0;
            if (b >= 0xC3 && b <= 0xC9 && at + 1 < s.Length && s[at + 1] >= 0x80 && s[at + 1] <= 0xBF)
            {
                byte utf8 = Utf8Base[((b - 0xC3) * 64) + (s[at + 1] - 0x80)];
                if (utf8 != 0)
                {
                    size = 2;
                    return utf8;
                }
            }
            return Latin1Base[b];
        }

        /// <summary>True for an ASCII letter byte, either case.</summary>
        internal static bool IsAsciiLetter(byte b) => (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z');
    }
}
