using System;
using System.Collections.Generic;
using System.Diagnostics;
using Xunit;

namespace Deid.Dicom.Tests.Pixels
{
    /// <summary>Broken JPEG frames give <see cref="DicomFormatException"/>, never another exception or a hang.</summary>
    public sealed class JpegHostileInputTests
    {
        // A baseline 4:4:4 YBR_FULL frame, a 12-bit extended frame and a lossless RGB frame.
        public static IEnumerable<object[]> Files() => new[]
        {
            new object[] { "SC_rgb_jpeg_dcmtk.dcm" },
            new object[] { "JPGExtended.dcm" },
            new object[] { "SC_rgb_jpeg_gdcm.dcm" },
            new object[] { "SC_rgb_dcmtk_+eb+cy+s2.dcm" },
        };

        private static (byte[] Frame, PixelFrameGeometry Geometry) FirstFrame(string name)
        {
            var file = DicomFile.Open(PixelTestData.Shared(name));
            using var pixels = EncapsulatedPixelData.Open(file.Dataset);
            return (pixels.ReadFrame(0), pixels.Geometry);
        }

        private static byte[] Destination(PixelFrameGeometry g) => new byte[JpegCodec.GetDecodedGeometry(g, TransferSyntax.JpegBaseline).FrameLength];

        /// <summary>Where EOI starts: fragments may be padded after it, so cuts are measured from here.</summary>
        private static int EndOfImage(byte[] frame)
        {
            for (int i = frame.Length - 2; i >= 0; i--)
            {
                if (frame[i] == 0xFF && frame[i + 1] == 0xD9) return i;
            }
            throw new InvalidOperationException("no EOI");
        }

        private static int FindMarker(byte[] frame, byte marker)
        {
            for (int i = 0; i + 1 < frame.Length; i++)
            {
                if (frame[i] == 0xFF && frame[i + 1] == marker) return i;
            }
            throw new InvalidOperationException($"no FF {marker:X2}");
        }

        [Theory]
        [MemberData(nameof(Files))]
        public void TheUntouchedFrameDecodes(string name)
        {
            var (frame, g) = FirstFrame(name);
            JpegCodec.Instance.Decode(frame, g, Destination(g));
        }

        [Theory]
        [MemberData(nameof(Files))]
        public void TruncatedFramesAreRefused(string name)
        {
            var (frame, g) = FirstFrame(name);
            int eoi = EndOfImage(frame);
            foreach (int cut in new[] { 0, 1, 2, 3, 10, eoi / 4, eoi / 2, 3 * eoi / 4, eoi - 1, eoi, eoi + 1 })
            {
                var e = Assert.Throws<DicomFormatException>(() => JpegCodec.Instance.Decode(frame.AsSpan(0, cut), g, Destination(g)));
                Assert.Contains("JPEG", e.Message);
            }
        }

        [Theory]
        [MemberData(nameof(Files))]
        public void CorruptHuffmanTablesAreRefused(string name)
        {
            var (frame, g) = FirstFrame(name);
            int dht = FindMarker(frame, 0xC4);
            // Code counts that overflow the code space.
            var counts = (byte[])frame.Clone();
            for (int i = dht + 5; i < dht + 5 + 16; i++) counts[i] = 0xFF;
            var e = Assert.Throws<DicomFormatException>(() => JpegCodec.Instance.Decode(counts, g, Destination(g)));
            Assert.Contains("Huffman", e.Message);
            // A table class and id that do not exist.
            var id = (byte[])frame.Clone();
            id[dht + 4] = 0x5F;
            Assert.Throws<DicomFormatException>(() => JpegCodec.Instance.Decode(id, g, Destination(g)));
            // A segment length past the end of the data.
            var length = (byte[])frame.Clone();
            length[dht + 2] = 0xFF;
            length[dht + 3] = 0xFF;
            Assert.Throws<DicomFormatException>(() => JpegCodec.Instance.Decode(length, g, Destination(g)));
        }

        [Theory]
        [MemberData(nameof(Files))]
        public void AFrameThatDisagreesWithTheHeaderIsRefused(string name)
        {
            var (frame, g) = FirstFrame(name);
            var rows = new PixelFrameGeometry(g.Rows + 1, g.Columns, g.SamplesPerPixel, g.BitsAllocated, g.BitsStored, g.HighBit, g.PixelRepresentation, 1, 0, g.PhotometricInterpretation);
            Assert.Contains("Rows", Assert.Throws<DicomFormatException>(() => JpegCodec.Instance.Decode(frame, rows, Destination(rows))).Message);
            var samples = new PixelFrameGeometry(g.Rows, g.Columns, g.SamplesPerPixel == 1 ? 3 : 1, g.BitsAllocated, g.BitsStored, g.HighBit, g.PixelRepresentation, 1, 0, g.SamplesPerPixel == 1 ? "RGB" : "MONOCHROME2");
            Assert.Contains("Samples per Pixel", Assert.Throws<DicomFormatException>(() => JpegCodec.Instance.Decode(frame, samples, Destination(samples))).Message);
            if (g.BitsAllocated == 16)
            {
                var narrow = new PixelFrameGeometry(g.Rows, g.Columns, g.SamplesPerPixel, 8, 8, 7, 0, 1, 0, g.PhotometricInterpretation);
                Assert.Contains("precision", Assert.Throws<DicomFormatException>(() => JpegCodec.Instance.Decode(frame, narrow, Destination(narrow))).Message);
            }
        }

        [Theory]
        [MemberData(nameof(Files))]
        public void RandomlyDamagedFramesDecodeOrGiveDicomFormatException(string name)
        {
            var (frame, g) = FirstFrame(name);
            var random = new Random(1234);
            var clock = Stopwatch.StartNew();
            for (int round = 0; round < 300; round++)
            {
                var damaged = (byte[])frame.Clone();
                int flips = 1 + random.Next(4);
                for (int k = 0; k < flips; k++) damaged[random.Next(damaged.Length)] = (byte)random.Next(256);
                try
                {
                    JpegCodec.Instance.Decode(damaged, g, Destination(g));
                }
                catch (DicomFormatException)
                {
                    // Refused with the one exception type bad input may give.
                }
            }
            // No damage may make decoding spin: 300 small frames take well under a second each.
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"{clock.Elapsed}");
        }
    }
}
