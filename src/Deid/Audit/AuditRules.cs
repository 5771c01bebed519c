using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using Deid.Dicom;

namespace Deid.Audit
{
    /// <summary>
    /// Which values of an original file the leak audit looks for, shared with New-DicomSample -PhiMarkers so that the
    /// markers it plants are exactly the values the audit calls identifying.
    /// </summary>
    internal static class AuditRules
    {
        /// <summary>Shorter values are too common to be told from chance (two-letter codes, "MR", "1").</summary>
        public const int MinimumLength = 4;

        /// <summary>A value made of digits only (an ID, a time) is looked for from this many digits on.</summary>
        public const int MinimumDigits = 5;

        /// <summary>
        /// Text attributes that record acquisition facts, not a person: the short safe list PS3.15's profile leaves alone so that
        /// filters and research still work, and coded vocabulary (a code value identifies a concept, its meaning is free text).
        /// The file meta's implementation identity names the writing software, which every output rewrites as its own.
        /// </summary>
        private static readonly HashSet<uint> NotIdentifying = new HashSet<uint>
        {
            DicomTags.Manufacturer.Value,
            DicomTags.ManufacturerModelName.Value,
            DicomTags.SoftwareVersions.Value,
            DicomTags.CodeValue.Value,
            DicomTags.CodingSchemeDesignator.Value,
            DicomTags.CodingSchemeVersion.Value,
            DicomTags.ContextIdentifier.Value,
            DicomTags.MappingResource.Value,
            DicomTags.ImplementationClassUID.Value,
            DicomTags.ImplementationVersionName.Value,
            DicomTag.TransferSyntaxUid.Value,
            // Classes and schemes, not instances: the same UID in every file of the kind, registered or a vendor's (Siemens CSA
            // Non-Image, 1.3.12.2.1107.5.9.1; DCMTK's private coding scheme) (leak QA 4).
            DicomTags.MediaStorageSOPClassUID.Value,
            DicomTags.SOPClassUID.Value,
            DicomTags.ReferencedSOPClassUID.Value,
            DicomTags.ReferencedSOPClassUIDInFile.Value,
            DicomTags.RelatedGeneralSOPClassUID.Value,
            DicomTags.OriginalSpecializedSOPClassUID.Value,
            DicomTags.SOPClassesInStudy.Value,
            DicomTags.CodingSchemeUID.Value,
            DicomTags.MappingResourceUID.Value,
        };

        /// <summary>True for the VRs whose values can name or identify: text, person names, dates, times, UIDs, URLs, AE titles.</summary>
        public static bool IsTextCandidate(DicomVR vr) =>
            vr == DicomVR.PN || vr == DicomVR.LO || vr == DicomVR.SH || vr == DicomVR.ST || vr == DicomVR.LT || vr == DicomVR.UT
            || vr == DicomVR.UC || vr == DicomVR.UR || vr == DicomVR.AE || vr == DicomVR.DA || vr == DicomVR.DT || vr == DicomVR.TM
            || vr == DicomVR.UI;

        /// <summary>
        /// True for bytes that may hide text: values of private elements, of tags the dictionary does not know, Private
        /// Information (0002,0102), and the identifiers a real-time video stores as bytes (Source and Flow Identifier, in the
        /// dataset and their copies in the file meta). Standard binary values (Pixel Data, LUT Data, Overlay Data) are images,
        /// not text.
        /// </summary>
        public static bool IsBinaryCandidate(DicomTag tag, DicomVR vr)
        {
            if (!(vr == DicomVR.OB || vr == DicomVR.UN || vr == DicomVR.OW)) return false;
            if (tag == DicomTag.PixelData) return false;
            if (tag.IsPrivate || tag == DicomTags.PrivateInformation) return true;
            // A device's or a stream's name in bytes (QA of 2026-12-07: the file meta copies survived every recipe unseen).
            if (tag == DicomTags.SourceIdentifier || tag == DicomTags.FlowIdentifier || tag == DicomTags.RTVSourceIdentifier
                || tag == DicomTags.RTVFlowIdentifier)
                return true;
            return !DicomDictionary.TryGetEntry(tag, out _);
        }

        /// <summary>True for attributes the audit never reports (acquisition facts, codes, the implementation's identity).</summary>
        public static bool IsExempt(DicomTag tag) => NotIdentifying.Contains(tag.Value);

        /// <summary>
        /// True when a single value (padding trimmed) is too short or too common to count: fewer than
        /// <see cref="MinimumLength"/> characters, a number of fewer than <see cref="MinimumDigits"/> digits, a UID the
        /// standard registers or that lies under the DICOM root (SOP classes, coding schemes: the same in every file).
        /// </summary>
        [MethodImpl(HotPath.Optimized)]
        public static bool IsTrivial(string value, DicomVR vr)
        {
            if (Weight(value) < MinimumLength) return true;
            // Only delimiters and spaces (an empty person name written "^^^^", "==" or " ^ "): it names no one. 15 of pydicom's
            // 17 character-set files hold such a Referring Physician's Name, and every output was flagged for it (QA 2026-12-07).
            if (!HasLetterOrDigit(value)) return true;
            // A UID the standard registers, wherever it stands: in a private value or a binary run too.
            if (value.StartsWith("1.2.840.10008.", StringComparison.Ordinal) || DicomUids.TryGet(value, out _)) return true;
            if (vr == DicomVR.UI) return false;
            if (vr == DicomVR.DA || vr == DicomVR.DT || vr == DicomVR.TM) return value.Length < 6;
            return Deid.Profile.IdentifierVariants.IsAllDigits(value) && value.Length < MinimumDigits;
        }

        private static bool HasLetterOrDigit(string value)
        {
            foreach (char c in value)
            {
                if (char.IsLetterOrDigit(c)) return true;
            }
            return false;
        }

        /// <summary>
        /// The length of <paramref name="value"/> as the minimum length counts it: a character of an ideographic or syllabic
        /// script (Han, Hangul, kana) counts twice, since it carries what two or three letters do — a Chinese or Korean full name
        /// is two or three characters (王小东, 김희중) and must be looked for like "SMITH".
        /// </summary>
        [MethodImpl(HotPath.Optimized)]
        public static int Weight(string value)
        {
            int weight = 0;
            foreach (char c in value) weight += IsWide(c) ? 2 : 1;
            return weight;
        }

        /// <summary>True for a character of Han, Hangul or kana (half-width kana too), or half of a supplementary-plane ideograph.</summary>
        public static bool IsWide(char c) =>
            (c >= 0x3040 && c <= 0x30FF) || (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xAC00 && c <= 0xD7AF)
            || (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFF66 && c <= 0xFF9F) || char.IsSurrogate(c);

        /// <summary>True when the private creator is one the private dictionary lists: a vendor's name, the same in every file.</summary>
        public static bool IsKnownCreator(string creator) => PrivateDictionary.IsKnownCreator(creator);
    }
}
