using System;
using System.Collections.Generic;
using System.IO;

namespace Deid.Crosswalk
{
    // Appending a run's rows to a crosswalk under its lock: rows already there are not repeated, and a conflict with them is refused.
    public static partial class CrosswalkFile
    {
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
    }
}
