using System;
using System.IO;
using System.Linq;
using Deid.Batch;
using Deid.Dicom;
using Deid.Pixels;
using Deid.Steps;
using Xunit;

namespace Deid.Tests.Pixels
{
    /// <summary>
    /// The preview step draws the pixels as the pixel step left them (native spool or RLE), beside the output, one PNG or one per
    /// frame; it writes nothing in a dry run; with WriteDicom false the batch writes the PNGs alone; the report and the decision
    /// table that Clear-DicomPixel is built on.
    /// </summary>
    public sealed class PixelPreviewStepTests : IDisposable
    {
        private static readonly PixelRegion Band = PixelRegion.Rectangle(0, 0, 200, 50);
        private readonly string _dir = Path.Combine(Path.GetTempPath(), "deid-preview-" + Guid.NewGuid().ToString("N").Substring(0, 12));

        public PixelPreviewStepTests() => Directory.CreateDirectory(_dir);

        public void Dispose() => Directory.Delete(_dir, true);

        private static string Greyscale => TestPaths.Data("deid-data", "ultrasounds", "GREYSCALE_IMAGE.dcm");

        private static PixelCleaningStep Flag(params PixelRegion[] regions) =>
            new PixelCleaningStep(_ => new PixelCleaningDecision(true, regions, null));

        [Theory]
        [InlineData(PixelCompression.None)]
        [InlineData(PixelCompression.Rle)]
        public void Preview_DrawsTheCleanedPixels(PixelCompression compression)
        {
            string output = Path.Combine(_dir, "us.dcm");
            var batch = new DeidBatch(new IFileStep[] { new PixelCleaningStep(_ => new PixelCleaningDecision(true, new[] { Band }, null), compression), new PixelPreviewStep() });
            var result = batch.ProcessOne(new DeidFileRequest(Greyscale, output));

            Assert.True(result.Succeeded, result.Error?.ToString());
            Assert.True(result.Written);
            string png = Path.Combine(_dir, "us.png");
            var stats = Assert.IsType<PixelPreviewStatistics>(result.Steps[1]);
            Assert.Equal(new[] { png }, stats.Paths);
            Assert.Equal(1, stats.Written);
            var decoded = PngTestDecoder.Decode(File.ReadAllBytes(png));
            var original = PngPreview.Render(DicomFile.Open(Greyscale));
            Assert.Equal((original.Width, original.Height), (decoded.Width, decoded.Height));
            int channels = decoded.ColourType == 2 ? 3 : 1;
            byte[] expected = original.Span.ToArray();
            for (int y = 0; y < decoded.Height; y++)
            {
                for (int x = 0; x < decoded.Width * channels; x++)
                {
                    int at = y * decoded.Width * channels + x;
                    bool inBand = y < 50 && x / channels < 200;
                    Assert.Equal(inBand ? 0 : expected[at], decoded.Pixels[at]);
                }
            }
            Assert.Contains(expected.Take(50 * decoded.Width * channels), v => v != 0); // the band had something to blank
        }

        [Fact]
        public void AllFrames_WritesOnePngPerFrame_NumberedFromOne()
        {
            string input = TestPaths.Data("pydicom", "test_files", "rtdose.dcm");
            string output = Path.Combine(_dir, "dose.dcm");
            var batch = new DeidBatch(new IFileStep[] { Flag(PixelRegion.Rectangle(0, 0, 5, 5)), new PixelPreviewStep { AllFrames = true } });
            var result = batch.ProcessOne(new DeidFileRequest(input, output));

            Assert.True(result.Succeeded, result.Error?.ToString());
            var stats = Assert.IsType<PixelPreviewStatistics>(result.Steps[1]);
            Assert.Equal(15, stats.Written);
            Assert.Equal(Enumerable.Range(1, 15).Select(i => Path.Combine(_dir, $"dose.frame{i:D4}.png")), stats.Paths);
            foreach (var p in stats.Paths)
            {
                var png = PngTestDecoder.Decode(File.ReadAllBytes(p));
                Assert.Equal((10, 10), (png.Width, png.Height));
            }
            Assert.True(File.Exists(output));
            Assert.False(File.Exists(Path.Combine(_dir, "dose.png")));
        }

