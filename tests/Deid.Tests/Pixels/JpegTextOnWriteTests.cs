using System;
using System.Collections.Generic;
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
    /// The JPEG-text step leaves its look to the write when the file is to be written (JpegTextOnWrite): the writer shows it the
    /// fragments as it copies them. A clean file must then be written as before, byte for byte, with no look of its own first;
    /// a file with text must fail that look, and the step's own look must then strip it, exactly as before.
    /// </summary>
    public sealed class JpegTextOnWriteTests : IDisposable
    {
        private const string Marker = "ONWRITE^MARKER^4410";
        private readonly string _dir = Path.Combine(Path.GetTempPath(), "deid-onwrite-" + Guid.NewGuid().ToString("N").Substring(0, 12));

        public JpegTextOnWriteTests() => Directory.CreateDirectory(_dir);

        public void Dispose() => Directory.Delete(_dir, true);

        private static string Cookie(int n) => TestPaths.Data("deid-data", "dicom-cookies", $"image{n}.dcm");

        /// <summary>The cookie's frame split over <paramref name="pieces"/> fragments after an offset table, <paramref name="edit"/> applied first.</summary>
        private string Fragmented(string name, int pieces, Func<byte[], byte[]> edit, byte[]? offsetTable = null)
        {
            var file = DicomFile.Open(Cookie(1));
            byte[] frame;
            using (var pixels = EncapsulatedPixelData.Open(file.Dataset)) frame = edit(pixels.ReadFrame(0));
            if (frame.Length % 2 == 1) frame = Join(frame, new byte[] { 0 });
            var items = new List<DicomFragment> { new DicomFragment(offsetTable ?? new byte[4]) };
            int size = (frame.Length / pieces) & ~1;
            for (int at = 0, k = 0; at < frame.Length; k++)
            {
                int length = k == pieces - 1 ? frame.Length - at : size;
                items.Add(new DicomFragment(frame.AsMemory(at, length)));
                at += length;
            }
            EncapsulatedPixelDataBuilder.SetPixelData(file.Dataset, DicomFragments.Create(items.ToArray()));
            string path = Path.Combine(_dir, name);
            file.Save(path);
            return path;
        }

        private static byte[] InjectBeforeEoi(byte[] frame)
        {
            int eoi = frame.Length - 2;
            while (eoi > 2 && !(frame[eoi] == 0xFF && frame[eoi + 1] == 0xD9)) eoi--;
            return Join(frame.Take(eoi).ToArray(), Segment(0xFE, Ascii(Marker)), frame.Skip(eoi).ToArray());
        }

        /// <summary>The step run on <paramref name="path"/> as a batch runs it for a file it will write (or, with <paramref name="dryRun"/>, a dry run).</summary>
        private static (FileStepContext Context, IStepStatistics Statistics) Step(string path, bool dryRun = false)
        {
            var file = DicomFile.OpenHeld(path);
            var context = new FileStepContext(file, path, null, new List<DeidWarning>()) { IsDryRun = dryRun, CanLookWhileWriting = !dryRun };
            return (context, new JpegTextStep().Begin(context).Apply());
        }

        [Theory]
        [InlineData(1)]
        [InlineData(2)]
        [InlineData(3)]
        [InlineData(4)]
        [InlineData(5)]
        [InlineData(6)]
        [InlineData(7)]
        public void A_clean_cookie_is_looked_at_while_written_and_written_as_the_kernel_copy_writes_it(int n)
        {
            var (context, statistics) = Step(Cookie(n));
            var look = context.LookOnWrite;
            Assert.NotNull(look);
            Assert.Equal(0, ((JpegTextStatistics)statistics).SegmentsRemoved);
            string observed = Path.Combine(_dir, "observed.dcm"), plain = Path.Combine(_dir, "plain.dcm");
            context.File.Save(observed, options: new DicomWriteOptions { PixelDataObserver = look });
            Assert.True(look!.Completed);
            context.File.Save(plain);
            context.File.ReleaseSource();
            Assert.Equal(File.ReadAllBytes(plain), File.ReadAllBytes(observed));
            Assert.Equal(File.ReadAllBytes(Cookie(n)), File.ReadAllBytes(observed));
        }

        [Theory]
        [InlineData(1)]
        [InlineData(3)]
        [InlineData(40)]
        public void A_frame_over_several_fragments_is_followed_across_them(int pieces)
        {
            string clean = Fragmented($"clean-{pieces}.dcm", pieces, f => f);
            var (context, _) = Step(clean);
            context.File.Save(Path.Combine(_dir, $"clean-{pieces}-out.dcm"), options: new DicomWriteOptions { PixelDataObserver = context.LookOnWrite });
            Assert.True(context.LookOnWrite!.Completed);
            context.File.ReleaseSource();

            // A comment before EOI, in the last fragment: only a walk through every fragment finds it.
            string dirty = Fragmented($"dirty-{pieces}.dcm", pieces, InjectBeforeEoi);
            (context, _) = Step(dirty);
            string output = Path.Combine(_dir, $"dirty-{pieces}-out.dcm");
            Assert.Throws<PixelLookNotCertainException>(() => context.File.Save(output, options: new DicomWriteOptions { PixelDataObserver = context.LookOnWrite }));
            Assert.False(File.Exists(output)); // the write was abandoned, nothing kept
            var instead = Assert.IsType<JpegTextStatistics>(context.LookOnWrite!.Instead());
            Assert.Equal(1, instead.SegmentsRemoved);
            context.File.Save(output);
            context.File.ReleaseSource();
            Assert.DoesNotContain(Marker, Encoding.ASCII.GetString(File.ReadAllBytes(output)), StringComparison.Ordinal);
        }

        [Fact]
        public void A_dry_run_looks_before_any_write_and_counts_the_text()
        {
            string dirty = Fragmented("dry.dcm", 2, InjectBeforeEoi);
            var (context, statistics) = Step(dirty, dryRun: true);
            context.File.ReleaseSource();
            Assert.Null(context.LookOnWrite);
            Assert.Equal(1, ((JpegTextStatistics)statistics).SegmentsRemoved);
        }

        [Theory]
        [InlineData(1)]
        [InlineData(40)]
        public void A_batch_strips_text_found_while_writing_and_reports_it_and_writes_a_clean_file_unchanged(int pieces)
        {
            var batch = new DeidBatch(new IFileStep[] { new JpegTextStep() });
            string dirty = Fragmented($"batch-dirty-{pieces}.dcm", pieces, InjectBeforeEoi);
            string output = Path.Combine(_dir, $"batch-dirty-{pieces}-out.dcm");
            var result = batch.ProcessOne(new DeidFileRequest(dirty, output));
            Assert.True(result.Succeeded, result.Error?.ToString());
            Assert.True(result.Written);
            var counts = Assert.IsType<JpegTextStatistics>(Assert.Single(result.Steps));
            Assert.Equal(1, counts.SegmentsRemoved);
            Assert.DoesNotContain(Marker, Encoding.ASCII.GetString(File.ReadAllBytes(output)), StringComparison.Ordinal);
            Assert.Empty(Directory.GetFiles(_dir, ".*.tmp")); // the abandoned write left nothing behind

            string clean = Fragmented($"batch-clean-{pieces}.dcm", pieces, f => f);
            output = Path.Combine(_dir, $"batch-clean-{pieces}-out.dcm");
            result = batch.ProcessOne(new DeidFileRequest(clean, output));
            Assert.True(result.Succeeded, result.Error?.ToString());
            Assert.Equal(0, Assert.IsType<JpegTextStatistics>(Assert.Single(result.Steps)).SegmentsRemoved);
            Assert.Equal(File.ReadAllBytes(clean), File.ReadAllBytes(output));
        }

        [Theory]
        [InlineData(1)]
        [InlineData(3)]
        public void An_offset_table_that_does_not_fit_is_written_empty_and_its_bytes_are_gone(int pieces)
        {
            // Leak QA 2026-12-06, F2: 16 bytes of text as the table of a one-frame image were copied as they were.
            string lying = Fragmented($"bot-{pieces}.dcm", pieces, f => f, Encoding.ASCII.GetBytes("ZYLSTRA^QUENTIN!"));
            string output = Path.Combine(_dir, $"bot-{pieces}-out.dcm");
            var result = new DeidBatch(new IFileStep[] { new JpegTextStep() }).ProcessOne(new DeidFileRequest(lying, output));
            Assert.True(result.Succeeded, result.Error?.ToString());
            Assert.Contains(result.Warnings, w => w.Message.Contains("Basic Offset Table", StringComparison.Ordinal));
            Assert.DoesNotContain("ZYLSTRA", Encoding.ASCII.GetString(File.ReadAllBytes(output)), StringComparison.Ordinal);
            var written = DicomFile.Open(output);
            Assert.True(written.Dataset.TryGetElement(DicomTag.PixelData, out var e));
            Assert.Equal(0, e.Fragments!.Items[0].Length);
            using var before = EncapsulatedPixelData.Open(DicomFile.Open(Cookie(1)).Dataset);
            using var after = EncapsulatedPixelData.Open(written.Dataset);
            Assert.Equal(before.ReadFrame(0), after.ReadFrame(0));
        }

        [Fact]
        public void An_extended_offset_table_beside_native_pixels_or_unfit_is_removed_and_a_fitting_one_kept()
        {
            // Leak QA 2026-12-06, F3: (7FE0,0001) OV holding a name beside native pixel data was copied as it was.
            var batch = new DeidBatch(new IFileStep[] { new JpegTextStep() });
            byte[] name = Encoding.ASCII.GetBytes("ZYLSTRA^QUENTIN!");
            var native = new DicomFile(TransferSyntax.ExplicitVRLittleEndian);
            native.Dataset.SetString(DicomTags.Modality, DicomVR.CS, "OT");
            native.Dataset.SetRawValue(DicomTags.ExtendedOffsetTable, DicomVR.OV, name);
            native.Dataset.SetRawValue(DicomTags.ExtendedOffsetTableLengths, DicomVR.OV, new byte[8]);
            native.Dataset.SetRawValue(DicomTag.PixelData, DicomVR.OW, new byte[4]);
            native.EnsureFileMeta();
            string nativePath = Path.Combine(_dir, "eot-native.dcm");
            native.Save(nativePath);
            string output = Path.Combine(_dir, "eot-native-out.dcm");
            var result = batch.ProcessOne(new DeidFileRequest(nativePath, output));
            Assert.True(result.Succeeded, result.Error?.ToString());
            Assert.Contains(result.Warnings, w => w.Message.Contains("Extended Offset Table (7FE0,0001) was removed: the Pixel Data is not encapsulated", StringComparison.Ordinal));
            Assert.DoesNotContain("ZYLSTRA", Encoding.ASCII.GetString(File.ReadAllBytes(output)), StringComparison.Ordinal);
            Assert.False(DicomFile.Open(output).Dataset.Contains(DicomTags.ExtendedOffsetTableLengths));

            // On the cookie (one frame): a table of one offset 0 and the frame's length fits and stays; text in it does not.
            foreach (var (table, fits) in new[] { (new byte[8], true), (name.Take(8).ToArray(), false) })
            {
                string path = Fragmented(fits ? "eot-fits.dcm" : "eot-text.dcm", 2, f => f);
                var file = DicomFile.Open(path);
                file.Dataset.TryGetElement(DicomTag.PixelData, out var pixels);
                long length = pixels.Fragments!.Items.Skip(1).Sum(i => (long)i.Length);
                var lengths = new byte[8];
                System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(lengths, (ulong)length);
                file.Dataset.SetRawValue(DicomTags.ExtendedOffsetTable, DicomVR.OV, table);
                file.Dataset.SetRawValue(DicomTags.ExtendedOffsetTableLengths, DicomVR.OV, lengths);
                file.Save(path + ".eot.dcm");
                output = path + ".out.dcm";
                result = batch.ProcessOne(new DeidFileRequest(path + ".eot.dcm", output));
                Assert.True(result.Succeeded, result.Error?.ToString());
                Assert.Equal(fits, DicomFile.Open(output).Dataset.Contains(DicomTags.ExtendedOffsetTable));
                Assert.DoesNotContain("ZYLSTRA", Encoding.ASCII.GetString(File.ReadAllBytes(output)), StringComparison.Ordinal);
            }
        }

        [Fact]
        public void A_malformed_codestream_fails_the_file_as_the_steps_own_look_does()
        {
            // Cut inside the entropy-coded data: the look while writing is not certain, and the step's own look then decides
            // (the walk of a frame that ends without EOI finds nothing to remove; the file is written as it was).
            string cut = Fragmented("cut.dcm", 2, f => f.Take(f.Length / 2).ToArray());
            string output = Path.Combine(_dir, "cut-out.dcm");
            var result = new DeidBatch(new IFileStep[] { new JpegTextStep() }).ProcessOne(new DeidFileRequest(cut, output));
            var eager = new DeidBatch(new IFileStep[] { new JpegTextStep() }) { DryRun = true }.ProcessOne(new DeidFileRequest(cut, output + ".dry"));
            Assert.Equal(eager.Succeeded, result.Succeeded);
            Assert.Equal(eager.Error?.Message, result.Error?.Message);
            if (result.Succeeded) Assert.Equal(File.ReadAllBytes(cut), File.ReadAllBytes(output));

            // A segment whose length runs past the frame: the step's own look fails the file, with its own message.
            string lying = Fragmented("lying.dcm", 2, f =>
            {
                var g = (byte[])f.Clone();
                g[4] = 0x7F; // the first segment's length, high byte
                return g;
            });
            output = Path.Combine(_dir, "lying-out.dcm");
            result = new DeidBatch(new IFileStep[] { new JpegTextStep() }).ProcessOne(new DeidFileRequest(lying, output));
            eager = new DeidBatch(new IFileStep[] { new JpegTextStep() }) { DryRun = true }.ProcessOne(new DeidFileRequest(lying, output + ".dry"));
            Assert.False(result.Succeeded);
            Assert.Equal(eager.Error?.Message, result.Error?.Message);
            Assert.False(File.Exists(output));
        }
    }
}
