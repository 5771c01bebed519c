using System;
using System.IO;
using System.Linq;
using Deid.Batch;
using Deid.Dicom;
using Xunit;

namespace Deid.Tests.Batch
{
    /// <summary>
    /// OutputNameTemplate: tokens read the dataset and the source; a rooted template, a '..' segment, an unknown token or an
    /// unclosed brace is refused; every value is sanitised so that no header value can add a folder, climb out or be empty.
    /// </summary>
    public sealed class OutputNameTemplateTests
    {
        private static DicomDataset Dataset(string? patientId = "PAT-1", string? modality = "CT")
        {
            var d = new DicomDataset(DicomEncoding.ExplicitLittle);
            if (patientId != null) d.SetString(DicomTags.PatientID, DicomVR.LO, patientId);
            if (modality != null) d.SetString(DicomTags.Modality, DicomVR.CS, modality);
            d.SetString(DicomTags.StudyInstanceUID, DicomVR.UI, "1.2.3");
            d.SetString(DicomTags.SeriesInstanceUID, DicomVR.UI, "1.2.3.4");
            d.SetString(DicomTags.SOPInstanceUID, DicomVR.UI, "1.2.3.4.5");
            d.SetString(DicomTags.InstanceNumber, DicomVR.IS, "7");
            return d;
        }

        [Fact]
        public void ResolvesEveryToken()
        {
            var t = OutputNameTemplate.Parse("{PatientID}/{StudyInstanceUID}/{SeriesInstanceUID}/{SOPInstanceUID}-{Modality}-{InstanceNumber}-{Name}");
            Assert.True(t.UsesHeader);
            Assert.Equal("PAT-1/1.2.3/1.2.3.4/1.2.3.4.5-CT-7-IM1.dcm", t.Resolve(Dataset(), Path.Combine("in", "IM1.dcm"), null));
        }

        /// <summary>Charset QA 2026-12-06, F9: a value cut at 64 characters between a surrogate pair wrote U+FFFD into the name.</summary>
        [Fact]
        public void ACutNeverSplitsACharacter()
        {
            string cut = OutputNameTemplate.Sanitize(new string('A', 63) + "\U0001F600" + "tail");
            Assert.Equal(new string('A', 63), cut);
            Assert.Equal(new string('A', 62) + "\U0001F600", OutputNameTemplate.Sanitize(new string('A', 62) + "\U0001F600" + "tail"));
        }

        [Fact]
        public void TokensAreCaseInsensitive() =>
            Assert.Equal("PAT-1.dcm", OutputNameTemplate.Parse("{patientid}.dcm").Resolve(Dataset(), "x", null));

        [Fact]
        public void RelativePathKeepsItsFoldersAndDefaultsToTheFileName()
        {
            var t = OutputNameTemplate.Parse("{RelativePath}.dcm");
            Assert.False(t.UsesHeader);
            Assert.Equal("SE1/IM1.dcm", t.Resolve(Dataset(), "/x/SE1/IM1", "SE1\\IM1"));
            Assert.Equal("IM1.dcm", t.Resolve(Dataset(), "/x/SE1/IM1", null));
            Assert.Equal("unknown/x.dcm", t.Resolve(Dataset(), "/x", "../x"));
        }

        [Theory]
        [InlineData("../{Name}")]
        [InlineData("a/../{Name}")]
        [InlineData("a\\..\\{Name}")]
        [InlineData("/abs/{Name}")]
        [InlineData("C:{Name}")]
        [InlineData("{Unknown}")]
        [InlineData("{Name")]
        [InlineData("Name}")]
        [InlineData("{Name}/")]
        [InlineData("")]
        [InlineData("  ")]
        [InlineData(".{Name}")]
        [InlineData(".hidden/{Name}")]
        [InlineData("{PatientID}/.{SOPInstanceUID}.dcm")]
        public void RefusesTemplatesThatCouldLeaveTheFolderOrCannotBeRead(string template) =>
            Assert.Throws<ArgumentException>(() => OutputNameTemplate.Parse(template));

