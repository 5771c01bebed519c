using System;
using System.Buffers;
using System.IO;

namespace Deid.Dicom
{
    /// <summary>
    /// Reads frames of native (uncompressed) Pixel Data one at a time, whether the value is in memory or was left in its
    /// source as a <see cref="DicomValueRef"/>: only the bytes of the requested frame are read, with a seek, so a large
    /// multi-frame file is never held in memory. Samples come out little endian whatever the dataset's byte order.
    /// </summary>
    /// <remarks>Not thread safe: it keeps the source open between frames. Dispose it to close the source.</remarks>
    public sealed class NativePixelData : IDisposable
    {
        private readonly ReadOnlyMemory<byte> _bytes;
        private readonly DicomValueRef? _reference;
        private readonly string? _sourceName;
        private Stream? _stream;

        private NativePixelData(PixelFrameGeometry geometry, DicomVR vr, bool bigEndian, ReadOnlyMemory<byte> bytes, DicomValueRef? reference, string? sourceName)
        {
            Geometry = geometry;
            VR = vr;
            IsBigEndian = bigEndian;
            _bytes = bytes;
            _reference = reference;
            _sourceName = sourceName;
            Length = reference?.Length ?? bytes.Length;
            SwapUnit = PixelBytes.SwapUnit(bigEndian, vr, geometry.BitsAllocated);
        }

        /// <summary>The frame layout, read from the dataset's Image Pixel module.</summary>
        public PixelFrameGeometry Geometry { get; }

        /// <summary>The VR of the Pixel Data element (OB or OW), which with the byte order decides how bytes are swapped.</summary>
        public DicomVR VR { get; }

        /// <summary>The file or source named in this value's errors, when known.</summary>
        internal string? SourceName => _sourceName;

        /// <summary>True when the dataset is Explicit VR Big Endian: frames are swapped to little endian as they are read.</summary>
        public bool IsBigEndian { get; }

        /// <summary>The length of the Pixel Data value in bytes (at least <see cref="PixelFrameGeometry.TotalLength"/>).</summary>
        public long Length { get; }

        /// <summary>The bytes swapped together between the file's order and little endian (1 when nothing is swapped).</summary>
        internal int SwapUnit { get; }

        /// <summary>
        /// Prepares to read the native Pixel Data of <paramref name="dataset"/> (a top-level dataset or an item, such as an
        /// icon image): reads and validates the geometry and checks that the value holds every frame.
        /// </summary>
        /// <param name="dataset">The dataset holding Pixel Data (7FE0,0010) and its Image Pixel module.</param>
        /// <param name="sourceName">The file the dataset came from, for messages; may be null.</param>
        /// <exception cref="DicomFormatException">An attribute is missing or invalid, Pixel Data is missing, or it is too short.</exception>
        /// <exception cref="InvalidOperationException">Pixel Data is encapsulated; read it with <see cref="EncapsulatedPixelData"/>.</exception>
        public static NativePixelData Open(DicomDataset dataset, string? sourceName = null)
        {
            if (dataset == null) throw new ArgumentNullException(nameof(dataset));
            var geometry = PixelFrameGeometry.FromDataset(dataset, sourceName);
            if (!dataset.TryGetElement(DicomTag.PixelData, out var element))
                throw new DicomFormatException(sourceName, -1, DicomTag.PixelData, "Pixel Data is missing.");
            if (element.Fragments != null)
                throw new InvalidOperationException("Pixel Data is encapsulated (compressed); read its frames with EncapsulatedPixelData and a codec.");
            if (element.IsSequence)
                throw new DicomFormatException(sourceName, -1, DicomTag.PixelData, "Pixel Data holds items, not pixel values.");
            var reference = element.ValueRef;
            var pixels = new NativePixelData(geometry, element.VR, dataset.Encoding.IsBigEndian, reference == null ? element.RawValue : default, reference, sourceName);
            geometry.ValidatePixelDataLength(pixels.Length, sourceName);
            return pixels;
        }

