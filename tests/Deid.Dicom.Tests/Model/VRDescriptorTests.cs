using System.Linq;
using Xunit;

namespace Deid.Dicom.Tests.Model
{
    /// <summary>
    /// The VR descriptor table against the lists PS3.5 gives (and that the codec used to spell out as switches), for every
    /// possible two-byte code, so that a typo in one row cannot pass unnoticed.
    /// </summary>
    public class VRDescriptorTests
    {
        private static bool In(DicomVR vr, params string[] names) => names.Contains(vr.ToString());

        public static TheoryData<DicomVR> EveryVR()
        {
            var data = new TheoryData<DicomVR>();
            foreach (var vr in DicomVR.All) data.Add(vr);
            return data;
        }

        [Fact]
        public void Every_code_that_is_no_VR_gets_the_unknown_row()
        {
            for (int code = 0; code <= 0xFFFF; code++)
            {
                var vr = DicomVR.FromBytes((byte)(code >> 8), (byte)code);
                bool known = DicomVR.All.Contains(vr);
                Assert.Equal(known, vr.IsKnown);
                if (!known) Assert.Same(DicomVRDescriptor.Unknown, vr.Descriptor);
                else Assert.Equal(vr, vr.Descriptor.GetVR());
            }
            Assert.False(DicomVR.None.IsKnown);
            Assert.Equal(DicomValueKind.Bytes, DicomVRDescriptor.Unknown.ValueKind);
            Assert.Equal(0, DicomVRDescriptor.Unknown.PaddingByte);
        }

        [Theory]
        [MemberData(nameof(EveryVR))]
        public void Each_row_says_what_PS3_5_says(DicomVR vr)
        {
            var d = vr.Descriptor;
            bool text = In(vr, "AE", "AS", "CS", "DA", "DS", "DT", "IS", "LO", "LT", "PN", "SH", "ST", "TM", "UC", "UI", "UR", "UT");
            Assert.Equal(text, d.IsText);
            Assert.Equal(In(vr, "OB", "OD", "OF", "OL", "OV", "OW", "SQ", "SV", "UC", "UN", "UR", "UT", "UV"), d.HasLongLength);
            Assert.Equal(In(vr, "SH", "LO", "ST", "LT", "PN", "UC", "UT"), d.UsesSpecificCharacterSet);
            Assert.Equal(In(vr, "LT", "ST", "UT", "UR"), d.IsSingleValuedText);
            Assert.Equal(In(vr, "AE", "AS", "CS", "DA", "DS", "DT", "IS", "TM", "UI"), d.TrimsLeadingSpaces);
            Assert.Equal(text && vr != DicomVR.UI ? (byte)' ' : (byte)0, d.PaddingByte);
            Assert.Equal(In(vr, "OB", "UN"), d.IsBytes);
            Assert.Equal(In(vr, "OB", "OD", "OF", "OL", "OV", "OW"), d.IsOther);
            Assert.Equal(In(vr, "DS", "IS"), d.IsNumberText);
            int unit = In(vr, "US", "SS", "OW", "AT") ? 2 : In(vr, "UL", "SL", "FL", "OF", "OL") ? 4 : In(vr, "FD", "OD", "OV", "SV", "UV") ? 8 : 0;
            Assert.Equal(unit, d.UnitSize);
            Assert.Equal(unit > 0, d.IsBinaryNumber);
            Assert.Equal(In(vr, "FL", "FD", "OF", "OD"), d.IsFloatingPoint);
            Assert.Equal(In(vr, "SV", "UV", "OV"), d.Is64BitInteger);
            var numeric = In(vr, "FL", "FD") ? DicomNumericKind.Float
                : In(vr, "US", "SS", "UL", "SL", "SV", "UV") ? DicomNumericKind.Integer : DicomNumericKind.None;
            Assert.Equal(numeric, d.NumericKind);
            var kind = vr == DicomVR.SQ ? DicomValueKind.Sequence : text ? DicomValueKind.Text : vr == DicomVR.AT ? DicomValueKind.Tag
                : In(vr, "FL", "FD", "OF", "OD") ? DicomValueKind.Float : numeric == DicomNumericKind.Integer ? DicomValueKind.Integer : DicomValueKind.Bytes;
            Assert.Equal(kind, d.ValueKind);
        }

        [Theory]
        [InlineData("FD", "0", false)]
        [InlineData("FD", "0.0", false)]
        [InlineData("FD", "1e-3", true)]
        [InlineData("FL", "abc", false)]
        [InlineData("US", "0", false)]
        [InlineData("US", "12", true)]
        [InlineData("SL", "1.5", false)]
        [InlineData("UV", "", false)]
        [InlineData("DS", "0", true)]
        [InlineData("LO", "", false)]
        [InlineData("OW", "0", true)]
        public void Truthiness_follows_deid_typing(string vr, string text, bool expected) =>
            Assert.Equal(expected, DicomVR.Parse(vr).Descriptor.IsTruthy(text));

        [Theory]
        [InlineData("DS", "1.5e3", true)]
        [InlineData("DS", "12345678901234567", false)]
        [InlineData("DS", "abc", false)]
        [InlineData("IS", "2147483648", false)]
        [InlineData("IS", "-12", true)]
        [InlineData("IS", "1.0", false)]
        [InlineData("IS", "", true)]
        [InlineData("LO", "anything", true)]
        public void Only_number_strings_are_validated(string vr, string value, bool expected) =>
            Assert.Equal(expected, DicomVR.Parse(vr).Descriptor.IsValidValue(value));
    }
}
