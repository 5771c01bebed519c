using System;
using System.IO;
using Deid.Dicom;
using Deid.Inspection;
using Deid.Samples;
using Xunit;

namespace Deid.Tests.Inspection
{
    public class DatasetComparerTests
    {
        private static byte[] SampleBytes(int rows = 128)
        {
            var file = DicomSampleGenerator.Create(0, new DicomSampleOptions { Seed = 7, Rows = rows, Columns = rows }).File;
            using var ms = new MemoryStream();
            DicomWriter.Write(file, ms);
            return ms.ToArray();
        }

        private static (DicomFile Before, DicomFile After) Pair()
        {
            var bytes = SampleBytes();
            return (DicomFile.Open(bytes), DicomFile.Open(bytes));
        }

        /// <summary>
        /// QA 2026-12-07: the same image in big endian showed Pixel Data changed (bulk values were hashed as stored). Words are
        /// hashed in little endian order: pydicom's MR_small against its big endian copy has no pixel row, and a changed pixel
        /// still shows.
        /// </summary>
        [Fact]
        public void TheSamePixelsInAnotherByteOrder_AreNoChange()
        {
            var little = DicomFile.Open(TestPaths.Data("pydicom", "test_files", "MR_small.dcm"));
            var big = DicomFile.Open(TestPaths.Data("pydicom", "test_files", "MR_small_bigendian.dcm"));
            Assert.True(big.Dataset.Encoding.IsBigEndian);
            Assert.DoesNotContain(DatasetComparer.Compare(little, big), d => d.Tag == DicomTag.PixelData);
            // One changed bit of the pixels (they end the file) still shows.
            var bytes = File.ReadAllBytes(TestPaths.Data("pydicom", "test_files", "MR_small_bigendian.dcm"));
            bytes[bytes.Length - 101] ^= 0x01;
            big = DicomFile.Open(bytes);
            Assert.Contains(DatasetComparer.Compare(little, big), d => d.Tag == DicomTag.PixelData && d.Kind == DatasetChangeKind.Changed);
        }

        /// <summary>
        /// The same sample in little and big endian, a LUT of 256 US values in a VOI LUT item among its elements: no dataset row
        /// (the LUT, longer than the text compared, showed changed), and a changed value still shows.
        /// </summary>
        [Fact]
        public void TheSameDatasetInAnotherByteOrder_HasNoDifference_LongNumberListsIncluded()
        {
            var options = new DicomSampleOptions { Seed = 1, PhiMarkers = true };
            var little = Reopen(DicomSampleGenerator.Create(0, options).File);
            var big = Reopen(DicomSampleGenerator.Create(0, new DicomSampleOptions { Seed = 1, PhiMarkers = true, TransferSyntax = TransferSyntax.ExplicitVRBigEndian }).File);
            Assert.True(big.Dataset.Encoding.IsBigEndian);
            Assert.Empty(DatasetComparer.Compare(little.Dataset, big.Dataset));
            var lut = big.Dataset.GetSequence(new DicomTag(0x0028, 0x3010))![0];
            Assert.True(lut.TryGetElement(new DicomTag(0x0028, 0x3006), out var data));
            var bytes = data.RawValue.ToArray();
            bytes[41] ^= 0x01;
            lut.SetRawValue(new DicomTag(0x0028, 0x3006), data.VR, bytes);
            Assert.Contains(DatasetComparer.Compare(little.Dataset, big.Dataset), d => d.Path == "(0028,3010)__0__(0028,3006)" && d.Kind == DatasetChangeKind.Changed);
        }

        private static DicomFile Reopen(DicomFile file)
        {
            using var ms = new MemoryStream();
            DicomWriter.Write(file, ms);
            return DicomFile.Open(ms.ToArray());
        }

        [Fact]
        public void IdenticalFilesHaveNoDifferences()
        {
            var (before, after) = Pair();
            Assert.Empty(DatasetComparer.Compare(before, after));
        }

        [Fact]
        public void IncludeEqualListsEveryElementAsEqual()
        {
            var (before, after) = Pair();
            var rows = DatasetComparer.Compare(before, after, includeEqual: true);
            Assert.All(rows, r => Assert.Equal(DatasetChangeKind.Equal, r.Kind));
            int expected = before.FileMetaInformation.Count + DicomDump.Rows(before.Dataset).Count;
            Assert.Equal(expected, rows.Count);
            Assert.Contains(rows, r => r.IsFileMeta && r.Path == "(0002,0010)" && r.Part == "Meta");
        }

        [Fact]
        public void ChangedRemovedAndAddedTopLevelElements()
        {
            var (before, after) = Pair();
            after.Dataset.SetString(DicomTags.PatientName, DicomVR.PN, "ANONYMOUS");
            after.Dataset.Remove(DicomTags.PatientID);
            after.Dataset.SetString(DicomTags.PatientIdentityRemoved, DicomVR.CS, "YES");
            var rows = DatasetComparer.Compare(before, after);
            Assert.Equal(3, rows.Count);
            var name = Assert.Single(rows, r => r.Path == "(0010,0010)");
            Assert.Equal(DatasetChangeKind.Changed, name.Kind);
            Assert.Equal("PatientName", name.KeywordPath);
            Assert.Equal("PN", name.VR);
            Assert.Equal("[" + before.Dataset.GetString(DicomTags.PatientName) + "]", name.Before);
            Assert.Equal("[ANONYMOUS]", name.After);
            var id = Assert.Single(rows, r => r.KeywordPath == "PatientID");
            Assert.Equal(DatasetChangeKind.Removed, id.Kind);
            Assert.Null(id.After);
            Assert.NotNull(id.Before);
            var removed = Assert.Single(rows, r => r.KeywordPath == "PatientIdentityRemoved");
            Assert.Equal(DatasetChangeKind.Added, removed.Kind);
            Assert.Equal("[YES]", removed.After);
            Assert.Null(removed.Before);
            Assert.All(rows, r => Assert.False(r.IsFileMeta));
        }

