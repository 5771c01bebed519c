using System.Collections.Generic;

namespace Deid.Dicom
{
    /// <summary>
    /// One row of the private data dictionary: what a vendor's private creator puts at an element offset of its block.
    /// </summary>
    public sealed class PrivateDictionaryEntry
    {
        internal PrivateDictionaryEntry(string creator, uint tag, uint mask, IReadOnlyList<DicomVR> allowedVRs, string vm, bool isRetired, string name)
        {
            Creator = creator;
            Tag = new DicomTag(tag);
            Mask = mask;
            AllowedVRs = allowedVRs;
            VR = allowedVRs.Count > 0 ? allowedVRs[0] : DicomVR.None;
            VM = vm;
            IsRetired = isRetired;
            Name = name;
        }

        /// <summary>The private creator (the value of the (gggg,00xx) element that reserves the block), without padding.</summary>
        public string Creator { get; }

        /// <summary>The group. For the few rows written GGxxxxEE (any group GGxx), the group with its x digits 0.</summary>
        public ushort Group => Tag.Group;

        /// <summary>The element's offset within its block: the 'ee' of (gggg,xxee).</summary>
        public byte ElementOffset => (byte)Tag.Element;

        /// <summary>
        /// The tag with its x digits 0: (gggg,00ee) for the usual rows written GGGGxxEE, the whole tag for the rows that
        /// the dictionary gives with a fixed block (GGGGEEEE), (gg00,00ee) for rows written GGxxxxEE.
        /// </summary>
        public DicomTag Tag { get; }

        /// <summary>
        /// Which bits of the tag the row fixes: 0xFFFF00FF for GGGGxxEE, 0xFFFFFFFF for a whole tag, 0xFF0000FF for GGxxxxEE.
        /// </summary>
        public uint Mask { get; }

        /// <summary>The VR: the first one listed, or <see cref="DicomVR.None"/> when the row lists none.</summary>
        public DicomVR VR { get; }

        /// <summary>Every VR the row lists, in its order; empty when it lists none.</summary>
        public IReadOnlyList<DicomVR> AllowedVRs { get; }

        /// <summary>The value multiplicity as the dictionary writes it: "1", "1-n", "2-2n".</summary>
        public string VM { get; }

        /// <summary>The element's name, often just "Unknown".</summary>
        public string Name { get; }

        /// <summary>True when the dictionary marks the element retired.</summary>
        public bool IsRetired { get; }

        /// <summary>Formats as "Creator (gggg,xxee) VR Name", with x for the digits the row leaves open.</summary>
        public override string ToString()
        {
            string vr = AllowedVRs.Count == 0 ? "??" : string.Join(" or ", AllowedVRs);
            return $"{Creator} {DictionaryTable.FormatPattern(Tag.Value, Mask)} {vr} {Name}";
        }
    }
}
