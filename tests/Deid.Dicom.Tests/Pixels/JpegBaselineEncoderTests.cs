using System;
using System.Buffers;
using Xunit;

namespace Deid.Dicom.Tests.Pixels
{
    /// <summary>
    /// JpegBaselineEncoder: 8-bit greyscale frames of any size become Baseline codestreams with no application segment, which
    /// our decoder reads back close to the original (exactly, for a flat frame); other geometries are refused, and the codec
    /// registry's JPEG codec still encodes nothing.
    /// </summary>
    public sealed class JpegBaselineEncoderTests
    {
        private static byte[] Encode(byte[] frame, PixelFrameGeometry g)
        {
            var output = new ArrayBufferWriter<byte>();
            JpegBaselineEncoder.Encode(frame, g, output);
            return output.WrittenSpan.ToArray();
        }

        private static byte[] Decode(byte[] codestream, PixelFrameGeometry g)
        {
            var decoded = new byte[g.FrameLength];
            JpegCodec.Instance.Decode(codestream, g, decoded);
            return decoded;
        }

        [Theory]
        [InlineData(8, 8)]
        [InlineData(9, 13)]
        [InlineData(1, 1)]
        [InlineData(31, 200)]
        public void AFlatFrameOfAnySizeComesBackExactly(int rows, int columns)
        {
            var g = new PixelFrameGeometry(rows, columns, 1, 8, 8, 7, 0);
            var frame = new byte[rows * columns];
            Array.Fill(frame, (byte)77);
            byte[] codestream = Encode(frame, g);
            Assert.Equal(new byte[] { 0xFF, 0xD8 }, codestream[..2]);
            Assert.Equal(new byte[] { 0xFF, 0xD9 }, codestream[^2..]);
            Assert.Equal(frame, Decode(codestream, g));
        }

        [Fact]
        public void AGradientComesBackClose_AndHasNoApplicationSegment()
        {
            var g = new PixelFrameGeometry(40, 52, 1, 8, 8, 7, 0);
            var frame = new byte[40 * 52];
            for (int y = 0; y < 40; y++)
                for (int x = 0; x < 52; x++) frame[y * 52 + x] = (byte)(x * 4 + y);
            byte[] codestream = Encode(frame, g);
            byte[] decoded = Decode(codestream, g);
            int worst = 0;
            for (int i = 0; i < frame.Length; i++) worst = Math.Max(worst, Math.Abs(frame[i] - decoded[i]));
            Assert.True(worst <= 8, $"largest difference {worst}");
            // SOI, then straight to the tables: no APPn (JFIF, Adobe) or COM segment for a reader to find text in.
            for (int i = 0; i + 1 < codestream.Length; i++)
            {
                if (codestream[i] != 0xFF) continue;
                byte marker = codestream[i + 1];
                Assert.False(marker >= 0xE0 && marker <= 0xEF, $"APP{marker - 0xE0} at {i}");
                Assert.NotEqual(0xFE, marker);
                if (marker == 0xDA) break;
            }
        }

        [Theory]
        [InlineData(1, 16, 12, 0)]
        [InlineData(3, 8, 8, 0)]
        [InlineData(1, 8, 8, 1)]
        [InlineData(1, 8, 7, 0)]
        public void OtherGeometriesAreRefused(int samples, int allocated, int stored, int representation)
        {
            var g = new PixelFrameGeometry(8, 8, samples, allocated, stored, stored - 1, representation, 1, 0, samples == 3 ? "RGB" : "MONOCHROME2");
            Assert.Throws<NotSupportedException>(() => JpegBaselineEncoder.Encode(new byte[g.FrameLength], g, new ArrayBufferWriter<byte>()));
        }

        [Fact]
        public void AShortFrameAndABadQualityAreRefused()
        {
            var g = new PixelFrameGeometry(8, 8, 1, 8, 8, 7, 0);
            Assert.Throws<ArgumentException>(() => JpegBaselineEncoder.Encode(new byte[63], g, new ArrayBufferWriter<byte>()));
            Assert.Throws<ArgumentOutOfRangeException>(() => JpegBaselineEncoder.Encode(new byte[64], g, new ArrayBufferWriter<byte>(), quality: 0));
        }

        [Fact]
        public void TheRegisteredJpegCodecStillEncodesNothing() =>
            Assert.Throws<NotSupportedException>(() => PixelCodecRegistry.Default.GetEncoder(TransferSyntax.JpegBaseline)
                .Encode(new byte[64], new PixelFrameGeometry(8, 8, 1, 8, 8, 7, 0), new ArrayBufferWriter<byte>()));
    }
}
