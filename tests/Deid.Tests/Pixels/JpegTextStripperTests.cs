using System;
using System.IO;
using System.Linq;
using System.Text;
using Deid.Batch;
using Deid.Dicom;
using Deid.Pixels;
using Deid.Steps;
using Xunit;
using static Deid.Tests.Pixels.CodestreamBytes;

namespace Deid.Tests.Pixels
{
    /// <summary>
    /// Text inside compressed pixel data: COM and unneeded APPn segments leave every frame, every other byte stays as it was (so
    /// the decoded pixels are identical), a file without them is written byte for byte, and a broken segment length is bad data.
    /// </summary>
    public sealed class JpegTextStripperTests : IDisposable
    {
        private const string Marker = "LEAKY^MARKER^7731";
        private readonly string _dir = Path.Combine(Path.GetTempPath(), "deid-jpegtext-" + Guid.NewGuid().ToString("N").Substring(0, 12));

        public JpegTextStripperTests() => Directory.CreateDirectory(_dir);

        public void Dispose() => Directory.Delete(_dir, true);

        private static readonly byte[] Soi = { 0xFF, 0xD8 };
        private static readonly byte[] Eoi = { 0xFF, 0xD9 };
        private static readonly byte[] Jfif = Segment(0xE0, Ascii("JFIF\0\u0001\u0001\0\0\u0001\0\u0001\0\0"));
        private static readonly byte[] Comment = Segment(0xFE, Ascii("DOE^JOHN"));
        private static readonly byte[] Exif = Segment(0xE1, Ascii("Exif\0\0Artist=DOE^JOHN"));
        private static readonly byte[] Adobe = Segment(0xEE, Ascii("Adobe\0\u0064\0\0\0\0\u0001"));
        private static readonly byte[] Dqt = Segment(0xDB, new byte[65]);
        private static readonly byte[] Sof = Segment(0xC0, new byte[] { 8, 0, 8, 0, 8, 1, 1, 0x11, 0 });
        private static readonly byte[] Dht = Segment(0xC4, new byte[] { 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 });
        private static readonly byte[] Sos = Segment(0xDA, new byte[] { 1, 1, 0, 0, 0x3F, 0 });

        // Entropy-coded data with JPEG's stuffed 0xFF 0x00 and a restart marker, which must not be read as segments.
        private static readonly byte[] Scan = { 0x12, 0xFF, 0x00, 0x34, 0xFF, 0xD0, 0x56, 0xFE, 0x78 };

        [Fact]
        public void HandBuiltStream_ComAndExifRemoved_RestByteIdentical()
        {
            var input = Join(Soi, Jfif, Comment, Exif, Adobe, Dqt, Sof, Dht, Sos, Scan, Eoi);
            Assert.True(JpegTextStripper.Strip(input, jpegLs: false, out var stripped, out int removed));
            Assert.Equal(2, removed);
            Assert.Equal(Join(Soi, Jfif, Adobe, Dqt, Sof, Dht, Sos, Scan, Eoi), stripped);
        }

        [Fact]
        public void SegmentsBetweenScans_AndUnknownApp0_AreRemoved()
        {
            var app0 = Segment(0xE0, Ascii("NAME: DOE^JOHN"));
            var input = Join(Soi, app0, Dqt, Sof, Dht, Sos, Scan, Comment, Dht, Sos, Scan, Eoi, new byte[] { 0 });
            Assert.True(JpegTextStripper.Strip(input, jpegLs: false, out var stripped, out int removed));
            Assert.Equal(2, removed);
            Assert.Equal(Join(Soi, Dqt, Sof, Dht, Sos, Scan, Dht, Sos, Scan, Eoi, new byte[] { 0 }), stripped);
        }

        [Fact]
        public void Mrfx_KeptForJpegLsOnly()
        {
            var mrfx = Segment(0xE8, Ascii("mrfx\u0001"));
            var input = Join(Soi, mrfx, Sof, Sos, Scan, Eoi);
            Assert.False(JpegTextStripper.Strip(input, jpegLs: true, out var kept, out int none));
            Assert.Null(kept);
            Assert.Equal(0, none);
            Assert.True(JpegTextStripper.Strip(input, jpegLs: false, out _, out int one));
            Assert.Equal(1, one);
        }

