using System;
using System.IO;
using Xunit;

namespace Deid.Dicom.Tests
{
    /// <summary>
    /// Utf8Conversion: a dataset's text rewritten in ISO_IR 192 reads as before, a value left in the file is read and converted,
    /// ASCII values keep their bytes, and a value its declared set cannot decode stops the conversion with nothing changed.
    /// </summary>
    public sealed class Utf8ConversionTests : IDisposable
    {
        private static readonly DicomTag StudyDescription = new DicomTag(0x0008, 0x1030);
        private static readonly DicomTag TextValue = new DicomTag(0x0040, 0xA160);
        private static readonly DicomTag PatientComments = new DicomTag(0x0010, 0x4000);
        private static readonly DicomTag InstitutionName = new DicomTag(0x0008, 0x0080);
        private readonly string _path = Path.Combine(Path.GetTempPath(), "deid-utf8-" + Guid.NewGuid().ToString("N") + ".dcm");

        public void Dispose() => File.Delete(_path);

        [Fact]
        public void TextReadsAsBefore_ValuesLeftInTheFileToo_AsciiKeepsItsBytes()
        {
            var file = new DicomFile(TransferSyntax.ExplicitVRLittleEndian);
            file.Dataset.SetString(DicomTags.SpecificCharacterSet, DicomVR.CS, "ISO_IR 100");
            file.Dataset.SetString(InstitutionName, DicomVR.LO, "ST ELSEWHERE");
            file.Dataset.SetString(StudyDescription, DicomVR.LO, "Lungenröntgen");
            string longText = new string('ä', 70_000) + " Jérôme";
            file.Dataset.SetString(TextValue, DicomVR.UT, longText);
            file.EnsureFileMeta();
            file.Save(_path);

            var read = DicomFile.Open(_path);
            Assert.True(read.Dataset.TryGetElement(TextValue, out var left));
            Assert.False(left.IsLoaded); // 70,007 bytes in Latin-1: over the reader's 64 KB, left in the file
            Assert.True(read.Dataset.TryGetElement(InstitutionName, out var ascii));
            byte[] asciiBytes = ascii.RawValue.ToArray();

            Assert.True(Utf8Conversion.TryConvert(read.Dataset));
            Assert.Equal("ISO_IR 192", read.Dataset.GetString(DicomTags.SpecificCharacterSet));
            Assert.Equal("Lungenröntgen", read.Dataset.GetString(StudyDescription));
            Assert.Equal(longText, read.Dataset.GetString(TextValue)!.TrimEnd());
            Assert.True(read.Dataset.TryGetElement(InstitutionName, out var after));
            Assert.Equal(asciiBytes, after.RawValue.ToArray());
        }

        /// <summary>
        /// A value left in the file beyond the size the conversion holds in memory: ASCII needs no rewrite and is read a block at a
        /// time, so it no longer stops the switch (QA: a 60 MB plain-text report made a pseudonym's replacement be removed);
        /// anything else beyond the size still stops it, with nothing changed.
        /// </summary>
        [Theory]
        [InlineData('a', true)]
        [InlineData('ä', false)]
        public void ALargeValueLeftInTheFile_StopsItOnlyWhenItIsNotAscii(char fill, bool converts)
        {
            var file = new DicomFile(TransferSyntax.ExplicitVRLittleEndian);
            file.Dataset.SetString(DicomTags.SpecificCharacterSet, DicomVR.CS, "ISO_IR 100");
            file.Dataset.SetString(StudyDescription, DicomVR.LO, "Lungenröntgen");
            file.Dataset.SetString(TextValue, DicomVR.UT, new string(fill, 200_000));
            file.EnsureFileMeta();
            file.Save(_path);

            var read = DicomFile.Open(_path);
            Assert.True(read.Dataset.TryGetElement(TextValue, out var left));
            Assert.False(left.IsLoaded);
            Assert.Equal(converts, Utf8Conversion.TryConvert(read.Dataset, maxValueLength: 100_000));
            Assert.Equal(converts ? "ISO_IR 192" : "ISO_IR 100", read.Dataset.GetString(DicomTags.SpecificCharacterSet));
            Assert.Equal("Lungenröntgen", read.Dataset.GetString(StudyDescription));
        }

        [Fact]
        public void AValueTheSetCannotDecode_StopsIt_NothingChanges()
        {
            var ds = new DicomDataset();
            ds.SetString(DicomTags.SpecificCharacterSet, DicomVR.CS, "ISO_IR 192");
            ds.SetRawValue(StudyDescription, DicomVR.LO, new byte[] { 0x4D, 0xFC, 0x6C, 0x6C, 0x65, 0x72 });
            ds.SetString(InstitutionName, DicomVR.LO, "Zürich");
            Assert.False(Utf8Conversion.TryConvert(ds));
            Assert.True(ds.TryGetElement(StudyDescription, out var e));
            Assert.Equal(new byte[] { 0x4D, 0xFC, 0x6C, 0x6C, 0x65, 0x72 }, e.RawValue.ToArray());
        }

        [Fact]
        public void AValueThatWouldOutgrowItsLengthField_StopsIt()
        {
            var ds = new DicomDataset();
            ds.SetString(DicomTags.SpecificCharacterSet, DicomVR.CS, "ISO_IR 100");
            ds.SetString(PatientComments, DicomVR.LT, new string('ä', 40_000)); // 40,000 bytes in Latin-1, 80,000 in UTF-8
            Assert.False(Utf8Conversion.TryConvert(ds));
            Assert.Equal("ISO_IR 100", ds.GetString(DicomTags.SpecificCharacterSet));
        }

        [Theory]
        [InlineData(new byte[] { 0x41, 0x20, 0x7E }, true)]
        [InlineData(new byte[] { 0x41, 0xC3, 0xA4 }, false)]
        [InlineData(new byte[] { 0x1B, 0x24, 0x42 }, false)]
        public void IsAscii(byte[] bytes, bool expected) => Assert.Equal(expected, Utf8Conversion.IsAscii(bytes));
    }
}
