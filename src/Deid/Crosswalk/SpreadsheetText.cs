namespace Deid.Crosswalk
{
    /// <summary>
    /// Keeps a crosswalk cell from being run as a formula when the CSV is opened in a spreadsheet. An original comes from a
    /// file's header, which anyone who made the file chose: a patient name "=HYPERLINK(...)" was written as it was, and Excel
    /// ran it when an administrator opened the crosswalk (CSV injection, CWE-1236). A cell that starts with a character that
    /// makes a formula (=, +, -, @, tab, carriage return) is written after an apostrophe, as OWASP advises, and read back
    /// without it; so is a cell already starting with an apostrophe before such a character, or before another apostrophe,
    /// so that reading gives back exactly what was written (the marked forms are the only ones reading changes).
    /// </summary>
    internal static class SpreadsheetText
    {
        /// <summary>The cell as written: <paramref name="value"/>, after an apostrophe where a spreadsheet would run it.</summary>
        public static string Protect(string value) =>
            value.Length > 0 && (StartsFormula(value[0]) || (value[0] == '\'' && value.Length > 1 && IsMarked(value[1]))) ? "'" + value : value;

        /// <summary>The value of a cell as read: one apostrophe taken off a cell that <see cref="Protect"/> marked.</summary>
        public static string Unprotect(string cell) =>
            cell.Length > 1 && cell[0] == '\'' && IsMarked(cell[1]) ? cell.Substring(1) : cell;

        /// <summary>
        /// True for a cell a spreadsheet shortened to scientific notation: digits, optionally a point and digits, E, a sign and
        /// digits (<c>1.23457E+14</c>, <c>9E+14</c>), as Excel saves a long ID it took for a number in General format.
        /// </summary>
        /// <remarks>
        /// Stricter than the variables' check (SpreadsheetVariableCheck): an identifier is free text, and "3E12" or "2e5" may be
        /// an ID as typed, where the upper-case E and the sign are the spreadsheet's own form. A UID never holds an E.
        /// </remarks>
        public static bool IsShortenedNumber(string cell)
        {
            int i = 0;
            int digits = Digits(cell, ref i);
            if (digits == 0) return false;
            if (i < cell.Length && cell[i] == '.')
            {
                i++;
                if (Digits(cell, ref i) == 0) return false;
            }
            if (i + 2 >= cell.Length || cell[i] != 'E' || (cell[i + 1] != '+' && cell[i + 1] != '-')) return false;
            i += 2;
            return Digits(cell, ref i) > 0 && i == cell.Length;
        }

        /// <summary>
        /// True when <paramref name="cell"/> reads as UTF-8 text decoded in an ANSI code page: the lead byte of a two-byte
        /// character (Ã, Â for the Latin-1 letters; Ä, Å for those of Central Europe) before a continuation byte as Latin-1 or
        /// Windows-1252 shows it (U+0080–U+00BF, or the letters and signs Windows-1252 puts at 0x80–0x9F), as in MÃ¼ller or
        /// MÃœLLER. Excel on Windows opens a CSV without a byte order mark so, and saved back, that text is the original.
        /// </summary>
        /// <remarks>
        /// No name is spelt so: a letter such as Ã is followed by a letter, never by a sign of U+00A0–U+00BF or a control;
        /// the few letters among Windows-1252's 0x80–0x9F (Š, Œ, Ž and their small forms, Ÿ) do not follow these four.
        /// </remarks>
        public static bool LooksMisdecoded(string cell)
        {
            for (int i = 0; i + 1 < cell.Length; i++)
            {
                char lead = cell[i];
                if (lead != '\u00C3' && lead != '\u00C2' && lead != '\u00C4' && lead != '\u00C5') continue;
                char next = cell[i + 1];
                if ((next >= '\u0080' && next <= '\u00BF') || Windows1252High.IndexOf(next) >= 0) return true;
            }
            return false;
        }

        // What Windows-1252 shows for the bytes 0x80-0x9F it defines (UTF-8 continuation bytes, read as ANSI).
        private const string Windows1252High = "\u20AC\u201A\u0192\u201E\u2026\u2020\u2021\u02C6\u2030\u0160\u2039\u0152\u017D\u2018\u2019\u201C\u201D\u2022\u2013\u2014\u02DC\u2122\u0161\u203A\u0153\u017E\u0178";

        private static int Digits(string text, ref int i)
        {
            int start = i;
            while (i < text.Length && text[i] >= '0' && text[i] <= '9') i++;
            return i - start;
        }

        // The characters after which an apostrophe marks a protected cell.
        private static bool IsMarked(char c) => StartsFormula(c) || c == '\'';

        private static bool StartsFormula(char c) => c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
    }
}