        [Fact]
        public void CleanStream_NothingChanged()
        {
            var input = Join(Soi, Jfif, Adobe, Dqt, Sof, Dht, Sos, Scan, Eoi);
            Assert.False(JpegTextStripper.Strip(input, jpegLs: false, out var stripped, out int removed));
            Assert.Null(stripped);
            Assert.Equal(0, removed);
        }

        [Fact]
        public void JfifAdobeAndMrfx_CutToTheirHeader_ThumbnailAndTextGo()
        {
            // A JFIF announcing a 1x1 thumbnail (3 bytes) and text after it; an Adobe segment and an mrfx segment with text after their header.
            var jfif = Segment(0xE0, Join(Ascii("JFIF\0\u0001\u0001\0\0\u0001\0\u0001\u0001\u0001"), new byte[] { 9, 9, 9 }, Ascii(Marker)));
            var adobe = Segment(0xEE, Join(Ascii("Adobe\0\u0064\0\0\0\0\u0001"), Ascii(Marker)));
            var mrfx = Segment(0xE8, Join(Ascii("mrfx\u0001"), Ascii(Marker)));
            var input = Join(Soi, jfif, adobe, mrfx, Dqt, Sof, Dht, Sos, Scan, Eoi);
            Assert.True(JpegTextStripper.Strip(input, jpegLs: true, out var stripped, out int removed));
            Assert.Equal(3, removed);
            var cutJfif = Segment(0xE0, Ascii("JFIF\0\u0001\u0001\0\0\u0001\0\u0001\0\0")); // no thumbnail left, none announced
            Assert.Equal(Join(Soi, cutJfif, Adobe, Segment(0xE8, Ascii("mrfx\u0001")), Dqt, Sof, Dht, Sos, Scan, Eoi), stripped);
            Assert.DoesNotContain(Marker, Encoding.ASCII.GetString(stripped!), StringComparison.Ordinal);
        }

        [Fact]
        public void Jfxx_IsOnlyAThumbnail_Removed()
        {
            var jfxx = Segment(0xE0, Join(Ascii("JFXX\0\u0010"), Soi, Comment, Eoi));
            var input = Join(Soi, Jfif, jfxx, Dqt, Sof, Dht, Sos, Scan, Eoi);
            Assert.True(JpegTextStripper.Strip(input, jpegLs: false, out var stripped, out int removed));
            Assert.Equal(1, removed);
            Assert.Equal(Join(Soi, Jfif, Dqt, Sof, Dht, Sos, Scan, Eoi), stripped);
        }

        [Theory]
        [InlineData(new byte[] { 0 }, false)]
        [InlineData(new byte[] { 0xFF, 0, 0, 0 }, false)]
        [InlineData(new byte[] { (byte)'D', (byte)'O', (byte)'E', 0 }, true)]
        [InlineData(new byte[] { 0, 0xFF, 0xD8, 0xFF, 0xFE, 0, 4, (byte)'J', (byte)'D' }, true)]
        public void AfterEoi_PaddingKept_AnythingElseRemoved(byte[] trailer, bool removed)
        {
            var input = Join(Soi, Dqt, Sof, Dht, Sos, Scan, Eoi, trailer);
            Assert.Equal(removed, JpegTextStripper.Strip(input, jpegLs: false, out var stripped, out int count));
            Assert.Equal(removed ? 1 : 0, count);
            if (removed) Assert.Equal(Join(Soi, Dqt, Sof, Dht, Sos, Scan, Eoi), stripped);
        }

