using System;
using System.Collections.Generic;
using System.IO;

namespace Deid.Crosswalk
{
    /// <summary>
    /// The merge of crosswalk files (the shards of a run split over machines, Merge-DeidCrosswalk) read a row at a time: each
    /// original once, first seen, and the conflicts — an original mapped two ways. Only 64-bit hashes of the originals and their
    /// replacements are kept (some 30 bytes a row); the rows are read again from the files to be written, so shards of millions
    /// of rows merge in flat memory, where holding them took hundreds of bytes a row.
    /// </summary>
    public sealed class CrosswalkMerge
    {
        /// <summary>At most this many conflicts are worded (<see cref="Conflicts"/>); <see cref="ConflictCount"/> counts them all.</summary>
        public const int WordedConflicts = 1000;

        private readonly IReadOnlyList<string> _files;
        private readonly Dictionary<ulong, ulong> _first;

        private CrosswalkMerge(IReadOnlyList<string> files, Dictionary<ulong, ulong> first, List<string> conflicts, long conflictCount)
        {
            _files = files;
            _first = first;
            Conflicts = conflicts;
            ConflictCount = conflictCount;
        }

        /// <summary>How many rows the merged crosswalk has: one for each original (identifier by attribute, UID by value).</summary>
        public int Count => _first.Count;

        /// <summary>The first <see cref="WordedConflicts"/> conflicts, each a sentence naming the attribute and both mappings (never the original).</summary>
        public IReadOnlyList<string> Conflicts { get; }

        /// <summary>How many rows map an original otherwise than an earlier row of the files.</summary>
        public long ConflictCount { get; }

        /// <summary>
        /// Reads <paramref name="files"/> in order, finding each original's first mapping and every conflict. Throws
        /// <see cref="InvalidDataException"/> (a malformed row, naming the file and line) or <see cref="IOException"/> for a file
        /// that cannot be read; <see cref="CrosswalkMergeException"/> says which.
        /// </summary>
        public static CrosswalkMerge Of(IReadOnlyList<string> files) => Of(files, null);

        /// <summary>
        /// As <see cref="Of(IReadOnlyList{string})"/>, telling <paramref name="notice"/> of each cell a spreadsheet probably
        /// changed (<see cref="CrosswalkFile.ReadRows(string, Action{CrosswalkNotice})"/>), once, as the files are first read.
        /// </summary>
        public static CrosswalkMerge Of(IReadOnlyList<string> files, Action<CrosswalkNotice>? notice)
        {
            if (files == null) throw new ArgumentNullException(nameof(files));
            var later = new List<CrosswalkEntry>();
            var first = CrosswalkFile.FirstMappings(Rows(files, notice), 0, WordedConflicts, later, out long conflicts);
            var merge = new CrosswalkMerge(files, first, new List<string>(), conflicts);
            if (later.Count > 0) merge.Word(later);
            return merge;
        }

        /// <summary>The merged rows, read again from the files each time they are enumerated: each original's first row, in the order met.</summary>
        public IEnumerable<CrosswalkEntry> Rows()
        {
            // Sized once: grown by doubling, a set of millions leaves its smaller copies behind until a full collection.
            var written = new Dictionary<ulong, bool>(_first.Count);
            foreach (var e in Rows(_files))
            {
                ulong key = CrosswalkFile.KeyHash(e);
                if (written.ContainsKey(key)) continue;
                written.Add(key, true);
                yield return e;
            }
        }

        /// <summary>The rows of <paramref name="files"/>, one after another.</summary>
        private static IEnumerable<CrosswalkEntry> Rows(IReadOnlyList<string> files, Action<CrosswalkNotice>? notice = null)
        {
            foreach (string file in files)
            {
                foreach (var e in Rows(file, notice)) yield return e;
            }
        }

        /// <summary>Writes the merged rows to <paramref name="path"/>, atomically and readable by its owner only.</summary>
        public void Write(string path) => CrosswalkFile.Write(path, Rows());

        /// <summary>Words each conflict from the first row of its original, found by reading the rows again (only hashes were kept).</summary>
        private void Word(List<CrosswalkEntry> later) =>
            ((List<string>)Conflicts).AddRange(CrosswalkFile.Describe(later, Rows(), (first, other) => CrosswalkFile.DescribeConflict(first, other)));

        private static IEnumerable<CrosswalkEntry> Rows(string file, Action<CrosswalkNotice>? notice)
        {
            using (var rows = CrosswalkFile.ReadRows(file, notice).GetEnumerator())
            {
                while (true)
                {
                    try
                    {
                        if (!rows.MoveNext()) yield break;
                    }
                    catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is InvalidDataException)
                    {
                        throw new CrosswalkMergeException(file, ex);
                    }
                    yield return rows.Current;
                }
            }
        }
    }
}
