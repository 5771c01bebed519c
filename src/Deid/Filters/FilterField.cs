using System;
using System.Globalization;
using Deid.Dicom;

namespace Deid.Filters
{
    /// <summary>
    /// A field named by a filter test, resolved once per recipe the way deid's <c>apply_filter</c> resolves it: a text containing
    /// "0x" is a tag number (<c>int(field, 0)</c>) and <c>Dataset.get</c> then returns the DataElement, whose printed form is what the
    /// tests see; anything else is a top-level keyword, compared exactly, of the non-repeating dictionary (pydicom's
    /// <c>getattr</c>), whose value the tests see.
    /// </summary>
    internal sealed class FilterField
    {
        public FilterField(string text, int slot)
        {
            Text = text;
            Slot = slot;
            if (text.IndexOf("0x", StringComparison.Ordinal) >= 0)
            {
                IsTagNumber = true;
                // int("0x60000022", 0); deid crashes on anything else with a "0x" in it, we let it find nothing.
                string t = text.Trim();
                uint value = 0;
                Found = t.Length > 2 && t.StartsWith("0x", StringComparison.Ordinal)
                    && uint.TryParse(t.Substring(2).Replace("_", ""), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value);
                if (Found) Tag = new DicomTag(value);
                return;
            }
            // pydicom's keyword table has no repeating-group entries (OverlayDescription, CurveData): those are never found.
            if (DicomDictionary.TryGetTag(text, out var tag) && DicomDictionary.TryGetEntry(tag, out var entry) && !entry.IsRepeating)
            {
                Found = true;
                Tag = tag;
            }
        }

        /// <summary>The field as written in the recipe.</summary>
        public string Text { get; }

        /// <summary>Index of this field in an evaluation's cache.</summary>
        public int Slot { get; }

        /// <summary>True for the "0x" form: the tests see the element, not its value.</summary>
        public bool IsTagNumber { get; }

        /// <summary>False when the field can never be found (unknown keyword, repeating-group keyword, unreadable number).</summary>
        public bool Found { get; }

        /// <summary>The tag looked up when <see cref="Found"/>.</summary>
        public DicomTag Tag { get; }

        /// <summary>
        /// What deid's tests see of this field in a dataset. <paramref name="pixelDataUnread"/>: the dataset was read up to its
        /// top-level Pixel Data, which is there (pydicom reads what there is of a value cut short) but not in the dataset.
        /// </summary>
        public FilterFieldView Read(DicomDataset dataset, bool pixelDataUnread = false)
        {
            if (!Found) return FilterFieldView.Absent;
            if (!dataset.TryGetElement(Tag, out var element))
                return pixelDataUnread && Tag == DicomTag.PixelData ? FilterFieldView.Unread : FilterFieldView.Absent;
            return IsTagNumber ? FilterFieldView.OfElement(dataset, element) : FilterFieldView.OfValue(dataset, element);
        }
    }
}
