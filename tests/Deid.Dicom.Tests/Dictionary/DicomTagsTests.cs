using System;
using System.Linq;
using System.Reflection;
using Xunit;

namespace Deid.Dicom.Tests.Dictionary
{
    public class DicomTagsTests
    {
        private static PropertyInfo[] Constants() =>
            typeof(DicomTags).GetProperties(BindingFlags.Public | BindingFlags.Static);

        [Fact]
        public void EveryConstantIsTheDictionaryTagOfItsKeyword()
        {
            var constants = Constants();
            Assert.NotEmpty(constants);
            foreach (var p in constants)
            {
                Assert.Equal(typeof(DicomTag), p.PropertyType);
                var value = (DicomTag)p.GetValue(null)!;
                Assert.True(DicomDictionary.TryGetTag(p.Name, out var tag), $"no dictionary keyword {p.Name}");
                Assert.Equal(tag, value);
                Assert.True(DicomDictionary.TryGetEntry(value, out var entry), $"no dictionary entry for {p.Name} {value}");
                Assert.Equal(p.Name, entry.Keyword);
                Assert.False(entry.IsRepeating);
            }
        }

        [Fact]
        public void EveryKeywordOfASingleTagHasAConstant()
        {
            var expected = DicomDictionary.Entries.Where(e => !e.IsRepeating && e.Keyword.Length > 0).Select(e => e.Keyword).OrderBy(k => k, StringComparer.Ordinal);
            var actual = Constants().Select(p => p.Name).OrderBy(k => k, StringComparer.Ordinal);
            Assert.Equal(expected, actual);
            Assert.Equal(5035, Constants().Length);
        }

        [Fact]
        public void SpotValues()
        {
            Assert.Equal(new DicomTag(0x0010, 0x0010), DicomTags.PatientName);
            Assert.Equal(new DicomTag(0x00020000), DicomTags.FileMetaInformationGroupLength);
            Assert.Equal(new DicomTag(0x00020010), DicomTags.TransferSyntaxUID);
            Assert.Equal(new DicomTag(0x00280103), DicomTags.PixelRepresentation);
            Assert.Equal(new DicomTag(0x00280106), DicomTags.SmallestImagePixelValue);
            Assert.Equal(new DicomTag(0x7FE00010), DicomTags.PixelData);
            Assert.Equal(new DicomTag(0xFFFEE0DD), DicomTags.SequenceDelimitationItem);
            // Retired attributes are named too: old files carry them.
            Assert.Equal(new DicomTag(0x00080001), DicomTags.LengthToEnd);
            Assert.True(DicomDictionary.TryGetEntry(DicomTags.LengthToEnd, out var retired) && retired.IsRetired);
        }

        [Fact]
        public void DicomTagFieldsAreTheSameTags()
        {
            Assert.Equal(DicomTags.Item, DicomTag.Item);
            Assert.Equal(DicomTags.ItemDelimitationItem, DicomTag.ItemDelimitationItem);
            Assert.Equal(DicomTags.SequenceDelimitationItem, DicomTag.SequenceDelimitationItem);
            Assert.Equal(DicomTags.PixelData, DicomTag.PixelData);
            Assert.Equal(DicomTags.SpecificCharacterSet, DicomTag.SpecificCharacterSet);
            Assert.Equal(DicomTags.TransferSyntaxUID, DicomTag.TransferSyntaxUid);
            Assert.Equal(0xFFFEE000u, DicomTag.Item.Value);
            Assert.Equal(0x00080005u, DicomTag.SpecificCharacterSet.Value);
        }
    }
}
