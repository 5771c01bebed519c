using System;
using System.IO;
using System.Linq;
using Deid.Actions;
using Deid.Audit;
using Deid.Batch;
using Deid.Dicom;
using Deid.Pixels;
using Deid.Recipes;
using Deid.Steps;
using Xunit;

namespace Deid.Tests.Pixels
{
    /// <summary>
    /// Overlay planes embedded in the high bits of native pixel data (PS3.3 C.9.2 before 2004): once the recipe removes the
    /// overlay group that describes a plane, its bits are cleared in every sample, the image's stored bits stay bit for bit, and
    /// a plane the recipe keeps, or one with nothing drawn, leaves the pixel data as it was read.
    /// </summary>
    public sealed class EmbeddedOverlayTests : IDisposable
    {
        private const string RemoveOverlays = "FORMAT dicom\n%header\nREMOVE select:GROUP:6000\nREPLACE PatientName anonymous\n";
        private const string KeepOverlays = "FORMAT dicom\n%header\nREPLACE PatientName anonymous\n";

        private readonly string _dir = Path.Combine(Path.GetTempPath(), "deid-overlay-" + Guid.NewGuid().ToString("N").Substring(0, 12));

        public EmbeddedOverlayTests() => Directory.CreateDirectory(_dir);

        public void Dispose() => Directory.Delete(_dir, true);

        /// <summary>
        /// MR_small (64 × 64, 16 bits) made a 12-bit image with a plane in bit <paramref name="bit"/>: the image values kept to
        /// their 12 bits, and the plane's bit set in a 20 × 8 block (the annotation) when <paramref name="drawn"/>.
        /// </summary>
        private string Make(string name, ushort? bit = 12, bool drawn = true, string source = "MR_small.dcm", int frames = 1, bool declarePosition = true, int bitsAllocated = 16)
        {
            var file = DicomFile.Open(TestPaths.Data("pydicom", "test_files", source));
            var ds = file.Dataset;
            ds.SetNumbers(DicomTags.BitsStored, DicomVR.US, 12);
            ds.SetNumbers(DicomTags.HighBit, DicomVR.US, 11);
            ds.SetNumbers(DicomTags.PixelRepresentation, DicomVR.US, 0);
            byte[] frame;
            using (var px = NativePixelData.Open(ds)) frame = px.ReadFrame(0);
            for (int i = 0; i < frame.Length; i += 2)
            {
                int pixel = i / 2, x = pixel % 64, y = pixel / 64;
                ushort v = (ushort)(BitConverter.ToUInt16(frame, i) & 0x0FFF);
                if (drawn && bit != null && x >= 10 && x < 30 && y >= 5 && y < 13) v |= (ushort)(1 << bit.Value);
                BitConverter.GetBytes(v).CopyTo(frame, i);
            }
            var all = Enumerable.Repeat(frame, frames).SelectMany(f => f).ToArray();
            if (frames > 1) ds.SetString(DicomTags.NumberOfFrames, DicomVR.IS, frames.ToString(System.Globalization.CultureInfo.InvariantCulture));
            if (ds.Encoding.IsBigEndian)
            {
                for (int i = 0; i < all.Length; i += 2) (all[i], all[i + 1]) = (all[i + 1], all[i]);
            }
            ds.SetRawValue(DicomTag.PixelData, DicomVR.OW, all);
            ds.SetNumbers(new DicomTag(0x6000, 0x0010), DicomVR.US, 64);
            ds.SetNumbers(new DicomTag(0x6000, 0x0011), DicomVR.US, 64);
            ds.SetString(new DicomTag(0x6000, 0x0040), DicomVR.CS, "G");
            ds.SetNumbers(new DicomTag(0x6000, 0x0100), DicomVR.US, bitsAllocated);
            if (declarePosition) ds.SetNumbers(new DicomTag(0x6000, 0x0102), DicomVR.US, bit ?? 0);
            string path = Path.Combine(_dir, name);
            file.Save(path);
            return path;
        }

        private DeidFileResult Run(string input, string recipe, out string output)
        {
            output = Path.Combine(_dir, "out-" + Guid.NewGuid().ToString("N").Substring(0, 8) + "-" + Path.GetFileName(input));
            var engine = new HeaderActionEngine(DeidRecipe.Parse(recipe));
            return new DeidBatch(new IFileStep[] { engine, new EmbeddedOverlayStep() }).ProcessOne(new DeidFileRequest(input, output));
        }

