using Deid.Fields;
using Xunit;

namespace Deid.Tests.Fields
{
    /// <summary>
    /// FieldSpec.Keyword and Names: the other name of a field that names one standard element, so a listing can say which
    /// element a line written by tag is about, and a search by either name finds it.
    /// </summary>
    public sealed class FieldSpecNamesTests
    {
        [Theory]
        [InlineData("(0008,0020)", "StudyDate")]
        [InlineData("00100010", "PatientName")]
        [InlineData("0x00100020", "PatientID")]
        [InlineData("0010,0030", "PatientBirthDate")]
        public void ATagFieldKnowsItsKeyword(string text, string keyword)
        {
            var spec = FieldSpec.Parse(text);
            Assert.Equal(keyword, spec.Keyword);
            Assert.Equal(new[] { text, keyword }, spec.Names);
        }

        [Theory]
        [InlineData("PatientID", "(0010,0020)")]
        [InlineData("studydate", "(0008,0020)")]
        public void AKeywordFieldKnowsItsTag(string text, string tag)
        {
            var spec = FieldSpec.Parse(text);
            Assert.Null(spec.Keyword);
            Assert.Equal(new[] { text, tag }, spec.Names);
        }

        /// <summary>ADD's keyword lookup, made once per spec: exact case first, then ignoring case; the same answer asked again.</summary>
        [Theory]
        [InlineData("PatientIdentityRemoved", 0x00120062u)]
        [InlineData("patientidentityremoved", 0x00120062u)]
        [InlineData("DEIDENTIFICATIONMETHOD", 0x00120063u)]
        [InlineData("NoSuchKeyword", null)]
        [InlineData("(0010,0010)", null)]
        public void AKeywordsTagForAdd_IsLookedUpOnce(string text, uint? tag)
        {
            var spec = FieldSpec.Parse(text);
            for (int i = 0; i < 2; i++)
            {
                Assert.Equal(tag.HasValue, spec.TryGetKeywordTag(out var found));
                if (tag.HasValue) Assert.Equal(tag.Value, found.Value);
            }
        }

        /// <summary>What names no one standard element has no other name: private and unknown tags, repeating groups, expanders, paths.</summary>
        [Theory]
        [InlineData("(0009,1001)")]
        [InlineData("(6000,3000)")]
        [InlineData("(7FE1,0010)")]
        [InlineData("(0029,\"SIEMENS CSA HEADER\",10)")]
        [InlineData("NoSuchKeyword")]
        [InlineData("endswith:Date")]
        [InlineData("contains:Name")]
        [InlineData("ReferencedStudySequence__ReferencedSOPInstanceUID")]
        public void OtherFieldsHaveOnlyTheirText(string text)
        {
            var spec = FieldSpec.Parse(text);
            Assert.Null(spec.Keyword);
            Assert.Equal(new[] { text }, spec.Names);
        }
    }
}
