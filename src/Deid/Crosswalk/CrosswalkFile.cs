using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using Deid.Dicom;
using Deid.Hashing;

namespace Deid.Crosswalk
{
    /// <summary>
    /// A crosswalk as a CSV file (<c>Field,Original,Replacement</c>, RFC 4180 quoting, UTF-8): read, merged and written atomically
    /// (a temporary file renamed over the old one, so a crash leaves the old file whole). Merging refuses a conflict — the same
    /// original mapped two ways (another key or recipe) — because it would re-identify wrongly. Many originals mapped to one
    /// value (a dummy such as ANONYMOUS) are no conflict: such a value re-identifies nothing, and the rows say so.
    /// </summary>
    public static class CrosswalkFile
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

        /// <summary>
        /// The union of <paramref name="sets"/>, in first-seen order, each pair once; the conflicts (messages naming both
        /// mappings) are returned in <paramref name="conflicts"/>.
        /// </summary>
        public static List<CrosswalkEntry> Merge(IEnumerable<IEnumerable<CrosswalkEntry>> sets, out List<string> conflicts)
        {
            if (sets == null) throw new ArgumentNullException(nameof(sets));
            conflicts = new List<string>();
            var merged = new List<CrosswalkEntry>();
            var byKey = new Dictionary<string, CrosswalkEntry>(StringComparer.Ordinal);
            foreach (var set in sets)
            {
                foreach (var e in set)
                {
                    string key = ConflictKey(e);
                    if (byKey.TryGetValue(key, out var known))
                    {
                        if (!string.Equals(known.Replacement, e.Replacement, StringComparison.Ordinal)) conflicts.Add(DescribeConflict(known, e));
                        continue;
                    }
                    byKey[key] = e;
                    merged.Add(e);
                }
            }
            return merged;
        }

        /// <summary>
        /// What must map one way only. A UID is one value wherever it is met (the study's UID as StudyInstanceUID here and as a
        /// reference there): its original alone. An identifier is its attribute's: the same text in two attributes (a StudyID
        /// equal to the AccessionNumber, common in practice) may be replaced by two rules with two values and still re-identify.
        /// </summary>
        public static string ConflictKey(CrosswalkEntry entry)
        {
            if (entry == null) throw new ArgumentNullException(nameof(entry));
            return CrosswalkStep.IsIdentifierField(entry.Field) ? entry.Field + "\0" + entry.Original : entry.Original;
        }

        /// <summary>
        /// A 64-bit hash of <see cref="ConflictKey"/>, computed without building it: what a crosswalk keeps of each original to
        /// tell a conflict, for every row it reads.
        /// </summary>
        internal static ulong KeyHash(CrosswalkEntry entry)
        {
            if (entry == null) throw new ArgumentNullException(nameof(entry));
            return CrosswalkStep.IsIdentifierField(entry.Field) ? StringHash.Of(entry.Field, '\0', entry.Original) : StringHash.Of(entry.Original);
        }

        /// <summary>
        /// A hash of a row's replacement (<see cref="KeyHash"/>), its lowest two bits left clear for an append's marks
        /// (<see cref="RunRow"/>): two replacements of one original are told apart but for one chance in 2^62.
        /// </summary>
        internal static ulong ReplacementHash(CrosswalkEntry entry) => StringHash.Of(entry.Replacement) & ~Marks;

        private const ulong Marks = 3;
        private const ulong RunMark = 1;
        private const ulong KeptMark = 2;

        /// <summary>A replacement's hash without the marks an append set on it.</summary>
        internal static ulong Replacement(ulong value) => value & ~Marks;

        /// <summary>A replacement's hash marked as a row of the run being appended (a written file's).</summary>
        internal static ulong RunRow(ulong value) => value | RunMark;

        /// <summary>True when <see cref="RunRow"/> marked the value.</summary>
        internal static bool IsRunRow(ulong value) => (value & RunMark) != 0;

