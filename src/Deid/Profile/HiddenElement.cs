using System.Globalization;
using Deid.Dicom;

namespace Deid.Profile
{
    /// <summary>
    /// An identifying element's header found inside another element's value: what another DICOM reader lists as, say, the
    /// Patient's Name when it reads the file out of step with this one, and what no recipe line sees or cleans there.
    /// </summary>
    public sealed class HiddenElement
    {
        internal HiddenElement(string carrierPath, DicomTag carrierTag, HiddenHeader header)
        {
            CarrierPath = carrierPath;
            CarrierTag = carrierTag;
            OffsetInValue = header.Offset;
            Tag = header.Tag;
            Encoding = header.Encoding;
            Length = header.Length;
            VR = header.ExplicitVR ? header.VR : DicomDictionary.TryGetEntry(header.Tag, out var entry) ? entry.VR : DicomVR.UN;
        }

        /// <summary>Its VR: as its header gives it in explicit VR, else the dictionary's.</summary>
        public DicomVR VR { get; }

        /// <summary>The element holding it, in deid's path notation, e.g. <c>(0008,0070)</c> or <c>(0040,0275)__0__(0008,0070)</c>.</summary>
        public string CarrierPath { get; }

        /// <summary>The tag of the element holding it.</summary>
        public DicomTag CarrierTag { get; }

        /// <summary>Where its header starts, in bytes from the start of the holding element's value.</summary>
        public long OffsetInValue { get; }

        /// <summary>The hidden element's tag (an attribute PS3.15 Table E.1-1 lists).</summary>
        public DicomTag Tag { get; }

        /// <summary>The encoding its header reads in, e.g. "explicit VR (PN) little endian".</summary>
        public string Encoding { get; }

        /// <summary>Its value's length in bytes, as its header gives it; -1 when the header is cut off by the holding value's end.</summary>
        public long Length { get; }

        /// <summary>The hidden element's keyword, or empty for a tag the dictionary does not name.</summary>
        public string Keyword => DicomDictionary.TryGetEntry(Tag, out var entry) ? entry.Keyword : string.Empty;

        /// <summary>
        /// Says where it is and what it reads as, without its value (a message may reach a log the patient's name must not).
        /// </summary>
        public string Describe()
        {
            string carrier = DicomDictionary.TryGetEntry(CarrierTag, out var c) ? $"{CarrierPath} {c.Keyword}" : CarrierPath;
            string hidden = Keyword.Length > 0 ? $"{Tag} {Keyword}" : Tag.ToString();
            string value = Length < 0 ? "its length past the value's end" : string.Format(CultureInfo.InvariantCulture, "a value of {0:N0} bytes", Length);
            return string.Format(CultureInfo.InvariantCulture, "the value of {0} holds, {1:N0} bytes in, the header of {2} ({3}; {4})",
                carrier, OffsetInValue, hidden, Encoding, value);
        }

        /// <inheritdoc/>
        public override string ToString() => Describe();
    }
}
