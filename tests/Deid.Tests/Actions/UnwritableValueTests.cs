using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Deid.Actions;
using Deid.Dicom;
using Deid.Recipes;
using Deid.Steps;
using Xunit;

namespace Deid.Tests.Actions
{
    /// <summary>
    /// A new value longer than a 16-bit length field holds (65,535 bytes) where the copy is explicit VR cannot be written: the
    /// action refuses the file, naming its recipe line, rather than the writer naming only the element after a warning that
    /// said "written as given" (QA: REPLACE SOPInstanceUID with 70,000 characters named (0002,0003), the meta copy). An implicit
    /// VR dataset has 32-bit lengths, so there the value is written, with the too-long warning; and messages quote a long
    /// action shortened.
    /// </summary>
    public class UnwritableValueTests
    {
        private static readonly DicomTag PatientId = new DicomTag(0x0010, 0x0020);
        private static readonly DicomTag OtherPatientIds = new DicomTag(0x0010, 0x1000);
        private static readonly DicomTag ReferencedStudySequence = new DicomTag(0x0008, 0x1110);
        private static readonly DicomTag PatientComments = new DicomTag(0x0010, 0x4000);

        private static DicomFile Sample(TransferSyntax syntax)
        {
            var file = new DicomFile(syntax);
            file.Dataset.SetString(DicomTags.SOPClassUID, DicomVR.UI, "1.2.840.10008.5.1.4.1.1.7");
            file.Dataset.SetString(DicomTags.SOPInstanceUID, DicomVR.UI, "1.2.826.0.1.3680043.8.498.5.5");
            file.Dataset.SetString(PatientId, DicomVR.LO, "PID-ORIGINAL");
            file.Dataset.SetString(OtherPatientIds, DicomVR.LO, "OTHER");
            file.Dataset.SetString(PatientComments, DicomVR.LT, "comment");
            file.Dataset.GetOrAddSequence(ReferencedStudySequence).AddItem().SetString(DicomTags.SOPInstanceUID, DicomVR.UI, "1.2.3");
            file.EnsureFileMeta();
            using var ms = new MemoryStream();
            DicomWriter.Write(file, ms);
            return DicomFile.Open(ms.ToArray());
        }

        private static List<DeidWarning> Apply(DicomFile file, string header)
        {
            var warnings = new List<DeidWarning>();
            new HeaderActionEngine(DeidRecipe.Parse("FORMAT dicom\n%header\n" + header + "\n", "site.deid")).Apply(file, null, warnings, "in.dcm");
            return warnings;
        }

        private static byte[] Write(DicomFile file)
        {
            using var ms = new MemoryStream();
            DicomWriter.Write(file, ms);
            return ms.ToArray();
        }

        public static IEnumerable<object[]> Refused() => new[]
        {
            new object[] { "REPLACE PatientID " + new string('x', 70_000), "(0010,0020)", 70_000 },
            new object[] { "REPLACE SOPInstanceUID " + new string('1', 70_001), "(0008,0018)", 70_002 },
            // Every value within LO's 64 characters, 2,000 of them: no too-long warning, but 81,999 bytes together.
            new object[] { "REPLACE OtherPatientIDs " + string.Join("\\", Enumerable.Repeat(new string('y', 40), 2000)), "(0010,1000)", 82_000 },
            new object[] { "REPLACE (0008,1110)__0__(0008,0018) " + new string('2', 66_000), "(0008,1110)__0__(0008,0018)", 66_000 },
            new object[] { "ADD InstitutionName " + new string('z', 65_537), "(0008,0080)", 65_538 },
        };

        [Theory]
        [MemberData(nameof(Refused))]
        public void AValueNoLengthFieldHolds_InAnExplicitVrCopy_RefusesTheFile_NamingTheLine(string line, string field, long bytes)
        {
            var file = Sample(TransferSyntax.ExplicitVRLittleEndian);
            var ex = Assert.Throws<ValueTooLongException>(() => Apply(file, line));
            Assert.Equal(field, ex.Field);
            Assert.Equal(bytes, ex.Bytes);
            Assert.Contains("(recipe site.deid:3): the new value of " + field + " is " + bytes.ToString("N0", System.Globalization.CultureInfo.InvariantCulture) + " bytes", ex.Message, StringComparison.Ordinal);
            // The line is quoted shortened, its length counted.
            Assert.Contains("… (" + line.Length.ToString("N0", System.Globalization.CultureInfo.InvariantCulture) + " characters)", ex.Message, StringComparison.Ordinal);
            Assert.True(ex.Message.Length < 400, ex.Message.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        [Fact]
        public void AnImplicitVrDataset_TakesTheValue_WithTheTooLongWarning()
        {
            var file = Sample(TransferSyntax.ImplicitVRLittleEndian);
            string value = new string('x', 70_000);
            var warnings = Apply(file, "REPLACE PatientID " + value);
            Assert.True(value == file.Dataset.GetString(PatientId), string.Join(" // ", warnings.Select(x => x.Kind + ": " + x.Message)));
            var back = DicomFile.Open(Write(file));
            Assert.Equal(TransferSyntax.ImplicitVRLittleEndian.Uid, back.TransferSyntax.Uid);
            // Read back as written (a value this long stays a reference into the bytes; its length tells).
            Assert.True(back.Dataset.TryGetElement(PatientId, out var e));
            Assert.Equal(70_000, e.Length);
            var w = Assert.Single(warnings, x => x.Kind == DeidWarningKind.ValueTooLong);
            Assert.True(w.Message.Length < 400, w.Message);
        }

        [Fact]
        public void AnImplicitVrDataset_StillRefusesASopInstanceUidTheMetaCannotHold()
        {
            var file = Sample(TransferSyntax.ImplicitVRLittleEndian);
            var ex = Assert.Throws<ValueTooLongException>(() => Apply(file, "REPLACE SOPInstanceUID " + new string('1', 70_001)));
            Assert.Equal("(0008,0018)", ex.Field);
        }

        [Fact]
        public void AValueThatJustFits_IsWritten()
        {
            // LT: 16-bit length; 65,534 characters (even, no padding) is the most a 16-bit field holds as an even length.
            var file = Sample(TransferSyntax.ExplicitVRLittleEndian);
            string value = new string('c', 65_534);
            Apply(file, "REPLACE PatientComments " + value);
            Assert.Equal(value, DicomFile.Open(Write(file)).Dataset.GetString(PatientComments));
        }

        [Fact]
        public void AShortActionIsQuotedWhole_ALongOneShortened()
        {
            var file = Sample(TransferSyntax.ExplicitVRLittleEndian);
            var warnings = Apply(file, "REPLACE PatientID " + new string('x', 100) + "\nREPLACE OtherPatientIDs " + new string('y', 300));
            var tooLong = warnings.Where(w => w.Kind == DeidWarningKind.ValueTooLong).ToList();
            Assert.Equal(2, tooLong.Count);
            Assert.StartsWith("REPLACE PatientID " + new string('x', 100) + " (recipe site.deid:3)", tooLong[0].Message, StringComparison.Ordinal);
            Assert.StartsWith("REPLACE OtherPatientIDs " + new string('y', 96) + "… (324 characters) (recipe site.deid:4)", tooLong[1].Message, StringComparison.Ordinal);
        }
    }
}
