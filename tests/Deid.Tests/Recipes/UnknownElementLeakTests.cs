using System.Collections.Generic;
using Deid.Dicom;
using Xunit;

namespace Deid.Tests.Recipes
{
    /// <summary>
    /// Standard-range elements PS3.6 does not know (issue 10, class 5) leave with <c>REMOVE select:dictionary:unknown</c>, at the
    /// top level and nested. Needs the expander of the leak-engine branch: on this branch alone the expander selects nothing.
    /// </summary>
    public class UnknownElementLeakTests
    {
        private static readonly DicomTag TopLevel = new DicomTag(0x0010, 0x9999);
        private static readonly DicomTag Nested = new DicomTag(0x0018, 0x9FF0);

        [Theory]
        [InlineData("dicom")]
        [InlineData("dicom.basic-profile")]
        [InlineData("dicom.basic-profile.retain-safe-private")]
        [InlineData("dicom.basic-profile.clean-descriptors")]
        public void UnknownElements_AreRemoved_AtEveryDepth(string recipe)
        {
            Assert.False(DicomDictionary.TryGetEntry(TopLevel, out _));
            Assert.False(DicomDictionary.TryGetEntry(Nested, out _));
            var file = MarkerFile.Create();
            file.Dataset.SetString(TopLevel, DicomVR.LO, "MKUNKNOWNTOP");
            file.Dataset.GetSequence(new DicomTag(0x0008, 0x1140))![0].SetString(Nested, DicomVR.SH, "MKUNKNOWNNEST");
            var markers = new List<(string, string)> { ("MKUNKNOWNTOP", "(0010,9999)"), ("MKUNKNOWNNEST", "(0008,1140)[0] (0018,9FF0)") };
            Assert.Equal(2, MarkerFile.Surviving(MarkerFile.Bytes(file), markers).Count);
            var bytes = MarkerFile.RunShipped(recipe, file);
            // Only the unknown elements here: the other markers are ShippedRecipeLeakTests' (a Clean option retains some on purpose).
            Assert.Empty(MarkerFile.Surviving(bytes, markers));
        }
    }
}
