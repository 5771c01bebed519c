using System;
using Deid.Dicom;

namespace Deid.Profile
{
    /// <summary>
    /// Every attribute PS3.15 Table E.1-1 lists, whatever its action (generated), with its repeating-group rows (Curve Data
    /// 50xx,xxxx; Overlay Data and Comments 60xx,3000 and 60xx,4000): what the standard calls identifying. The leak audit sorts
    /// what it finds by it.
    /// </summary>
    internal static partial class ListedAttributes
    {
        /// <summary>True when Table E.1-1 has a row for <paramref name="tag"/>.</summary>
        public static bool Contains(DicomTag tag)
        {
            ushort group = tag.Group;
            if (group >= 0x5000 && group <= 0x501E && (group & 1) == 0) return true;
            if (group >= 0x6000 && group <= 0x601E && (group & 1) == 0 && (tag.Element == 0x3000 || tag.Element == 0x4000)) return true;
            return Array.BinarySearch(Tags, tag.Value) >= 0;
        }

        /// <summary>
        /// The attributes <see cref="Contains"/> accepts, group by group: each group's elements in order, or null where every
        /// element of the group counts (Curve Data). For a look-up made at every byte of a value (<see cref="HiddenElementScan"/>).
        /// </summary>
        public static System.Collections.Generic.IEnumerable<(ushort Group, ushort[]? Elements)> ByGroup()
        {
            for (int g = 0x5000; g <= 0x501E; g += 2) yield return ((ushort)g, null);
            for (int g = 0x6000; g <= 0x601E; g += 2) yield return ((ushort)g, new ushort[] { 0x3000, 0x4000 });
            var elements = new System.Collections.Generic.List<ushort>();
            for (int i = 0; i < Tags.Length; i++)
            {
                elements.Add((ushort)Tags[i]);
                if (i + 1 == Tags.Length || Tags[i + 1] >> 16 != Tags[i] >> 16)
                {
                    yield return ((ushort)(Tags[i] >> 16), elements.ToArray());
                    elements.Clear();
                }
            }
        }
    }
}
