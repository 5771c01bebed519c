using System;
using System.Collections.Generic;
using System.Linq;
using Deid.Dicom;
using Deid.Filters;
using Deid.Ocr;
using Deid.Pixels;
using Deid.Recipes;
using Deid.Steps;
using Xunit;

namespace Deid.Tests.Ocr
{
    public class OcrVerdictTests
    {
        private static OcrResult Found(params OcrFinding[] findings) => new OcrResult(findings, 1, 1);

        [Fact]
        public void OcrAloneFlagsAFileAndItsRegionsAreCleanRegions()
        {
            var clean = new BurnedPixelResult("a.dcm", Array.Empty<FilterMatch>());
            Assert.False(clean.Flagged);
            var result = clean.WithOcr(Found(new OcrFinding(0, 1, 2, 30, 12, "PatientName", 87)));
            Assert.True(result.Flagged);
            Assert.Equal(new[] { "ocr" }, result.Group);
            var region = Assert.Single(result.Coordinates);
            Assert.Equal((FilterRegionKind.Ocr, "1,2,30,12", "PatientName", 87.0), (region.Kind, region.Rectangle, region.Field, region.Confidence!.Value));
            var decision = BurnedPixelDecision.From(result);
            Assert.Equal(PixelRegion.Rectangle(1, 2, 30, 12), Assert.Single(decision.Regions));
            var row = Assert.Single(result.ToRows());
            Assert.Equal(("FLAGGED", "ocr", "PatientName"), (row.PixelsFlagged, row.FlagList, row.Label));
            Assert.DoesNotContain("FLORENTINE", row.Reason);
        }

        [Fact]
        public void OcrRegionsComeAfterTheRecipesSoAKeepNeverBringsTextBack()
        {
            var match = new FilterMatch("graylist", "band", "Modality contains US",
                new[] { new FilterRegion(FilterRegionKind.Clean, "0,0,10,10", "graylist", "band"), new FilterRegion(FilterRegionKind.Keep, "all", "graylist", "band") });
            var result = new BurnedPixelResult("b.dcm", new[] { match }).WithOcr(Found(new OcrFinding(0, 5, 5, 9, 9, "PatientID", 70)));
            Assert.Equal(new[] { "graylist", "ocr" }, result.Group);
            var regions = BurnedPixelDecision.From(result).Regions;
            Assert.Equal(new[] { PixelRegion.Rectangle(0, 0, 10, 10), PixelRegion.All(keep: true), PixelRegion.Rectangle(5, 5, 9, 9) }, regions);
            Assert.Equal(2, result.ToRows().Length);
        }

        [Fact]
        public void ACappedCineIsReadUpToTheCap_WithAWarningInTheStep()
        {
            // Three frames, the name burned into the last only; OCR told to read at most two.
            var blank = new TextImage(320, 120);
            var named = new TextImage(320, 120);
            named.Draw("FLORENTINE AB", 10, 40, 2, 235);
            var file = new DicomFile(TransferSyntax.ExplicitVRLittleEndian);
            var ds = file.Dataset;
            ds.SetString(DicomTags.PatientName, DicomVR.PN, "FLORENTINE^AB");
            ds.SetNumbers(DicomTags.SamplesPerPixel, DicomVR.US, 1);
            ds.SetString(DicomTags.PhotometricInterpretation, DicomVR.CS, "MONOCHROME2");
            ds.SetNumbers(DicomTags.Rows, DicomVR.US, 120);
            ds.SetNumbers(DicomTags.Columns, DicomVR.US, 320);
            ds.SetNumbers(DicomTags.BitsAllocated, DicomVR.US, 8);
            ds.SetNumbers(DicomTags.BitsStored, DicomVR.US, 8);
            ds.SetNumbers(DicomTags.HighBit, DicomVR.US, 7);
            ds.SetNumbers(DicomTags.PixelRepresentation, DicomVR.US, 0);
            ds.SetString(DicomTags.NumberOfFrames, DicomVR.IS, "3");
            ds.SetRawValue(DicomTags.PixelData, DicomVR.OB, blank.Pixels.Concat(blank.Pixels).Concat(named.Pixels).ToArray());

            var capped = new OcrReader(new OcrOptions { AllFrames = true, MaxFrames = 2 });
            var step = BurnedPixelDecision.CreateStep(DeidRecipe.Parse("FORMAT dicom\n", "none.dicom"), PixelCompression.None, capped);
            var warnings = new List<DeidWarning>();
            step.Begin(new FileStepContext(file, "cine.dcm", null, warnings)).Apply();
            var warning = Assert.Single(warnings);
            Assert.Equal(DeidWarningKind.OcrCapped, warning.Kind);
            Assert.Contains("2 of 3", warning.Message);

            // Without the cap the last frame is read and its name found there.
            var all = new OcrReader(new OcrOptions { AllFrames = true }).Read(file);
            Assert.Equal(3, all.FramesRead);
            Assert.Contains(all.Findings, f => f.Frame == 2 && f.Field.Split('+').Contains("PatientName"));
            Assert.DoesNotContain(all.Findings, f => f.Frame < 2);
        }

        [Fact]
        public void OcrThatFindsNothingKeepsTheVerdict()
        {
            var result = new BurnedPixelResult("c.dcm", Array.Empty<FilterMatch>()).WithOcr(Found());
            Assert.False(result.Flagged);
            Assert.NotNull(result.Ocr);
            Assert.Equal("CLEAN", Assert.Single(result.ToRows()).PixelsFlagged);
        }
    }
}
