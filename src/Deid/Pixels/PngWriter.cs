using System;
using System.Buffers;
using System.Buffers.Binary;
using System.IO;
using System.IO.Compression;
using Deid.Dicom;

namespace Deid.Pixels
{
    /// <summary>
    /// Writes an 8-bit grey or RGB image as PNG (ISO/IEC 15948): IHDR, one IDAT, IEND. Written here rather than taken
    /// from a package because it is a hundred lines on top of <see cref="DeflateStream"/>, and the module then ships no
    /// extra assembly to load into PowerShell (where two modules wanting different versions of one DLL collide).
    /// </summary>
    public static class PngWriter
    {
        private static readonly byte[] Signature = { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A };
        private static readonly uint[] CrcTable = MakeCrcTable();

        /// <summary>
        /// Writes <paramref name="image"/> to <paramref name="path"/> through a temporary file and a rename, so a
        /// half-written PNG is never seen.
        /// </summary>
        /// <exception cref="IOException">The file exists and <paramref name="overwrite"/> is false.</exception>
        public static void Write(string path, RenderedImage image, bool overwrite = false)
        {
            if (path == null) throw new ArgumentNullException(nameof(path));
            if (image == null) throw new ArgumentNullException(nameof(image));
            // Encode before the temporary file exists: a failure then leaves nothing behind, and the file gets one write.
            byte[] png = Encode(image);
            AtomicFile.Write(path, overwrite, s => s.Write(png, 0, png.Length));
        }

        /// <summary>The PNG file of <paramref name="image"/> as bytes.</summary>
        public static byte[] Encode(RenderedImage image)
        {
            if (image == null) throw new ArgumentNullException(nameof(image));
            using var ms = new MemoryStream();
            Write(ms, image.Span, image.Width, image.Height, image.Channels);
            return ms.ToArray();
        }

        /// <summary>Writes <paramref name="image"/> as PNG to <paramref name="stream"/>.</summary>
        public static void Write(Stream stream, RenderedImage image)
        {
            if (image == null) throw new ArgumentNullException(nameof(image));
            Write(stream, image.Span, image.Width, image.Height, image.Channels);
        }

        /// <summary>
        /// Writes <paramref name="pixels"/> (rows of <paramref name="width"/> pixels of 1 grey or 3 RGB bytes, no
        /// padding) as an 8-bit PNG to <paramref name="stream"/>.
        /// </summary>
        public static void Write(Stream stream, ReadOnlySpan<byte> pixels, int width, int height, int channels)
        {
            if (stream == null) throw new ArgumentNullException(nameof(stream));
            if (width < 1 || height < 1) throw new ArgumentException($"A PNG is at least 1 × 1, not {width} × {height}.", nameof(width));
            if (channels != 1 && channels != 3) throw new ArgumentException($"Only grey (1) and RGB (3) images are written, not {channels} channels.", nameof(channels));
            int stride = checked(width * channels);
            if (pixels.Length < (long)stride * height) throw new ArgumentException($"{width} × {height} × {channels} needs {(long)stride * height} bytes; {pixels.Length} given.", nameof(pixels));

            stream.Write(Signature, 0, Signature.Length);
            var header = new byte[13];
            BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(0), width);
            BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
            header[8] = 8; // bit depth
            header[9] = (byte)(channels == 1 ? 0 : 2); // colour type: grey or truecolour
            // Bytes 10-12: deflate, adaptive filtering, no interlace — all 0.
            WriteChunk(stream, "IHDR", header);
            WriteChunk(stream, "IDAT", Compress(pixels, stride, height, channels));
            WriteChunk(stream, "IEND", Array.Empty<byte>());
        }

