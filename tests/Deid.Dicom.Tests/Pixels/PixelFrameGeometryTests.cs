using System;
using Xunit;
using static Deid.Dicom.Tests.Pixels.PixelTestData;

namespace Deid.Dicom.Tests.Pixels
{
    public class PixelFrameGeometryTests
    {
        [Theory]
        // rows, columns, samples, bitsAllocated, bitsStored, highBit, pixelRepresentation, frames, planar, bytesPerSample, frameLength
        [InlineData(4, 5, 1, 8, 8, 7, 0, 1, 0, 1, 20)]
        [InlineData(4, 5, 1, 16, 12, 11, 1, 1, 0, 2, 40)]
        [InlineData(4, 5, 1, 32, 32, 31, 1, 1, 0, 4, 80)]
        [InlineData(4, 5, 3, 8, 8, 7, 0, 1, 0, 1, 60)]
        [InlineData(4, 5, 3, 8, 8, 7, 0, 1, 1, 1, 60)]
        [InlineData(4, 5, 3, 16, 16, 15, 0, 7, 1, 2, 120)]
        [InlineData(64, 64, 1, 16, 16, 15, 1, 1, 0, 2, 8192)]
        [InlineData(10, 10, 1, 32, 32, 31, 0, 15, 0, 4, 400)]
        [InlineData(3, 3, 3, 8, 8, 7, 0, 1, 0, 1, 27)]
        public void SizesAndOffsets(int rows, int columns, int samples, int allocated, int stored, int high, int representation, int frames, int planar, int bytesPerSample, long frameLength)
        {
            var g = new PixelFrameGeometry(rows, columns, samples, allocated, stored, high, representation, frames, planar, samples == 3 ? "RGB" : "MONOCHROME2");
            Assert.Equal(bytesPerSample, g.BytesPerSample);
            Assert.Equal(frameLength, g.FrameLength);
            Assert.Equal(frameLength * frames, g.TotalLength);
            Assert.Equal(representation == 1, g.IsSigned);
            Assert.Equal(planar, g.PlanarConfiguration);
            Assert.True(g.AreFramesByteAligned);
            for (int f = 0; f < frames; f++) Assert.Equal(f * frameLength, g.GetFrameOffset(f));
            Assert.Throws<ArgumentOutOfRangeException>(() => g.GetFrameOffset(frames));
            Assert.Throws<ArgumentOutOfRangeException>(() => g.GetFrameOffset(-1));
        }

        [Fact]
        public void OneBitFramesArePackedAndOnlyByteAlignedOnesAreAddressed()
        {
            var aligned = new PixelFrameGeometry(512, 512, 1, 1, 1, 0, 0, 3);
            Assert.Equal(0, aligned.BytesPerSample);
            Assert.Equal(32768, aligned.FrameLength);
            Assert.Equal(2 * 32768, aligned.GetFrameOffset(2));

            // 3 x 3 = 9 bits a frame: frame 1 starts at bit 1 of byte 1 (PS3.5 §8.1.1: no padding between frames).
            var packed = new PixelFrameGeometry(3, 3, 1, 1, 1, 0, 0, 2);
            Assert.False(packed.AreFramesByteAligned);
            Assert.Equal(9, packed.FrameBitLength);
            Assert.Equal(2, packed.FrameLength);
            Assert.Equal(3, packed.TotalLength); // 18 bits, not 2 x 2 bytes
            Assert.Equal(0, packed.GetFrameOffset(0));
            Assert.Throws<NotSupportedException>(() => packed.GetFrameOffset(1));
        }

        [Fact]
        public void NativeYbrFull422StoresTwoSamplesAPixel()
        {
            var g = new PixelFrameGeometry(100, 100, 3, 8, 8, 7, 0, 2, 0, "YBR_FULL_422");
            Assert.Equal(20000, g.FrameLength);
            Assert.Equal(20000, g.GetFrameOffset(1));
            Assert.Equal(30000, new PixelFrameGeometry(100, 100, 3, 8, 8, 7, 0, 2, 0, "YBR_FULL").FrameLength);
            var file = DicomFile.Open(Shared("SC_ybr_full_422_uncompressed.dcm"));
            using var pixels = NativePixelData.Open(file.Dataset);
            Assert.Equal(pixels.Length, pixels.Geometry.TotalLength);
        }

