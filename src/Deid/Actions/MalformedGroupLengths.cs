using System;
using Deid.Dicom;
using Deid.Fields;

namespace Deid.Actions
{
    /// <summary>
    /// Removes group length elements (gggg,0000) that are not a 4-byte UL — an LO of text, a UL of 12 bytes — from the file meta
    /// and the dataset at any depth, whatever the recipe. No reader takes such a value for a length, dcmtk lists its text, and no
    /// recipe line names (gggg,0000): the codec writes an element as it was read, so a name in one reached every copy, and the
    /// audit did not look there (parser QA 2026-12-07, F2). Group lengths are retired outside the file meta (PS3.5 §7.2); the
    /// meta's own is written again, as a 4-byte UL, by the file's writer.
    /// </summary>
    internal static class MalformedGroupLengths
    {
        /// <summary>Removes them; <paramref name="removed"/> is told each one's path and what it was. Returns how many.</summary>
        public static int Remove(DicomFile file, Action<string, string> removed)
        {
            int count = 0;
            if (file.HasFileMetaInformation) count += Remove(file.FileMetaInformation, null, removed);
            return count + Remove(file.Dataset, null, removed);
        }

        private static int Remove(DicomDataset dataset, string? path, Action<string, string> removed)
        {
            int count = 0;
            for (int i = dataset.Count - 1; i >= 0; i--)
            {
                var e = dataset.ElementAt(i);
                if (e.Sequence is DicomSequence sequence)
                {
                    string sequencePath = FieldPath.Child(path, e.Tag.ToString());
                    for (int k = 0; k < sequence.Count; k++) count += Remove(sequence[k], FieldPath.Item(sequencePath, k), removed);
                }
                if (!e.Tag.IsGroupLength || (e.VR == DicomVR.UL && e.Length == 4)) continue;
                removed(FieldPath.Child(path, e.Tag.ToString()), e.IsSequence ? "a sequence" : $"{e.Length} bytes of {e.VR}");
                dataset.RemoveAt(i);
                count++;
            }
            return count;
        }
    }
}