        [Fact]
        public void PreviewPaths_GrowPastFourDigits()
        {
            var paths = PixelPreviewStep.PreviewPaths(Path.Combine("o", "x.dcm"), 10000, true);
            Assert.Equal(Path.Combine("o", "x.frame0001.png"), paths[0]);
            Assert.Equal(Path.Combine("o", "x.frame10000.png"), paths[9999]);
            Assert.Equal(new[] { Path.Combine("o", "x.png") }, PixelPreviewStep.PreviewPaths(Path.Combine("o", "x.dcm"), 3, false));
        }

        /// <summary>
        /// QA3 F8: only a DICOM extension is replaced. Files named by UID have none, and replacing what followed their last dot
        /// gave every instance of a series one preview.
        /// </summary>
        [Theory]
        [InlineData("x.dcm", "x.png", "x.frame0001.png")]
        [InlineData("x.DCM", "x.png", "x.frame0001.png")]
        [InlineData("x.dicom", "x.png", "x.frame0001.png")]
        [InlineData("x.Dic", "x.png", "x.frame0001.png")]
        [InlineData("1.2.826.0.1.3680043.8.498.1", "1.2.826.0.1.3680043.8.498.1.png", "1.2.826.0.1.3680043.8.498.1.frame0001.png")]
        [InlineData("IM000123", "IM000123.png", "IM000123.frame0001.png")]
        [InlineData("x.png", "x.png.png", "x.png.frame0001.png")]
        [InlineData("x.dcm.bak", "x.dcm.bak.png", "x.dcm.bak.frame0001.png")]
        public void PreviewPaths_ReplaceOnlyADicomExtension(string output, string png, string frame)
        {
            string folder = Path.Combine("o", "a.b");
            Assert.Equal(new[] { Path.Combine(folder, png) }, PixelPreviewStep.PreviewPaths(Path.Combine(folder, output), 1, false));
            Assert.Equal(Path.Combine(folder, frame), PixelPreviewStep.PreviewPaths(Path.Combine(folder, output), 2, true)[0]);
            Assert.Equal(png, PixelPreviewStep.PreviewPaths(output, 1, false)[0]);
        }

        /// <summary>A preview of a name as long as a file system allows is cut as output names are, its frame number kept.</summary>
        [Fact]
        public void PreviewPaths_FitTheFileSystem()
        {
            string output = Path.Combine("o", new string('u', 255));
            var paths = PixelPreviewStep.PreviewPaths(output, 2, true);
            Assert.All(paths, p => Assert.Equal(255, Path.GetFileName(p).Length));
            Assert.EndsWith(".frame0002.png", paths[1], StringComparison.Ordinal);
            Assert.NotEqual(paths[0], paths[1]);
            Assert.Equal(255, Path.GetFileName(PixelPreviewStep.PreviewPaths(output, 1, false)[0]).Length);
        }

        /// <summary>
        /// QA3 F8: previews were never claimed, so two inputs drawing one PNG wrote it twice (with Overwrite, the second silently
        /// replaced the first). Each PNG is claimed like an output: the second input is a clash naming the first, and nothing of
        /// it is written, with or without Overwrite.
        /// </summary>
        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public void Previews_AreClaimed_SoTwoInputsNeverShareOne(bool overwrite)
        {
            string inputs = Path.Combine(_dir, "in"), outputs = Path.Combine(_dir, "out");
            Directory.CreateDirectory(inputs);
            string a = Path.Combine(inputs, "a"), b = Path.Combine(inputs, "b");
            File.Copy(Greyscale, a);
            File.Copy(Greyscale, b);
            var claims = OutputNameClaims.ForCurrentPlatform();
            var batch = new DeidBatch(new IFileStep[] { Flag(Band), new PixelPreviewStep { Claims = claims, Overwrite = overwrite } }) { Overwrite = overwrite, Claims = claims };
            var first = batch.ProcessOne(new DeidFileRequest(a, Path.Combine(outputs, "x")));
            var second = batch.ProcessOne(new DeidFileRequest(b, Path.Combine(outputs, "x.dcm")));
            Assert.True(first.Written, first.Error?.ToString());
            var clash = Assert.IsType<OutputConflictException>(second.Error);
            Assert.Equal(a, clash.OtherSource);
            Assert.Equal(Path.Combine(outputs, "x.png"), clash.OutputPath);
            Assert.Equal(new[] { "x", "x.png" }, Directory.GetFiles(outputs).Select(Path.GetFileName).OrderBy(n => n, StringComparer.Ordinal));
            // Claimed by its own input first (as Clear-DicomPixel does before -WhatIf), a PNG is still drawn.
            claims.TryClaim(Path.Combine(outputs, "y.png"), a, out _);
            Assert.True(batch.ProcessOne(new DeidFileRequest(a, Path.Combine(outputs, "y.dcm"))).Written);
            Assert.True(File.Exists(Path.Combine(outputs, "y.png")));
        }

