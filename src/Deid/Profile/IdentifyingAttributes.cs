using System;
using Deid.Dicom;

namespace Deid.Profile
{
    /// <summary>
    /// The attributes PS3.15 Table E.1-1 lists as identifying (generated): their values, found in a descriptor, identify too. The
    /// descriptors themselves (C under the Clean Descriptors Option, and the free text Retain Patient Characteristics cleans) and
    /// the UIDs (U) are left out.
    /// </summary>
    internal static partial class IdentifyingAttributes
    {
        /// <summary>True when Table E.1-1 lists <paramref name="tag"/> (not as a descriptor or UID).</summary>
        public static bool Contains(DicomTag tag) => Array.BinarySearch(Tags, tag.Value) >= 0;
    }
}
