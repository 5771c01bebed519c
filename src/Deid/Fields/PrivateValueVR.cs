using Deid.Dicom;

namespace Deid.Fields
{
    /// <summary>
    /// The VR pydicom reads a private element stored as UN with (hooks.raw_element_vr): a private creator is LO; a data element
    /// whose creator and tag the private dictionary knows takes the dictionary's VR (but SQ, which the reader already reads as a
    /// sequence); any other keeps its own. What deid's filters print and get_identifiers shows are made from the value so read.
    /// </summary>
    internal static class PrivateValueVR
    {
        /// <summary>The VR to read <paramref name="element"/> of <paramref name="holder"/> as: <see cref="DicomDataset.GetEffectiveVR"/>, or for a loaded private UN the VR above.</summary>
        public static DicomVR Of(DicomDataset holder, in DicomElement element)
        {
            var vr = DicomDataset.GetEffectiveVR(element);
            var tag = element.Tag;
            if (vr != DicomVR.UN || !tag.IsPrivate || !element.IsLoaded || element.IsSequence) return vr;
            if (tag.IsPrivateCreator) return DicomVR.LO;
            string? creator = CreatorOf(holder, tag);
            return creator != null && PrivateDictionary.TryGetEntry(creator, tag, out var entry) && entry.VR != DicomVR.None && entry.VR != DicomVR.SQ
                ? entry.VR : vr;
        }

        /// <summary>The creator of a private data element (gggg,xxee), read as pydicom reads it (a creator written as UN is LO); null when it has none.</summary>
        public static string? CreatorOf(DicomDataset holder, DicomTag tag)
        {
            if (tag.Element < 0x1000 || !holder.TryGetElement(tag.GetPrivateCreatorTag(), out var creator) || !creator.IsLoaded) return null;
            var values = holder.GetStrings(creator, DicomVR.LO);
            return values.Length == 0 ? null : string.Join("\\", values);
        }
    }
}
