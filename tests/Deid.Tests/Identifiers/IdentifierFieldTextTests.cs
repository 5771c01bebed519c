using System.IO;
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

        [Fact]
        public void AnEmptyBinaryValuePrintsAsEmpty() =>
            Assert.Equal(string.Empty, Field("pydicom/test_files/reportsi_with_empty_number_tags.dcm", "(0064,0009)").ToString());
    }
}
