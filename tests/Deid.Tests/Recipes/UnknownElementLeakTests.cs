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

        /// <summary>
        /// QA 2026-12-07: a person's name a faulty writer gave VR LO (Secondary Reviewer Name, at the top level and nested) escaped
        /// <c>REMOVE select:VR:PN</c>, which read the VR as written; and (6020,0022), past the sixteen overlay groups PS3.5 §7.6
        /// allows (6000-601E), was taken for an Overlay Description and escaped <c>select:dictionary:unknown</c>.
        /// </summary>
        [Theory]
        [InlineData("dicom")]
        [InlineData("dicom.basic-profile")]
        [InlineData("dicom.basic-profile.retain-safe-private")]
        [InlineData("dicom.basic-profile.clean-descriptors")]
        public void APersonNameWrittenAsLO_AndAnOverlayElementPastTheOverlayGroups_AreRemoved(string recipe)
        {
            var reviewer = new DicomTag(0x0014, 0x0104);
            var evaluator = new DicomTag(0x0014, 0x2006);
            var past = new DicomTag(0x6020, 0x0022);
            Assert.Equal(DicomVR.PN, DicomDictionary.GetVR(reviewer));
            Assert.False(DicomDictionary.TryGetEntry(past, out _));
            Assert.True(DicomDictionary.TryGetEntry(new DicomTag(0x601E, 0x0022), out _));
            var file = MarkerFile.Create();
            file.Dataset.SetString(reviewer, DicomVR.LO, "MKREVIEWER^HELGA");
            file.Dataset.GetSequence(new DicomTag(0x0008, 0x1140))![0].SetString(evaluator, DicomVR.LO, "MKEVALUATOR^BIRGIT");
            file.Dataset.SetString(past, DicomVR.LO, "MKOVERLAYPAST");
            var markers = new List<(string, string)> { ("MKREVIEWER", "(0014,0104) LO"), ("MKEVALUATOR", "(0008,1140)[0] (0014,2006) LO"), ("MKOVERLAYPAST", "(6020,0022)") };
            Assert.Equal(3, MarkerFile.Surviving(MarkerFile.Bytes(file), markers).Count);
            Assert.Empty(MarkerFile.Surviving(MarkerFile.RunShipped(recipe, file), markers));
        }
    }
}
