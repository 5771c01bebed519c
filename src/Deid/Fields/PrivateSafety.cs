using Deid.Dicom;

namespace Deid.Fields
{
    /// <summary>
    /// The Retain Safe Private Option's judgement of one private element (the expander <c>select:private:unsafe</c>): safe are the
    /// elements PS3.15 Table E.3.10-1 lists for their creator, group and element byte, and those the file declares safe in
    /// (0008,0300) (<see cref="DeclaredSafePrivate"/>), in any block the creator occupies; a creator element is safe when its
    /// block holds safe elements, so that they stay readable. Unsafe is every other element of an odd group: data elements
    /// without a creator, (gggg,0001–000F), group lengths, and any PN (a PN always names a person, whatever a table says).
    /// Elements nested in a safe private sequence are judged on their own.
    /// </summary>
    internal static class PrivateSafety
    {
        /// <summary>True when <paramref name="candidate"/> is a private element the option removes.</summary>
        public static bool IsUnsafe(IFieldCandidate candidate)
        {
            var tag = candidate.Tag;
            if ((tag.Group & 1) == 0) return false;
            if (candidate.VR == DicomVR.PN) return true;
            ushort element = tag.Element;
            var declared = candidate is DeidField field ? DeclaredSafePrivate.Of(field.Holder) : null;
            if (element >= 0x0010 && element <= 0x00FF)
            {
                // A creator element: its value is the creator, known only for an element of a file.
                if (!(candidate is DeidField creatorField)) return true;
                string creator = creatorField.ValueText;
                if (creator.Length == 0) return true;
                return !(SafePrivateAttributes.IsSafeCreator(creator, tag.Group) || (declared != null && declared.HasSafeElements(creator, tag.Group)));
            }
            if (element < 0x1000 || candidate.PrivateCreator == null) return true;
            byte elementByte = (byte)(element & 0xFF);
            return !(SafePrivateAttributes.IsSafeElement(candidate.PrivateCreator, tag.Group, elementByte)
                || (declared != null && declared.IsSafeElement(candidate.PrivateCreator, tag.Group, elementByte)));
        }
    }
}
