using System;
using System.Globalization;
using System.Numerics;
using System.Text;
using Deid.Dicom;
using Deid.Fields;
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
        private static bool IsNone(DicomDataset holder, in DicomElement element) => IsNone(holder, element, DicomDataset.GetEffectiveVR(element));

        private static bool IsNone(DicomDataset holder, in DicomElement element, DicomVR vr)
        {
            if (element.IsSequence || !element.IsLoaded) return false;
            if (!vr.IsString) return element.Length == 0;
            if (vr != DicomVR.DS && vr != DicomVR.IS) return false;
            var values = holder.GetStrings(element, vr);
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

        // str(DataElement): "(gggg,eeee) Name-padded-to-35 VR: repval".
        internal static string ElementStr(DicomDataset holder, in DicomElement element)
        {
            var vr = PrintedVR(holder, element);
            var sb = new StringBuilder(80);
            sb.Append(element.Tag.ToString()).Append(' ');
            string name = ElementName(holder, element.Tag);
            if (name.Length > NameWidth) name = name.Substring(0, NameWidth);
            sb.Append(name.PadRight(NameWidth)).Append(' ').Append(vr.ToString()).Append(": ");
            return sb.Append(RepVal(holder, element, vr)).ToString();
        }

        // The VR pydicom shows, and reads the value as. Any sequence is SQ: pydicom replaces a UN whose dictionary VR is SQ by SQ, as
        // our reader reads a UN sequence as one. A private UN is a private creator's LO, or the private dictionary's VR under its
        // creator (hooks.raw_element_vr, config.replace_un_with_known_vr). In an implicit VR dataset pydicom resolves Overlay Data's
        // "OB or OW" to OW (correct_ambiguous_vr_element), where our reader takes the first VR listed.
        private static DicomVR PrintedVR(DicomDataset holder, in DicomElement element)
        {
            if (element.IsSequence) return DicomVR.SQ;
            if (!holder.Encoding.IsExplicitVR && (element.Tag.Value & 0xFFE1FFFF) == 0x60003000) return DicomVR.OW;
            return PrivateValueVR.Of(holder, element);
        }

        // DataElement.repval: a value of LT, UC, UT or a bytes VR longer than 16 (characters for text, after pydicom's
        // rstrip("\0 ")) is "Array of N elements", so is any value of more than 16 values; a UID is its registered name, else the
        // UID unquoted (UID.name); anything else repr(value) — IS as the quoted int ('00' is '0'), DS its own text quoted.
        private static string RepVal(DicomDataset holder, in DicomElement element, DicomVR vr)
        {
            if (element.IsSequence) return "<Sequence, length " + element.Sequence!.Count.ToString(CultureInfo.InvariantCulture) + ">";
            if (!element.IsLoaded)
            {
                // A Pixel Data of 16 bytes or fewer (a 1x1 image) is always left on disk, but pydicom shows its bytes: read them.
                var reference = element.ValueRef;
                if (reference != null && reference.Length <= MaxBytesToDisplay && IsBytesVR(vr) && TryRead(reference, out var small))
                    return PythonValue.BytesRepr(small);
                // len(bytes) or len(text) of a long value; a list of numbers counts its values.
                long length = UnloadedLength(element);
                int size = ValueSize(vr);
                return ArrayOf(size > 0 ? length / size : length);
            }
            if (IsNone(holder, element, vr)) return "None";
            if (IsBytesVR(vr))
                return element.Length > MaxBytesToDisplay ? ArrayOf(element.Length) : PythonValue.Str(holder, element, vr) ?? "";
            string str = PythonValue.Str(holder, element, vr) ?? "";
            int vm = ValueMultiplicity(holder, element, vr);
            if (vr == DicomVR.LT || vr == DicomVR.UT || vr == DicomVR.UC)
            {
                // len(str) in Python counts code points: a surrogate pair is one.
                long length = vm > 1 ? vm : Characters.Count(str);
                if (length > MaxBytesToDisplay) return ArrayOf(length);
            }
            if (vm > MaxBytesToDisplay) return ArrayOf(vm);
            if (!vr.IsString || vm > 1) return str;
            if (vr == DicomVR.UI) return DicomUids.TryGet(str, out var info) ? info.Name : str;
            if (vr == DicomVR.IS) return IntegerStringRepr(str);
            return PythonValue.Repr(str);
        }

        // The file may have changed or gone since it was read: then the value is shown as the summary a longer one gets.
        private static bool TryRead(DicomValueRef reference, out byte[] bytes)
        {
            try
            {
                bytes = reference.ReadAll();
                return true;
            }
            catch (Exception e) when (e is System.IO.IOException || e is UnauthorizedAccessException || e is DicomFormatException)
            {
                bytes = Array.Empty<byte>();
                return false;
            }
        }

        private static string ArrayOf(long count) => "Array of " + count.ToString(CultureInfo.InvariantCulture) + " elements";

        // pydicom's BYTES_VR, whose values are bytes.
        private static bool IsBytesVR(DicomVR vr) => vr.Descriptor.IsOther || vr == DicomVR.UN;

        // DataElement.VM of a loaded, non-empty value that is not bytes: the number of values.
        private static int ValueMultiplicity(DicomDataset holder, in DicomElement element, DicomVR vr)
        {
            if (vr.IsString) return holder.GetStrings(element, vr).Length;
            int size = ValueSize(vr);
            return size > 0 ? (int)(element.Length / size) : 1;
        }

        // Bytes one value takes where pydicom counts values (numbers, and AT's tags); 0 where it counts bytes or characters.
        private static int ValueSize(DicomVR vr) => vr == DicomVR.AT ? 4 : PythonValue.NumberSize(vr);

        // IS.__repr__: the int in quotes ("00" is '0', "+5" is '5', "1.0" is '1'); a value with a fraction (ISfloat) is float's
        // repr, unquoted (1.5); one that is no number keeps its text, quoted.
        private static string IntegerStringRepr(string text)
        {
            string t = text.Trim();
            if (BigInteger.TryParse(t, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n))
                return "'" + n.ToString(CultureInfo.InvariantCulture) + "'";
            if (decimal.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && d == decimal.Truncate(d))
                return "'" + decimal.Truncate(d).ToString(CultureInfo.InvariantCulture) + "'";
            // ISfloat (a value with a fraction, which pydicom keeps when not strict) has no repr of its own: float's, unquoted.
            if (double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out double f)) return PythonValue.FloatRepr(f);
            return PythonValue.Repr(text);
        }

        // len(value) of a value left on disk: its bytes; for encapsulated pixel data pydicom's value is the bytes of its items,
        // each item's 8-byte header included (the sequence delimiter is not).
        private static long UnloadedLength(in DicomElement element)
        {
            var fragments = element.Fragments;
            return fragments == null ? element.Length : fragments.TotalLength + 8L * fragments.Items.Count;
        }

        // DataElement.name: a private element whose block element (gggg,00xx) for xx = its element >> 8 is in its dataset with a
        // truthy value is "[Name]" from the private dictionary under that creator when the dictionary knows it, else "Private tag
        // data"; otherwise (gggg,00xx) is "Private Creator". So a creator (gggg,0010) is "Private tag data" when the private group
        // has a group length (gggg,0000), as pydicom has it.
        private static string ElementName(DicomDataset holder, DicomTag tag)
        {
            if (tag.IsPrivate)
            {
                var blockTag = new DicomTag(tag.Group, (ushort)(tag.Element >> 8));
                if (blockTag != tag && holder.TryGetElement(blockTag, out var block) && IsTruthy(holder, block))
                {
                    string? creator = PrivateValueVR.CreatorOf(holder, tag);
                    return creator != null && PrivateDictionary.TryGetEntry(creator, tag, out var p) ? "[" + p.Name + "]" : "Private tag data";
                }
                return tag.Element >> 8 == 0 ? "Private Creator" : "Private tag data";
            }
            return DicomDictionary.TryGetEntry(tag, out var entry) ? entry.Name : "";
        }

        // Python truthiness of a block element's value: not empty text, not an empty value, not a number zero.
        private static bool IsTruthy(DicomDataset holder, in DicomElement element)
        {
            if (element.IsSequence) return element.Sequence!.Count > 0;
            if (!element.IsLoaded) return true;
            if (element.Length == 0) return false;
            var vr = DicomDataset.GetEffectiveVR(element);
            if (vr.IsString || vr == DicomVR.UN) return string.Join("", holder.GetStrings(element, vr == DicomVR.UN ? DicomVR.LO : vr)).Trim('\0', ' ').Length > 0;
            if (PythonValue.NumberSize(vr) == 0 || element.Length > PythonValue.NumberSize(vr)) return true;
            foreach (byte b in element.RawValue.Span)
            {
                if (b != 0) return true;
            }
            return false;
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
