using System;
using System.Collections.Generic;
using System.Globalization;
using Deid.Dicom;

namespace Deid.Inspection
{
    /// <summary>
    /// Values as PowerShell scripts want them on Get-DicomDataset and Get-DicomIdentifier objects: IS and DS parsed to numbers
    /// (so <c>Sort-Object InstanceNumber</c> sorts 1, 2, …, 10), binary numbers as their type, several values as a
    /// <see cref="DicomMultiValue{T}"/>; text, dates and times stay text. A date's companion <c>&lt;Keyword&gt;AsDateTime</c> is a
    /// [datetime] (see <see cref="ToDateTime"/>). deid's own values (Fields, what recipes match) never pass through here.
    /// </summary>
    public static class ScriptValue
    {
        /// <summary>The suffix of a date's [datetime] companion property: StudyDate → StudyDateAsDateTime.</summary>
        public const string DateTimeSuffix = "AsDateTime";

        /// <summary>
        /// <paramref name="value"/> (as <see cref="DicomDataset.GetValue(in DicomElement)"/> gives it) typed for scripts: IS → int
        /// (long past its range), DS → double, an empty IS or DS → null, a value that is not a valid number stays its text;
        /// several numbers or texts → <see cref="DicomMultiValue{T}"/>; AT → the tag's text (several: a list of them); a value left in
        /// the file → a <see cref="DicomBulkValue"/>. Anything else is returned as it is.
        /// </summary>
        [System.Runtime.CompilerServices.MethodImpl(HotPath.Optimized)]
        public static object? Convert(DicomVR vr, object? value)
        {
            switch (value)
            {
                // AT values as their text, "(0018,1063)": the same in a script, a CSV cell and JSON (a DicomTag would be written
                // by ConvertTo-Json as an object nesting past its default depth).
                case DicomTag tag:
                    return tag.ToString();
                case DicomTag[] tags:
                    return tags.Length > 1 ? new DicomMultiValue<string>(Array.ConvertAll(tags, t => t.ToString())) : (object)Array.ConvertAll(tags, t => t.ToString());
                // Values left in the file: their length and place, never the codec's objects (which hold the bytes).
                case DicomValueRef reference:
                    return DicomBulkValue.From(reference);
                case DicomFragments fragments:
                    return DicomBulkValue.From(fragments);
            }
            if (vr == DicomVR.IS || vr == DicomVR.DS)
            {
                switch (value)
                {
                    case string s:
                        return s.Trim().Length == 0 ? null : ParseNumber(vr, s) ?? s;
                    case string[] many:
                        return ParseNumbers(vr, many) ?? Texts(many);
                    default:
                        return value;
                }
            }
            if (value is object[] boxed && boxed.Length > 0 && vr.Descriptor.IsBinaryNumber) return Typed(boxed);
            if (value is string[] texts) return Texts(texts);
            return value;
        }

        /// <summary>
        /// A date as a [datetime]: a DA value (with the time of <paramref name="time"/>, the paired TM value such as StudyTime for
        /// StudyDate, when it is valid), or a DT value as the clock time written (an offset it carries is not applied). Null for
        /// any other VR, an empty or invalid value, or several values; never an exception.
        /// </summary>
        public static DateTime? ToDateTime(DicomVR vr, object? value, object? time = null)
        {
            if (!(value is string text)) return null;
            if (vr == DicomVR.DA)
            {
                if (!DicomDateTime.TryParseDate(text.Trim(), out var date)) return null;
                if (time is string t && DicomDateTime.TryParseTime(t.Trim(), out var of) && of < TimeSpan.FromDays(1)) date = date.Add(of);
                return date;
            }
            if (vr == DicomVR.DT && DicomDateTime.TryParseDateTime(text.Trim(), out var moment, out _)) return moment.DateTime;
            return null;
        }

        /// <summary>The keyword of the TM element paired with a DA keyword (StudyDate → StudyTime), or null.</summary>
        public static string? PairedTimeKeyword(string dateKeyword) =>
            dateKeyword.EndsWith("Date", StringComparison.Ordinal) ? dateKeyword.Substring(0, dateKeyword.Length - 4) + "Time" : null;

