using System;
using System.Buffers;
using System.Buffers.Binary;
using System.IO;
using System.Runtime.InteropServices;

namespace Deid.Dicom
{
    /// <summary>Byte-order and stream helpers shared by the pixel readers and builders.</summary>
    internal static class PixelBytes
    {
        /// <summary>
        /// The unit Pixel Data bytes are swapped in between the file's byte order and little endian: 1 (no swap) for
        /// little endian files and for OB. OW is a stream of 16-bit words (PS3.5 §A.2), so 8- and 1-bit data in OW are
        /// swapped in pairs too, while 32- and 64-bit samples are stored most significant byte first as a whole.
        /// </summary>
        public static int SwapUnit(bool bigEndian, DicomVR vr, int bitsAllocated)
        {
            if (!bigEndian || vr == DicomVR.OB) return 1;
            return bitsAllocated <= 16 ? 2 : bitsAllocated / 8;
        }

        /// <summary>Reverses the bytes of every whole unit of <paramref name="data"/> in place; a trailing partial unit is left as it is.</summary>
        public static void Swap(Span<byte> data, int unit)
        {
            int whole = data.Length - (data.Length % Math.Max(unit, 1));
            switch (unit)
            {
                case 2:
                    {
                        var words = MemoryMarshal.Cast<byte, ushort>(data.Slice(0, whole));
                        for (int i = 0; i < words.Length; i++) words[i] = BinaryPrimitives.ReverseEndianness(words[i]);
                        return;
                    }
                case 4:
                    {
                        var words = MemoryMarshal.Cast<byte, uint>(data.Slice(0, whole));
                        for (int i = 0; i < words.Length; i++) words[i] = BinaryPrimitives.ReverseEndianness(words[i]);
                        return;
                    }
                case 8:
                    {
                        var words = MemoryMarshal.Cast<byte, ulong>(data.Slice(0, whole));
                        for (int i = 0; i < words.Length; i++) words[i] = BinaryPrimitives.ReverseEndianness(words[i]);
                        return;
                    }
            }
        }

        /// <summary>
        /// Fills <paramref name="count"/> bytes of <paramref name="buffer"/> at <paramref name="offset"/> from
        /// <paramref name="stream"/> at <paramref name="position"/>, straight into the array.
        /// </summary>
        public static void ReadAt(Stream stream, long position, byte[] buffer, int offset, int count, string description)
        {
            stream.Position = position;
            while (count > 0)
            {
                int n = stream.Read(buffer, offset, count);
                if (n <= 0)
                    throw new DicomFormatException(description, stream.Position, DicomTag.PixelData, "The source ended before the pixel data did; was the file changed after it was read?");
                offset += n;
                count -= n;
            }
        }

        /// <summary>
        /// Fills <paramref name="destination"/> from <paramref name="stream"/> at <paramref name="position"/> through a
        /// pooled buffer (netstandard2.0 streams read only into arrays).
        /// </summary>
        public static void ReadAt(Stream stream, long position, Span<byte> destination, string description)
        {
            byte[] buffer = ArrayPool<byte>.Shared.Rent(Math.Min(destination.Length, 1 << 16));
            try
            {
                while (!destination.IsEmpty)
                {
                    int n = Math.Min(buffer.Length, destination.Length);
                    ReadAt(stream, position, buffer, 0, n, description);
                    buffer.AsSpan(0, n).CopyTo(destination);
                    destination = destination.Slice(n);
                    position += n;
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }
}
