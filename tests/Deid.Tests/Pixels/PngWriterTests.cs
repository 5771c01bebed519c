using System;
using System.Diagnostics;
using System.IO;
using System.Security.Cryptography;
using Deid.Pixels;
using Xunit;

namespace Deid.Tests.Pixels
{
    public sealed class PngWriterTests : IDisposable
    {
        private readonly string _dir = Path.Combine(Path.GetTempPath(), "deid-png-" + Guid.NewGuid().ToString("N"));

        public PngWriterTests() => Directory.CreateDirectory(_dir);

        public void Dispose() => Directory.Delete(_dir, recursive: true);

        /// <summary>A pattern with flat areas, gradients and noise, so rows pick each of the writer's filters.</summary>
        internal static RenderedImage Pattern(int width, int height, int channels, int seed = 1)
        {
            var random = new Random(seed);
            var pixels = new byte[width * height * channels];
            for (int y = 0; y < height; y++)
            {
                for (int x = 0; x < width; x++)
                {
                    for (int c = 0; c < channels; c++)
                    {
                        int band = y / 4 % 3;
                        pixels[(((y * width) + x) * channels) + c] = band == 0 ? (byte)(x * 3 + c * 40) : band == 1 ? (byte)(y * 5 + c) : (byte)random.Next(256);
                    }
                }
            }
            return new RenderedImage(width, height, channels, pixels);
        }

        [Theory]
        [InlineData(1, 1, 1)]
        [InlineData(1, 1, 3)]
        [InlineData(37, 23, 1)]
        [InlineData(37, 23, 3)]
        [InlineData(300, 2, 3)]
        [InlineData(2, 300, 1)]
        public void DecodesBackToTheSamePixels(int width, int height, int channels)
        {
            var image = Pattern(width, height, channels);
            var png = PngTestDecoder.Decode(PngWriter.Encode(image));
            Assert.Equal((width, height), (png.Width, png.Height));
            Assert.Equal(channels == 1 ? 0 : 2, png.ColourType);
            Assert.Equal(image.Span.ToArray(), png.Pixels);
            Assert.Equal(new[] { "IHDR", "IDAT", "IEND" }, png.Chunks);
        }

        [Fact]
        public void ConstantImageCompressesWell()
        {
            var image = new RenderedImage(512, 512, 1, new byte[512 * 512]);
            Assert.True(PngWriter.Encode(image).Length < 2000);
        }

        [Fact]
        public void FileIsWrittenAtomicallyAndNotReplacedUnlessAsked()
        {
            string path = Path.Combine(_dir, "a.png");
            PngWriter.Write(path, Pattern(5, 5, 1));
            Assert.Throws<Deid.Dicom.OutputExistsException>(() => PngWriter.Write(path, Pattern(6, 6, 3)));
            Assert.Equal(5, PngTestDecoder.Decode(File.ReadAllBytes(path)).Width);
            PngWriter.Write(path, Pattern(6, 6, 3), overwrite: true);
            Assert.Equal(6, PngTestDecoder.Decode(File.ReadAllBytes(path)).Width);
            Assert.Single(Directory.GetFiles(_dir));
        }

        [Fact]
        public void BadSizesAreRefused()
        {
            Assert.Throws<ArgumentException>(() => PngWriter.Write(Stream.Null, new byte[3], 2, 2, 1));
            Assert.Throws<ArgumentException>(() => PngWriter.Write(Stream.Null, new byte[8], 2, 2, 2));
        }

        /// <summary>
        /// Python's zlib (which checks the Adler-32) and struct, as a referee that shares no code with ours: it checks
        /// every CRC, undoes the filters and prints the size and the SHA-256 of the pixels. Skipped where there is no python3.
        /// </summary>
        [Theory]
        [InlineData(1)]
        [InlineData(3)]
        public void PythonReadsTheSamePixels(int channels)
        {
            var image = Pattern(61, 17, channels, seed: 7);
            string path = Path.Combine(_dir, "p.png");
            PngWriter.Write(path, image);
            string? output = RunPython(PythonReferee, path);
            if (output == null) return; // no python3 on this machine
            string expected = $"{image.Width} {image.Height} {(channels == 1 ? 0 : 2)} {Convert.ToHexString(SHA256.HashData(image.Span)).ToLowerInvariant()}";
            Assert.Equal(expected, output.Trim());
        }

        private const string PythonReferee = @"
import hashlib, struct, sys, zlib
d = open(sys.argv[1], 'rb').read()
assert d[:8] == b'\x89PNG\r\n\x1a\n'
at, idat = 8, b''
while at < len(d):
    n, t = struct.unpack('>I4s', d[at:at + 8])
    body = d[at + 8:at + 8 + n]
    assert struct.unpack('>I', d[at + 8 + n:at + 12 + n])[0] == zlib.crc32(t + body) & 0xffffffff, t
    if t == b'IHDR': w, h, depth, ct = struct.unpack('>IIBB', body[:10])
    if t == b'IDAT': idat += body
    at += 12 + n
raw = zlib.decompress(idat)
bpp = 1 if ct == 0 else 3
stride = w * bpp
out = bytearray()
prev = bytearray(stride)
for y in range(h):
    f = raw[y * (stride + 1)]
    row = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
    for i in range(stride):
        a = row[i - bpp] if i >= bpp else 0
        b = prev[i]
        c = prev[i - bpp] if i >= bpp else 0
        p = a + b - c
        pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
        pred = [0, a, b, (a + b) // 2, a if pa <= pb and pa <= pc else (b if pb <= pc else c)][f]
        row[i] = (row[i] + pred) & 255
    out += row
    prev = row
print(w, h, ct, hashlib.sha256(bytes(out)).hexdigest())
";

        internal static string? RunPython(string script, params string[] args)
        {
            var psi = new ProcessStartInfo("python3") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            psi.ArgumentList.Add("-c");
            psi.ArgumentList.Add(script);
            foreach (var a in args) psi.ArgumentList.Add(a);
            Process p;
            try
            {
                p = Process.Start(psi)!;
            }
            catch (System.ComponentModel.Win32Exception)
            {
                return null;
            }
            using (p)
            {
                string stdout = p.StandardOutput.ReadToEnd();
                string stderr = p.StandardError.ReadToEnd();
                p.WaitForExit();
                Assert.True(p.ExitCode == 0, "python3 failed: " + stderr);
                return stdout;
            }
        }
    }
}
