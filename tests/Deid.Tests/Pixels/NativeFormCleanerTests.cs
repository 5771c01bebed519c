using System;
using System.IO;
using Deid.Dicom;
using Deid.Pixels;
using Xunit;

namespace Deid.Tests.Pixels
{
    /// <summary>
    /// The two native forms that need more than zeroing samples in place, checked pixel by pixel. Bits Allocated 1 stays packed:
    /// the rectangle's bits are 0, every other bit (padding after the last pixel included) is the source's. Native YBR_FULL_422
    /// becomes RGB, as a 4:2:2 JPEG does: the rectangle is 0,0,0 (black), and "bit-identical" elsewhere means every other pixel
    /// is the RGB conversion of its own luminance with its pair's chrominance — pydicom's conversion, which deid cleans in
    /// (its exactness over all inputs is <see cref="CleanedPixelParityTests.YbrFullToRgb_EqualsPydicomsConversion_ForEveryInput"/>).
    /// </summary>
    public sealed class NativeFormCleanerTests : IDisposable
    {
        private readonly string _dir = Path.Combine(Path.GetTempPath(), "deid-forms-" + Guid.NewGuid().ToString("N").Substring(0, 12));

        public NativeFormCleanerTests() => Directory.CreateDirectory(_dir);

        public void Dispose() => Directory.Delete(_dir, true);

        [Theory]
        [InlineData("liver_1frame.dcm")]
        [InlineData("liver_expb_1frame.dcm")]
        public void OneBit_RectangleBitsCleared_RestBitIdentical_StillPacked(string name)
        {
            string input = TestPaths.Data("pydicom", "test_files", name);
            if (!File.Exists(input)) return; // ../shared is not there
            var region = PixelRegion.Rectangle(150, 180, 380, 300);
            string output = CleanAndSave(input, region, PixelCompression.None);
            var before = DicomFile.Open(input);
            var after = DicomFile.Open(output);
            Assert.Equal(before.TransferSyntax, after.TransferSyntax);
            using var a = NativePixelData.Open(before.Dataset);
            using var b = NativePixelData.Open(after.Dataset);
            Assert.Equal(1, b.Geometry.BitsAllocated);
            Assert.Equal(a.Length, b.Length);
            var original = a.ReadFrame(0);
            var cleaned = b.ReadFrame(0);
            int cleared = 0;
            for (int y = 0; y < a.Geometry.Rows; y++)
            {
                for (int x = 0; x < a.Geometry.Columns; x++)
                {
                    int p = (y * a.Geometry.Columns) + x;
                    int was = (original[p >> 3] >> (p & 7)) & 1, now = (cleaned[p >> 3] >> (p & 7)) & 1;
                    bool inside = x >= 150 && x < 380 && y >= 180 && y < 300;
                    Assert.Equal(inside ? 0 : was, now);
                    if (inside && was == 1) cleared++;
                }
            }
            Assert.True(cleared > 1000, $"only {cleared} set bits inside the rectangle: the test would not see a failure");
        }

        [Fact]
        public void OneBit_FrameNotEndingOnAByte_PaddingBitsKept()
        {
            // 5 × 3 = 15 bits: the 16th bit of the value is padding and must survive.
            var file = Image(TransferSyntax.ExplicitVRLittleEndian, 3, 5, 1, 1, "MONOCHROME2", new byte[] { 0xFF, 0xFF });
            PixelCleaner.Clean(file, new[] { PixelRegion.Rectangle(0, 0, 2, 2) }, PixelCompression.None, out var spool);
            using (spool)
            {
                using var pixels = NativePixelData.Open(file.Dataset);
                // Pixels 0, 1 (row 0) and 5, 6 (row 1) cleared: 1111 1111 1001 1100 read from the first bit.
                Assert.Equal(new byte[] { 0b1001_1100, 0b1111_1111 }, pixels.ReadFrame(0));
            }
        }

        [Fact]
        public void OneBit_AsRle_IsRefusedNamingTheReason()
        {
            var file = Image(TransferSyntax.ExplicitVRLittleEndian, 8, 8, 1, 1, "MONOCHROME2", new byte[8]);
            var e = Assert.Throws<DicomFormatException>(() => PixelCleaner.Clean(file, new[] { PixelRegion.All() }, PixelCompression.Rle, out _));
            Assert.Contains("1-bit pixel data can be cleaned only uncompressed", e.Message, StringComparison.Ordinal);
        }

