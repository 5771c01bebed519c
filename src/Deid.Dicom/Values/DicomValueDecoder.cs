using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Globalization;
using System.Runtime.CompilerServices;

namespace Deid.Dicom
{
    /// <summary>
    /// Span-level decoding and encoding of element values. Kept apart from the dataset so the same rules serve the
    /// reader's own needs (character set terms, transfer syntax) and user-facing typed access.
    /// </summary>
    internal static class DicomValueDecoder
    {
        /// <summary>
        /// True for VRs whose leading spaces are insignificant (PS3.5 Table 6.2-1) and are trimmed on decode;
        /// for the other text VRs leading spaces are part of the value.
        /// </summary>
        [MethodImpl(HotPath.Optimized)]
        public static bool TrimsLeadingSpaces(DicomVR vr) => vr.Descriptor.TrimsLeadingSpaces;

        /// <summary>Removes value padding: trailing spaces and NULs, and leading spaces where insignificant.</summary>
        [MethodImpl(HotPath.Optimized)]
        public static string TrimValue(string value, DicomVR vr)
        {
            int end = value.Length;
            while (end > 0 && (value[end - 1] == ' ' || value[end - 1] == '\0')) end--;
            int start = 0;
            if (TrimsLeadingSpaces(vr))
            {
                while (start < end && value[start] == ' ') start++;
            }
            return start == 0 && end == value.Length ? value : value.Substring(start, end - start);
        }

        /// <summary>
        /// Splits a default-repertoire (ASCII) value into its backslash-separated values, each trimmed of padding.
        /// Used for CS, UI, DS, IS, DA, TM, DT, AS, AE; bytes above 0x7F are taken as Latin-1 rather than failing.
        /// </summary>
        [MethodImpl(HotPath.Optimized)]
        public static string[] SplitRawStrings(ReadOnlySpan<byte> raw, DicomVR vr)
        {
            if (raw.IsEmpty) return Array.Empty<string>();
            return SplitValues(Latin1(raw), vr);
        }

        /// <summary>Splits decoded text into values at backslashes (except for single-valued VRs), trimming each.</summary>
        [MethodImpl(HotPath.Optimized)]
        public static string[] SplitValues(string text, DicomVR vr)
        {
            if (vr.IsSingleValuedText) return new[] { TrimValue(text, vr) };
            int n = 1;
            foreach (char c in text) if (c == '\\') n++;
            var values = new string[n];
            int at = 0, start = 0;
            for (int i = 0; i <= text.Length; i++)
            {
                if (i == text.Length || text[i] == '\\')
                {
                    values[at++] = TrimValue(text.Substring(start, i - start), vr);
                    start = i + 1;
                }
            }
            return values;
        }

        /// <summary>Decodes bytes one to one as Latin-1 (the safe superset of ASCII for default-repertoire VRs).</summary>
        [MethodImpl(HotPath.Optimized)]
        public static string Latin1(ReadOnlySpan<byte> raw)
        {
            if (raw.IsEmpty) return string.Empty;
            var chars = raw.Length <= 256 ? stackalloc char[raw.Length] : new char[raw.Length];
            for (int i = 0; i < raw.Length; i++) chars[i] = (char)raw[i];
            return chars.ToString();
        }

        /// <summary>Encodes default-repertoire text; throws for characters outside ASCII, which those VRs cannot hold.</summary>
        [MethodImpl(HotPath.Optimized)]
        public static byte[] EncodeAscii(string text, DicomTag tag)
        {
            var bytes = new byte[text.Length];
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                if (c > 0x7E && c != 0) throw new ArgumentException($"Character '{c}' (U+{(int)c:X4}) is not allowed in {tag}: its VR is limited to the default repertoire.", nameof(text));
                bytes[i] = (byte)c;
            }
            return bytes;
        }

        /// <summary>Decodes the numbers of a binary VR as doubles (exact for all 32-bit integers and floats).</summary>
        [MethodImpl(HotPath.Optimized)]
        public static double[] DecodeNumbers(ReadOnlySpan<byte> raw, DicomVR vr, bool bigEndian)
        {
            var type = vr.Descriptor.NumberType;
            int size = ValueSize(vr);
            if (size == 0) throw new ArgumentException($"{vr} is not a binary numeric VR.", nameof(vr));
            int n = raw.Length / size;
            var result = new double[n];
            for (int i = 0; i < n; i++)
            {
                var s = raw.Slice(i * size, size);
                result[i] = DecodeOne(s, type, bigEndian);
            }
            return result;
        }

