using System;
using System.Collections.Generic;
using Deid.Dicom;

namespace Deid.Audit
{
    /// <summary>
    /// The audit's second look, value by value: the output's element values laid end to end with a zero byte between them
    /// (<see cref="OutputValues"/>, <see cref="ValueWindows"/>), searched for the needles whose match depends on its neighbours —
    /// numbers (an ID, a date, a UID found only as itself, not as digits of a longer number) and short words.
    /// </summary>
    /// <remarks>
    /// Why: the byte search judges a match's neighbours by the bytes around it in the file, and beside a value stand a tag and a
    /// length. An even-length value followed by an element of group 0x0030–0x0039 ((0038,0010) Admission ID, then another Visit
    /// element) has the digit '8' after it; a big endian UID of 48–57 characters has its length's low byte, a digit, before it;
    /// a name part before group 0x0054 has the letter 'T' after it. Those matches were passed over, and a pair that kept them was
    /// called clean (audit QA 2026-12-07). Here a value's own ends are its bounds. Every value counts: one of 64 KB or more
    /// (read from the output a window at a time), one after the Pixel Data, one inside a UN value that holds items (the same QA
    /// found each passed over while only the header's values in memory were looked at).
    /// </remarks>
    internal sealed class ValueSearch
    {
        /// <summary>The bytes of values searched at a time: a header's values fit in one window, a large value takes several.</summary>
        internal const int DefaultWindowBytes = 1 << 20;

        private readonly ExplainedMatches _coded;
        private readonly Iso2022Scanner? _iso2022;
        private readonly List<NeedleSet.Needle> _pending;
        private readonly Dictionary<string, bool> _gates = new Dictionary<string, bool>(StringComparer.Ordinal);
        // Needles the output's coded values may explain are counted through every window: (the first match's position, matches).
        private Dictionary<NeedleSet.Needle, long[]>? _counted;
        // What was found, in the order found, at its position in the values laid end to end: placed in the output at the end.
        private List<(NeedleSet.Needle Needle, long Position, int Matches)>? _matches;

        private ValueSearch(List<NeedleSet.Needle> pending, ExplainedMatches coded, Iso2022Scanner? iso2022)
        {
            _pending = pending;
            _coded = coded;
            _iso2022 = iso2022;
        }

        /// <summary>
        /// Records in <paramref name="found"/>, at <paramref name="location"/>, the needles the values of <paramref name="written"/>
        /// hold: at their offset in <paramref name="output"/> (the output's bytes as read, not yet folded) when known, else -1.
        /// </summary>
        /// <remarks>
        /// To be called before the byte search folds <paramref name="output"/> in place: values left in it are read from it (a
        /// deflated output's inflated again from its compressed bytes), and ISO 2022 escape sequences are read before folding.
        /// <paramref name="iso2022"/> (null unless the output declares code extensions) passes over ASCII that lies in two-byte
        /// text, as the byte search does: each value begins in the default set. Memory: the output as read, and one window of
        /// <paramref name="windowBytes"/> and the longest needle.
        /// </remarks>
        public static void Search(DicomFile? written, NeedleSet needles, Dictionary<AuditValue, List<DeidLeak>> found, ExplainedMatches coded,
            LeakLocation location, byte[]? output, Iso2022Scanner? iso2022, Action<Dictionary<AuditValue, List<DeidLeak>>, AuditValue, DeidLeak> record,
            int windowBytes = DefaultWindowBytes)
        {
            if (written == null) return;
            var pending = new List<NeedleSet.Needle>(needles.Count);
            int longest = 0;
            foreach (var needle in needles.Needles)
            {
                if (!needle.Numeric && !needle.Word && !needle.DateThenTime) continue;
                pending.Add(needle);
                longest = Math.Max(longest, needle.MaxSpan);
            }
            if (pending.Count == 0) return;
            var search = new ValueSearch(pending, coded, iso2022);
            // After a match, the most bytes its bounds are judged by: the digit after a number, the time of day (up to six digits
            // and the one after them) after a date.
            int overlap = longest + 8;
            using (var windows = new ValueWindows(windowBytes, overlap, search.SearchWindow))
            {
                OutputValues.AddTo(written, windows);
                windows.Finish();
            }
            search.CountedToTheEnd();
            if (search._matches != null) search.Record(written, found, location, output, record);
        }

