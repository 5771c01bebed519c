using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;

namespace Deid.Crosswalk
{
    /// <summary>
    /// What a run's outputs must agree with: the rows of the crosswalk it appends to, and the rows of the files it has changed so
    /// far. Shared by the worker threads of a batch. A file is checked before it is written (<see cref="Claim"/>), so no output
    /// is ever written whose originals the crosswalk maps to other values; its rows are kept once it is written
    /// (<see cref="Commit(string, IReadOnlyList{CrosswalkEntry})"/>), so the crosswalk holds exactly the outputs that exist, also when the command is stopped.
    /// </summary>
    /// <remarks>
    /// Memory stays flat in the number of files: what must agree is kept as 64-bit hashes (some 30 bytes a distinct original),
    /// and the rows themselves stay on disk, in the journal beside the crosswalk (<see cref="CrosswalkJournal"/>), read back for
    /// the append at the end; the map keeps some 24 bytes a written file to find them. Holding each written file's rows
    /// until the end cost about 2 KB a file (a run of 20,000 small CT files peaked 42 MB higher with a crosswalk than without).
    /// </remarks>
    public sealed class CrosswalkMap
    {
        private readonly object _gate = new object();
        // The crosswalk file's rows as 64-bit hashes of what must map one way (CrosswalkFile.ConflictKey) and of its
        // replacement: some 30 bytes a row, where the rows themselves would take hundreds (a crosswalk grows with every run).
        private readonly Dictionary<ulong, ulong> _file = new Dictionary<ulong, ulong>();
        // The same for the rows this run's files claimed, the replacement's hash marked (CrosswalkFile.RunRow) once a file with
        // the row was written: what the append at the end checks the crosswalk against, without reading the rows back for it.
        private readonly Dictionary<ulong, ulong> _claimed = new Dictionary<ulong, ulong>();
        // The new values of identifiers (names, IDs, accession and study numbers; not UIDs) as text, of the crosswalk file and
        // of the run's first file to give each, with that file: what a conflict names (QA F6: two CSV rows typing one patient's
        // ID two ways gave neither the other value nor the other file). Identifiers are a study's or a patient's, a few per
        // study where UIDs are one per instance, so these stay small; a UID's conflict is still worded from hashes.
        private readonly Dictionary<ulong, string> _fileValues = new Dictionary<ulong, string>();
        private readonly Dictionary<ulong, (string Source, string Replacement)> _claimedValues = new Dictionary<ulong, (string Source, string Replacement)>();
        private int _committed;
        // Where the rows of files journaled but not yet written are in the journal, by input path: few at a time (the files in
        // flight), each removed when its file is written.
        private readonly Dictionary<string, List<Segment>> _journaled = new Dictionary<string, List<Segment>>(StringComparer.Ordinal);
        // Where the rows of each written file are, with its place in input order, in the order the files were committed.
        private readonly List<(long Order, Segment Rows)> _written = new List<(long Order, Segment Rows)>();

        private readonly string? _journalBeside;
        private CrosswalkJournal? _journal;
        private string? _journalPath;
        private bool _journalEnded;
        private bool _journalRemoved;
        // How many written files' rows AppendWritten appended: a file written after it keeps the journal (EndJournal).
        private int _appendedFiles = -1;
        // A map without a journal (no crosswalk file: an in-memory use) keeps its written rows here, in the journal's form.
        private MemoryStream? _memory;

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
                ulong key = CrosswalkFile.KeyHash(e);
                if (_file.ContainsKey(key)) continue;
                _file.Add(key, CrosswalkFile.ReplacementHash(e));
                if (CrosswalkStep.IsIdentifierField(e.Field)) _fileValues.Add(key, e.Replacement);
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
            var keys = new ulong[entries.Count];
            var replacements = new ulong[entries.Count];
            for (int i = 0; i < entries.Count; i++)
            {
                keys[i] = CrosswalkFile.KeyHash(entries[i]);
                replacements[i] = CrosswalkFile.ReplacementHash(entries[i]);
            }
            lock (_gate)
            {
                List<string>? conflicts = null;
                bool withinRun = true;
                for (int i = 0; i < entries.Count; i++)
                {
                    var e = entries[i];
                    // Both new values, never the original (a patient's): each finds the rows, in the input and the crosswalk.
                    if (_claimed.TryGetValue(keys[i], out ulong claimed))
                    {
                        if (CrosswalkFile.Replacement(claimed) == replacements[i]) continue;
                        (conflicts ??= new List<string>()).Add(_claimedValues.TryGetValue(keys[i], out var earlier)
                            ? $"{e.Field}: this file gives '{e.Replacement}', and an earlier file of this run, '{earlier.Source}', gave '{earlier.Replacement}' for the same original: two rows or inputs of this run disagree."
                            : $"{e.Field}: this file gives '{e.Replacement}', and an earlier file of this run gave another value for the same original: two inputs of this run disagree.");
                    }
                    else if (_file.TryGetValue(keys[i], out ulong replacement) && replacement != replacements[i])
                    {
                        withinRun = false;
                        (conflicts ??= new List<string>()).Add(_fileValues.TryGetValue(keys[i], out string? known)
                            ? $"{e.Field}: an original is mapped to '{known}' by the crosswalk and to '{e.Replacement}' by this run."
                            : $"{e.Field}: an original is mapped to another value by the crosswalk and to '{e.Replacement}' by this run.");
                    }
                }
                if (conflicts != null) throw new CrosswalkConflictException(sourcePath, conflicts, withinRun);
                for (int i = 0; i < entries.Count; i++)
                {
                    if (_claimed.ContainsKey(keys[i])) continue;
                    _claimed.Add(keys[i], replacements[i]);
                    if (CrosswalkStep.IsIdentifierField(entries[i].Field)) _claimedValues.Add(keys[i], (sourcePath, entries[i].Replacement));
                }
            }
        }

