using System;
using System.Collections.Generic;
using System.Threading;

namespace Deid.Dicom
{
    /// <summary>Where a code element is invoked (PS3.5 §6.1.2.5): G0 holds bytes 0x21–0x7E, G1 bytes 0xA0–0xFF.</summary>
    internal enum CodeElementKind
    {
        /// <summary>A 94-character single-byte G0 set (ASCII, JIS X 0201 Romaji); its bytes decode as ASCII.</summary>
        G0Single,

        /// <summary>A 94×94 two-byte G0 set (JIS X 0208, JIS X 0212): pairs of bytes 0x21–0x7E.</summary>
        G0Double,

        /// <summary>A single-byte G1 set (ISO 8859 upper halves, JIS X 0201 Katakana, TIS 620).</summary>
        G1Single,

        /// <summary>A 94×94 two-byte G1 set (KS X 1001, GB 2312): pairs of bytes 0xA1–0xFE.</summary>
        G1Double,
    }

    /// <summary>
    /// One ISO 2022 code element: a graphic character set, the escape sequence that designates it, and its tables.
    /// Tables are built on first use from the code pages (or <see cref="JisX0212Table"/>) and are immutable afterwards.
    /// </summary>
    internal sealed class CodeElement
    {
        private const int Cells = 94 * 94;

        private readonly Func<char[]>? _buildTable;
        private readonly Func<int, bool>? _writable;
        private char[]? _table;
        private Dictionary<char, ushort>? _reverse;

        private CodeElement(string name, CodeElementKind kind, string escape, Func<char[]>? buildTable, Func<int, bool>? writable)
        {
            Name = name;
            Kind = kind;
            Escape = new byte[escape.Length];
            for (int i = 0; i < escape.Length; i++) Escape[i] = (byte)escape[i];
            _buildTable = buildTable;
            _writable = writable;
        }

        /// <summary>The ISO-IR registration and common name, for messages.</summary>
        public string Name { get; }

        /// <summary>Whether the element goes to G0 or G1, with one or two bytes per character.</summary>
        public CodeElementKind Kind { get; }

        /// <summary>The designating escape sequence, ESC included.</summary>
        public byte[] Escape { get; }

        /// <summary>True for G0 elements; false for G1.</summary>
        public bool IsG0 => Kind == CodeElementKind.G0Single || Kind == CodeElementKind.G0Double;

        /// <summary>True for the 94×94 two-byte sets.</summary>
        public bool IsDoubleByte => Kind == CodeElementKind.G0Double || Kind == CodeElementKind.G1Double;

        /// <summary>
        /// For a single-byte G1 set, all 256 bytes: 0x00–0x7F as ASCII, 0x80–0xFF through the set (U+FFFD where unassigned).
        /// For a two-byte set, the 94×94 cells row by row. The G0 single-byte sets have none: their bytes are ASCII.
        /// </summary>
        public char[] Table => LazyInitializer.EnsureInitialized(ref _table, _buildTable!)!;

        /// <summary>Decodes one byte of a single-byte G1 set.</summary>
        public char DecodeSingle(byte b) => Table[b];

        /// <summary>Decodes a two-byte character; either byte may carry the high bit (G1) or not (G0).</summary>
        public char DecodeDouble(byte first, byte second) => Table[(((first & 0x7F) - 0x21) * 94) + (second & 0x7F) - 0x21];

        /// <summary>
        /// Finds the code of a character: for single-byte G1 sets the byte (0x80–0xFF); for two-byte sets the row and
        /// cell as 7-bit bytes (row &lt;&lt; 8 | cell). Characters that only a vendor extension of the code page holds are
        /// not written, so that what we write stays readable by any conformant reader.
        /// </summary>
        public bool TryEncode(char c, out ushort code)
        {
            if (Kind == CodeElementKind.G0Single)
            {
                code = c;
                return c < 0x80;
            }

            return LazyInitializer.EnsureInitialized(ref _reverse, BuildReverse)!.TryGetValue(c, out code);
        }

        private Dictionary<char, ushort> BuildReverse()
        {
            var map = new Dictionary<char, ushort>();
            var t = Table;
            if (Kind == CodeElementKind.G1Single)
            {
                for (int b = 0x80; b < 0x100; b++)
                {
                    if (t[b] != '\uFFFD' && !map.ContainsKey(t[b])) map.Add(t[b], (ushort)b);
                }

                return map;
            }

            for (int i = 0; i < Cells; i++)
            {
                int code = ((0x21 + (i / 94)) << 8) | (0x21 + (i % 94));
                if (t[i] != '\uFFFD' && !map.ContainsKey(t[i]) && (_writable == null || _writable(code))) map.Add(t[i], (ushort)code);
            }

            return map;
        }

