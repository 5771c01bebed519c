using System;
using System.IO;
using System.Linq;
using Deid.Audit;
using Deid.Dicom;
using Deid.Recipes;
using Xunit;

namespace Deid.Tests.Audit
{
    /// <summary>
    /// What the leak audit must not cry wolf about on real files, and what it must still find: a short name component inside an
    /// everyday word ("MARY" in the image type "ORIGINAL\PRIMARY") is not a leak, the same component as a word of its own is;
    /// names written run together ("jsmith") are found; text the recipe itself writes (ANONYMOUS, 000000) is not a leak, while a
    /// value that only contains it still is.
    /// </summary>
    public sealed class AuditPrecisionTests : IDisposable
    {
        private readonly string _root = Path.Combine(Path.GetTempPath(), "deid-audit-precision-" + Guid.NewGuid().ToString("N").Substring(0, 12));

        public AuditPrecisionTests() => Directory.CreateDirectory(_root);

        public void Dispose() => Directory.Delete(_root, true);

        private string Write(string name, Action<DicomDataset> fill)
        {
            var file = new DicomFile(TransferSyntax.ExplicitVRLittleEndian);
            fill(file.Dataset);
            file.EnsureFileMeta();
            string path = Path.Combine(_root, name);
            file.Save(path, overwrite: true);
            return path;
        }

        private string Original(string patientName) => Write("original.dcm", ds => ds.SetString(DicomTags.PatientName, DicomVR.PN, patientName));

        private string Output(string comments, string name = "out.dcm") => Write(name, ds =>
        {
            ds.SetString(DicomTags.ImageType, DicomVR.CS, "ORIGINAL\\PRIMARY\\AXIAL");
            ds.SetString(DicomTags.ImageComments, DicomVR.LT, comments);
        });

        private static string[] Forms(DeidAuditResult result) => result.Leaks.Select(l => l.Form).OrderBy(f => f, StringComparer.Ordinal).ToArray();

        [Theory]
        [InlineData("seen by Mary on Monday", "MARY")]
        [InlineData("MARY", "MARY")]
        [InlineData("smith_mary_2", "MARY")]
        [InlineData("Mary2", "MARY")]
        [InlineData("ref:^MARY^", "MARY")]
        [InlineData("PRIMARY and SUMMARY", null)]
        [InlineData("Maryland protocol", null)]
        [InlineData("ORIGINAL", null)]
        public void AShortNameComponentCountsOnlyAsAWordOfItsOwn(string comments, string? leakedForm)
        {
            string input = Original("ZZTOP^MARY");
            var result = new DeidAudit().Audit(input, Output(comments));
            Assert.Equal(leakedForm == null ? Array.Empty<string>() : new[] { leakedForm }, Forms(result));
        }

        [Fact]
        public void ShortComponentsInsideWordsOfEveryFileAreNotLeaks()
        {
            // Gina in ORIGINAL, Norma in NORMAL, Elvis in PELVIS: each name of five letters or fewer, each word in everyday headers.
            foreach (string name in new[] { "DOE^GINA", "DOE^NORMA", "DOE^ELVIS", "DOE^RONA" })
            {
                string input = Original(name);
                string output = Write("out.dcm", ds =>
                {
                    ds.SetString(DicomTags.ImageType, DicomVR.CS, "ORIGINAL\\PRIMARY");
                    ds.SetString(DicomTags.StudyDescription, DicomVR.LO, "NORMAL PELVIS CORONAL");
                });
                var result = new DeidAudit().Audit(input, output);
                Assert.False(result.Leaked, name + ": " + string.Join("; ", result.Leaks));
            }
        }

        [Theory]
        [InlineData("ROBERTSON referred", "ROBERT")]
        [InlineData("MCALLISTERS", "ALLISTER")]
        public void ALongerComponentIsFoundInsideOtherText(string comments, string leakedForm)
        {
            string input = Original("MCDONALD^ROBERT=^^ALLISTER");
            Assert.Equal(new[] { leakedForm }, Forms(new DeidAudit().Audit(input, Output(comments))));
        }

