using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Text;
using Xunit;

namespace Deid.Tests.Pixels
{
    /// <summary>
    /// A PNG reader for the tests, written apart from the writer (bitwise CRC, its own Adler-32, all five filters) so a
    /// mistake shared by both cannot pass unseen. Reads 8-bit grey and RGB, non-interlaced: what the writer makes.
    /// </summary>
    internal static class PngTestDecoder
    {
        public sealed record Png(int Width, int Height, int ColourType, byte[] Pixels, List<string> Chunks);

        public static Png Decode(byte[] file)
        {
            byte[] signature = { 137, 80, 78, 71, 13, 10, 26, 10 };
            Assert.Equal(signature, file.AsSpan(0, 8).ToArray());
            int at = 8, width = 0, height = 0, colour = -1;
            var idat = new MemoryStream();
            var chunks = new List<string>();
            while (at < file.Length)
            {
                int length = BinaryPrimitives.ReadInt32BigEndian(file.AsSpan(at));
                string type = Encoding.ASCII.GetString(file, at + 4, 4);
                var data = file.AsSpan(at + 8, length);
                uint crc = BinaryPrimitives.ReadUInt32BigEndian(file.AsSpan(at + 8 + length));
                Assert.Equal(BitwiseCrc(file.AsSpan(at + 4, 4 + length)), crc);
                chunks.Add(type);
                if (type == "IHDR")
                {
                    width = BinaryPrimitives.ReadInt32BigEndian(data);
                    height = BinaryPrimitives.ReadInt32BigEndian(data.Slice(4));
                    Assert.Equal(8, data[8]);
                    colour = data[9];
                    Assert.Equal(0, data[10]);
                    Assert.Equal(0, data[11]);
                    Assert.Equal(0, data[12]);
                }
                else if (type == "IDAT")
                {
                    idat.Write(data);
                }
                at += 12 + length;
            }
            Assert.Equal("IHDR", chunks[0]);
            Assert.Equal("IEND", chunks[^1]);
            int bpp = colour == 0 ? 1 : colour == 2 ? 3 : throw new InvalidDataException($"colour type {colour}");
            byte[] z = idat.ToArray();
            Assert.Equal(0, ((z[0] << 8) | z[1]) % 31);
            Assert.Equal(8, z[0] & 0x0F);
            byte[] raw;
            using (var inflate = new DeflateStream(new MemoryStream(z, 2, z.Length - 6), CompressionMode.Decompress))
            using (var ms = new MemoryStream())
            {
                inflate.CopyTo(ms);
                raw = ms.ToArray();
            }
            Assert.Equal(BinaryPrimitives.ReadUInt32BigEndian(z.AsSpan(z.Length - 4)), SlowAdler(raw));
            int stride = width * bpp;
            Assert.Equal((stride + 1) * height, raw.Length);
            var pixels = new byte[stride * height];
            for (int y = 0; y < height; y++)
            {
                int filter = raw[y * (stride + 1)];
                for (int i = 0; i < stride; i++)
                {
                    int x = raw[(y * (stride + 1)) + 1 + i];
                    int a = i >= bpp ? pixels[(y * stride) + i - bpp] : 0;
                    int b = y > 0 ? pixels[((y - 1) * stride) + i] : 0;
                    int c = i >= bpp && y > 0 ? pixels[((y - 1) * stride) + i - bpp] : 0;
                    int p = a + b - c;
                    int pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
                    int predictor = filter switch
                    {
                        0 => 0,
                        1 => a,
                        2 => b,
                        3 => (a + b) / 2,
                        4 => pa <= pb && pa <= pc ? a : pb <= pc ? b : c,
                        _ => throw new InvalidDataException($"filter {filter}"),
                    };
                    pixels[(y * stride) + i] = (byte)(x + predictor);
                }
            }
            return new Png(width, height, colour, pixels, chunks);
        }

        private static uint BitwiseCrc(ReadOnlySpan<byte> data)
        {
            uint crc = 0xFFFFFFFF;
            foreach (byte d in data)
            {
                crc ^= d;
                for (int k = 0; k < 8; k++) crc = (crc >> 1) ^ (0xEDB88320u & (uint)-(int)(crc & 1));
            }
            return ~crc;
        }

        private static uint SlowAdler(byte[] data)
        {
            uint a = 1, b = 0;
            foreach (byte d in data)
            {
                a = (a + d) % 65521;
                b = (b + a) % 65521;
            }
            return (b << 16) | a;
        }
    }
}
