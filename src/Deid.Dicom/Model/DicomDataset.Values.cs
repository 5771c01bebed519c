using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;

namespace Deid.Dicom
{
    public sealed partial class DicomDataset
    {
        /// <summary>
        /// The VR to decode an element's value with: its own VR, except that UN of a tag the dictionary knows is
        /// decoded with the dictionary's VR, as pydicom does, so that such values read as what they are.
        /// </summary>
        [MethodImpl(HotPath.Optimized)]
        public static DicomVR GetEffectiveVR(in DicomElement element)
        {
            if (element.VR != DicomVR.UN || element.Tag.IsPrivate || !element.IsLoaded) return element.VR;
            var vr = DicomDictionary.GetVR(element.Tag);
            return vr == DicomVR.SQ || vr == DicomVR.None ? DicomVR.UN : vr;
        }

        /// <summary>
        /// The value of <paramref name="tag"/> as text: decoded with the character set for text VRs (padding trimmed,
        /// values joined by backslashes), numbers in invariant form joined by backslashes. Null when absent, a
        /// sequence, or not loaded.
        /// </summary>
        [MethodImpl(HotPath.Optimized)]
        public string? GetString(DicomTag tag)
        {
            int i = IndexOf(tag);
            return i < 0 ? null : GetString(_elements[i]);
        }

        /// <summary>The value of <paramref name="element"/> (an element of this dataset) as text; see <see cref="GetString(DicomTag)"/>.</summary>
        [MethodImpl(HotPath.Optimized)]
        public string? GetString(in DicomElement element)
        {
            if (!element.IsLoaded) return null;
            var values = GetStrings(element);
            return values.Length == 1 ? values[0] : string.Join("\\", values);
        }

        /// <summary>The values of <paramref name="tag"/> as strings (one per value); empty when absent or empty.</summary>
        [MethodImpl(HotPath.Optimized)]
        public string[] GetStrings(DicomTag tag)
        {
            int i = IndexOf(tag);
            return i < 0 ? Array.Empty<string>() : GetStrings(_elements[i]);
        }

        /// <summary>
        /// The VR a standard attribute's value is read by: the dictionary's when it is text and the element says a VR that is
        /// not (PatientID written as CS or OB, a writer's mistake: the bytes are still the ID), else <see cref="GetEffectiveVR"/>.
        /// For finding what identifies someone, which must not depend on how a writer labelled the value.
        /// </summary>
        public static DicomVR GetAttributeVR(in DicomElement element)
        {
            var vr = GetEffectiveVR(element);
            if (element.Tag.IsPrivate || element.IsSequence) return vr;
            var own = DicomDictionary.GetVR(element.Tag);
            return own != vr && own != DicomVR.None && own.Descriptor.IsText && own != DicomVR.CS && vr != DicomVR.PN
                && (!vr.Descriptor.IsText || vr == DicomVR.CS) ? own : vr;
        }

        /// <summary>The values of <paramref name="element"/> (an element of this dataset) as strings.</summary>
        [MethodImpl(HotPath.Optimized)]
        public string[] GetStrings(in DicomElement element) => GetStrings(element, GetEffectiveVR(element));

        /// <summary>The values of <paramref name="element"/> (an element of this dataset) as strings, read as <paramref name="vr"/> (<see cref="GetAttributeVR"/>).</summary>
        [MethodImpl(HotPath.Optimized)]
        public string[] GetStrings(in DicomElement element, DicomVR vr)
        {
            if (!element.IsLoaded) return Array.Empty<string>();
            var raw = element.Raw.Span;
            if (raw.IsEmpty) return Array.Empty<string>();
            var d = vr.Descriptor;
            if (d.IsText)
            {
                if (!d.UsesSpecificCharacterSet) return DicomValueDecoder.SplitRawStrings(raw, vr);
                return DicomValueDecoder.SplitValues(CharacterSet.Decode(raw, vr), vr);
            }
            if (d.NumberType == DicomNumberType.Tag)
            {
                var tags = DicomValueDecoder.DecodeTags(raw, Encoding.IsBigEndian);
                var s = new string[tags.Length];
                for (int i = 0; i < tags.Length; i++) s[i] = tags[i].ToString();
                return s;
            }
            if (d.Is64BitInteger)
            {
                // 64-bit integers do not fit a double's 53-bit mantissa: decode and format them exactly.
                var integers = DicomValueDecoder.DecodeIntegers(raw, vr, Encoding.IsBigEndian);
                var s = new string[integers.Length];
                for (int i = 0; i < integers.Length; i++)
                {
                    s[i] = d.NumberType == DicomNumberType.Int64
                        ? integers[i].ToString(System.Globalization.CultureInfo.InvariantCulture)
                        : unchecked((ulong)integers[i]).ToString(System.Globalization.CultureInfo.InvariantCulture);
                }
                return s;
            }
            if (d.IsBinaryNumber)
            {
                var numbers = DicomValueDecoder.DecodeNumbers(raw, vr, Encoding.IsBigEndian);
                var s = new string[numbers.Length];
                for (int i = 0; i < numbers.Length; i++) s[i] = DicomValueDecoder.FormatNumber(numbers[i], vr);
                return s;
            }
            // OB, UN and anything unknown: not text; shown as bytes by callers that want a display form.
            return Array.Empty<string>();
        }

