using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;

namespace Deid.Audit
{
    /// <summary>
    /// What <see cref="Iso2022Scanner"/> found in a buffer of an output whose character sets use code extensions: the two-byte
    /// runs, where a match of ASCII text is no leak (kanji 厩彊梓芦 are the bytes "19600402", 姪邸 are "LEE!"), and the text
    /// whose escape sequences changed nothing, joined without them, where a needle encoded one way is found however the text was
    /// split (<c>ESC $)C 홍 ESC $)C 길 ESC $)C 동</c>). Offsets are indexes in the buffer.
    /// </summary>
    internal sealed class Iso2022Text
    {
        private readonly int[] _runStarts;
        private readonly int[] _runEnds;
        private readonly Joined[] _joined;

        private Iso2022Text(int[] runStarts, int[] runEnds, Joined[] joined)
        {
            _runStarts = runStarts;
            _runEnds = runEnds;
            _joined = joined;
        }

        /// <summary>Nothing: a buffer without escape sequences, or an output without code extensions.</summary>
        public static Iso2022Text None { get; } = new Iso2022Text(Array.Empty<int>(), Array.Empty<int>(), Array.Empty<Joined>());

        /// <summary>
        /// <see cref="PixelValueSpan.Find"/>, passing over matches of a needle of ASCII text that lie in a two-byte run: they
        /// are halves of other characters.
        /// </summary>
        [MethodImpl(HotPath.Optimized)]
        public long Find(PixelValueSpan pixels, ReadOnlySpan<byte> window, long windowOffset, NeedleSet.Needle needle, int from)
        {
            long at = pixels.Find(window, windowOffset, needle, from);
            if (_runStarts.Length == 0 || !needle.AsciiText) return at;
            while (at >= 0 && Hides((int)at, needle.Bytes.Length)) at = pixels.Find(window, windowOffset, needle, (int)at + 1);
            return at;
        }

        /// <summary><see cref="PixelValueSpan.Count"/> of <see cref="Find"/>'s matches.</summary>
        public int Count(PixelValueSpan pixels, ReadOnlySpan<byte> window, long windowOffset, NeedleSet.Needle needle, long first, int limit)
        {
            int matches = 1;
            for (long at = Find(pixels, window, windowOffset, needle, (int)first + 1); at >= 0 && matches < limit; at = Find(pixels, window, windowOffset, needle, (int)at + 1)) matches++;
            return matches;
        }

        /// <summary>
        /// How many more matches of <paramref name="needle"/> the joined text holds than the same bytes as written (in
        /// <paramref name="window"/>, folded), counting text that starts from <paramref name="after"/> and before
        /// <paramref name="before"/> (a window's own bytes: text starting before them was counted by the window before); the first
        /// at <paramref name="first"/> (-1 when none), at the byte of the written text it starts with.
        /// </summary>
        public int Joins(PixelValueSpan pixels, ReadOnlySpan<byte> window, long windowOffset, NeedleSet.Needle needle, int after, int before, out long first)
        {
            first = -1;
            // Text with zero bytes between its characters has no escape sequences to join over.
            if (_joined.Length == 0 || needle.Wide) return 0;
            int extra = 0;
            foreach (var text in _joined)
            {
                if (text.Start >= before) break;
                if (text.Start < after) continue;
                // Where the needle is not looked for in the pixel value, not in text that lies in it (escape bytes by chance).
                if (needle.OutsidePixels && windowOffset + text.End > pixels.Start && windowOffset + text.Start < pixels.End) continue;
                int joined = 0;
                long firstJoined = -1;
                for (long at = FindJoined(text, needle, 0); at >= 0; at = FindJoined(text, needle, (int)at + 1))
                {
                    if (joined++ == 0) firstJoined = text.Map[at];
                }
                if (joined == 0) continue;
                var written = window.Slice(text.Start, text.End - text.Start);
                int apart = 0;
                for (long at = FindWritten(written, text.Start, needle, 0); at >= 0 && apart < joined; at = FindWritten(written, text.Start, needle, (int)at + 1)) apart++;
                if (joined <= apart) continue;
                extra += joined - apart;
                if (first < 0) first = firstJoined;
            }
            return extra;
        }

        private long FindJoined(Joined text, NeedleSet.Needle needle, int from)
        {
            long at = NeedleSet.Find(text.Bytes, needle, from);
            if (_runStarts.Length == 0 || !needle.AsciiText) return at;
            // Its bytes are in a two-byte run where the written bytes they came from are.
            while (at >= 0 && Hides(text.Map[at], text.Map[at + needle.Bytes.Length - 1] - text.Map[at] + 1)) at = NeedleSet.Find(text.Bytes, needle, (int)at + 1);
            return at;
        }

        private long FindWritten(ReadOnlySpan<byte> written, int offset, NeedleSet.Needle needle, int from)
        {
            long at = NeedleSet.Find(written, needle, from);
            if (_runStarts.Length == 0 || !needle.AsciiText) return at;
            while (at >= 0 && Hides(offset + (int)at, needle.Bytes.Length)) at = NeedleSet.Find(written, needle, (int)at + 1);
            return at;
        }

        /// <summary>Whether [<paramref name="at"/>, +<paramref name="length"/>) overlaps a two-byte run.</summary>
        internal bool Hides(int at, int length)
        {
            // The last run starting before the match's end.
            int i = Array.BinarySearch(_runStarts, at + length - 1);
            if (i < 0) i = ~i - 1;
            return i >= 0 && _runEnds[i] > at;
        }

        /// <summary>Text without the escape sequences that changed nothing.</summary>
        private sealed class Joined
        {
            public Joined(int start, int end, byte[] bytes, int[] map)
            {
                Start = start;
                End = end;
                Bytes = bytes;
                Map = map;
            }

            /// <summary>Where the text starts in the buffer.</summary>
            public int Start { get; }

            /// <summary>Where it ends (exclusive).</summary>
            public int End { get; }

            /// <summary>Its bytes joined, folded.</summary>
            public byte[] Bytes { get; }

            /// <summary>For each of <see cref="Bytes"/>, its index in the buffer.</summary>
            public int[] Map { get; }
        }

        /// <summary>Collects runs and joined text in the order of the buffer.</summary>
        internal sealed class Builder
        {
            private readonly List<int> _runStarts = new List<int>();
            private readonly List<int> _runEnds = new List<int>();
            private readonly List<Joined> _joined = new List<Joined>();

            public void AddRun(int start, int end)
            {
                _runStarts.Add(start);
                _runEnds.Add(end);
            }

            /// <summary>The text s[start, end) without the <paramref name="dropped"/> escape sequences (start, length).</summary>
            public void AddJoined(ReadOnlySpan<byte> s, int start, int end, List<(int Start, int Length)> dropped)
            {
                dropped.Sort((a, b) => a.Start.CompareTo(b.Start));
                int removed = 0;
                foreach (var d in dropped) removed += d.Length;
                var bytes = new byte[end - start - removed];
                var map = new int[bytes.Length];
                int n = 0, next = 0;
                for (int p = start; p < end; p++)
                {
                    if (next < dropped.Count && p == dropped[next].Start)
                    {
                        p += dropped[next++].Length - 1;
                        continue;
                    }
                    map[n] = p;
                    bytes[n++] = s[p];
                }
                NeedleSet.Fold(bytes);
                _joined.Add(new Joined(start, end, bytes, map));
            }

            public Iso2022Text Build() => _runStarts.Count == 0 && _joined.Count == 0
                ? None
                : new Iso2022Text(_runStarts.ToArray(), _runEnds.ToArray(), _joined.ToArray());
        }
    }
}