        [Theory]
        [InlineData(PixelCompression.None)]
        [InlineData(PixelCompression.Rle)]
        public void Ybr422_RealFile_BecomesRgb_RectangleBlack_RestTheConversionOfItsPair(PixelCompression compression)
        {
            string input = TestPaths.Data("pydicom", "test_files", "SC_ybr_full_422_uncompressed.dcm");
            if (!File.Exists(input)) return;
            var region = PixelRegion.Rectangle(10, 20, 60, 45);
            string output = CleanAndSave(input, region, compression);
            var before = DicomFile.Open(input);
            var after = DicomFile.Open(output);
            Assert.Equal("RGB", after.Dataset.GetString(DicomTags.PhotometricInterpretation));
            Assert.Equal(0, after.Dataset.GetNumbers(DicomTags.PlanarConfiguration)![0]);
            Assert.Equal(compression == PixelCompression.Rle ? TransferSyntax.RleLossless : before.TransferSyntax, after.TransferSyntax);
            using var source = NativePixelData.Open(before.Dataset);
            var g = source.Geometry;
            var stored = source.ReadFrame(0);
            var rgb = ReadFirstFrame(after);
            Assert.Equal(g.Rows * g.Columns * 3, rgb.Length);
            var expected = new byte[3];
            for (int p = 0; p < g.Rows * g.Columns; p++)
            {
                int x = p % g.Columns, y = p / g.Columns, pair = p / 2;
                byte luma = stored[(4 * pair) + (p % 2)], cb = stored[(4 * pair) + 2], cr = stored[(4 * pair) + 3];
                bool inside = x >= 10 && x < 60 && y >= 20 && y < 45;
                NativeYbr422.Convert(luma, cb, cr, expected);
                if (inside) expected.AsSpan().Clear();
                Assert.True(expected.AsSpan().SequenceEqual(rgb.AsSpan(3 * p, 3)), $"pixel ({x},{y})");
                // Independent of the converter: neutral chrominance is grey, R = G = B = Y.
                if (!inside && cb == 128 && cr == 128) Assert.Equal(new[] { luma, luma, luma }, rgb.AsSpan(3 * p, 3).ToArray());
            }
        }

        [Fact]
        public void Ybr422_ImplicitVR_KeepsItsTransferSyntax()
        {
            // Two pairs: (Y 10, 20; Cb 128, Cr 128) grey and (Y 200, 210; Cb 90, Cr 160).
            var file = Image(TransferSyntax.ImplicitVRLittleEndian, 1, 4, 3, 8, "YBR_FULL_422", new byte[] { 10, 20, 128, 128, 200, 210, 90, 160 });
            PixelCleaner.Clean(file, new[] { PixelRegion.Rectangle(1, 0, 2, 1) }, PixelCompression.None, out var spool);
            using (spool)
            {
                Assert.Equal(TransferSyntax.ImplicitVRLittleEndian, file.TransferSyntax);
                Assert.Equal("RGB", file.Dataset.GetString(DicomTags.PhotometricInterpretation));
                using var pixels = NativePixelData.Open(file.Dataset);
                var rgb = pixels.ReadFrame(0);
                var third = new byte[3];
                var fourth = new byte[3];
                NativeYbr422.Convert(200, 90, 160, third);
                NativeYbr422.Convert(210, 90, 160, fourth);
                Assert.Equal(new byte[] { 10, 10, 10, 0, 0, 0, third[0], third[1], third[2], fourth[0], fourth[1], fourth[2] }, rgb);
                // R = Y + 1.402 (Cr - 128), B = Y + 1.772 (Cb - 128), rounded: the conversion is the standard one.
                Assert.Equal(new byte[] { 245, 190, 133 }, third);
            }
        }

        [Theory]
        [InlineData(16, 2, "with 16 bits allocated is not supported")]
        [InlineData(8, 3, "odd number of pixels")]
        public void Ybr422_UnsupportedForms_AreRefusedNamingWhy(int bits, int columns, string why)
        {
            var file = Image(TransferSyntax.ExplicitVRLittleEndian, 1, columns, 3, bits, "YBR_FULL_422", new byte[columns * bits / 4 + 2]);
            var e = Assert.Throws<DicomFormatException>(() => PixelCleaner.Clean(file, new[] { PixelRegion.All() }, PixelCompression.None, out _));
            Assert.Contains(why, e.Message, StringComparison.Ordinal);
            Assert.Contains("file not cleaned", e.Message, StringComparison.Ordinal);
        }