        // ---- The elements DICOM uses (PS3.3 Tables C.12-3 and C.12-4) ----

        /// <summary>ISO-IR 6, ASCII: ESC ( B.</summary>
        public static readonly CodeElement Ascii = new CodeElement("ISO-IR 6 (ASCII)", CodeElementKind.G0Single, "\u001B(B", null, null);

        /// <summary>
        /// ISO-IR 14, JIS X 0201 Romaji: ESC ( J. Decoded as ASCII, as pydicom does (its shift_jis codec maps 0x5C to a
        /// backslash and 0x7E to a tilde rather than to yen sign and overline).
        /// </summary>
        public static readonly CodeElement JisRoman = new CodeElement("ISO-IR 14 (JIS X 0201 Romaji)", CodeElementKind.G0Single, "\u001B(J", null, null);

        /// <summary>ISO-IR 13, JIS X 0201 Katakana: ESC ) I; 0xA1–0xDF are the half-width katakana U+FF61–U+FF9F.</summary>
        public static readonly CodeElement JisKatakana = new CodeElement("ISO-IR 13 (JIS X 0201 Katakana)", CodeElementKind.G1Single, "\u001B)I",
            () => Algorithmic(b => b >= 0xA1 && b <= 0xDF ? (char)(0xFF61 + b - 0xA1) : '\uFFFD'), null);

        /// <summary>ISO-IR 100, Latin-1: ESC - A. Also what pydicom decodes bytes above 0x7F with when no set is given.</summary>
        public static readonly CodeElement Latin1 = new CodeElement("ISO-IR 100 (Latin-1)", CodeElementKind.G1Single, "\u001B-A",
            () => Algorithmic(b => (char)b), null);

        /// <summary>ISO-IR 101, Latin-2: ESC - B.</summary>
        public static readonly CodeElement Latin2 = FromCodePage("ISO-IR 101 (Latin-2)", "\u001B-B", 28592);

        /// <summary>ISO-IR 109, Latin-3: ESC - C.</summary>
        public static readonly CodeElement Latin3 = FromCodePage("ISO-IR 109 (Latin-3)", "\u001B-C", 28593);

        /// <summary>ISO-IR 110, Latin-4: ESC - D.</summary>
        public static readonly CodeElement Latin4 = FromCodePage("ISO-IR 110 (Latin-4)", "\u001B-D", 28594);

        /// <summary>
        /// ISO-IR 126, Greek: ESC - F. The code page is ISO 8859-7:1987; the 2003 edition (which Python and so pydicom
        /// follow) changed 0xA1/0xA2 to quotation marks and added €, ₯ and the ypogegrammeni.
        /// </summary>
        public static readonly CodeElement Greek = FromCodePage("ISO-IR 126 (Greek)", "\u001B-F", 28597,
            (0xA1, '\u2018'), (0xA2, '\u2019'), (0xA4, '\u20AC'), (0xA5, '\u20AF'), (0xAA, '\u037A'));

        /// <summary>ISO-IR 127, Arabic: ESC - G.</summary>
        public static readonly CodeElement Arabic = FromCodePage("ISO-IR 127 (Arabic)", "\u001B-G", 28596);

        /// <summary>
        /// ISO-IR 138, Hebrew: ESC - H. Code page 28598 maps 0xAF to an overline and lacks the direction marks that
        /// ISO 8859-8 (and pydicom) have at 0xFD/0xFE.
        /// </summary>
        public static readonly CodeElement Hebrew = FromCodePage("ISO-IR 138 (Hebrew)", "\u001B-H", 28598,
            (0xAF, '\u00AF'), (0xFD, '\u200E'), (0xFE, '\u200F'));

        /// <summary>ISO-IR 144, Cyrillic: ESC - L.</summary>
        public static readonly CodeElement Cyrillic = FromCodePage("ISO-IR 144 (Cyrillic)", "\u001B-L", 28595);

        /// <summary>ISO-IR 148, Latin-5 (Turkish): ESC - M.</summary>
        public static readonly CodeElement Latin5 = FromCodePage("ISO-IR 148 (Latin-5)", "\u001B-M", 28599);

        /// <summary>ISO-IR 203, Latin-9: ESC - b.</summary>
        public static readonly CodeElement Latin9 = FromCodePage("ISO-IR 203 (Latin-9)", "\u001B-b", 28605);