        [Fact]
        public void DryRun_WritesNothing_ButSaysWhatItWould()
        {
            string output = Path.Combine(_dir, "out", "us.dcm");
            var steps = new IFileStep[] { Flag(Band), new PixelPreviewStep() };
            var perFile = new DeidBatch(steps).ProcessOne(new DeidFileRequest(Greyscale, output, dryRun: true));
            var whole = new DeidBatch(steps) { DryRun = true }.ProcessOne(new DeidFileRequest(Greyscale, output));

            foreach (var result in new[] { perFile, whole })
            {
                Assert.True(result.Succeeded, result.Error?.ToString());
                var stats = Assert.IsType<PixelPreviewStatistics>(result.Steps[1]);
                Assert.Equal(0, stats.Written);
                Assert.Equal(new[] { Path.ChangeExtension(output, ".png") }, stats.Paths);
            }
            Assert.False(Directory.Exists(Path.Combine(_dir, "out")));
            var report = PixelCleaningReport.From(perFile);
            Assert.False(report.Written);
            Assert.Equal(new[] { output, Path.ChangeExtension(output, ".png") }, report.Outputs);
        }

        [Fact]
        public void WriteDicomFalse_WritesOnlyThePngs()
        {
            string output = Path.Combine(_dir, "us.dcm");
            var batch = new DeidBatch(new IFileStep[] { Flag(Band), new PixelPreviewStep() }) { WriteDicom = false };
            var result = batch.ProcessOne(new DeidFileRequest(Greyscale, output));

            Assert.True(result.Succeeded, result.Error?.ToString());
            Assert.False(result.Written);
            Assert.Equal(new[] { "us.png" }, Directory.GetFiles(_dir).Select(Path.GetFileName));
            var report = PixelCleaningReport.From(result, writesDicom: false);
            Assert.True(report.Written);
            Assert.Equal(new[] { Path.Combine(_dir, "us.png") }, report.Outputs);
            Assert.Equal(new[] { "0,0,200,50" }, report.Regions);
            Assert.Equal(1, report.FramesCleaned);
        }

        [Fact]
        public void ExistingPng_IsAnError_UnlessOverwrite_AndTheDicomIsNotWritten()
        {
            string output = Path.Combine(_dir, "us.dcm");
            string png = Path.Combine(_dir, "us.png");
            File.WriteAllText(png, "old");
            var refused = new DeidBatch(new IFileStep[] { Flag(Band), new PixelPreviewStep() }).ProcessOne(new DeidFileRequest(Greyscale, output));
            var conflict = Assert.IsType<OutputConflictException>(refused.Error);
            Assert.Equal(png, conflict.OutputPath);
            Assert.False(File.Exists(output));
            Assert.Equal("old", File.ReadAllText(png));

            var replaced = new DeidBatch(new IFileStep[] { Flag(Band), new PixelPreviewStep { Overwrite = true } }).ProcessOne(new DeidFileRequest(Greyscale, output));
            Assert.True(replaced.Succeeded, replaced.Error?.ToString());
            PngTestDecoder.Decode(File.ReadAllBytes(png));
        }

        [Fact]
        public void ExistingPng_IsAClashInADryRunToo()
        {
            string output = Path.Combine(_dir, "us.dcm");
            File.WriteAllText(Path.Combine(_dir, "us.png"), "old");
            var result = new DeidBatch(new IFileStep[] { Flag(Band), new PixelPreviewStep() }) { WriteDicom = false }
                .ProcessOne(new DeidFileRequest(Greyscale, output, dryRun: true));
            Assert.Equal(Path.Combine(_dir, "us.png"), Assert.IsType<OutputConflictException>(result.Error).OutputPath);
        }

