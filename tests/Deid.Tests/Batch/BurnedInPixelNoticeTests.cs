using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Deid.Actions;
using Deid.Batch;
using Deid.Dicom;
using Deid.Pixels;
using Deid.Recipes;
using Deid.Samples;
using Deid.Steps;
using Xunit;

namespace Deid.Tests.Batch
{
    /// <summary>
    /// QA, 2026-12-06: an ultrasound declaring Burned In Annotation YES went through a replace without -CleanPixels with its
    /// text band (the patient's name) intact and no word said, as deid's replace_identifiers does. A batch with no pixel step
    /// now says so, once.
    /// </summary>
    public sealed class BurnedInPixelNoticeTests : IDisposable
    {
        private readonly string _root = Path.Combine(Path.GetTempPath(), "deid-burnedin-" + Guid.NewGuid().ToString("N").Substring(0, 12));

        public BurnedInPixelNoticeTests() => Directory.CreateDirectory(_root);

        public void Dispose() => Directory.Delete(_root, true);

        private DeidFileRequest Request(int index, string? burnedIn)
        {
            var sample = DicomSampleGenerator.Create(index, new DicomSampleOptions { Seed = 9, Rows = 8, Columns = 8 });
            if (burnedIn == null) sample.File.Dataset.Remove(DicomTags.BurnedInAnnotation);
            else sample.File.Dataset.SetString(DicomTags.BurnedInAnnotation, DicomVR.CS, burnedIn);
            string input = Path.Combine(_root, $"in-{index}.dcm");
            sample.File.Save(input, overwrite: true);
            return new DeidFileRequest(input, Path.Combine(_root, "out", $"out-{index}.dcm"));
        }

        private static DeidRecipe Recipe => DeidRecipe.Parse("FORMAT dicom\n%header\nREMOVE PatientName\n");

        private static List<DeidWarning> Notices(IEnumerable<DeidFileResult> results) =>
            results.SelectMany(r => r.Warnings).Where(w => w.Kind == DeidWarningKind.BurnedInAnnotationKept).ToList();

        [Fact]
        public void AFileDeclaringBurnedInText_IsWarnedOfOncePerBatch_WithoutAPixelStep()
        {
            var requests = new[] { Request(0, "NO"), Request(1, null), Request(2, "YES"), Request(3, "yes "), Request(4, "YES") };
            var results = new DeidBatch(new HeaderActionEngine(Recipe)) { Overwrite = true, ThrottleLimit = 1 }.Run(requests).ToList();
            var notice = Assert.Single(Notices(results));
            Assert.Equal(requests[2].SourcePath, notice.File);
            Assert.Equal("(0028,0301)", notice.Field);
            Assert.Contains("-CleanPixels", notice.Message);
            Assert.All(results, r => Assert.True(r.Succeeded));
            // A new batch warns again.
            Assert.Single(Notices(new DeidBatch(new HeaderActionEngine(Recipe)) { Overwrite = true }.Run(new[] { Request(5, "YES") })));
        }

        /// <summary>Leak QA 7, F3: an encapsulated PDF declares Burned In Annotation YES and has no pixels to copy as they are.</summary>
        [Fact]
        public void ADocumentWithoutPixels_IsNotWarnedOf()
        {
            var document = Request(10, "YES");
            var file = DicomFile.Open(document.SourcePath);
            file.Dataset.Remove(DicomTag.PixelData);
            file.Dataset.SetRawValue(new DicomTag(0x0042, 0x0011), DicomVR.OB, System.Text.Encoding.ASCII.GetBytes("%PDF-1.4 QUILLBOTTOM\n"));
            file.Save(document.SourcePath, overwrite: true);
            var results = new DeidBatch(new HeaderActionEngine(Recipe)) { Overwrite = true }.Run(new[] { document }).ToList();
            Assert.True(results[0].Succeeded, results[0].Error?.ToString());
            Assert.Empty(Notices(results));
        }

        /// <summary>
        /// Referee sweep 2026-12-06: dicom.xray.chest -CleanPixels refused every chest radiograph, which its whitelist label
        /// matches (flagged, as deid flags whitelist matches) without a region. A file only whitelist labels flag is written
        /// unchanged; one another group flags without a region is still refused.
        /// </summary>
        [Fact]
        public void AFileOnlyAWhitelistLabelFlags_IsWrittenUnchanged_OthersWithoutARegionAreRefused()
        {
            var recipe = DeidRecipe.Parse("FORMAT dicom\n%filter whitelist\nLABEL Accepted\n  present Rows\n%filter blacklist\nLABEL Refused\n  contains Manufacturer REFUSEME\n%header\nREMOVE PatientName\n");
            var steps = new IFileStep[] { new HeaderActionEngine(recipe), BurnedPixelDecision.CreateStep(recipe) };
            var accepted = Request(11, "NO");
            var refused = Request(12, "NO");
            var file = DicomFile.Open(refused.SourcePath);
            file.Dataset.SetString(DicomTags.Manufacturer, DicomVR.LO, "REFUSEME");
            file.Save(refused.SourcePath, overwrite: true);
            var results = new DeidBatch(steps) { Overwrite = true, ThrottleLimit = 1 }.Run(new[] { accepted, refused }).ToList();
            Assert.True(results[0].Succeeded, results[0].Error?.ToString());
            Assert.True(results[0].Written);
            Assert.True(Assert.IsType<PixelCleaningStatistics>(results[0].Steps[1]).Flagged);
            Assert.Contains(results[0].Warnings, w => w.Message.Contains("whitelist label(s) Accepted", StringComparison.Ordinal));
            Assert.IsType<BurnedTextNotCleanedException>(results[1].Error);
        }

