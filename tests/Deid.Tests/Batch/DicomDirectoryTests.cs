using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Deid.Actions;
using Deid.Batch;
using Deid.Dicom;
using Deid.Recipes;
using Deid.Samples;
using Xunit;

namespace Deid.Tests.Batch
{
    /// <summary>
    /// A DICOMDIR is refused by the batch, not written: its records point at each other by byte offset (a changed value length
    /// leaves them pointing into the wrong place) and at the files by paths that hold patient IDs (pydicom's test set keeps
    /// its files under the patient's ID, 77654033). Found by de-identifying pydicom's files with -Recurse: the copy's offsets
    /// were stale and Test-DeidOutput found the patient ID in it.
    /// </summary>
    public sealed class DicomDirectoryTests : IDisposable
    {
        private const string Recipe = "FORMAT dicom\n%header\nREPLACE PatientID ANON\nREPLACE PatientName ANON\nBLANK StudyID\n";
        private readonly string _out = Path.Combine(Path.GetTempPath(), "deid-dicomdir-" + Guid.NewGuid().ToString("N").Substring(0, 12));

        public DicomDirectoryTests() => Directory.CreateDirectory(_out);

        public void Dispose() => Directory.Delete(_out, true);

        public static IEnumerable<object[]> Directories() =>
            new[] { "DICOMDIR", "DICOMDIR-bigEnd", "DICOMDIR-implicit", "DICOMDIR-nopatient", "DICOMDIR-reordered", "DICOMDIR-empty.dcm", "TINY_ALPHA/DICOMDIR" }
                .Select(name => new object[] { name });

        [Theory]
        [MemberData(nameof(Directories))]
        public void EveryDicomdirOfPydicom_IsRefused_AndNothingIsWritten(string name)
        {
            string input = TestPaths.Data("pydicom", "test_files", "dicomdirtests", name);
            byte[] before = File.ReadAllBytes(input);
            Assert.True(DicomDirectoryNotSupportedException.IsDicomDirectory(DicomFile.Open(input)));
            var batch = new DeidBatch(new HeaderActionEngine(DeidRecipe.Parse(Recipe)));
            string output = Path.Combine(_out, "DICOMDIR");
            var result = batch.ProcessOne(new DeidFileRequest(input, output));
            var refusal = Assert.IsType<DicomDirectoryNotSupportedException>(result.Error);
            Assert.Equal(input, refusal.Path);
            Assert.Contains("dcmmkdir", refusal.Message);
            Assert.False(result.Written);
            Assert.Empty(Directory.EnumerateFileSystemEntries(_out));
            Assert.Equal(before, File.ReadAllBytes(input));
        }

        [Fact]
        public void TheFilesOfTheSet_AreStillWritten_InTheSameBatch()
        {
            string set = TestPaths.Data("pydicom", "test_files", "dicomdirtests");
            var inputs = new[] { Path.Combine(set, "DICOMDIR") }
                .Concat(Directory.EnumerateFiles(Path.Combine(set, "77654033"), "*", SearchOption.AllDirectories).OrderBy(p => p, StringComparer.Ordinal).Take(3))
                .ToList();
            var requests = inputs.Select((p, i) => new DeidFileRequest(p, Path.Combine(_out, i + ".dcm"))).ToList();
            var results = new DeidBatch(new HeaderActionEngine(DeidRecipe.Parse(Recipe))) { ThrottleLimit = 2 }.Run(requests).ToList();
            Assert.IsType<DicomDirectoryNotSupportedException>(results[0].Error);
            Assert.All(results.Skip(1), r => Assert.True(r.Written && r.Error == null, r.Error?.Message));
            Assert.Equal(3, Directory.EnumerateFiles(_out).Count());
        }

        [Fact]
        public void AFileWhoseMetaSaysOtherwise_IsStillADirectory_WhenItCarriesDirectoryRecords()
        {
            var sample = DicomSampleGenerator.Create(0, new DicomSampleOptions { Seed = 3, Rows = 8, Columns = 8 });
            Assert.False(DicomDirectoryNotSupportedException.IsDicomDirectory(sample.File));
            sample.File.Dataset.SetNumbers(DicomTags.OffsetOfTheFirstDirectoryRecordOfTheRootDirectoryEntity, DicomVR.UL, 0);
            Assert.True(DicomDirectoryNotSupportedException.IsDicomDirectory(sample.File));
        }

        [Theory]
        [InlineData("CT_small.dcm")]
        [InlineData("MR_small.dcm")]
        [InlineData("rtplan.dcm")]
        public void OrdinaryFiles_AreNotDirectories(string name) =>
            Assert.False(DicomDirectoryNotSupportedException.IsDicomDirectory(DicomFile.Open(TestPaths.Data("pydicom", "test_files", name))));
    }
}