        [Fact]
        public void SkipExisting_LeavesExistingPngs_AndSaysSkippedWhenAllExist()
        {
            string output = Path.Combine(_dir, "us.dcm");
            string png = Path.Combine(_dir, "us.png");
            File.WriteAllText(png, "old");
            var batch = new DeidBatch(new IFileStep[] { Flag(Band), new PixelPreviewStep { SkipExisting = true } }) { WriteDicom = false };
            var result = batch.ProcessOne(new DeidFileRequest(Greyscale, output));
            Assert.True(result.Succeeded, result.Error?.ToString());
            var stats = Assert.IsType<PixelPreviewStatistics>(result.Steps[1]);
            Assert.True(stats.Skipped);
            Assert.Equal(0, stats.Written);
            Assert.Equal("old", File.ReadAllText(png));
            var report = PixelCleaningReport.From(result, writesDicom: false);
            Assert.True(report.Skipped);
            Assert.False(report.Written);
        }

        [Fact]
        public void SkipExisting_WritesOnlyTheMissingFramesOfAllFrames()
        {
            string output = Path.Combine(_dir, "dose.dcm");
            var paths = PixelPreviewStep.PreviewPaths(output, 15, true);
            File.WriteAllText(paths[1], "old");
            var batch = new DeidBatch(new IFileStep[] { Flag(PixelRegion.Rectangle(0, 0, 5, 5)), new PixelPreviewStep { AllFrames = true, SkipExisting = true } }) { WriteDicom = false };
            var result = batch.ProcessOne(new DeidFileRequest(TestPaths.Data("pydicom", "test_files", "rtdose.dcm"), output));
            Assert.True(result.Succeeded, result.Error?.ToString());
            var stats = Assert.IsType<PixelPreviewStatistics>(result.Steps[1]);
            Assert.False(stats.Skipped);
            Assert.Equal(14, stats.Written);
            Assert.Equal("old", File.ReadAllText(paths[1]));
            PngTestDecoder.Decode(File.ReadAllBytes(paths[2]));
        }

        [Fact]
        public void OnlyFlagged_SkipsFilesThePixelStepDidNotFlag()
        {
            string output = Path.Combine(_dir, "us.dcm");
            var steps = new IFileStep[] { new PixelCleaningStep(_ => PixelCleaningDecision.NotFlagged), new PixelPreviewStep { OnlyFlagged = true } };
            var result = new DeidBatch(steps).ProcessOne(new DeidFileRequest(Greyscale, output));
            Assert.True(result.Succeeded, result.Error?.ToString());
            Assert.Empty(Assert.IsType<PixelPreviewStatistics>(result.Steps[1]).Paths);
            Assert.False(File.Exists(Path.Combine(_dir, "us.png")));
        }

        [Fact]
        public void MissingFrame_IsThatFilesError()
        {
            var result = new DeidBatch(new IFileStep[] { new PixelPreviewStep { Frame = 3 } }).ProcessOne(new DeidFileRequest(Greyscale, Path.Combine(_dir, "us.dcm")));
            var ex = Assert.IsType<DicomFormatException>(result.Error);
            Assert.Contains("no frame 3", ex.Message, StringComparison.Ordinal);
            // A sound file asked for a frame it does not have: the option's fault, not a broken file's (the advice follows it).
            Assert.True(ex.IsUnsupported);
            Assert.Contains("-AllFrames", ex.Message, StringComparison.Ordinal);
            Assert.Empty(Directory.GetFiles(_dir));
        }

        [Fact]
        public void DecisionTable_GivesEachFileItsDecisionOnce()
        {
            var table = new PixelDecisionTable();
            var flagged = new PixelCleaningDecision(true, new[] { Band, PixelRegion.All(keep: true) }, null);
            table.Add(Greyscale, flagged);
            string output = Path.Combine(_dir, "us.dcm");
            var result = new DeidBatch(new IFileStep[] { table.CreateStep() }).ProcessOne(new DeidFileRequest(Greyscale, output));
            Assert.True(result.Succeeded, result.Error?.ToString());
            Assert.Equal(0, table.Count);
            Assert.Same(PixelCleaningDecision.NotFlagged, table.Take(Greyscale));
            var report = PixelCleaningReport.From(result);
            Assert.True(report.Flagged);
            Assert.Equal(new[] { "0,0,200,50", "keep all" }, report.Regions);
            Assert.Equal(new[] { output }, report.Outputs);
            Assert.False(PixelCleaningReport.NotFlagged(Greyscale).Written);
        }
    }
}
