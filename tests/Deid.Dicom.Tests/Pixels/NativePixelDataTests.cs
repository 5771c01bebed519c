using System;
using System.IO;
using Xunit;
using static Deid.Dicom.Tests.Pixels.PixelTestData;

namespace Deid.Dicom.Tests.Pixels
{
    public class NativePixelDataTests : IDisposable
    {
        private readonly string _folder = Path.Combine(Path.GetTempPath(), "deid-pixels-" + Guid.NewGuid().ToString("N"));

        public NativePixelDataTests() => Directory.CreateDirectory(_folder);

        public void Dispose() => Directory.Delete(_folder, recursive: true);

        private static readonly DicomWriteOptions KeepMeta = new DicomWriteOptions { UpdateFileMeta = false };

        /// <summary>A three-frame 16-bit file written in <paramref name="ts"/>, and the little endian frames it holds.</summary>
        private string WriteThreeFrames(TransferSyntax ts, out PixelFrameGeometry g, out byte[] frames)
        {
            g = new PixelFrameGeometry(5, 7, 1, 16, 12, 11, 0, 3);
            frames = Pattern((int)g.TotalLength, 1);
            var file = new DicomFile(ts);
            SetImagePixel(file.Dataset, g);
            file.Dataset.SetRawValue(DicomTag.PixelData, DicomVR.OW, ts.IsBigEndian ? Swapped(frames, 2) : frames);
            string path = Path.Combine(_folder, ts.Uid + ".dcm");
            file.Save(path, overwrite: true);
            return path;
        }

        [Theory]
        [InlineData("1.2.840.10008.1.2")]
        [InlineData("1.2.840.10008.1.2.1")]
        [InlineData("1.2.840.10008.1.2.2")]
        [InlineData("1.2.840.10008.1.2.1.99")]
        public void FramesReadTheSameFromMemoryAndFromDisk(string uid)
        {
            string path = WriteThreeFrames(TransferSyntax.Lookup(uid), out var g, out var expected);

            var onDisk = DicomFile.Open(path);
            // Pixel Data is left on disk when the source can be re-opened; inside a deflated stream too, inflated again when read
            // (the frames below are read last first: each goes back to the start of the stream).
            Assert.True(onDisk.Dataset.TryGetElement(DicomTag.PixelData, out var e) && e.ValueRef != null);
            var inMemory = OpenInMemory(path);
            Assert.True(inMemory.Dataset.TryGetElement(DicomTag.PixelData, out var m) && m.IsLoaded);

            using var disk = NativePixelData.Open(onDisk.Dataset, path);
            using var memory = NativePixelData.Open(inMemory.Dataset);
            var buffer = new byte[g.FrameLength + 10];
            for (int f = 2; f >= 0; f--)
            {
                var want = expected.AsSpan((int)(f * g.FrameLength), (int)g.FrameLength).ToArray();
                Assert.Equal(want, disk.ReadFrame(f));
                Array.Fill(buffer, (byte)0xEE);
                memory.ReadFrame(f, buffer);
                Assert.Equal(want, buffer.AsSpan(0, (int)g.FrameLength).ToArray());
                Assert.Equal(0xEE, buffer[g.FrameLength]); // nothing written past the frame
            }
            Assert.Throws<ArgumentException>(() => memory.ReadFrame(0, new byte[g.FrameLength - 1]));
            Assert.Throws<ArgumentOutOfRangeException>(() => memory.ReadFrame(3));
        }

        [Fact]
        public void AFrameLeftInTheSourceIsReadAloneWithASeek()
        {
            var g = new PixelFrameGeometry(100, 100, 1, 16, 16, 15, 0, 20);
            var value = Pattern((int)g.TotalLength, 2);
            var source = new CountingSource(value);
            var ds = Image(g);
            ds.SetValueRef(DicomTag.PixelData, DicomVR.OW, new DicomValueRef(source, 0, value.Length));
            using var pixels = NativePixelData.Open(ds);
            Assert.Equal(value.AsSpan(17 * 20000, 20000).ToArray(), pixels.ReadFrame(17));
            Assert.Equal(value.AsSpan(3 * 20000, 20000).ToArray(), pixels.ReadFrame(3));
            Assert.Equal(2 * g.FrameLength, source.BytesRead);
            Assert.Equal(1, source.Opens); // the source stays open between frames
        }

