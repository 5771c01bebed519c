using System;
using System.IO;
using System.Linq;
using Xunit;

namespace Deid.Dicom.Tests.IO
{
    /// <summary>
    /// QA, 2026-12-06: a complete file followed by zero bytes (padding some writers leave, a zero-filled tail) was refused as
    /// "Invalid VR bytes 0x00 0x00" or "ends inside an element header", where pydicom (so deid) reads it. Zeros from where an
    /// element should start to the end of the file are now read past, said in the file's warnings and left out of copies: a
    /// copy with no change is the file without its padding, byte for byte. Zeros followed by anything else stay an error.
    /// </summary>
    public class TrailingZeroTests
    {
        private static byte[] Padded(byte[] original, int zeros)
        {
            var padded = new byte[original.Length + zeros];
            Buffer.BlockCopy(original, 0, padded, 0, original.Length);
            return padded;
        }

        [Theory]
        [InlineData("pydicom/test_files/CT_small.dcm", 1000)] // explicit VR little endian
        [InlineData("pydicom/test_files/CT_small.dcm", 8)] // one element header's worth, the least taken for padding
        [InlineData("pydicom/test_files/CT_small.dcm", 9)]
        [InlineData("pydicom/test_files/CT_small.dcm", 300000)] // past the reader's buffer
        [InlineData("pydicom/test_files/rtplan.dcm", 64)] // implicit VR little endian, no pixel data
        [InlineData("pydicom/test_files/MR_small_bigendian.dcm", 16)] // explicit VR big endian
        [InlineData("pydicom/test_files/JPEG2000.dcm", 512)] // encapsulated pixel data last
        [InlineData("deid-data/dicom-cookies/image1.dcm", 10)]
        public void ZerosAfterTheLastElement_AreReadPastAndLeftOutOfTheCopy(string relative, int zeros)
        {
            string path = TestData.PathOf(relative.Split('/'));
            byte[] original = File.ReadAllBytes(path);
            byte[] padded = Padded(original, zeros);

            var fromStream = DicomFile.Open(new MemoryStream(padded, false), null, "padded.dcm");
            string warning = Assert.Single(fromStream.Warnings, w => w.Contains("zero byte(s) follow", StringComparison.Ordinal));
            Assert.StartsWith($"{zeros} zero byte(s) follow the dataset's last element", warning, StringComparison.Ordinal);
            Assert.Equal(original, RoundTripTests.Write(fromStream));

            string file = Path.Combine(Path.GetTempPath(), "deid-zeros-" + Guid.NewGuid().ToString("N").Substring(0, 12) + ".dcm");
            File.WriteAllBytes(file, padded);
            try
            {
                // From a path, its values left on disk are copied from it: the same bytes.
                var fromPath = DicomFile.Open(file);
                Assert.Equal(original, RoundTripTests.Write(fromPath));
                Assert.Equal(DicomFile.Open(path).Dataset.Count, fromPath.Dataset.Count);
            }
            finally
            {
                File.Delete(file);
            }
        }

        [Fact]
        public void EveryExplicitOrImplicitSample_ReadsWithZerosAfterIt()
        {
            int read = 0;
            foreach (string relative in RoundTripTests.GoodFiles().Select(f => (string)f[0]).Where(f => !RoundTripTests.Repaired.ContainsKey(f)))
            {
                byte[] original = File.ReadAllBytes(TestData.PathOf(relative.Split('/')));
                DicomFile plain;
                try
                {
                    plain = DicomFile.Open(new MemoryStream(original, false), null, relative);
                }
                catch (DicomFormatException)
                {
                    continue; // refused as it is (round-trip tests say which); padding changes nothing about that
                }
                // A deflated dataset's zeros would be after the compressed stream (and are kept with it); not this case.
                if (plain.TransferSyntax.IsDeflated) continue;
                var padded = DicomFile.Open(new MemoryStream(Padded(original, 24), false), null, relative);
                Assert.Equal(RoundTripTests.Write(plain), RoundTripTests.Write(padded));
                read++;
            }
            Assert.True(read > 150, $"only {read} samples were read");
        }

        /// <summary>
        /// Fewer zeros than an element header are what a file cut one byte into a header leaves (a big endian group 0008 begins
        /// 00 08): still refused as truncated, never taken for padding.
        /// </summary>
        [Theory]
        [InlineData("pydicom/test_files/CT_small.dcm", 1)]
        [InlineData("pydicom/test_files/CT_small.dcm", 7)]
        [InlineData("pydicom/test_files/MR_small_bigendian.dcm", 1)]
        public void FewerZerosThanAnElementHeader_AreStillATruncatedFile(string relative, int zeros)
        {
            byte[] original = File.ReadAllBytes(TestData.PathOf(relative.Split('/')));
            var ex = Assert.Throws<DicomFormatException>(() => DicomFile.Open(new MemoryStream(Padded(original, zeros), false), null, "cut.dcm"));
            Assert.Contains("truncated", ex.Reason, StringComparison.Ordinal);
            Assert.Equal(original.Length, ex.Offset);
        }

        [Theory]
        [InlineData(8, new byte[] { 0x08, 0x00, 0x20, 0x00 })]
        [InlineData(11, new byte[] { 0x01 })]
        public void ZerosFollowedByOtherData_AreAnErrorSayingWhere(int zeros, byte[] after)
        {
            byte[] original = File.ReadAllBytes(TestData.PathOf("pydicom", "test_files", "CT_small.dcm"));
            byte[] bad = Padded(original, zeros + after.Length);
            Buffer.BlockCopy(after, 0, bad, original.Length + zeros, after.Length);
            var ex = Assert.Throws<DicomFormatException>(() => DicomFile.Open(new MemoryStream(bad, false), null, "bad.dcm"));
            Assert.Contains($"{zeros} zero byte(s) at offset {original.Length}, where a data element should start, are followed by other data", ex.Message, StringComparison.Ordinal);
        }
    }
}
