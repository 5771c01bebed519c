using System.Linq;
using Xunit;

namespace Deid.Dicom.Tests.Dictionary
{
    public class DicomUidsTests
    {
        [Fact]
        public void ExplicitVrLittleEndian()
        {
            Assert.True(DicomUids.TryGet("1.2.840.10008.1.2.1", out var info));
            Assert.Equal("1.2.840.10008.1.2.1", info.Uid);
            Assert.Equal("Explicit VR Little Endian", info.Name);
            Assert.Equal("Transfer Syntax", info.Type);
            Assert.Equal("ExplicitVRLittleEndian", info.Keyword);
            Assert.Equal("", info.Info);
            Assert.False(info.IsRetired);
        }

        [Fact]
        public void ImplicitVrLittleEndianHasInfo()
        {
            Assert.True(DicomUids.TryGet("1.2.840.10008.1.2", out var info));
            Assert.Equal("Implicit VR Little Endian", info.Name);
            Assert.Equal("Default Transfer Syntax for DICOM", info.Info);
        }

        [Fact]
        public void RetiredUid()
        {
            Assert.True(DicomUids.TryGet("1.2.840.10008.1.2.2", out var info));
            Assert.Equal("Explicit VR Big Endian", info.Name);
            Assert.True(info.IsRetired);
        }

        [Theory]
        [InlineData("1.2.840.10008.1.2.1\0")]
        [InlineData("1.2.840.10008.1.2.1 ")]
        public void PaddedUidsMatch(string uid)
        {
            Assert.True(DicomUids.TryGet(uid, out var info));
            Assert.Equal("ExplicitVRLittleEndian", info.Keyword);
        }

        [Theory]
        [InlineData("1.2.840.10008.1.2.1.")]
        [InlineData("1.2.840.10008.1.2.1.0")]
        [InlineData(" 1.2.840.10008.1.2.1")]
        [InlineData("")]
        [InlineData(null)]
        public void OtherUidsAreNotFound(string? uid)
        {
            Assert.False(DicomUids.TryGet(uid, out var info));
            Assert.Null(info);
        }

        [Fact]
        public void AllMatchesTheTsv()
        {
            var rows = StandardFiles.ReadTsv("uids.tsv");
            Assert.Equal(rows.Count, DicomUids.All.Count);
            foreach (var row in rows)
            {
                Assert.True(DicomUids.TryGet(row["uid"], out var info));
                Assert.Equal(row["name"], info.Name);
                Assert.Equal(row["type"], info.Type);
                Assert.Equal(row["keyword"], info.Keyword);
                Assert.Equal(row["info"], info.Info);
                Assert.Equal(row["retired"] == "Retired", info.IsRetired);
            }
            var uids = DicomUids.All.Select(u => u.Uid).ToArray();
            Assert.Equal(uids.OrderBy(u => u, System.StringComparer.Ordinal), uids);
        }
    }
}