        [Fact]
        public void EncapsulatedPixelDataIsNotReadAsNative()
        {
            var file = DicomFile.Open(Shared("SC_rgb_rle_2frame.dcm"));
            Assert.Throws<InvalidOperationException>(() => NativePixelData.Open(file.Dataset));
        }

        [Theory]
        [InlineData("MR_small_bigendian.dcm", "MR_small.dcm")] // 16-bit OW
        [InlineData("rtdose_expb.dcm", "rtdose.dcm")] // 32-bit, 15 frames
        [InlineData("SC_rgb_small_odd_big_endian.dcm", "SC_rgb_small_odd.dcm")] // 8-bit RGB in OW: swapped in 16-bit words
        [InlineData("liver_expb_1frame.dcm", "liver_1frame.dcm")] // 1-bit OB: never swapped
        [InlineData("MR_small_expb.dcm", "MR_small.dcm")]
        public void BigEndianFramesEqualTheirLittleEndianTwins(string bigEndian, string littleEndian)
        {
            var be = DicomFile.Open(Shared(bigEndian));
            var le = DicomFile.Open(Shared(littleEndian));
            Assert.True(be.Dataset.Encoding.IsBigEndian);
            Assert.False(le.Dataset.Encoding.IsBigEndian);
            using var bePixels = NativePixelData.Open(be.Dataset);
            using var lePixels = NativePixelData.Open(le.Dataset);
            Assert.Equal(lePixels.Geometry.ToString(), bePixels.Geometry.ToString());
            for (int f = 0; f < lePixels.Geometry.NumberOfFrames; f++) Assert.Equal(lePixels.ReadFrame(f), bePixels.ReadFrame(f));
            // The frames must differ from the raw bytes when a swap was needed: the comparison above is not vacuous.
            if (bePixels.Geometry.BitsAllocated > 1)
                Assert.NotEqual(lePixels.ReadFrame(0), be.Dataset.ElementAt(be.Dataset.IndexOf(DicomTag.PixelData)).ValueRef!.ReadAll().AsSpan(0, (int)lePixels.Geometry.FrameLength).ToArray());
        }

        [Fact]
        public void LittleEndianFramesAreTheFileBytes()
        {
            var file = DicomFile.Open(Shared("rtdose.dcm"));
            var raw = file.Dataset.ElementAt(file.Dataset.IndexOf(DicomTag.PixelData)).ValueRef!.ReadAll();
            using var pixels = NativePixelData.Open(file.Dataset);
            Assert.Equal(15, pixels.Geometry.NumberOfFrames);
            for (int f = 0; f < 15; f++) Assert.Equal(raw.AsSpan(f * 400, 400).ToArray(), pixels.ReadFrame(f));
            // First dose value of rtdose.dcm, as dcmdump shows it (0013,0ee8 as 32-bit little endian words).
            Assert.Equal(0x00130EE8u, BitConverter.ToUInt32(pixels.ReadFrame(0), 0));
        }

        [Fact]
        public void OddFramesOfEightBitBigEndianOWSplitWordsAndStillReadRight()
        {
            // 1 x 3 x 8-bit frames: frame 1 starts at byte 3, in the middle of an OW word.
            var g = new PixelFrameGeometry(1, 3, 1, 8, 8, 7, 0, 3);
            var frames = Pattern(9, 3);
            var padded = new byte[10];
            frames.CopyTo(padded, 0);
            var ds = Image(g, DicomEncoding.ExplicitBig);
            ds.SetRawValue(DicomTag.PixelData, DicomVR.OW, Swapped(padded, 2));
            using var pixels = NativePixelData.Open(ds);
            for (int f = 0; f < 3; f++) Assert.Equal(frames.AsSpan(3 * f, 3).ToArray(), pixels.ReadFrame(f));

            using var builder = NativePixelDataBuilder.ForReplacing(pixels, _folder);
            for (int f = 0; f < 3; f++) builder.AppendFrame(pixels.ReadFrame(f));
            var copy = Image(g, DicomEncoding.ExplicitBig);
            builder.Commit(copy);
            Assert.True(copy.TryGetElement(DicomTag.PixelData, out var e));
            Assert.Equal(Swapped(padded, 2), e.ValueRef!.ReadAll());
        }

