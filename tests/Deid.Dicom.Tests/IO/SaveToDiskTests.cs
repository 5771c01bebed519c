using System;
using System.IO;
using Xunit;

namespace Deid.Dicom.Tests.IO
{
    /// <summary>
    /// Saving to a file copies large values file to file (inside the kernel where it can); the bytes must be exactly those of a
    /// write to memory, unmodified and modified, and a source that shrank after reading must fail rather than write a short file.
    /// </summary>
    public class SaveToDiskTests : IDisposable
    {
        private readonly string _folder = Path.Combine(Path.GetTempPath(), "deid-save-" + Guid.NewGuid().ToString("N"));

        public SaveToDiskTests() => Directory.CreateDirectory(_folder);

        public void Dispose() => Directory.Delete(_folder, recursive: true);

        [Theory]
        [InlineData("deid-data/dicom-cookies/image1.dcm")]
        [InlineData("deid-data/ultrasounds/RGB_IMAGE.dcm")]
        [InlineData("pydicom/test_files/examples_jpeg2k.dcm")]
        [InlineData("pydicom/test_files/MR_small_bigendian.dcm")]
        public void SavedFileEqualsTheMemoryWrite(string rel)
        {
            string source = TestData.PathOf(rel.Split('/'));
            var file = DicomFile.Open(source, new DicomReadOptions { LargeValueThreshold = 1024 });
            string unmodified = Path.Combine(_folder, "same.dcm");
            file.Save(unmodified);
            Assert.Equal(File.ReadAllBytes(source), File.ReadAllBytes(unmodified));

            file.Dataset.SetString(new DicomTag(0x0010, 0x0010), DicomVR.PN, "SAVED^TO^DISK");
            string modified = Path.Combine(_folder, "modified.dcm");
            file.Save(modified);
            using var ms = new MemoryStream();
            DicomWriter.Write(file, ms);
            Assert.Equal(ms.ToArray(), File.ReadAllBytes(modified));
            Assert.Equal("SAVED^TO^DISK", DicomFile.Open(modified).Dataset.GetString(new DicomTag(0x0010, 0x0010)));
        }

        [Fact]
        public void ASourceThatShrankFailsAndLeavesNoOutput()
        {
            string source = Path.Combine(_folder, "source.dcm");
            File.Copy(TestData.PathOf("deid-data", "dicom-cookies", "image2.dcm"), source);
            var file = DicomFile.Open(source);
            var info = new FileInfo(source);
            var stamp = info.LastWriteTimeUtc;
            // The pixel data the file refers to is cut off after reading (its time restored): the copy must not write a short file.
            using (var fs = new FileStream(source, FileMode.Open, FileAccess.Write)) fs.SetLength(info.Length / 2);
            File.SetLastWriteTimeUtc(source, stamp);
            string output = Path.Combine(_folder, "out.dcm");
            Assert.ThrowsAny<IOException>(() => file.Save(output));
            Assert.False(File.Exists(output));
            Assert.Empty(Directory.GetFiles(_folder, ".out.dcm.*"));
        }
    }
}
