using System;
using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Generic;

namespace Deid.Dicom
{
    /// <summary>
    /// RLE Lossless (1.2.840.10008.1.2.5, PS3.5 Annex G): decodes and encodes frames of 1 to 15 byte planes, that is
    /// Bits Allocated 8, 16, 32 or 64 with 1 or 3 samples per pixel (segments = samples × bytes ≤ 15).
    /// </summary>
    /// <remarks>
    /// An RLE frame is a 64-byte header (the segment count and up to 15 offsets, PS3.5 §G.5) followed by one segment
    /// per byte plane: for each sample in turn, its most significant byte first (§G.2). The segments are always by
    /// plane; the frame this codec decodes to and encodes from is native little endian Pixel Data laid out as the
    /// geometry's Planar Configuration says, interleaved for 0 and by plane for 1. That is what dcmtk's dcmdrle does:
    /// it keeps the dataset's Planar Configuration and decodes to match (pydicom and dcmtk both give interleaved data
    /// for the usual Planar Configuration 0). The §G.2 note asks RLE datasets for 1, but most in the wild say 0 (pydicom's
    /// test files among them), so the value is taken as describing the decoded frame, never forced;
    /// <see cref="GetDecodedPlanarConfiguration"/> gives the value the decompressed dataset should carry.
    /// <para>Thread safe: the codec has no state.</para>
    /// </remarks>
    public sealed class RleCodec : IPixelCodec
    {
        /// <summary>The size of the RLE header: a segment count and 15 offsets, 32 bits each (PS3.5 §G.5).</summary>
        public const int HeaderLength = 64;

        /// <summary>The most segments an RLE frame can hold (PS3.5 §G.5).</summary>
        public const int MaxSegments = 15;

        private static readonly IReadOnlyList<TransferSyntax> Syntaxes = new[] { TransferSyntax.RleLossless };

        /// <inheritdoc />
        public IReadOnlyList<TransferSyntax> TransferSyntaxes => Syntaxes;

        /// <summary>
        /// The Planar Configuration (0028,0006) of the native Pixel Data <see cref="Decode"/> produces for a dataset of
        /// <paramref name="geometry"/>: the dataset's own value (0 for one sample per pixel), since the codec decodes
        /// into the layout the geometry describes. Write it into the decompressed dataset unchanged. To get interleaved
        /// frames from a dataset that says 1, decode with a geometry whose Planar Configuration is 0 and store 0.
        /// </summary>
        public static int GetDecodedPlanarConfiguration(PixelFrameGeometry geometry) =>
            (geometry ?? throw new ArgumentNullException(nameof(geometry))).SamplesPerPixel > 1 ? geometry.PlanarConfiguration : 0;

        /// <inheritdoc />
        /// <remarks>
        /// Refused, with <see cref="DicomFormatException"/>: a frame shorter than the header; a segment count of 0, above
        /// 15, or other than Samples per Pixel × Bits Allocated / 8; offsets below 64, not increasing, or at or past the
        /// end; a segment that decodes to fewer bytes than Rows × Columns, or ends inside a run it still needs; and
        /// geometries RLE cannot hold (Bits Allocated 1, YBR_FULL_422). A segment that decodes to more bytes than a
        /// plane is cut to the plane, as pydicom and dcmtk do (see <c>RleSegment.Decode</c>).
        /// </remarks>
        public void Decode(ReadOnlySpan<byte> encodedFrame, PixelFrameGeometry geometry, Span<byte> destination)
        {
            var layout = RlePlaneLayout.For(geometry, forEncoding: false);
            if (destination.Length != geometry.FrameLength)
                throw new ArgumentException($"The destination holds {destination.Length} bytes; a decoded frame takes {geometry.FrameLength}.", nameof(destination));
            Span<int> offsets = stackalloc int[MaxSegments + 1];
            ReadHeader(encodedFrame, geometry, layout, offsets);

            for (int i = 0; i < layout.Segments; i++)
            {
                layout.Place(i, out int start, out int stride);
                RleSegment.Decode(encodedFrame.Slice(offsets[i], offsets[i + 1] - offsets[i]), destination, start, stride, layout.PlaneLength, i, offsets[i]);
            }
        }

        /// <summary>
        /// Checks the header of <paramref name="encodedFrame"/> against <paramref name="geometry"/> without decoding: the segment
        /// count and offsets, and that each segment is long enough to decode to a byte plane of Rows × Columns bytes (a run of
        /// two bytes gives at most 128). A few kilobytes whose header claims a frame of hundreds of megabytes are refused
        /// before a frame buffer is sized from the geometry.
        /// </summary>
        /// <exception cref="DicomFormatException">The header is broken, or a segment is too short for the plane it must fill.</exception>
        public static void CheckFrameHeader(ReadOnlySpan<byte> encodedFrame, PixelFrameGeometry geometry)
        {
            var layout = RlePlaneLayout.For(geometry ?? throw new ArgumentNullException(nameof(geometry)), forEncoding: false);
            Span<int> offsets = stackalloc int[MaxSegments + 1];
            ReadHeader(encodedFrame, geometry, layout, offsets);
            for (int i = 0; i < layout.Segments; i++)
            {
                long length = offsets[i + 1] - offsets[i];
                long most = (length + 1) / 2 * 128;
                if (most < layout.PlaneLength)
                    throw RleSegment.Broken(offsets[i], $"RLE segment {i + 1} holds {length} bytes, which decode to {most} at most, fewer than the {layout.PlaneLength} of a byte plane (Rows × Columns).");
            }
        }

