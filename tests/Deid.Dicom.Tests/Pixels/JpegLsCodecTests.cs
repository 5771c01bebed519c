using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Deid.Dicom.Tests.Referee;
using Xunit;
using static Deid.Dicom.Tests.Pixels.PixelTestData;

namespace Deid.Dicom.Tests.Pixels
{
    /// <summary>
    /// Our JPEG-LS decoder against dcmtk's dcmdjpls (the referee): every sample of every frame must match, near-lossless
    /// included, since JPEG-LS decoding is exact. Files made with dcmcjpls cover the interleave modes, bit depths, NEAR
    /// values and preset parameters the shared corpus lacks.
    /// </summary>
    public class JpegLsCodecTests : IDisposable
    {
        private readonly string _folder = Path.Combine(Path.GetTempPath(), "deid-jpegls-" + Guid.NewGuid().ToString("N"));

        public JpegLsCodecTests() => Directory.CreateDirectory(_folder);

        public void Dispose() => Directory.Delete(_folder, recursive: true);

        public static IEnumerable<object[]> CorpusFiles() =>
            Directory.GetFiles(Path.GetDirectoryName(Shared("MR_small.dcm"))!, "*.dcm")
                .Where(IsJpegLs)
                .Select(p => new object[] { Path.GetFileName(p) })
                .OrderBy(a => (string)a[0], StringComparer.Ordinal);

        private static bool IsJpegLs(string path)
        {
            string name = Path.GetFileName(path);
            if (name.IndexOf("ls", StringComparison.OrdinalIgnoreCase) < 0) return false;
            try
            {
                var uid = DicomFile.Open(path).FileMetaInformation.GetString(new DicomTag(0x0002, 0x0010))?.Trim('\0', ' ');
                return uid == "1.2.840.10008.1.2.4.80" || uid == "1.2.840.10008.1.2.4.81";
            }
            catch (DicomFormatException)
            {
                return false;
            }
        }

        [Fact]
        public void TheCorpusHoldsTheFiveKnownJpegLsFiles()
        {
            var names = CorpusFiles().Select(a => (string)a[0]).ToList();
            foreach (var expected in new[] { "MR_small_jpeg_ls_lossless.dcm", "JPEGLSNearLossless_08.dcm", "JPEGLSNearLossless_16.dcm", "SC_rgb_jls_lossy_line.dcm", "SC_rgb_jls_lossy_sample.dcm" })
                Assert.Contains(expected, names);
        }

        [Theory]
        [MemberData(nameof(CorpusFiles))]
        public void EveryCorpusFileDecodesAsDcmdjplsDecodesIt(string name) => AssertMatchesReferee(Shared(name));

        [Fact]
        public void TheFrameHeaderIsCheckedAgainstTheGeometryWithoutDecoding()
        {
            // Fuzz seed 1 case 2958: 2121 × 65535 declared over a 752-byte codestream allocated a 540 MB frame before the decoder
            // refused it; callers now check the header first.
            var file = DicomFile.Open(Shared("JPEGLSNearLossless_16.dcm"));
            using var pixels = EncapsulatedPixelData.Open(file.Dataset, file.SourcePath);
            byte[] frame = pixels.ReadFrame(0);
            JpegLsCodec.CheckFrameHeader(frame, pixels.Geometry);
            var g = pixels.Geometry;
            var lying = new PixelFrameGeometry(2121, 65535, g.SamplesPerPixel, g.BitsAllocated, g.BitsStored, g.HighBit, g.PixelRepresentation, 1, 0, g.PhotometricInterpretation);
            var e = Assert.Throws<DicomFormatException>(() => JpegLsCodec.CheckFrameHeader(frame, lying));
            Assert.Contains("65535 × 2121", e.Message);
        }