        /// <summary>
        /// The zlib stream (RFC 1950) of the filtered rows: a 2-byte header, raw deflate, the Adler-32 of the filtered
        /// bytes. Each row gets the filter (None, Sub or Up) whose output has the smallest sum of absolute values, the
        /// heuristic the PNG specification suggests; it roughly halves the size of smooth medical images.
        /// </summary>
        private static byte[] Compress(ReadOnlySpan<byte> pixels, int stride, int height, int bpp)
        {
            using var output = new MemoryStream();
            output.WriteByte(0x78);
            output.WriteByte(0x9C);
            uint a = 1, b = 0;
            byte[] line = ArrayPool<byte>.Shared.Rent(3 * (stride + 1));
            try
            {
                using (var deflate = new DeflateStream(output, CompressionLevel.Optimal, leaveOpen: true))
                {
                    var none = line.AsSpan(0, stride + 1);
                    var sub = line.AsSpan(stride + 1, stride + 1);
                    var up = line.AsSpan(2 * (stride + 1), stride + 1);
                    for (int y = 0; y < height; y++)
                    {
                        var row = pixels.Slice(y * stride, stride);
                        var prior = y == 0 ? default : pixels.Slice((y - 1) * stride, stride);
                        none[0] = 0;
                        sub[0] = 1;
                        up[0] = 2;
                        row.CopyTo(none.Slice(1));
                        long costNone = 0, costSub = 0, costUp = 0;
                        for (int i = 0; i < stride; i++)
                        {
                            byte s = (byte)(row[i] - (i >= bpp ? row[i - bpp] : 0));
                            byte u = (byte)(row[i] - (y > 0 ? prior[i] : 0));
                            sub[i + 1] = s;
                            up[i + 1] = u;
                            costNone += Cost(row[i]);
                            costSub += Cost(s);
                            costUp += Cost(u);
                        }
                        int filter = costSub < costNone && costSub <= costUp ? 1 : costUp < costNone ? 2 : 0;
                        deflate.Write(line, filter * (stride + 1), stride + 1);
                        Adler(line.AsSpan(filter * (stride + 1), stride + 1), ref a, ref b);
                    }
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(line);
            }
            var adler = new byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(adler, (b << 16) | a);
            output.Write(adler, 0, 4);
            return output.ToArray();
        }

        /// <summary>The size of a filtered byte read as signed (|-128| included, which Math.Abs on sbyte refuses).</summary>
        private static int Cost(byte v) => v < 128 ? v : 256 - v;

        private static void Adler(ReadOnlySpan<byte> data, ref uint a, ref uint b)
        {
            const uint Mod = 65521;
            // 5552 bytes is the most that can be summed before b can overflow 32 bits (RFC 1950 / zlib's NMAX).
            while (data.Length > 0)
            {
                int n = Math.Min(5552, data.Length);
                for (int i = 0; i < n; i++)
                {
                    a += data[i];
                    b += a;
                }
                a %= Mod;
                b %= Mod;
                data = data.Slice(n);
            }
        }

        private static void WriteChunk(Stream stream, string type, byte[] data)
        {
            var head = new byte[8];
            BinaryPrimitives.WriteInt32BigEndian(head.AsSpan(0), data.Length);
            for (int i = 0; i < 4; i++) head[4 + i] = (byte)type[i];
            // The CRC covers the type and the data, not the length (PNG §5.3).
            uint crc = Crc(0xFFFFFFFFu, head.AsSpan(4, 4));
            crc = Crc(crc, data) ^ 0xFFFFFFFFu;
            var tail = new byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(tail, crc);
            stream.Write(head, 0, 8);
            stream.Write(data, 0, data.Length);
            stream.Write(tail, 0, 4);
        }

        private static uint Crc(uint crc, ReadOnlySpan<byte> data)
        {
            foreach (byte x in data) crc = CrcTable[(crc ^ x) & 0xFF] ^ (crc >> 8);
            return crc;
        }

        private static uint[] MakeCrcTable()
        {
            var table = new uint[256];
            for (uint n = 0; n < 256; n++)
            {
                uint c = n;
                for (int k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
                table[n] = c;
            }
            return table;
        }
    }
}
