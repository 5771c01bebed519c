using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Deid.Actions;
using Deid.Batch;
using Deid.Dicom;
using Deid.Pixels;
using Deid.Recipes;
using Deid.Steps;
using Xunit;

namespace Deid.Tests.Pixels
{
    /// <summary>
    /// Cleaning real files frame by frame: inside the rectangle the stored bits are zero, everything else — the other pixels, the
    /// bits above BitsStored, the header — is as it was; native files keep their transfer syntax and byte order; a file whose
    /// pixel data cannot be decoded is an error and nothing is written; the pixel step plugs into a batch after the header step.
    /// </summary>
    public sealed class PixelCleanerTests : IDisposable
    {
        private readonly string _dir = Path.Combine(Path.GetTempPath(), "deid-clean-" + Guid.NewGuid().ToString("N").Substring(0, 12));

        public PixelCleanerTests() => Directory.CreateDirectory(_dir);

        public void Dispose() => Directory.Delete(_dir, true);

        public static IEnumerable<object[]> NativeFiles() => new[]
        {
            new object[] { "pydicom/test_files/MR_small.dcm" },
            new object[] { "pydicom/test_files/MR_small_bigendian.dcm" },
            new object[] { "pydicom/test_files/MR_small_implicit.dcm" },
            new object[] { "pydicom/test_files/rtdose.dcm" },
            new object[] { "pydicom/test_files/SC_rgb_small_odd.dcm" },
            new object[] { "pydicom/test_files/SC_rgb_small_odd_big_endian.dcm" },
            new object[] { "deid-data/ultrasounds/RGB_IMAGE.dcm" },
            new object[] { "deid-data/ultrasounds/GREYSCALE_IMAGE.dcm" },
        };

        [Theory]
        [MemberData(nameof(NativeFiles))]
        public void NativeFile_RectangleBlanked_RestUnchanged(string relative)
        {
            string input = TestPaths.Data(relative.Split('/'));
            var file = DicomFile.Open(input);
            // In the middle of the image, where every test image has signal (ultrasound borders are black).
            var size = PixelFrameGeometry.FromDataset(file.Dataset);
            int cx = size.Columns / 2, cy = size.Rows / 2;
            var region = PixelRegion.Rectangle(cx - 3, cy - 2, cx + 3, cy + 2);
            var result = PixelCleaner.Clean(file, new[] { region }, PixelCompression.None, out var spool);
            string output = Path.Combine(_dir, "out.dcm");
            try
            {
                file.Save(output);
            }
            finally
            {
                spool?.Dispose();
            }

            var before = DicomFile.Open(input);
            var after = DicomFile.Open(output);
            Assert.Equal(before.TransferSyntax, after.TransferSyntax);
            using var a = NativePixelData.Open(before.Dataset);
            using var b = NativePixelData.Open(after.Dataset);
            var g = a.Geometry;
            Assert.Equal(g.NumberOfFrames, result.FramesCleaned);
            var mask = new PixelMask(g.Columns, g.Rows, new[] { region });
            int changed = 0;
            for (int f = 0; f < g.NumberOfFrames; f++)
            {
                var original = a.ReadFrame(f);
                var expected = (byte[])original.Clone();
                FrameCleaner.Apply(expected, g, mask);
                var actual = b.ReadFrame(f);
                Assert.Equal(expected, actual);
                if (!expected.AsSpan().SequenceEqual(original)) changed++;
            }
            // The middle of these images is not blank everywhere (ultrasound frames may be black there; then the next file shows it).
            if (!relative.Contains("ultrasounds", StringComparison.Ordinal)) Assert.True(changed > 0, "nothing was blanked");
            // Nothing but the pixel data changed.
            Assert.Equal(before.Dataset.Count, after.Dataset.Count);
            Assert.Equal(before.Dataset.GetString(DicomTags.PatientName), after.Dataset.GetString(DicomTags.PatientName));
            foreach (var e in before.Dataset.Elements)
            {
                if (e.Tag == DicomTag.PixelData || !e.IsLoaded) continue;
                Assert.True(after.Dataset.TryGetElement(e.Tag, out var same), e.Tag.ToString());
                Assert.Equal(e.RawValue.ToArray(), same.RawValue.ToArray());
            }
        }