        [Fact]
        public void TheLosslessFileDecodesToItsUncompressedTwin()
        {
            var decoded = DecodeAll(Shared("MR_small_jpeg_ls_lossless.dcm"));
            var native = ReadNative(Shared("MR_small.dcm"));
            Assert.Single(decoded);
            Assert.True(native[0].AsSpan().SequenceEqual(decoded[0]), "MR_small_jpeg_ls_lossless.dcm does not decode to MR_small.dcm's pixels");
        }

        /// <summary>
        /// dcmcjpls options × sources (pydicom's test files, or a path under the shared data folder). The source is
        /// changed first when asked: "u" makes it unsigned (dcmcjpls refuses near-lossless for signed data), "bN"
        /// unsigned with Bits Stored N and the bits above cleared, "sN" the same but signed (samples are not
        /// sign-extended, by dcmdjpls or by us). Lossless encodings must also give back the source's pixels.
        /// </summary>
        public static IEnumerable<object[]> Encodings() => new[]
        {
            new object[] { "MR_small.dcm", "", "+el" },
            new object[] { "MR_small.dcm", "u", "+en +md 1" },
            new object[] { "MR_small.dcm", "u", "+en +md 7" },
            new object[] { "MR_small.dcm", "", "+el +t1 5 +t2 40 +t3 300 +rs 32" },
            new object[] { "MR_small.dcm", "u", "+en +md 2 +t1 9 +t2 20 +t3 90 +rs 200" },
            new object[] { "MR_small.dcm", "b12", "+el" },
            new object[] { "MR_small.dcm", "b12", "+en +md 2" },
            new object[] { "MR_small.dcm", "b9", "+el" },
            new object[] { "MR_small.dcm", "s12", "+el" },
            new object[] { "CT_small.dcm", "", "+el" },
            new object[] { "CT_small.dcm", "u", "+en +md 4" },
            new object[] { "JPEGLSNearLossless_08.dcm", "b2", "+el" },
            new object[] { "JPEGLSNearLossless_08.dcm", "b5", "+el" },
            // dcmtk's CharLS 1.x lacks T.87 §C.2.4.1.1.1's MAXVAL < 128 branch of the default thresholds, so below 8 bits
            // near-lossless is refereed with thresholds given explicitly (sent in an LSE segment).
            new object[] { "JPEGLSNearLossless_08.dcm", "b7", "+en +md 1 +t1 4 +t2 8 +t3 17" },
            new object[] { "JPEGLSNearLossless_08.dcm", "b6", "+en +md 2 +t1 6 +t2 11 +t3 19 +rs 40" },
            new object[] { "SC_rgb_rle.dcm", "", "+el +in" },
            new object[] { "SC_rgb_rle.dcm", "", "+el +il" },
            new object[] { "SC_rgb_rle.dcm", "", "+el +is" },
            new object[] { "SC_rgb_rle.dcm", "", "+en +md 3 +in" },
            new object[] { "SC_rgb_rle.dcm", "", "+en +md 2 +is" },
            new object[] { "SC_rgb_rle_2frame.dcm", "", "+el +is" },
            new object[] { "SC_rgb_rle_16bit.dcm", "", "+el +il" },
            new object[] { "SC_rgb_rle_16bit_2frame.dcm", "", "+en +md 5 +is" },
            new object[] { "SC_rgb_small_odd.dcm", "", "+el +is" },
            new object[] { "SC_rgb_small_odd.dcm", "", "+en +md 1 +il" },
            new object[] { "deid-data/ultrasounds/RGB_IMAGE.dcm", "", "+el +is" },
            new object[] { "deid-data/ultrasounds/RGB_IMAGE.dcm", "", "+en +md 4 +in" },
        };

