using System;
using System.IO;
using System.Text;

namespace Deid.Dicom.Tests.Pixels.Jpeg2000
{
    /// <summary>
    /// A test image for the JPEG 2000 referees (opj_compress, ojph_compress): a PGM or PPM file with structure and noise, so
    /// that every pass and context of a block coder is exercised, and the samples it holds, to compare a decode with.
    /// </summary>
    internal sealed class RefereeImage
    {
        private RefereeImage(string path, int width, int height, int components, int maxValue, int[] samples)
        {
            Path = path;
            Width = width;
            Height = height;
            Components = components;
            MaxValue = maxValue;
            Samples = samples;
        }

        /// <summary>The image file.</summary>
        public string Path { get; }

        /// <summary>What an encoder needs besides the file (raw input's layout); empty for PNM.</summary>
        public string[] Arguments { get; init; } = Array.Empty<string>();

        public int Width { get; }

        public int Height { get; }

        public int Components { get; }

        public int MaxValue { get; }

        /// <summary>The samples, interleaved, as written.</summary>
        public int[] Samples { get; }

        /// <summary>
        /// The image <paramref name="kind"/> in <paramref name="folder"/>: gray8 (300 × 200), gray8odd (97 × 61), gray8tiny (3 × 5),
        /// gray8thin (one column), gray8flat (every sample equal), gray12, gray16, rgb8 (77 × 53); the same kind is the same
        /// image every time.
        /// </summary>
        public static RefereeImage Make(string folder, string kind)
        {
            var random = new Random(kind.GetHashCode(StringComparison.Ordinal) & 0x7FFF);
            switch (kind)
            {
                case "gray8": return Pnm(folder, 300, 200, 1, 255, (x, y, c) => Clamp(128 + 100 * Math.Sin(x / 13.0) * Math.Cos(y / 7.0) + random.Next(-10, 11), 255));
                case "gray8odd": return Pnm(folder, 97, 61, 1, 255, (x, y, c) => (x * 7 + y * 3 + random.Next(0, 40)) % 256);
                case "gray8tiny": return Pnm(folder, 3, 5, 1, 255, (x, y, c) => random.Next(0, 256));
                case "gray8thin": return Pnm(folder, 1, 40, 1, 255, (x, y, c) => (y * 19 + random.Next(0, 9)) % 256);
                case "gray8flat": return Pnm(folder, 64, 64, 1, 255, (x, y, c) => 77);
                case "gray12": return Pnm(folder, 128, 96, 1, 4095, (x, y, c) => (x * 31 + y * 17 + random.Next(0, 300)) % 4096);
                case "gray16": return Pnm(folder, 64, 80, 1, 65535, (x, y, c) => (x * 997 + y * 613 + random.Next(0, 5000)) % 65536);
                case "rgb8": return Pnm(folder, 77, 53, 3, 255, (x, y, c) => c == 0 ? x * 4 % 256 : c == 1 ? y * 5 % 256 : (x * y + random.Next(0, 30)) % 256);
                default: throw new ArgumentOutOfRangeException(nameof(kind));
            }
        }

        /// <summary>Reads a PNM a decoder wrote for this image (big-endian above 8 bits), as interleaved samples.</summary>
        public int[] ReadPnm(string path)
        {
            byte[] bytes = File.ReadAllBytes(path);
            int count = Width * Height * Components;
            int wide = MaxValue > 255 ? 2 : 1;
            int start = bytes.Length - count * wide;
            var result = new int[count];
            for (int i = 0; i < count; i++)
            {
                int at = start + i * wide;
                result[i] = wide == 1 ? bytes[at] : bytes[at] << 8 | bytes[at + 1];
            }
            return result;
        }

        private static int Clamp(double v, int max) => (int)Math.Max(0, Math.Min(max, Math.Round(v)));

        private static RefereeImage Pnm(string folder, int w, int h, int components, int maxValue, Func<int, int, int, int> sample)
        {
            string path = System.IO.Path.Combine(folder, components == 1 ? "x.pgm" : "x.ppm");
            var samples = new int[w * h * components];
            using var output = File.Create(path);
            var header = Encoding.ASCII.GetBytes($"{(components == 1 ? "P5" : "P6")}\n{w} {h}\n{maxValue}\n");
            output.Write(header, 0, header.Length);
            int i = 0;
            for (int y = 0; y < h; y++)
            {
                for (int x = 0; x < w; x++)
                {
                    for (int c = 0; c < components; c++)
                    {
                        int v = sample(x, y, c);
                        samples[i++] = v;
                        if (maxValue > 255) output.WriteByte((byte)(v >> 8));
                        output.WriteByte((byte)v);
                    }
                }
            }
            return new RefereeImage(path, w, h, components, maxValue, samples);
        }
    }

    /// <summary>
    /// Rounds of broken codestreams for a decoder: a few bytes flipped anywhere, the stream cut short, one byte of a chosen
    /// range set to 0xFF or 0x00, in turn. A decoder must decode each or throw <see cref="DicomFormatException"/>.
    /// </summary>
    internal static class HostileRounds
    {
        /// <summary>Runs <paramref name="rounds"/> mutations of <paramref name="original"/> through <paramref name="decode"/>; how many it refused.</summary>
        public static int Refused(byte[] original, Action<byte[]> decode, Random random, int rounds, int extremeStart, int extremeLength)
        {
            int refused = 0;
            for (int round = 0; round < rounds; round++)
            {
                byte[] bytes;
                switch (round % 3)
                {
                    case 0:
                        bytes = (byte[])original.Clone();
                        for (int i = 1 + random.Next(8); i > 0; i--) bytes[random.Next(bytes.Length)] ^= (byte)(1 + random.Next(255));
                        break;
                    case 1:
                        bytes = original.AsSpan(0, random.Next(2, original.Length)).ToArray();
                        break;
                    default:
                        bytes = (byte[])original.Clone();
                        bytes[extremeStart + random.Next(extremeLength)] = random.Next(2) == 0 ? (byte)0xFF : (byte)0x00;
                        break;
                }
                try
                {
                    decode(bytes);
                }
                catch (DicomFormatException)
                {
                    refused++;
                }
            }
            return refused;
        }
    }
}