        /// <summary>
        /// The script properties of one level of a dataset: each (keyword, VR, value) typed by <see cref="Convert"/>, and after
        /// each DA or DT element its <c>&lt;Keyword&gt;AsDateTime</c> companion (null when the date is not valid).
        /// </summary>
        // Made whole rather than yielded: a compiler-made enumerator cannot be marked HotPath, and under pwsh it ran as tiered
        // PGO's instrumented code for every object of a Get-DicomIdentifier or Get-DicomDataset run (see HotPath).
        public static IEnumerable<KeyValuePair<string, object?>> Properties(IReadOnlyList<KeyValuePair<string, KeyValuePair<DicomVR, object?>>> elements) =>
            PropertyList(elements ?? throw new ArgumentNullException(nameof(elements)));

        /// <summary><see cref="Properties"/> as the list it is made into.</summary>
        [System.Runtime.CompilerServices.MethodImpl(HotPath.Optimized)]
        internal static List<KeyValuePair<string, object?>> PropertyList(IReadOnlyList<KeyValuePair<string, KeyValuePair<DicomVR, object?>>> elements)
        {
            Dictionary<string, KeyValuePair<DicomVR, object?>>? times = null;
            for (int i = 0; i < elements.Count; i++)
            {
                var e = elements[i];
                if (e.Value.Key != DicomVR.TM) continue;
                times ??= new Dictionary<string, KeyValuePair<DicomVR, object?>>(StringComparer.Ordinal);
                times[e.Key] = e.Value;
            }
            var properties = new List<KeyValuePair<string, object?>>(elements.Count + 8);
            for (int i = 0; i < elements.Count; i++)
            {
                var e = elements[i];
                var vr = e.Value.Key;
                properties.Add(new KeyValuePair<string, object?>(e.Key, Convert(vr, e.Value.Value)));
                if (vr != DicomVR.DA && vr != DicomVR.DT) continue;
                object? time = null;
                string? paired = vr == DicomVR.DA ? PairedTimeKeyword(e.Key) : null;
                if (paired != null && times != null && times.TryGetValue(paired, out var t)) time = t.Value;
                properties.Add(new KeyValuePair<string, object?>(e.Key + DateTimeSuffix, ToDateTime(vr, e.Value.Value, time)));
            }
            return properties;
        }

        private static object? ParseNumber(DicomVR vr, string s)
        {
            s = s.Trim();
            if (!IsNumberText(s)) return null;
            if (vr == DicomVR.IS)
            {
                if (int.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int i)) return i;
                if (long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long l)) return l;
                return null;
            }
            return double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) ? d : (object?)null;
        }

        // Only the characters DS and IS allow: double.TryParse would also take "NaN", "Infinity" and thousands separators.
        private static bool IsNumberText(string s)
        {
            if (s.Length == 0) return false;
            foreach (char c in s)
            {
                if (!((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.' || c == 'e' || c == 'E')) return false;
            }
            return true;
        }

        private static object? ParseNumbers(DicomVR vr, string[] texts)
        {
            var parsed = new object[texts.Length];
            for (int i = 0; i < texts.Length; i++)
            {
                var n = ParseNumber(vr, texts[i]);
                if (n == null) return null;
                parsed[i] = n;
            }
            return Typed(parsed);
        }

        // Boxed numbers of one VR as a typed list; IS values of which one needs a long make the whole list long.
        private static object Typed(object[] values)
        {
            bool anyLong = false;
            foreach (var v in values) anyLong |= v is long;
            switch (values[0])
            {
                case int _ when !anyLong: return Typed<int>(values);
                case int _:
                case long _: return new DicomMultiValue<long>(Array.ConvertAll(values, v => System.Convert.ToInt64(v, CultureInfo.InvariantCulture)));
                case double _: return Typed<double>(values);
                case float _: return Typed<float>(values);
                case ushort _: return Typed<ushort>(values);
                case short _: return Typed<short>(values);
                case uint _: return Typed<uint>(values);
                case ulong _: return Typed<ulong>(values);
                default: return values;
            }
        }

        // Several text values as a list that prints DICOM's way (ORIGINAL\PRIMARY): a string[] exported by Export-Csv as its
        // type name, System.String[] (QA round 3). One value stays the string[] it was.
        private static object Texts(string[] values) => values.Length > 1 ? new DicomMultiValue<string>(values) : values;

        private static DicomMultiValue<T> Typed<T>(object[] values) => new DicomMultiValue<T>(Array.ConvertAll(values, v => (T)v));
    }
}