        [Fact]
        public void FromDatasetReadsEveryAttribute()
        {
            var ds = Image(new PixelFrameGeometry(7, 9, 3, 16, 12, 11, 1, 4, 1, "YBR_FULL"));
            var g = PixelFrameGeometry.FromDataset(ds);
            Assert.Equal((7, 9, 3, 16, 12, 11, 1, 4, 1, "YBR_FULL"),
                (g.Rows, g.Columns, g.SamplesPerPixel, g.BitsAllocated, g.BitsStored, g.HighBit, g.PixelRepresentation, g.NumberOfFrames, g.PlanarConfiguration, g.PhotometricInterpretation));
        }

        [Theory]
        [InlineData(null)]
        [InlineData("")]
        [InlineData(" ")]
        public void AbsentOrEmptyNumberOfFramesIsOne(string? value)
        {
            var ds = Image(new PixelFrameGeometry(2, 2, 1, 8, 8, 7, 0, 5));
            if (value == null) ds.Remove(NumberOfFrames); else ds.SetString(NumberOfFrames, DicomVR.IS, value);
            Assert.Equal(1, PixelFrameGeometry.FromDataset(ds).NumberOfFrames);
        }

        [Fact]
        public void NumberOfFramesWithSpacesIsRead()
        {
            var ds = Image(new PixelFrameGeometry(2, 2, 1, 8, 8, 7, 0, 1));
            ds.SetString(NumberOfFrames, DicomVR.IS, " 12 ");
            Assert.Equal(12, PixelFrameGeometry.FromDataset(ds).NumberOfFrames);
        }

        public static TheoryData<string, string> MissingAttributes() => new TheoryData<string, string>
        {
            { "00280010", "Rows" }, { "00280011", "Columns" }, { "00280002", "Samples per Pixel" }, { "00280100", "Bits Allocated" },
            { "00280101", "Bits Stored" }, { "00280102", "High Bit" }, { "00280103", "Pixel Representation" },
            { "00280004", "Photometric Interpretation" }, { "00280006", "Planar Configuration" },
        };

        [Theory]
        [MemberData(nameof(MissingAttributes))]
        public void AMissingAttributeIsNamed(string tagHex, string name)
        {
            var tag = new DicomTag(Convert.ToUInt32(tagHex, 16));
            var ds = Image(new PixelFrameGeometry(2, 2, 3, 8, 8, 7, 0, 1, 0, "RGB"));
            Assert.True(ds.Remove(tag));
            var e = Assert.Throws<DicomFormatException>(() => PixelFrameGeometry.FromDataset(ds, "img.dcm"));
            Assert.Equal(tag, e.Tag);
            Assert.Contains(name, e.Message);
            Assert.Contains("missing", e.Message);
            Assert.StartsWith("img.dcm", e.Message);
        }

        [Fact]
        public void PlanarConfigurationIsNotRequiredForOneSample()
        {
            var ds = Image(new PixelFrameGeometry(2, 2, 1, 8, 8, 7, 0));
            ds.Remove(PlanarConfiguration);
            Assert.Equal(0, PixelFrameGeometry.FromDataset(ds).PlanarConfiguration);
        }

