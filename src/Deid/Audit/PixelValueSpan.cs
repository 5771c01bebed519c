using System;
using System.Buffers.Binary;
using System.IO;
using System.Runtime.CompilerServices;
using Deid.Dicom;

namespace Deid.Audit
{
    /// <summary>
    /// Where an output's top-level Pixel Data lies, [<see cref="Start"/>, <see cref="End"/>) in the output's bytes: the one range
    /// the search for names written with diacritics (<see cref="AccentedMatch"/>) and for short name parts leaves out.
    /// </summary>
    /// <remarks>
    /// Why not stop at the Pixel Data: elements after it (private blocks in 7FE1 or 7FD1, trailing padding) are text like any
    /// header's, and "Dr Quíxote" there was passed while "Dr Quixote" at the same place was reported (leak QA 6, HIGH-3). The
    /// pixel value is skipped because the accented search goes a byte at a time, which through pixels would cost more than every
    /// other needle together. The range comes from the element's own header and, for encapsulated data, its items' headers; a
    /// header that does not read as one ends the range where it stands, so nothing after a broken one is left out.
    /// </remarks>
    internal readonly struct PixelValueSpan
    {
        private const uint UndefinedLength = 0xFFFFFFFF;

        /// <summary>A span covering nothing: the whole output is searched.</summary>
        public static readonly PixelValueSpan None = new PixelValueSpan(long.MaxValue, long.MaxValue);

        /// <summary>A span from <paramref name="start"/> to <paramref name="end"/> (exclusive).</summary>
        public PixelValueSpan(long start, long end)
        {
            Start = start;
            End = Math.Max(start, end);
        }

        /// <summary>The offset of the Pixel Data element.</summary>
        public long Start { get; }

        /// <summary>The offset after its value (after the sequence delimiter of encapsulated data).</summary>
        public long End { get; }

        /// <summary>
        /// The span of <paramref name="written"/>'s Pixel Data (read up to it) in its own bytes, read with <paramref name="readAt"/>
        /// (fills the buffer from an offset; false past the end). For a deflated output, whose offsets count inflated bytes, the
        /// raw bytes are searched up to the Pixel Data's offset (the inflated dataset is searched whole apart).
        /// </summary>
        public static PixelValueSpan Of(DicomFile? written, long length, Func<long, byte[], bool> readAt) => Of(written, length, readAt, inflated: false);

        /// <summary>
        /// The span of a deflated <paramref name="written"/>'s Pixel Data in its inflated dataset, whose first
        /// <paramref name="count"/> bytes are <paramref name="inflated"/> (not yet folded); <see cref="None"/> for an output that
        /// is not deflated, and an empty span (nothing left out) when the Pixel Data's header lies beyond those bytes.
        /// </summary>
        public static PixelValueSpan OfInflated(DicomFile? written, byte[] inflated, int count)
        {
            if (written == null || !written.TransferSyntax.IsDeflated) return None;
            return Of(written, long.MaxValue, ReadFrom(inflated, count), inflated: true);
        }

        private static PixelValueSpan Of(DicomFile? written, long length, Func<long, byte[], bool> readAt, bool inflated)
        {
            if (written == null || written.PixelDataOffset <= 0) return None;
            long start = written.PixelDataOffset;
            if (written.TransferSyntax.IsDeflated && !inflated) return new PixelValueSpan(start, long.MaxValue);
            var encoding = written.Dataset.Encoding;
            bool be = encoding.IsBigEndian;
            var header = new byte[12];
            if (!readAt(start, header)) return new PixelValueSpan(start, start);
            uint valueLength;
            long valueStart;
            if (encoding.IsExplicitVR)
            {
                var vr = DicomVR.FromBytes(header[4], header[5]);
                if (!vr.IsKnown) return new PixelValueSpan(start, start);
                valueLength = vr.HasLongLength ? UInt32(header, 8, be) : UInt16(header, 6, be);
                valueStart = start + (vr.HasLongLength ? 12 : 8);
            }
            else
            {
                valueLength = UInt32(header, 4, be);
                valueStart = start + 8;
            }
            if (valueLength != UndefinedLength) return new PixelValueSpan(start, Math.Min(length, valueStart + valueLength));
            // Encapsulated: fragment items up to the sequence delimiter.
            var item = new byte[8];
            long at = valueStart;
            while (at + 8 <= length && readAt(at, item))
            {
                ushort group = UInt16(item, 0, be), element = UInt16(item, 2, be);
                uint itemLength = UInt32(item, 4, be);
                if (group == 0xFFFE && element == 0xE0DD) return new PixelValueSpan(start, at + 8);
                if (group != 0xFFFE || element != 0xE000 || itemLength == UndefinedLength || at + 8 + itemLength > length) break;
                at += 8 + itemLength;
            }
            return new PixelValueSpan(start, at);
        }

        /// <summary><see cref="Of(DicomFile, long, Func{long, byte[], bool})"/> over an output read whole.</summary>
        public static PixelValueSpan Of(DicomFile? written, byte[] output) => Of(written, output.Length, ReadFrom(output, output.Length));

        /// <summary>Reads from the first <paramref name="count"/> bytes of <paramref name="bytes"/>; false past them.</summary>
        private static Func<long, byte[], bool> ReadFrom(byte[] bytes, int count) => (offset, into) =>
        {
            if (offset < 0 || offset + into.Length > count) return false;
            Buffer.BlockCopy(bytes, (int)offset, into, 0, into.Length);
            return true;
        };

        /// <summary><see cref="Of(DicomFile, long, Func{long, byte[], bool})"/> over an output read from its file.</summary>
        public static PixelValueSpan Of(DicomFile? written, FileStream output) =>
            Of(written, output.Length, (offset, into) =>
            {
                if (offset < 0 || offset + into.Length > output.Length) return false;
                output.Position = offset;
                int got = 0;
                while (got < into.Length)
                {
                    int n = output.Read(into, got, into.Length - got);
                    if (n <= 0) return false;
                    got += n;
                }
                return true;
            });

        /// <summary>
        /// The first match of <paramref name="needle"/> at or after <paramref name="from"/> in <paramref name="window"/> (which
        /// starts at <paramref name="windowOffset"/> of the output), as an index in the window; -1 when none. A needle for a name
        /// written with diacritics, or for a name part of two or three letters, is looked for outside this span only
        /// (<see cref="NeedleSet.Needle.OutsidePixels"/>); every other needle everywhere.
        /// </summary>
        public long Find(ReadOnlySpan<byte> window, long windowOffset, NeedleSet.Needle needle, int from) =>
            needle.OutsidePixels ? FindOutside(window, windowOffset, needle, from) : NeedleSet.Find(window, needle, from);

        /// <summary>
        /// How many matches <see cref="Find"/> gives from <paramref name="first"/> (the first, counted) on, up to
        /// <paramref name="limit"/>.
        /// </summary>
        public int Count(ReadOnlySpan<byte> window, long windowOffset, NeedleSet.Needle needle, long first, int limit)
        {
            int matches = 1;
            for (long at = Find(window, windowOffset, needle, (int)first + 1); at >= 0 && matches < limit; at = Find(window, windowOffset, needle, (int)at + 1)) matches++;
            return matches;
        }

        [MethodImpl(HotPath.Optimized)]
        private long FindOutside(ReadOnlySpan<byte> window, long windowOffset, NeedleSet.Needle needle, int from)
        {
            int before = Clamp(Start - windowOffset, window.Length);
            if (from < before)
            {
                long at = NeedleSet.Find(window.Slice(0, before), needle, from);
                if (at >= 0) return at;
            }
            int after = Clamp(End - windowOffset, window.Length);
            int begin = Math.Max(from, after);
            if (begin >= window.Length) return -1;
            long found = NeedleSet.Find(window.Slice(after), needle, begin - after);
            return found < 0 ? -1 : found + after;
        }

        private static int Clamp(long offset, int length) => (int)Math.Max(0, Math.Min(length, offset));

        private static ushort UInt16(byte[] b, int at, bool be) =>
            be ? BinaryPrimitives.ReadUInt16BigEndian(b.AsSpan(at, 2)) : BinaryPrimitives.ReadUInt16LittleEndian(b.AsSpan(at, 2));

        private static uint UInt32(byte[] b, int at, bool be) =>
            be ? BinaryPrimitives.ReadUInt32BigEndian(b.AsSpan(at, 4)) : BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(at, 4));
    }
}
