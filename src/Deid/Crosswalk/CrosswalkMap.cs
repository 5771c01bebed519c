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
        private bool _journalEnded;

        /// <summary>
        /// Creates a map that agrees with <paramref name="known"/> (the crosswalk file's rows, or none). With
        /// <paramref name="journalBeside"/> (the crosswalk's path), each file's rows also go to a journal beside it before its output
        /// appears (<see cref="Journal"/>, <see cref="CrosswalkJournal"/>), so a run killed before its end loses none.
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

        /// <summary>How many distinct originals the crosswalk file held when the map was made (0 for a new crosswalk).</summary>
        public int KnownRows => _file.Count;

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

        /// <summary>
        /// Writes the rows of <paramref name="sourcePath"/> to the journal beside the crosswalk (when the map has one), before its
        /// output appears: an output that could not be traced back if the run died before its end is never written. Throws
        /// <see cref="CrosswalkJournalException"/> when the journal cannot be started or written (a full disk, the crosswalk's
        /// folder gone or read-only), or has ended (the run's rows were appended already); the file is then refused. A failed
        /// append is cut back to the journal's last whole row, so the files after it may still be journaled. A copy whose rename then
        /// fails (another run wrote the output meanwhile) leaves rows in the journal for a copy that does not exist. A live run
        /// appends only the rows of the copies it wrote (<see cref="Commit"/>); only a dead run's journal is merged, where such
        /// rows can at worst make a later run under another key refuse that file as a conflict — never leave a copy untraceable.
        /// </summary>
        public void Journal(string sourcePath, IReadOnlyList<CrosswalkEntry> entries)
        {
            if (sourcePath == null) throw new ArgumentNullException(nameof(sourcePath));
            if (entries == null) throw new ArgumentNullException(nameof(entries));
            if (_journalBeside == null || entries.Count == 0) return;
            lock (_gate)
            {
                if (_journalEnded) throw new CrosswalkJournalException(sourcePath, _journalBeside, "the run's rows were appended to it already (the command was ending)", null);
                try
                {
                    _journal ??= CrosswalkJournal.Start(_journalBeside);
                    _journal.Append(entries);
                }
                catch (Exception ex) when (ex is System.IO.IOException || ex is UnauthorizedAccessException)
                {
                    throw new CrosswalkJournalException(sourcePath, _journalBeside, ex.Message, ex);
                }
            }
        }

        /// <summary>
        /// Keeps the rows of <paramref name="sourcePath"/>, whose output has been written (and its rows journaled,
        /// <see cref="Journal"/>), for the crosswalk's append at the end of the run.
        /// </summary>
        public void Commit(string sourcePath, IReadOnlyList<CrosswalkEntry> entries)
        {
            if (sourcePath == null) throw new ArgumentNullException(nameof(sourcePath));
            if (entries == null) throw new ArgumentNullException(nameof(entries));
            lock (_gate) _written[sourcePath] = entries;
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
                _journalEnded = true;
                if (_journal == null) return;
                if (rowsKept) _journal.Complete();
                else _journal.Dispose();
                _journal = null;
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
