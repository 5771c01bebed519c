using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using Deid.Dicom;

namespace Deid.Crosswalk
{
    // Writing a crosswalk: to a temporary file beside it, then renamed over it, so a crash leaves the old file whole.
    public static partial class CrosswalkFile
    {
        /// <summary>Writes <paramref name="entries"/> to <paramref name="path"/> atomically (under the crosswalk's lock).</summary>
        public static void Write(string path, IEnumerable<CrosswalkEntry> entries)
        {
            if (path == null) throw new ArgumentNullException(nameof(path));
            if (entries == null) throw new ArgumentNullException(nameof(entries));
            string full = Path.GetFullPath(path);
            using (Lock(full, DefaultLockWait)) WriteUnlocked(full, entries);
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

        private static string Quote(string value) =>
            value.IndexOfAny(new[] { ',', '"', '\n', '\r' }) < 0 && value.Trim() == value ? value : "\"" + value.Replace("\"", "\"\"") + "\"";
    }
}