        /// <summary>
        /// RLE colour whose dataset says Planar Configuration 1 (dcmcrle and gdcmconv keep it) decodes by plane, as dcmtk reads
        /// it. The cleaner took the decoded frame for interleaved: it blanked the first third of the bytes and wrote the planes
        /// labelled 0, every pixel scrambled and the text legible (multi-frame QA F3). Now the region is blanked in each plane,
        /// the rest is the source's, and the label says how the bytes lie, written plain or as RLE again.
        /// </summary>
        [Theory]
        [InlineData(PixelCompression.None)]
        [InlineData(PixelCompression.Rle)]
        public void RleColourByPlane_IsCleanedPlaneByPlane(PixelCompression compression)
        {
            const int rows = 3, columns = 4, plane = rows * columns;
            var planes = new byte[3 * plane];
            for (int i = 0; i < planes.Length; i++) planes[i] = (byte)(10 + i);
            var native = Image(TransferSyntax.ExplicitVRLittleEndian, rows, columns, 3, 8, "RGB", planes);
            native.Dataset.SetNumbers(DicomTags.PlanarConfiguration, DicomVR.US, 1);
            // RLE made by our encoder (segments are by plane whatever the label), then labelled 1 as dcmcrle leaves it.
            PixelCleaner.Clean(native, new[] { PixelRegion.Rectangle(0, 0, 0, 0), PixelRegion.Rectangle(3, 2, 4, 3) }, PixelCompression.Rle, out var first);
            string rle = Path.Combine(_dir, "rle-planar.dcm");
            using (first) native.Save(rle);
            var input = DicomFile.Open(rle);
            Assert.Equal(TransferSyntax.RleLossless, input.TransferSyntax);
            input.Dataset.SetNumbers(DicomTags.PlanarConfiguration, DicomVR.US, 1);
            string labelled = Path.Combine(_dir, "rle-planar-1.dcm");
            input.Save(labelled);

            var after = DicomFile.Open(CleanAndSave(labelled, PixelRegion.Rectangle(1, 0, 3, 1), compression));
            Assert.Equal(1, after.Dataset.GetNumbers(DicomTags.PlanarConfiguration)![0]);
            var cleaned = ReadFirstFrame(after);
            for (int s = 0; s < 3; s++)
            {
                for (int p = 0; p < plane; p++)
                {
                    int x = p % columns, y = p / columns;
                    bool blanked = (y == 0 && x >= 1 && x < 3) || (y == 2 && x == 3);
                    Assert.True((blanked ? 0 : planes[s * plane + p]) == cleaned[s * plane + p], $"sample {s}, pixel ({x},{y}): {cleaned[s * plane + p]}");
                }
            }
        }

        [Fact]
        public void AFrameTooLargeForAnArray_IsRefusedAsTheFilesProblem()
        {
            // QA, huge files F6: 32768 × 32768 16-bit is 2 GiB a frame: "Arithmetic operation resulted in an overflow", no file named.
            var file = Image(TransferSyntax.ExplicitVRLittleEndian, 32768, 32768, 1, 16, "MONOCHROME2", new byte[4]);
            var e = Assert.Throws<DicomFormatException>(() => PixelCleaner.Clean(file, new[] { PixelRegion.Rectangle(0, 0, 10, 10) }, PixelCompression.None, out _));
            Assert.Contains("too large to clean", e.Message, StringComparison.Ordinal);
        }

        private string CleanAndSave(string input, PixelRegion region, PixelCompression compression)
        {
            var file = DicomFile.Open(input);
            PixelCleaner.Clean(file, new[] { region }, compression, out var spool);
            string output = Path.Combine(_dir, Guid.NewGuid().ToString("N") + ".dcm");
            using (spool) file.Save(output);
            return output;
        }

