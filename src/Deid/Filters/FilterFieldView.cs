using System;
using System.Globalization;
using System.Text;
using Deid.Dicom;
using Deid.Identifiers;

namespace Deid.Filters
{
    /// <summary>
    /// One field of one dataset as deid's filter tests see it (deid/dicom/filter.py): whether <c>missing</c> and <c>empty</c> hold,
    /// and the text <c>contains</c>/<c>equals</c> compare with: <c>str(value).lower().strip()</c>, null when deid skips the value
    /// (None). A multi-valued text, DS, IS or AT element is one contender printed as a Python list (<c>['original', 'primary']</c>):
    /// pydicom's MultiValue is not a <c>list</c>, so deid never looks at its values one by one. Multi-valued binary numbers are a
    /// plain <c>list</c> in pydicom 3, whose values deid compares one by one (<see cref="List"/>).
    /// </summary>
    internal readonly struct FilterFieldView
    {
        // pydicom's DataElement.__str__: the name padded or cut to 35 characters; byte values over 16 bytes summarised.
        private const int NameWidth = 35;
        private const int MaxBytesToDisplay = 16;

        private FilterFieldView(bool missing, bool empty, string? text, string[]? list = null)
        {
            Missing = missing;
            Empty = empty;
            Text = text;
            List = list;
        }

        /// <summary>The field is not in the dataset.</summary>
        public static FilterFieldView Absent => new FilterFieldView(true, false, null);

        /// <summary>
        /// A field whose element is there but was not read (Pixel Data of a file read up to it): present, not empty, no text, as a
        /// value left on disk.
        /// </summary>
        public static FilterFieldView Unread => new FilterFieldView(false, false, null);

        /// <summary>deid's <c>missing</c>: <c>Dataset.get(field)</c> is None — absent, or present with a None value (an empty number).</summary>
        public bool Missing { get; }

        /// <summary>deid's <c>empty</c>: present and falsy ("", None, 0, an empty sequence).</summary>
        public bool Empty { get; }

        /// <summary>The lower-cased, trimmed text deid compares; null when it compares nothing.</summary>
        public string? Text { get; }

        /// <summary>
        /// When the value is a plain Python list (multi-valued binary numbers, <c>AcquisitionMatrix</c>): its values, lower-cased
        /// and trimmed, each a contender deid compares on its own (<c>equals</c>/<c>contains</c> hold when one value does,
        /// <c>notequals</c>/<c>notcontains</c> when none does). Null otherwise: <see cref="Text"/> is then the one contender.
        /// </summary>
        public string[]? List { get; }

        /// <summary>A keyword's view: the element's value.</summary>
        public static FilterFieldView OfValue(DicomDataset holder, in DicomElement element)
        {
            if (element.IsSequence)
            {
                var seq = element.Sequence!;
                return new FilterFieldView(false, seq.Count == 0, Lower(SequenceStr(seq)));
            }
            if (IsNone(holder, element)) return new FilterFieldView(true, true, null);
            string? str = PythonValue.Str(holder, element);
            // A value left on disk (header-only read of a large value) is present and not empty; its text is unknown.
            if (str == null) return new FilterFieldView(false, false, null);
            var list = PythonValue.ListValues(holder, element);
            if (list != null)
            {
                for (int i = 0; i < list.Length; i++) list[i] = Lower(list[i]);
            }
            return new FilterFieldView(false, IsFalsy(holder, element, str), Lower(str), list);
        }

        /// <summary>A tag number's view: the DataElement itself, which is never None and empty only when its value is "".</summary>
        public static FilterFieldView OfElement(DicomDataset holder, in DicomElement element)
        {
            bool emptyText = !element.IsSequence && element.IsLoaded && DicomDataset.GetEffectiveVR(element).IsString
                && !IsNone(holder, element) && PythonValue.Str(holder, element)?.Length == 0;
            return new FilterFieldView(false, emptyText, Lower(ElementStr(holder, element)));
        }

        private static string Lower(string text) => text.ToLowerInvariant().Trim();

        // pydicom decodes an empty value of a non-text VR (numbers, bytes, AT) and of DS/IS to None.
        private static bool IsNone(DicomDataset holder, in DicomElement element)
        {
            if (element.IsSequence || !element.IsLoaded) return false;
            var vr = DicomDataset.GetEffectiveVR(element);
            if (!vr.IsString) return element.Length == 0;
            if (vr != DicomVR.DS && vr != DicomVR.IS) return false;
            var values = holder.GetStrings(element);
            return values.Length == 0 || (values.Length == 1 && values[0].Trim().Length == 0);
        }

        // Python truthiness of a single value: "" and numeric zero are false; a list of two values is true whatever they hold.
        private static bool IsFalsy(DicomDataset holder, in DicomElement element, string str)
        {
            if (str.Length == 0) return true;
            if (str.StartsWith("[", StringComparison.Ordinal)) return false;
            var vr = DicomDataset.GetEffectiveVR(element);
            bool numeric = vr == DicomVR.DS || vr == DicomVR.IS || vr == DicomVR.US || vr == DicomVR.SS || vr == DicomVR.UL
                || vr == DicomVR.SL || vr == DicomVR.FL || vr == DicomVR.FD || vr == DicomVR.SV || vr == DicomVR.UV;
            return numeric && double.TryParse(str, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) && d == 0;
        }

        // str(DataElement): "(gggg,eeee) Name-padded-to-35 VR: repr(value)".
        internal static string ElementStr(DicomDataset holder, in DicomElement element)
        {
            var vr = DicomDataset.GetEffectiveVR(element);
            var sb = new StringBuilder(80);
            sb.Append(element.Tag.ToString()).Append(' ');
            string name = ElementName(holder, element.Tag);
            if (name.Length > NameWidth) name = name.Substring(0, NameWidth);
            sb.Append(name.PadRight(NameWidth)).Append(' ').Append(vr.ToString()).Append(": ");
            return sb.Append(RepVal(holder, element, vr)).ToString();
        }

        private static string RepVal(DicomDataset holder, in DicomElement element, DicomVR vr)
        {
            if (element.IsSequence) return "<Sequence, length " + element.Sequence!.Count.ToString(CultureInfo.InvariantCulture) + ">";
            if (!element.IsLoaded) return "Array of " + UnloadedLength(element).ToString(CultureInfo.InvariantCulture) + " elements";
            if (IsNone(holder, element)) return "None";
            if (vr.Descriptor.IsBytes && element.Length > MaxBytesToDisplay)
                return "Array of " + element.Length.ToString(CultureInfo.InvariantCulture) + " elements";
            string str = PythonValue.Str(holder, element) ?? "";
            if (!vr.IsString || str.StartsWith("[", StringComparison.Ordinal)) return str;
            // A UID prints as its registered name; other strings as Python's repr.
            if (vr == DicomVR.UI && DicomUids.TryGet(str, out var info)) return info.Name;
            return PythonValue.Repr(str);
        }

        // len(value) of a value left on disk: its bytes; for encapsulated pixel data pydicom's value is the bytes of its items,
        // each item's 8-byte header included (the sequence delimiter is not).
        private static long UnloadedLength(in DicomElement element)
        {
            var fragments = element.Fragments;
            return fragments == null ? element.Length : fragments.TotalLength + 8L * fragments.Items.Count;
        }

        // DataElement.name: a private element whose creator is in its dataset is "[Name]" from the private dictionary when the
        // dictionary knows it, else "Private tag data"; without a creator, (gggg,00xx) is "Private Creator".
        private static string ElementName(DicomDataset holder, DicomTag tag)
        {
            if (tag.IsPrivate)
            {
                string? creator = holder.GetPrivateCreator(tag);
                if (!string.IsNullOrEmpty(creator))
                    return PrivateDictionary.TryGetEntry(creator, tag, out var p) ? "[" + p.Name + "]" : "Private tag data";
                return tag.Element >> 8 == 0 ? "Private Creator" : "Private tag data";
            }
            return DicomDictionary.TryGetEntry(tag, out var entry) ? entry.Name : "";
        }

        // str(Sequence): "[" + the str() of each item dataset + "]", each item one line per element (nested sequences shown as
        // their element line only; deid's sequence text is a dump nobody writes a filter against, kept close enough for regexes).
        private static string SequenceStr(DicomSequence sequence)
        {
            var sb = new StringBuilder("[");
            foreach (var item in sequence)
            {
                for (int i = 0; i < item.Count; i++)
                {
                    if (i > 0) sb.Append('\n');
                    sb.Append(ElementStr(item, item.ElementAt(i)));
                }
            }
            return sb.Append(']').ToString();
        }
    }
}
