using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using Deid.Dicom;

namespace Deid.Identifiers
{
    /// <summary>
    /// An element's value as deid sees it in text: Python's <c>str(element.value)</c> under pydicom. deid matches <c>values:</c>
    /// groups against it, splits it for <c>SPLIT</c>, and hashes it for <c>deid_func:pydicom_uuid</c>, so these must be the same
    /// characters pydicom prints: a multi-valued element is a Python list (<c>['A', 'B']</c>; person names, DS, IS and numbers
    /// without quotes: <c>[DOE^J, ROE^JANE]</c>, <c>[1.5, 2.5]</c>), floats in Python's repr (<c>100.0</c>, <c>1e-05</c>, FL widened
    /// to double: <c>0.10000000149011612</c>), tags as <c>(0018,1063)</c>, byte values (OB, OW, OF, OD, OL, OV, UN) as
    /// <c>b'...'</c>, an empty text value as <c>""</c> and an empty non-text (or DS, IS) value as <c>None</c>.
    /// </summary>
    internal static class PythonValue
    {
        /// <summary>deid's <c>str(field.element.value)</c>; null for sequences and for values left on disk (not read).</summary>
        [MethodImpl(HotPath.Optimized)]
        public static string? Str(DicomDataset holder, in DicomElement element) => Str(holder, element, null);

        /// <summary>
        /// <see cref="Str(DicomDataset, in DicomElement)"/> with the value read as <paramref name="vr"/> (null: the element's
        /// effective VR), for a value pydicom reads under another VR than ours (a private UN it knows).
        /// </summary>
        [MethodImpl(HotPath.Optimized)]
        public static string? Str(DicomDataset holder, in DicomElement element, DicomVR? vr)
        {
            var items = Items(holder, element, out bool multiple, vr);
            if (items == null) return null;
            if (!multiple) return items.Count == 0 ? string.Empty : items[0].Text;
            var sb = new StringBuilder("[");
            for (int i = 0; i < items.Count; i++)
            {
                if (i > 0) sb.Append(", ");
                sb.Append(items[i].IsPythonStr ? Repr(items[i].Text) : items[i].Text);
            }
            return sb.Append(']').ToString();
        }

        /// <summary>
        /// The values of a multi-valued binary number (US, SS, UL, SL, FL, FD, SV, UV with more than one value), each as Python's
        /// <c>str()</c> prints it: pydicom 3's <c>convert_numbers</c> gives these a plain <c>list</c>, which deid's filter tests
        /// walk value by value. Null for everything else: one value, text and DS/IS/AT (pydicom's MultiValue, not a list), bytes,
        /// sequences and values not read.
        /// </summary>
        public static string[]? ListValues(DicomDataset holder, in DicomElement element)
        {
            if (element.IsSequence || !element.IsLoaded) return null;
            var vr = DicomDataset.GetEffectiveVR(element);
            if (vr.IsString || NumberSize(vr) == 0) return null;
            // In an implicit VR dataset an element whose dictionary VR is ambiguous ("US or SS": LUT Descriptors) gets its VR
            // when first read (correct_ambiguous_vr_element), through the value setter, which makes the list a MultiValue: one
            // printed contender, as text is (review of the change, F4).
            if (!holder.Encoding.IsExplicitVR && DicomDictionary.TryGetEntry(element.Tag, out var entry) && entry.AllowedVRs.Count > 1) return null;
            var items = Items(holder, element, out bool multiple);
            if (items == null || !multiple) return null;
            var values = new string[items.Count];
            for (int i = 0; i < values.Length; i++) values[i] = items[i].Text;
            return values;
        }

        /// <summary>
        /// Bytes a value of a binary number VR (US, SS, UL, SL, FL, FD, SV, UV) takes; 0 for other VRs, the "Other" ones (bytes
        /// to pydicom) and AT (a tag) included.
        /// </summary>
        internal static int NumberSize(DicomVR vr) => vr.Descriptor.IsOther || vr == DicomVR.AT ? 0 : vr.Descriptor.UnitSize;

        /// <summary>
        /// The values deid's <c>%values FIELD</c> collects from an element: each value of a multi-valued element, or the value
        /// (printed with <c>str()</c>); nothing for an empty value. Null for sequences and values not read.
        /// </summary>
        public static List<string>? FieldValues(DicomDataset holder, in DicomElement element)
        {
            var items = Items(holder, element, out bool multiple);
            if (items == null) return null;
            var result = new List<string>(items.Count);
            if (!multiple)
            {
                // deid skips a value equal to "" or None.
                if (items.Count == 1 && items[0].Text.Length > 0 && !items[0].IsNone) result.Add(items[0].Text);
                return result;
            }
            // deid also collects the empty values of a multi-valued element; an empty alternative in the values: regex would then
            // match every element, so we leave them out (docs/recipe-semantics.md §5).
            foreach (var item in items)
            {
                if (item.Text.Length > 0) result.Add(item.Text);
            }
            return result;
        }

