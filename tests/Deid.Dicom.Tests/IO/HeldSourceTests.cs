using System;
using System.IO;
using System.Linq;
using Deid.TestSupport;
using Xunit;

namespace Deid.Dicom.Tests.IO
{
    /// <summary>
    /// <see cref="DicomFile.OpenHeld"/> keeps the input open from the read to the write, so the pixel data are copied through the
    /// handle the header came from: the bytes written must be those of an ordinary read, the handle must be closed by
    /// <see cref="DicomFile.ReleaseSource"/> (and by a failed read), and a file changed under the handle must fail, not be
    /// written short.
    /// </summary>
    public sealed class HeldSourceTests : IDisposable
    {
        private readonly string _folder = Path.Combine(Path.GetTempPath(), "deid-held-" + Guid.NewGuid().ToString("N"));

        public HeldSourceTests() => Directory.CreateDirectory(_folder);

        public void Dispose() => Directory.Delete(_folder, recursive: true);

        private static readonly DicomTag PatientName = new DicomTag(0x0010, 0x0010);

        private string Copy(params string[] rel)
        {
            string path = Path.Combine(_folder, "in-" + Guid.NewGuid().ToString("N").Substring(0, 8) + ".dcm");
            File.Copy(TestData.PathOf(rel), path);
            return path;
        }

        [Theory]
        [InlineData("deid-data/dicom-cookies/image1.dcm")]
        [InlineData("deid-data/ultrasounds/RGB_IMAGE.dcm")]
        [InlineData("pydicom/test_files/examples_jpeg2k.dcm")]
        [InlineData("pydicom/test_files/MR_small_bigendian.dcm")]
        [InlineData("pydicom/test_files/image_dfl.dcm")]
        [InlineData("pydicom/test_files/rtdose.dcm")]
        public void AHeldReadWritesTheBytesOfAnOrdinaryRead(string rel)
        {
            string source = Copy(rel.Split('/'));
            var options = new DicomReadOptions { LargeValueThreshold = 1024 };
            foreach (bool modify in new[] { false, true })
            {
                var plain = DicomFile.Open(source, options);
                var held = DicomFile.OpenHeld(source, options);
                if (modify)
                {
                    plain.Dataset.SetString(PatientName, DicomVR.PN, "HELD^SOURCE");
                    held.Dataset.SetString(PatientName, DicomVR.PN, "HELD^SOURCE");
                }
                string a = Path.Combine(_folder, $"plain-{modify}.dcm"), b = Path.Combine(_folder, $"held-{modify}.dcm");
                plain.Save(a);
                held.Save(b);
                held.ReleaseSource();
                Assert.Equal(File.ReadAllBytes(a), File.ReadAllBytes(b));
                if (!modify) Assert.Equal(File.ReadAllBytes(source), File.ReadAllBytes(b));
            }
        }

        [Fact]
        public void TheHandleIsOpenUntilReleasedAndTheValuesAreStillReadableAfter()
        {
            if (!OperatingSystem.IsLinux()) return; // counts descriptors through /proc
            string source = Copy("deid-data", "dicom-cookies", "image3.dcm");
            var file = DicomFile.OpenHeld(source);
            Assert.Equal(1, OpenDescriptors.Of(source));
            var pixels = PixelReference(file);
            using (var view = pixels.Source.OpenRead())
            {
                Assert.Equal(1, OpenDescriptors.Of(source)); // a view shares the held handle
            }
            Assert.Equal(1, OpenDescriptors.Of(source)); // disposing a view leaves it open
            string held = Path.Combine(_folder, "held.dcm");
            file.Save(held);
            Assert.Equal(1, OpenDescriptors.Of(source));

            file.ReleaseSource();
            Assert.Equal(0, OpenDescriptors.Of(source));
            file.ReleaseSource(); // a second release is harmless

            // Released: the values are read from the file opened again.
            string again = Path.Combine(_folder, "again.dcm");
            file.Save(again);
            Assert.Equal(File.ReadAllBytes(source), File.ReadAllBytes(again));
            Assert.Equal(0, OpenDescriptors.Of(source));
        }

        [Fact]
        public void AFileThatIsNotDicomLeavesNoHandleOpen()
        {
            if (!OperatingSystem.IsLinux()) return;
            string source = Path.Combine(_folder, "not-dicom.dcm");
            File.WriteAllBytes(source, Enumerable.Range(0, 5000).Select(i => (byte)(i * 7)).ToArray());
            Assert.ThrowsAny<DicomFormatException>(() => DicomFile.OpenHeld(source));
            Assert.Equal(0, OpenDescriptors.Of(source));
        }

        [Fact]
        public void TwoReadersOfTheHeldSourceKeepTheirOwnPositions()
        {
            string source = Copy("deid-data", "dicom-cookies", "image4.dcm");
            byte[] bytes = File.ReadAllBytes(source);
            var file = DicomFile.OpenHeld(source);
            try
            {
                var pixels = PixelReference(file);
                using var first = pixels.Source.OpenRead();
                using var second = pixels.Source.OpenRead();
                Assert.Equal(bytes.Length, first.Length);
                first.Position = 100;
                second.Position = 5000;
                var a = new byte[64];
                var b = new byte[64];
                Assert.Equal(64, first.Read(a, 0, 64));
                Assert.Equal(64, second.Read(b, 0, 64));
                Assert.Equal(bytes.Skip(100).Take(64), a);
                Assert.Equal(bytes.Skip(5000).Take(64), b);
                Assert.Equal(164, first.Position);
                Assert.Equal(64, first.Read(a, 0, 64)); // carries on from its own position, not the other reader's
                Assert.Equal(bytes.Skip(164).Take(64), a);
                first.Seek(-10, SeekOrigin.End);
                Assert.Equal(10, first.Read(a, 0, 64));
                Assert.Equal(0, first.Read(a, 0, 64));
                Assert.Throws<NotSupportedException>(() => first.Write(a, 0, 1));
            }
            finally
            {
                file.ReleaseSource();
            }
        }

        [Fact]
        public void AFileCutShortUnderTheHandleFailsAndLeavesNoOutput()
        {
            string source = Copy("deid-data", "dicom-cookies", "image2.dcm");
            long length = new FileInfo(source).Length;
            var file = DicomFile.OpenHeld(source);
            try
            {
                using (var fs = new FileStream(source, FileMode.Open, FileAccess.Write, FileShare.ReadWrite)) fs.SetLength(length / 2);
                string output = Path.Combine(_folder, "out.dcm");
                Assert.ThrowsAny<IOException>(() => file.Save(output));
                Assert.False(File.Exists(output));
                Assert.Empty(Directory.GetFiles(_folder, ".out.dcm.*"));
            }
            finally
            {
                file.ReleaseSource();
            }
        }

        [Fact]
        public void AfterReleaseAFileOfAnotherLengthIsRefused()
        {
            string source = Copy("deid-data", "dicom-cookies", "image5.dcm");
            var file = DicomFile.OpenHeld(source);
            file.ReleaseSource();
            File.AppendAllText(source, "grown");
            string output = Path.Combine(_folder, "out.dcm");
            var ex = Assert.ThrowsAny<IOException>(() => file.Save(output));
            Assert.Contains("changed after it was read", ex.Message);
            Assert.False(File.Exists(output));
        }

        /// <summary>The pixel data left in the source: the value, or its first fragment that is.</summary>
        private static DicomValueRef PixelReference(DicomFile file)
        {
            Assert.True(file.Dataset.TryGetElement(DicomTag.PixelData, out var element));
            return element.ValueRef ?? element.Fragments!.Items.First(f => f.Reference != null).Reference!;
        }
    }
}
