using System;
using System.Globalization;
using System.Runtime.CompilerServices;

namespace Deid.Fields
{
    /// <summary>
    /// deid's nested field names: segments joined by "__" — for tag paths the tags and item indexes,
    /// <c>(0008,1140)__0__(0008,1155)</c>; for keyword paths the keywords without indexes,
    /// <c>ReferencedImageSequence__ReferencedSOPInstanceUID</c>. Every path is built and taken apart here.
    /// </summary>
    public static class FieldPath
    {
        /// <summary>What joins the segments of a path.</summary>
        public const string Separator = "__";

        /// <summary>The path of <paramref name="segment"/> inside <paramref name="parent"/> (an item's path, or null at the top level).</summary>
        public static string Child(string? parent, string segment) => parent == null ? segment : parent + Separator + segment;

        /// <summary>The path of item <paramref name="index"/> of the sequence at <paramref name="sequencePath"/>.</summary>
        public static string Item(string sequencePath, int index) => sequencePath + Separator + index.ToString(CultureInfo.InvariantCulture);

        /// <summary>What every path nested under <paramref name="path"/> starts with.</summary>
        public static string DescendantPrefix(string path) => path + Separator;

        /// <summary>True when <paramref name="path"/> names an element inside a sequence item.</summary>
        [MethodImpl(HotPath.Optimized)]
        public static bool IsNested(string path) => SeparatorAfter(path, 0) >= 0;

        // The separator searches of the per-element paths are loops of our own, not string.IndexOf: in a batch run by pwsh,
        // the framework's search stays in tiered PGO's instrumented code for the whole run (see HotPath), and paths are short.

        /// <summary>Where the first separator at or after <paramref name="start"/> begins, or -1.</summary>
        [MethodImpl(HotPath.Optimized)]
        internal static int SeparatorAfter(string path, int start)
        {
            for (int i = start + 1; i < path.Length; i++)
            {
                if (path[i] == '_' && path[i - 1] == '_') return i - 1;
            }
            return -1;
        }

        /// <summary>
        /// Where the last separator that ends before <paramref name="end"/> (exclusive: both its characters below it) begins,
        /// or -1; as <c>string.LastIndexOf("__", end - 1, Ordinal)</c>.
        /// </summary>
        [MethodImpl(HotPath.Optimized)]
        internal static int SeparatorBefore(string path, int end)
        {
            for (int i = Math.Min(end, path.Length) - 1; i > 0; i--)
            {
                if (path[i] == '_' && path[i - 1] == '_') return i - 1;
            }
            return -1;
        }

        /// <summary>The tags along a tag path, outermost first (the item numbers between them left out).</summary>
        internal static System.Collections.Generic.IEnumerable<Deid.Dicom.DicomTag> Tags(string tagPath)
        {
            foreach (string segment in tagPath.Split(new[] { Separator }, StringSplitOptions.None))
            {
                if (segment.Length > 0 && segment[0] == '(' && Deid.Dicom.DicomTag.TryParse(segment, out var tag)) yield return tag;
            }
        }

        /// <summary>True when the keyword path ends in an element without keyword (its last segment is empty).</summary>
        public static bool EndsWithEmptySegment(string keywordPath) => keywordPath.EndsWith(Separator, StringComparison.Ordinal);
    }
}