        // One leak per value and place: the earliest match. "SmithJohn" starts both SMITHJOHN and SMITHJ, either may be named.
        [Theory]
        [InlineData("user jsmith logged in", "JSMITH")]
        [InlineData("JOHNSMITH", "JOHNSMITH")]
        [InlineData("SmithJohn", "SMITHJOHN|SMITHJ")]
        [InlineData("acct smithj", "SMITHJ")]
        [InlineData("smith.john@example.org", "SMITH")]
        [InlineData("SMITHSONIAN JOHNSTON", null)]
        public void NamesWrittenRunTogetherAreFound(string comments, string? leakedForms)
        {
            string input = Original("SMITH^JOHN");
            var forms = Forms(new DeidAudit().Audit(input, Output(comments)));
            if (leakedForms == null)
            {
                Assert.Empty(forms);
                return;
            }
            Assert.Contains(Assert.Single(forms), leakedForms.Split('|'));
        }

        [Theory]
        [InlineData("ISO_IR 192", "山田太郎 head CT")]
        [InlineData("ISO_IR 192", "山田 太郎")]
        [InlineData("ISO_IR 192", "太郎 山田")]
        [InlineData("ISO 2022 IR 87", "山田太郎")]
        public void IdeographicNamesAreFoundWrittenTogetherOrWithASpace(string charset, string comments)
        {
            // Each ideographic component (two characters) is too short to look for alone; the name written whole is not.
            string input = Write("ideographic.dcm", ds =>
            {
                ds.SetString(DicomTags.SpecificCharacterSet, DicomVR.CS, charset == "ISO_IR 192" ? "ISO_IR 192" : "\\ISO 2022 IR 87");
                ds.SetString(DicomTags.PatientName, DicomVR.PN, "ZZYAMADA^TAROU=山田^太郎");
            });
            string output = Write("out-ideographic.dcm", ds =>
            {
                ds.SetString(DicomTags.SpecificCharacterSet, DicomVR.CS, charset == "ISO_IR 192" ? "ISO_IR 192" : "\\ISO 2022 IR 87");
                ds.SetString(DicomTags.ImageComments, DicomVR.LT, comments);
            });
            var leak = Assert.Single(new DeidAudit().Audit(input, output).Leaks);
            Assert.Equal("PatientName", leak.Keyword);
            Assert.Contains("山田", leak.Form, StringComparison.Ordinal);
        }

        [Theory]
        [InlineData("MRN zzc06 4471", "PatientID")]
        [InlineData("ZZC064471", "PatientID")]
        [InlineData("zzc06_4471.dcm", "PatientID")]
        [InlineData("seen by Sean OBrienzz", "PatientName")]
        [InlineData("Brienzz", "PatientName")]
        public void IdsAndNamesWrittenWithOtherSeparatorsAreFound(string comments, string keyword)
        {
            string input = Write("separators.dcm", ds =>
            {
                ds.SetString(DicomTags.PatientName, DicomVR.PN, "O'BRIENZZ^SEAN");
                ds.SetString(DicomTags.PatientID, DicomVR.LO, "ZZC06-4471");
            });
            var leak = Assert.Single(new DeidAudit().Audit(input, Output(comments)).Leaks);
            Assert.Equal(keyword, leak.Keyword);
        }