        /// <summary>
        /// QA pixels 2026-12-07: objects without pixels (SR, RT plan, waveform) that a filter flags by their header were refused
        /// under -CleanPixels, with or without a region, so a study folder lost its non-image objects. They have nothing burned
        /// in: written, header de-identified. A file with pixels the same filter flags without a region is still refused.
        /// </summary>
        [Theory]
        [InlineData("")]
        [InlineData("  coordinates 0,0,2,2\n")]
        public void AFlaggedObjectWithoutPixels_IsWritten_AFlaggedImageWithoutARegionIsNot(string coordinates)
        {
            var recipe = DeidRecipe.Parse("FORMAT dicom\n%filter blacklist\nLABEL Document-like\n  contains Manufacturer FLAGME\n" + coordinates + "%header\nREMOVE PatientName\n");
            var steps = new IFileStep[] { new HeaderActionEngine(recipe), BurnedPixelDecision.CreateStep(recipe) };
            var report = Request(13, "NO");
            var image = Request(14, "NO");
            foreach (var request in new[] { report, image })
            {
                var file = DicomFile.Open(request.SourcePath);
                file.Dataset.SetString(DicomTags.Manufacturer, DicomVR.LO, "FLAGME");
                if (request == report) file.Dataset.Remove(DicomTag.PixelData);
                file.Save(request.SourcePath, overwrite: true);
            }
            var results = new DeidBatch(steps) { Overwrite = true, ThrottleLimit = 1 }.Run(new[] { report, image }).ToList();
            Assert.True(results[0].Succeeded, results[0].Error?.ToString());
            Assert.True(results[0].Written);
            Assert.False(DicomFile.Open(results[0].OutputPath!).Dataset.Contains(DicomTags.PatientName));
            Assert.Equal(0, Assert.IsType<PixelCleaningStatistics>(results[0].Steps[1]).FramesCleaned);
            if (coordinates.Length == 0) Assert.IsType<BurnedTextNotCleanedException>(results[1].Error);
            else Assert.True(results[1].Succeeded, results[1].Error?.ToString());
        }

        [Fact]
        public void AFileThePixelStepFlags_IsLeftToIt()
        {
            var recipe = DeidRecipe.Parse("FORMAT dicom\n%filter graylist\nLABEL All\n  present Rows\n  coordinates 0,0,2,2\n%header\nREMOVE PatientName\n");
            var steps = new IFileStep[] { new HeaderActionEngine(recipe), BurnedPixelDecision.CreateStep(recipe) };
            var results = new DeidBatch(steps) { Overwrite = true }.Run(new[] { Request(6, "YES") }).ToList();
            Assert.True(Assert.IsType<PixelCleaningStatistics>(results[0].Steps[1]).Flagged);
            Assert.Empty(Notices(results));
        }

        [Fact]
        public void AFileNoFilterFlags_IsWarnedOfWithAPixelStepToo()
        {
            // -CleanPixels with a recipe whose filters do not match the device: nothing is cleaned, and the header says there is text.
            var recipe = DeidRecipe.Parse("FORMAT dicom\n%filter graylist\nLABEL Other device\n  contains Manufacturer NOSUCHMAKER\n  coordinates 0,0,2,2\n%header\nREMOVE PatientName\n");
            var steps = new IFileStep[] { new HeaderActionEngine(recipe), BurnedPixelDecision.CreateStep(recipe) };
            var results = new DeidBatch(steps) { Overwrite = true, ThrottleLimit = 1 }.Run(new[] { Request(7, "NO"), Request(8, "YES"), Request(9, "YES") }).ToList();
            var notice = Assert.Single(Notices(results));
            Assert.Equal(results[1].SourcePath, notice.File);
            Assert.Contains("nothing flagged its pixels", notice.Message);
            Assert.Contains("filter label", notice.Message);
        }

        [Fact]
        public void ARecipeThatRemovesTheAttribute_StillWarns()
        {
            // The header is read before the steps: removing Burned In Annotation does not remove the text.
            var recipe = DeidRecipe.Parse("FORMAT dicom\n%header\nREMOVE BurnedInAnnotation\n");
            var results = new DeidBatch(new HeaderActionEngine(recipe)) { Overwrite = true }.Run(new[] { Request(10, "YES") }).ToList();
            Assert.Single(Notices(results));
        }
    }
}
