namespace Deid.Samples
{
    /// <summary>One marker New-DicomSample -PhiMarkers planted: the value, where it is, and its VR.</summary>
    public sealed class PhiMarker
    {
        internal PhiMarker(string marker, string elementPath, string keyword, string vr, bool keptByProfile = false)
        {
            Marker = marker;
            ElementPath = elementPath;
            Keyword = keyword;
            VR = vr;
            KeptByProfile = keptByProfile;
        }

        /// <summary>
        /// True for a marker in text the profile keeps on purpose (a descriptor of a standard attribute PS3.15 Table E.1-1
        /// does not list, such as LUT Explanation or Overlay Description): Test-DeidOutput does not report it where it
        /// stands, only where it is copied to.
        /// </summary>
        public bool KeptByProfile { get; }

        /// <summary>
        /// The value planted: "PHIMK0001"-style text, or a unique valid value of the VR (a date, time, date-time or UID no
        /// other element of the file holds).
        /// </summary>
        public string Marker { get; }

        /// <summary>deid's tag path of the element, e.g. (0040,0275)__0__(0008,1110)__0__(0008,1155); "Preamble" for the preamble.</summary>
        public string ElementPath { get; }

        /// <summary>The keyword path, e.g. RequestAttributesSequence__ReferencedStudySequence__ReferencedSOPInstanceUID (empty segments for private and unknown tags).</summary>
        public string Keyword { get; }

        /// <summary>The element's VR as written.</summary>
        public string VR { get; }

        /// <inheritdoc/>
        public override string ToString() => ElementPath + " " + VR + " " + Marker;
    }
}