        private static ushort[] Samples(string path)
        {
            var file = DicomFile.Open(path);
            using var px = NativePixelData.Open(file.Dataset);
            var result = new ushort[px.Geometry.NumberOfFrames * px.Geometry.Rows * px.Geometry.Columns];
            int k = 0;
            for (int f = 0; f < px.Geometry.NumberOfFrames; f++)
            {
                var frame = px.ReadFrame(f);
                for (int i = 0; i < frame.Length; i += 2) result[k++] = BitConverter.ToUInt16(frame, i);
            }
            return result;
        }

        [Fact]
        public void Find_TakesPlanesWithoutOverlayData_WhoseBitsAllocatedIsTheImages()
        {
            var ds = DicomFile.Open(Make("a.dcm")).Dataset;
            var plane = Assert.Single(EmbeddedOverlay.Find(ds));
            Assert.Equal(0x6000, plane.Group);
            Assert.Equal(12L, plane.BitPosition);
            Assert.Equal("6000", plane.ToString());
            Assert.True(plane.IsDeclaredIn(ds));

            // A separate plane (Overlay Data present, one bit allocated) is not embedded.
            var separate = DicomFile.Open(TestPaths.Data("pydicom", "test_files", "examples_overlay.dcm")).Dataset;
            Assert.Empty(EmbeddedOverlay.Find(separate));
            // Nor one whose bits allocated is not the image's, nor one with Overlay Data beside it.
            ds.SetNumbers(new DicomTag(0x6000, 0x0100), DicomVR.US, 8);
            Assert.Empty(EmbeddedOverlay.Find(ds));
            ds.SetNumbers(new DicomTag(0x6000, 0x0100), DicomVR.US, 16);
            ds.SetRawValue(new DicomTag(0x6000, 0x3000), DicomVR.OW, new byte[512]);
            Assert.Empty(EmbeddedOverlay.Find(ds));
        }

        [Fact]
        public void SampleBits_NeverTouchTheImagesStoredBits()
        {
            var ds = DicomFile.Open(Make("b.dcm")).Dataset;
            var g = PixelFrameGeometry.FromDataset(ds);
            var plane = Assert.Single(EmbeddedOverlay.Find(ds));
            Assert.Equal(0x1000UL, plane.SampleBits(g));
            ds.SetNumbers(new DicomTag(0x6000, 0x0102), DicomVR.US, 5);
            Assert.Equal(0UL, Assert.Single(EmbeddedOverlay.Find(ds)).SampleBits(g));
            ds.Remove(new DicomTag(0x6000, 0x0102));
            Assert.Equal(0xF000UL, Assert.Single(EmbeddedOverlay.Find(ds)).SampleBits(g));
        }

        [Theory]
        [InlineData("MR_small.dcm", 1)]
        [InlineData("MR_small.dcm", 3)]
        [InlineData("MR_small_bigendian.dcm", 1)]
        [InlineData("MR_small_implicit.dcm", 2)]
        public void RecipeRemovesTheGroup_PlaneIsCleared_ImageBitsKept(string source, int frames)
        {
            string input = Make("c-" + frames + source, source: source, frames: frames);
            byte[] inputBytes = File.ReadAllBytes(input);
            var result = Run(input, RemoveOverlays, out string output);

            Assert.True(result.Succeeded, result.Error?.ToString());
            var stats = Assert.IsType<EmbeddedOverlayStatistics>(result.Steps[1]);
            Assert.Equal(1, stats.PlanesRemoved);
            Assert.Equal(frames, stats.FramesChanged);
            var before = Samples(input);
            var after = Samples(output);
            Assert.Contains(before, v => (v & 0x1000) != 0);
            Assert.All(after, v => Assert.Equal(0, v & 0xF000));
            Assert.Equal(before.Select(v => v & 0x0FFF), after.Select(v => (int)v));
            var written = DicomFile.Open(output);
            Assert.Equal(DicomFile.Open(input).TransferSyntax, written.TransferSyntax);
            Assert.False(written.Dataset.Contains(new DicomTag(0x6000, 0x0102)));
            Assert.Equal(inputBytes, File.ReadAllBytes(input)); // the input is never changed
        }

