using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using Deid.Dicom;

namespace Deid.Crosswalk
{
    // What keeps a crosswalk whole across runs: its lock, the names it cannot take, a temporary copy a stopped replace left, and the rows a run that ended early left in its journal.
    public static partial class CrosswalkFile
    {
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
    }
}
