using System.Collections.Generic;
using Deid.Actions;
using Deid.Batch;
using Deid.Filters;
using Deid.Inspection;
using Deid.Steps;
using Xunit;

namespace Deid.Tests.Inspection
{
    /// <summary>The lists on result objects print as their items, so Export-Csv writes them rather than a type name.</summary>
    public class JoinedListTests
    {
        [Fact]
        public void PrintsItsItemsJoinedAndEmptyForNone()
        {
            Assert.Equal("graylist; blacklist", new JoinedList<string>(new[] { "graylist", "blacklist" }).ToString());
            Assert.Equal("", new JoinedList<string>(new string[0]).ToString());
            Assert.Equal("a; ; b", new JoinedList<string?>(new[] { "a", null, "b" }).ToString());
        }

        [Fact]
        public void IndexesAndCountsAsTheArrayItStandsFor()
        {
            var list = new JoinedList<int>(new[] { 4, 5, 6 });
            Assert.Equal(3, list.Length);
            Assert.Equal(3, list.Count);
            Assert.Equal(5, list[1]);
        }

        [Fact]
        public void ShowsChangesOfTheListItWraps()
        {
            var items = new List<string> { "a" };
            var list = new JoinedList<string>(items);
            items.Add("b");
            Assert.Equal("a; b", list.ToString());
        }

        [Fact]
        public void AVerdictPrintsItsGroupsLabelsRegionsAndMatches()
        {
            var region = new FilterRegion(FilterRegionKind.Clean, "0,0,10,5", "graylist", "US");
            var verdict = new BurnedPixelResult("a.dcm", new[]
            {
                new FilterMatch("graylist", "US", " Modality contains US", new[] { region }),
                new FilterMatch("blacklist", "Burned", " BurnedInAnnotation equals YES", new FilterRegion[0]),
            });
            Assert.Equal("graylist; blacklist", verdict.Group.ToString());
            Assert.Equal("US; Burned", verdict.Label.ToString());
            Assert.Equal(" Modality contains US;  BurnedInAnnotation equals YES", verdict.Reason.ToString());
            Assert.Equal("clean 0,0,10,5", verdict.Coordinates.ToString());
            Assert.Equal("graylist: US; blacklist: Burned", verdict.Matches.ToString());
            Assert.Equal("", new BurnedPixelResult("b.dcm", new FilterMatch[0]).Group.ToString());
        }

        [Fact]
        public void AFileResultPrintsItsRequestAndSteps()
        {
            var request = new DeidFileRequest("in/a.dcm", "out/a.dcm");
            var header = new ReplaceStatistics { Added = 1, Removed = 2 };
            var result = new DeidFileResult(request, new List<IStepStatistics> { new PreambleStatistics(false, false), header }, new List<DeidWarning>(), null, true);
            Assert.Equal("in/a.dcm -> out/a.dcm", result.Request.ToString());
            Assert.Equal(new PreambleStatistics(false, false) + "; " + header, result.Steps.ToString());
            Assert.Equal(2, result.Steps.Length);
        }
    }
}