        /// <summary>
        /// A sentence naming the attribute of an original and its two mappings, never the original: these sentences go into error
        /// records, and from there into transcripts and central logs, where a patient's name beside its pseudonym is a breach (QA).
        /// Either new value finds the rows in the crosswalk, which is kept where originals may be.
        /// </summary>
        public static string DescribeConflict(CrosswalkEntry known, CrosswalkEntry other)
        {
            if (known == null) throw new ArgumentNullException(nameof(known));
            if (other == null) throw new ArgumentNullException(nameof(other));
            // Two different IDs a spreadsheet shortened alike (1.23457E+14) read as one original: the likelier cause then, and
            // said without the value.
            string shortened = SpreadsheetText.IsShortenedNumber(other.Original)
                ? " Its original is a number in scientific notation (#.#####E+##): a spreadsheet shortened long IDs, and two different IDs may now read the same; merge the crosswalks as the runs wrote them."
                : string.Empty;
            return $"{other.Field}: one original is mapped to '{known.Replacement}' and to '{other.Replacement}'.{shortened}";
        }

        /// <summary>Writes <paramref name="entries"/> to <paramref name="path"/> atomically (under the crosswalk's lock).</summary>
        public static void Write(string path, IEnumerable<CrosswalkEntry> entries)
        {
            if (path == null) throw new ArgumentNullException(nameof(path));
            if (entries == null) throw new ArgumentNullException(nameof(entries));
            string full = Path.GetFullPath(path);
            using (Lock(full, DefaultLockWait)) WriteUnlocked(full, entries);
        }

        /// <summary>
        /// Appends <paramref name="entries"/> to the crosswalk at <paramref name="path"/> (made when missing): under the crosswalk's
        /// lock, reads what it holds now, merges and writes atomically, so runs appending at once (shards of one machine, jobs
        /// started together) each keep their rows. When a row conflicts with the file's, the file is left as it was and the
        /// conflicts are returned; <paramref name="added"/> is how many rows were new. <paramref name="entries"/> is enumerated
        /// more than once (rows read from a journal are read again rather than held).
        /// </summary>
        public static List<string> Append(string path, IEnumerable<CrosswalkEntry> entries, out int added) => Append(path, entries, DefaultLockWait, out added);

        /// <summary>As <see cref="Append(string, IEnumerable{CrosswalkEntry}, out int)"/>, waiting at most <paramref name="lockWait"/> for the lock.</summary>
        public static List<string> Append(string path, IEnumerable<CrosswalkEntry> entries, TimeSpan lockWait, out int added)
        {
            if (path == null) throw new ArgumentNullException(nameof(path));
            if (entries == null) throw new ArgumentNullException(nameof(entries));
            string full = Path.GetFullPath(path);
            using (Lock(full, lockWait)) return AppendUnlocked(full, entries, out added);
        }

        /// <summary>
        /// Appends the rows of a run whose distinct originals <paramref name="mapped"/> holds already (conflict key hash →
        /// replacement hash, <see cref="KeyHash"/>; only those marked <see cref="RunRow"/>, <paramref name="count"/> of them), so
        /// that <paramref name="entries"/> need not be read to find them: they are read once, to write the new rows (and once more
        /// to word conflicts, only when there are any). Under the crosswalk's lock, as
        /// <see cref="Append(string, IEnumerable{CrosswalkEntry}, out int)"/>. The marks are the append's own to change.
        /// </summary>
        internal static List<string> Append(string path, IEnumerable<CrosswalkEntry> entries, Dictionary<ulong, ulong> mapped, int count, out int added)
        {
            string full = Path.GetFullPath(path);
            using (Lock(full, DefaultLockWait)) return AppendUnlocked(full, entries, mapped, count, out added);
        }

