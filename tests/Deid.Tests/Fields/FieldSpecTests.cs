using Deid.Dicom;
using Deid.Fields;
using Xunit;

namespace Deid.Tests.Fields
{
    public class FieldSpecTests
    {
        [Theory]
        [InlineData("PatientID", FieldSpecKind.Keyword)]
        [InlineData("patientid", FieldSpecKind.Keyword)]
        [InlineData("(0010,0020)", FieldSpecKind.Tag)]
        [InlineData("00100020", FieldSpecKind.Tag)]
        [InlineData("0x00100020", FieldSpecKind.Tag)]
        [InlineData("0010,0020", FieldSpecKind.Tag)]
        [InlineData("(0033,\"MITRA OBJECT UTF8 ATTRIBUTES 1.0\",1E)", FieldSpecKind.PrivateTag)]
        [InlineData("0033,\"MITRA OBJECT UTF8 ATTRIBUTES 1.0\",1E", FieldSpecKind.PrivateTag)]
        [InlineData("(0033,\"X\",101E)", FieldSpecKind.Other)]
        [InlineData("ReferencedImageSequence__ReferencedSOPInstanceUID", FieldSpecKind.Path)]
        [InlineData("(0008,1140)__0__(0008,1155)", FieldSpecKind.Path)]
        [InlineData("all", FieldSpecKind.All)]
        [InlineData("ALL", FieldSpecKind.All)]
        [InlineData("contains:UID", FieldSpecKind.Contains)]
        [InlineData("Contains:UID", FieldSpecKind.Contains)]
        [InlineData("startswith:Patient", FieldSpecKind.StartsWith)]
        [InlineData("endswith:Time", FieldSpecKind.EndsWith)]
        [InlineData("except:StudyDate|StudyTime", FieldSpecKind.Except)]
        [InlineData("select:VR:PN", FieldSpecKind.Select)]
        [InlineData("values:names", FieldSpecKind.Values)]
        [InlineData("fields:ids", FieldSpecKind.Fields)]
        [InlineData("Values:names", FieldSpecKind.UnknownExpander)]
        [InlineData("allfields:x", FieldSpecKind.UnknownExpander)]
        [InlineData("Patient's", FieldSpecKind.Other)]
        [InlineData("contains:(0021,\"Siemens: Thorax/Multix FD Post Processing\",15)", FieldSpecKind.Contains)]
        public void Kinds(string text, FieldSpecKind kind)
        {
            var spec = FieldSpec.Parse(text);
            Assert.Equal(kind, spec.Kind);
            Assert.Equal(text, spec.ToString());
        }

        [Fact]
        public void Tags_AndSpellings()
        {
            Assert.Equal(TagSpelling.Parenthesized, FieldSpec.Parse("(0010,0020)").TagSpelling);
            Assert.Equal(TagSpelling.Bare, FieldSpec.Parse("00100020").TagSpelling);
            Assert.Equal(TagSpelling.Hex, FieldSpec.Parse("0X00100020").TagSpelling);
            Assert.Equal(TagSpelling.Comma, FieldSpec.Parse("0010,0020").TagSpelling);
            Assert.Equal(new DicomTag(0x0010, 0x0020), FieldSpec.Parse("(0010,0020)").Tag);
        }

        [Fact]
        public void Expanders_PatternAsDeidBuildsIt()
        {
            Assert.Equal("^(patient)", FieldSpec.Parse("startswith:Patient").Pattern);
            Assert.Equal("(time)$", FieldSpec.Parse("endswith:Time").Pattern);
            Assert.Equal("patient|physician", FieldSpec.Parse("contains:Patient|Physician").Pattern);
            Assert.Equal("Patient|Physician", FieldSpec.Parse("contains:Patient|Physician").Expression);
            // deid lower-cases the expression, so an upper-case class such as \D becomes \d.
            Assert.Equal(@"\d{4}", FieldSpec.Parse(@"contains:\D{4}").Pattern);
        }

        [Fact]
        public void Select_AsDeidReadsIt()
        {
            var vr = FieldSpec.Parse("select:vr:pnx");
            Assert.Equal("VR", vr.SelectAttribute);
            Assert.Equal("PN", vr.SelectValue);
            Assert.Equal((ushort)0x0009, FieldSpec.Parse("select:group:0x0009").SelectGroup);
            Assert.Equal((ushort)0x0010, FieldSpec.Parse("select:GROUP:10").SelectGroup);
            Assert.Null(FieldSpec.Parse("select:group:10000").SelectGroup);
            Assert.Equal("COLOR", FieldSpec.Parse("select:color:red").SelectAttribute);
        }

