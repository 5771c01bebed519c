using System;
using System.Buffers.Binary;
using Xunit;
using static Deid.Dicom.Tests.Pixels.RleCodecTests;
using static Deid.Dicom.Tests.Pixels.RleTestFiles;

namespace Deid.Dicom.Tests.Pixels
{
    /// <summary>Broken RLE frames give DicomFormatException, never another exception, a hang or a write out of range.</summary>
    public class RleCodecHostileTests
    {
        private readonly RleCodec _codec = new RleCodec();

        private static readonly PixelFrameGeometry Mono8 = Geometry(2, 2, 1, 8, 0);
        private static readonly PixelFrameGeometry Mono16 = Geometry(2, 2, 1, 16, 0);

        /// <summary>An RLE frame with the given segments and a header that lists them.</summary>
        private static byte[] Frame(params byte[][] segments)
        {
            int length = RleCodec.HeaderLength;
            foreach (var s in segments) length += s.Length;
            var frame = new byte[length];
            BinaryPrimitives.WriteUInt32LittleEndian(frame, (uint)segments.Length);
            int o = RleCodec.HeaderLength;
            for (int i = 0; i < segments.Length; i++)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(frame.AsSpan(4 + 4 * i), (uint)o);
                segments[i].CopyTo(frame, o);
                o += segments[i].Length;
            }
            return frame;
        }

        private DicomFormatException Refused(byte[] encoded, PixelFrameGeometry g, string fragment)
        {
            var e = Assert.Throws<DicomFormatException>(() => _codec.Decode(encoded, g, new byte[g.FrameLength]));
            Assert.Contains(fragment, e.Message);
            return e;
        }

        private byte[] Decode(byte[] encoded, PixelFrameGeometry g)
        {
            var d = new byte[g.FrameLength];
            _codec.Decode(encoded, g, d);
            return d;
        }

        [Fact]
        public void AWellFormedFrameDecodes() =>
            Assert.Equal(new byte[] { 1, 2, 3, 3 }, Decode(Frame(new byte[] { 1, 1, 2, 0xFF, 3 }), Mono8));

        [Theory]
        [InlineData(128, true)] // one replicate run of 128 bytes (two bytes) fills the plane
        [InlineData(129, false)] // no two bytes decode to more than 128
        public void TheHeaderCheckRefusesSegmentsTooShortForThePlane_BeforeAnyBufferIsSized(int columns, bool fits)
        {
            var g = Geometry(1, columns, 1, 8, 0);
            var frame = Frame(new byte[] { 0x81, 7 });
            if (fits)
            {
                RleCodec.CheckFrameHeader(frame, g);
                Assert.All(Decode(frame, g), b => Assert.Equal(7, b));
                return;
            }
            var e = Assert.Throws<DicomFormatException>(() => RleCodec.CheckFrameHeader(frame, g));
            Assert.Contains("RLE segment 1 holds 2 bytes, which decode to 128 at most, fewer than the 129", e.Message);
            // The same header problems as Decode: a wrong segment count is refused by the check too.
            Assert.Throws<DicomFormatException>(() => RleCodec.CheckFrameHeader(frame, Geometry(1, 1, 1, 16, 0)));
        }

        [Fact]
        public void TheHeaderCheckPassesEveryRealFrame()
        {
            foreach (var name in new[] { "rtdose_rle.dcm", "SC_rgb_rle_2frame.dcm", "MR_small_RLE.dcm", "SC_rgb_rle_16bit_2frame.dcm", "SC_rgb_rle_32bit_2frame.dcm" })
            {
                var file = DicomFile.Open(PixelTestData.Shared(name));
                using var pixels = EncapsulatedPixelData.Open(file.Dataset);
                for (int f = 0; f < pixels.Geometry.NumberOfFrames; f++) RleCodec.CheckFrameHeader(pixels.ReadFrame(f), pixels.Geometry);
            }
        }

        [Theory]
        [InlineData(0)]
        [InlineData(1)]
        [InlineData(63)]
        public void AFrameShorterThanTheHeader(int length) =>
            Refused(new byte[length], Mono8, "shorter than its 64-byte header");

        [Theory]
        [InlineData(0u, "lists 0 segments")]
        [InlineData(16u, "lists 16 segments")]
        [InlineData(0xFFFFFFFFu, "lists 4294967295 segments")]
        [InlineData(2u, "need 1")]
        public void ASegmentCountWrongForTheGeometry(uint count, string fragment)
        {
            var frame = Frame(new byte[] { 3, 1, 2, 3, 4, 0 }, new byte[] { 3, 1, 2, 3, 4, 0 });
            BinaryPrimitives.WriteUInt32LittleEndian(frame, count);
            Refused(frame, Mono8, fragment);
        }

        [Fact]
        public void OneSegmentWhereSixteenBitsNeedTwo() =>
            Refused(Frame(new byte[] { 3, 1, 2, 3, 4, 0 }), Mono16, "need 2");

        [Theory]
        [InlineData(0u)]
        [InlineData(60u)]
        [InlineData(76u)]
        [InlineData(1000u)]
        public void AnOffsetInTheHeaderOrAtOrPastTheEnd(uint offset)
        {
            var frame = Frame(new byte[] { 3, 1, 2, 3, 4, 0 }, new byte[] { 3, 1, 2, 3, 4, 0 });
            BinaryPrimitives.WriteUInt32LittleEndian(frame.AsSpan(8), offset);
            Refused(frame, Mono16, "outside the data after the header");
        }

