using Deid.Dicom;

namespace Deid.Pixels
{
    /// <summary>
    /// The Icon Image Sequences (0088,0200) of a dataset, at any depth. An icon is a small copy of the image (PS3.3 C.7.6.1.1.6),
    /// burned-in text and all: once the image's text is blanked, an icon left as it was would still show it, and a region of the
    /// image does not map exactly onto a downsampled copy. So cleaning the pixels removes every icon (it is Type 3 wherever it
    /// appears); viewers make their own thumbnails.
    /// </summary>
    internal static class IconImages
    {
        /// <summary>The Icon Image Sequence tag.</summary>
        internal static readonly DicomTag Tag = new DicomTag(0x0088, 0x0200);

        /// <summary>Removes every Icon Image Sequence of <paramref name="dataset"/> and of the items nested in it; returns how many.</summary>
        public static int RemoveAll(DicomDataset dataset)
        {
            int removed = dataset.Remove(Tag) ? 1 : 0;
            for (int i = 0; i < dataset.Count; i++)
            {
                var element = dataset.ElementAt(i);
                if (!element.IsSequence) continue;
                var sequence = dataset.GetSequence(element.Tag);
                if (sequence == null) continue;
                foreach (var item in sequence) removed += RemoveAll(item);
            }
            return removed;
        }
    }
}