        /// <summary>Decodes the numbers of an integer VR (US, SS, UL, SL, SV, UV, OW, OL, OV) exactly.</summary>
        [MethodImpl(HotPath.Optimized)]
        public static long[] DecodeIntegers(ReadOnlySpan<byte> raw, DicomVR vr, bool bigEndian)
        {
            var d = vr.Descriptor;
            int size = d.UnitSize;
            if (size == 0 || d.IsFloatingPoint) throw new ArgumentException($"{vr} is not an integer VR.", nameof(vr));
            int n = raw.Length / size;
            var result = new long[n];
            for (int i = 0; i < n; i++) result[i] = DecodeInteger(raw.Slice(i * size, size), d.NumberType, bigEndian);
            return result;
        }

        /// <summary>The bytes of one value: the unit size, except for AT, whose value is two 16-bit units.</summary>
        [MethodImpl(HotPath.Optimized)]
        private static int ValueSize(DicomVR vr)
        {
            var d = vr.Descriptor;
            return d.NumberType == DicomNumberType.Tag ? 4 : d.UnitSize;
        }

        [MethodImpl(HotPath.Optimized)]
        private static long DecodeInteger(ReadOnlySpan<byte> s, DicomNumberType type, bool be)
        {
            switch (type)
            {
                case DicomNumberType.UInt16: return be ? BinaryPrimitives.ReadUInt16BigEndian(s) : BinaryPrimitives.ReadUInt16LittleEndian(s);
                case DicomNumberType.Int16: return be ? BinaryPrimitives.ReadInt16BigEndian(s) : BinaryPrimitives.ReadInt16LittleEndian(s);
                case DicomNumberType.UInt32: return be ? BinaryPrimitives.ReadUInt32BigEndian(s) : BinaryPrimitives.ReadUInt32LittleEndian(s);
                case DicomNumberType.Int32: return be ? BinaryPrimitives.ReadInt32BigEndian(s) : BinaryPrimitives.ReadInt32LittleEndian(s);
                case DicomNumberType.Int64: return be ? BinaryPrimitives.ReadInt64BigEndian(s) : BinaryPrimitives.ReadInt64LittleEndian(s);
                default:
                    // UV and OV: unsigned 64-bit, reinterpreted; values above long.MaxValue come back negative.
                    return (long)(be ? BinaryPrimitives.ReadUInt64BigEndian(s) : BinaryPrimitives.ReadUInt64LittleEndian(s));
            }
        }

        [MethodImpl(HotPath.Optimized)]
        private static double DecodeOne(ReadOnlySpan<byte> s, DicomNumberType type, bool be)
        {
            switch (type)
            {
                case DicomNumberType.Float32:
                    return Int32BitsToSingle(be ? BinaryPrimitives.ReadInt32BigEndian(s) : BinaryPrimitives.ReadInt32LittleEndian(s));
                case DicomNumberType.Float64:
                    return BitConverter.Int64BitsToDouble(be ? BinaryPrimitives.ReadInt64BigEndian(s) : BinaryPrimitives.ReadInt64LittleEndian(s));
                case DicomNumberType.Tag:
                    {
                        ushort g = be ? BinaryPrimitives.ReadUInt16BigEndian(s) : BinaryPrimitives.ReadUInt16LittleEndian(s);
                        ushort e = be ? BinaryPrimitives.ReadUInt16BigEndian(s.Slice(2)) : BinaryPrimitives.ReadUInt16LittleEndian(s.Slice(2));
                        return ((uint)g << 16) | e;
                    }
                case DicomNumberType.UInt64:
                    return be ? BinaryPrimitives.ReadUInt64BigEndian(s) : BinaryPrimitives.ReadUInt64LittleEndian(s);
                default:
                    return DecodeInteger(s, type, be);
            }
        }

        [MethodImpl(HotPath.Optimized)]
        private static float Int32BitsToSingle(int bits)
        {
            Span<byte> b = stackalloc byte[4];
            BinaryPrimitives.WriteInt32LittleEndian(b, bits);
            return BitConverter.ToSingle(b.ToArray(), 0);
        }