        /// <summary>The numbers of a binary-VR element, or of a DS/IS element parsed; null when absent or not numeric.</summary>
        [MethodImpl(HotPath.Optimized)]
        public double[]? GetNumbers(DicomTag tag)
        {
            int i = IndexOf(tag);
            if (i < 0 || !_elements[i].IsLoaded) return null;
            var e = _elements[i];
            var vr = GetEffectiveVR(e);
            var d = vr.Descriptor;
            if (d.IsBinaryNumber) return DicomValueDecoder.DecodeNumbers(e.Raw.Span, vr, Encoding.IsBigEndian);
            if (d.IsNumberText)
            {
                var strings = GetStrings(e);
                var result = new double[strings.Length];
                for (int k = 0; k < strings.Length; k++)
                {
                    if (!double.TryParse(strings[k], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out result[k])) return null;
                }
                return result;
            }
            return null;
        }

        /// <summary>The first number of <paramref name="tag"/> as an integer, when present and numeric.</summary>
        [MethodImpl(HotPath.Optimized)]
        public bool TryGetInteger(DicomTag tag, out long value)
        {
            var n = GetNumbers(tag);
            if (n != null && n.Length > 0 && !double.IsNaN(n[0]))
            {
                value = (long)n[0];
                return true;
            }
            value = 0;
            return false;
        }

        /// <summary>
        /// The value as a .NET object, for display and scripting: a string or string[] for text, a number or number[]
        /// (ushort, short, uint, int, long, ulong, float, double) for binary VRs, <see cref="DicomTag"/>(s) for AT,
        /// the <see cref="DicomSequence"/> for SQ, byte[] for small OB/UN, and the <see cref="DicomValueRef"/> or
        /// <see cref="DicomFragments"/> for values left in the source. Null when absent.
        /// </summary>
        [MethodImpl(HotPath.Optimized)]
        public object? GetValue(DicomTag tag)
        {
            int i = IndexOf(tag);
            return i < 0 ? null : GetValue(_elements[i]);
        }

        /// <summary>The value of <paramref name="element"/> as a .NET object; see <see cref="GetValue(DicomTag)"/>.</summary>
        [MethodImpl(HotPath.Optimized)]
        public object? GetValue(in DicomElement element) => GetValue(element, GetEffectiveVR(element));

        /// <summary>
        /// The value of <paramref name="element"/> read as <paramref name="vr"/> (a private value stored as UN, read by the VR its
        /// creator's dictionary gives it); see <see cref="GetValue(DicomTag)"/>.
        /// </summary>
        [MethodImpl(HotPath.Optimized)]
        public object? GetValue(in DicomElement element, DicomVR vr)
        {
            if (element.Payload != null) return element.Payload;
            var d = vr.Descriptor;
            var raw = element.Raw.Span;
            if (d.IsText)
            {
                var values = GetStrings(element, vr);
                return values.Length == 0 ? string.Empty : values.Length == 1 ? values[0] : (object)values;
            }
            if (d.NumberType == DicomNumberType.Tag)
            {
                var tags = DicomValueDecoder.DecodeTags(raw, Encoding.IsBigEndian);
                return tags.Length == 1 ? tags[0] : (object)tags;
            }
            // The "Other" VRs (OB, OW, OF, OD, OL, OV) are one stream, usually bulk data: bytes, not a boxed number each.
            if (d.IsOther || d.NumberType == DicomNumberType.None) return raw.ToArray();
            if (d.Is64BitInteger)
            {
                // Exactly, not through a double (which holds only 53 bits).
                var integers = DicomValueDecoder.DecodeIntegers(raw, vr, Encoding.IsBigEndian);
                if (integers.Length == 0) return null;
                var boxed = new object[integers.Length];
                for (int k = 0; k < integers.Length; k++) boxed[k] = d.NumberType == DicomNumberType.Int64 ? integers[k] : (object)unchecked((ulong)integers[k]);
                return boxed.Length == 1 ? boxed[0] : boxed;
            }
            var numbers = DicomValueDecoder.DecodeNumbers(raw, vr, Encoding.IsBigEndian);
            if (numbers.Length == 0) return null;
            if (numbers.Length == 1) return Box(numbers[0], d.NumberType);
            var boxedNumbers = new object[numbers.Length];
            for (int k = 0; k < numbers.Length; k++) boxedNumbers[k] = Box(numbers[k], d.NumberType);
            return boxedNumbers;
        }