        [Fact]
        public void JpegExtensionSegments_Removed_ButJpegLsKeepsItsOwn()
        {
            var jpg0 = Segment(0xF0, Ascii(Marker));
            var jpg13 = Segment(0xFD, Ascii(Marker));
            var sof55 = Segment(0xF7, new byte[] { 8, 0, 8, 0, 8, 1, 1, 0x11, 0 });
            var lse = Segment(0xF8, new byte[] { 1, 0, 255, 0, 3, 0, 7, 0, 21, 0, 64 });
            Assert.True(JpegTextStripper.Strip(Join(Soi, jpg0, Dqt, Sof, jpg13, Dht, Sos, Scan, Eoi), jpegLs: false, out var baseline, out int two));
            Assert.Equal(2, two);
            Assert.Equal(Join(Soi, Dqt, Sof, Dht, Sos, Scan, Eoi), baseline);
            Assert.True(JpegTextStripper.Strip(Join(Soi, jpg0, sof55, lse, Sos, Scan, Eoi), jpegLs: true, out var ls, out int one));
            Assert.Equal(1, one);
            Assert.Equal(Join(Soi, sof55, lse, Sos, Scan, Eoi), ls);
        }

        [Theory]
        [InlineData(0)] // the COM's length runs past the frame
        [InlineData(1)] // the frame ends between a marker and its length
        [InlineData(2)] // a length below 2
        public void MalformedSegment_Throws(int kind)
        {
            byte[] input = kind switch
            {
                0 => Join(Soi, Jfif, Comment.Take(Comment.Length - 3).ToArray()),
                1 => Join(Soi, Jfif, new byte[] { 0xFF, 0xFE, 0x00 }),
                _ => Join(Soi, new byte[] { 0xFF, 0xFE, 0x00, 0x01 }, Sos, Scan, Eoi),
            };
            Assert.Throws<DicomFormatException>(() => JpegTextStripper.Strip(input, jpegLs: false, out _, out _));
        }

        [Fact]
        public void NoSoi_Throws() => Assert.Throws<DicomFormatException>(() => JpegTextStripper.Strip(Join(Dqt, Eoi), false, out _, out _));

        private static string Cookie => TestPaths.Data("deid-data", "dicom-cookies", "image1.dcm");

        /// <summary>The cookie, read, and its one JPEG frame.</summary>
        private static (DicomFile File, byte[] Frame) CookieAndFrame()
        {
            var file = DicomFile.Open(Cookie);
            using var pixels = EncapsulatedPixelData.Open(file.Dataset);
            return (file, pixels.ReadFrame(0));
        }

        /// <summary>Writes the cookie with a COM segment holding <see cref="Marker"/> put right after SOI of its frame.</summary>
        private string InjectComment()
        {
            var (file, frame) = CookieAndFrame();
            var injected = Join(Soi, Segment(0xFE, Ascii(Marker)), frame.Skip(2).ToArray());
            string path = Path.Combine(_dir, "injected.dcm");
            using (var builder = new EncapsulatedPixelDataBuilder(_dir))
            {
                builder.AppendFrame(injected);
                builder.Commit(file.Dataset);
                file.Save(path);
            }
            Assert.Contains(Marker, Encoding.ASCII.GetString(File.ReadAllBytes(path)), StringComparison.Ordinal);
            return path;
        }

        /// <summary>Saves <paramref name="file"/> as <paramref name="name"/> with two frames in <paramref name="items"/> (offset table first).</summary>
        private string SaveTwoFrames(DicomFile file, DicomFragment[] items, string name)
        {
            EncapsulatedPixelDataBuilder.SetPixelData(file.Dataset, DicomFragments.Create(items));
            file.Dataset.SetString(DicomTags.NumberOfFrames, DicomVR.IS, "2");
            string path = Path.Combine(_dir, name);
            file.Save(path);
            return path;
        }

        private static DeidFileResult RunStep(string input, string output) =>
            new DeidBatch(new IFileStep[] { new JpegTextStep() }).ProcessOne(new DeidFileRequest(input, output));

        private static byte[] Decode(string path)
        {
            var file = DicomFile.Open(path);
            var codec = PixelCodecRegistry.Default.GetDecoder(file.TransferSyntax);
            using var pixels = EncapsulatedPixelData.Open(file.Dataset);
            var decoded = PixelDecoding.DecodedGeometry(codec, file.TransferSyntax, pixels.Geometry, pixels.ReadFrame(0));
            var bytes = new byte[decoded.FrameLength];
            pixels.DecodeFrame(0, codec, bytes);
            return bytes;
        }

