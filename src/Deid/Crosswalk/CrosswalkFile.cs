using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace Deid.Crosswalk
{
    /// <summary>
    /// A crosswalk as a CSV file (<c>Field,Original,Replacement</c>, RFC 4180 quoting, UTF-8): read, merged and written atomically
    /// (a temporary file renamed over the old one, so a crash leaves the old file whole). Merging refuses a conflict — the same
    /// original mapped two ways (another key or recipe) — because it would re-identify wrongly. Many originals mapped to one
    /// value (a dummy such as ANONYMOUS) are no conflict: such a value re-identifies nothing, and the rows say so.
    /// </summary>
    public static partial class CrosswalkFile
    {
        /// <summary>The header line.</summary>
        public const string Header = "Field,Original,Replacement";

        /// <summary>Reads a crosswalk; <see cref="InvalidDataException"/> names the file and line of a malformed row.</summary>
        public static List<CrosswalkEntry> Read(string path) => new List<CrosswalkEntry>(ReadRows(path));

        /// <summary>
        /// The rows of a crosswalk, one at a time: a crosswalk grows with every run, and is never held whole in memory to append
        /// to it. <see cref="InvalidDataException"/> names the file and line of a malformed row.
        /// </summary>
        public static IEnumerable<CrosswalkEntry> ReadRows(string path)
        {
            if (path == null) throw new ArgumentNullException(nameof(path));
            return ReadRows(path, () => File.OpenRead(path));
        }

        /// <summary>
        /// As <see cref="ReadRows(string)"/>, telling <paramref name="notice"/> of each cell a spreadsheet probably changed
        /// (<see cref="CrosswalkNotice"/>: the first few of each kind by file, line and column, then how many more), as the rows
        /// are read. For a crosswalk a person may have edited; the module's own rereads of a file it wrote need none.
        /// </summary>
        public static IEnumerable<CrosswalkEntry> ReadRows(string path, Action<CrosswalkNotice>? notice)
        {
            if (path == null) throw new ArgumentNullException(nameof(path));
            return ReadRows(path, () => File.OpenRead(path), notice);
        }

        /// <summary>At most this many notices of one kind are given for a file, each naming its cell; then one counts the rest.</summary>
        public const int NamedNotices = 10;

        private static IEnumerable<CrosswalkEntry> ReadRows(string name, Func<Stream> open, Action<CrosswalkNotice>? notice = null)
        {
            var stream = open();
            // Strict: a crosswalk saved by Excel as "CSV" (Windows-1252) would otherwise read with U+FFFD in place of its
            // accented originals, be written back so, and lose them; a byte order mark (UTF-8, UTF-16) is still honoured.
            using (var reader = new StreamReader(stream, new UTF8Encoding(false, throwOnInvalidBytes: true), detectEncodingFromByteOrderMarks: true, bufferSize: 65536))
            {
                foreach (var e in Records(name, reader, notice: notice)) yield return e;
            }
        }

        private static IEnumerable<CrosswalkEntry> Records(string name, TextReader reader, bool headed = true, Action<CrosswalkNotice>? notice = null)
        {
            var notices = notice == null ? null : new Notices(name, notice);
            int line = 1;
            // Where Field, Original and Replacement are among a row's cells, as the header names them: a spreadsheet lets the
            // columns be dragged into another order, and read by position a reordered crosswalk took its header for a row and
            // each original for a field, so a rerun under another key was no longer refused (QA F3). A journal's segment has
            // no header: the module wrote it, in its own order.
            int[]? columns = headed ? null : new[] { 0, 1, 2 };
            // One buffer for every cell read: a run's rows are read back from its journal at the end, millions of them.
            var cell = new StringBuilder();
            long rows = 0;
            while (true)
            {
                int start = line;
                List<string>? cells;
                try
                {
                    if (reader.Peek() < 0)
                    {
                        notices?.End();
                        yield break;
                    }
                    cells = NextRecord(reader, ref line, cell);
                }
                catch (DecoderFallbackException)
                {
                    throw new InvalidDataException($"{name}: not UTF-8 text (saved in another encoding, such as Excel's Windows-1252 \"CSV\"); save it as UTF-8 (\"CSV UTF-8\") so that its originals are read as they were written.");
                }
                if (cells == null) throw new InvalidDataException($"{name}, line {start}: a quoted value is not closed.");
                if (cells.Count == 1 && cells[0].Length == 0) continue;
                if (columns == null)
                {
                    // Only an empty file has no header: without one the columns cannot be told apart, and a guess by position
                    // maps originals to the wrong cells without a word.
                    columns = HeaderColumns(cells) ?? throw new InvalidDataException(OtherDelimiter(cells) is string separated
                        ? $"{name}, line {start}: the header's columns are separated by {separated}, not commas. Save it as \"CSV UTF-8 (Comma delimited)\" with commas (a European Excel's \"CSV\" uses the regional list separator ';'; \"Unicode Text\" uses tabs), or take the crosswalk as the run wrote it."
                        : $"{name}, line {start}: not the crosswalk's header ({Header}, in any order): without it the columns cannot be told apart, so the file is not read as a crosswalk. Give the file its header line back (or take the crosswalk as the run wrote it).");
                    continue;
                }
                if (cells.Count != 3) throw new InvalidDataException($"{name}, line {start}: expected three columns ({Header}).");
                // A row of empty cells (a spreadsheet's left-over ",," line) maps nothing; merged on, it was an empty entry (QA of
                // 2026-12-07).
                if (cells[0].Length == 0 && cells[1].Length == 0 && cells[2].Length == 0) continue;
                var entry = new CrosswalkEntry(SpreadsheetText.Unprotect(cells[columns[0]]), SpreadsheetText.Unprotect(cells[columns[1]]), SpreadsheetText.Unprotect(cells[columns[2]]));
                notices?.Check(entry, start);
                yield return entry;
                // A crosswalk of millions of rows is read whole at the start and end of a run: its garbage is collected as the
                // batch's is (AllocationPacer), not left to grow to the runtime's own budget first.
                if (++rows % 256 == 0) Deid.Batch.AllocationPacer.Shared.AfterFile();
            }
        }

        /// <summary>
        /// The notices of one file's cells (<see cref="CrosswalkNotice"/>): the first <see cref="NamedNotices"/> of each kind
        /// named, the rest counted at the end, so that a crosswalk of a hundred thousand shortened IDs is not as many warnings.
        /// </summary>
        private sealed class Notices
        {
            private readonly string _file;
            private readonly Action<CrosswalkNotice> _notice;
            private int _shortened;
            private int _misdecoded;

            public Notices(string file, Action<CrosswalkNotice> notice)
            {
                _file = file;
                _notice = notice;
            }

            public void Check(CrosswalkEntry entry, int line)
            {
                // Either cell: a shortened original no longer finds the patient, a shortened replacement no longer finds the
                // copies; both are lost digits, and two rows may now read the same.
                if (SpreadsheetText.IsShortenedNumber(entry.Original)) Shortened(line, "Original");
                if (SpreadsheetText.IsShortenedNumber(entry.Replacement)) Shortened(line, "Replacement");
                // The original only: it is the patient's text (a name, with its accents); a replacement is the run's own.
                if (SpreadsheetText.LooksMisdecoded(entry.Original) && ++_misdecoded <= NamedNotices)
                {
                    _notice(new CrosswalkNotice(CrosswalkNoticeKind.Mojibake, _file, line, "Original",
                        $"{_file}, line {line}, column Original: looks like UTF-8 text read as ANSI (such as MÃ¼ller for Müller): a spreadsheet opened the crosswalk in its code page and saved that text, which no longer matches the patient's. Take the crosswalk as the run wrote it, or open it with its encoding (Data > From Text/CSV, 65001: Unicode (UTF-8)) and correct the cell."));
                }
            }

            private void Shortened(int line, string column)
            {
                if (++_shortened > NamedNotices) return;
                _notice(new CrosswalkNotice(CrosswalkNoticeKind.ShortenedNumber, _file, line, column,
                    $"{_file}, line {line}, column {column}: a number in scientific notation (#.#####E+##): a spreadsheet saved a long ID it took for a number; its last digits are lost, and the row no longer leads back. Re-export the crosswalk (take it as the run wrote it); do not save it from Excel in General format."));
            }

            public void End()
            {
                if (_misdecoded > NamedNotices)
                    _notice(new CrosswalkNotice(CrosswalkNoticeKind.Mojibake, _file, 0, string.Empty,
                        $"{_file}: {_misdecoded - NamedNotices} more original(s) that look like UTF-8 text read as ANSI than the {NamedNotices} named."));
                if (_shortened > NamedNotices)
                    _notice(new CrosswalkNotice(CrosswalkNoticeKind.ShortenedNumber, _file, 0, string.Empty,
                        $"{_file}: {_shortened - NamedNotices} more cell(s) in scientific notation (#.#####E+##) than the {NamedNotices} named: a spreadsheet shortened them too."));
            }
        }

        /// <summary>
        /// How the header's columns are separated when a spreadsheet saved the file with its regional list separator (';', in
        /// much of Europe) or as "Unicode Text" (tabs): the line is one cell that, split so, is the header; else null.
        /// </summary>
        /// <remarks>
        /// Said, not read so: the run rewrites the crosswalk with commas, which the spreadsheet that saved it then opens as one
        /// column; a regional save may also have changed other cells (decimal commas, dates); and one reader of one format keeps
        /// the quoting and the formula protection (<see cref="SpreadsheetText"/>) in one place. Saving it again with commas is
        /// one step for the person who chose the format.
        /// </remarks>
        private static string? OtherDelimiter(IReadOnlyList<string> cells)
        {
            if (cells.Count != 1) return null;
            if (HeaderColumns(cells[0].Split(';')) != null) return "';' (a spreadsheet's regional list separator)";
            if (HeaderColumns(cells[0].Split('\t')) != null) return "tabs (a spreadsheet's \"Unicode Text\")";
            return null;
        }

        /// <summary>
        /// Where Field, Original and Replacement are in <paramref name="cells"/> when they are the header (each name once, in any
        /// order, any case, spaces around ignored: as a spreadsheet or another tool may leave them), else null.
        /// </summary>
        private static int[]? HeaderColumns(IReadOnlyList<string> cells)
        {
            if (cells.Count != 3) return null;
            var columns = new[] { -1, -1, -1 };
            string[] names = { "Field", "Original", "Replacement" };
            for (int i = 0; i < 3; i++)
            {
                int name = Array.FindIndex(names, n => string.Equals(n, cells[i].Trim(), StringComparison.OrdinalIgnoreCase));
                if (name < 0 || columns[name] >= 0) return null;
                columns[name] = i;
            }
            return columns;
        }

        /// <summary>The rows of CSV text without a header (a journal's segment): what <see cref="ReadRows(string)"/> reads, from memory.</summary>
        internal static IEnumerable<CrosswalkEntry> ParseRows(string text) => Records("the crosswalk journal", new StringReader(text), headed: false);

        /// <summary>
        /// The cells of the record <paramref name="reader"/> is at (RFC 4180: a quoted cell may hold commas, doubled quotes and line
        /// breaks), moving past its line end; null when a quote is not closed. <paramref name="line"/> counts the lines passed.
        /// </summary>
        private static List<string>? NextRecord(TextReader reader, ref int line, StringBuilder cell)
        {
            var cells = new List<string>(3);
            cell.Clear();
            bool quoted = false;
            int c;
            while ((c = reader.Read()) >= 0)
            {
                if (quoted)
                {
                    if (c == '"' && reader.Peek() == '"') { cell.Append('"'); reader.Read(); }
                    else if (c == '"') quoted = false;
                    else
                    {
                        if (c == '\n') line++;
                        cell.Append((char)c);
                    }
                }
                else if (c == '"') quoted = true;
                else if (c == ',') { cells.Add(cell.ToString()); cell.Clear(); }
                else if (c == '\r' || c == '\n')
                {
                    if (c == '\r' && reader.Peek() == '\n') reader.Read();
                    line++;
                    cells.Add(cell.ToString());
                    return cells;
                }
                else cell.Append((char)c);
            }
            if (quoted) return null;
            cells.Add(cell.ToString());
            return cells;
        }
    }
}
