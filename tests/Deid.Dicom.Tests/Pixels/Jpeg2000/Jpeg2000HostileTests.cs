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
            var random = new Random(name.Length * 7919);
            int decoded = 0, refused = 0;
            for (int round = 0; round < 150; round++)
            {
                byte[] bytes;
                int kind = round % 3;
                if (kind == 0)
                {
                    // A few bytes flipped anywhere.
                    bytes = (byte[])original.Clone();
                    int flips = 1 + random.Next(8);
                    for (int i = 0; i < flips; i++) bytes[random.Next(bytes.Length)] ^= (byte)(1 + random.Next(255));
                }
                else if (kind == 1)
                {
                    // Cut short.
                    bytes = original.AsSpan(0, random.Next(2, original.Length)).ToArray();
                }
                else
                {
                    // A byte in the headers (the first 200) set to an extreme.
                    bytes = (byte[])original.Clone();
                    bytes[random.Next(Math.Min(200, bytes.Length))] = random.Next(2) == 0 ? (byte)0xFF : (byte)0x00;
                }
                try
                {
                    Jpeg2000Codec.Instance.Decode(bytes, geometry, destination);
                    decoded++;
                }
                catch (DicomFormatException)
                {
                    refused++;
                }
            }
            Assert.Equal(150, decoded + refused);
            Assert.True(refused > 0, "no broken stream was refused: the mutations did not reach the decoder");
        }
    }
}