        /// <summary>
        /// The append itself, in memory proportional to the distinct rows of <paramref name="entries"/> as 64-bit hashes (some 30
        /// bytes a row, never the rows' text): the run's rows are read twice — what they map, then the new rows written — and
        /// once more to word conflicts, only when there are any; the file twice, a row at a time — once for conflicts and the rows
        /// it holds already, once copied into the new file with the new rows after it.
        /// </summary>
        private static List<string> AppendUnlocked(string full, IEnumerable<CrosswalkEntry> entries, out int added)
        {
            // What the run maps, each conflict key once (first seen); a second replacement of one key is a conflict among the
            // run's own rows.
            var laterOwn = new List<CrosswalkEntry>();
            var mine = FirstMappings(entries, RunMark, int.MaxValue, laterOwn, out _);
            if (laterOwn.Count > 0)
            {
                added = 0;
                return new List<string>(Describe(laterOwn, entries, (first, later) => DescribeConflict(first, later)));
            }
            return AppendUnlocked(full, entries, mine, mine.Count, out added);
        }

        /// <summary>
        /// Each original's first mapping in <paramref name="rows"/>: <see cref="KeyHash"/> → <see cref="ReplacementHash"/> with
        /// <paramref name="mark"/> set on it. The rows that map an original otherwise are counted in <paramref name="conflicts"/>,
        /// the first <paramref name="keep"/> of them added to <paramref name="later"/> (to be worded, <see cref="Describe"/>).
        /// What an append and a merge (<see cref="CrosswalkMerge"/>) both find first, keeping hashes only.
        /// </summary>
        internal static Dictionary<ulong, ulong> FirstMappings(IEnumerable<CrosswalkEntry> rows, ulong mark, int keep, List<CrosswalkEntry> later, out long conflicts)
        {
            var first = new Dictionary<ulong, ulong>();
            conflicts = 0;
            foreach (var e in rows)
            {
                ulong key = KeyHash(e);
                ulong replacement = ReplacementHash(e);
                if (!first.TryGetValue(key, out ulong known)) first.Add(key, replacement | mark);
                else if (Replacement(known) != replacement && conflicts++ < keep) later.Add(e);
            }
            return first;
        }

        /// <summary>
        /// The append of <paramref name="entries"/>, whose <paramref name="count"/> distinct originals are the keys of
        /// <paramref name="mine"/> marked <see cref="RunRow"/>; marks the rows the file holds or that were written
        /// (<see cref="KeptMark"/>) as it goes, so each is written once.
        /// </summary>
        private static List<string> AppendUnlocked(string full, IEnumerable<CrosswalkEntry> entries, Dictionary<ulong, ulong> mine, int count, out int added)
        {
            added = 0;
            var conflicts = new List<string>();
            bool exists = File.Exists(full);
            if (!exists && InterruptedReplace(full) is string interrupted) throw new IOException(interrupted);
            int present = 0;
            if (exists)
            {
                var theirs = new List<CrosswalkEntry>();
                foreach (var row in ReadRows(full))
                {
                    ulong key = KeyHash(row);
                    if (!mine.TryGetValue(key, out ulong value) || !IsRunRow(value)) continue;
                    if (Replacement(value) != ReplacementHash(row)) theirs.Add(row);
                    else if ((value & KeptMark) == 0)
                    {
                        mine[key] = value | KeptMark;
                        present++;
                    }
                }
                if (theirs.Count > 0) conflicts.AddRange(Describe(theirs, entries, (mineRow, row) => DescribeConflict(row, mineRow)));
            }
            if (conflicts.Count > 0) return conflicts;
            added = count - present;
            if (added == 0 && exists) return conflicts;
            WriteUnlocked(full, exists ? Concat(ReadRows(full), Fresh(entries, mine)) : Fresh(entries, mine));
            return conflicts;
        }

        /// <summary>
        /// What an original mapped by the run's rows (a conflict's first row, <paramref name="entries"/>) and by
        /// <paramref name="others"/> is mapped to, in a sentence each (<see cref="DescribeConflict"/>): looked up only when a
        /// conflict was found, since only hashes of the run's rows are kept.
        /// </summary>
        internal static IEnumerable<string> Describe(List<CrosswalkEntry> others, IEnumerable<CrosswalkEntry> entries, Func<CrosswalkEntry, CrosswalkEntry, string> describe)
        {
            var wanted = new Dictionary<ulong, CrosswalkEntry?>();
            foreach (var other in others) wanted[KeyHash(other)] = null;
            foreach (var e in entries)
            {
                ulong key = KeyHash(e);
                if (wanted.TryGetValue(key, out var first) && first == null) wanted[key] = e;
            }
            foreach (var other in others)
            {
                var first = wanted[KeyHash(other)];
                if (first != null) yield return describe(first, other);
            }
        }

