using System;
using System.IO;
using System.Linq;
using Deid.Audit;
using Deid.Dicom;
using Xunit;

namespace Deid.Tests.Audit
{
    /// <summary>
    /// An audit reads each output into an array kept from an earlier output of the same length (#14: over the JPEG cookies a
    /// new 0.7 MB array each time filled the large-object heap): the bytes are always the file's, and what is kept is bounded.
    /// </summary>
    public sealed class OutputBuffersTests : IDisposable
    {
        private readonly string _root = Path.Combine(Path.GetTempPath(), "deid-output-buffers-" + Guid.NewGuid().ToString("N").Substring(0, 12));

        public OutputBuffersTests() => Directory.CreateDirectory(_root);

        public void Dispose() => Directory.Delete(_root, true);

        private string File(string name, int length, byte fill)
        {
            string path = Path.Combine(_root, name);
            System.IO.File.WriteAllBytes(path, Enumerable.Repeat(fill, length).ToArray());
            return path;
        }

        [Fact]
        public void AnArrayGivenBack_HoldsTheNextFileOfItsLength()
        {
            var buffers = new OutputBuffers();
            var first = buffers.Read(File("a", 100_000, 1), long.MaxValue)!;
            Assert.All(first, b => Assert.Equal(1, b));
            first[0] = 99; // the audit folds its bytes in place
            buffers.Return(first);
            var second = buffers.Read(File("b", 100_000, 2), long.MaxValue)!;
            Assert.Same(first, second);
            Assert.All(second, b => Assert.Equal(2, b));
            buffers.Return(second);
            // Another length: an array of its own; the kept one stays.
            var other = buffers.Read(File("c", 100_001, 3), long.MaxValue)!;
            Assert.NotSame(first, other);
            Assert.Equal(100_001, other.Length);
            Assert.Equal(1, buffers.Count);
        }

        [Fact]
        public void SmallArrays_AreNotKept_AndLargeOnesAreBounded()
        {
            var buffers = new OutputBuffers();
            buffers.Return(new byte[OutputBuffers.MinimumKept - 1]);
            Assert.Equal(0, buffers.Count);
            for (int i = 0; i < 40; i++) buffers.Return(new byte[OutputBuffers.MinimumKept + i]);
            Assert.Equal(OutputBuffers.MaxKept, buffers.Count);
            var many = new OutputBuffers();
            for (int i = 0; i < 40; i++) many.Return(new byte[(3 << 20) + i]);
            Assert.True(many.Count * (3L << 20) <= OutputBuffers.MaxKeptBytes, many.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Assert.True(many.Count > 0);
        }

        [Fact]
        public void AFileLongerThanTheLimit_IsNotRead()
        {
            Assert.Null(new OutputBuffers().Read(File("big", 1000, 0), 999));
        }

        private string Dicom(string name, string comments, string patientName = "ANONYMOUS^ANONYM")
        {
            var file = new DicomFile(TransferSyntax.ExplicitVRLittleEndian);
            file.Dataset.SetString(DicomTags.PatientName, DicomVR.PN, patientName);
            file.Dataset.SetString(DicomTags.ImageComments, DicomVR.LT, comments);
            file.Dataset.SetRawValue(new DicomTag(0x7FE0, 0x0010), DicomVR.OB, new byte[120_000]);
            file.EnsureFileMeta();
            string path = Path.Combine(_root, name);
            file.Save(path, overwrite: true);
            return path;
        }

        /// <summary>
        /// Outputs of one length audited one after another, through the same kept array: each is judged on its own bytes (the
        /// first one's, folded in place, do not stand in for the second's), on one thread or several.
        /// </summary>
        [Fact]
        public void OutputsOfOneLength_AreEachAuditedOnTheirOwnBytes()
        {
            string original = Dicom("original.dcm", "nothing here", "QUIXOTE^ALONSO");
            string leaking = Dicom("leaking.dcm", "seen by QUIXOTE ALONSO");
            string clean = Dicom("clean.dcm", "seen by XXXXXXX XXXXXX");
            Assert.Equal(new FileInfo(leaking).Length, new FileInfo(clean).Length);
            Assert.True(new FileInfo(clean).Length >= OutputBuffers.MinimumKept);
            var audit = new DeidAudit();
            var expected = new[] { true, false, true, false, false, true };
            var paths = expected.Select(l => l ? leaking : clean).ToArray();
            Assert.Equal(expected, paths.Select(p => audit.Audit(original, p).Leaked).ToArray());
            var results = new bool[60];
            System.Threading.Tasks.Parallel.For(0, results.Length, i => results[i] = audit.Audit(original, paths[i % paths.Length]).Leaked);
            Assert.Equal(Enumerable.Range(0, 60).Select(i => expected[i % expected.Length]).ToArray(), results);
        }
    }
}