        [Fact]
        public void RealFile_InjectedComment_GoneFromOutput_PixelsIdentical()
        {
            string input = InjectComment();
            string output = Path.Combine(_dir, "out.dcm");
            var result = RunStep(input, output);
            Assert.True(result.Succeeded, result.Error?.ToString());
            var counts = Assert.IsType<JpegTextStatistics>(Assert.Single(result.Steps));
            Assert.Equal(1, counts.SegmentsRemoved);
            Assert.Equal(1, counts.FramesChanged);
            Assert.DoesNotContain(Marker, Encoding.ASCII.GetString(File.ReadAllBytes(output)), StringComparison.Ordinal);
            Assert.Equal(Decode(Cookie), Decode(output));
            Assert.Equal(Decode(input), Decode(output));
        }

        [Fact]
        public void MultiFrame_FragmentsNotOnePerFrame_NoOffsetTable_SplitAtStartOfImage()
        {
            // Two frames in three fragments and an empty offset table: frames are found by their SOI markers.
            var (file, frame) = CookieAndFrame();
            var dirty = Join(Soi, Segment(0xFE, Ascii(Marker)), frame.Skip(2).ToArray());
            if (dirty.Length % 2 == 1) dirty = Join(dirty, new byte[] { 0 });
            int cut = dirty.Length / 2 & ~1;
            var items = new[]
            {
                new DicomFragment(ReadOnlyMemory<byte>.Empty),
                new DicomFragment(frame),
                new DicomFragment(dirty.AsMemory(0, cut)),
                new DicomFragment(dirty.AsMemory(cut)),
            };
            string input = SaveTwoFrames(file, items, "two-frames.dcm");
            string output = Path.Combine(_dir, "two-frames-out.dcm");
            var result = RunStep(input, output);
            Assert.True(result.Succeeded, result.Error?.ToString());
            Assert.Equal(1, Assert.IsType<JpegTextStatistics>(Assert.Single(result.Steps)).SegmentsRemoved);
            Assert.DoesNotContain(Marker, Encoding.ASCII.GetString(File.ReadAllBytes(output)), StringComparison.Ordinal);
            using var written = EncapsulatedPixelData.Open(DicomFile.Open(output).Dataset);
            Assert.Equal(2, written.Fragments.FragmentCount);
            Assert.Equal(frame, written.ReadFrame(0));
        }

        /// <summary>
        /// Codec QA 2026-12-06, F1: pixel data whose writer left out the Basic Offset Table item and began with the frame. Read as
        /// the table, the frame did not fit the fragments and was emptied: the copy had no image, even under a recipe of no
        /// actions. An empty table is now put before it; the frame is kept byte for byte, or loses only its text.
        /// </summary>
        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public void AFrameInPlaceOfTheOffsetTable_IsKept_AndAnEmptyTableWrittenBeforeIt(bool withText)
        {
            var (file, frame) = CookieAndFrame();
            var first = withText ? Join(Soi, Segment(0xFE, Ascii(Marker)), frame.Skip(2).ToArray()) : frame;
            if (first.Length % 2 == 1) first = Join(first, new byte[] { 0 });
            EncapsulatedPixelDataBuilder.SetPixelData(file.Dataset, DicomFragments.Create(new[] { new DicomFragment(first) }));
            string input = Path.Combine(_dir, "no-table.dcm");
            file.Save(input);
            string output = Path.Combine(_dir, "no-table-out.dcm");
            var result = RunStep(input, output);
            Assert.True(result.Succeeded, result.Error?.ToString());
            Assert.Contains(result.Warnings, w => w.Message.Contains("no Basic Offset Table item", StringComparison.Ordinal));
            var written = DicomFile.Open(output);
            written.Dataset.TryGetElement(DicomTag.PixelData, out var pixelData);
            Assert.Equal(0, pixelData.Fragments!.Items[0].Length);
            Assert.Equal(1, pixelData.Fragments.FragmentCount);
            using var pixels = EncapsulatedPixelData.Open(written.Dataset);
            if (withText) Assert.DoesNotContain(Marker, Encoding.ASCII.GetString(File.ReadAllBytes(output)), StringComparison.Ordinal);
            Assert.Equal(frame, pixels.ReadFrame(0).Take(frame.Length).ToArray());
            Assert.Equal(Decode(Cookie), Decode(output));
        }