        [Theory]
        [InlineData("")]
        [InlineData("two words")]
        [InlineData("contains:(")]
        [InlineData("select:VR")]
        [InlineData("select:group:xyz")]
        public void Invalid(string text)
        {
            Assert.False(FieldSpec.TryParse(text, out _, out var error));
            Assert.StartsWith("expected", error);
        }

        [Fact]
        public void Equality_IsByText()
        {
            Assert.Equal(FieldSpec.Parse("PatientID"), (FieldSpec)"PatientID");
            Assert.NotEqual(FieldSpec.Parse("PatientID"), FieldSpec.Parse("patientid"));
        }
    }

    public class FieldMatcherTests
    {
        private static readonly FieldCandidate PatientId = new FieldCandidate(new DicomTag(0x00100020), "PatientID", "Patient ID", DicomVR.LO);

        private static readonly FieldCandidate NestedPatientId = new FieldCandidate(new DicomTag(0x00100020), "PatientID", "Patient ID", DicomVR.LO,
            null, "OtherPatientIDsSequence__PatientID", "(0010,1002)__0__(0010,0020)");

        private static readonly FieldCandidate Issuer = new FieldCandidate(new DicomTag(0x00100021), "IssuerOfPatientID", "Issuer of Patient ID", DicomVR.LO);

        private static readonly FieldCandidate Private = new FieldCandidate(new DicomTag(0x0033101E), "", "Private tag data", DicomVR.UT, "MITRA OBJECT UTF8 ATTRIBUTES 1.0");

        private static readonly FieldCandidate ContentTime = new FieldCandidate(new DicomTag(0x00080033), "ContentTime", "Content Time", DicomVR.TM,
            null, "ContentSequence__ContentTime", "(0040,A730)__0__(0008,0033)");

        private static bool M(string spec, FieldCandidate c) => FieldMatcher.Matches(FieldSpec.Parse(spec), c);

        [Fact]
        public void Keyword_MatchesAtAnyDepth_IgnoringCase()
        {
            Assert.True(M("PatientID", PatientId));
            Assert.True(M("patientID", NestedPatientId));
            Assert.False(M("PatientID", Issuer));
            Assert.True(M("OtherPatientIDsSequence__PatientID", NestedPatientId));
            Assert.False(M("OtherPatientIDsSequence__PatientID", PatientId));
            Assert.True(M("(0010,1002)__0__(0010,0020)", NestedPatientId));
        }

        [Fact]
        public void Except_IsANegatedRegexSearch_NotAnExactExclusion()
        {
            Assert.False(M("except:PatientID", PatientId));
            Assert.False(M("except:PatientID", Issuer)); // IssuerOfPatientID contains "patientid"
            Assert.True(M("except:PatientName", Issuer));
        }

        [Fact]
        public void EndsWith_SeesNestedPathsAndLeafKeywords()
        {
            Assert.True(M("endswith:Time", ContentTime));
            Assert.True(M("startswith:Content", ContentTime)); // the leaf keyword starts with Content ...
            Assert.True(M("startswith:ContentSeq", ContentTime)); // ... and so does the nested path
            Assert.True(M("startswith:Patient", NestedPatientId)); // leaf keyword, although the path starts with Other
        }

        [Fact]
        public void PrivateCreator_MatchesExactlyAndBySearch()
        {
            Assert.True(M("(0033,\"MITRA OBJECT UTF8 ATTRIBUTES 1.0\",1E)", Private));
            Assert.True(M("0033,\"mitra object utf8 attributes 1.0\",1e", Private));
            Assert.False(M("(0033,\"OTHER\",1E)", Private));
            Assert.True(M("(0033,101E)", Private));
            Assert.True(M("contains:MITRA", Private));
            Assert.True(M("contains:0033", Private));
            Assert.True(M("select:group:0033", Private));
            Assert.True(M("select:VR:UT", Private));
        }

        [Fact]
        public void GroupsAndUnknownExpanders_SelectNothingHere()
        {
            Assert.False(M("values:x", PatientId));
            Assert.False(M("fields:x", PatientId));
            Assert.False(M("foo:PatientID", PatientId));
            Assert.True(M("all", Private));
        }
    }
}
