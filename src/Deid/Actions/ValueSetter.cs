using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using Deid.Dicom;

namespace Deid.Actions
{
    /// <summary>
    /// Writes a resolved action value into an element, typed by the element's VR as deid's <c>convert_value</c> types it: FL/FD
    /// take numbers, the integer VRs integers, OB/OW/UN/... the text's UTF-8 bytes, text VRs the text (several values joined by
    /// backslashes). A value the VR cannot take is reported, and the element is left as it was; text the file's character set
    /// cannot hold switches the file to UTF-8 (<see cref="Utf8Conversion"/>).
    /// </summary>
    internal static class ValueSetter
    {
        /// <summary>Sets <paramref name="value"/> into (<paramref name="tag"/>, <paramref name="vr"/>) of <paramref name="dataset"/>.</summary>
        /// <returns>Null on success, else why the value was not set.</returns>
        [MethodImpl(HotPath.Optimized)]
        public static string? TrySet(DicomDataset dataset, DicomTag tag, DicomVR vr, object value)
        {
            if (value == null) throw new ArgumentNullException(nameof(value));
            try
            {
                var descriptor = vr.Descriptor;
                if (descriptor.ValueKind == DicomValueKind.Sequence) return $"{tag} is a sequence; a value cannot replace its items.";
                if (value is byte[] bytes)
                {
                    dataset.SetRawValue(tag, vr, (byte[])bytes.Clone());
                    return null;
                }
                var items = Items(value);
                switch (descriptor.ValueKind)
                {
                    case DicomValueKind.Text:
                        {
                            var texts = new List<string>(items.Count);
                            foreach (var item in items) texts.Add(Text(item, vr));
                            string text = string.Join("\\", texts);
                            if (descriptor.IsNumberText)
                            {
                                // pydicom refuses text that is no number for DS (deid stops) and writes a decimal into IS; neither is valid.
                                foreach (var part in text.Split('\\'))
                                {
                                    if (!descriptor.IsValidValue(part)) return $"'{part}' is not a valid {vr} value for element {tag}.";
                                }
                            }
                            try
                            {
                                dataset.SetString(tag, vr, text);
                            }
                            catch (ArgumentException ex) when (vr.UsesSpecificCharacterSet && DicomCharacterSet.Utf8.CanEncode(text, vr))
                            {
                                // A value the file's character set cannot hold (Müller into a file of the default repertoire)
                                // switches the file to UTF-8, its other text rewritten to read the same, rather than losing the
                                // element. Tried only on failure: a value is encoded once on the common path.
                                if (!Utf8Conversion.TryConvert(dataset, out string? refusal)) throw new ArgumentException($"{ex.Message} The file was not switched to UTF-8: {refusal}.", ex);
                                dataset.SetString(tag, vr, text);
                            }
                            return null;
                        }
                    case DicomValueKind.Tag:
                        {
                            var tags = new double[items.Count];
                            for (int i = 0; i < items.Count; i++)
                            {
                                if (items[i] is DicomTag t) tags[i] = t.Value;
                                else if (DicomTag.TryParse(Convert.ToString(items[i], CultureInfo.InvariantCulture), out var parsed)) tags[i] = parsed.Value;
                                else return $"'{items[i]}' is not a tag for AT element {tag}.";
                            }
                            dataset.SetNumbers(tag, vr, tags);
                            return null;
                        }
                    case DicomValueKind.Float:
                        {
                            var numbers = new double[items.Count];
                            for (int i = 0; i < items.Count; i++)
                            {
                                if (!TryDouble(items[i], out numbers[i])) return $"'{items[i]}' is not a number for {vr} element {tag}.";
                            }
                            dataset.SetNumbers(tag, vr, numbers);
                            return null;
                        }
                    case DicomValueKind.Integer:
                        {
                            var numbers = new double[items.Count];
                            for (int i = 0; i < items.Count; i++)
                            {
                                if (!PythonConversions.TryInteger(items[i], out numbers[i])) return $"'{items[i]}' is not an integer for {vr} element {tag}.";
                            }
                            dataset.SetNumbers(tag, vr, numbers);
                            return null;
                        }
                    default:
                        {
                            // OB, OW, OL, OV, UN and unknown: deid writes the text's UTF-8 bytes.
                            var joined = new List<string>(items.Count);
                            foreach (var item in items) joined.Add(Text(item, vr));
                            dataset.SetRawValue(tag, vr, Encoding.UTF8.GetBytes(string.Join("\\", joined)));
                            return null;
                        }
                }
            }
            catch (ArgumentException ex)
            {
                return ex.Message;
            }
            catch (OverflowException)
            {
                return $"'{value}' does not fit {vr} element {tag}.";
            }
            catch (InvalidCastException)
            {
                // A value of no number (an IConvertible that refuses, as DBNull does) where the VR takes numbers.
                return $"'{value}' is not a number for {vr} element {tag}.";
            }
        }

        [MethodImpl(HotPath.Optimized)]
        private static List<object> Items(object value)
        {
            var list = new List<object>();
            if (value is string || value is byte[] || !(value is IEnumerable e))
            {
                list.Add(value);
                return list;
            }
            foreach (var item in e)
            {
                if (item != null) list.Add(item);
            }
            return list;
        }

        /// <summary>PS3.5 Table 6.2-1: a DS is a decimal number in at most 16 characters, an IS an integer in at most 12 within ±2^31.</summary>
        [MethodImpl(HotPath.Optimized)]
        internal static bool IsNumberString(string value, DicomVR vr) => vr.Descriptor.IsValidValue(value);

        /// <summary>The text of one value: invariant numbers, DICOM date/time forms for DateTime, else ToString.</summary>
        [MethodImpl(HotPath.Optimized)]
        internal static string Text(object item, DicomVR vr)
        {
            if (vr == DicomVR.DS && (item is double || item is float))
            {
                // A DS holds 16 characters: the shortest round-trip form, else fewer significant digits.
                double d = Convert.ToDouble(item, CultureInfo.InvariantCulture);
                string r = d.ToString("R", CultureInfo.InvariantCulture);
                for (int digits = 15; r.Length > 16 && digits > 0; digits--) r = d.ToString("G" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
                return r;
            }
            switch (item)
            {
                case string s:
                    return s;
                case DateTime d:
                    if (vr == DicomVR.DA) return d.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
                    if (vr == DicomVR.TM) return d.ToString("HHmmss", CultureInfo.InvariantCulture);
                    return d.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);
                case DateTimeOffset o:
                    return Text(o.DateTime, vr);
                case double dbl:
                    return dbl.ToString("R", CultureInfo.InvariantCulture);
                case float f:
                    return f.ToString("R", CultureInfo.InvariantCulture);
                case IFormattable formattable:
                    return formattable.ToString(null, CultureInfo.InvariantCulture);
                default:
                    return item.ToString() ?? string.Empty;
            }
        }

        [MethodImpl(HotPath.Optimized)]
        private static bool TryDouble(object item, out double value)
        {
            switch (item)
            {
                case string s:
                    return double.TryParse(s.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out value);
                case IConvertible c when !(item is bool) && !(item is DateTime) && !(item is char):
                    value = c.ToDouble(CultureInfo.InvariantCulture);
                    return true;
                default:
                    value = 0;
                    return false;
            }
        }
    }
}
