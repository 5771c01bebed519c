using System.Collections.Generic;
using System.Runtime.CompilerServices;
using Deid.Collections;
using Deid.Dicom;
using Deid.Fields;

namespace Deid.Actions
{
    // Private elements and sequences taken out as a whole (Invoke-DeidReplace -RemovePrivate and -StripSequences), and the private creators a KEEP needs.
    internal sealed partial class HeaderActionRun
    {
        private void StripSequences()
        {
            var ds = _file.Dataset;
            for (int i = ds.Count - 1; i >= 0; i--)
            {
                if (ds.ElementAt(i).IsSequence)
                {
                    ds.RemoveAt(i);
                    Stats.Removed++;
                }
            }
        }

        /// <summary>Removes private elements at every depth, except KEEP-protected ones and the creators they need.</summary>
        [MethodImpl(HotPath.Optimized)]
        private void RemovePrivate(DicomDataset ds, HashSet<string> keepTags, HashSet<string> keepPaths, string? prefix)
        {
            var protectedCreators = new UInt32Map<bool>();
            for (int i = 0; i < ds.Count; i++)
            {
                var e = ds.ElementAt(i);
                string path = FieldPath.Child(prefix, e.Tag.ToString());
                if (e.Tag.IsPrivate && IsKept(e.Tag, path, keepTags, keepPaths) && e.Tag.Element >= 0x1000) protectedCreators.TryAdd(e.Tag.GetPrivateCreatorTag().Value, true);
            }
            for (int i = ds.Count - 1; i >= 0; i--)
            {
                var e = ds.ElementAt(i);
                string path = FieldPath.Child(prefix, e.Tag.ToString());
                bool kept = IsKept(e.Tag, path, keepTags, keepPaths);
                if (e.Tag.IsPrivate && !kept && !protectedCreators.ContainsKey(e.Tag.Value))
                {
                    ds.RemoveAt(i);
                    Stats.Removed++;
                    continue;
                }
                if (!kept && e.Sequence is DicomSequence seq)
                {
                    for (int k = 0; k < seq.Count; k++) RemovePrivate(seq[k], keepTags, keepPaths, FieldPath.Item(path, k));
                }
            }
        }

        // The private data element (gggg,xxee) a tag path ends in, gggg an odd group above 0008 and xx at least 0x10, or null.
        private static DicomTag? PrivateDataElementOf(string tagPath)
        {
            if (tagPath.Length < 11 || !DicomTag.TryParse(tagPath.Substring(tagPath.Length - 11), out var tag)) return null;
            return tag.IsPrivate && tag.Group > 0x0008 && tag.Element >= 0x1000 ? tag : (DicomTag?)null;
        }

        private static bool IsPrivateDataElement(string tagPath) => PrivateDataElementOf(tagPath).HasValue;

        // The path of the Private Creator element that reserves the private data element at tagPath; null for any other element.
        private static string? CreatorPathOf(string tagPath) =>
            PrivateDataElementOf(tagPath) is DicomTag tag ? tagPath.Substring(0, tagPath.Length - 11) + tag.GetPrivateCreatorTag().ToString() : null;

        [MethodImpl(HotPath.Optimized)]
        private static bool IsKept(DicomTag tag, string path, HashSet<string> keepTags, HashSet<string> keepPaths) =>
            keepTags.Contains(tag.ToString()) || keepPaths.Contains(path);
    }
}
