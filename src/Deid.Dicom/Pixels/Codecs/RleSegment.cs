using System;

namespace Deid.Dicom
{
    /// <summary>
    /// The PackBits run-length scheme of one RLE segment (PS3.5 §G.3): a header byte n followed by n + 1 literal bytes
    /// (n = 0..127), or by one byte repeated 1 - n times (n = -127..-1); n = -128 is a no-op. Works on spans, without
    /// allocating, so a frame costs no garbage however many runs it has.
    /// </summary>
    internal static class RleSegment
    {
        /// <summary>The most bytes one run can carry (PS3.5 §G.3.1: 128 literal or 128 replicated bytes).</summary>
        private const int MaxRun = 128;

        /// <summary>
        /// Decodes <paramref name="segment"/> into <paramref name="count"/> bytes of <paramref name="destination"/>, the first
        /// at <paramref name="start"/> and each next one <paramref name="stride"/> bytes further (a segment is one byte
        /// plane of one sample, PS3.5 §G.2, and the native frame interleaves planes).
        /// </summary>
        /// <remarks>
        /// Decoding stops as soon as the plane is full, and whatever the segment holds after that is ignored. That is
        /// what pydicom does (it warns about "non-conformant padding" and keeps the first Rows × Columns bytes) and what
        /// dcmtk 3.6.7's dcmdrle does (silently, checked with a 128-byte run for a 4-byte plane); GDCM's gdcmconv refuses
        /// such a frame. Cutting is needed anyway: encoders pad an odd segment with one byte (PS3.5 §G.5), usually 0,
        /// which read as a header announces a literal that is not there. A segment that ends before the plane is full,
        /// or inside a run whose bytes the plane still needs, is an error, as in pydicom and GDCM (dcmdrle warns and
        /// fills the plane with whatever is in its buffer).
        /// </remarks>
        /// <exception cref="DicomFormatException">The segment ends before the plane is full, or inside a run it still needs.</exception>
        public static void Decode(ReadOnlySpan<byte> segment, Span<byte> destination, int start, int stride, int count, int index, int segmentOffset)
        {
            int pos = 0;
            int written = 0;
            int o = start;
            while (written < count)
            {
                if (pos >= segment.Length)
                    throw Broken(segmentOffset + pos, $"RLE segment {index + 1} decodes to {written} bytes, fewer than the {count} of a byte plane (Rows × Columns).");
                int header = pos;
                int n = (sbyte)segment[pos++];
                if (n >= 0)
                {
                    // Literal run: n + 1 bytes copied as they are. Only the bytes the plane still needs must be present.
                    int take = Math.Min(n + 1, count - written);
                    if (segment.Length - pos < take)
                        throw Broken(segmentOffset + header, $"RLE segment {index + 1} ends inside a literal run of {n + 1} bytes ({segment.Length - pos} remain) before its byte plane is full.");
                    var literal = segment.Slice(pos, take);
                    if (stride == 1)
                    {
                        literal.CopyTo(destination.Slice(o, take));
                        o += take;
                    }
                    else
                    {
                        for (int i = 0; i < literal.Length; i++, o += stride) destination[o] = literal[i];
                    }
                    pos += take;
                    written += take;
                    // A literal cut short by the full plane ends the loop; pos then no longer matters.
                }
                else if (n != -128)
                {
                    // Replicate run: the next byte 1 - n times (2 to 128).
                    if (pos >= segment.Length)
                        throw Broken(segmentOffset + header, $"RLE segment {index + 1} ends inside a replicate run (no byte after its header) before its byte plane is full.");
                    byte value = segment[pos++];
                    int take = Math.Min(1 - n, count - written);
                    if (stride == 1)
                    {
                        destination.Slice(o, take).Fill(value);
                        o += take;
                    }
                    else
                    {
                        for (int i = 0; i < take; i++, o += stride) destination[o] = value;
                    }
                    written += take;
                }
                // n = -128 is a no-op (PS3.5 §G.3.2): decoders skip it; encoders never write it.
            }
        }

        /// <summary>The most bytes <see cref="EncodeRow"/> writes for a row of <paramref name="length"/> bytes: all literal, one header per 128.</summary>
        public static int MaxEncodedRowLength(int length) => length + (length + MaxRun - 1) / MaxRun;

        /// <summary>
        /// Encodes one row of a byte plane into <paramref name="destination"/> and returns the bytes written. PS3.5 §G.3.1
        /// encodes each row separately, never across a row boundary; a sequence of 3 or more equal bytes becomes a
        /// replicate run (two equal bytes cost as much as a literal pair, so they stay in the literal), everything else
        /// literal runs of up to 128 bytes.
        /// </summary>
        public static int EncodeRow(ReadOnlySpan<byte> row, Span<byte> destination)
        {
            int i = 0;
            int o = 0;
            int n = row.Length;
            while (i < n)
            {
                byte b = row[i];
                int run = 1;
                while (run < MaxRun && i + run < n && row[i + run] == b) run++;
                if (run >= 3)
                {
                    destination[o++] = (byte)(257 - run); // -(run - 1) as a signed byte
                    destination[o++] = b;
                    i += run;
                    continue;
                }
                int first = i;
                int length = 0;
                while (i < n && length < MaxRun)
                {
                    // Stop the literal where a replicate run of 3 starts; it is encoded on the next turn.
                    if (i + 2 < n && row[i] == row[i + 1] && row[i] == row[i + 2]) break;
                    i++;
                    length++;
                }
                destination[o++] = (byte)(length - 1);
                row.Slice(first, length).CopyTo(destination.Slice(o));
                o += length;
            }
            return o;
        }

        internal static DicomFormatException Broken(long offset, string message) =>
            new DicomFormatException(null, -1, DicomTag.PixelData, offset >= 0 ? $"{message} (byte {offset} of the encoded frame)" : message);
    }
}
