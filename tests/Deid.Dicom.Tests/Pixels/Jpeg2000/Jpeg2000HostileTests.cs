using System;
using System.Collections.Generic;
using Xunit;

namespace Deid.Dicom.Tests.Pixels.Jpeg2000
{
    /// <summary>
    /// Broken JPEG 2000 codestreams: bytes flipped anywhere (headers, packet headers, code-block data), streams cut short,
    /// marker lengths that lie. The decoder either decodes something or throws <see cref="DicomFormatException"/> — never
    /// another exception, which a batch would take for a bug and stop on — and always finishes.
    /// </summary>
    public sealed class Jpeg2000HostileTests
    {
        public static IEnumerable<object[]> Streams() => new[]
        {
            new object[] { "MR_small_jp2klossless.dcm" },
            new object[] { "GDCMJ2K_TextGBR.dcm" },
            new object[] { "SC_rgb_gdcm_KY.dcm" },
            new object[] { "JPEG2000.dcm" },
        };

        [Theory]
        [MemberData(nameof(Streams))]
        public void FlippedBytesAndCutStreams_DecodeOrFailAsDicomFormatException(string name)
        {
            string path = TestData.PathOf("pydicom", "test_files", name);
            var file = DicomFile.Open(path);
            using var encapsulated = EncapsulatedPixelData.Open(file.Dataset, path);
            var g = encapsulated.Geometry;
            byte[] original = encapsulated.ReadFrame(0);
            var geometry = new PixelFrameGeometry(g.Rows, g.Columns, g.SamplesPerPixel, g.BitsAllocated, g.BitsStored, g.HighBit, g.PixelRepresentation, 1, 0, g.PhotometricInterpretation);
            var destination = new byte[geometry.FrameLength];
            // The extremes go into the headers (the first 200 bytes).
            int refused = HostileRounds.Refused(original, bytes => Jpeg2000Codec.Instance.Decode(bytes, geometry, destination),
                new Random(name.Length * 7919), 150, 0, Math.Min(200, original.Length));
            Assert.True(refused > 0, "no broken stream was refused: the mutations did not reach the decoder");
        }
    }
}