        // A class, not a struct: List<T> over a struct of ours has no precompiled code (see HotPath); over a class it has.
        private sealed class Item
        {
            public Item(string text, bool isPythonStr, bool isNone = false)
            {
                Text = text;
                IsPythonStr = isPythonStr;
                IsNone = isNone;
            }

            public string Text { get; }

            /// <summary>A Python str (repr-quoted in a list), as opposed to a number, name or tag object.</summary>
            public bool IsPythonStr { get; }

            public bool IsNone { get; }
        }

        [MethodImpl(HotPath.Optimized)]
        private static List<Item>? Items(DicomDataset holder, in DicomElement element, out bool multiple, DicomVR? readAs = null)
        {
            multiple = false;
            if (element.IsSequence || !element.IsLoaded) return null;
            var vr = readAs ?? DicomDataset.GetEffectiveVR(element);
            var raw = element.RawValue.Span;
            var items = new List<Item>();
            if (vr.IsString)
            {
                // pydicom: UI values are UID (a str), DS/IS keep their text, PN values are PersonName (printed without quotes).
                bool quoted = vr != DicomVR.PN && vr != DicomVR.DS && vr != DicomVR.IS;
                var values = holder.GetStrings(element, vr);
                multiple = values.Length > 1;
                if (vr == DicomVR.PN)
                {
                    // PersonName drops empty component groups at the end: "Wang^XiaoDong=王^小東=" prints without the last '='.
                    for (int i = 0; i < values.Length; i++) values[i] = values[i].TrimEnd('=');
                }
                if (!multiple && (vr == DicomVR.DS || vr == DicomVR.IS) && (values.Length == 0 || values[0].Length == 0))
                {
                    // pydicom treats DS and IS "more like int/float than str": empty is None.
                    items.Add(new Item("None", false, isNone: true));
                    return items;
                }
                foreach (var v in values) items.Add(new Item(v, quoted));
                return items;
            }
            if (raw.IsEmpty)
            {
                items.Add(new Item("None", false, isNone: true));
                return items;
            }
            bool big = holder.Encoding.IsBigEndian;
            if (vr == DicomVR.AT)
            {
                for (int i = 0; i + 4 <= raw.Length; i += 4)
                {
                    ushort g = big ? BinaryPrimitives.ReadUInt16BigEndian(raw.Slice(i)) : BinaryPrimitives.ReadUInt16LittleEndian(raw.Slice(i));
                    ushort e = big ? BinaryPrimitives.ReadUInt16BigEndian(raw.Slice(i + 2)) : BinaryPrimitives.ReadUInt16LittleEndian(raw.Slice(i + 2));
                    items.Add(new Item(string.Format(CultureInfo.InvariantCulture, "({0:X4},{1:X4})", g, e), false));
                }
                multiple = items.Count > 1;
                return items;
            }
            int size = NumberSize(vr);
            if (size == 0)
            {
                // OB, OW, OF, OD, OL, OV, UN: pydicom keeps the bytes.
                items.Add(new Item(BytesRepr(raw), false));
                return items;
            }
            for (int i = 0; i + size <= raw.Length; i += size)
            {
                var s = raw.Slice(i, size);
                string text;
                if (vr == DicomVR.US) text = (big ? BinaryPrimitives.ReadUInt16BigEndian(s) : BinaryPrimitives.ReadUInt16LittleEndian(s)).ToString(CultureInfo.InvariantCulture);
                else if (vr == DicomVR.SS) text = (big ? BinaryPrimitives.ReadInt16BigEndian(s) : BinaryPrimitives.ReadInt16LittleEndian(s)).ToString(CultureInfo.InvariantCulture);
                else if (vr == DicomVR.UL) text = (big ? BinaryPrimitives.ReadUInt32BigEndian(s) : BinaryPrimitives.ReadUInt32LittleEndian(s)).ToString(CultureInfo.InvariantCulture);
                else if (vr == DicomVR.SL) text = (big ? BinaryPrimitives.ReadInt32BigEndian(s) : BinaryPrimitives.ReadInt32LittleEndian(s)).ToString(CultureInfo.InvariantCulture);
                else if (vr == DicomVR.UV) text = (big ? BinaryPrimitives.ReadUInt64BigEndian(s) : BinaryPrimitives.ReadUInt64LittleEndian(s)).ToString(CultureInfo.InvariantCulture);
                else if (vr == DicomVR.SV) text = (big ? BinaryPrimitives.ReadInt64BigEndian(s) : BinaryPrimitives.ReadInt64LittleEndian(s)).ToString(CultureInfo.InvariantCulture);
                else if (vr == DicomVR.FL) text = FloatRepr(Single(big ? BinaryPrimitives.ReadInt32BigEndian(s) : BinaryPrimitives.ReadInt32LittleEndian(s)));
                else text = FloatRepr(BitConverter.Int64BitsToDouble(big ? BinaryPrimitives.ReadInt64BigEndian(s) : BinaryPrimitives.ReadInt64LittleEndian(s)));
                items.Add(new Item(text, false));
            }
            multiple = items.Count > 1;
            return items;
        }