        // One window, in the order one buffer's search takes the needles; false when none is left to look for.
        private bool SearchWindow(ValueWindows window)
        {
            var bytes = window.Bytes;
            int count = window.Count;
            // Read before folding, as the byte search reads its buffer.
            var text = _iso2022?.Scan(bytes, count) ?? Iso2022Text.None;
            NeedleSet.Fold(bytes, count);
            var span = new ReadOnlySpan<byte>(bytes, 0, count);
            int ownEnd = window.OwnEnd;
            _gates.Clear();
            int kept = 0;
            for (int i = 0; i < _pending.Count; i++)
            {
                var needle = _pending[i];
                long at = NeedleSet.MayHold(span, needle, _gates) ? text.Find(PixelValueSpan.None, span, window.From, needle, window.OwnStart) : -1;
                // A match starting in the overlap belongs to the next window, which sees what follows it.
                if (at < 0 || at >= ownEnd)
                {
                    _pending[kept++] = needle;
                    continue;
                }
                int codes = _coded.Capacity(needle);
                if (codes > 0)
                {
                    _counted ??= new Dictionary<NeedleSet.Needle, long[]>();
                    if (!_counted.TryGetValue(needle, out var tally)) _counted.Add(needle, tally = new long[] { window.From + at, 0 });
                    for (; at >= 0 && at < ownEnd && tally[1] <= codes; at = text.Find(PixelValueSpan.None, span, window.From, needle, (int)at + 1)) tally[1]++;
                    // Past what the kept text explains for any of its values: a leak at its first match, no need to count on.
                    if (tally[1] <= codes) _pending[kept++] = needle;
                    else Found(needle, tally[0], (int)tally[1]);
                    continue;
                }
                Found(needle, window.From + at, 1);
            }
            _pending.RemoveRange(kept, _pending.Count - kept);
            return _pending.Count > 0;
        }

        // Counted to the end: each needle its kept text may not explain.
        private void CountedToTheEnd()
        {
            if (_counted == null) return;
            foreach (var entry in _counted)
            {
                if (entry.Value[1] <= _coded.Capacity(entry.Key)) Found(entry.Key, entry.Value[0], (int)entry.Value[1]);
            }
        }

        private void Found(NeedleSet.Needle needle, long position, int matches) =>
            (_matches ??= new List<(NeedleSet.Needle, long, int)>()).Add((needle, position, matches));

        // Each value a match's needle stands for, unless the kept text holds as many matches of it, or it was found already: at
        // the match's offset in the output (ValueLocator).
        private void Record(DicomFile written, Dictionary<AuditValue, List<DeidLeak>> found, LeakLocation location, byte[]? output,
            Action<Dictionary<AuditValue, List<DeidLeak>>, AuditValue, DeidLeak> record)
        {
            var distinct = new SortedSet<long>();
            foreach (var match in _matches!) distinct.Add(match.Position);
            var positions = new long[distinct.Count];
            distinct.CopyTo(positions);
            var locator = new ValueLocator(positions, output);
            OutputValues.AddTo(written, locator);
            foreach (var (needle, position, matches) in _matches)
            {
                var capacities = _coded.Capacities(needle);
                for (int i = 0; i < needle.Owners.Count; i++)
                {
                    if (i < capacities.Length && matches <= capacities[i]) continue;
                    var (value, form) = needle.Owners[i];
                    if (found.ContainsKey(value)) continue;
                    record(found, value, new DeidLeak(value, form, location, locator.OffsetOf(position)));
                }
            }
        }
    }
}
