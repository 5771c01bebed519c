using System;

namespace Deid.Dicom
{
    /// <summary>
    /// A Value Representation (PS3.5 §6.2), stored as its two ASCII bytes so that reading one from a file is a
    /// 16-bit load and a compare, with no string or lookup on the hot path.
    /// </summary>
    public readonly struct DicomVR : IEquatable<DicomVR>
    {
        private DicomVR(ushort code) => Code = code;

        /// <summary>The two ASCII bytes, first byte in the high 8 bits.</summary>
        public ushort Code { get; }

        /// <summary>Creates a VR from its two bytes as they appear in an explicit VR element header.</summary>
        public static DicomVR FromBytes(byte first, byte second) => new DicomVR((ushort)((first << 8) | second));

        /// <summary>The "no VR" value: the VR is not known (implicit data, no dictionary entry).</summary>
        public static readonly DicomVR None = default;

#pragma warning disable CS1591 // the VR names are their own documentation (PS3.5 Table 6.2-1)
        public static readonly DicomVR AE = Of("AE"), AS = Of("AS"), AT = Of("AT"), CS = Of("CS"), DA = Of("DA"), DS = Of("DS"),
            DT = Of("DT"), FD = Of("FD"), FL = Of("FL"), IS = Of("IS"), LO = Of("LO"), LT = Of("LT"), OB = Of("OB"), OD = Of("OD"),
            OF = Of("OF"), OL = Of("OL"), OV = Of("OV"), OW = Of("OW"), PN = Of("PN"), SH = Of("SH"), SL = Of("SL"), SQ = Of("SQ"),
            SS = Of("SS"), ST = Of("ST"), SV = Of("SV"), TM = Of("TM"), UC = Of("UC"), UI = Of("UI"), UL = Of("UL"), UN = Of("UN"),
            UR = Of("UR"), US = Of("US"), UT = Of("UT"), UV = Of("UV");
#pragma warning restore CS1591

        /// <summary>Every VR of PS3.5, in alphabetical order.</summary>
        public static readonly DicomVR[] All =
        {
            AE, AS, AT, CS, DA, DS, DT, FD, FL, IS, LO, LT, OB, OD, OF, OL, OV, OW, PN, SH, SL, SQ, SS, ST, SV, TM, UC, UI, UL, UN, UR, US, UT, UV,
        };

        private static DicomVR Of(string s) => new DicomVR((ushort)((s[0] << 8) | s[1]));

        /// <summary>Parses a two-letter VR name; returns false for anything not in PS3.5.</summary>
        public static bool TryParse(string? s, out DicomVR vr)
        {
            vr = default;
            if (s == null || s.Length != 2) return false;
            var candidate = Of(s.ToUpperInvariant());
            if (!candidate.IsKnown) return false;
            vr = candidate;
            return true;
        }

        /// <summary>Parses a two-letter VR name, throwing <see cref="FormatException"/> for an unknown one.</summary>
        public static DicomVR Parse(string s) => TryParse(s, out var vr) ? vr : throw new FormatException($"'{s}' is not a DICOM VR.");

        /// <summary>
        /// The VR's row of the descriptor table: every per-VR fact (header form, padding, value size and type, how values
        /// are set and typed) is read from there, so that adding or changing a VR is one row, not a switch in each caller.
        /// </summary>
        public DicomVRDescriptor Descriptor => DicomVRDescriptor.Of(this);

        /// <summary>True when the VR is one of the 34 defined by PS3.5.</summary>
        public bool IsKnown => Descriptor.IsKnown;

        /// <inheritdoc cref="DicomVRDescriptor.HasLongLength"/>
        public bool HasLongLength => Descriptor.HasLongLength;

        /// <inheritdoc cref="DicomVRDescriptor.IsText"/>
        public bool IsString => Descriptor.IsText;

        /// <inheritdoc cref="DicomVRDescriptor.UsesSpecificCharacterSet"/>
        public bool UsesSpecificCharacterSet => Descriptor.UsesSpecificCharacterSet;

        /// <inheritdoc cref="DicomVRDescriptor.IsSingleValuedText"/>
        public bool IsSingleValuedText => Descriptor.IsSingleValuedText;

        /// <inheritdoc cref="DicomVRDescriptor.PaddingByte"/>
        public byte PaddingByte => Descriptor.PaddingByte;

        /// <inheritdoc cref="DicomVRDescriptor.UnitSize"/>
        public int UnitSize => Descriptor.UnitSize;

        /// <inheritdoc cref="DicomVRDescriptor.IsBinaryNumber"/>
        public bool IsBinaryNumber => Descriptor.IsBinaryNumber;

        /// <inheritdoc cref="DicomVRDescriptor.IsBytes"/>
        public bool IsBytes => Descriptor.IsBytes;

        /// <inheritdoc cref="DicomVRDescriptor.MaxLength"/>
        public int MaxLength => Descriptor.MaxLength;

        private static readonly string?[] Names = new string?[26 * 26];

        /// <summary>The two-letter name, or "??" for <see cref="None"/>, or the raw bytes in hex when not a defined VR.</summary>
        [System.Runtime.CompilerServices.MethodImpl(HotPath.Optimized)]
        public override string ToString()
        {
            if (Code == 0) return "??";
            char a = (char)(Code >> 8), b = (char)(Code & 0xFF);
            if (a >= 'A' && a <= 'Z' && b >= 'A' && b <= 'Z')
            {
                // One string per VR for the life of the process: field matching asks for the name of every element of every file.
                int slot = (a - 'A') * 26 + (b - 'A');
                return Names[slot] ??= new string(new[] { a, b });
            }
            return "0x" + Code.ToString("X4", System.Globalization.CultureInfo.InvariantCulture);
        }

        /// <inheritdoc/>
        public bool Equals(DicomVR other) => Code == other.Code;

        /// <inheritdoc/>
        public override bool Equals(object? obj) => obj is DicomVR v && v.Code == Code;

        /// <inheritdoc/>
        public override int GetHashCode() => Code;

        /// <summary>VR equality.</summary>
        public static bool operator ==(DicomVR a, DicomVR b) => a.Code == b.Code;

        /// <summary>VR inequality.</summary>
        public static bool operator !=(DicomVR a, DicomVR b) => a.Code != b.Code;
    }
}