        [Theory]
        [InlineData(64u)]
        [InlineData(66u)]
        public void OffsetsThatDoNotIncrease(uint second)
        {
            var frame = Frame(new byte[] { 3, 1, 2, 3, 4, 0 }, new byte[] { 3, 1, 2, 3, 4, 0 });
            BinaryPrimitives.WriteUInt32LittleEndian(frame.AsSpan(4), 68);
            BinaryPrimitives.WriteUInt32LittleEndian(frame.AsSpan(8), second);
            Refused(frame, Mono16, "offsets must increase");
        }

        [Theory]
        [InlineData(new byte[] { 2, 1, 2, 3 })] // a literal of three for a plane of four
        [InlineData(new byte[] { 0xFF, 7 })] // a replicate run of two
        [InlineData(new byte[] { 0x80, 0x80, 0x80, 0x80 })] // no-ops only
        [InlineData(new byte[] { 0, 1, 0xFF, 2, 0x80 })] // three bytes, then a no-op
        public void ASegmentThatDecodesToFewerBytesThanAPlane(byte[] segment)
        {
            var e = Refused(Frame(segment), Mono8, "fewer than the 4 of a byte plane");
            Assert.Equal(DicomTag.PixelData, e.Tag);
        }

        [Theory]
        [InlineData(new byte[] { 0x7F, 1, 2 })] // a literal of 128 with 2 bytes
        [InlineData(new byte[] { 1, 1, 2, 5, 3 })] // a literal of 6 with 1 byte, the plane 2 short
        [InlineData(new byte[] { 3, 1, 2, 3 })] // the plane's last byte missing
        public void ALiteralRunCrossingTheEnd(byte[] segment) =>
            Refused(Frame(segment), Mono8, "ends inside a literal run");

        [Fact]
        public void AReplicateRunCrossingTheEnd() =>
            Refused(Frame(new byte[] { 1, 1, 2, 0xFF }), Mono8, "ends inside a replicate run");

        [Theory]
        [InlineData(new byte[] { 0x81, 9 }, new byte[] { 9, 9, 9, 9 })] // 128 bytes for a plane of 4: cut, as pydicom does
        [InlineData(new byte[] { 5, 1, 2, 3, 4, 5, 6 }, new byte[] { 1, 2, 3, 4 })]
        [InlineData(new byte[] { 3, 1, 2, 3, 4, 0 }, new byte[] { 1, 2, 3, 4 })] // the usual padding byte
        [InlineData(new byte[] { 3, 1, 2, 3, 4, 0x7F }, new byte[] { 1, 2, 3, 4 })] // padding that would be a literal of 128
        [InlineData(new byte[] { 0x80, 1, 1, 2, 0xFF, 3 }, new byte[] { 1, 2, 3, 3 })] // a no-op first
        public void ExtraBytesAfterAFullPlaneAreIgnored(byte[] segment, byte[] expected)
        {
            Assert.Equal(expected, Decode(Frame(segment), Mono8));
        }

        [Fact]
        public void GeometriesRleCannotHoldAreRefused()
        {
            var frame = Frame(new byte[] { 3, 1, 2, 3, 4, 0 });
            Refused(frame, new PixelFrameGeometry(2, 2, 1, 1, 1, 0, 0), "cannot hold");
            Refused(frame, new PixelFrameGeometry(2, 2, 3, 8, 8, 7, 0, 1, 0, "YBR_FULL_422"), "cannot hold");
            Refused(frame, Geometry(2, 2, 3, 64, 0), "at most 15 byte planes");
            Assert.Throws<NotSupportedException>(() => Encode(_codec, new byte[1], new PixelFrameGeometry(2, 2, 1, 1, 1, 0, 0)));
            Assert.Throws<NotSupportedException>(() => Encode(_codec, new byte[96], Geometry(2, 2, 3, 64, 0)));
        }

        [Fact]
        public void ADestinationOrFrameOfTheWrongSizeIsTheCallersError()
        {
            var frame = Frame(new byte[] { 3, 1, 2, 3, 4, 0 });
            Assert.Throws<ArgumentException>(() => _codec.Decode(frame, Mono8, new byte[3]));
            Assert.Throws<ArgumentException>(() => _codec.Decode(frame, Mono8, new byte[5]));
            Assert.Throws<ArgumentException>(() => Encode(_codec, new byte[3], Mono8));
        }

        [Fact]
        public void RandomlyDamagedFramesDecodeOrAreRefused()
        {
            // Every byte flipped, cut or repeated somewhere: the decoder must finish with a frame or DicomFormatException.
            var random = new Random(20261204);
            foreach (var (bits, samples) in new[] { (8, 1), (16, 1), (8, 3), (16, 3), (32, 1) })
            {
                var g = Geometry(5, 37, samples, bits, 0);
                var good = Encode(_codec, RleCodecTests.Frame(g, "runs", bits + samples), g);
                for (int round = 0; round < 400; round++)
                {
                    var bad = (byte[])good.Clone();
                    int changes = random.Next(1, 4);
                    for (int c = 0; c < changes; c++) bad[random.Next(bad.Length)] = (byte)random.Next(256);
                    if (round % 4 == 0) Array.Resize(ref bad, random.Next(bad.Length));
                    var destination = new byte[g.FrameLength];
                    try
                    {
                        _codec.Decode(bad, g, destination);
                    }
                    catch (DicomFormatException)
                    {
                        // Refused: fine. Any other exception fails the test.
                    }
                }
            }
        }
    }
}
