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
    }
}
