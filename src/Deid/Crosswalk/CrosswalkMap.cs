using System;
using System.Collections.Generic;
using System.Linq;

namespace Deid.Crosswalk
{
    /// <summary>
    /// What a run's outputs must agree with: the rows of the crosswalk it appends to, and the rows of the files it has changed so
    /// far. Shared by the worker threads of a batch. A file is checked before it is written (<see cref="Claim"/>), so no output
    /// is ever written whose originals the crosswalk maps to other values; its rows are kept once it is written
    /// (<see cref="Commit"/>), so the crosswalk holds exactly the outputs that exist, also when the command is stopped.
    /// </summary>
    public sealed class CrosswalkMap
    {
        private readonly object _gate = new object();
        // The crosswalk file's rows as 64-bit hashes of what must map one way (CrosswalkFile.ConflictKey) and of its
        // replacement: some 30 bytes a row, where the rows themselves would take hundreds (a crosswalk grows with every run).
        private readonly Dictionary<ulong, ulong> _file = new Dictionary<ulong, ulong>();
        private readonly Dictionary<string, CrosswalkEntry> _known = new Dictionary<string, CrosswalkEntry>(StringComparer.Ordinal);
        private readonly Dictionary<string, IReadOnlyList<CrosswalkEntry>> _written = new Dictionary<string, IReadOnlyList<CrosswalkEntry>>(StringComparer.Ordinal);

        private readonly string? _journalBeside;
        private CrosswalkJournal? _journal;
        private bool _journalFailed;

        /// <summary>
        /// Creates a map that agrees with <paramref name="known"/> (the crosswalk file's rows, or none). With
        /// <paramref name="journalBeside"/> (the crosswalk's path), each written file's rows also go to a journal beside it as the
        /// file is written (<see cref="CrosswalkJournal"/>), so a run killed before its end loses none.
        /// </summary>
        public CrosswalkMap(IEnumerable<CrosswalkEntry>? known = null, string? journalBeside = null)
        {
            _journalBeside = journalBeside;
            if (known == null) return;
            foreach (var e in known)
            {
                ulong key = Hash(CrosswalkFile.ConflictKey(e));
                if (!_file.ContainsKey(key)) _file.Add(key, Hash(e.Replacement));
            }
        }

        /// <summary>
        /// Checks <paramref name="entries"/> (one file's) against the map and, when none conflicts, adds them, so later files must
        /// agree with this one. Throws <see cref="CrosswalkConflictException"/>, adding nothing, when an original is mapped
        /// otherwise.
        /// </summary>
        public void Claim(string sourcePath, IReadOnlyList<CrosswalkEntry> entries)
        {
            if (sourcePath == null) throw new ArgumentNullException(nameof(sourcePath));
            if (entries == null) throw new ArgumentNullException(nameof(entries));
            lock (_gate)
            {
                List<string>? conflicts = null;
                foreach (var e in entries)
                {
                    string key = CrosswalkFile.ConflictKey(e);
                    if (_known.TryGetValue(key, out var known))
                    {
                        if (!string.Equals(known.Replacement, e.Replacement, StringComparison.Ordinal)) (conflicts ??= new List<string>()).Add(CrosswalkFile.DescribeConflict(known, e));
                    }
                    else if (_file.TryGetValue(Hash(key), out ulong replacement) && replacement != Hash(e.Replacement))
                    {
                        (conflicts ??= new List<string>()).Add($"{e.Field}: an original is mapped to another value by the crosswalk and to '{e.Replacement}' by this run.");
                    }
                }
                if (conflicts != null) throw new CrosswalkConflictException(sourcePath, conflicts);
                foreach (var e in entries)
                {
                    string key = CrosswalkFile.ConflictKey(e);
                    if (!_known.ContainsKey(key)) _known.Add(key, e);
                }
            }
        }

        /// <summary>
        /// Two originals whose hashes collide would at worst refuse a file for a conflict it does not have; letting one through
        /// would need the two replacements of one original to collide as well (one chance in 2^64).
        /// </summary>
        private static ulong Hash(string text) => Deid.Hashing.StringHash.Of(text);

        /// <summary>Keeps the rows of <paramref name="sourcePath"/>, whose output has been written.</summary>
        public void Commit(string sourcePath, IReadOnlyList<CrosswalkEntry> entries)
        {
            if (sourcePath == null) throw new ArgumentNullException(nameof(sourcePath));
            if (entries == null) throw new ArgumentNullException(nameof(entries));
            lock (_gate)
            {
                _written[sourcePath] = entries;
                if (_journalBeside == null || entries.Count == 0 || _journalFailed) return;
                try
                {
                    _journal ??= CrosswalkJournal.Start(_journalBeside);
                }
                catch (Exception ex) when (ex is System.IO.IOException || ex is UnauthorizedAccessException)
                {
                    // No journal (a full disk): the rows are still appended at the end of the run.
                    _journalFailed = true;
                    return;
                }
                _journal.Append(entries);
            }
        }

        /// <summary>The journal's file, once a written file started it.</summary>
        public string? JournalPath
        {
            get { lock (_gate) return _journal?.Path; }
        }

        /// <summary>
        /// Ends the journal: removed when <paramref name="rowsKept"/> (its rows are in the crosswalk, or beside it), else closed
        /// and left for the next run to recover.
        /// </summary>
        public void EndJournal(bool rowsKept)
        {
            lock (_gate)
            {
                if (_journal == null) return;
                if (rowsKept) _journal.Complete();
                else _journal.Dispose();
                _journal = null;
                _journalFailed = true;
            }
        }

        /// <summary>
        /// The rows of the files written so far, ordered by their input's path (ordinal), each file's in the order it found them:
        /// the same rows in the same order whichever thread finished first.
        /// </summary>
        public List<CrosswalkEntry> Written()
        {
            lock (_gate) return _written.OrderBy(p => p.Key, StringComparer.Ordinal).SelectMany(p => p.Value).ToList();
        }

        /// <summary>How many written files have rows.</summary>
        public int WrittenFiles
        {
            get { lock (_gate) return _written.Count; }
        }
    }
}
