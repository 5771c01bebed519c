using System;
using System.Collections.Generic;
using Deid.Dicom;
using Deid.Profile;

namespace Deid.Configuration
{
    /// <summary>
    /// The settings deid keeps in its <c>config.json</c>, in one place that both the identifier extraction and the header engine
    /// read (neither depends on the other for them).
    /// </summary>
    public static class DeidConfiguration
    {
        /// <summary>
        /// deid's config.json <c>get.skip</c>: fields no action touches unless skipping is disabled. Ours protects the element
        /// itself and the binary payloads nested below it (<see cref="IsProtectedPayload"/>); deid hides the whole subtree, so a
        /// name or private element planted inside a VOI LUT Sequence item survived every recipe.
        /// </summary>
        public static readonly IReadOnlyList<string> DefaultSkip = new[]
        {
            "PixelData", "RedPaletteColorLookupTableData", "GreenPaletteColorLookupTableData", "BluePaletteColorLookupTableData",
            "VOILUTSequence", "FileMetaInformationGroupLength", "FileMetaInformationVersion", "TransferSyntaxUID", "ImplementationClassUID",
        };

        /// <summary><see cref="DefaultSkip"/> as a set, made once: every file's field listing consults it (read-only, so shared by threads).</summary>
        internal static readonly HashSet<string> DefaultSkipSet = new HashSet<string>(DefaultSkip, StringComparer.Ordinal);

        /// <summary>
        /// True for the values below a skipped element that the skip exists for: binary payloads (OB and the other "O" VRs, and
        /// binary numbers such as LUT Data and LUT Descriptor). Text, names, UIDs, dates, UN bytes of unknown meaning and every
        /// private element stay actionable, because nothing below a LUT or pixel element needs them to stay as they are; so do
        /// the binary attributes PS3.15 Table E.1-1 removes wherever they are (an Encapsulated Document, Overlay or Curve Data
        /// put inside a VOI LUT item is a document or drawing, not a LUT).
        /// </summary>
        public static bool IsProtectedPayload(DicomTag tag, DicomVR effectiveVR) =>
            !tag.IsPrivate && (effectiveVR.IsBinaryNumber || effectiveVR.Descriptor.IsOther) && !IsIdentifyingPayload(tag);

        /// <summary>
        /// True for a sequence below a skipped element that holds payloads the skip exists for: any standard sequence but one
        /// PS3.15 Table E.1-1 removes (an Icon Image Sequence: a small copy of the image, burned-in text and all).
        /// </summary>
        public static bool IsProtectedSequence(DicomTag tag) => !tag.IsPrivate && !IdentifyingAttributes.Contains(tag);

        // Table E.1-1's binary rows: Encapsulated Document and the other single tags it lists, Overlay Data (60xx,3000) and the
        // retired Curve Data (50xx,xxxx) of every repeating group.
        private static bool IsIdentifyingPayload(DicomTag tag)
        {
            ushort group = tag.Group;
            if (group >= 0x6000 && group <= 0x601E && (group & 1) == 0 && tag.Element == 0x3000) return true;
            if (group >= 0x5000 && group <= 0x501E && (group & 1) == 0) return true;
            return IdentifyingAttributes.Contains(tag);
        }
    }
}
