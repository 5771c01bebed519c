using System;
using System.Collections.Generic;
using Deid.Hashing;

namespace Deid.Crosswalk
{
    // Merging crosswalks, and the hashes by which a row's original and replacement are known: the same original mapped two ways is a conflict, named without the original.
    public static partial class CrosswalkFile
    {
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
    }
}