        [Theory]
        [InlineData("00280010", 0.0, "Rows")]
        [InlineData("00280011", 0.0, "Columns")]
        [InlineData("00280002", 2.5, "Samples per Pixel")]
        [InlineData("00280002", 5.0, "Samples per Pixel")]
        [InlineData("00280100", 12.0, "Bits Allocated")]
        [InlineData("00280100", 0.0, "Bits Allocated")]
        [InlineData("00280101", 0.0, "Bits Stored")]
        [InlineData("00280101", 17.0, "Bits Stored")]
        [InlineData("00280102", 16.0, "High Bit")]
        [InlineData("00280102", 10.0, "High Bit")]
        [InlineData("00280103", 2.0, "Pixel Representation")]
        [InlineData("00280006", 2.0, "Planar Configuration")]
        public void AnInvalidAttributeIsNamed(string tagHex, double value, string name)
        {
            var tag = new DicomTag(Convert.ToUInt32(tagHex, 16));
            var ds = Image(new PixelFrameGeometry(2, 2, 3, 16, 12, 11, 0, 1, 0, "RGB"));
            ds.SetNumbers(tag, tag == new DicomTag(0x00280002) && value % 1 != 0 ? DicomVR.FL : DicomVR.US, value);
            var e = Assert.Throws<DicomFormatException>(() => PixelFrameGeometry.FromDataset(ds));
            Assert.Equal(tag, e.Tag);
            Assert.Contains(name, e.Reason);
        }

        [Theory]
        [InlineData("abc")]
        [InlineData("0")]
        [InlineData("-2")]
        [InlineData("1.5")]
        public void AnInvalidNumberOfFramesIsNamed(string value)
        {
            var ds = Image(new PixelFrameGeometry(2, 2, 1, 8, 8, 7, 0));
            ds.SetString(NumberOfFrames, DicomVR.IS, value);
            var e = Assert.Throws<DicomFormatException>(() => PixelFrameGeometry.FromDataset(ds));
            Assert.Equal(NumberOfFrames, e.Tag);
            Assert.Contains("Number of Frames", e.Reason);
        }

        [Fact]
        public void AnEmptyRequiredAttributeIsNamed()
        {
            var ds = Image(new PixelFrameGeometry(2, 2, 1, 8, 8, 7, 0));
            ds.SetEmpty(Rows, DicomVR.US);
            var e = Assert.Throws<DicomFormatException>(() => PixelFrameGeometry.FromDataset(ds));
            Assert.Equal(Rows, e.Tag);
            Assert.Contains("empty", e.Reason);
        }

        [Fact]
        public void ShortPixelDataIsRefused()
        {
            var g = new PixelFrameGeometry(4, 4, 1, 16, 16, 15, 0, 3);
            var ds = Image(g);
            ds.SetRawValue(DicomTag.PixelData, DicomVR.OW, new byte[g.TotalLength - 2]);
            var e = Assert.Throws<DicomFormatException>(() => NativePixelData.Open(ds, "short.dcm"));
            Assert.Equal(DicomTag.PixelData, e.Tag);
            Assert.Contains("94 bytes", e.Reason);
            Assert.Contains("96", e.Reason);

            ds.SetRawValue(DicomTag.PixelData, DicomVR.OW, new byte[g.TotalLength + 4]); // longer is accepted
            using var ok = NativePixelData.Open(ds);
            Assert.Equal(g.TotalLength + 4, ok.Length);
        }

        [Fact]
        public void MissingPixelDataIsNamed()
        {
            var ds = Image(new PixelFrameGeometry(2, 2, 1, 8, 8, 7, 0));
            Assert.Equal(DicomTag.PixelData, Assert.Throws<DicomFormatException>(() => NativePixelData.Open(ds)).Tag);
        }

        [Theory]
        [InlineData("MR_small.dcm", 64, 64, 1, 16, 1, 1, 8192)]
        [InlineData("rtdose.dcm", 10, 10, 1, 32, 0, 15, 400)]
        [InlineData("SC_rgb_small_odd.dcm", 3, 3, 3, 8, 0, 1, 27)]
        [InlineData("liver_1frame.dcm", 512, 512, 1, 1, 0, 1, 32768)]
        [InlineData("SC_rgb_rle_2frame.dcm", 100, 100, 3, 8, 0, 2, 30000)]
        public void SharedFiles(string name, int rows, int columns, int samples, int allocated, int representation, int frames, long frameLength)
        {
            var g = PixelFrameGeometry.FromDataset(DicomFile.Open(Shared(name)).Dataset);
            Assert.Equal((rows, columns, samples, allocated, representation, frames, frameLength),
                (g.Rows, g.Columns, g.SamplesPerPixel, g.BitsAllocated, g.PixelRepresentation, g.NumberOfFrames, g.FrameLength));
        }
    }
}
