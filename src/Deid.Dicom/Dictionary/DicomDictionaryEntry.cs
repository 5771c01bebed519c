using System.Collections.Generic;

namespace Deid.Dicom
{
    /// <summary>
    /// One row of the DICOM data dictionary (PS3.6 Table 6-1), or one of the two rules that
    /// <see cref="DicomDictionary.TryGetEntry"/> applies beyond the rows: group length and private creator.
    /// </summary>
    public sealed class DicomDictionaryEntry
    {
        internal DicomDictionaryEntry(uint tag, uint mask, string keyword, string name, IReadOnlyList<DicomVR> allowedVRs, string vm, bool isRetired)
        {
            Tag = new DicomTag(tag);
            Mask = mask;
            Keyword = keyword;
            Name = name;
            AllowedVRs = allowedVRs;
            VR = allowedVRs.Count > 0 ? allowedVRs[0] : DicomVR.None;
            VM = vm;
            IsRetired = isRetired;
        }

        /// <summary>
        /// The tag. For a repeating group or element such as (60xx,3000) or (0020,31xx), the tag with every x digit 0,
        /// e.g. (6000,3000); see <see cref="Mask"/>.
        /// </summary>
        public DicomTag Tag { get; }

        /// <summary>
        /// Which bits of a tag the entry fixes: 0xFFFFFFFF for an ordinary row, 0 nibbles for x digits (0xFF00FFFF for
        /// (60xx,0010), 0xFFFFFF00 for (0020,31xx), 0xFFFF000F for (1000,xxx0)). A tag t matches when
        /// <c>(t.Value &amp; Mask) == Tag.Value</c>.
        /// </summary>
        public uint Mask { get; }

        /// <summary>True when the entry stands for a family of tags (the dictionary's tag has x digits).</summary>
        public bool IsRepeating => Mask != 0xFFFFFFFF;

        /// <summary>The keyword, e.g. "PatientName"; empty for the few retired rows that the standard leaves unnamed.</summary>
        public string Keyword { get; }

        /// <summary>The attribute name, e.g. "Patient's Name"; empty for the few retired rows that the standard leaves unnamed.</summary>
        public string Name { get; }

        /// <summary>
        /// The VR: the first one the dictionary lists ("US or SS" gives US), or <see cref="DicomVR.None"/> when it lists
        /// none (the item and delimitation tags of group FFFE, and unnamed retired rows).
        /// </summary>
        public DicomVR VR { get; }

        /// <summary>Every VR the dictionary lists, in its order ("US or SS" gives [US, SS]); empty when it lists none.</summary>
        public IReadOnlyList<DicomVR> AllowedVRs { get; }

        /// <summary>The value multiplicity as the dictionary writes it: "1", "1-n", "2-2n", "1-n or 1"; empty when it gives none.</summary>
        public string VM { get; }

        /// <summary>True when the standard has retired the attribute.</summary>
        public bool IsRetired { get; }

        /// <summary>Formats as "(gggg,eeee) Keyword VR", with x for repeating digits and VRs joined by " or ".</summary>
        public override string ToString()
        {
            string vr = AllowedVRs.Count == 0 ? "??" : string.Join(" or ", AllowedVRs);
            return $"{DictionaryTable.FormatPattern(Tag.Value, Mask)} {Keyword} {vr}";
        }
    }
}
