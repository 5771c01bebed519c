using System;
using System.Collections.Generic;
using Deid.Dicom;

namespace Deid.Audit
{
    /// <summary>
    /// The audit's second look, value by value: the output's element values (file meta and dataset at any depth, as read) laid
    /// end to end with a zero byte between them, searched for the needles whose match depends on its neighbours — numbers (an ID,
    /// a date, a UID found only as itself, not as digits of a longer number) and short words.
    /// </summary>
    /// <remarks>
    /// Why: the byte search judges a match's neighbours by the bytes around it in the file, and beside a value stand a tag and a
    /// length. An even-length value followed by an element of group 0x0030–0x0039 ((0038,0010) Admission ID, then another Visit
    /// element) has the digit '8' after it; a big endian UID of 48–57 characters has its length's low byte, a digit, before it;
    /// a name part before group 0x0054 has the letter 'T' after it. Those matches were passed over, and a pair that kept them was
    /// called clean (audit QA 2026-12-07). Here a value's own ends are its bounds.
    /// </remarks>
    internal static class ValueSearch
    {
        /// <summary>
        /// Records in <paramref name="found"/>, at <paramref name="location"/>, the needles the values hold that the byte search did
        /// not find: at their offset in <paramref name="foldedOutput"/> (the output's bytes, already folded) when given, else -1.
        /// </summary>
        /// <remarks>
        /// <paramref name="iso2022"/> (null unless the output declares code extensions) passes over ASCII that lies in two-byte
        /// text, as the byte search does: each value begins in the default set, and the values are scanned laid end to end.
        /// </remarks>
        public static void Search(DicomFile? written, NeedleSet needles, Dictionary<AuditValue, List<DeidLeak>> found, ExplainedMatches coded,
            LeakLocation location, byte[]? foldedOutput, Iso2022Scanner? iso2022, Action<Dictionary<AuditValue, List<DeidLeak>>, AuditValue, DeidLeak> record)
        {
            if (written == null) return;
            // The values' bytes, copied once into an array of their total length (each value and the zero after it).
            var values = new List<ReadOnlyMemory<byte>>(128);
            if (written.HasFileMetaInformation) Add(written.FileMetaInformation, values);
            Add(written.Dataset, values);
            long total = 0;
            foreach (var v in values) total += v.Length + 1;
            if (total == 0 || total > int.MaxValue) return;
            var bytes = new byte[total];
            var segments = new List<(int Start, int Length)>(values.Count);
            int end = 0;
            foreach (var v in values)
            {
                segments.Add((end, v.Length));
                v.Span.CopyTo(bytes.AsSpan(end));
                end += v.Length + 1;
            }
            // Read before folding, as the byte search reads its buffer.
            var text = iso2022?.Scan(bytes, bytes.Length) ?? Iso2022Text.None;
            NeedleSet.Fold(bytes);
            var gates = new Dictionary<string, bool>(StringComparer.Ordinal);
            foreach (var needle in needles.Needles)
            {
                if (!needle.Numeric && !needle.Word && !needle.DateThenTime) continue;
                if (AllFound(found, needle)) continue;
                long at = NeedleSet.MayHold(bytes, needle, gates) ? text.Find(PixelValueSpan.None, bytes, 0, needle, 0) : -1;
                if (at < 0) continue;
                var capacities = coded.Capacities(needle);
                int most = 0;
                foreach (int c in capacities) most = Math.Max(most, c);
                int matches = text.Count(PixelValueSpan.None, bytes, 0, needle, at, most + 1);
                long offset = OffsetInOutput(bytes, segments, (int)at, foldedOutput);
                for (int i = 0; i < needle.Owners.Count; i++)
                {
                    if (i < capacities.Length && matches <= capacities[i]) continue;
                    var (value, form) = needle.Owners[i];
                    if (found.ContainsKey(value)) continue;
                    record(found, value, new DeidLeak(value, form, location, offset));
                }
            }
        }

        private static void Add(DicomDataset dataset, List<ReadOnlyMemory<byte>> values)
        {
            for (int i = 0; i < dataset.Count; i++)
            {
                var e = dataset.ElementAt(i);
                if (e.Sequence is DicomSequence sequence)
                {
                    for (int k = 0; k < sequence.Count; k++) Add(sequence[k], values);
                    continue;
                }
                if (e.IsLoaded && e.RawValue.Length > 0) values.Add(e.RawValue);
            }
        }

        private static bool AllFound(Dictionary<AuditValue, List<DeidLeak>> found, NeedleSet.Needle needle)
        {
            foreach (var (value, _) in needle.Owners)
            {
                if (!found.ContainsKey(value)) return false;
            }
            return true;
        }

        // Where the match is in the output: its value's bytes found there (folded alike), plus the match's place in the value.
        private static long OffsetInOutput(byte[] haystack, List<(int Start, int Length)> segments, int at, byte[]? foldedOutput)
        {
            if (foldedOutput == null) return -1;
            foreach (var (start, length) in segments)
            {
                if (at < start || at >= start + length) continue;
                int where = foldedOutput.AsSpan().IndexOf(haystack.AsSpan(start, length));
                return where < 0 ? -1 : where + (at - start);
            }
            return -1;
        }
    }
}
