using System;
using System.IO;
using System.Linq;
using Deid.Audit;
using Deid.Dicom;
using Xunit;

namespace Deid.Tests.Audit
{
    /// <summary>
    /// A number or a short word the output keeps is found whatever tag or length byte stands beside its value in the file. The
    /// byte search took a digit or letter there for part of a longer number or word: an even-length Admission ID before another
    /// Visit element (group 0x0038, whose first byte is the digit '8'), a big endian UID of 48 characters (its length's low byte
    /// is '0'), a name at the end of a comment before group 0x0054 ('T'). A pair that kept them was called clean (audit QA
    /// 2026-12-07).
    /// </summary>
    public sealed class AuditValueBoundsTests : IDisposable
    {
        private readonly string _root = Path.Combine(Path.GetTempPath(), "deid-bounds-" + Guid.NewGuid().ToString("N").Substring(0, 12));

        public AuditValueBoundsTests() => Directory.CreateDirectory(_root);

        public void Dispose() => Directory.Delete(_root, true);

        private const string StudyUid = "1.2.840.113619.2.21.848.246800003.0.1952805748.3"; // 48 characters

        private string Save(string name, TransferSyntax ts, string patientName)
        {
            var file = new DicomFile(ts);
            var ds = file.Dataset;
            ds.SetString(DicomTags.SOPClassUID, DicomVR.UI, "1.2.840.10008.5.1.4.1.1.7");
            ds.SetString(DicomTags.SOPInstanceUID, DicomVR.UI, "1.2.826.0.1.3680043.2.1143.9");
            ds.SetString(DicomTags.PatientName, DicomVR.PN, patientName);
            ds.SetString(DicomTags.StudyInstanceUID, DicomVR.UI, StudyUid);
            ds.SetString(new DicomTag(0x0038, 0x0010), DicomVR.LO, "13002689");
            ds.SetString(new DicomTag(0x0038, 0x0020), DicomVR.DA, "20240115");
            ds.SetString(new DicomTag(0x0038, 0x0021), DicomVR.TM, "134501");
            ds.SetString(new DicomTag(0x0038, 0x0300), DicomVR.LO, "WARD 7");
            ds.SetString(new DicomTag(0x0040, 0x1400), DicomVR.LT, "seen by Dr. Wong");
            ds.GetOrAddSequence(new DicomTag(0x0054, 0x0016)).AddItem().SetString(new DicomTag(0x0018, 0x0031), DicomVR.LO, "FDG");
            file.EnsureFileMeta();
            string path = Path.Combine(_root, name);
            file.Save(path, overwrite: true);
            return path;
        }

        [Theory]
        [InlineData("1.2.840.10008.1.2.1")]
        [InlineData("1.2.840.10008.1.2")]
        [InlineData("1.2.840.10008.1.2.2")]
        public void NumbersAndWordsBesideTagOrLengthBytesThatReadAsDigitsOrLetters_AreFound(string transferSyntax)
        {
            var ts = TransferSyntax.Lookup(transferSyntax);
            string original = Save("original.dcm", ts, "WONG^MEI");
            string output = Save("output.dcm", ts, "ANON^ONE");
            var bytes = File.ReadAllBytes(output);
            // The test's own control: in little endian the byte after the Admission ID is the next tag's '8'.
            if (!ts.Encoding.IsBigEndian)
            {
                int at = bytes.AsSpan().IndexOf("13002689"u8);
                Assert.Equal((byte)'8', bytes[at + 8]);
            }

            var result = new DeidAudit().Audit(original, output);
            var paths = result.Leaks.Select(l => l.ElementPath).ToList();
            Assert.Contains(paths, p => p.StartsWith("(0038,0010)", StringComparison.Ordinal));
            Assert.Contains(paths, p => p.StartsWith("(0038,0020)", StringComparison.Ordinal));
            Assert.Contains(paths, p => p.StartsWith("(0038,0021)", StringComparison.Ordinal));
            Assert.Contains(paths, p => p.StartsWith("(0020,000D)", StringComparison.Ordinal));
            // "Wong" ends the comment, and the next element is of group 0x0054.
            Assert.Contains(result.Leaks, l => l.ElementPath.StartsWith("(0010,0010)", StringComparison.Ordinal) && string.Equals(l.Form, "WONG", StringComparison.OrdinalIgnoreCase));
            // Where they stand in the output, as the byte search gives it.
            var admission = result.Leaks.First(l => l.ElementPath.StartsWith("(0038,0010)", StringComparison.Ordinal));
            Assert.Equal(bytes.AsSpan().IndexOf("13002689"u8), admission.ByteOffset);
        }

        [Fact]
        public void ADigitThatIsPartOfTheValue_StillMakesALongerNumber()
        {
            // The value-by-value look keeps the rule inside a value: 13002689 is not in 130026891.
            string original = Save("original.dcm", TransferSyntax.ExplicitVRLittleEndian, "WONG^MEI");
            var file = DicomFile.Open(Save("output.dcm", TransferSyntax.ExplicitVRLittleEndian, "ANON^ONE"));
            file.Dataset.SetString(new DicomTag(0x0038, 0x0010), DicomVR.LO, "130026891 ");
            string output = Path.Combine(_root, "longer.dcm");
            file.Save(output, overwrite: true);
            var result = new DeidAudit().Audit(original, output);
            Assert.DoesNotContain(result.Leaks, l => l.ElementPath.StartsWith("(0038,0010)", StringComparison.Ordinal));
            Assert.Contains(result.Leaks, l => l.ElementPath.StartsWith("(0038,0020)", StringComparison.Ordinal));
        }
    }
}
