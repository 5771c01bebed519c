using System.Runtime.CompilerServices;

namespace Deid.Dicom
{
    public sealed partial class DicomVRDescriptor
    {
        private const Traits Txt = Traits.Known | Traits.Text;
        private const Traits Bin = Traits.Known;
        private const Traits Long = Traits.LongLength;
        private const Traits Trim = Traits.TrimsLeadingSpaces;
        private const Traits Scs = Traits.SpecificCharacterSet;
        private const Traits One = Traits.SingleValued;
        private const Traits Oth = Traits.Other;

        /// <summary>The row for codes PS3.5 does not define (and for <see cref="DicomVR.None"/>): opaque bytes, 16-bit length.</summary>
        public static DicomVRDescriptor Unknown { get; } =
            new DicomVRDescriptor(DicomVR.None, Traits.None, 0, 0, DicomNumberType.None, DicomValueKind.Bytes, DicomNumericKind.None);

        /// <summary>One row per VR of PS3.5 Table 6.2-1, in alphabetical order.</summary>
        private static readonly DicomVRDescriptor[] Rows =
        {
            //  VR          traits                                  pad   max      binary value                 set as                   deid's type
            Row(DicomVR.AE, Txt | Trim,                             ' ',  16,    DicomNumberType.None,    DicomValueKind.Text,     DicomNumericKind.None),
            Row(DicomVR.AS, Txt | Trim,                             ' ',  4,     DicomNumberType.None,    DicomValueKind.Text,     DicomNumericKind.None),
            Row(DicomVR.AT, Bin,                                    '\0', 0,     DicomNumberType.Tag,     DicomValueKind.Tag,      DicomNumericKind.None),
            Row(DicomVR.CS, Txt | Trim,                             ' ',  16,    DicomNumberType.None,    DicomValueKind.Text,     DicomNumericKind.None),
            Row(DicomVR.DA, Txt | Trim,                             ' ',  8,     DicomNumberType.None,    DicomValueKind.Text,     DicomNumericKind.None),
            Row(DicomVR.DS, Txt | Trim | Traits.NumberText,         ' ',  16,    DicomNumberType.None,    DicomValueKind.Text,     DicomNumericKind.None),
            Row(DicomVR.DT, Txt | Trim,                             ' ',  26,    DicomNumberType.None,    DicomValueKind.Text,     DicomNumericKind.None),
            Row(DicomVR.FD, Bin,                                    '\0', 0,     DicomNumberType.Float64, DicomValueKind.Float,    DicomNumericKind.Float),
            Row(DicomVR.FL, Bin,                                    '\0', 0,     DicomNumberType.Float32, DicomValueKind.Float,    DicomNumericKind.Float),
            Row(DicomVR.IS, Txt | Trim | Traits.NumberText,         ' ',  12,    DicomNumberType.None,    DicomValueKind.Text,     DicomNumericKind.None),
            Row(DicomVR.LO, Txt | Scs,                              ' ',  64,    DicomNumberType.None,    DicomValueKind.Text,     DicomNumericKind.None),
            Row(DicomVR.LT, Txt | Scs | One,                        ' ',  10240, DicomNumberType.None,    DicomValueKind.Text,     DicomNumericKind.None),
            Row(DicomVR.OB, Bin | Long | Oth | Traits.Bytes,        '\0', 0,     DicomNumberType.None,    DicomValueKind.Bytes,    DicomNumericKind.None),
            Row(DicomVR.OD, Bin | Long | Oth,                       '\0', 0,     DicomNumberType.Float64, DicomValueKind.Float,    DicomNumericKind.None),
            Row(DicomVR.OF, Bin | Long | Oth,                       '\0', 0,     DicomNumberType.Float32, DicomValueKind.Float,    DicomNumericKind.None),
            Row(DicomVR.OL, Bin | Long | Oth,                       '\0', 0,     DicomNumberType.UInt32,  DicomValueKind.Bytes,    DicomNumericKind.None),
            Row(DicomVR.OV, Bin | Long | Oth,                       '\0', 0,     DicomNumberType.UInt64,  DicomValueKind.Bytes,    DicomNumericKind.None),
            Row(DicomVR.OW, Bin | Long | Oth,                       '\0', 0,     DicomNumberType.UInt16,  DicomValueKind.Bytes,    DicomNumericKind.None),
            Row(DicomVR.PN, Txt | Scs,                              ' ',  64,    DicomNumberType.None,    DicomValueKind.Text,     DicomNumericKind.None),
            Row(DicomVR.SH, Txt | Scs,                              ' ',  16,    DicomNumberType.None,    DicomValueKind.Text,     DicomNumericKind.None),
            Row(DicomVR.SL, Bin,                                    '\0', 0,     DicomNumberType.Int32,   DicomValueKind.Integer,  DicomNumericKind.Integer),
            Row(DicomVR.SQ, Bin | Long,                             '\0', 0,     DicomNumberType.None,    DicomValueKind.Sequence, DicomNumericKind.None),
            Row(DicomVR.SS, Bin,                                    '\0', 0,     DicomNumberType.Int16,   DicomValueKind.Integer,  DicomNumericKind.Integer),
            Row(DicomVR.ST, Txt | Scs | One,                        ' ',  1024,  DicomNumberType.None,    DicomValueKind.Text,     DicomNumericKind.None),
            Row(DicomVR.SV, Bin | Long,                             '\0', 0,     DicomNumberType.Int64,   DicomValueKind.Integer,  DicomNumericKind.Integer),
            Row(DicomVR.TM, Txt | Trim,                             ' ',  14,    DicomNumberType.None,    DicomValueKind.Text,     DicomNumericKind.None),
            Row(DicomVR.UC, Txt | Long | Scs,                       ' ',  0,     DicomNumberType.None,    DicomValueKind.Text,     DicomNumericKind.None),
            Row(DicomVR.UI, Txt | Trim,                             '\0', 64,    DicomNumberType.None,    DicomValueKind.Text,     DicomNumericKind.None),
            Row(DicomVR.UL, Bin,                                    '\0', 0,     DicomNumberType.UInt32,  DicomValueKind.Integer,  DicomNumericKind.Integer),
            Row(DicomVR.UN, Bin | Long | Traits.Bytes,              '\0', 0,     DicomNumberType.None,    DicomValueKind.Bytes,    DicomNumericKind.None),
            Row(DicomVR.UR, Txt | Long | One,                       ' ',  0,     DicomNumberType.None,    DicomValueKind.Text,     DicomNumericKind.None),
            Row(DicomVR.US, Bin,                                    '\0', 0,     DicomNumberType.UInt16,  DicomValueKind.Integer,  DicomNumericKind.Integer),
            Row(DicomVR.UT, Txt | Long | Scs | One,                 ' ',  0,     DicomNumberType.None,    DicomValueKind.Text,     DicomNumericKind.None),
            Row(DicomVR.UV, Bin | Long,                             '\0', 0,     DicomNumberType.UInt64,  DicomValueKind.Integer,  DicomNumericKind.Integer),
        };