        /// <summary>
        /// Writes the rows of <paramref name="sourcePath"/> to the journal beside the crosswalk (when the map has one), before its
        /// output appears: an output that could not be traced back if the run died before its end is never written. Throws
        /// <see cref="CrosswalkJournalException"/> when the journal cannot be started or written (a full disk, the crosswalk's
        /// folder gone or read-only), or has ended (the run's rows were appended already); the file is then refused. A failed
        /// append is cut back to the journal's last whole row, so the files after it may still be journaled. A copy whose rename then
        /// fails (another run wrote the output meanwhile) leaves rows in the journal for a copy that does not exist. A live run
        /// appends only the rows of the copies it wrote (<see cref="Commit(string, IReadOnlyList{CrosswalkEntry})"/>); only a dead run's journal is merged, where such
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
                Segment segment;
                try
                {
                    if (_journal == null)
                    {
                        _journal = CrosswalkJournal.Start(_journalBeside);
                        _journalPath = _journal.Path;
                    }
                    var (offset, length) = _journal.AppendRows(entries);
                    segment = new Segment(offset, length, inMemory: false);
                }
                catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
                {
                    throw new CrosswalkJournalException(sourcePath, _journalBeside, ex.Message, ex);
                }
                if (!_journaled.TryGetValue(sourcePath, out var pending)) _journaled.Add(sourcePath, pending = new List<Segment>(1));
                pending.Add(segment);
            }
        }

        /// <summary>
        /// Keeps the rows of <paramref name="sourcePath"/>, whose output has been written (and its rows journaled,
        /// <see cref="Journal"/>), for the crosswalk's append at the end of the run, in input order.
        /// </summary>
        public void Commit(string sourcePath, IReadOnlyList<CrosswalkEntry> entries) => Commit(sourcePath, entries, 0);

        /// <summary>
        /// As <see cref="Commit(string, IReadOnlyList{CrosswalkEntry})"/>, the file being the <paramref name="order"/>-th of the
        /// run's inputs: the rows are appended in input order, whichever worker finished first.
        /// </summary>
        internal void Commit(string sourcePath, IReadOnlyList<CrosswalkEntry> entries, long order)
        {
            if (sourcePath == null) throw new ArgumentNullException(nameof(sourcePath));
            if (entries == null) throw new ArgumentNullException(nameof(entries));
            lock (_gate)
            {
                Segment segment;
                if (_journaled.TryGetValue(sourcePath, out var pending) && pending.Count > 0)
                {
                    segment = pending[pending.Count - 1];
                    pending.RemoveAt(pending.Count - 1);
                    if (pending.Count == 0) _journaled.Remove(sourcePath);
                }
                else if (entries.Count == 0)
                {
                    segment = new Segment(0, 0, inMemory: true);
                }
                else
                {
                    // Nothing journaled: a map without a journal.
                    _memory ??= new MemoryStream();
                    byte[] bytes = CrosswalkJournal.Encode(entries);
                    long offset = _memory.Length;
                    _memory.Seek(0, SeekOrigin.End);
                    _memory.Write(bytes, 0, bytes.Length);
                    segment = new Segment(offset, bytes.Length, inMemory: true);
                }
                _written.Add((order, segment));
                foreach (var e in entries)
                {
                    ulong key = CrosswalkFile.KeyHash(e);
                    if (!_claimed.TryGetValue(key, out ulong value)) value = CrosswalkFile.ReplacementHash(e);
                    else if (CrosswalkFile.IsRunRow(value)) continue;
                    _claimed[key] = CrosswalkFile.RunRow(value);
                    _committed++;
                }
            }
        }

        /// <summary>The journal's file, once a written file started it.</summary>
        public string? JournalPath
        {
            get { lock (_gate) return _journal?.Path; }
        }

        /// <summary>
        /// Ends the journal: removed when <paramref name="rowsKept"/> (its rows are in the crosswalk, or beside it) and no file
        /// was written after <see cref="AppendWritten"/>, else closed and left for the next run to recover.
        /// </summary>
        public void EndJournal(bool rowsKept)
        {
            lock (_gate)
            {
                _journalEnded = true;
                if (_journal == null) return;
                // A file written after the append (it was journaled before it) has rows in the journal only: kept for the next run.
                if (rowsKept && (_appendedFiles < 0 || _appendedFiles == _written.Count))
                {
                    _journal.Complete();
                    _journalRemoved = true;
                }
                else
                {
                    _journal.Dispose();
                }
                _journal = null;
            }
        }

        /// <summary>
        /// The rows of the files written so far, in input order (each file's in the order it found them), each pair of original
        /// and replacement once: the same rows in the same order whichever thread finished first. Read from the journal (or the
        /// map's memory) each time it is enumerated, so a run of millions of files never holds them all; enumerate it before
        /// <see cref="EndJournal"/> removes the journal.
        /// </summary>
        public IEnumerable<CrosswalkEntry> WrittenRows() => ReadWritten(distinct: true);

        /// <summary>
        /// The written files' rows in input order; with <paramref name="distinct"/> each pair once (a study's UIDs are in every
        /// file of it), else as the files had them (the append keeps each original once itself).
        /// </summary>
        private IEnumerable<CrosswalkEntry> ReadWritten(bool distinct)
        {
            (long Order, Segment Rows)[] written;
            lock (_gate)
            {
                written = _written.ToArray();
            }
            // A stable sort: files without a place in input order (in-memory uses, all 0) stay in the order they were committed.
            return Read(written.OrderBy(w => w.Order).Select(w => w.Rows), distinct);
        }

        private IEnumerable<CrosswalkEntry> Read(IEnumerable<Segment> written, bool distinct)
        {
            // Pairs by hashes of their conflict key and replacement.
            var seen = distinct ? new HashSet<(ulong, ulong)>() : null;
            foreach (var segment in written)
            {
                // Each file's rows read back make garbage as the file did: collected as the batch's is, not left to pile up.
                Deid.Batch.AllocationPacer.Shared.AfterFile();
                foreach (var e in Read(segment))
                {
                    if (seen == null || seen.Add((CrosswalkFile.KeyHash(e), CrosswalkFile.ReplacementHash(e)))) yield return e;
                }
            }
        }

        /// <summary>The rows of the files written so far (<see cref="WrittenRows"/>), in a list.</summary>
        public List<CrosswalkEntry> Written() => new List<CrosswalkEntry>(WrittenRows());

        /// <summary>True when a written file had rows.</summary>
        public bool HasWrittenRows
        {
            get { lock (_gate) return _committed > 0; }
        }

        /// <summary>
        /// Appends the rows of the files written (<see cref="WrittenRows"/>) to the crosswalk at <paramref name="crosswalkPath"/>,
        /// as <see cref="CrosswalkFile.Append(string, IEnumerable{CrosswalkEntry}, out int)"/> does (conflicts returned, the file
        /// then left as it was), reading them back once, to write the new ones: what they map is known already.
        /// </summary>
        public List<string> AppendWritten(string crosswalkPath, out int added)
        {
            if (crosswalkPath == null) throw new ArgumentNullException(nameof(crosswalkPath));
            // Held throughout (reading the rows back takes it again, on this thread): a file finishing meanwhile waits, and one
            // that would journal after it is refused, since its rows would be in no append.
            lock (_gate)
            {
                _journalEnded = true;
                _appendedFiles = _written.Count;
                return CrosswalkFile.Append(crosswalkPath, ReadWritten(distinct: false), _claimed, _committed, out added);
            }
        }

        /// <summary>How many written files were committed (with or without rows).</summary>
        public int WrittenFiles
        {
            get { lock (_gate) return _written.Count; }
        }

        private IEnumerable<CrosswalkEntry> Read(Segment segment)
        {
            if (segment.Length == 0) return Array.Empty<CrosswalkEntry>();
            byte[] bytes = new byte[segment.Length];
            lock (_gate)
            {
                if (segment.InMemory)
                {
                    Buffer.BlockCopy(_memory!.GetBuffer(), checked((int)segment.Offset), bytes, 0, segment.Length);
                }
                else if (_journal != null)
                {
                    _journal.ReadAt(segment.Offset, bytes);
                }
                else
                {
                    if (_journalRemoved || _journalPath == null) throw new InvalidOperationException("The written files' rows were in the crosswalk journal, which was removed when the run's rows were kept.");
                    using (var stream = new FileStream(_journalPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1))
                    {
                        stream.Seek(segment.Offset, SeekOrigin.Begin);
                        CrosswalkJournal.ReadExactly(stream, bytes);
                    }
                }
            }
            return CrosswalkFile.ParseRows(new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes));
        }

        /// <summary>Where one file's rows are: in the journal or in the map's memory.</summary>
        private readonly struct Segment
        {
            public Segment(long offset, int length, bool inMemory)
            {
                Offset = offset;
                Length = length;
                InMemory = inMemory;
            }

            public long Offset { get; }

            public int Length { get; }

            public bool InMemory { get; }
        }
    }
}