        /// <summary>The run's rows the file does not hold, each conflict key once, in the order first met (marked as written).</summary>
        private static IEnumerable<CrosswalkEntry> Fresh(IEnumerable<CrosswalkEntry> entries, Dictionary<ulong, ulong> mine)
        {
            foreach (var e in entries)
            {
                ulong key = KeyHash(e);
                if (!mine.TryGetValue(key, out ulong value) || (value & KeptMark) != 0) continue;
                mine[key] = value | KeptMark;
                yield return e;
            }
        }

        private static IEnumerable<CrosswalkEntry> Concat(IEnumerable<CrosswalkEntry> first, IEnumerable<CrosswalkEntry> second)
        {
            foreach (var e in first) yield return e;
            foreach (var e in second) yield return e;
        }

        /// <summary>
        /// Writes <paramref name="entries"/> to a new file beside <paramref name="path"/> (<c>name.conflict-yyyyMMddTHHmmssZ.csv</c>,
        /// numbered when taken) and returns its path: the rows of outputs already written that the crosswalk could not take, kept
        /// rather than lost.
        /// </summary>
        public static string WriteBeside(string path, IEnumerable<CrosswalkEntry> entries)
        {
            if (path == null) throw new ArgumentNullException(nameof(path));
            if (entries == null) throw new ArgumentNullException(nameof(entries));
            string full = Path.GetFullPath(path);
            string folder = Path.GetDirectoryName(full) ?? ".";
            string stem = Path.GetFileNameWithoutExtension(full) + ".conflict-" + DateTime.UtcNow.ToString("yyyyMMdd'T'HHmmss'Z'", System.Globalization.CultureInfo.InvariantCulture);
            for (int n = 1; ; n++)
            {
                string candidate = Path.Combine(folder, stem + (n == 1 ? string.Empty : "-" + n) + ".csv");
                try
                {
                    AtomicFile.Write(candidate, overwrite: false, s => WriteRows(s, entries), durable: false, ownerOnly: true);
                    return candidate;
                }
                catch (IOException) when (File.Exists(candidate) && n < 1000)
                {
                }
            }
        }

        /// <summary>
        /// Why a crosswalk that is missing must not be written afresh, or null: a temporary copy of it lies beside it, left by a
        /// run stopped while replacing it or (Windows) by a replace that failed half way and kept the new content only there
        /// (AtomicFile). Written afresh, the copy would then be removed with every earlier row, the only way back to those
        /// patients; the run is refused until someone looks at it.
        /// </summary>
        public static string? InterruptedReplace(string path)
        {
            string full = FullPath.Of(path ?? throw new ArgumentNullException(nameof(path)));
            if (File.Exists(full)) return null;
            var copies = AtomicFile.Temporaries(full);
            return copies.Count == 0 ? null
                : $"The crosswalk '{full}' is missing, and a temporary copy of it is beside it ('{copies[0]}'): a run stopped while replacing it, and the copy may hold its rows. Check that copy and rename it to the crosswalk's name, or delete it if the crosswalk is to start afresh; then run again.";
        }

        /// <summary>
        /// Why a crosswalk cannot be named <paramref name="path"/>, or null: the journal a run keeps beside it is named after it
        /// with 22 characters more (".", ".0123456789ab.journal"), and a file system takes names of at most 255 bytes, so a name
        /// of more than 233 failed every file of the run, one by one, where one error before any file is due (QA 2026-12-07).
        /// </summary>
        public static string? NameProblem(string path)
        {
            if (path == null) throw new ArgumentNullException(nameof(path));
            string name = Path.GetFileName(path);
            int bytes = Encoding.UTF8.GetByteCount(name);
            int longer = Encoding.UTF8.GetByteCount(CrosswalkJournal.Name(name, "0123456789ab")) - bytes;
            return bytes + longer <= 255 ? null
                : $"The crosswalk's file name '{name}' is too long ({bytes} bytes): the journal kept beside it while a run writes is named after it with {longer} characters more, and a file name takes at most 255 bytes. Give the crosswalk a name of at most {255 - longer} bytes.";
        }

