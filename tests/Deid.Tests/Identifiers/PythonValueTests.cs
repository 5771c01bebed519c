using System.Text;
using Deid.Dicom;
using Deid.Identifiers;
using Xunit;

namespace Deid.Tests.Identifiers
{
    /// <summary>
    /// <see cref="PythonValue"/> prints values as pydicom's str() does. Expected strings are what pydicom 3.1.0.dev0 printed for the
    /// same elements written to and read from a file (see tools/deid-reference; get_identifiers parity checks every element of
    /// several files in IdentifierParityTests).
    /// </summary>
    public class PythonValueTests
    {
        private static string Str(DicomVR vr, string text)
        {
            var ds = new DicomDataset();
            var tag = new DicomTag(0x0008, 0x0008);
            ds.SetString(tag, vr, text);
            ds.TryGetElement(tag, out var e);
            return PythonValue.Str(ds, e)!;
        }

        private static string Str(DicomVR vr, byte[] raw)
        {
            var ds = new DicomDataset();
            var tag = new DicomTag(0x0011, 0x1001);
            ds.SetRawValue(tag, vr, raw);
            ds.TryGetElement(tag, out var e);
            return PythonValue.Str(ds, e)!;
        }

        private static string Numbers(DicomVR vr, params double[] values)
        {
            var ds = new DicomDataset();
            var tag = new DicomTag(0x0018, 0x1320);
            ds.SetNumbers(tag, vr, values);
            ds.TryGetElement(tag, out var e);
            return PythonValue.Str(ds, e)!;
        }

        [Theory]
        [InlineData("CS", "ORIGINAL\\PRIMARY", "['ORIGINAL', 'PRIMARY']")]
        [InlineData("UI", "1.2.3\\1.2.4", "['1.2.3', '1.2.4']")]
        [InlineData("IS", "1\\+2", "[1, +2]")]
        [InlineData("DS", "1.0\\2.50", "[1.0, 2.50]")]
        [InlineData("PN", "it's\\b", "[it's, b]")]
        [InlineData("PN", "DOE^J\\ROE^JANE", "[DOE^J, ROE^JANE]")]
        [InlineData("LO", "it's\\b", "[\"it's\", 'b']")]
        [InlineData("LO", "one value", "one value")]
        [InlineData("DS", "1.250", "1.250")]
        [InlineData("LO", "", "")]
        [InlineData("DS", "", "None")]
        [InlineData("IS", "", "None")]
        [InlineData("PN", "DOE^J=D^J=", "DOE^J=D^J")]
        public void TextValues(string vr, string text, string python) => Assert.Equal(python, Str(DicomVR.Parse(vr), text));

        [Fact]
        public void NumbersPrintAsPython()
        {
            Assert.Equal("0.10000000149011612", Numbers(DicomVR.FL, 0.1));
            Assert.Equal("1e+16", Numbers(DicomVR.FD, 1e16));
            Assert.Equal("[100.0, 1e-05]", Numbers(DicomVR.FD, 100.0, 1e-5));
            Assert.Equal("[3, 4]", Numbers(DicomVR.US, 3, 4));
            Assert.Equal("-7", Numbers(DicomVR.SS, -7));
            Assert.Equal("1.25", Numbers(DicomVR.FL, 1.25));
        }

        [Theory]
        [InlineData(1e15, "1000000000000000.0")]
        [InlineData(0.0001, "0.0001")]
        [InlineData(0.00001, "1e-05")]
        [InlineData(1.5e-7, "1.5e-07")]
        [InlineData(-0.0, "-0.0")]
        [InlineData(123456789.125, "123456789.125")]
        [InlineData(1.7976931348623157e308, "1.7976931348623157e+308")]
        public void FloatRepr(double value, string python) => Assert.Equal(python, PythonValue.FloatRepr(value));

        [Fact]
        public void BytesTagsAndEmptyValues()
        {
            Assert.Equal("b'it\\'s \\\\ \\x00\\xff\"x\\x00'", Str(DicomVR.OB, Encoding.Latin1.GetBytes("it's \\ \0\u00ff\"x\0")));
            // An odd-length value is padded to even length on disk, and pydicom keeps the pad byte.
            Assert.Equal("b'SECRET JOHN\\x00'", Str(DicomVR.UN, Encoding.ASCII.GetBytes("SECRET JOHN")));
            Assert.Equal("None", Str(DicomVR.OB, new byte[0]));
            Assert.Equal("None", Numbers(DicomVR.US));
            var ds = new DicomDataset();
            ds.SetNumbers(new DicomTag(0x0028, 0x0009), DicomVR.AT, 0x00181063, 0x00181065);
            ds.TryGetElement(new DicomTag(0x0028, 0x0009), out var at);
            Assert.Equal("[(0018,1063), (0018,1065)]", PythonValue.Str(ds, at));
        }
    }
}