        public static TheoryData<string> NativeFiles() => new TheoryData<string>
        {
            "pydicom/test_files/MR_small.dcm", "pydicom/test_files/MR_small_bigendian.dcm", "pydicom/test_files/MR_small_implicit.dcm",
            "pydicom/test_files/MR_small_expb.dcm", "pydicom/test_files/MR_small_padded.dcm", "pydicom/test_files/rtdose.dcm",
            "pydicom/test_files/rtdose_expb.dcm", "pydicom/test_files/SC_rgb_small_odd.dcm", "pydicom/test_files/SC_rgb_small_odd_big_endian.dcm",
            "pydicom/test_files/liver_1frame.dcm", "pydicom/test_files/liver_expb_1frame.dcm", "pydicom/test_files/CT_small.dcm",
            "pydicom/test_files/SC_ybr_full_422_uncompressed.dcm", "deid-data/ultrasounds/GREYSCALE_IMAGE.dcm", "deid-data/ultrasounds/RGB_IMAGE.dcm",
        };

        [Theory]
        [MemberData(nameof(NativeFiles))]
        public void FramesWrittenBackUnchangedGiveTheSameFile(string rel)
        {
            string source = TestData.PathOf(rel.Split('/'));
            var file = DicomFile.Open(source);
            using var pixels = NativePixelData.Open(file.Dataset, source);
            using var builder = NativePixelDataBuilder.ForReplacing(pixels, _folder);
            var frame = new byte[pixels.Geometry.FrameLength];
            for (int f = 0; f < pixels.Geometry.NumberOfFrames; f++)
            {
                pixels.ReadFrame(f, frame);
                builder.AppendFrame(frame);
            }
            builder.Commit(file.Dataset);
            Assert.True(file.Dataset.IsModified);
            Assert.True(File.Exists(builder.TemporaryPath));
            string output = Path.Combine(_folder, "out.dcm");
            file.Save(output, options: KeepMeta);
            Assert.Equal(File.ReadAllBytes(source), File.ReadAllBytes(output));
        }

        [Fact]
        public void MultiFrameUltrasoundCineRoundTripsFrameByFrame()
        {
            string source = Path.Combine(_folder, "GREYSCALE_CINE.dcm");
            System.IO.Compression.ZipFile.ExtractToDirectory(TestData.PathOf("deid-data", "ultrasounds", "GREYSCALE_CINE.zip"), _folder);
            var file = DicomFile.Open(source);
            using var pixels = NativePixelData.Open(file.Dataset, source);
            var g = pixels.Geometry;
            Assert.Equal((27, 600, 800, 8, 480000L), (g.NumberOfFrames, g.Rows, g.Columns, g.BitsAllocated, g.FrameLength));
            Assert.Equal(g.TotalLength, pixels.Length);
            var raw = file.Dataset.ElementAt(file.Dataset.IndexOf(DicomTag.PixelData)).ValueRef!;
            using var builder = NativePixelDataBuilder.ForReplacing(pixels, _folder);
            var frame = new byte[g.FrameLength];
            var expected = new byte[g.FrameLength];
            using (var s = File.OpenRead(source))
            {
                for (int f = 0; f < g.NumberOfFrames; f++)
                {
                    pixels.ReadFrame(f, frame);
                    s.Position = raw.Offset + f * g.FrameLength;
                    s.ReadExactly(expected);
                    Assert.True(expected.AsSpan().SequenceEqual(frame), $"frame {f}");
                    builder.AppendFrame(frame);
                }
            }
            builder.Commit(file.Dataset);
            string output = Path.Combine(_folder, "cine-out.dcm");
            file.Save(output, options: KeepMeta);
            Assert.True(File.ReadAllBytes(source).AsSpan().SequenceEqual(File.ReadAllBytes(output)));
        }

        [Fact]
        public void ChangedFramesAreWrittenInTheFilesByteOrder()
        {
            var file = DicomFile.Open(Shared("rtdose_expb.dcm"));
            using var pixels = NativePixelData.Open(file.Dataset);
            var g = pixels.Geometry;
            var expected = new byte[g.TotalLength];
            using (var builder = new NativePixelDataBuilder(g, file.Dataset.Encoding, DicomVR.OW, _folder))
            {
                for (int f = 0; f < g.NumberOfFrames; f++)
                {
                    var frame = pixels.ReadFrame(f);
                    if (f == 4) frame.AsSpan(40, 80).Clear(); // rows 1 and 2 of frame 4 zeroed, as a rectangle would be
                    frame.CopyTo(expected, f * g.FrameLength);
                    builder.AppendFrame(frame);
                }
                builder.Commit(file.Dataset);
                string output = Path.Combine(_folder, "changed.dcm");
                file.Save(output);

                var reread = DicomFile.Open(output);
                Assert.True(reread.Dataset.Encoding.IsBigEndian);
                Assert.Equal(Swapped(expected, 4), reread.Dataset.ElementAt(reread.Dataset.IndexOf(DicomTag.PixelData)).ValueRef!.ReadAll());
                using var again = NativePixelData.Open(reread.Dataset);
                Assert.Equal(expected.AsSpan(4 * 400, 400).ToArray(), again.ReadFrame(4));
                Assert.Equal(pixels.ReadFrame(5), again.ReadFrame(5));
            }
        }

