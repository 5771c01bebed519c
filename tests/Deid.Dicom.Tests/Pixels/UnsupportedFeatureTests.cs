using System;
using System.Linq;
using Xunit;

namespace Deid.Dicom.Tests.Pixels
{
    /// <summary>
    /// A codestream that uses what a decoder does not implement is refused as <see cref="DicomFormatException.IsUnsupported"/>
    /// (the cmdlets then recommend decompressing it with another tool), and one that is broken is not (they recommend
    /// checking the file). Each case takes a real stream from the corpus and changes the one header field that asks for the
    /// feature, so the refusal is the decoder's answer to that field alone.
    /// </summary>
    public sealed class UnsupportedFeatureTests
    {
        [Fact]
        public void TheFlagIsSetByItsFactoryAndKeptByAWrapper()
        {
            var plain = new DicomFormatException("a.dcm", 10, DicomTag.PixelData, "broken");
            var refused = DicomFormatException.Unsupported(null, 3, DicomTag.PixelData, "uses a feature");
            Assert.False(plain.IsUnsupported);
            Assert.True(refused.IsUnsupported);
            Assert.Equal("<stream> at offset 3 (tag (7FE0,0010)): uses a feature", refused.Message);
            Assert.True(new DicomFormatException("a.dcm", -1, DicomTag.PixelData, refused.Reason, refused).IsUnsupported);
            Assert.False(new DicomFormatException("a.dcm", -1, DicomTag.PixelData, plain.Reason, plain).IsUnsupported);
            Assert.False(new DicomFormatException("a.dcm", -1, null, "io", new InvalidOperationException()).IsUnsupported);
        }

        private static (byte[] Frame, PixelFrameGeometry Geometry) FirstFrame(string name)
        {
            string path = TestData.PathOf("pydicom", "test_files", name);
            var file = DicomFile.Open(path);
            using var pixels = EncapsulatedPixelData.Open(file.Dataset, path);
            var g = pixels.Geometry;
            var geometry = new PixelFrameGeometry(g.Rows, g.Columns, g.SamplesPerPixel, g.BitsAllocated, g.BitsStored, g.HighBit, g.PixelRepresentation, 1, g.PlanarConfiguration, g.PhotometricInterpretation);
            return (pixels.ReadFrame(0), geometry);
        }

        private static int Marker(byte[] stream, byte second, int from = 0)
        {
            for (int i = from; i + 1 < stream.Length; i++)
            {
                if (stream[i] == 0xFF && stream[i + 1] == second) return i;
            }
            throw new InvalidOperationException($"no marker FF{second:X2} in the stream");
        }

        private static DicomFormatException Decode(IPixelCodec codec, byte[] stream, PixelFrameGeometry geometry) =>
            Assert.Throws<DicomFormatException>(() => codec.Decode(stream, geometry, new byte[geometry.FrameLength]));

        [Fact]
        public void Jpeg2000_MixedHighThroughputAndPart2AreUnsupported_ACutStreamIsNot()
        {
            var (frame, geometry) = FirstFrame("MR_small_jp2klossless.dcm");
            Assert.Equal(0x4F, frame[1]);

            // Mixed HTJ2K: the code-block style's bits 6 and 7 in COD (marker, Lcod, Scod, SGcod 4, levels, xcb, ycb, style).
            byte[] ht = (byte[])frame.Clone();
            ht[Marker(ht, 0x52) + 12] |= 0xC0;
            var e = Decode(Jpeg2000Codec.Instance, ht, geometry);
            Assert.True(e.IsUnsupported, e.Message);
            Assert.Contains("HTJ2K MIXED", e.Message, StringComparison.Ordinal);

            // A capabilities marker asking for Part 2 (CAP, Pcap bit 2) right after SIZ; Part 15 alone is decoded.
            int siz = Marker(frame, 0x51);
            int afterSiz = siz + 2 + ((frame[siz + 2] << 8) | frame[siz + 3]);
            byte[] cap = frame.Take(afterSiz).Concat(new byte[] { 0xFF, 0x50, 0x00, 0x08, 0x40, 0, 0, 0, 0, 0 }).Concat(frame.Skip(afterSiz)).ToArray();
            e = Decode(Jpeg2000Codec.Instance, cap, geometry);
            Assert.True(e.IsUnsupported, e.Message);
            Assert.Contains("CAP", e.Message, StringComparison.Ordinal);
            byte[] part15 = frame.Take(afterSiz).Concat(new byte[] { 0xFF, 0x50, 0x00, 0x08, 0, 0x02, 0, 0, 0, 0 }).Concat(frame.Skip(afterSiz)).ToArray();
            var decoded = new byte[geometry.FrameLength];
            var plain = new byte[geometry.FrameLength];
            Jpeg2000Codec.Instance.Decode(part15, geometry, decoded);
            Jpeg2000Codec.Instance.Decode(frame, geometry, plain);
            Assert.Equal(plain, decoded);

            // The main header cut in the middle of COD: broken, not unsupported.
            e = Decode(Jpeg2000Codec.Instance, frame.Take(Marker(frame, 0x52) + 6).ToArray(), geometry);
            Assert.False(e.IsUnsupported, e.Message);
        }

        [Fact]
        public void JpegLs_APointTransformIsUnsupported_ABadMarkerIsNot()
        {
            var (frame, geometry) = FirstFrame("MR_small_jpeg_ls_lossless.dcm");
            int sos = Marker(frame, 0xDA);
            int length = (frame[sos + 2] << 8) | frame[sos + 3];

            // The point transform is the last byte of the scan header.
            byte[] shifted = (byte[])frame.Clone();
            shifted[sos + 2 + length - 1] = 1;
            var e = Decode(JpegLsCodec.Instance, shifted, geometry);
            Assert.True(e.IsUnsupported, e.Message);
            Assert.Contains("point transform", e.Message, StringComparison.Ordinal);

            // No SOI: broken.
            byte[] noStart = (byte[])frame.Clone();
            noStart[1] = 0x00;
            e = Decode(JpegLsCodec.Instance, noStart, geometry);
            Assert.False(e.IsUnsupported, e.Message);
        }

        [Fact]
        public void LosslessJpeg_SubsampledComponentsAreUnsupported_ACutStreamIsNot()
        {
            var (frame, geometry) = FirstFrame("SC_rgb_jpeg_gdcm.dcm");
            int sof = Marker(frame, 0xC3);
            // SOF3: marker, Lf, P, Y, X, Nf, then Ci, HiVi, Tqi per component: the first component sampled 2×1.
            byte[] subsampled = (byte[])frame.Clone();
            subsampled[sof + 11] = 0x21;
            var e = Decode(JpegCodec.Instance, subsampled, geometry);
            Assert.True(e.IsUnsupported, e.Message);
            Assert.Contains("sampling factors 2×1 is not supported", e.Message, StringComparison.Ordinal);

            e = Decode(JpegCodec.Instance, frame.Take(frame.Length / 2).ToArray(), geometry);
            Assert.False(e.IsUnsupported, e.Message);
            Assert.Contains("is broken", e.Message, StringComparison.Ordinal);
        }
    }
}
