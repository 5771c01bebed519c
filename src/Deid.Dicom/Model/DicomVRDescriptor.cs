using System;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Deid.Dicom
{
    /// <summary>
    /// Everything the codec and its callers decide by VR, in one place: the header form, text or binary, padding, the
    /// fixed size of a binary value, the length limit, how a value is set and validated, and how deid types it. One
    /// instance per VR (one row of <see cref="DicomVRDescriptor"/>'s table, as pydicom keeps one converter and one writer
    /// per VR), found by <see cref="DicomVR.Descriptor"/> with an array index, so a lookup costs no more than the switches
    /// it replaces.
    /// </summary>
    public sealed partial class DicomVRDescriptor
    {
        private readonly DicomVR _vr;
        private readonly Traits _traits;

        private DicomVRDescriptor(DicomVR vr, Traits traits, byte paddingByte, int maxLength, DicomNumberType numberType, DicomValueKind valueKind, DicomNumericKind numericKind)
        {
            _vr = vr;
            _traits = traits;
            PaddingByte = paddingByte;
            MaxLength = maxLength;
            NumberType = numberType;
            ValueKind = valueKind;
            NumericKind = numericKind;
            UnitSize = UnitSizeOf(numberType);
        }

        /// <summary>The VR this row describes; <see cref="DicomVR.None"/> for the row shared by every code PS3.5 does not define.</summary>
        /// <remarks>A method, not a property: a VR's Descriptor and the descriptor's VR would make a loop for anything that walks
        /// properties (ConvertTo-Json writes it again at every level of its -Depth).</remarks>
        public DicomVR GetVR() => _vr;

        /// <summary>True when the VR is one of the 34 defined by PS3.5.</summary>
        public bool IsKnown => (_traits & Traits.Known) != 0;

        /// <summary>
        /// True when an explicit VR header uses 2 reserved bytes and a 32-bit length (PS3.5 §7.1.2) rather than a 16-bit length.
        /// </summary>
        public bool HasLongLength => (_traits & Traits.LongLength) != 0;

        /// <summary>True for VRs whose value is character data (padded with a space, or NUL for UI).</summary>
        public bool IsText => (_traits & Traits.Text) != 0;

        /// <summary>
        /// True for text VRs that the Specific Character Set applies to (PS3.5 §6.1.2.3): SH, LO, ST, LT, PN, UC, UT.
        /// The others are limited to the default repertoire.
        /// </summary>
        public bool UsesSpecificCharacterSet => (_traits & Traits.SpecificCharacterSet) != 0;

        /// <summary>True for VRs that hold one value with no backslash-separated multiplicity (LT, ST, UT, UR).</summary>
        public bool IsSingleValuedText => (_traits & Traits.SingleValued) != 0;

        /// <summary>
        /// True for text VRs whose leading spaces are insignificant (PS3.5 Table 6.2-1) and are trimmed on decode: AE, AS,
        /// CS, DA, DS, DT, IS, TM, UI. For the other text VRs leading spaces are part of the value.
        /// </summary>
        public bool TrimsLeadingSpaces => (_traits & Traits.TrimsLeadingSpaces) != 0;

        /// <summary>True for the byte-stream VRs OB and UN, whose values are never byte-swapped.</summary>
        public bool IsBytes => (_traits & Traits.Bytes) != 0;

        /// <summary>
        /// True for the "Other" VRs (OB, OD, OF, OL, OV, OW): one stream of values, typically bulk data such as pixels,
        /// which typed access returns as bytes rather than as numbers.
        /// </summary>
        public bool IsOther => (_traits & Traits.Other) != 0;

        /// <summary>The byte used to pad a value to even length (PS3.5 §6.2): NUL for UI and binary VRs, space for other text.</summary>
        public byte PaddingByte { get; }

        /// <summary>
        /// Maximum value length in bytes for text VRs with a fixed limit (PS3.5 Table 6.2-1; for PN, per component group),
        /// or 0 where no limit applies.
        /// </summary>
        public int MaxLength { get; }

        /// <summary>How one binary value is stored; <see cref="DicomNumberType.None"/> for text, SQ, OB and UN.</summary>
        public DicomNumberType NumberType { get; }

        /// <summary>
        /// Size in bytes of the unit swapped for big endian data (US 2, UL 4, FD 8, AT 2 as a pair of 16-bit numbers, OW 2,
        /// ...), or 0 for text, SQ and byte-oriented data.
        /// </summary>
        public int UnitSize { get; }

        /// <summary>True for VRs whose value is numbers in the transfer syntax's byte order (US, SS, UL, SL, FL, FD, AT, OW, OF, OD, OL, OV, SV, UV).</summary>
        public bool IsBinaryNumber => UnitSize > 0;

        /// <summary>True when a binary value is a floating-point number (FL, FD, OF, OD).</summary>
        public bool IsFloatingPoint => NumberType == DicomNumberType.Float32 || NumberType == DicomNumberType.Float64;

        /// <summary>True when a binary value is a 64-bit integer (SV, UV, OV), which a double cannot hold exactly.</summary>
        public bool Is64BitInteger => NumberType == DicomNumberType.Int64 || NumberType == DicomNumberType.UInt64;

        /// <summary>What a value given as text or .NET objects is converted to when set into this VR.</summary>
        public DicomValueKind ValueKind { get; }

        /// <summary>The Python number type deid's <c>convert_value</c> gives this VR's values (None: text or bytes).</summary>
        public DicomNumericKind NumericKind { get; }

        /// <summary>
        /// Python truthiness of <paramref name="text"/> once deid's <c>convert_value</c> has typed it for this VR, as a REMOVE
        /// condition tests it: for FL and FD a float that is not 0, for the integer VRs an integer that is not 0 (text that is
        /// no number of that kind is false), for every other VR text that is not empty.
        /// </summary>
        public bool IsTruthy(string text)
        {
            if (text == null) throw new ArgumentNullException(nameof(text));
            switch (NumericKind)
            {
                case DicomNumericKind.Float:
                    return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) && d != 0;
                case DicomNumericKind.Integer:
                    return long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out long l) && l != 0;
                default:
                    return text.Length > 0;
            }
        }

        private static readonly Regex DecimalString = new Regex(@"^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?$", RegexOptions.CultureInvariant);
        private static readonly Regex IntegerString = new Regex(@"^[+-]?[0-9]+$", RegexOptions.CultureInvariant);

        /// <summary>True for DS and IS: text that must be a number, checked by <see cref="IsValidValue"/>.</summary>
        public bool IsNumberText => (_traits & Traits.NumberText) != 0;

        /// <summary>
        /// Whether one value (no backslashes) is valid for the VR. Only the number strings are checked (PS3.5 Table 6.2-1):
        /// a DS is a decimal number in at most 16 characters, an IS an integer in at most 12 within ±2^31; pydicom refuses
        /// text that is no number for DS, and would write a decimal into IS. An empty value is valid; other VRs take any text.
        /// </summary>
        public bool IsValidValue(string value)
        {
            if (value == null) throw new ArgumentNullException(nameof(value));
            if (!IsNumberText || value.Length == 0) return true;
            string t = value.Trim(' ');
            if (_vr == DicomVR.DS) return value.Length <= MaxLength && DecimalString.IsMatch(t);
            return value.Length <= MaxLength && IntegerString.IsMatch(t)
                && long.TryParse(t, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long l) && l >= int.MinValue && l <= int.MaxValue;
        }

        /// <summary>The VR's name, for debugging.</summary>
        public override string ToString() => _vr.ToString();

        private static int UnitSizeOf(DicomNumberType type)
        {
            switch (type)
            {
                case DicomNumberType.UInt16:
                case DicomNumberType.Int16:
                case DicomNumberType.Tag: // a pair of 16-bit numbers: each is swapped on its own
                    return 2;
                case DicomNumberType.UInt32:
                case DicomNumberType.Int32:
                case DicomNumberType.Float32:
                    return 4;
                case DicomNumberType.UInt64:
                case DicomNumberType.Int64:
                case DicomNumberType.Float64:
                    return 8;
                default:
                    return 0;
            }
        }

        /// <summary>The yes/no columns of the table, packed so that a row stays small.</summary>
        [Flags]
        private enum Traits : ushort
        {
            None = 0,
            Known = 1,
            LongLength = 2,
            Text = 4,
            SpecificCharacterSet = 8,
            SingleValued = 16,
            TrimsLeadingSpaces = 32,
            Bytes = 64,
            Other = 128,
            NumberText = 256,
        }
    }
}