        [Theory]
        [InlineData(8, 33333, 5)] // odd frames: words split across frames and across the builder's 64 KiB staging buffer
        [InlineData(16, 22651, 4)]
        [InlineData(32, 9001, 3)]
        public void LargeBigEndianValuesAreSwappedWholeAcrossBuffers(int bits, int columns, int frames)
        {
            var g = new PixelFrameGeometry(1, columns, 1, bits, bits, bits - 1, 0, frames);
            var expected = Pattern((int)g.TotalLength, bits);
            var ds = Image(g, DicomEncoding.ExplicitBig);
            using (var builder = new NativePixelDataBuilder(g, ds.Encoding, DicomVR.OW, _folder))
            {
                for (int f = 0; f < frames; f++) builder.AppendFrame(expected.AsSpan((int)(f * g.FrameLength), (int)g.FrameLength));
                builder.Commit(ds);
                Assert.True(ds.TryGetElement(DicomTag.PixelData, out var e));
                var value = e.ValueRef!.ReadAll();
                var padded = new byte[(expected.Length + 1) & ~1];
                expected.CopyTo(padded, 0);
                Assert.True(Swapped(padded, Math.Max(2, bits / 8)).AsSpan().SequenceEqual(value));
                using var pixels = NativePixelData.Open(ds);
                for (int f = frames - 1; f >= 0; f--)
                    Assert.True(expected.AsSpan((int)(f * g.FrameLength), (int)g.FrameLength).SequenceEqual(pixels.ReadFrame(f)), $"frame {f}");
            }
        }

        [Fact]
        public void TheBuilderChecksFramesAndDeletesItsFile()
        {
            var g = new PixelFrameGeometry(2, 2, 1, 16, 16, 15, 0, 2);
            var builder = new NativePixelDataBuilder(g, DicomEncoding.ExplicitLittle, DicomVR.OW, _folder);
            Assert.Throws<ArgumentException>(() => builder.AppendFrame(new byte[7]));
            builder.AppendFrame(new byte[8]);
            Assert.Throws<InvalidOperationException>(() => builder.Commit(new DicomDataset())); // one frame missing
            builder.AppendFrame(new byte[8]);
            Assert.Throws<InvalidOperationException>(() => builder.AppendFrame(new byte[8])); // one too many
            builder.Commit(new DicomDataset());
            Assert.Throws<InvalidOperationException>(() => builder.Commit(new DicomDataset()));
            string path = builder.TemporaryPath;
            Assert.True(File.Exists(path));
            builder.Dispose();
            Assert.False(File.Exists(path));
            Assert.Throws<ArgumentException>(() => new NativePixelDataBuilder(g, DicomEncoding.ExplicitLittle, DicomVR.UN, _folder));
            Assert.Throws<NotSupportedException>(() => new NativePixelDataBuilder(new PixelFrameGeometry(3, 3, 1, 1, 1, 0, 0, 2), DicomEncoding.ExplicitLittle, DicomVR.OB, _folder));
        }

        [Fact]
        public void AnOddValueIsPaddedToEvenLength()
        {
            var g = new PixelFrameGeometry(3, 3, 3, 8, 8, 7, 0, 1, 0, "RGB");
            var ds = Image(g);
            using var builder = new NativePixelDataBuilder(g, ds.Encoding, DicomVR.OB, _folder);
            var frame = Pattern(27, 4);
            builder.AppendFrame(frame);
            builder.Commit(ds);
            Assert.True(ds.TryGetElement(DicomTag.PixelData, out var e));
            Assert.Equal(DicomVR.OB, e.VR);
            var value = e.ValueRef!.ReadAll();
            Assert.Equal(28, value.Length);
            Assert.Equal(frame, value.AsSpan(0, 27).ToArray());
            Assert.Equal(0, value[27]);
        }
    }
}
