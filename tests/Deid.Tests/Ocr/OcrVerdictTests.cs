using System;
using Deid.Filters;
using Deid.Ocr;
using Deid.Pixels;
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
        public void OcrThatFindsNothingKeepsTheVerdict()
        {
            var result = new BurnedPixelResult("c.dcm", Array.Empty<FilterMatch>()).WithOcr(Found());
            Assert.False(result.Flagged);
            Assert.NotNull(result.Ocr);
            Assert.Equal("CLEAN", Assert.Single(result.ToRows()).PixelsFlagged);
        }
    }
}