        /// <summary>Decodes an AT value into tags.</summary>
        [MethodImpl(HotPath.Optimized)]
        public static DicomTag[] DecodeTags(ReadOnlySpan<byte> raw, bool bigEndian)
        {
            var result = new DicomTag[raw.Length / 4];
            for (int i = 0; i < result.Length; i++)
            {
                var s = raw.Slice(i * 4, 4);
                ushort g = bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(s) : BinaryPrimitives.ReadUInt16LittleEndian(s);
                ushort e = bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(s.Slice(2)) : BinaryPrimitives.ReadUInt16LittleEndian(s.Slice(2));
                result[i] = new DicomTag(g, e);
            }
            return result;
        }

        /// <summary>Encodes numbers for a binary VR in the given byte order; throws when a value does not fit the VR.</summary>
        [MethodImpl(HotPath.Optimized)]
        public static byte[] EncodeNumbers(DicomVR vr, IReadOnlyList<double> values, bool bigEndian)
        {
            var type = vr.Descriptor.NumberType;
            int size = ValueSize(vr);
            if (size == 0) throw new ArgumentException($"{vr} is not a binary numeric VR.", nameof(vr));
            var bytes = new byte[values.Count * size];
            for (int i = 0; i < values.Count; i++) EncodeOne(bytes.AsSpan(i * size, size), values[i], type, bigEndian);
            return bytes;
        }

        [MethodImpl(HotPath.Optimized)]
        private static void EncodeOne(Span<byte> s, double v, DicomNumberType type, bool bigEndian)
        {
            switch (type)
            {
                case DicomNumberType.Float32:
                    {
                        int bits = BitConverter.ToInt32(BitConverter.GetBytes((float)v), 0);
                        if (bigEndian) BinaryPrimitives.WriteInt32BigEndian(s, bits); else BinaryPrimitives.WriteInt32LittleEndian(s, bits);
                        return;
                    }
                case DicomNumberType.Float64:
                    {
                        long bits = BitConverter.DoubleToInt64Bits(v);
                        if (bigEndian) BinaryPrimitives.WriteInt64BigEndian(s, bits); else BinaryPrimitives.WriteInt64LittleEndian(s, bits);
                        return;
                    }
                case DicomNumberType.Tag:
                    {
                        uint t = checked((uint)v);
                        WriteU16(s, (ushort)(t >> 16), bigEndian);
                        WriteU16(s.Slice(2), (ushort)t, bigEndian);
                        return;
                    }
                case DicomNumberType.UInt16:
                    WriteU16(s, checked((ushort)v), bigEndian);
                    return;
                case DicomNumberType.Int16:
                    {
                        short x = checked((short)v);
                        if (bigEndian) BinaryPrimitives.WriteInt16BigEndian(s, x); else BinaryPrimitives.WriteInt16LittleEndian(s, x);
                        return;
                    }
                case DicomNumberType.UInt32:
                    {
                        uint x = checked((uint)v);
                        if (bigEndian) BinaryPrimitives.WriteUInt32BigEndian(s, x); else BinaryPrimitives.WriteUInt32LittleEndian(s, x);
                        return;
                    }
                case DicomNumberType.Int32:
                    {
                        int x = checked((int)v);
                        if (bigEndian) BinaryPrimitives.WriteInt32BigEndian(s, x); else BinaryPrimitives.WriteInt32LittleEndian(s, x);
                        return;
                    }
                case DicomNumberType.Int64:
                    {
                        long x = checked((long)v);
                        if (bigEndian) BinaryPrimitives.WriteInt64BigEndian(s, x); else BinaryPrimitives.WriteInt64LittleEndian(s, x);
                        return;
                    }
                default:
                    {
                        ulong x = checked((ulong)v);
                        if (bigEndian) BinaryPrimitives.WriteUInt64BigEndian(s, x); else BinaryPrimitives.WriteUInt64LittleEndian(s, x);
                        return;
                    }
            }
        }

        [MethodImpl(HotPath.Optimized)]
        private static void WriteU16(Span<byte> s, ushort v, bool be)
        {
            if (be) BinaryPrimitives.WriteUInt16BigEndian(s, v); else BinaryPrimitives.WriteUInt16LittleEndian(s, v);
        }

        /// <summary>Formats a number the way DICOM text and dcmdump show it (invariant culture, shortest round-trip form).</summary>
        [MethodImpl(HotPath.Optimized)]
        public static string FormatNumber(double value, DicomVR vr)
        {
            if (vr.Descriptor.NumberType == DicomNumberType.Float32) return ((float)value).ToString("R", CultureInfo.InvariantCulture);
            return value.ToString("R", CultureInfo.InvariantCulture);
        }
    }
}