        /// <summary>How long a crosswalk's lock is waited for: another run holds it only while it reads, merges and writes the file.</summary>
        public static readonly TimeSpan DefaultLockWait = TimeSpan.FromMinutes(2);

        /// <summary>
        /// The lock file beside a crosswalk: hidden, empty, left in place (removed, a run waiting on the old one and a run making a
        /// new one would both go ahead).
        /// </summary>
        public static string LockPath(string path)
        {
            if (path == null) throw new ArgumentNullException(nameof(path));
            string full = Path.GetFullPath(path);
            return Path.Combine(Path.GetDirectoryName(full) ?? ".", "." + Path.GetFileName(full) + ".lock");
        }

        /// <summary>
        /// Holds the crosswalk's lock: its lock file opened for exclusive use (an advisory lock on Linux and macOS, a sharing lock on
        /// Windows; released by the system if the process dies). Not the crosswalk itself, which is replaced by a rename.
        /// </summary>
        internal static FileStream Lock(string full, TimeSpan wait)
        {
            string lockPath = LockPath(full);
            string? folder = Path.GetDirectoryName(lockPath);
            if (folder != null) Directory.CreateDirectory(folder);
            var watch = System.Diagnostics.Stopwatch.StartNew();
            while (true)
            {
                try
                {
                    var held = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1);
                    // Hidden on Windows as its dot hides it elsewhere (the attribute is not held back by the exclusive open).
                    HiddenFile.Hide(lockPath);
                    return held;
                }
                catch (IOException ex) when (!(ex is DirectoryNotFoundException) && !(ex is FileNotFoundException) && !(ex is PathTooLongException))
                {
                    if (watch.Elapsed >= wait)
                        throw new IOException($"The crosswalk '{full}' stayed locked by another run for {wait.TotalSeconds:0} s (its lock file '{lockPath}'): {ex.Message}", ex);
                    System.Threading.Thread.Sleep(20);
                }
            }
        }

        private static void WriteUnlocked(string full, IEnumerable<CrosswalkEntry> entries)
        {
            string? folder = Path.GetDirectoryName(full);
            if (folder != null) Directory.CreateDirectory(folder);
            // Under the lock no other run writes this crosswalk: a temporary copy beside it is a killed run's, holding rows that
            // re-identify patients, and goes now (QA 2026-12-07: it stayed, hidden, after the crosswalk itself was rotated).
            AtomicFile.RemoveTemporaries(full);
            // Owner only: it maps each new identifier back to the patient's own.
            AtomicFile.Write(full, overwrite: true, s => WriteRows(s, entries), durable: false, ownerOnly: true);
        }

        private static void WriteRows(Stream stream, IEnumerable<CrosswalkEntry> entries)
        {
            // Streamed: a crosswalk of millions of rows is never one string in memory. With a byte order mark (Excel's "CSV
            // UTF-8"): Excel on Windows opens a CSV without one in the ANSI code page, and an accented original saved back so is
            // another name (MÃ¼ller), that leads back to no one (QA F8). Every reader here, Import-Csv included, takes the mark.
            using (var writer = new StreamWriter(stream, new UTF8Encoding(true), 65536, leaveOpen: true) { NewLine = "\n" })
            {
                writer.Write(Header);
                writer.Write('\n');
                foreach (var e in entries) WriteRow(writer, e);
            }
        }

        private static void WriteRow(TextWriter writer, CrosswalkEntry e)
        {
            writer.Write(Quote(SpreadsheetText.Protect(e.Field)));
            writer.Write(',');
            writer.Write(Quote(SpreadsheetText.Protect(e.Original)));
            writer.Write(',');
            writer.Write(Quote(SpreadsheetText.Protect(e.Replacement)));
            writer.Write('\n');
        }

        /// <summary><paramref name="entries"/> as CSV lines, each ended by a line feed (no header).</summary>
        internal static string Rows(IEnumerable<CrosswalkEntry> entries)
        {
            var text = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
            foreach (var e in entries) WriteRow(text, e);
            return text.ToString();
        }

        /// <summary>
        /// Merges into the crosswalk at <paramref name="path"/> the journals of runs that died before they appended their rows
        /// (<see cref="CrosswalkJournal.Orphans"/>), under its lock, and removes them. A journal whose rows conflict with the
        /// crosswalk is written beside it instead (<see cref="WriteBeside"/>); those files are returned. Returns how many rows
        /// were recovered into the crosswalk.
        /// </summary>
        public static int Recover(string path, out List<string> conflictFiles)
        {
            if (path == null) throw new ArgumentNullException(nameof(path));
            conflictFiles = new List<string>();
            string full = Path.GetFullPath(path);
            if (CrosswalkJournal.Orphans(full).Count == 0) return 0;
            int recovered = 0;
            using (Lock(full, DefaultLockWait))
            {
                foreach (string journal in CrosswalkJournal.Orphans(full))
                {
                    var rows = JournalRows(journal);
                    if (!IsCrosswalk(rows, out int count))
                    {
                        // Not readable as a crosswalk: kept as it is, and named, rather than removed with its rows.
                        conflictFiles.Add(journal);
                        continue;
                    }
                    if (count > 0)
                    {
                        if (AppendUnlocked(full, rows, out int added).Count > 0) conflictFiles.Add(WriteBeside(full, rows));
                        recovered += added;
                    }
                    File.Delete(journal);
                }
            }
            return recovered;
        }

        /// <summary>True when <paramref name="rows"/> read to their end as a crosswalk; <paramref name="count"/> is how many there are.</summary>
        private static bool IsCrosswalk(IEnumerable<CrosswalkEntry> rows, out int count)
        {
            count = 0;
            try
            {
                foreach (var unused in rows) count++;
                return true;
            }
            catch (InvalidDataException)
            {
                return false;
            }
        }

        /// <summary>
        /// The rows of a journal up to its last line end, read from the file each time they are enumerated (a dead run's journal
        /// may hold millions): a run killed in the middle of a write leaves its last row cut, and a cut UID is a wrong mapping.
        /// </summary>
        private static IEnumerable<CrosswalkEntry> JournalRows(string journal) => ReadRows(journal, () =>
        {
            var stream = File.OpenRead(journal);
            try
            {
                return new PrefixReadStream(stream, LastLineEnd(stream) + 1);
            }
            catch
            {
                stream.Dispose();
                throw;
            }
        });

        /// <summary>Where the last line feed of <paramref name="stream"/> is (-1 when none), found by reading back from its end.</summary>
        private static long LastLineEnd(Stream stream)
        {
            byte[] block = new byte[65536];
            long end = stream.Length;
            while (end > 0)
            {
                int length = (int)Math.Min(block.Length, end);
                long start = end - length;
                stream.Seek(start, SeekOrigin.Begin);
                CrosswalkJournal.ReadExactly(stream, block, length);
                int at = Array.LastIndexOf(block, (byte)'\n', length - 1, length);
                if (at >= 0) return start + at;
                end = start;
            }
            return -1;
        }

        /// <summary>The rows of CSV text without a header (a journal's segment): what <see cref="ReadRows(string)"/> reads, from memory.</summary>
        internal static IEnumerable<CrosswalkEntry> ParseRows(string text) => Records("the crosswalk journal", new StringReader(text), headed: false);

        private static string Quote(string value) =>
            value.IndexOfAny(new[] { ',', '"', '\n', '\r' }) < 0 && value.Trim() == value ? value : "\"" + value.Replace("\"", "\"\"") + "\"";

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