        [Theory]
        [InlineData("deid-data/dicom-cookies/image1.dcm")]
        [InlineData("pydicom/test_files/SC_rgb_jpeg_dcmtk.dcm")]
        [InlineData("pydicom/test_files/JPGExtended.dcm")]
        public void JpegFile_DecodedCleanedAndStoredUncompressed_WithAHeaderThatMatchesTheBytes(string relative)
        {
            string input = TestPaths.Data(relative.Split('/'));
            var (written, source) = CleanTopLeftAndSave(input, "jpeg.dcm");
            var region = PixelRegion.Rectangle(0, 0, source.Columns / 2, source.Rows / 3);
            Assert.Equal(TransferSyntax.ExplicitVRLittleEndian, written.TransferSyntax);
            Assert.Equal("01", written.Dataset.GetString(DicomTags.LossyImageCompression));
            Assert.Equal(Method(input, "ISO_10918_1"), written.Dataset.GetString(DicomTags.LossyImageCompressionMethod));
            using var cleaned = NativePixelData.Open(written.Dataset);
            var g = cleaned.Geometry;
            Assert.Equal(source.Rows, g.Rows);
            if (source.SamplesPerPixel == 3) Assert.Equal("RGB", g.PhotometricInterpretation);

            // Outside the rectangle: our decode of the original; inside: zero.
            var original = DicomFile.Open(input);
            using var encoded = EncapsulatedPixelData.Open(original.Dataset);
            var decoded = new byte[g.FrameLength];
            encoded.DecodeFrame(0, PixelCodecRegistry.Default.GetDecoder(original.TransferSyntax), decoded);
            FrameCleaner.Apply(decoded, g, new PixelMask(g.Columns, g.Rows, new[] { region }));
            Assert.Equal(decoded, cleaned.ReadFrame(0));
        }

        /// <summary>
        /// JPEG 2000, lossless and lossy, grey and colour: decoded (<see cref="Jpeg2000Codec"/>, checked against openjpeg in
        /// Deid.Dicom.Tests), cleaned and stored uncompressed; colour coded with the reversible component transform (YBR_RCT)
        /// is written as the RGB it decodes to, interleaved; signed samples stay signed; a lossy source is marked lossy.
        /// </summary>
        [Theory]
        [InlineData("pydicom/test_files/JPEG2000.dcm", "MONOCHROME2", true)]
        [InlineData("pydicom/test_files/MR_small_jp2klossless.dcm", "MONOCHROME2", false)]
        [InlineData("pydicom/test_files/GDCMJ2K_TextGBR.dcm", "RGB", false)]
        [InlineData("pydicom/test_files/SC_rgb_gdcm_KY.dcm", "RGB", true)]
        public void Jpeg2000File_DecodedCleanedAndStoredUncompressed(string relative, string photometric, bool lossy)
        {
            string input = TestPaths.Data(relative.Split('/'));
            var file = DicomFile.Open(input);
            var source = PixelFrameGeometry.FromDataset(file.Dataset);
            var region = PixelRegion.Rectangle(0, 0, source.Columns / 2, source.Rows / 3);
            var result = PixelCleaner.Clean(file, new[] { region }, PixelCompression.None, out var spool);
            Assert.Equal(1, result.FramesCleaned);
            string output = Path.Combine(_dir, "j2k.dcm");
            try
            {
                file.Save(output);
            }
            finally
            {
                spool?.Dispose();
            }

            var written = DicomFile.Open(output);
            Assert.Equal(TransferSyntax.ExplicitVRLittleEndian, written.TransferSyntax);
            using var cleaned = NativePixelData.Open(written.Dataset);
            var g = cleaned.Geometry;
            Assert.Equal(photometric, g.PhotometricInterpretation);
            Assert.Equal(0, g.PlanarConfiguration);
            Assert.Equal(source.PixelRepresentation, g.PixelRepresentation);
            if (lossy) Assert.Equal("01", written.Dataset.GetString(DicomTags.LossyImageCompression));
            if (lossy) Assert.Equal(Method(input, "ISO_15444_1"), written.Dataset.GetString(DicomTags.LossyImageCompressionMethod));

            var original = DicomFile.Open(input);
            using var encoded = EncapsulatedPixelData.Open(original.Dataset);
            var decoded = new byte[g.FrameLength];
            Jpeg2000Codec.Instance.Decode(encoded.ReadFrame(0), g, decoded);
            Assert.Contains(decoded, b => b != 0);
            FrameCleaner.Apply(decoded, g, new PixelMask(g.Columns, g.Rows, new[] { region }));
            Assert.Equal(decoded, cleaned.ReadFrame(0));
        }

