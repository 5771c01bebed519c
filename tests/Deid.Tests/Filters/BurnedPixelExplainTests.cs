using System;
using Deid.Filters;
using Deid.Ocr;
using Deid.Pixels;
using Xunit;

namespace Deid.Tests.Filters
{
    /// <summary>The one-line decision -Debug shows per file (issue 11, item 8): which labels matched, and why.</summary>
    public class BurnedPixelExplainTests
    {
        [Fact]
        public void NamesEveryMatchingLabelWithItsGroupAndReason_InOrder()
        {
            var matches = new[]
            {
                new FilterMatch("blacklist", "Burned In Annotation", "BurnedInAnnotation contains YES", Array.Empty<FilterRegion>()),
                new FilterMatch("graylist", "SIEMENS band", "Manufacturer contains SIEMENS", Array.Empty<FilterRegion>()),
            };
            string text = new BurnedPixelResult("a.dcm", matches).Explain();
            Assert.Equal("flagged by blacklist label 'Burned In Annotation' (BurnedInAnnotation contains YES); graylist label 'SIEMENS band' (Manufacturer contains SIEMENS)", text);
        }

        [Fact]
        public void SaysNoLabelMatched_AndCountsOcrRegionsWithoutTheTextRead()
        {
            var clean = new BurnedPixelResult("b.dcm", Array.Empty<FilterMatch>());
            Assert.Equal("no filter label matched", clean.Explain());
            var read = clean.WithOcr(new OcrResult(new[] { new OcrFinding(0, 1, 2, 30, 12, "PatientName", 87) }, 1, 1));
            Assert.Equal("flagged by OCR: 1 region(s) of identifying text", read.Explain());
        }

        [Fact]
        public void AnUnflaggedVerdictStaysTheDecisionsEvidence()
        {
            var clean = new BurnedPixelResult("c.dcm", Array.Empty<FilterMatch>());
            var decision = BurnedPixelDecision.From(clean);
            Assert.False(decision.Flagged);
            Assert.Same(clean, decision.Evidence);
        }
    }
}