        [Theory]
        [MemberData(nameof(Encodings))]
        public void FilesEncodedByDcmcjplsDecodeExactly(string source, string change, string options)
        {
            string native = NativeCopy(source, change);
            string encoded = Path.Combine(_folder, "encoded.dcm");
            var run = ToolRunner.Run("dcmcjpls", options.Split(' ').Concat(new[] { native, encoded }).ToArray());
            Assert.True(run.ExitCode == 0, run.Describe());
            AssertMatchesReferee(encoded);
            if (options.StartsWith("+el", StringComparison.Ordinal))
            {
                var decoded = DecodeAll(encoded);
                var original = ReadNative(native);
                Assert.Equal(original.Count, decoded.Count);
                for (int f = 0; f < decoded.Count; f++)
                    Assert.True(original[f].AsSpan().SequenceEqual(decoded[f]), $"frame {f} of {source} ({options}) differs from the source");
            }
        }

        [Theory]
        [InlineData(255, 0, 3, 7, 21)]
        [InlineData(255, 2, 9, 17, 35)]
        [InlineData(4095, 0, 18, 67, 276)]
        [InlineData(65535, 0, 18, 67, 276)]
        [InlineData(65535, 10, 48, 117, 346)]
        [InlineData(127, 0, 2, 3, 10)]
        [InlineData(127, 1, 4, 8, 17)]
        [InlineData(63, 2, 6, 11, 19)]
        [InlineData(3, 0, 2, 3, 3)]
        [InlineData(3, 1, 3, 3, 3)]
        public void DefaultThresholdsFollowT87(int maxVal, int near, int t1, int t2, int t3)
        {
            // T.87 §C.2.4.1.1.1, both branches (MAXVAL >= 128 scales up, below it scales down), clamped to MAXVAL.
            int precision = 1;
            while ((1 << precision) - 1 < maxVal) precision++;
            var p = JpegLsCodingParameters.Create(Math.Max(2, precision), near, default, 0);
            Assert.Equal((maxVal, t1, t2, t3, 64), (p.MaxVal, p.T1, p.T2, p.T3, p.Reset));
        }

        [Fact]
        public void TheDefaultRegistryDecodesBothJpegLsSyntaxes()
        {
            foreach (var uid in new[] { "1.2.840.10008.1.2.4.80", "1.2.840.10008.1.2.4.81" })
                Assert.IsType<JpegLsCodec>(PixelCodecRegistry.Default.GetDecoder(TransferSyntax.Lookup(uid)));
        }

        [Fact]
        public void EncodingIsRefusedClearly()
        {
            var g = new PixelFrameGeometry(2, 2, 1, 8, 8, 7, 0);
            var e = Assert.Throws<NotSupportedException>(() => JpegLsCodec.Instance.Encode(new byte[4], g, new System.Buffers.ArrayBufferWriter<byte>()));
            Assert.Contains("JPEG-LS encoding is not supported", e.Message);
        }

        [Fact]
        public void AFrameThatDisagreesWithTheGeometryIsRefused()
        {
            var frame = EncodedFrame(Shared("MR_small_jpeg_ls_lossless.dcm"));
            var wrongSize = new PixelFrameGeometry(63, 64, 1, 16, 16, 15, 1);
            var e = Assert.Throws<DicomFormatException>(() => JpegLsCodec.Instance.Decode(frame, wrongSize, new byte[wrongSize.FrameLength]));
            Assert.Contains("64 × 64", e.Message);
            var tooNarrow = new PixelFrameGeometry(64, 64, 1, 8, 8, 7, 0);
            e = Assert.Throws<DicomFormatException>(() => JpegLsCodec.Instance.Decode(frame, tooNarrow, new byte[tooNarrow.FrameLength]));
            Assert.Contains("do not fit Bits Allocated 8", e.Message);
        }