        /// <summary>
        /// Fuzz seed 75 case 874: a JPEG 2000 colour file whose dataset says YBR_FULL_422 (a 4:2:2 layout, two thirds of the
        /// bytes) was decoded into a frame sized for the label, an ArgumentException instead of a cleaned file. JPEG 2000
        /// components are full resolution: the frame is sized for them and labelled as decoded (RGB after the component
        /// transform, YBR_FULL without it).
        /// </summary>
        [Theory]
        [InlineData("pydicom/test_files/GDCMJ2K_TextGBR.dcm", "RGB")]
        [InlineData("pydicom/test_files/SC_rgb_gdcm_KY.dcm", "YBR_FULL")]
        public void Jpeg2000UnderA422Label_IsDecodedAtFullResolution(string relative, string photometric)
        {
            var file = DicomFile.Open(TestPaths.Data(relative.Split('/')));
            file.Dataset.SetString(DicomTags.PhotometricInterpretation, DicomVR.CS, "YBR_FULL_422");
            var result = PixelCleaner.Clean(file, new[] { PixelRegion.Rectangle(0, 0, 10, 10) }, PixelCompression.None, out var spool);
            try
            {
                Assert.Equal(1, result.FramesCleaned);
                Assert.Equal(photometric, file.Dataset.GetString(DicomTags.PhotometricInterpretation));
                var g = PixelFrameGeometry.FromDataset(file.Dataset);
                Assert.Equal((long)g.Rows * g.Columns * 3, g.FrameLength);
            }
            finally
            {
                spool?.Dispose();
            }
        }

        [Fact]
        public void KeepOnlyMask_ChangesNothing()
        {
            var file = DicomFile.Open(TestPaths.Data("pydicom", "test_files", "MR_small.dcm"));
            var result = PixelCleaner.Clean(file, new[] { PixelRegion.All(keep: true) }, PixelCompression.None, out var spool);
            Assert.Null(spool);
            Assert.Equal(0, result.FramesCleaned);
            Assert.False(file.IsModified);
        }

        private static bool Bit(byte[] bits, int index) => (bits[index >> 3] & (1 << (index & 7))) != 0;

        /// <summary>
        /// A separate overlay plane (60xx,3000) is drawn over the image by viewers: text in it showed over a region the cleaner
        /// had blanked (multi-frame QA F1). Cleaning clears the plane's bits over blanked pixels, placed by Overlay Origin, in
        /// every overlay frame, and keeps the rest; the audit reports a plane still drawn.
        /// </summary>
        [Fact]
        public void Cleaning_ClearsSeparateOverlayPlanesOverTheBlankedRegion_AndTheAuditReportsAPlaneStillDrawn()
        {
            var file = DicomFile.Open(TestPaths.Data("pydicom", "test_files", "MR_small.dcm")); // 64 × 64
            var ds = file.Dataset;
            ds.SetNumbers(new DicomTag(0x6000, 0x0010), DicomVR.US, 64);
            ds.SetNumbers(new DicomTag(0x6000, 0x0011), DicomVR.US, 64);
            ds.SetNumbers(new DicomTag(0x6000, 0x0050), DicomVR.SS, 1, 1);
            ds.SetRawValue(new DicomTag(0x6000, 0x3000), DicomVR.OW, Enumerable.Repeat((byte)0xFF, 64 * 64 / 8).ToArray());
            // An 8 × 8 plane of two frames whose first pixel lies on the image's (4, 4).
            ds.SetNumbers(new DicomTag(0x6002, 0x0010), DicomVR.US, 8);
            ds.SetNumbers(new DicomTag(0x6002, 0x0011), DicomVR.US, 8);
            ds.SetString(new DicomTag(0x6002, 0x0015), DicomVR.IS, "2");
            ds.SetNumbers(new DicomTag(0x6002, 0x0050), DicomVR.SS, 5, 5);
            ds.SetRawValue(new DicomTag(0x6002, 0x3000), DicomVR.OW, Enumerable.Repeat((byte)0xFF, 16).ToArray());

            string before = Path.Combine(_dir, "overlay-in.dcm");
            file.Save(before);
            var result = PixelCleaner.Clean(file, new[] { PixelRegion.Rectangle(0, 0, 8, 8) }, PixelCompression.None, out var spool);
            string output = Path.Combine(_dir, "overlay.dcm");
            try
            {
                file.Save(output);
            }
            finally
            {
                spool?.Dispose();
            }
            Assert.Equal(2, result.OverlaysCleaned);
            var written = DicomFile.Open(output).Dataset;
            Assert.True(written.TryGetElement(new DicomTag(0x6000, 0x3000), out var largeElement));
            byte[] large = largeElement.RawValue.ToArray();
            for (int y = 0; y < 64; y++)
            {
                for (int x = 0; x < 64; x++) Assert.Equal(x >= 8 || y >= 8, Bit(large, y * 64 + x));
            }
            Assert.True(written.TryGetElement(new DicomTag(0x6002, 0x3000), out var smallElement));
            byte[] small = smallElement.RawValue.ToArray();
            for (int f = 0; f < 2; f++)
            {
                for (int r = 0; r < 8; r++)
                {
                    for (int c = 0; c < 8; c++) Assert.Equal(r >= 4 || c >= 4, Bit(small, f * 64 + r * 8 + c));
                }
            }

            // Both planes are still drawn elsewhere: the audit names them; an output without planes gives none.
            var leaks = new Deid.Audit.DeidAudit().Audit(before, output).Leaks.Where(l => l.Keyword == "OverlayData").ToList();
            Assert.Equal(2, leaks.Count);
            Assert.All(leaks, l => Assert.Equal(Deid.Audit.LeakCategory.Identifying, l.Category));
            string plain = Path.Combine(_dir, "no-overlay.dcm");
            File.Copy(TestPaths.Data("pydicom", "test_files", "MR_small.dcm"), plain);
            Assert.DoesNotContain(new Deid.Audit.DeidAudit().Audit(before, plain).Leaks, l => l.Keyword == "OverlayData");
        }