        /// <summary>
        /// ISO-IR 166, Thai (TIS 620-2533): ESC - T. Built by rule rather than from code page 874, which is the Windows
        /// variant with typographic punctuation in 0x80–0x9F and a no-break space at 0xA0 that TIS 620 does not have.
        /// </summary>
        public static readonly CodeElement Thai = new CodeElement("ISO-IR 166 (Thai)", CodeElementKind.G1Single, "\u001B-T",
            () => Algorithmic(b => b < 0xA0 ? (char)b : (b >= 0xA1 && b <= 0xDA) || (b >= 0xDF && b <= 0xFB) ? (char)(0x0E01 + b - 0xA1) : '\uFFFD'), null);

        /// <summary>
        /// ISO-IR 87, JIS X 0208: ESC $ B. From EUC-JP (20932), which uses the JIS mappings (U+301C wave dash etc.) that
        /// pydicom's iso2022_jp codec uses. Row 13 (NEC special characters) is read but never written: it is not part of
        /// JIS X 0208 and other readers reject it.
        /// </summary>
        public static readonly CodeElement JisX0208 = new CodeElement("ISO-IR 87 (JIS X 0208)", CodeElementKind.G0Double, "\u001B$B",
            () => DoubleFromCodePage(20932), code => (code >> 8) != 0x2D);

        /// <summary>ISO-IR 159, JIS X 0212: ESC $ ( D.</summary>
        public static readonly CodeElement JisX0212 = new CodeElement("ISO-IR 159 (JIS X 0212)", CodeElementKind.G0Double, "\u001B$(D",
            BuildJisX0212, null);

        /// <summary>ISO-IR 149, KS X 1001: ESC $ ) C. From the EUC-KR range of code page 949.</summary>
        public static readonly CodeElement KsX1001 = new CodeElement("ISO-IR 149 (KS X 1001)", CodeElementKind.G1Double, "\u001B$)C",
            () => DoubleFromCodePage(949), null);

        /// <summary>ISO-IR 58, GB 2312: ESC $ ) A. Code page 20936 leaves 0xA1AC (‖) undefined; GB 2312 has it.</summary>
        public static readonly CodeElement Gb2312 = new CodeElement("ISO-IR 58 (GB 2312)", CodeElementKind.G1Double, "\u001B$)A",
            () => DoubleFromCodePage(20936, (0x212C, '\u2016')), null);

        private static char[] Algorithmic(Func<int, char> upper)
        {
            var t = new char[256];
            for (int b = 0; b < 0x80; b++) t[b] = (char)b;
            for (int b = 0x80; b < 0x100; b++) t[b] = upper(b);
            return t;
        }

        private static CodeElement FromCodePage(string name, string escape, int codePage, params (int Byte, char Char)[] fixes) =>
            new CodeElement(name, CodeElementKind.G1Single, escape, () =>
            {
                var decoder = CodePages.Get(codePage).GetDecoder();
                var bytes = new byte[1];
                var chars = new char[4];
                var t = Algorithmic(_ => '\uFFFD');
                for (int b = 0x80; b < 0x100; b++)
                {
                    bytes[0] = (byte)b;
                    decoder.Reset();
                    t[b] = Single(chars, decoder.GetChars(bytes, 0, 1, chars, 0, true));
                }

                foreach (var (b, c) in fixes) t[b] = c;
                return t;
            }, null);

        private static char[] DoubleFromCodePage(int codePage, params (int Code, char Char)[] fixes)
        {
            var decoder = CodePages.Get(codePage).GetDecoder();
            var bytes = new byte[2];
            var chars = new char[4];
            var t = new char[Cells];
            for (int i = 0; i < Cells; i++)
            {
                bytes[0] = (byte)(0xA1 + (i / 94));
                bytes[1] = (byte)(0xA1 + (i % 94));
                decoder.Reset();
                t[i] = Single(chars, decoder.GetChars(bytes, 0, 2, chars, 0, true));
            }

            foreach (var (code, c) in fixes) t[(((code >> 8) - 0x21) * 94) + (code & 0xFF) - 0x21] = c;
            return t;
        }

        // A code page answers an unassigned code with U+FFFD, with several characters, or with a private-use character
        // (its "user-defined" area); none of those is a character of the DICOM set.
        private static char Single(char[] chars, int count) =>
            count == 1 && (chars[0] < '\uE000' || chars[0] > '\uF8FF') ? chars[0] : '\uFFFD';

        private static char[] BuildJisX0212()
        {
            var t = new char[Cells];
            for (int row = 0; row < 94; row++)
            {
                var cells = JisX0212Table.Rows[row];
                for (int cell = 0; cell < 94; cell++)
                {
                    char c = cells == null ? ' ' : cells[cell];
                    t[(row * 94) + cell] = c == ' ' ? '\uFFFD' : c;
                }
            }

            return t;
        }
    }
}