        /// <summary>A decoded number as the .NET type of the VR's binary value (ushort for US, float for FL, ...).</summary>
        [MethodImpl(HotPath.Optimized)]
        private static object Box(double v, DicomNumberType type)
        {
            switch (type)
            {
                case DicomNumberType.UInt16: return (ushort)v;
                case DicomNumberType.Int16: return (short)v;
                case DicomNumberType.UInt32: return (uint)v;
                case DicomNumberType.Int32: return (int)v;
                case DicomNumberType.Int64: return (long)v;
                case DicomNumberType.UInt64: return (ulong)v;
                case DicomNumberType.Float32: return (float)v;
                default: return v;
            }
        }

        /// <summary>The first value of a DA element as a date, when present and valid.</summary>
        [MethodImpl(HotPath.Optimized)]
        public bool TryGetDate(DicomTag tag, out DateTime date) => DicomDateTime.TryParseDate(FirstString(tag), out date);

        /// <summary>The first value of a TM element as a time of day, when present and valid.</summary>
        [MethodImpl(HotPath.Optimized)]
        public bool TryGetTime(DicomTag tag, out TimeSpan time) => DicomDateTime.TryParseTime(FirstString(tag), out time);

        /// <summary>The first value of a DT element, when present and valid (its own offset, or zero when it has none).</summary>
        [MethodImpl(HotPath.Optimized)]
        public bool TryGetDateTime(DicomTag tag, out DateTimeOffset value) => DicomDateTime.TryParseDateTime(FirstString(tag), out value, out _);

        /// <summary>The values of a PN element split into component groups and components.</summary>
        [MethodImpl(HotPath.Optimized)]
        public DicomPersonName[] GetPersonNames(DicomTag tag)
        {
            var values = GetStrings(tag);
            var names = new DicomPersonName[values.Length];
            for (int i = 0; i < values.Length; i++) names[i] = DicomPersonName.Parse(values[i]);
            return names;
        }

        [MethodImpl(HotPath.Optimized)]
        private string? FirstString(DicomTag tag)
        {
            var values = GetStrings(tag);
            return values.Length > 0 ? values[0] : null;
        }

        /// <summary>
        /// The private creator that owns a private data element's block ((gggg,00xx) for (gggg,xxee)), trimmed; null
        /// when the tag is not a private data element or its creator is missing.
        /// </summary>
        [MethodImpl(HotPath.Optimized)]
        public string? GetPrivateCreator(DicomTag tag)
        {
            if (!tag.IsPrivate || tag.Element < 0x1000) return null;
            return GetString(tag.GetPrivateCreatorTag());
        }

        /// <summary>
        /// Finds the element (gggg,xxee) of a private block by creator and the element's offset within the block,
        /// as recipes name private elements; returns false when the creator reserves no block in the group.
        /// </summary>
        [MethodImpl(HotPath.Optimized)]
        public bool TryFindPrivateTag(ushort group, string creator, byte elementOffset, out DicomTag tag)
        {
            for (ushort block = 0x10; block <= 0xFF; block++)
            {
                var creatorTag = new DicomTag(group, block);
                int i = IndexOf(creatorTag);
                if (i < 0) continue;
                var value = GetString(_elements[i]);
                if (value != null && string.Equals(value.Trim(), creator.Trim(), StringComparison.Ordinal))
                {
                    tag = new DicomTag(group, (ushort)((block << 8) | elementOffset));
                    return true;
                }
            }
            tag = default;
            return false;
        }

        /// <summary>Every element of this dataset and of all nested items, depth first, with the dataset holding each.</summary>
        public IEnumerable<(DicomDataset Dataset, DicomElement Element)> EnumerateRecursive()
        {
            for (int i = 0; i < _count; i++)
            {
                var e = _elements[i];
                yield return (this, e);
                if (e.Payload is DicomSequence seq)
                {
                    foreach (var item in seq)
                    {
                        foreach (var inner in item.EnumerateRecursive()) yield return inner;
                    }
                }
            }
        }
    }
}