        [Fact]
        public void SeparateOverlayBits_AreFoundInBigEndianWords()
        {
            // OW in a big endian dataset: the first pixel's bit is bit 0 of the word, which is the word's second byte.
            var mask = new PixelMask(16, 1, new[] { PixelRegion.Rectangle(0, 0, 1, 1) });
            var bits = new byte[] { 0xFF, 0xFF };
            Assert.True(SeparateOverlays.Clear(bits, 1, 16, 1, 1, 1, mask, bigEndianWords: true));
            Assert.Equal(new byte[] { 0xFF, 0xFE }, bits);
            bits = new byte[] { 0xFF, 0xFF };
            Assert.True(SeparateOverlays.Clear(bits, 1, 16, 1, 1, 1, mask));
            Assert.Equal(new byte[] { 0xFE, 0xFF }, bits);
            // Clear bits stay clear, and nothing past the value is touched.
            Assert.False(SeparateOverlays.Clear(bits, 1, 16, 1, 1, 1, mask));
            Assert.False(SeparateOverlays.Clear(new byte[0], 1, 16, 1, 1, 1, mask));
        }

        /// <summary>
        /// An Icon Image Sequence is a small copy of the image, burned-in text and all (QA: tesseract read the ID and birth date
        /// from the icon of a cleaned file). Cleaning removes every icon, at the top level and nested in items; a mask that
        /// blanks nothing leaves them.
        /// </summary>
        [Fact]
        public void Cleaning_RemovesEveryIconImage_ACopyOfTheText()
        {
            var file = DicomFile.Open(TestPaths.Data("pydicom", "test_files", "MR_small.dcm"));
            var iconTag = new DicomTag(0x0088, 0x0200);
            var icon = file.Dataset.GetOrAddSequence(iconTag).AddItem();
            icon.SetNumbers(DicomTags.Rows, DicomVR.US, 2);
            icon.SetNumbers(DicomTags.Columns, DicomVR.US, 2);
            icon.SetRawValue(DicomTag.PixelData, DicomVR.OB, System.Text.Encoding.ASCII.GetBytes("ICON"));
            var referenced = file.Dataset.GetOrAddSequence(new DicomTag(0x0008, 0x1140)).AddItem();
            referenced.GetOrAddSequence(iconTag).AddItem().SetRawValue(DicomTag.PixelData, DicomVR.OB, System.Text.Encoding.ASCII.GetBytes("NEST"));

            var kept = PixelCleaner.Clean(file, new[] { PixelRegion.All(keep: true) }, PixelCompression.None, out _);
            Assert.Equal(0, kept.IconsRemoved);
            Assert.True(file.Dataset.Contains(iconTag));

            var result = PixelCleaner.Clean(file, new[] { PixelRegion.Rectangle(0, 0, 4, 4) }, PixelCompression.None, out var spool);
            string output = Path.Combine(_dir, "icon.dcm");
            try
            {
                file.Save(output);
            }
            finally
            {
                spool?.Dispose();
            }
            Assert.Equal(2, result.IconsRemoved);
            var written = DicomFile.Open(output).Dataset;
            Assert.False(written.Contains(iconTag));
            var item = Assert.Single(written.GetSequence(new DicomTag(0x0008, 0x1140))!);
            Assert.False(item.Contains(iconTag));
            byte[] bytes = File.ReadAllBytes(output);
            Assert.Equal(-1, bytes.AsSpan().IndexOf(System.Text.Encoding.ASCII.GetBytes("ICON")));
            Assert.Equal(-1, bytes.AsSpan().IndexOf(System.Text.Encoding.ASCII.GetBytes("NEST")));
        }