        [Fact]
        public void MultiFrame_OffsetTableThatLies_FramesToldApartByTheirFragments()
        {
            // QA, huge files F1: a Basic Offset Table that does not fit its fragments (offsets wrapped past 4 GiB, one inside a
            // fragment) sent the step to join every fragment in memory: 6 GB of RSS for a 4.5 GB file, then a failure. One
            // fragment a frame tells the frames apart as well, and is read frame by frame. Joined and cut at every SOI, this
            // file split in three: its second frame carries a thumbnail-like SOI inside an application segment.
            var (file, frame) = CookieAndFrame();
            var dirty = Join(Soi, Segment(0xE1, Join(Ascii("Exif\0\0"), Soi, Ascii("thumb " + Marker), Eoi)), frame.Skip(2).ToArray());
            if (dirty.Length % 2 == 1) dirty = Join(dirty, new byte[] { 0 });
            var table = new byte[8];
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(table.AsSpan(4), 6); // inside the first fragment
            var items = new[] { new DicomFragment(table), new DicomFragment(frame), new DicomFragment(dirty) };
            string input = SaveTwoFrames(file, items, "lying-table.dcm");
            Assert.Throws<DicomFormatException>(() => EncapsulatedPixelData.Open(DicomFile.Open(input).Dataset));

            string output = Path.Combine(_dir, "lying-table-out.dcm");
            var result = RunStep(input, output);
            Assert.True(result.Succeeded, result.Error?.ToString());
            Assert.Equal(1, Assert.IsType<JpegTextStatistics>(Assert.Single(result.Steps)).FramesChanged);
            Assert.DoesNotContain(Marker, Encoding.ASCII.GetString(File.ReadAllBytes(output)), StringComparison.Ordinal);
            // Rebuilt with a table that fits: both frames read back, the first as it was, the second without its segment.
            using var written = EncapsulatedPixelData.Open(DicomFile.Open(output).Dataset);
            Assert.Equal(frame, written.ReadFrame(0));
            Assert.Equal(frame.Skip(2).ToArray(), written.ReadFrame(1).Skip(2).Take(frame.Length - 2).ToArray());
        }

        /// <summary>
        /// Huge-files QA, F7: an offset table whose entries are fragment starts but group them wrongly (frame 2 "starts" at the
        /// second fragment of frame 1, inside its codestream) made even a recipe of no actions refuse the file, though dcmdjpeg
        /// reads it. The frames are read where their codestreams start: a clean file is left as it was, byte for byte; text is
        /// removed and the frames rebuilt under a table that fits.
        /// </summary>
        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public void MultiFrame_OffsetTableThatGroupsFragmentsWrongly_FramesReadWhereTheirCodestreamsStart(bool withText)
        {
            var (file, frame) = CookieAndFrame();
            if (frame.Length % 2 == 1) frame = Join(frame, new byte[] { 0 });
            var second = withText ? Join(Soi, Segment(0xFE, Ascii(Marker)), frame.Skip(2).ToArray()) : frame;
            if (second.Length % 2 == 1) second = Join(second, new byte[] { 0 });
            int cut1 = frame.Length / 2 & ~1, cut2 = second.Length / 2 & ~1;
            var table = new byte[8];
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(table.AsSpan(4), (uint)(8 + cut1)); // frame 1's second fragment
            var items = new[]
            {
                new DicomFragment(table),
                new DicomFragment(frame.AsMemory(0, cut1)), new DicomFragment(frame.AsMemory(cut1)),
                new DicomFragment(second.AsMemory(0, cut2)), new DicomFragment(second.AsMemory(cut2)),
            };
            string input = SaveTwoFrames(file, items, "regrouped-table.dcm");

            string output = Path.Combine(_dir, "regrouped-table-out.dcm");
            var result = RunStep(input, output);
            Assert.True(result.Succeeded, result.Error?.ToString());
            var counts = Assert.IsType<JpegTextStatistics>(Assert.Single(result.Steps));
            if (!withText)
            {
                // The frames as they were; the table, which groups them wrongly, written empty (leak QA 2026-12-06, F2: such a
                // table's bytes were copied unchecked).
                Assert.Equal(0, counts.FramesChanged);
                var outputFile = DicomFile.Open(output);
                Assert.True(outputFile.Dataset.TryGetElement(DicomTag.PixelData, out var pixelData));
                Assert.Equal(0, pixelData.Fragments!.Items[0].Length);
                Assert.Equal(items.Length, pixelData.Fragments.Items.Count);
                for (int i = 1; i < items.Length; i++) Assert.Equal(items[i].Bytes.ToArray(), pixelData.Fragments.Items[i].Reference?.ReadAll().ToArray() ?? pixelData.Fragments.Items[i].Bytes.ToArray());
                return;
            }
            Assert.Equal(1, counts.FramesChanged);
            Assert.DoesNotContain(Marker, Encoding.ASCII.GetString(File.ReadAllBytes(output)), StringComparison.Ordinal);
            using var written = EncapsulatedPixelData.Open(DicomFile.Open(output).Dataset);
            Assert.Equal(frame, written.ReadFrame(0));
            Assert.Equal(frame.Skip(2).ToArray(), written.ReadFrame(1).Skip(2).Take(frame.Length - 2).ToArray());
        }

