using System;
using System.IO;
using Deid.Actions;
using Deid.Batch;
using Deid.Dicom;
using Deid.Recipes;
using Deid.Steps;
using Xunit;

namespace Deid.Tests.Batch
{
    /// <summary>
    /// What the reader tolerates in an input, and how the copy is written because of it, is said for the copy too (codec QA
    /// 2026-12-06: Invoke-DeidReplace wrote such files without a word; only Get-DicomDataset said what it read).
    /// </summary>
    public sealed class SourceFaultTests : IDisposable
    {
        private readonly string _dir = Path.Combine(Path.GetTempPath(), "deid-source-fault-" + Guid.NewGuid().ToString("N").Substring(0, 12));

        public SourceFaultTests() => Directory.CreateDirectory(_dir);

        public void Dispose() => Directory.Delete(_dir, true);

        [Fact]
        public void TheReadersWarnings_AreTheFilesWarnings_AndACleanFileHasNone()
        {
            var file = new DicomFile(TransferSyntax.ExplicitVRLittleEndian);
            file.Dataset.SetString(DicomTags.SOPClassUID, DicomVR.UI, "1.2.840.10008.5.1.4.1.1.7");
            file.Dataset.SetString(DicomTags.SOPInstanceUID, DicomVR.UI, "1.2.826.0.1.3680043.2.1143.9");
            file.Dataset.SetString(DicomTags.PatientName, DicomVR.PN, "DOE^JOHN");
            file.EnsureFileMeta();
            string clean = Path.Combine(_dir, "clean.dcm");
            file.Save(clean);
            // The same file with its Transfer Syntax UID replaced by one no one defined, of the same length.
            byte[] bytes = File.ReadAllBytes(clean);
            string text = System.Text.Encoding.ASCII.GetString(bytes);
            int at = text.IndexOf("1.2.840.10008.1.2.1\0", StringComparison.Ordinal);
            System.Text.Encoding.ASCII.GetBytes("1.2.840.99999.1.2.1").CopyTo(bytes, at);
            string odd = Path.Combine(_dir, "unknown-syntax.dcm");
            File.WriteAllBytes(odd, bytes);

            var batch = new DeidBatch(new HeaderActionEngine(DeidRecipe.Parse("FORMAT dicom\n%header\nREPLACE PatientName ANONYMOUS^\n")));
            var cleanResult = batch.ProcessOne(new DeidFileRequest(clean, Path.Combine(_dir, "out-clean.dcm")));
            Assert.True(cleanResult.Succeeded, cleanResult.Error?.ToString());
            Assert.DoesNotContain(cleanResult.Warnings, w => w.Kind == DeidWarningKind.SourceFault);
            var result = batch.ProcessOne(new DeidFileRequest(odd, Path.Combine(_dir, "out-odd.dcm")));
            Assert.True(result.Succeeded, result.Error?.ToString());
            var fault = Assert.Single(result.Warnings, w => w.Kind == DeidWarningKind.SourceFault);
            Assert.Contains("1.2.840.99999.1.2.1", fault.Message, StringComparison.Ordinal);
            Assert.Equal(odd, fault.File);
            // Once a batch for each kind: a series of such files says it for the first (review 2026-12-06).
            string second = Path.Combine(_dir, "unknown-syntax-2.dcm");
            File.Copy(odd, second);
            var both = batch.Run(new[] { new DeidFileRequest(odd, Path.Combine(_dir, "o1.dcm")), new DeidFileRequest(second, Path.Combine(_dir, "o2.dcm")) });
            Assert.Single(System.Linq.Enumerable.SelectMany(both, r => r.Warnings), w => w.Kind == DeidWarningKind.SourceFault);
            // Another UID is another kind: each is said (charset QA round 2, F6: one unknown term hid the others).
            byte[] other = File.ReadAllBytes(odd);
            System.Text.Encoding.ASCII.GetBytes("1.2.840.88888").CopyTo(other, at);
            string third = Path.Combine(_dir, "unknown-syntax-3.dcm");
            File.WriteAllBytes(third, other);
            var mixed = batch.Run(new[] { new DeidFileRequest(odd, Path.Combine(_dir, "m1.dcm")), new DeidFileRequest(third, Path.Combine(_dir, "m2.dcm")) });
            Assert.Equal(2, System.Linq.Enumerable.Count(System.Linq.Enumerable.SelectMany(mixed, r => r.Warnings), w => w.Kind == DeidWarningKind.SourceFault));
        }
    }
}
