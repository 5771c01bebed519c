using System;
using Deid.Inspection;
using Xunit;

namespace Deid.Tests.Inspection
{
    public class DisplayTextTests
    {
        [Fact]
        public void WrapsAtSpacesWithinTheWidth()
        {
            var lines = DisplayText.Wrap("Declares no burned-in annotation (source: CTP)", 28).Split(Environment.NewLine);
            Assert.Equal(new[] { "Declares no burned-in", "annotation (source: CTP)" }, lines);
            Assert.All(lines, l => Assert.True(l.Length <= 28));
        }

        [Fact]
        public void KeepsLineBreaksAndCutsOnlyAWordLongerThanTheWidth()
        {
            var lines = DisplayText.Wrap("a b\nabcdefghij", 4).Split(Environment.NewLine);
            Assert.Equal(new[] { "a b", "abcd", "efgh", "ij" }, lines);
            Assert.Equal(string.Empty, DisplayText.Wrap(null, 4));
        }

        [Fact]
        public void ShortPathIsRelativeToTheBaseFolder()
        {
            Assert.Equal("SE1/IM00001", DisplayText.ShortPath("/data/export/SE1/IM00001", "/data/export", 40));
            Assert.Equal("/other/SE1/IM00001", DisplayText.ShortPath("/other/SE1/IM00001", "/data/export", 40));
            Assert.Equal("/data/exported/x", DisplayText.ShortPath("/data/exported/x", "/data/export", 40));
        }

        [Fact]
        public void ShortPathKeepsWholeTrailingFoldersThatTellFilesApart()
        {
            string a = DisplayText.ShortPath("/very/long/archive/root/patient/STUDY1/SE1/IM00001", null, 20);
            string b = DisplayText.ShortPath("/very/long/archive/root/patient/STUDY1/SE2/IM00001", null, 20);
            Assert.Equal("\u2026/STUDY1/SE1/IM00001", a);
            Assert.NotEqual(a, b);
            Assert.True(a.Length <= 20);
            Assert.Equal("\u2026abcdefghij", DisplayText.ShortPath("/x/" + new string('a', 10) + "abcdefghij", null, 11));
        }
    }
}
