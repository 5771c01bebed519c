using Xunit;

namespace Deid.Dicom.Tests.Dictionary
{
    public class PrivateDictionaryTests
    {
        private static PrivateDictionaryEntry Entry(string creator, uint tag)
        {
            Assert.True(PrivateDictionary.TryGetEntry(creator, new DicomTag(tag), out var entry), $"no entry for {creator} {new DicomTag(tag)}");
            return entry;
        }

        [Theory]
        [InlineData(0x00291010u)]
        [InlineData(0x00291110u)]
        [InlineData(0x0029FF10u)]
        public void SiemensCsaImageHeaderInfoInAnyBlock(uint tag)
        {
            var e = Entry("SIEMENS CSA HEADER", tag);
            Assert.Equal("SIEMENS CSA HEADER", e.Creator);
            Assert.Equal((ushort)0x0029, e.Group);
            Assert.Equal((byte)0x10, e.ElementOffset);
            Assert.Equal(new DicomTag(0x0029, 0x0010), e.Tag);
            Assert.Equal(0xFFFF00FFu, e.Mask);
            Assert.Equal(DicomVR.OB, e.VR);
            Assert.Equal(new[] { DicomVR.OB }, e.AllowedVRs);
            Assert.Equal("1", e.VM);
            Assert.Equal("CSA Image Header Info", e.Name);
            Assert.False(e.IsRetired);
            Assert.Equal("SIEMENS CSA HEADER (0029,xx10) OB CSA Image Header Info", e.ToString());
        }

        [Theory]
        [InlineData("SIEMENS CSA HEADER ")]
        [InlineData("SIEMENS CSA HEADER  ")]
        [InlineData("SIEMENS CSA HEADER\0")]
        public void PaddedCreatorsMatch(string creator)
        {
            Assert.Same(Entry("SIEMENS CSA HEADER", 0x00291008), Entry(creator, 0x00291108));
            Assert.Equal("CSA Image Header Type", Entry(creator, 0x00291008).Name);
        }

        [Theory]
        [InlineData("siemens csa header")]
        [InlineData(" SIEMENS CSA HEADER")]
        [InlineData("SIEMENS CSA")]
        [InlineData("")]
        [InlineData("   ")]
        [InlineData(null)]
        public void OtherCreatorsDoNot(string? creator)
        {
            Assert.False(PrivateDictionary.TryGetEntry(creator, new DicomTag(0x00291010), out var e));
            Assert.Null(e);
        }

        [Fact]
        public void GemsAcquisitionRow()
        {
            var e = Entry("GEMS_ACQU_01", 0x00191002);
            Assert.Equal("Detector Channel", e.Name);
            Assert.Equal(DicomVR.SL, e.VR);
            Assert.Same(e, Entry("GEMS_ACQU_01", 0x00194202));
        }

        [Fact]
        public void UnknownElementOrBlockZeroIsNotFound()
        {
            Assert.False(PrivateDictionary.TryGetEntry("SIEMENS CSA HEADER", new DicomTag(0x002910FE), out _));
            Assert.False(PrivateDictionary.TryGetEntry("SIEMENS CSA HEADER", new DicomTag(0x00290010), out _)); // the creator element itself
            Assert.False(PrivateDictionary.TryGetEntry("SIEMENS CSA HEADER", new DicomTag(0x00191010), out _)); // another group
        }

        [Fact]
        public void WholeTagRowsWinInTheirBlockOnly()
        {
            Assert.Equal("DLP", Entry("ELSCINT1", 0x00E11021).Name);
            Assert.Equal(0xFFFFFFFFu, Entry("ELSCINT1", 0x00E11021).Mask);
            Assert.Equal("Unknown", Entry("ELSCINT1", 0x00E11121).Name);
            var fixedTag = Entry("CANON_MEC_MR3^10", 0x00190001);
            Assert.Equal(DicomVR.UL, fixedTag.VR);
            Assert.Equal(new DicomTag(0x0019, 0x0001), fixedTag.Tag);
        }

        [Fact]
        public void GroupRangeRows()
        {
            var e = Entry("PAPYRUS 3.0", 0x60011010);
            Assert.Equal("Overlay Rows", e.Name);
            Assert.Equal(0xFF0000FFu, e.Mask);
            Assert.Equal((ushort)0x6000, e.Group);
            Assert.Equal("PAPYRUS 3.0 (60xx,xx10) US Overlay Rows", e.ToString());
            Assert.Same(e, Entry("PAPYRUS 3.0", 0x60F12310));
        }

        [Fact]
        public void SeveralVRs()
        {
            Assert.Equal(new[] { DicomVR.US, DicomVR.SS }, Entry("FDMS 1.0", 0x002710A3).AllowedVRs);
            var obOw = Entry("TOSHIBA_MEC_OT3", 0x70191080);
            Assert.Equal(DicomVR.OB, obOw.VR);
            Assert.Equal(new[] { DicomVR.OB, DicomVR.OW }, obOw.AllowedVRs);
        }

        [Fact]
        public void NonAsciiNamesSurvive()
        {
            Assert.Equal("tan θ", Entry("FDMS 1.0", 0x00251034).Name);
        }

        [Fact]
        public void EveryRowOfTheTsvIsFound()
        {
            int checkedRows = 0, skipped = 0;
            foreach (var row in StandardFiles.ReadTsv("private_dictionary.tsv"))
            {
                string pattern = row["tag"];
                uint tag;
                if (pattern.Length != 8) throw new Xunit.Sdk.XunitException(pattern);
                if (pattern.Substring(4, 2) == "xx" && !pattern.Substring(0, 4).Contains('x'))
                {
                    tag = System.Convert.ToUInt32(pattern.Replace("xx", "42"), 16); // a block no whole-tag row uses
                }
                else if (pattern.Substring(2, 4) == "xxxx")
                {
                    tag = System.Convert.ToUInt32(pattern.Substring(0, 2) + "0F42" + pattern.Substring(6), 16);
                }
                else if (!pattern.Contains('x'))
                {
                    tag = System.Convert.ToUInt32(pattern, 16);
                }
                else
                {
                    skipped++; // GGGG10xx: left out by the generator
                    continue;
                }
                var e = Entry(row["creator"], tag);
                Assert.Equal(row["name"], e.Name);
                Assert.Equal(row["vm"], e.VM);
                Assert.Equal(row["vr"].Replace("_", " or "), string.Join(" or ", e.AllowedVRs));
                checkedRows++;
            }
            Assert.Equal(11, skipped);
            Assert.Equal(10534, checkedRows);
        }
    }
}
