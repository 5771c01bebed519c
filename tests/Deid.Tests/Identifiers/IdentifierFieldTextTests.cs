using System.IO;
using Deid.Dicom;
using Deid.Identifiers;
using Xunit;

namespace Deid.Tests.Identifiers
{
    /// <summary>
    /// A field's text (its ToString, which exports and string interpolation show), against deid's get_identifiers on every file
    /// of ../shared/data (differential QA, 2026-12-06): several AT values printed a type name, a binary value left on disk printed
    /// nothing, and an empty OF printed "(0 bytes)" where every other empty value is ''.
    /// </summary>
    public class IdentifierFieldTextTests
    {
        private static IdentifierField Field(string relative, string path)
        {
            string file = TestPaths.Data(relative.Split('/'));
            Assert.True(File.Exists(file), file + " (../shared/data) is missing");
            var field = IdentifierExtractor.Extract(file).GetField(path);
            Assert.NotNull(field);
            return field!;
        }

        [Fact]
        public void SeveralTagsPrintAsTags() =>
            Assert.Equal("(0054,0010)\\(0054,0020)", Field("pydicom/test_files/JPEG-lossy.dcm", "(0028,0009)").ToString());

        [Fact]
        public void ABinaryValueLeftOnDiskPrintsItsLength()
        {
            var field = Field("pydicom/test_files/waveform_ecg.dcm", "(5400,0100)__0__(5400,1010)");
            Assert.Null(field.Value);
            Assert.Equal("(240000 bytes)", field.ToString());
        }

        /// <summary>
        /// A private value stored as UN (an implicit VR file's AGFA block) is read by the VR the private dictionary gives it under
        /// its creator, as pydicom reads it for get_identifiers: the station name and identification code were "(6 bytes)" and
        /// "(118 bytes)", numbers were bytes. A private value the dictionary does not know stays bytes.
        /// </summary>
        [Fact]
        public void APrivateValueStoredAsUnIsReadByItsCreatorsDictionaryVR()
        {
            const string File = "pydicom/charset_files/chrJapMulti.dcm";
            var station = Field(File, "(0019,1062)");
            Assert.Equal(DicomVR.SH, station.VR);
            Assert.Equal("AGFA", station.PrivateCreator);
            Assert.Equal("QS-C1", station.Value);
            var code = Field(File, "(0019,1010)");
            Assert.Equal(DicomVR.SH, code.VR);
            var values = Assert.IsType<string[]>(code.Value);
            Assert.Equal(12, values.Length);
            Assert.Equal("EC=0.00", values[0]);
            Assert.StartsWith("EC=0.00\\LR=0.00\\", code.ToString(), System.StringComparison.Ordinal);
            var zoom = Field(File, "(0019,1082)");
            Assert.Equal(DicomVR.US, zoom.VR);
            Assert.Equal((ushort)100, zoom.Value);
            Assert.Equal("COMPLETED", Field(File, "(0019,1093)").Value);

            var unknown = Field("pydicom/test_files/priv_SQ.dcm", "(3F03,1001)");
            Assert.Equal(DicomVR.UN, unknown.VR);
            Assert.Equal("(166 bytes)", unknown.ToString());
        }

        [Fact]
        public void AnEmptyBinaryValuePrintsAsEmpty() =>
            Assert.Equal(string.Empty, Field("pydicom/test_files/reportsi_with_empty_number_tags.dcm", "(0064,0009)").ToString());
    }
}
