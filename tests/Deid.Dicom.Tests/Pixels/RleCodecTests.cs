using System;
using System.Diagnostics;
using System.IO;
using Xunit;
using Xunit.Abstractions;
using static Deid.Dicom.Tests.Pixels.PixelTestData;
using static Deid.Dicom.Tests.Pixels.RleTestFiles;

namespace Deid.Dicom.Tests.Pixels
{
    public class RleCodecTests : IDisposable
    {
        private readonly string _folder = Path.Combine(Path.GetTempPath(), "deid-rle-" + Guid.NewGuid().ToString("N"));
        private readonly ITestOutputHelper _output;
        private readonly RleCodec _codec = new RleCodec();

        public RleCodecTests(ITestOutputHelper output)
        {
            _output = output;
            Directory.CreateDirectory(_folder);
        }

        public void Dispose() => Directory.Delete(_folder, recursive: true);

        [Theory]
        [InlineData("MR_small_RLE.dcm", "MR_small.dcm")]
        [InlineData("rtdose_rle.dcm", "rtdose.dcm")]
        [InlineData("rtdose_rle_1frame.dcm", "rtdose_1frame.dcm")]
        public void SharedFilesDecodeToTheirUncompressedTwins(string rle, string twin)
        {
            var decoded = DecodeAll(Shared(rle), out var g);
            var expected = NativeAll(Shared(twin), out var gt);
            Assert.Equal(gt.TotalLength, g.TotalLength);
            Assert.Equal(expected, decoded);
        }

        [Theory]
        [InlineData("MR_small_RLE.dcm")]
        [InlineData("SC_rgb_rle.dcm")]
        [InlineData("SC_rgb_rle_2frame.dcm")]
        [InlineData("SC_rgb_rle_16bit.dcm")]
        [InlineData("SC_rgb_rle_16bit_2frame.dcm")]
        [InlineData("SC_rgb_rle_32bit.dcm")]
        [InlineData("SC_rgb_rle_32bit_2frame.dcm")]
        [InlineData("rtdose_rle.dcm")]
        [InlineData("rtdose_rle_1frame.dcm")]
        public void SharedFilesDecodeAsDcmdrleDecodesThem(string name)
        {
            string path = Shared(name);
            var decoded = DecodeAll(path, out var g);
            var referee = NativeAll(Dcmdrle(path, _folder), out var gr);
            Assert.Equal(g.ToString(), gr.ToString());
            Assert.Equal(referee, decoded);
        }

        [Fact]
        public void EveryRleFileInTheSharedCorpusIsCovered()
        {
            // A new RLE file added to the corpus should be added to the theories above.
            var names = Directory.GetFiles(Path.GetDirectoryName(Shared("MR_small.dcm"))!, "*.dcm");
            int rle = 0;
            foreach (var n in names)
            {
                try
                {
                    if (DicomFile.Open(n, DicomReadOptions.HeaderOnly).TransferSyntax.Equals(TransferSyntax.RleLossless)) rle++;
                }
                catch (DicomFormatException)
                {
                    // The corpus holds broken files on purpose; none of them is RLE.
                }
            }
            Assert.Equal(9, rle);
        }

        [Theory]
        [InlineData(1, 8, 0)]
        [InlineData(1, 16, 0)]
        [InlineData(1, 32, 0)]
        [InlineData(1, 64, 0)]
        [InlineData(3, 8, 0)]
        [InlineData(3, 8, 1)]
        [InlineData(3, 16, 0)]
        [InlineData(3, 16, 1)]
        [InlineData(3, 32, 0)]
        [InlineData(3, 32, 1)]
        public void EncodedFramesDecodeToTheInput(int samples, int bits, int planar)
        {
            foreach (var (rows, columns) in new[] { (1, 1), (1, 2), (3, 7), (17, 129), (8, 300), (2, 257) })
            {
                var g = Geometry(rows, columns, samples, bits, planar);
                foreach (var kind in Kinds)
                {
                    var frame = Frame(g, kind, rows * 31 + columns + bits);
                    var encoded = Encode(_codec, frame, g);
                    Assert.True(encoded.Length % 2 == 0, $"{g} {kind}: odd length {encoded.Length}");
                    var decoded = new byte[g.FrameLength];
                    _codec.Decode(encoded, g, decoded);
                    Assert.True(frame.AsSpan().SequenceEqual(decoded), $"{g} {kind}: decoded frame differs");
                }
            }
        }

        [Theory]
        [InlineData(1, 8, 0)]
        [InlineData(1, 16, 0)]
        [InlineData(1, 32, 0)]
        [InlineData(3, 8, 0)]
        [InlineData(3, 8, 1)]
        [InlineData(3, 16, 0)]
        [InlineData(3, 16, 1)]
        [InlineData(3, 32, 1)]
        public void EncodedFilesDecodeInDcmdrleToTheInput(int samples, int bits, int planar)
        {
            // Odd width, rows of every kind (for planar frames, stretches of a row's length), two frames: dcmdrle must
            // read our header, runs and padding as we do, and lay the planes out as the dataset's Planar Configuration says.
            var g = Geometry(9, 131, samples, bits, planar, frames: 2);
            var frames = new byte[g.TotalLength];
            for (int r = 0; r < 2 * g.Rows; r++)
            {
                var row = Frame(Geometry(1, 131, samples, bits, planar), Kinds[r % Kinds.Length], r);
                row.CopyTo(frames.AsSpan(r * row.Length));
            }
            string path = WriteRleFile(_folder, _codec, g, frames);
            Assert.Equal(frames, DecodeAll(path, out _));
            var referee = NativeAll(Dcmdrle(path, _folder), out var gr);
            Assert.Equal(planar, gr.PlanarConfiguration);
            Assert.Equal(frames, referee);
        }