        [Fact]
        public void EachLeakSaysWhatTheStandardCallsItsElement()
        {
            string input = Write("categories.dcm", ds =>
            {
                ds.SetString(DicomTags.PatientName, DicomVR.PN, "ZZCATNAME^JOHN");
                ds.SetString(DicomTags.StudyDescription, DicomVR.LO, "ZZCATSTUDY");                    // Table E.1-1 (X/C)
                ds.SetString(new DicomTag(0x0018, 0x1210), DicomVR.SH, "ZZKERNEL");                   // ConvolutionKernel: not listed
                ds.SetString(new DicomTag(0x0009, 0x0010), DicomVR.LO, "ZZ CREATOR");
                ds.SetString(new DicomTag(0x0009, 0x1001), DicomVR.LO, "ZZCATPRIVATE");
                var request = ds.GetOrAddSequence(new DicomTag(0x0040, 0x0275)).AddItem();           // Request Attributes: listed (X)
                request.SetString(new DicomTag(0x0018, 0x1210), DicomVR.SH, "ZZNESTEDKERNEL");       // not listed itself, but inside
                var anatomy = ds.GetOrAddSequence(new DicomTag(0x0008, 0x2218)).AddItem();           // Anatomic Region: not listed
                anatomy.SetString(new DicomTag(0x0008, 0x0104), DicomVR.LO, "ZZCATMEANING");
            });
            var result = new DeidAudit().Audit(input, input);
            var byValue = result.Leaks.ToDictionary(l => l.OriginalValue, l => l.Category);
            Assert.Equal(LeakCategory.Identifying, byValue["ZZCATNAME^JOHN"]);
            Assert.Equal(LeakCategory.Identifying, byValue["ZZCATSTUDY"]);
            Assert.Equal(LeakCategory.Identifying, byValue["ZZNESTEDKERNEL"]);
            Assert.Equal(LeakCategory.Retained, byValue["ZZKERNEL"]);
            Assert.Equal(LeakCategory.Retained, byValue["ZZCATMEANING"]);
            Assert.Equal(LeakCategory.NotKnownSafe, byValue["ZZCATPRIVATE"]);
            Assert.Equal(LeakCategory.NotKnownSafe, byValue["ZZ CREATOR"]);
        }

        [Fact]
        public void AFileNameIsSearchedWithTheSameWordRule()
        {
            string input = Original("ZZTOP^MARY");
            Assert.False(new DeidAudit().Audit(input, Output("x", "PRIMARY_CT.dcm")).Leaked);
            var named = new DeidAudit().Audit(input, Output("x", "mary_ct.dcm"));
            Assert.Equal(LeakLocation.FileName, Assert.Single(named.Leaks).Location);
        }

        [Fact]
        public void TextTheRecipeWritesIsNotALeak()
        {
            string input = Write("original.dcm", ds =>
            {
                ds.SetString(DicomTags.PatientName, DicomVR.PN, "Anonymous^ZZJOHN");
                ds.SetString(DicomTags.PatientBirthTime, DicomVR.TM, "000000");
                ds.SetString(DicomTags.InstitutionName, DicomVR.LO, "anonymous");
                ds.SetString(DicomTags.ReferringPhysicianName, DicomVR.PN, "\"REDACTED\"");
                ds.SetString(DicomTags.StationName, DicomVR.SH, "ANONYMOUS WARD");
            });
            string output = Write("out.dcm", ds =>
            {
                ds.SetString(DicomTags.PatientName, DicomVR.PN, "ANONYMOUS");
                ds.SetString(DicomTags.InstanceCreationTime, DicomVR.TM, "000000");
                ds.SetString(DicomTags.ReferringPhysicianName, DicomVR.PN, "\"REDACTED\"");
                ds.SetString(DicomTags.StationName, DicomVR.SH, "ANONYMOUS WARD");
            });
            var recipe = DeidRecipe.Parse("FORMAT dicom\n%header\nREPLACE PatientName ANONYMOUS\nREPLACE InstanceCreationTime 000000\nREPLACE ReferringPhysicianName \"REDACTED\"\n");

            // Without the recipe each of them counts; with it only the station name, which holds more than the written text.
            var without = new DeidAudit().Audit(input, output).Leaks.Select(l => l.Keyword).ToArray();
            Assert.Contains("PatientBirthTime", without);
            Assert.Contains("InstitutionName", without);
            Assert.Contains("PatientName", without);
            Assert.Contains("ReferringPhysicianName", without);
            var with = new DeidAudit(recipe).Audit(input, output);
            Assert.Equal(new[] { "StationName" }, with.Leaks.Select(l => l.Keyword).ToArray());

            // The name's other component is still looked for.
            string leaky = Write("leaky.dcm", ds => ds.SetString(DicomTags.ImageComments, DicomVR.LT, "ANONYMOUS ZZJOHN"));
            var named = new DeidAudit(recipe).Audit(input, leaky);
            Assert.Contains("ZZJOHN", Assert.Single(named.Leaks, l => l.Keyword == "PatientName").Form, StringComparison.Ordinal);
        }
    }
}
