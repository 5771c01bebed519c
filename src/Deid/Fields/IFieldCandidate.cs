using Deid.Dicom;

namespace Deid.Fields
{
    /// <summary>
    /// One element as deid lists it for matching (its <c>DicomField</c>): every element of the dataset and of the file meta, with
    /// sequence items flattened, each described by the strings deid compares field specs with. The engine builds these from a
    /// dataset once per layout; <see cref="FieldMatcher"/> only reads them.
    /// </summary>
    public interface IFieldCandidate
    {
        /// <summary>The element's tag.</summary>
        DicomTag Tag { get; }

        /// <summary>
        /// The dictionary keyword, or "" when there is none: private elements, unknown elements, and — as in pydicom, whose
        /// <c>DataElement.keyword</c> consults only the non-repeating dictionary — elements of repeating groups such as
        /// (60xx,3000) OverlayData and (50xx,xxxx) curves.
        /// </summary>
        string Keyword { get; }

        /// <summary>
        /// The dictionary name as pydicom gives it: "Patient's Name"; for private elements "[Name]" when the private dictionary knows
        /// the creator's element, "Private Creator" for a creator element (gggg,00xx), else "Private tag data"; "Group Length" for an
        /// unknown (gggg,0000); "" when unknown.
        /// </summary>
        string Name { get; }

        /// <summary>The element's VR as read (explicit VR) or looked up (implicit VR).</summary>
        DicomVR VR { get; }

        /// <summary>
        /// For a private data element (gggg,xxee) with xx ≥ 10, the value of its creator element (gggg,00xx); null for creator elements,
        /// public elements and when the creator is absent.
        /// </summary>
        string? PrivateCreator { get; }

        /// <summary>
        /// deid's <c>DicomField.name</c>: keywords from the top level down joined by "__" without item indexes, e.g.
        /// <c>ReferencedImageSequence__ReferencedSOPInstanceUID</c>; for an element without keyword the segment is "".
        /// </summary>
        string KeywordPath { get; }

        /// <summary>
        /// deid's <c>DicomField.uid</c>, unique per element: tags "(GGGG,EEEE)" (upper-case hex) and item indexes joined by "__",
        /// e.g. <c>(0008,1140)__0__(0008,1155)</c>.
        /// </summary>
        string TagPath { get; }

        /// <summary>True for elements of the file meta information (group 0002).</summary>
        bool IsFileMeta { get; }
    }
}