        [Fact]
        public void ReplicateRunsCompress()
        {
            // PS3.5 G.3.1: rows are encoded separately, 128 bytes at most a run: 300 equal bytes take 3 runs of 2 bytes.
            var g = Geometry(4, 300, 1, 8, 0);
            var encoded = Encode(_codec, new byte[g.FrameLength], g);
            Assert.Equal(RleCodec.HeaderLength + 4 * 6, encoded.Length);
            Assert.Equal(new byte[] { 0x81, 0, 0x81, 0, 0xD5, 0 }, encoded.AsSpan(64, 6).ToArray()); // 128, 128, 44
        }

        [Fact]
        public void TwoEqualBytesStayInALiteralAndThreeMakeARun()
        {
            var g = Geometry(1, 8, 1, 8, 0);
            var encoded = Encode(_codec, new byte[] { 1, 2, 2, 3, 4, 4, 4, 5 }, g);
            Assert.Equal(new byte[] { 3, 1, 2, 2, 3, 0xFE, 4, 0, 5 }, encoded.AsSpan(64, 9).ToArray());
            Assert.Equal(0, encoded[73]); // padding to even length
            Assert.Equal(74, encoded.Length);
        }

        [Fact]
        public void TheHeaderListsSegmentsMostSignificantByteFirst()
        {
            var g = Geometry(1, 2, 1, 16, 0);
            var encoded = Encode(_codec, new byte[] { 0x34, 0x12, 0x78, 0x56 }, g);
            Assert.Equal(2, BitConverter.ToInt32(encoded, 0));
            Assert.Equal(64, BitConverter.ToInt32(encoded, 4));
            Assert.Equal(68, BitConverter.ToInt32(encoded, 8));
            Assert.Equal(0, BitConverter.ToInt32(encoded, 12));
            Assert.Equal(new byte[] { 1, 0x12, 0x56, 0, 1, 0x34, 0x78, 0 }, encoded.AsSpan(64).ToArray());
        }

        [Fact]
        public void PlanarConfigurationOfTheDecodedDataIsTheDatasets()
        {
            Assert.Equal(0, RleCodec.GetDecodedPlanarConfiguration(Geometry(2, 2, 1, 8, 0)));
            Assert.Equal(0, RleCodec.GetDecodedPlanarConfiguration(Geometry(2, 2, 3, 8, 0)));
            Assert.Equal(1, RleCodec.GetDecodedPlanarConfiguration(Geometry(2, 2, 3, 8, 1)));
            // The same encoded frame decodes interleaved or by plane as the geometry asks.
            var interleaved = Geometry(1, 2, 3, 8, 0);
            var encoded = Encode(_codec, new byte[] { 1, 2, 3, 4, 5, 6 }, interleaved);
            var planar = new byte[6];
            _codec.Decode(encoded, Geometry(1, 2, 3, 8, 1), planar);
            Assert.Equal(new byte[] { 1, 4, 2, 5, 3, 6 }, planar);
        }

        [Theory]
        [InlineData("runs")]
        [InlineData("random")]
        public void ALargeRgbFrameRoundTrips(string kind)
        {
            // Timed for the record (well under 10 ms a frame is the aim), not asserted: the machine is shared.
            var g = Geometry(768, 1024, 3, 8, 0);
            var frame = Frame(g, kind, 1);
            var clock = Stopwatch.StartNew();
            var encoded = Encode(_codec, frame, g);
            double encodeMs = clock.Elapsed.TotalMilliseconds;
            var decoded = new byte[g.FrameLength];
            _codec.Decode(encoded, g, decoded);
            clock.Restart();
            const int Rounds = 10;
            for (int i = 0; i < Rounds; i++) _codec.Decode(encoded, g, decoded);
            _output.WriteLine($"768 × 1024 RGB, {kind}: {encoded.Length} encoded bytes, encode {encodeMs:F2} ms, decode {clock.Elapsed.TotalMilliseconds / Rounds:F2} ms a frame");
            Assert.True(frame.AsSpan().SequenceEqual(decoded));
        }

        private static readonly string[] Kinds = { "random", "equal", "runs", "ramp" };

        internal static PixelFrameGeometry Geometry(int rows, int columns, int samples, int bits, int planar, int frames = 1) =>
            new PixelFrameGeometry(rows, columns, samples, bits, bits, bits - 1, 0, frames, planar, samples == 3 ? "RGB" : "MONOCHROME2");

        /// <summary>A frame (or all frames) of <paramref name="g"/>: random bytes, all equal, runs of 1 to 300 equal bytes, or all different (a ramp).</summary>
        internal static byte[] Frame(PixelFrameGeometry g, string kind, int seed)
        {
            var random = new Random(seed);
            var b = new byte[g.TotalLength];
            switch (kind)
            {
                case "random":
                    random.NextBytes(b);
                    break;
                case "equal":
                    b.AsSpan().Fill((byte)random.Next(256));
                    break;
                case "runs":
                    for (int i = 0; i < b.Length;)
                    {
                        int n = Math.Min(b.Length - i, random.Next(1, 300));
                        b.AsSpan(i, n).Fill((byte)random.Next(4));
                        i += n;
                    }
                    break;
                default:
                    for (int i = 0; i < b.Length; i++) b[i] = (byte)(i * 7 + seed);
                    break;
            }
            return b;
        }
    }
}