        [Fact]
        public void EveryShippedRecipe_ClearsThePlane()
        {
            string input = Make("d.dcm");
            foreach (string path in Directory.GetFiles(TestPaths.ShippedRecipes, "deid.dicom*"))
            {
                string output = Path.Combine(_dir, "shipped-" + Path.GetFileName(path) + ".dcm");
                var engine = new HeaderActionEngine(DeidRecipe.Parse(File.ReadAllText(path)));
                var variables = new System.Collections.Generic.Dictionary<string, object?> { ["date_shift_days"] = "-30" };
                var result = new DeidBatch(new IFileStep[] { engine, new EmbeddedOverlayStep() }).ProcessOne(new DeidFileRequest(input, output, variables));
                Assert.True(result.Succeeded, path + ": " + result.Error + string.Join("; ", result.Warnings.Select(w => w.Message)));
                Assert.All(Samples(output), v => Assert.Equal(0, v & 0x1000));
            }
        }

        [Fact]
        public void RecipeKeepsTheGroup_FileIsWrittenByteForByte()
        {
            string input = Make("e.dcm");
            var result = Run(input, KeepOverlays, out string output);
            Assert.True(result.Succeeded, result.Error?.ToString());
            Assert.Equal(0, Assert.IsType<EmbeddedOverlayStatistics>(result.Steps[1]).FramesChanged);
            var a = DicomFile.Open(input).Dataset;
            var b = DicomFile.Open(output).Dataset;
            Assert.True(b.TryGetElement(DicomTag.PixelData, out var after));
            Assert.True(a.TryGetElement(DicomTag.PixelData, out var before));
            Assert.Equal(Samples(input), Samples(output));
            Assert.Equal(before.Length, after.Length);
        }

        [Fact]
        public void NothingDrawn_PixelDataIsNotRewritten()
        {
            string input = Make("f.dcm", drawn: false);
            var result = Run(input, RemoveOverlays, out string output);
            Assert.True(result.Succeeded, result.Error?.ToString());
            var stats = Assert.IsType<EmbeddedOverlayStatistics>(result.Steps[1]);
            Assert.Equal(1, stats.PlanesRemoved);
            Assert.Equal(0, stats.FramesChanged);
            // Still a reference to the input's bytes: the writer copied them, nothing was spooled.
            Assert.Equal(Samples(input), Samples(output));
        }

        [Fact]
        public void NoBitPositionDeclared_EveryBitAboveTheImageIsCleared()
        {
            string input = Make("g.dcm", bit: 14, declarePosition: false);
            var result = Run(input, RemoveOverlays, out string output);
            Assert.True(result.Succeeded, result.Error?.ToString());
            Assert.Contains(Samples(input), v => (v & 0x4000) != 0);
            Assert.All(Samples(output), v => Assert.Equal(0, v & 0xF000));
        }

        [Fact]
        public void PlaneDeclaredInAnImageBit_IsLeft_WithAWarning()
        {
            string input = Make("h.dcm", bit: 11);
            var result = Run(input, RemoveOverlays, out string output);
            Assert.True(result.Succeeded, result.Error?.ToString());
            Assert.Contains(result.Warnings, w => w.Step == EmbeddedOverlayStep.StepName && w.Message.Contains("stored bits", StringComparison.Ordinal));
            Assert.Equal(Samples(input), Samples(output));
        }

        [Fact]
        public void DataAfterTheFrames_FileIsNotWritten()
        {
            string input = Make("i.dcm");
            var file = DicomFile.Open(input);
            using (var px = NativePixelData.Open(file.Dataset))
            {
                var bytes = px.ReadFrame(0);
                file.Dataset.SetRawValue(DicomTag.PixelData, DicomVR.OW, bytes.Concat(bytes).ToArray());
            }
            string longer = Path.Combine(_dir, "i-longer.dcm");
            file.Save(longer);
            var result = Run(longer, RemoveOverlays, out string output);
            Assert.False(result.Succeeded);
            Assert.Contains("not padding", result.Error!.Message, StringComparison.Ordinal);
            Assert.False(File.Exists(output));
        }