        [Fact]
        public void NestedChangesCarryDeidPaths()
        {
            var (before, after) = Pair();
            var inner = after.Dataset.GetSequence(DicomTags.RequestAttributesSequence)![0].GetSequence(DicomTags.ReferencedStudySequence)![0];
            inner.SetString(DicomTags.ReferencedSOPInstanceUID, DicomVR.UI, "1.2.3.4");
            var row = Assert.Single(DatasetComparer.Compare(before, after));
            Assert.Equal("(0040,0275)__0__(0008,1110)__0__(0008,1155)", row.Path);
            Assert.Equal("RequestAttributesSequence__0__ReferencedStudySequence__0__ReferencedSOPInstanceUID", row.KeywordPath);
            Assert.Equal(DatasetChangeKind.Changed, row.Kind);
            Assert.Equal("[1.2.3.4]", row.After);
        }

        [Fact]
        public void AddedAndRemovedItemsAreReportedAsItems()
        {
            var (before, after) = Pair();
            after.Dataset.GetSequence(DicomTags.ReferencedStudySequence)!.AddItem().SetString(DicomTags.ReferencedSOPInstanceUID, DicomVR.UI, "1.2.3");
            var rows = DatasetComparer.Compare(before, after);
            Assert.Equal(2, rows.Count);
            var seq = Assert.Single(rows, r => r.Path == "(0008,1110)");
            Assert.Equal(DatasetChangeKind.Changed, seq.Kind);
            Assert.Equal("(Sequence, 1 item)", seq.Before);
            Assert.Equal("(Sequence, 2 items)", seq.After);
            var item = Assert.Single(rows, r => r.Path == "(0008,1110)__1");
            Assert.Equal(DatasetChangeKind.Added, item.Kind);
            Assert.Equal("ReferencedStudySequence__1", item.KeywordPath);
            Assert.Equal("(Item, 1 element)", item.After);

            var back = DatasetComparer.Compare(after, before);
            Assert.Equal(DatasetChangeKind.Removed, Assert.Single(back, r => r.Path == "(0008,1110)__1").Kind);
        }

        [Fact]
        public void PrivateElementsNameTheirCreator()
        {
            var (before, after) = Pair();
            after.Dataset.SetString(new DicomTag(0x0009, 0x1001), DicomVR.LO, "NICKNAME X");
            var row = Assert.Single(DatasetComparer.Compare(before, after));
            Assert.Equal("(0009,1001)", row.Path);
            Assert.Equal("DEID SAMPLE PRIVATE", row.PrivateCreator);
            Assert.Equal(DatasetChangeKind.Changed, row.Kind);
        }

        [Fact]
        public void FileMetaIsItsOwnFlaggedPart()
        {
            var (before, after) = Pair();
            after.FileMetaInformation.SetString(DicomTags.ImplementationVersionName, DicomVR.SH, "OTHER");
            var row = Assert.Single(DatasetComparer.Compare(before, after));
            Assert.True(row.IsFileMeta);
            Assert.Equal("Meta", row.Part);
            Assert.Equal("(0002,0013)", row.Path);
        }

        [Fact]
        public void LargePixelDataIsHashedFromTheFileNotShown()
        {
            // 512 x 512 x 16 bits = 512 KiB, above the reader's 64 KiB threshold: Pixel Data stays in the file as a reference.
            var bytes = SampleBytes(rows: 512);
            string dir = Path.Combine(Path.GetTempPath(), "deid-compare-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(dir);
            try
            {
                string a = Path.Combine(dir, "a.dcm"), b = Path.Combine(dir, "b.dcm"), c = Path.Combine(dir, "c.dcm");
                File.WriteAllBytes(a, bytes);
                File.WriteAllBytes(c, bytes);
                var changed = (byte[])bytes.Clone();
                changed[changed.Length - 2] ^= 0xFF; // the last pixel: Pixel Data is the last element
                File.WriteAllBytes(b, changed);
                var before = DicomFile.Open(a);
                var after = DicomFile.Open(b);
                Assert.True(before.Dataset.TryGetElement(DicomTags.PixelData, out var pixels));
                Assert.NotNull(pixels.ValueRef);

                var row = Assert.Single(DatasetComparer.Compare(before, after));
                Assert.Equal("(7FE0,0010)", row.Path);
                Assert.Equal(DatasetChangeKind.Changed, row.Kind);
                Assert.StartsWith("(524288 bytes, sha256 ", row.Before);
                Assert.StartsWith("(524288 bytes, sha256 ", row.After);
                Assert.NotEqual(row.Before, row.After);
                Assert.Equal(a, row.ReferenceFile);
                Assert.Equal(b, row.DifferenceFile);

                Assert.Empty(DatasetComparer.Compare(before, DicomFile.Open(c)));
            }
            finally
            {
                Directory.Delete(dir, true);
            }
        }

        [Fact]
        public void SmallPixelDataIsSummarisedToo()
        {
            var (before, after) = Pair();
            after.Dataset.SetRawValue(DicomTags.PixelData, DicomVR.OW, new byte[128 * 128 * 2]);
            var row = Assert.Single(DatasetComparer.Compare(before, after));
            Assert.StartsWith("(32768 bytes, sha256 ", row.Before);
            // SHA-256 of 32768 zero bytes, so the digest is not just any hex.
            Assert.Equal("(32768 bytes, sha256 c35020473aed1b46)", row.After);
        }
    }
}
