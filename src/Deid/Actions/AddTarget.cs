using Deid.Dicom;
using Deid.Fields;

namespace Deid.Actions
{
    /// <summary>The element an ADD creates, and the VR it gets.</summary>
    internal static class AddTarget
    {
        /// <summary>
        /// The element an ADD names: a keyword (its dictionary VR), a tag "ggggeeee" or "(gggg,eeee)" (dictionary VR, else ST as
        /// deid's add_tag), or a private creator spec whose creator reserves a block in the dataset.
        /// </summary>
        public static bool TryResolve(DicomDataset dataset, FieldSpec spec, out DicomTag tag, out DicomVR vr, out string why)
        {
            tag = default;
            vr = DicomVR.ST;
            why = string.Empty;
            switch (spec.Kind)
            {
                case FieldSpecKind.Keyword:
                case FieldSpecKind.Other:
                    if (spec.TryGetKeywordTag(out tag))
                    {
                        vr = DictionaryVR(tag, dataset);
                        return true;
                    }
                    why = $"'{spec.Text}' is not a DICOM keyword; nothing added.";
                    return false;
                case FieldSpecKind.Tag when spec.Tag.HasValue:
                    tag = spec.Tag.Value;
                    vr = DictionaryVR(tag, dataset);
                    return true;
                case FieldSpecKind.PrivateTag:
                    if (spec.PrivateCreator != null && dataset.TryFindPrivateTag(spec.PrivateGroup, spec.PrivateCreator, spec.PrivateElementOffset, out tag))
                    {
                        vr = PrivateDictionary.TryGetEntry(spec.PrivateCreator, tag, out var p) && p.VR != DicomVR.None ? p.VR : DicomVR.UN;
                        return true;
                    }
                    why = $"no private block of creator '{spec.PrivateCreator}' in group {spec.PrivateGroup:X4}; nothing added.";
                    return false;
                default:
                    why = $"ADD needs one element (a keyword or a tag), not '{spec.Text}'; nothing added.";
                    return false;
            }
        }

        /// <summary>
        /// The dictionary's VR; for "US or SS" (Pixel Padding Value, Smallest Image Pixel Value, ...), SS where the image's Pixel
        /// Representation (in this dataset or an enclosing one) says its pixels are signed, as PS3.5 A.1 has the writer choose:
        /// always US, ADD PixelPaddingValue -2000 into a signed CT was refused (writer QA 2026-12-06).
        /// </summary>
        private static DicomVR DictionaryVR(DicomTag tag, DicomDataset dataset)
        {
            if (!DicomDictionary.TryGetEntry(tag, out var entry) || entry.VR == DicomVR.None) return DicomVR.ST;
            var vrs = entry.AllowedVRs;
            if (vrs.Count == 2 && vrs[0] == DicomVR.US && vrs[1] == DicomVR.SS && SignedPixels(dataset)) return DicomVR.SS;
            return entry.VR;
        }

        private static bool SignedPixels(DicomDataset dataset)
        {
            for (DicomDataset? d = dataset; d != null; d = d.Parent)
            {
                if (d.GetNumbers(DicomTags.PixelRepresentation) is double[] n && n.Length > 0) return n[0] == 1;
            }
            return false;
        }
    }
}
