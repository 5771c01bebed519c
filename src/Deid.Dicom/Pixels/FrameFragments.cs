using System;
using System.Buffers.Binary;

namespace Deid.Dicom
{
    /// <summary>The fragments that make up one frame of encapsulated Pixel Data.</summary>
    public readonly struct FrameFragments : IEquatable<FrameFragments>
    {
        /// <summary>Creates the range.</summary>
        public FrameFragments(int firstItem, int count, long length)
        {
            FirstItem = firstItem;
            Count = count;
            Length = length;
        }

        /// <summary>
        /// The index of the frame's first fragment in <see cref="DicomFragments.Items"/> (so at least 1: item 0 is the
        /// Basic Offset Table).
        /// </summary>
        public int FirstItem { get; }

        /// <summary>How many consecutive fragments make up the frame.</summary>
        public int Count { get; }

        /// <summary>The encoded frame's length: the sum of its fragments' lengths.</summary>
        public long Length { get; }

        /// <inheritdoc/>
        public bool Equals(FrameFragments other) => FirstItem == other.FirstItem && Count == other.Count && Length == other.Length;

        /// <inheritdoc/>
        public override bool Equals(object? obj) => obj is FrameFragments f && Equals(f);

        /// <inheritdoc/>
        public override int GetHashCode() => (FirstItem * 397) ^ Count ^ Length.GetHashCode();

        /// <summary>The range in words, for messages and tests.</summary>
        public override string ToString() => $"items {FirstItem}..{FirstItem + Count - 1} ({Length} bytes)";

        /// <summary>
        /// Works out which fragments make up each of <paramref name="numberOfFrames"/> frames (PS3.5 §A.4): from the
        /// Basic Offset Table when it is not empty; else one fragment per frame when there are as many fragments as
        /// frames; else every fragment is the one frame when there is one frame; else by the fragments that start a codestream
        /// (JPEG SOI, JPEG 2000 SOC), when there is exactly one a frame. Anything else is refused.
        /// </summary>
        /// <exception cref="DicomFormatException">The offset table does not fit the fragments or frames, or the split cannot be told.</exception>
        public static FrameFragments[] Map(DicomFragments fragments, int numberOfFrames, string? sourceName = null)
        {
            if (fragments == null) throw new ArgumentNullException(nameof(fragments));
            if (numberOfFrames < 1) throw new ArgumentOutOfRangeException(nameof(numberOfFrames), numberOfFrames, "There must be at least one frame.");
            var items = fragments.Items;
            int count = fragments.FragmentCount;
            if (count == 0) throw Error(sourceName, "Encapsulated Pixel Data has no fragments.");
            // Every frame takes at least one fragment (PS3.5 §A.4): a header claiming more frames than there are fragments lies,
            // and the map must not be sized by it.
            if (numberOfFrames > count)
            {
                throw new DicomFormatException(sourceName, -1, DicomTags.NumberOfFrames,
                    $"Number of Frames (0028,0008) is {numberOfFrames}, but Pixel Data has only {count} fragment(s), and every frame takes at least one.");
            }
            var table = items[0];
            if (table.Length > 0)
            {
                var map = new FrameFragments[numberOfFrames];
                MapFromOffsetTable(items, table, map, sourceName);
                return map;
            }
            return MapWithoutOffsetTable(fragments, numberOfFrames)
                ?? throw Error(sourceName, $"Cannot tell which of the {count} fragments make up each of the {numberOfFrames} frames: the Basic Offset Table is empty, and the fragments that start a codestream (JPEG SOI, JPEG 2000 SOC) are not one a frame.");
        }

        /// <summary>
        /// The frames of <paramref name="fragments"/> told apart as <see cref="Map"/> does when the Basic Offset Table is empty,
        /// whatever the table holds: one fragment a frame when the counts agree, all of them for one frame, else one
        /// codestream start a frame. Null when that cannot be told. For a table that does not fit its fragments (a writer
        /// whose offsets wrapped past 4 GiB, say), whose frames the codestreams still tell apart.
        /// </summary>
        public static FrameFragments[]? MapWithoutOffsetTable(DicomFragments fragments, int numberOfFrames)
        {
            if (fragments == null) throw new ArgumentNullException(nameof(fragments));
            var items = fragments.Items;
            int count = fragments.FragmentCount;
            if (numberOfFrames < 1 || count == 0 || numberOfFrames > count) return null;
            var map = new FrameFragments[numberOfFrames];
            if (count == numberOfFrames)
            {
                for (int f = 0; f < numberOfFrames; f++) map[f] = new FrameFragments(f + 1, 1, items[f + 1].Length);
                return map;
            }
            if (numberOfFrames == 1)
            {
                map[0] = new FrameFragments(1, count, fragments.TotalLength - items[0].Length);
                return map;
            }
            // Frames told apart by where their codestreams start, for an empty offset table over several fragments a frame (as
            // dcmcjpeg +fs writes): a frame starts a fragment (PS3.5 §A.4), and a fragment that starts with JPEG's SOI (also
            // JPEG-LS's) or JPEG 2000's SOC and SIZ starts a frame; entropy-coded data never holds those markers at a fragment's
            // start. Used only when exactly one such fragment a frame is found, the first fragment among them.
            var starts = CodestreamStarts(items, numberOfFrames + 1);
            return starts.Count == numberOfFrames && starts[0] == 1 ? FromStarts(items, starts) : null;
        }

        /// <summary>
        /// One frame per fragment that starts a codestream (JPEG SOI, JPEG 2000 SOC), whatever the header and the offset table
        /// say, reading only the first bytes of each fragment; null when the first fragment starts none. For pixel data whose
        /// frame count cannot be trusted, looked at without holding it in memory.
        /// </summary>
        public static FrameFragments[]? MapByCodestreamStarts(DicomFragments fragments)
        {
            if (fragments == null) throw new ArgumentNullException(nameof(fragments));
            var starts = CodestreamStarts(fragments.Items, int.MaxValue);
            return starts.Count > 0 && starts[0] == 1 ? FromStarts(fragments.Items, starts) : null;
        }

        // A frame from each start to the next (the last to the end).
        private static FrameFragments[] FromStarts(System.Collections.Generic.IReadOnlyList<DicomFragment> items, System.Collections.Generic.List<int> starts)
        {
            var map = new FrameFragments[starts.Count];
            for (int f = 0; f < map.Length; f++)
            {
                int first = starts[f], end = f + 1 < map.Length ? starts[f + 1] : items.Count;
                long length = 0;
                for (int k = first; k < end; k++) length += items[k].Length;
                map[f] = new FrameFragments(first, end - first, length);
            }
            return map;
        }

        /// <summary>
        /// How many fragments of <paramref name="fragments"/> start a codestream (JPEG SOI, JPEG 2000 SOC), counting up to
        /// <paramref name="limit"/>: more than one under a header of one frame means frames the header does not count, which a
        /// cleaner that decodes only the first would drop.
        /// </summary>
        public static int CountCodestreamStarts(DicomFragments fragments, int limit)
        {
            if (fragments == null) throw new ArgumentNullException(nameof(fragments));
            return CodestreamStarts(fragments.Items, limit).Count;
        }

        /// <summary>The indexes of the fragments that start a codestream, at most <paramref name="limit"/>; only their first bytes are read.</summary>
        private static System.Collections.Generic.List<int> CodestreamStarts(System.Collections.Generic.IReadOnlyList<DicomFragment> items, int limit)
        {
            var starts = new System.Collections.Generic.List<int>();
            using var heads = new Heads(items);
            for (int k = 1; k < items.Count && starts.Count < limit; k++)
            {
                if (IsCodestreamStart(heads.Buffer, heads.Read(k))) starts.Add(k);
            }
            return starts;
        }

        /// <summary>
        /// The first bytes of items, read through one stream per source (a deflated file's items are inflated once, forward, not
        /// from the start for each: the review found a small deflated file of 8,000 fragments took seconds to open).
        /// </summary>
        private sealed class Heads : IDisposable
        {
            private readonly System.Collections.Generic.IReadOnlyList<DicomFragment> _items;
            private System.IO.Stream? _stream;
            private DicomValueSource? _source;

            public Heads(System.Collections.Generic.IReadOnlyList<DicomFragment> items) => _items = items;

            /// <summary>The bytes <see cref="Read"/> filled.</summary>
            public byte[] Buffer { get; } = new byte[8];

            /// <summary>Reads up to 8 first bytes of item <paramref name="k"/> into <see cref="Buffer"/>; returns how many.</summary>
            public int Read(int k)
            {
                var fragment = _items[k];
                int n = (int)Math.Min(Buffer.Length, fragment.Length);
                if (!(fragment.Reference is DicomValueRef reference))
                {
                    fragment.Bytes.Span.Slice(0, n).CopyTo(Buffer);
                    return n;
                }
                if (_stream == null || !ReferenceEquals(_source, reference.Source))
                {
                    _stream?.Dispose();
                    _stream = reference.Source.OpenRead();
                    _source = reference.Source;
                }
                _stream.Position = reference.Offset;
                int got = 0;
                while (got < n)
                {
                    int r = _stream.Read(Buffer, got, n - got);
                    if (r <= 0) break;
                    got += r;
                }
                return got;
            }

            public void Dispose() => _stream?.Dispose();
        }

        /// <summary>
        /// True when the first item of <paramref name="fragments"/> is no Basic Offset Table but the first frame: it starts a
        /// codestream (JPEG SOI, JPEG 2000 SOC and SIZ) or an RLE header (1 to 15 segments, the first at offset 64), which no
        /// offset table does (its first offset is 0), and the items after it start <paramref name="numberOfFrames"/> - 1 more.
        /// A writer that left the table out wrote such pixel data (PS3.5 §A.4 makes the item mandatory, even empty); read with
        /// the frame taken for the table, a copy lost its image. A first item that looks like a codestream while the items after
        /// it already hold every frame is no frame of this image (text in the table's place, say), and gives false.
        /// </summary>
        public static bool FirstItemIsFrame(DicomFragments fragments, int numberOfFrames)
        {
            if (fragments == null) throw new ArgumentNullException(nameof(fragments));
            var items = fragments.Items;
            if (items.Count == 0 || numberOfFrames < 1) return false;
            using var heads = new Heads(items);
            int n = heads.Read(0);
            bool rle = IsRleHeader(heads.Buffer, n);
            if (!rle && !IsCodestreamStart(heads.Buffer, n)) return false;
            int others = 0;
            for (int k = 1; k < items.Count && others < numberOfFrames; k++)
            {
                n = heads.Read(k);
                if (rle ? IsRleHeader(heads.Buffer, n) : IsCodestreamStart(heads.Buffer, n)) others++;
            }
            return others == numberOfFrames - 1;
        }

        // PS3.5 G.3.1: the RLE header's segment count (1 to 15) and its first segment's offset, always just after the header.
        private static bool IsRleHeader(byte[] head, int n) =>
            n >= 8 && BinaryPrimitives.ReadUInt32LittleEndian(head) is uint segments && segments >= 1 && segments <= RleCodec.MaxSegments
            && BinaryPrimitives.ReadUInt32LittleEndian(head.AsSpan(4)) == RleCodec.HeaderLength;

        private static bool IsCodestreamStart(byte[] head, int n) =>
            n >= 2 && head[0] == 0xFF && (head[1] == 0xD8 || (n >= 4 && head[1] == 0x4F && head[2] == 0xFF && head[3] == 0x51));

        private static void MapFromOffsetTable(System.Collections.Generic.IReadOnlyList<DicomFragment> items, DicomFragment table, FrameFragments[] map, string? sourceName)
        {
            int frames = map.Length;
            if (table.Length != 4L * frames)
                throw Error(sourceName, $"The Basic Offset Table holds {table.Length} bytes; {frames} frame(s) need {4L * frames}.");
            // The table is small (4 bytes a frame) and the reader keeps it in memory; one built elsewhere may be a reference.
            ReadOnlyMemory<byte> bytes = table.Reference != null ? table.Reference.ReadAll() : table.Bytes;
            var span = bytes.Span;
            // Offsets count from the first byte of the first fragment's item tag; each item header takes 8 bytes.
            int item = 1;
            long position = 0;
            int previousFirst = 0;
            for (int f = 0; f <= frames; f++)
            {
                int first;
                if (f < frames)
                {
                    uint offset = BinaryPrimitives.ReadUInt32LittleEndian(span.Slice(4 * f));
                    // Offsets only grow (PS3.5 A.4): one below the last is out of order, whether or not a fragment starts there.
                    if (offset < position && f > 0)
                        throw Error(sourceName, $"The Basic Offset Table gives frame {f} offset {offset}, below frame {f - 1}'s {BinaryPrimitives.ReadUInt32LittleEndian(span.Slice(4 * (f - 1)))}: its offsets are not in increasing order (frames count from 0).");
                    while (item < items.Count && position < offset)
                    {
                        position += 8 + items[item].Length;
                        item++;
                    }
                    if (item == items.Count || position != offset)
                        throw Error(sourceName, $"The Basic Offset Table gives frame {f} offset {offset}, which is not the start of a fragment (frames count from 0).");
                    if (f > 0 && item == previousFirst)
                        throw Error(sourceName, $"The Basic Offset Table gives frame {f} the same offset as frame {f - 1} (frames count from 0).");
                    first = item;
                }
                else
                {
                    first = items.Count;
                }
                if (f > 0)
                {
                    long length = 0;
                    for (int k = previousFirst; k < first; k++) length += items[k].Length;
                    map[f - 1] = new FrameFragments(previousFirst, first - previousFirst, length);
                }
                previousFirst = first;
            }
        }

        private static DicomFormatException Error(string? sourceName, string message) => new DicomFormatException(sourceName, -1, DicomTag.PixelData, message);
    }
}
