using Deid.Dicom;

namespace Deid.Fields
{
    /// <summary>
    /// A DICOM keyword dictionary the recipe parser can consult to warn about keywords that name nothing. The codec's generated
    /// dictionary implements it through a small adapter; the parser works (without those warnings) when none is given.
    /// </summary>
    public interface IKeywordLookup
    {
        /// <summary>Finds the tag of a keyword, spelled exactly (case-sensitive), as pydicom's dictionary does.</summary>
        bool TryGetTag(string keyword, out DicomTag tag);
    }
}