        /// <summary>
        /// Reads the header (PS3.5 §G.5): the first 32-bit value is the segment count, then the offset of each segment from the
        /// start of the header; offsets of unused segments are 0 and are not read. Fills <paramref name="offsets"/> with the
        /// segments' starts and, after them, the frame's end.
        /// </summary>
        private static void ReadHeader(ReadOnlySpan<byte> encodedFrame, PixelFrameGeometry geometry, RlePlaneLayout layout, Span<int> offsets)
        {
            if (encodedFrame.Length < HeaderLength)
                throw RleSegment.Broken(-1, $"The RLE frame is {encodedFrame.Length} bytes long, shorter than its {HeaderLength}-byte header.");
            uint count = BinaryPrimitives.ReadUInt32LittleEndian(encodedFrame);
            if (count == 0 || count > MaxSegments)
                throw RleSegment.Broken(0, $"The RLE header lists {count} segments; it can hold 1 to {MaxSegments}.");
            if (count != layout.Segments)
                throw RleSegment.Broken(0, $"The RLE header lists {count} segments, but {geometry.SamplesPerPixel} sample(s) of {geometry.BitsAllocated} bits need {layout.Segments} (one per byte of each sample).");
            for (int i = 0; i < layout.Segments; i++)
            {
                uint offset = BinaryPrimitives.ReadUInt32LittleEndian(encodedFrame.Slice(4 + 4 * i));
                if (offset < HeaderLength || offset >= (uint)encodedFrame.Length)
                    throw RleSegment.Broken(4 + 4 * i, $"RLE segment {i + 1} starts at offset {offset}, outside the data after the header (bytes {HeaderLength} to {encodedFrame.Length - 1}).");
                if (i > 0 && offset <= (uint)offsets[i - 1])
                    throw RleSegment.Broken(4 + 4 * i, $"RLE segment {i + 1} starts at offset {offset}, not after segment {i} at {offsets[i - 1]}; segment offsets must increase.");
                offsets[i] = (int)offset;
            }
            offsets[layout.Segments] = encodedFrame.Length;
        }

        /// <inheritdoc />
        /// <remarks>
        /// Writes the standard encoding of PS3.5 §G.3.1: each row of each byte plane encoded on its own, 3 or more equal
        /// bytes as a replicate run, the rest as literal runs of up to 128 bytes, and each segment padded with a 0 to even
        /// length (§G.5). The frame is read in the layout of the geometry's Planar Configuration.
        /// </remarks>
        /// <exception cref="NotSupportedException">Bits Allocated 1, YBR_FULL_422, more than 15 byte planes, or a frame too large for the header's 32-bit offsets.</exception>
        /// <exception cref="ArgumentException">The frame is not <see cref="PixelFrameGeometry.FrameLength"/> bytes.</exception>
        public void Encode(ReadOnlySpan<byte> frame, PixelFrameGeometry geometry, IBufferWriter<byte> destination)
        {
            if (destination == null) throw new ArgumentNullException(nameof(destination));
            var layout = RlePlaneLayout.For(geometry, forEncoding: true);
            if (frame.Length != geometry.FrameLength)
                throw new ArgumentException($"The frame holds {frame.Length} bytes; {geometry} takes {geometry.FrameLength}.", nameof(frame));

            int columns = geometry.Columns;
            long segmentMax = (long)geometry.Rows * RleSegment.MaxEncodedRowLength(columns) + 1;
            long worst = HeaderLength + segmentMax * layout.Segments;
            if (worst > int.MaxValue)
                throw new NotSupportedException($"A frame of {geometry.FrameLength} bytes is too large to RLE encode in one buffer.");

            byte[] plane = ArrayPool<byte>.Shared.Rent(layout.PlaneLength);
            byte[] output = ArrayPool<byte>.Shared.Rent((int)worst);
            try
            {
                var encoded = output.AsSpan(0, (int)worst);
                encoded.Slice(0, HeaderLength).Clear();
                BinaryPrimitives.WriteUInt32LittleEndian(encoded, (uint)layout.Segments);
                int o = HeaderLength;
                for (int i = 0; i < layout.Segments; i++)
                {
                    BinaryPrimitives.WriteUInt32LittleEndian(encoded.Slice(4 + 4 * i), (uint)o);
                    layout.Place(i, out int start, out int stride);
                    var bytes = plane.AsSpan(0, layout.PlaneLength);
                    Gather(frame, start, stride, bytes);
                    for (int r = 0; r < layout.PlaneLength; r += columns)
                        o += RleSegment.EncodeRow(bytes.Slice(r, columns), encoded.Slice(o));
                    // PS3.5 §G.5: each segment has an even length; the pad byte is 0, as dcmtk and pydicom write it.
                    if ((o & 1) == 1) encoded[o++] = 0;
                }
                encoded.Slice(0, o).CopyTo(destination.GetSpan(o));
                destination.Advance(o);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(output);
                ArrayPool<byte>.Shared.Return(plane);
            }
        }

        /// <summary>Copies one byte plane out of the native frame: the bytes at <paramref name="start"/>, every <paramref name="stride"/>.</summary>
        private static void Gather(ReadOnlySpan<byte> frame, int start, int stride, Span<byte> plane)
        {
            if (stride == 1)
            {
                frame.Slice(start, plane.Length).CopyTo(plane);
                return;
            }
            for (int i = 0, s = start; i < plane.Length; i++, s += stride) plane[i] = frame[s];
        }
    }
}