        /// <summary>The cookie with its frame changed by <paramref name="edit"/> (given the frame, returns the new one).</summary>
        private string WithFrame(string name, Func<byte[], byte[]> edit)
        {
            var (file, frame) = CookieAndFrame();
            string path = Path.Combine(_dir, name);
            using (var builder = new EncapsulatedPixelDataBuilder(_dir))
            {
                builder.AppendFrame(edit(frame));
                builder.Commit(file.Dataset);
                file.Save(path);
            }
            Assert.Contains(Marker, Encoding.ASCII.GetString(File.ReadAllBytes(path)), StringComparison.Ordinal);
            return path;
        }

        [Theory]
        [InlineData("jfif-tail")]
        [InlineData("after-eoi")]
        [InlineData("jpg0")]
        public void RealFile_TextInJfifAfterEoiOrExtension_GoneFromOutput_PixelsIdentical(string kind)
        {
            string input = WithFrame(kind + ".dcm", frame =>
            {
                int eoi = frame.Length - 2;
                while (!(frame[eoi] == 0xFF && frame[eoi + 1] == 0xD9)) eoi--;
                var body = frame.Skip(2).Take(eoi - 2).ToArray();
                return kind switch
                {
                    "jfif-tail" => Join(Soi, Segment(0xE0, Join(Ascii("JFIF\0\u0001\u0001\0\0\u0001\0\u0001\0\0"), Ascii(Marker))), body, Eoi),
                    "after-eoi" => Join(Soi, body, Eoi, Ascii(Marker)),
                    _ => Join(Soi, Segment(0xF0, Ascii(Marker)), body, Eoi),
                };
            });
            string output = Path.Combine(_dir, kind + "-out.dcm");
            var result = RunStep(input, output);
            Assert.True(result.Succeeded, result.Error?.ToString());
            Assert.Equal(1, Assert.IsType<JpegTextStatistics>(Assert.Single(result.Steps)).SegmentsRemoved);
            Assert.DoesNotContain(Marker, Encoding.ASCII.GetString(File.ReadAllBytes(output)), StringComparison.Ordinal);
            Assert.Equal(Decode(Cookie), Decode(output));
        }

        [Fact]
        public void RealFile_WithoutTextSegments_WrittenByteIdentical()
        {
            string output = Path.Combine(_dir, "clean.dcm");
            var result = RunStep(Cookie, output);
            Assert.True(result.Succeeded, result.Error?.ToString());
            Assert.Equal(0, result.Steps[0].Total);
            Assert.Equal(File.ReadAllBytes(Cookie), File.ReadAllBytes(output));
        }
    }
}