        [Fact]
        public void CompressedPixelData_IsWrittenWithAWarning()
        {
            var file = DicomFile.Open(TestPaths.Data("deid-data", "dicom-cookies", "image1.dcm"));
            file.Dataset.SetNumbers(new DicomTag(0x6000, 0x0100), DicomVR.US, 8);
            file.Dataset.SetNumbers(new DicomTag(0x6000, 0x0102), DicomVR.US, 7);
            string input = Path.Combine(_dir, "jpeg.dcm");
            file.Save(input);
            var result = Run(input, RemoveOverlays, out _);
            Assert.True(result.Succeeded, result.Error?.ToString());
            Assert.Contains(result.Warnings, w => w.Step == EmbeddedOverlayStep.StepName && w.Message.Contains("compressed", StringComparison.Ordinal));
        }

        /// <summary>The audit finds a plane still drawn in an output by its bits, declared or not, and nothing once it is cleared.</summary>
        [Fact]
        public void Audit_ReportsAPlaneStillDrawn_AndNothingOnceCleared()
        {
            string input = Make("audit.dcm");
            // The header step alone (the build before this step): the group is gone, the bits stay.
            string hidden = Path.Combine(_dir, "hidden.dcm");
            var engineOnly = new DeidBatch(new IFileStep[] { new HeaderActionEngine(DeidRecipe.Parse(RemoveOverlays)) });
            Assert.True(engineOnly.ProcessOne(new DeidFileRequest(input, hidden)).Succeeded);
            var leak = Assert.Single(new DeidAudit().Audit(input, hidden).Leaks, l => l.Keyword == "OverlayData");
            Assert.Equal("(6000,3000)", leak.ElementPath);
            Assert.Equal(LeakCategory.Identifying, leak.Category);
            Assert.Contains("no longer declared", leak.Form, StringComparison.Ordinal);
            Assert.Contains("bit 12", leak.OriginalValue, StringComparison.Ordinal);

            Assert.True(Run(input, RemoveOverlays, out string cleared).Succeeded);
            Assert.DoesNotContain(new DeidAudit().Audit(input, cleared).Leaks, l => l.Keyword == "OverlayData");

            Assert.True(Run(input, KeepOverlays, out string kept).Succeeded);
            var declared = Assert.Single(new DeidAudit().Audit(input, kept).Leaks, l => l.Keyword == "OverlayData");
            Assert.DoesNotContain("no longer declared", declared.Form, StringComparison.Ordinal);
        }

        /// <summary>After -CleanPixels' step (whose frames are spooled to a temporary file), the plane is cleared from the spooled frames.</summary>
        [Fact]
        public void AfterPixelCleaning_ThePlaneIsClearedFromTheCleanedFrames()
        {
            string input = Make("clean.dcm");
            string output = Path.Combine(_dir, "clean-out.dcm");
            var engine = new HeaderActionEngine(DeidRecipe.Parse(RemoveOverlays));
            var pixels = new PixelCleaningStep(_ => new PixelCleaningDecision(true, new[] { PixelRegion.Rectangle(0, 0, 8, 64) }, null));
            var result = new DeidBatch(new IFileStep[] { engine, pixels, new EmbeddedOverlayStep() }).ProcessOne(new DeidFileRequest(input, output));
            Assert.True(result.Succeeded, result.Error?.ToString());
            var before = Samples(input);
            var after = Samples(output);
            for (int i = 0; i < after.Length; i++)
            {
                int expected = i % 64 < 8 ? 0 : before[i] & 0x0FFF;
                Assert.Equal(expected, after[i]);
            }
        }

        [Fact]
        public void ClearBits_And_AnySet_WorkOnEverySampleWidth()
        {
            var eight = new byte[] { 0x81, 0x01, 0x80 };
            Assert.True(EmbeddedOverlayStep.AnySet(eight, 1, 0x80));
            EmbeddedOverlayStep.ClearBits(eight, 1, 0x80);
            Assert.Equal(new byte[] { 0x01, 0x01, 0x00 }, eight);
            Assert.False(EmbeddedOverlayStep.AnySet(eight, 1, 0x80));
            var wide = BitConverter.GetBytes(0xF000_0FFFu);
            EmbeddedOverlayStep.ClearBits(wide, 4, 0x1000_0000);
            Assert.Equal(0xE000_0FFFu, BitConverter.ToUInt32(wide, 0));
        }
    }
}