        /// <summary>
        /// Pixel Data longer than the header's frames: the data after them (a frame Number of Frames does not count, rows Rows
        /// does not count) was copied through uncleaned, burned-in text and all. Such a file is not cleaned; zero padding is fine.
        /// </summary>
        [Theory]
        [InlineData("frames")]
        [InlineData("rows")]
        public void DataAfterTheHeadersFrames_IsNotCleaned(string what)
        {
            var file = DicomFile.Open(TestPaths.Data("pydicom", "test_files", "MR_small.dcm"));
            if (what == "frames") file.Dataset.SetString(DicomTags.NumberOfFrames, DicomVR.IS, "1");
            using (var px = NativePixelData.Open(file.Dataset))
            {
                // MR_small: one frame of 64 x 64; a second frame's worth of bytes (or half the rows) hidden after it.
                var bytes = px.ReadFrame(0);
                var longer = bytes.Concat(bytes).ToArray();
                file.Dataset.SetRawValue(DicomTag.PixelData, DicomVR.OW, longer);
            }
            if (what == "rows") file.Dataset.SetNumbers(new DicomTag(0x0028, 0x0010), DicomVR.US, 32);
            var ex = Assert.Throws<DicomFormatException>(() => PixelCleaner.Clean(file, new[] { PixelRegion.All() }, PixelCompression.None, out _));
            Assert.Contains("the rest is not padding", ex.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void ZeroPaddingAfterTheFrames_IsCleanedAndKept()
        {
            var file = DicomFile.Open(TestPaths.Data("pydicom", "test_files", "MR_small.dcm"));
            int frameLength;
            using (var px = NativePixelData.Open(file.Dataset))
            {
                var bytes = px.ReadFrame(0);
                frameLength = bytes.Length;
                file.Dataset.SetRawValue(DicomTag.PixelData, DicomVR.OW, bytes.Concat(new byte[16]).ToArray());
            }
            var result = PixelCleaner.Clean(file, new[] { PixelRegion.Rectangle(0, 0, 8, 8) }, PixelCompression.None, out var spool);
            using (spool)
            {
                Assert.Equal(1, result.FramesCleaned);
                using var cleaned = NativePixelData.Open(file.Dataset);
                Assert.Equal(frameLength + 16, cleaned.Length);
            }
        }

        /// <summary>
        /// A multi-frame JPEG in 2 KB fragments with an empty offset table (as dcmcjpeg +fs 2 -ot writes): its frames are found
        /// where their codestreams start, and it is cleaned as the same frames one fragment each are.
        /// </summary>
        [Fact]
        public void MultiFrameJpeg_InSmallFragments_WithoutOffsetTable_IsCleaned()
        {
            DicomFile Make(bool smallFragments)
            {
                var file = DicomFile.Open(TestPaths.Data("deid-data", "dicom-cookies", "image1.dcm"));
                byte[] frame;
                using (var px = EncapsulatedPixelData.Open(file.Dataset)) frame = px.ReadFrame(0);
                if (frame.Length % 2 == 1) frame = frame.Concat(new byte[] { 0 }).ToArray();
                var items = new List<DicomFragment> { new DicomFragment(ReadOnlyMemory<byte>.Empty) };
                for (int f = 0; f < 2; f++)
                {
                    if (!smallFragments)
                    {
                        items.Add(new DicomFragment(frame));
                        continue;
                    }
                    for (int at = 0; at < frame.Length; at += 2048) items.Add(new DicomFragment(frame.AsMemory(at, Math.Min(2048, frame.Length - at))));
                }
                EncapsulatedPixelDataBuilder.SetPixelData(file.Dataset, DicomFragments.Create(items));
                file.Dataset.SetString(DicomTags.NumberOfFrames, DicomVR.IS, "2");
                return file;
            }
            var regions = new[] { PixelRegion.Rectangle(0, 0, 300, 40) };
            byte[] Cleaned(DicomFile file)
            {
                var result = PixelCleaner.Clean(file, regions, PixelCompression.None, out var spool);
                using (spool)
                {
                    Assert.Equal(2, result.FramesCleaned);
                    using var written = new MemoryStream();
                    DicomWriter.Write(file, written);
                    var back = DicomFile.Open(written.ToArray());
                    using var px = NativePixelData.Open(back.Dataset);
                    return px.ReadFrame(0).Concat(px.ReadFrame(1)).ToArray();
                }
            }
            Assert.Equal(Cleaned(Make(false)), Cleaned(Make(true)));
        }

        /// <summary>
        /// An Extended Offset Table describes the fragments as they were: beside re-encoded pixel data it points into the middle
        /// of the new fragments, and native data may not have one (QA of the codec, round 2). Cleaning removes it, either way.
        /// </summary>
        [Theory]
        [InlineData(PixelCompression.None)]
        [InlineData(PixelCompression.Rle)]
        public void Cleaning_RemovesAStaleExtendedOffsetTable(PixelCompression compression)
        {
            var file = DicomFile.Open(TestPaths.Data("pydicom", "test_files", "SC_rgb_jpeg_dcmtk.dcm"));
            var table = new DicomTag(0x7FE0, 0x0001);
            var lengths = new DicomTag(0x7FE0, 0x0002);
            file.Dataset.SetRawValue(table, DicomVR.OV, new byte[8]);
            file.Dataset.SetRawValue(lengths, DicomVR.OV, BitConverter.GetBytes(12345L));
            PixelCleaner.Clean(file, new[] { PixelRegion.Rectangle(0, 0, 4, 4) }, compression, out var spool);
            string output = Path.Combine(_dir, "eot.dcm");
            try
            {
                file.Save(output);
            }
            finally
            {
                spool?.Dispose();
            }
            var written = DicomFile.Open(output).Dataset;
            Assert.False(written.Contains(table));
            Assert.False(written.Contains(lengths));
        }

        /// <summary>
        /// JPEG2000.dcm relabelled JPEG 2000 Part 2 multi-component (1.2.840.10008.1.2.4.93, a UID of the same length): a
        /// compressed syntax no codec here decodes (JPEG 2000 Part 1 itself is decoded, <see cref="Jpeg2000Codec"/>).
        /// </summary>
        private string UndecodableCopy()
        {
            byte[] bytes = File.ReadAllBytes(TestPaths.Data("pydicom", "test_files", "JPEG2000.dcm"));
            byte[] uid = System.Text.Encoding.ASCII.GetBytes("1.2.840.10008.1.2.4.91");
            int at = bytes.AsSpan(0, 600).IndexOf(uid);
            Assert.True(at > 0, "JPEG2000.dcm's transfer syntax UID");
            bytes[at + uid.Length - 1] = (byte)'3';
            string path = Path.Combine(_dir, "part2.dcm");
            File.WriteAllBytes(path, bytes);
            return path;
        }

        /// <summary>
        /// QA 2026-12-07: RLE output of an implicit VR little endian dataset (the default syntax) was refused. The writer writes
        /// such a dataset in explicit VR once its file declares RLE: written, every element as it was read (the VR it was read
        /// with, the same value), the pixels those of the uncompressed clean.
        /// </summary>
        [Fact]
        public void RleOutputOfAnImplicitVrDataset_IsWrittenInExplicitVr()
        {
            string source = TestPaths.Data("pydicom", "test_files", "MR_small_implicit.dcm");
            byte[] Clean(PixelCompression compression)
            {
                var file = DicomFile.Open(source);
                PixelCleaner.Clean(file, new[] { PixelRegion.Rectangle(0, 0, 20, 10) }, compression, out var spool);
                using var written = new MemoryStream();
                try
                {
                    DicomWriter.Write(file, written);
                }
                finally
                {
                    spool?.Dispose();
                }
                return written.ToArray();
            }
            var rle = DicomFile.Open(Clean(PixelCompression.Rle));
            var plain = DicomFile.Open(Clean(PixelCompression.None));
            Assert.Equal(TransferSyntax.RleLossless.Uid, rle.TransferSyntax.Uid);
            Assert.True(rle.Dataset.Encoding.IsExplicitVR);
            var original = DicomFile.Open(source).Dataset;
            foreach (var e in original.Elements)
            {
                if (e.Tag == DicomTag.PixelData) continue;
                Assert.True(rle.Dataset.TryGetElement(e.Tag, out var back), e.Tag.ToString());
                Assert.Equal(e.VR, back.VR);
                Assert.Equal(original.GetString(e.Tag), rle.Dataset.GetString(e.Tag));
            }
            var codecs = PixelCodecRegistry.Default;
            using var fromRle = EncapsulatedPixelData.Open(rle.Dataset);
            using var fromPlain = NativePixelData.Open(plain.Dataset);
            var geometry = PixelFrameGeometry.FromDataset(plain.Dataset);
            byte[] frame = new byte[geometry.FrameLength];
            codecs.GetDecoder(rle.TransferSyntax).Decode(fromRle.ReadFrame(0), geometry, frame);
            Assert.Equal(fromPlain.ReadFrame(0), frame);
        }

        /// <summary>
        /// RLE output of a big endian dataset is refused with what to do: leave out -Compression RLE, or convert the file first
        /// (the cmdlets' recommendation used to speak only of decompressing; QA round 2). The writer does not swap bytes.
        /// </summary>
        [Fact]
        public void RleOutputOfABigEndianDataset_SaysToConvertIt()
        {
            var file = DicomFile.Open(TestPaths.Data("pydicom", "test_files", "MR_small_bigendian.dcm"));
            var ex = Assert.Throws<DicomFormatException>(() => PixelCleaner.Clean(file, new[] { PixelRegion.All() }, PixelCompression.Rle, out _));
            Assert.True(ex.IsUnsupported);
            Assert.Contains("clean it without -Compression RLE (its copy stays uncompressed), or convert it first (dcmconv +te)", ex.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void UndecodableCompressedData_IsAnErrorNamingTheSyntax()
        {
            string path = UndecodableCopy();
            var file = DicomFile.Open(path);
            var ex = Assert.Throws<DicomFormatException>(() => PixelCleaner.Clean(file, new[] { PixelRegion.All() }, PixelCompression.None, out _));
            Assert.Contains("cannot decode JPEG 2000 Part 2", ex.Message, StringComparison.Ordinal);
            Assert.Contains("no decoder is available", ex.Message, StringComparison.Ordinal);
            Assert.Contains("file not cleaned", ex.Message, StringComparison.Ordinal);
            // A refusal, not a broken file: the cmdlets recommend decompressing it (Errors.ForFile).
            Assert.True(ex.IsUnsupported);
            // Where the pixel data begin (their Basic Offset Table item), not offset 0 (codec QA F6).
            byte[] bytes = File.ReadAllBytes(path);
            Assert.InRange(ex.Offset, 132, bytes.Length - 8);
            Assert.Equal(new byte[] { 0xFE, 0xFF, 0x00, 0xE0 }, bytes.AsSpan((int)ex.Offset, 4).ToArray());
        }

        [Fact]
        public void PixelStep_AfterHeaderStep_InOneBatch_WritesOneCleanedFile()
        {
            string input = TestPaths.Data("deid-data", "ultrasounds", "RGB_IMAGE.dcm");
            var engine = new HeaderActionEngine(DeidRecipe.Parse("FORMAT dicom\n%header\nREPLACE PatientName anonymous\n"));
            string? seenName = null;
            var pixels = new PixelCleaningStep(ctx =>
            {
                seenName = ctx.File.Dataset.GetString(DicomTags.PatientName); // the header as read
                return new PixelCleaningDecision(true, new[] { PixelRegion.Rectangle(0, 0, 50, 20) }, null);
            });
            string output = Path.Combine(_dir, "us.dcm");
            var result = new DeidBatch(new IFileStep[] { engine, pixels }).ProcessOne(new DeidFileRequest(input, output));

            Assert.True(result.Succeeded, result.Error?.ToString());
            Assert.Equal(DicomFile.Open(input).Dataset.GetString(DicomTags.PatientName), seenName);
            var stats = Assert.IsType<PixelCleaningStatistics>(result.Steps[1]);
            Assert.True(stats.Flagged);
            Assert.Equal(1, stats.FramesCleaned);
            var written = DicomFile.Open(output);
            Assert.Equal("anonymous", written.Dataset.GetString(DicomTags.PatientName));
            using var px = NativePixelData.Open(written.Dataset);
            var frame = px.ReadFrame(0);
            Assert.All(Enumerable.Range(0, 20).SelectMany(y => Enumerable.Range(0, 50 * 3).Select(x => frame[y * px.Geometry.Columns * 3 + x])), v => Assert.Equal(0, v));
        }

        [Fact]
        public void PixelStep_FlaggedButUncleanable_WritesNothing()
        {
            string input = UndecodableCopy();
            var pixels = new PixelCleaningStep(_ => new PixelCleaningDecision(true, new[] { PixelRegion.All() }, null));
            string output = Path.Combine(_dir, "j2k.dcm");
            var result = new DeidBatch(new IFileStep[] { pixels }).ProcessOne(new DeidFileRequest(input, output));
            Assert.False(result.Succeeded);
            Assert.IsType<DicomFormatException>(result.Error);
            Assert.False(File.Exists(output));
        }

        [Fact]
        public void PixelStep_NotFlagged_LeavesPixelsAlone()
        {
            string input = TestPaths.Data("pydicom", "test_files", "MR_small.dcm");
            string output = Path.Combine(_dir, "mr.dcm");
            var result = new DeidBatch(new IFileStep[] { new PixelCleaningStep(_ => PixelCleaningDecision.NotFlagged) }).ProcessOne(new DeidFileRequest(input, output));
            Assert.True(result.Succeeded);
            Assert.Equal(File.ReadAllBytes(input), File.ReadAllBytes(output));
        }

        /// <summary>
        /// Cleans the top-left region (half the width, a third of the height) of <paramref name="input"/> uncompressed, saves it
        /// as <paramref name="name"/> and reads it back; also the source's geometry.
        /// </summary>
        private (DicomFile Written, PixelFrameGeometry Source) CleanTopLeftAndSave(string input, string name)
        {
            var file = DicomFile.Open(input);
            var source = PixelFrameGeometry.FromDataset(file.Dataset);
            PixelCleaner.Clean(file, new[] { PixelRegion.Rectangle(0, 0, source.Columns / 2, source.Rows / 3) }, PixelCompression.None, out var spool);
            string output = Path.Combine(_dir, name);
            try
            {
                file.Save(output);
            }
            finally
            {
                spool?.Dispose();
            }
            return (DicomFile.Open(output), source);
        }

        /// <summary>The method the source names, or the one its transfer syntax implies.</summary>
        private static string Method(string input, string implied) =>
            DicomFile.Open(input).Dataset.GetString(DicomTags.LossyImageCompressionMethod) is string named && named.Trim().Length > 0 ? named : implied;

        /// <summary>
        /// QA pixels 2026-12-07: a near-lossless JPEG-LS source, stored uncompressed once cleaned, was marked lossy with no
        /// method, and nothing else said which compression lost what.
        /// </summary>
        [Theory]
        [InlineData("pydicom/test_files/JPEGLSNearLossless_08.dcm")]
        [InlineData("pydicom/test_files/JPEGLSNearLossless_16.dcm")]
        public void NearLosslessJpegLs_IsMarkedLossyWithItsMethod(string relative)
        {
            string input = TestPaths.Data(relative.Split('/'));
            var (written, _) = CleanTopLeftAndSave(input, "jls.dcm");
            Assert.Equal(TransferSyntax.ExplicitVRLittleEndian, written.TransferSyntax);
            Assert.Equal("01", written.Dataset.GetString(DicomTags.LossyImageCompression));
            Assert.Equal(Method(input, "ISO_14495_1"), written.Dataset.GetString(DicomTags.LossyImageCompressionMethod));
        }
    }
}