        private static byte[] ReadFirstFrame(DicomFile file)
        {
            var g = PixelFrameGeometry.FromDataset(file.Dataset);
            if (file.TransferSyntax != TransferSyntax.RleLossless)
            {
                using var native = NativePixelData.Open(file.Dataset);
                return native.ReadFrame(0);
            }
            using var rle = EncapsulatedPixelData.Open(file.Dataset);
            var frame = new byte[g.FrameLength];
            rle.DecodeFrame(0, PixelCodecRegistry.Default.GetDecoder(TransferSyntax.RleLossless), frame);
            return frame;
        }

        /// <summary>
        /// Fuzz seed 17, case 1817: a Pixel Data VR byte flipped to OL made the cleaner throw ArgumentException, which the cmdlets
        /// treat as a bug (a terminating error). A VR native pixel data cannot have is the file's problem: a DicomFormatException.
        /// </summary>
        [Theory]
        [InlineData("OL")]
        [InlineData("OF")]
        [InlineData("UT")]
        public void PixelDataOfAnotherVR_IsRefusedAsTheFilesProblem(string vr)
        {
            var file = Image(TransferSyntax.ExplicitVRLittleEndian, 4, 4, 1, 16, "MONOCHROME2", new byte[32]);
            Assert.True(DicomVR.TryParse(vr, out var other));
            file.Dataset.SetRawValue(DicomTag.PixelData, other, new byte[32]);
            var e = Assert.Throws<DicomFormatException>(() => PixelCleaner.Clean(file, new[] { PixelRegion.All() }, PixelCompression.None, out _));
            Assert.Contains($"Pixel Data has VR {vr}", e.Message, StringComparison.Ordinal);
        }

        /// <summary>Pixel Data written as UN by a converter that did not know the tag: cleaned as the OB or OW it stands for.</summary>
        [Theory]
        [InlineData(8)]
        [InlineData(16)]
        public void PixelDataAsUN_IsCleaned_AndWrittenAsObOrOw(int bits)
        {
            int bytes = 4 * 4 * bits / 8;
            var source = new byte[bytes];
            for (int i = 0; i < bytes; i++) source[i] = (byte)(i + 1);
            var un = Image(TransferSyntax.ExplicitVRLittleEndian, 4, 4, 1, bits, "MONOCHROME2", source);
            un.Dataset.SetRawValue(DicomTag.PixelData, DicomVR.UN, (byte[])source.Clone());
            var known = Image(TransferSyntax.ExplicitVRLittleEndian, 4, 4, 1, bits, "MONOCHROME2", (byte[])source.Clone());
            var region = new[] { PixelRegion.Rectangle(0, 0, 2, 2) };
            PixelCleaner.Clean(un, region, PixelCompression.None, out var spoolUn);
            PixelCleaner.Clean(known, region, PixelCompression.None, out var spoolKnown);
            using (spoolUn)
            using (spoolKnown)
            {
                using var a = NativePixelData.Open(un.Dataset);
                using var b = NativePixelData.Open(known.Dataset);
                Assert.Equal(bits > 8 ? DicomVR.OW : DicomVR.OB, a.VR);
                Assert.Equal(b.ReadFrame(0), a.ReadFrame(0));
                Assert.NotEqual(source, a.ReadFrame(0));
            }
        }

        private static DicomFile Image(TransferSyntax syntax, int rows, int columns, int samples, int bits, string photometric, byte[] pixels)
        {
            var file = new DicomFile(syntax);
            var ds = file.Dataset;
            ds.SetNumbers(DicomTags.SamplesPerPixel, DicomVR.US, samples);
            ds.SetString(DicomTags.PhotometricInterpretation, DicomVR.CS, photometric);
            if (samples > 1) ds.SetNumbers(DicomTags.PlanarConfiguration, DicomVR.US, 0);
            ds.SetNumbers(DicomTags.Rows, DicomVR.US, rows);
            ds.SetNumbers(DicomTags.Columns, DicomVR.US, columns);
            ds.SetNumbers(DicomTags.BitsAllocated, DicomVR.US, bits);
            ds.SetNumbers(DicomTags.BitsStored, DicomVR.US, bits);
            ds.SetNumbers(DicomTags.HighBit, DicomVR.US, bits - 1);
            ds.SetNumbers(DicomTags.PixelRepresentation, DicomVR.US, 0);
            ds.SetRawValue(DicomTag.PixelData, bits > 8 ? DicomVR.OW : DicomVR.OB, pixels);
            return file;
        }
    }
}