        /// <summary>
        /// Reads frame <paramref name="frame"/> (from 0) into the first <see cref="PixelFrameGeometry.FrameLength"/> bytes
        /// of <paramref name="destination"/>, samples little endian, laid out as in the file (interleaved or planar).
        /// </summary>
        /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than a frame.</exception>
        /// <exception cref="ArgumentOutOfRangeException">There is no such frame.</exception>
        /// <exception cref="NotSupportedException">A frame of 1-bit data that does not start on a byte boundary.</exception>
        public void ReadFrame(int frame, Span<byte> destination)
        {
            long offset = Geometry.GetFrameOffset(frame);
            long length = Geometry.FrameLength;
            if (destination.Length < length)
                throw new ArgumentException($"The destination holds {destination.Length} bytes; a frame takes {length}.", nameof(destination));
            ReadLogical(offset, destination.Slice(0, (int)length));
        }

        /// <summary>Reads frame <paramref name="frame"/> into a new array; see <see cref="ReadFrame(int, Span{byte})"/>.</summary>
        public byte[] ReadFrame(int frame)
        {
            var bytes = new byte[Geometry.FrameLength];
            ReadFrame(frame, bytes);
            return bytes;
        }

        /// <summary>
        /// True when the value holds bytes other than zeros after the last frame the header describes: more frames than Number
        /// of Frames, or rows that Rows does not count. Zero padding (to even length, or to a block some writers fill) is not, nor
        /// the single byte that makes an odd total even.
        /// Read in pieces, so a long tail takes no more memory than one piece.
        /// </summary>
        public bool HasDataAfterFrames()
        {
            long start = Geometry.TotalLength;
            if (Length <= start) return false;
            // The one byte that makes an odd total even is padding whatever a writer put in it.
            if (Length - start == 1 && start % 2 == 1) return false;
            byte[] piece = System.Buffers.ArrayPool<byte>.Shared.Rent(1 << 16);
            try
            {
                for (long at = start; at < Length;)
                {
                    int n = (int)Math.Min(piece.Length, Length - at);
                    var span = piece.AsSpan(0, n);
                    ReadRaw(at, span);
                    foreach (byte b in span)
                    {
                        if (b != 0) return true;
                    }
                    at += n;
                }
                return false;
            }
            finally
            {
                System.Buffers.ArrayPool<byte>.Shared.Return(piece);
            }
        }

        /// <summary>
        /// Reads <paramref name="destination"/>.Length bytes of the value from <paramref name="offset"/>, in little
        /// endian order. A range that splits a swap unit (odd frames of 8-bit data in big endian OW) is widened to whole
        /// units through a pooled buffer, so any byte range reads as the little endian file would hold it.
        /// </summary>
        internal void ReadLogical(long offset, Span<byte> destination)
        {
            if (offset < 0 || offset + destination.Length > Length) throw new ArgumentOutOfRangeException(nameof(offset));
            int unit = SwapUnit;
            long start = offset - (offset % unit);
            long end = Math.Min(Length, offset + destination.Length + ((unit - ((offset + destination.Length) % unit)) % unit));
            if (start == offset && end == offset + destination.Length)
            {
                ReadRaw(offset, destination);
                PixelBytes.Swap(destination, unit);
                return;
            }
            int wide = (int)(end - start);
            byte[] buffer = ArrayPool<byte>.Shared.Rent(wide);
            try
            {
                var span = buffer.AsSpan(0, wide);
                ReadRaw(start, span);
                PixelBytes.Swap(span, unit);
                span.Slice((int)(offset - start), destination.Length).CopyTo(destination);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }

        private void ReadRaw(long offset, Span<byte> destination)
        {
            if (_reference == null)
            {
                _bytes.Span.Slice((int)offset, destination.Length).CopyTo(destination);
                return;
            }
            if (_stream == null)
            {
                _stream = _reference.Source.OpenRead();
                if (_stream.Length < _reference.Offset + _reference.Length)
                    throw new DicomFormatException(_sourceName ?? _reference.Source.Description, _reference.Offset, DicomTag.PixelData, "The source is shorter than the Pixel Data value; was the file changed after it was read?");
            }
            PixelBytes.ReadAt(_stream, _reference.Offset + offset, destination, _sourceName ?? _reference.Source.Description);
        }

        /// <summary>Closes the source, if it was opened.</summary>
        public void Dispose()
        {
            _stream?.Dispose();
            _stream = null;
        }
    }
}