        /// <summary>A colon is refused for what it is (a drive, a stream, or a .NET format in a token), not called "rooted" (QA).</summary>
        [Theory]
        [InlineData("{Modality}-{SeriesNumber:000}", true)]
        [InlineData("x:{SOPInstanceUID}.dcm", true)]
        [InlineData("/abs/{SOPInstanceUID}", false)]
        public void SaysWhatIsWrongWithAColon(string template, bool colon)
        {
            var ex = Assert.Throws<ArgumentException>(() => OutputNameTemplate.Parse(template));
            Assert.Equal(colon, ex.Message.Contains("holds ':'", StringComparison.Ordinal));
            Assert.Equal(!colon, ex.Message.Contains("is rooted", StringComparison.Ordinal));
            if (template.Contains("{SeriesNumber:000}", StringComparison.Ordinal)) Assert.Contains("write '{SeriesNumber}'", ex.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void UnknownTokenMessageSaysWhatATokenIs()
        {
            var ex = Assert.Throws<ArgumentException>(() => OutputNameTemplate.Parse("{PatientNom}.dcm"));
            Assert.Contains("'{PatientNom}'", ex.Message);
            Assert.Contains("{SOPInstanceUID}", ex.Message);
            Assert.Contains("{StudyDate}", ex.Message);
            Assert.Contains("{RelativePath}", ex.Message);
        }

        /// <summary>
        /// Any standard top-level attribute whose value is text or a number is a token (users sort by study date and series
        /// number), read from the header as written, multiple values joined with '_', case of the keyword ignored.
        /// </summary>
        [Fact]
        public void AnyTextOrNumberKeywordIsAToken()
        {
            var d = Dataset();
            d.SetString(DicomTags.StudyDate, DicomVR.DA, "20010203");
            d.SetString(DicomTags.SeriesNumber, DicomVR.IS, "4");
            d.SetString(DicomTags.ImageType, DicomVR.CS, "DERIVED\\SECONDARY");
            d.SetString(DicomTags.SeriesDescription, DicomVR.LO, "AX T1/POST");
            d.SetNumbers(DicomTags.Rows, DicomVR.US, 512);
            var t = OutputNameTemplate.Parse("{PatientID}/{studydate}_{SeriesNumber}_{SeriesDescription}/{ImageType}-{Rows}-{AccessionNumber}.dcm");
            Assert.True(t.UsesHeader);
            Assert.Equal("PAT-1/20010203_4_AX T1_POST/DERIVED_SECONDARY-512-unknown.dcm", t.Resolve(d, "/in/IM1", null));
            Assert.Equal("{PatientID}/{studydate}_{SeriesNumber}_{SeriesDescription}/{ImageType}-{Rows}-{AccessionNumber}.dcm", t.Template);
            Assert.True(OutputNameTemplate.IsHeaderToken("PatientName"));
            Assert.True(OutputNameTemplate.IsHeaderToken("sliceThickness"));
        }

        /// <summary>
        /// What gives no file name is refused when the template is read: sequences, bulk data, tags, the file meta (not in the
        /// dataset the name is read from), repeating groups (which group?), private and unknown names.
        /// </summary>
        [Theory]
        [InlineData("ReferencedStudySequence")]
        [InlineData("PixelData")]
        [InlineData("FrameIncrementPointer")]
        [InlineData("TransferSyntaxUID")]
        [InlineData("MediaStorageSOPInstanceUID")]
        [InlineData("OverlayRows")]
        [InlineData("(0010,0020)")]
        [InlineData("00100020")]
        [InlineData("Patient ID")]
        public void RefusesKeywordsThatGiveNoFileName(string keyword)
        {
            Assert.False(OutputNameTemplate.IsHeaderToken(keyword));
            Assert.Throws<ArgumentException>(() => OutputNameTemplate.Parse("{" + keyword + "}.dcm"));
        }

        /// <summary>
        /// Completion after an open brace: the tree's tokens first, then every current keyword the template takes, each starting
        /// with what was typed (case ignored); nothing it would refuse, nothing outside a brace.
        /// </summary>
        [Fact]
        public void CompletesTokensAfterAnOpenBrace()
        {
            var stu = OutputNameTemplate.TokensCompleting("{PatientID}/{stu");
            Assert.Equal("StudyInstanceUID", stu[0]);
            Assert.Contains("StudyDate", stu);
            Assert.Contains("StudyDescription", stu);
            Assert.All(stu, t => Assert.StartsWith("Stu", t, StringComparison.OrdinalIgnoreCase));
            Assert.All(stu, t => Assert.True(OutputNameTemplate.IsHeaderToken(t)));
            Assert.Equal(stu.Count, new System.Collections.Generic.HashSet<string>(stu).Count);
            var all = OutputNameTemplate.TokensCompleting("x/{");
            Assert.Equal(OutputNameTemplate.TokenNames, all.Take(OutputNameTemplate.TokenNames.Count));
            Assert.True(all.Count > 1000);
            Assert.DoesNotContain("PixelData", OutputNameTemplate.TokensCompleting("{Pixel"));
            Assert.DoesNotContain("TransferSyntaxUID", all);
            Assert.DoesNotContain("ReferencedStudySequence", all);
            var rel = OutputNameTemplate.TokensCompleting("{rel");
            Assert.Equal("RelativePath", rel[0]);
            Assert.Contains("RelationshipType", rel);
            Assert.Empty(OutputNameTemplate.TokensCompleting("{PatientID}/x"));
            Assert.Empty(OutputNameTemplate.TokensCompleting("{NoSuchKeyword"));
        }

        /// <summary>A keyword the dictionary knows is refused with the reason, not as unknown.</summary>
        [Theory]
        [InlineData("ReferencedStudySequence", "a sequence")]
        [InlineData("transferSyntaxUID", "file meta")]
        [InlineData("PixelData", "an attribute of VR O")]
        [InlineData("FrameIncrementPointer", "VR AT")]
        public void SaysWhyAKeywordGivesNoFileName(string keyword, string why)
        {
            var ex = Assert.Throws<ArgumentException>(() => OutputNameTemplate.Parse("{" + keyword + "}.dcm"));
            Assert.Contains(why, ex.Message);
            Assert.DoesNotContain("unknown token", ex.Message);
        }

        [Theory]
        [InlineData("../../etc", "_.._etc")]
        [InlineData("..", OutputNameTemplate.Placeholder)]
        [InlineData("a/b\\c", "a_b_c")]
        [InlineData("x:y*z?\"<>|", "x_y_z_____")]
        [InlineData("tab\there\u0001", "tab_here_")]
        [InlineData("  ", OutputNameTemplate.Placeholder)]
        [InlineData("", OutputNameTemplate.Placeholder)]
        [InlineData(null, OutputNameTemplate.Placeholder)]
        [InlineData("CON", "_CON")]
        [InlineData("nul.txt", "_nul.txt")]
        [InlineData("name. ", "name")]
        public void SanitisesValues(string? value, string expected) => Assert.Equal(expected, OutputNameTemplate.Sanitize(value));

        /// <summary>
        /// QA3 F1: Windows 10 and Server also take as devices a name whose part before the first dot ends in spaces, CONIN$,
        /// CONOUT$, the superscript-digit ports and (on some versions) COM0/LPT0; each gets the prefix, on every platform.
        /// </summary>
        [Theory]
        [InlineData("CON .dcm", "_CON .dcm")]
        [InlineData("nul  .txt", "_nul  .txt")]
        [InlineData("CONIN$", "_CONIN$")]
        [InlineData("conout$.dcm", "_conout$.dcm")]
        [InlineData("COM\u00B9", "_COM\u00B9")]
        [InlineData("lpt\u00B3.x", "_lpt\u00B3.x")]
        [InlineData("COM0", "_COM0")]
        [InlineData("LPT0.dcm", "_LPT0.dcm")]
        [InlineData("COM10", "COM10")]
        [InlineData("CONSOLE", "CONSOLE")]
        [InlineData("x.CON", "x.CON")]
        public void SanitisesEveryWindowsDeviceName(string value, string expected) => Assert.Equal(expected, OutputNameTemplate.Sanitize(value));

        /// <summary>QA3 F1: literal text and a token together can form a device name that no token is; each resolved segment is checked.</summary>
        [Theory]
        [InlineData("COM{SeriesNumber}", "_COM1")]
        [InlineData("LPT{InstanceNumber}.dcm", "_LPT7.dcm")]
        [InlineData("AU{PatientID}.dcm", "_AUX.dcm")]
        [InlineData("COM{SeriesNumber}/{Name}", "_COM1/IM1")]
        [InlineData("x\\CON {SeriesNumber}.dcm", "x\\CON 1.dcm")]
        [InlineData("x\\CON .{SeriesNumber}", "x\\_CON .1")]
        [InlineData("CONIN{PatientID}.dcm", "CONINX.dcm")]
        [InlineData("{PatientID}/{SeriesNumber}.dcm", "X/1.dcm")]
        public void NamesNoDeviceWhereTextAndTokensMeet(string template, string expected)
        {
            var d = Dataset(patientId: "X");
            d.SetString(DicomTags.SeriesNumber, DicomVR.IS, "1");
            Assert.Equal(expected, OutputNameTemplate.Parse(template).Resolve(d, "/in/IM1", null));
        }

        /// <summary>
        /// QA3 F11: each token is cut to 64 characters, but four of them made a 263-character file name, and a folder of them
        /// could pass 255 too: every resolved file and folder name is cut to 255 units and bytes, keeping the extension.
        /// </summary>
        [Fact]
        public void CutsEachResolvedNameTooLongForAFileSystem()
        {
            var d = Dataset(patientId: new string('P', 64));
            d.SetString(DicomTags.StudyDescription, DicomVR.LO, new string('S', 64));
            d.SetString(DicomTags.SeriesDescription, DicomVR.LO, new string('E', 64));
            d.SetString(DicomTags.InstitutionName, DicomVR.LO, new string('I', 64));
            const string Long = "{PatientID}_{StudyDescription}_{SeriesDescription}_{InstitutionName}";
            string resolved = OutputNameTemplate.Parse(Long + "/" + Long + ".dcm").Resolve(d, "/in/IM1", null);
            string[] segments = resolved.Split('/');
            Assert.Equal(2, segments.Length);
            Assert.All(segments, s => Assert.Equal(255, s.Length));
            Assert.StartsWith(new string('P', 64) + "_" + new string('S', 64), segments[0], StringComparison.Ordinal);
            Assert.EndsWith(".dcm", segments[1], StringComparison.Ordinal);
            Assert.Equal("PAT-1/7.dcm", OutputNameTemplate.Parse("{PatientID}/{InstanceNumber}.dcm").Resolve(Dataset(), "/in/IM1", null));
        }

        [Fact]
        public void CapsLongValues() => Assert.Equal(64, OutputNameTemplate.Sanitize(new string('9', 200)).Length);

        [Fact]
        public void MissingAndHostileHeaderValuesStayOneComponentInsideTheFolder()
        {
            var t = OutputNameTemplate.Parse("{PatientID}/{Modality}/{Name}");
            string relative = t.Resolve(Dataset(patientId: "../../evil", modality: null), "/in/IM1", null);
            Assert.Equal("_.._evil/unknown/IM1", relative);
            string folder = Path.Combine(Path.GetTempPath(), "out");
            Assert.StartsWith(Path.GetFullPath(folder) + Path.DirectorySeparatorChar, OutputPaths.Under(folder, relative), StringComparison.Ordinal);
        }

        /// <summary>A dot inside a name, and "." as a folder of its own, are not hidden names.</summary>
        [Theory]
        [InlineData("./{Name}")]
        [InlineData("{PatientID}.dcm")]
        [InlineData("a.b/{Name}")]
        public void TakesDotsThatHideNothing(string template) => Assert.Equal(template, OutputNameTemplate.Parse(template).Template);
    }
}