        private static DicomVRDescriptor Row(DicomVR vr, Traits traits, char pad, int maxLength, DicomNumberType numberType, DicomValueKind valueKind, DicomNumericKind numericKind) =>
            new DicomVRDescriptor(vr, traits, (byte)pad, maxLength, numberType, valueKind, numericKind);

        /// <summary>
        /// The rows indexed by the VR's two letters, 26 × 26 entries, the gaps filled with <see cref="Unknown"/>: a lookup is
        /// two subtractions, a compare and an array index, done for every element read or written.
        /// </summary>
        private static readonly DicomVRDescriptor[] ByLetters = IndexByLetters();

        private static DicomVRDescriptor[] IndexByLetters()
        {
            var table = new DicomVRDescriptor[26 * 26];
            for (int i = 0; i < table.Length; i++) table[i] = Unknown;
            foreach (var row in Rows) table[LetterIndex(row._vr.Code)] = row;
            return table;
        }

        private static int LetterIndex(ushort code) => (((code >> 8) - 'A') * 26) + ((code & 0xFF) - 'A');

        /// <summary>The descriptor of <paramref name="vr"/>: its row, or <see cref="Unknown"/> for a code PS3.5 does not define.</summary>
        [MethodImpl(HotPath.Optimized)]
        public static DicomVRDescriptor Of(DicomVR vr)
        {
            uint first = (uint)((vr.Code >> 8) - 'A'), second = (uint)((vr.Code & 0xFF) - 'A');
            return first < 26 && second < 26 ? ByLetters[(first * 26) + second] : Unknown;
        }
    }
}
