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

        /// <summary>True when the VR is one of the 34 defined by PS3.5.</summary>
        public bool IsKnown => Array.IndexOf(All, this) >= 0;

        /// <summary>
        /// True when an explicit VR header uses 2 reserved bytes and a 32-bit length (PS3.5 §7.1.2) rather than a 16-bit length.
        /// </summary>
        public bool HasLongLength
        {
            get
            {
                switch (Code)
                {
                    case 0x4F42: // OB
                    case 0x4F44: // OD
                    case 0x4F46: // OF
                    case 0x4F4C: // OL
                    case 0x4F56: // OV
                    case 0x4F57: // OW
                    case 0x5351: // SQ
                    case 0x5356: // SV
                    case 0x5543: // UC
                    case 0x554E: // UN
                    case 0x5552: // UR
                    case 0x5554: // UT
                    case 0x5556: // UV
                        return true;
                    default:
                        return false;
                }
            }
        }

        /// <summary>True for VRs whose value is character data (padded with a space, or NUL for UI).</summary>
        public bool IsString
        {
            get
            {
                switch (Code)
                {
                    case 0x4145:
                    case 0x4153:
                    case 0x4353:
                    case 0x4441:
                    case 0x4453:
                    case 0x4454:
                    case 0x4953:
                    case 0x4C4F:
                    case 0x4C54:
                    case 0x504E:
                    case 0x5348:
                    case 0x5354:
                    case 0x544D:
                    case 0x5543:
                    case 0x5549:
                    case 0x5552:
                    case 0x5554:
                        return true;
                    default:
                        return false;
                }
            }
        }

        /// <summary>
        /// True for text VRs that the Specific Character Set applies to (PS3.5 §6.1.2.3): SH, LO, ST, LT, PN, UC, UT.
        /// The others are limited to the default repertoire.
        /// </summary>
        public bool UsesSpecificCharacterSet =>
            this == SH || this == LO || this == ST || this == LT || this == PN || this == UC || this == UT;

        /// <summary>True for VRs that hold one value with no backslash-separated multiplicity (LT, ST, UT, UR).</summary>
        public bool IsSingleValuedText => this == LT || this == ST || this == UT || this == UR;

        /// <summary>The byte used to pad a value to even length: NUL for UI and binary VRs, space for other strings.</summary>
        public byte PaddingByte => IsString && this != UI ? (byte)' ' : (byte)0;

        /// <summary>
        /// Size in bytes of one binary value (US 2, UL 4, FD 8, AT 4, OW 2, ...), or 0 for strings, SQ and byte-oriented data.
        /// Used to swap byte order for big endian data and to type numeric values.
        /// </summary>
        public int UnitSize
        {
            get
            {
                if (this == US || this == SS || this == OW) return 2;
                if (this == UL || this == SL || this == FL || this == OF || this == OL) return 4;
                if (this == AT) return 2; // a pair of 16-bit numbers: each is swapped on its own
                if (this == FD || this == OD || this == OV || this == SV || this == UV) return 8;
                return 0;
            }
        }

        /// <summary>True for VRs whose value is numbers in the transfer syntax's byte order (US, SS, UL, SL, FL, FD, AT, OW, OF, OD, OL, OV, SV, UV).</summary>
        public bool IsBinaryNumber => UnitSize > 0;

        /// <summary>True for byte-stream VRs OB and UN, whose values are never byte-swapped.</summary>
        public bool IsBytes => this == OB || this == UN;

        /// <summary>
        /// Maximum value length in bytes for string VRs with a fixed limit (PS3.5 Table 6.2-1), or 0 where no limit applies.
        /// </summary>
        public int MaxLength
        {
            get
            {
                if (this == AE || this == CS || this == DS || this == SH) return 16;
                if (this == AS) return 4;
                if (this == DA) return 8;
                if (this == DT) return 26;
                if (this == IS) return 12;
                if (this == TM) return 14;
                if (this == LO || this == UI || this == PN) return 64; // PN: per component group
                if (this == ST) return 1024;
                if (this == LT) return 10240;
                return 0;
            }
        }

        /// <summary>The two-letter name, or "??" for <see cref="None"/>, or the raw bytes in hex when not a defined VR.</summary>
        public override string ToString()
        {
            if (Code == 0) return "??";
            char a = (char)(Code >> 8), b = (char)(Code & 0xFF);
            if (a >= 'A' && a <= 'Z' && b >= 'A' && b <= 'Z') return new string(new[] { a, b });
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