        private static float Single(int bits)
        {
            var bytes = BitConverter.GetBytes(bits);
            return BitConverter.ToSingle(bytes, 0);
        }

        /// <summary>Python's <c>repr(float)</c>: the shortest round-trip digits, fixed notation for 1e-4 &lt;= |x| &lt; 1e16 (with ".0" when integral), else <c>1e-05</c>/<c>1.5e+16</c>.</summary>
        public static string FloatRepr(double value)
        {
            if (double.IsNaN(value)) return "nan";
            if (double.IsPositiveInfinity(value)) return "inf";
            if (double.IsNegativeInfinity(value)) return "-inf";
            string r = value.ToString("R", CultureInfo.InvariantCulture);
            bool negative = r.StartsWith("-", StringComparison.Ordinal);
            if (negative) r = r.Substring(1);
            int exponent = 0;
            int e = r.IndexOfAny(new[] { 'E', 'e' });
            if (e >= 0)
            {
                exponent = int.Parse(r.Substring(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
                r = r.Substring(0, e);
            }
            int point = r.IndexOf('.');
            string digits = point < 0 ? r : r.Remove(point, 1);
            int decpt = (point < 0 ? r.Length : point) + exponent; // value = 0.digits * 10^decpt
            int lead = 0;
            while (lead < digits.Length - 1 && digits[lead] == '0')
            {
                lead++;
                decpt--;
            }
            digits = digits.Substring(lead).TrimEnd('0');
            string sign = negative ? "-" : "";
            if (digits.Length == 0) return sign + "0.0";
            string body;
            if (decpt > -4 && decpt <= 16)
            {
                if (decpt <= 0) body = "0." + new string('0', -decpt) + digits;
                else if (decpt >= digits.Length) body = digits + new string('0', decpt - digits.Length) + ".0";
                else body = digits.Substring(0, decpt) + "." + digits.Substring(decpt);
            }
            else
            {
                int exp = decpt - 1;
                body = digits.Substring(0, 1) + (digits.Length > 1 ? "." + digits.Substring(1) : "") + "e" + (exp < 0 ? "-" : "+") + Math.Abs(exp).ToString("00", CultureInfo.InvariantCulture);
            }
            return sign + body;
        }

        /// <summary>Python's <c>repr(bytes)</c>: <c>b'...'</c> with \t \n \r \\ escapes and \xNN for bytes outside printable ASCII.</summary>
        public static string BytesRepr(ReadOnlySpan<byte> bytes)
        {
            bool hasSingle = bytes.IndexOf((byte)'\'') >= 0, hasDouble = bytes.IndexOf((byte)'"') >= 0;
            char quote = hasSingle && !hasDouble ? '"' : '\'';
            var sb = new StringBuilder(bytes.Length + 3).Append('b').Append(quote);
            foreach (byte b in bytes)
            {
                if (b == quote || b == '\\') sb.Append('\\').Append((char)b);
                else if (b == '\t') sb.Append("\\t");
                else if (b == '\n') sb.Append("\\n");
                else if (b == '\r') sb.Append("\\r");
                else if (b < 0x20 || b >= 0x7F) sb.Append("\\x").Append(b.ToString("x2", CultureInfo.InvariantCulture));
                else sb.Append((char)b);
            }
            return sb.Append(quote).ToString();
        }

        /// <summary>Python's <c>repr(str)</c>: quoted, with escapes for backslashes, the quote and characters Python does not print.</summary>
        public static string Repr(string text)
        {
            bool hasSingle = text.IndexOf('\'') >= 0, hasDouble = text.IndexOf('"') >= 0;
            char quote = hasSingle && !hasDouble ? '"' : '\'';
            var sb = new StringBuilder(text.Length + 2).Append(quote);
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                if (c == quote || c == '\\') sb.Append('\\').Append(c);
                else if (c == '\t') sb.Append("\\t");
                else if (c == '\n') sb.Append("\\n");
                else if (c == '\r') sb.Append("\\r");
                else if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                {
                    sb.Append(c).Append(text[i + 1]);
                    i++;
                }
                else if (!IsPrintable(c))
                {
                    if (c < 0x100) sb.Append("\\x").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture));
                    else sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                }
                else sb.Append(c);
            }
            return sb.Append(quote).ToString();
        }

        /// <summary>Python's str.isprintable() for one character: not a control, format, surrogate, private-use, unassigned or separator (except the space).</summary>
        private static bool IsPrintable(char c)
        {
            if (c == ' ') return true;
            switch (CharUnicodeInfo.GetUnicodeCategory(c))
            {
                case UnicodeCategory.Control:
                case UnicodeCategory.Format:
                case UnicodeCategory.Surrogate:
                case UnicodeCategory.PrivateUse:
                case UnicodeCategory.OtherNotAssigned:
                case UnicodeCategory.LineSeparator:
                case UnicodeCategory.ParagraphSeparator:
                case UnicodeCategory.SpaceSeparator:
                    return false;
                default:
                    return true;
            }
        }
    }
}
