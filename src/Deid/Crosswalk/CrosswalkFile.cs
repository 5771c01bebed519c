using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using Deid.Dicom;

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
        public static List<CrosswalkEntry> Read(string path)
        {
            if (path == null) throw new ArgumentNullException(nameof(path));
            var entries = new List<CrosswalkEntry>();
            int number = 0;
            string[] lines;
            try
            {
                // Strict: a crosswalk saved by Excel as "CSV" (Windows-1252) would otherwise read with U+FFFD in place of its
                // accented originals, be written back so, and lose them; a byte order mark (UTF-8, UTF-16) is still honoured.
                lines = File.ReadAllLines(path, new UTF8Encoding(false, throwOnInvalidBytes: true));
            }
            catch (DecoderFallbackException)
            {
                throw new InvalidDataException($"{path}: not UTF-8 text (saved in another encoding, such as Excel's Windows-1252 \"CSV\"); save it as UTF-8 (\"CSV UTF-8\") so that its originals are read as they were written.");
            }
            foreach (string line in lines)
            {
                number++;
                if (number == 1 && line.Trim() == Header) continue;
                if (line.Length == 0) continue;
                var cells = Split(line);
                if (cells == null || cells.Count != 3) throw new InvalidDataException($"{path}, line {number}: expected three columns ({Header}).");
                entries.Add(new CrosswalkEntry(cells[0], cells[1], cells[2]));
            }
            return entries;
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
            var byOriginal = new Dictionary<string, CrosswalkEntry>(StringComparer.Ordinal);
            foreach (var set in sets)
            {
                foreach (var e in set)
                {
                    if (byOriginal.TryGetValue(e.Original, out var known))
                    {
                        if (known.Replacement != e.Replacement)
                            conflicts.Add($"{e.Field} '{e.Original}' is mapped to '{known.Replacement}' and to '{e.Replacement}'.");
                        continue;
                    }
                    byOriginal[e.Original] = e;
                    merged.Add(e);
                }
            }
            return merged;
        }

        /// <summary>Writes <paramref name="entries"/> to <paramref name="path"/> atomically.</summary>
        public static void Write(string path, IEnumerable<CrosswalkEntry> entries)
        {
            if (path == null) throw new ArgumentNullException(nameof(path));
            var text = new StringBuilder(Header).Append('\n');
            foreach (var e in entries) text.Append(Quote(e.Field)).Append(',').Append(Quote(e.Original)).Append(',').Append(Quote(e.Replacement)).Append('\n');
            string full = Path.GetFullPath(path);
            string? folder = Path.GetDirectoryName(full);
            if (folder != null) Directory.CreateDirectory(folder);
            byte[] bytes = new UTF8Encoding(false).GetBytes(text.ToString());
            // Owner only: it maps each new identifier back to the patient's own.
            AtomicFile.Write(full, overwrite: true, s => s.Write(bytes, 0, bytes.Length), durable: false, ownerOnly: true);
        }

        private static string Quote(string value) =>
            value.IndexOfAny(new[] { ',', '"', '\n', '\r' }) < 0 && value.Trim() == value ? value : "\"" + value.Replace("\"", "\"\"") + "\"";

        private static List<string>? Split(string line)
        {
            var cells = new List<string>();
            var cell = new StringBuilder();
            bool quoted = false;
            for (int i = 0; i < line.Length; i++)
            {
                char c = line[i];
                if (quoted)
                {
                    if (c == '"' && i + 1 < line.Length && line[i + 1] == '"') { cell.Append('"'); i++; }
                    else if (c == '"') quoted = false;
                    else cell.Append(c);
                }
                else if (c == '"') quoted = true;
                else if (c == ',') { cells.Add(cell.ToString()); cell.Clear(); }
                else cell.Append(c);
            }
            if (quoted) return null;
            cells.Add(cell.ToString());
            return cells;
        }
    }
}