        [Theory]
        [InlineData(new byte[] { }, "does not start with an SOI")]
        [InlineData(new byte[] { 0xFF, 0xD8 }, "without an EOI")]
        [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0xD9 }, "no SOF55")]
        [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0xC3, 0x00, 0x02 }, "SOF3")]
        [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0xF8, 0x00, 0x03, 0x02 }, "mapping tables")]
        [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0xE8, 0x00, 0x07, (byte)'m', (byte)'r', (byte)'f', (byte)'x', 0x01 }, "HP colour transform 1")]
        [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0xF7, 0x00, 0x0B, 0x11, 0x00, 0x02, 0x00, 0x02, 0x01, 0x01, 0x11, 0x00 }, "precision P=17")]
        public void BrokenCodestreamsAreRefusedWithAReason(byte[] frame, string reason)
        {
            var g = new PixelFrameGeometry(2, 2, 1, 16, 16, 15, 0);
            var e = Assert.Throws<DicomFormatException>(() => JpegLsCodec.Instance.Decode(frame, g, new byte[g.FrameLength]));
            Assert.Contains(reason, e.Message);
        }

        [Fact]
        public void TwoThousandMutationsOfTheCorpusDecodeOrFailCleanly()
        {
            var cases = CorpusFiles().Select(a => Shared((string)a[0]))
                .Select(p => (Frame: EncodedFrame(p), Geometry: EncapsulatedGeometry(p))).ToList();
            var random = new Random(14495);
            int succeeded = 0, refused = 0;
            for (int i = 0; i < 2000; i++)
            {
                var (original, geometry) = cases[i % cases.Count];
                var frame = Mutate(original, random);
                try
                {
                    JpegLsCodec.Instance.Decode(frame, geometry, new byte[geometry.FrameLength]);
                    succeeded++;
                }
                catch (DicomFormatException)
                {
                    refused++;
                }
                catch (Exception e)
                {
                    throw new Xunit.Sdk.XunitException($"mutation {i} threw {e.GetType().Name}: {e}");
                }
            }
            Assert.Equal(2000, succeeded + refused);
            Assert.True(refused > 0 && succeeded > 0, $"{succeeded} decoded, {refused} refused");
        }

        private static byte[] Mutate(byte[] original, Random random)
        {
            var b = (byte[])original.Clone();
            switch (random.Next(4))
            {
                case 0: // truncation anywhere
                    return b.AsSpan(0, random.Next(b.Length)).ToArray();
                case 1: // a few random bytes
                    for (int n = random.Next(1, 5); n > 0; n--) b[random.Next(b.Length)] = (byte)random.Next(256);
                    return b;
                case 2: // a bit flip in the headers, where parameters live
                    int at = random.Next(Math.Min(b.Length, 64));
                    b[at] ^= (byte)(1 << random.Next(8));
                    return b;
                default: // a marker planted in the entropy-coded data
                    int m = random.Next(b.Length - 1);
                    b[m] = 0xFF;
                    b[m + 1] = (byte)random.Next(0x80, 0x100);
                    return b;
            }
        }

        private void AssertMatchesReferee(string path)
        {
            string output = Path.Combine(_folder, "referee-" + Guid.NewGuid().ToString("N") + ".dcm");
            var run = ToolRunner.Run("dcmdjpls", new[] { path, output });
            Assert.True(run.ExitCode == 0, run.Describe());
            var expected = ReadNative(output);
            var actual = DecodeAll(path);
            Assert.Equal(expected.Count, actual.Count);
            for (int f = 0; f < actual.Count; f++)
            {
                int mismatch = FirstMismatch(expected[f], actual[f]);
                Assert.True(mismatch < 0, $"{Path.GetFileName(path)} frame {f}: byte {mismatch} is {(mismatch < 0 ? 0 : actual[f][mismatch])}, dcmdjpls gives {(mismatch < 0 ? 0 : expected[f][mismatch])}");
            }
        }

        private static int FirstMismatch(byte[] expected, byte[] actual)
        {
            if (expected.Length != actual.Length) return Math.Min(expected.Length, actual.Length);
            for (int i = 0; i < expected.Length; i++)
                if (expected[i] != actual[i]) return i;
            return -1;
        }

        /// <summary>Every frame of an encapsulated file decoded through the registry.</summary>
        internal static List<byte[]> DecodeAll(string path)
        {
            var file = OpenInMemory(path);
            var ts = TransferSyntax.Lookup(file.FileMetaInformation.GetString(new DicomTag(0x0002, 0x0010))!.Trim('\0', ' '));
            var codec = PixelCodecRegistry.Default.GetDecoder(ts);
            using var pixels = EncapsulatedPixelData.Open(file.Dataset);
            var frames = new List<byte[]>();
            for (int f = 0; f < pixels.Geometry.NumberOfFrames; f++)
            {
                var frame = new byte[pixels.Geometry.FrameLength];
                pixels.DecodeFrame(f, codec, frame);
                frames.Add(frame);
            }
            return frames;
        }

        private static List<byte[]> ReadNative(string path)
        {
            var file = OpenInMemory(path);
            using var pixels = NativePixelData.Open(file.Dataset);
            return Enumerable.Range(0, pixels.Geometry.NumberOfFrames).Select(pixels.ReadFrame).ToList();
        }

        internal static byte[] EncodedFrame(string path)
        {
            using var pixels = EncapsulatedPixelData.Open(OpenInMemory(path).Dataset);
            return pixels.ReadFrame(0);
        }

        private static PixelFrameGeometry EncapsulatedGeometry(string path)
        {
            using var pixels = EncapsulatedPixelData.Open(OpenInMemory(path).Dataset);
            return pixels.Geometry;
        }

        /// <summary>
        /// The shared file as native Explicit VR Little Endian (RLE and JPEG-LS sources are decoded with dcmtk), changed
        /// as <see cref="Encodings"/> describes.
        /// </summary>
        private string NativeCopy(string name, string change)
        {
            string target = Path.Combine(_folder, "native-" + Path.GetFileName(name));
            if (name.Contains("rle", StringComparison.OrdinalIgnoreCase) || name.StartsWith("JPEGLS", StringComparison.Ordinal))
            {
                var run = ToolRunner.Run(name.StartsWith("JPEGLS", StringComparison.Ordinal) ? "dcmdjpls" : "dcmdrle", new[] { Shared(name), target });
                Assert.True(run.ExitCode == 0, run.Describe());
            }
            else
            {
                File.Copy(name.Contains('/') ? TestData.PathOf(name.Split('/')) : Shared(name), target);
            }
            if (change.Length > 0)
            {
                // Unsigned, and for "bN" N-bit samples: the bits above are cleared so the samples are in range.
                var file = OpenInMemory(target);
                var g = PixelFrameGeometry.FromDataset(file.Dataset);
                int bits = change.Length > 1 ? int.Parse(change.Substring(1), System.Globalization.CultureInfo.InvariantCulture) : g.BitsStored;
                var pixels = ReadNative(target).SelectMany(f => f).ToArray();
                int mask = (1 << bits) - 1;
                if (g.BitsAllocated == 8)
                {
                    for (int i = 0; i < pixels.Length; i++) pixels[i] = (byte)(pixels[i] & mask);
                }
                else
                {
                    for (int i = 0; i + 1 < pixels.Length; i += 2)
                    {
                        int v = (pixels[i] | (pixels[i + 1] << 8)) & mask;
                        pixels[i] = (byte)v;
                        pixels[i + 1] = (byte)(v >> 8);
                    }
                }
                file.Dataset.SetRawValue(DicomTag.PixelData, g.BitsAllocated == 8 ? DicomVR.OB : DicomVR.OW, pixels);
                file.Dataset.SetNumbers(BitsStored, DicomVR.US, bits);
                file.Dataset.SetNumbers(HighBit, DicomVR.US, bits - 1);
                file.Dataset.SetNumbers(PixelRepresentation, DicomVR.US, change.StartsWith("s", StringComparison.Ordinal) ? 1 : 0);
                file.Save(target, overwrite: true);
            }
            return target;
        }
    }
}
