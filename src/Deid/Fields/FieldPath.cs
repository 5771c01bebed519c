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
        public static bool IsNested(string path) => path.IndexOf(Separator, StringComparison.Ordinal) >= 0;

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
