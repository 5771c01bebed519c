using Deid.Dicom;

namespace Deid.Fields
{
    /// <summary>
    /// The Retain Safe Private Option's judgement of one private element (the expander <c>select:private:unsafe</c>): safe are the
    /// elements PS3.15 Table E.3.10-1 lists for their creator, group and element byte, and those the file declares safe in
    /// (0008,0300) (<see cref="DeclaredSafePrivate"/>), in any block the creator occupies; a creator element is safe when its
    /// block holds safe elements, so that they stay readable. Unsafe is every other element of an odd group: data elements
    /// without a creator, (gggg,0001–000F), group lengths, any PN (a PN always names a person, whatever a table says), and a
    /// listed element whose value is not of the VR the table gives it (text in a number's slot).
    /// Elements nested in a safe private sequence are judged on their own.
    /// </summary>
    internal static class PrivateSafety
    {
        /// <summary>The value of <c>select:private:unsafe</c>: the private elements the option removes.</summary>
        internal const string UnsafeValue = "unsafe";

        /// <summary>
        /// The value of <c>select:private:safe</c>: the private data elements the option keeps (creators excepted). The option's
        /// recipe cleans their text: the table vouches for a slot's meaning, not for what someone typed into it.
        /// </summary>
        internal const string SafeValue = "safe";

        /// <summary>
        /// True when <paramref name="candidate"/> is a private data element (not a creator, (gggg,0001–00FF)) the option keeps.
        /// </summary>
        public static bool IsSafeDataElement(IFieldCandidate candidate) =>
            (candidate.Tag.Group & 1) == 1 && candidate.Tag.Element >= 0x1000 && !IsUnsafe(candidate);

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
            // Declared safe by the file, which gives no VR: a value read as UN that holds text it cannot clean (not text as a
            // whole, but with text inside: a sequence item stored as bytes) goes (leak QA 4, MEDIUM-4).
            if (declared != null && declared.IsSafeElement(candidate.PrivateCreator, tag.Group, elementByte))
                return candidate is DeidField d && d.TryGetElement(out var de) && HoldsUncleanableText(de);
            string? safeVR = SafePrivateAttributes.SafeVR(candidate.PrivateCreator, tag.Group, elementByte);
            if (safeVR == null) return true;
            // The table vouches for a kind of value (a number, a code), not for whatever a writer put in the slot: a value that
            // is not of the table's VR is not the value the table calls safe.
            return candidate is DeidField f && f.TryGetElement(out var e) && !ValueFits(safeVR, e);
        }

        /// <summary>
        /// True when <paramref name="element"/>'s value can be a value of the VR <paramref name="safeVR"/> the table gives: its own
        /// VR is that one (or UN, as implicit VR private elements often read), and its bytes are what that VR allows — digits and
        /// signs for DS and IS, capitals for CS, digits and dots for UI, whole numbers of binary values. Text VRs (LO, SH, LT, ...)
        /// hold any text; the table's word is taken for them. A value too large to hold in the header is not a number or a code.
        /// </summary>
        internal static bool ValueFits(string safeVR, in DicomElement element)
        {
            if (safeVR.Length == 0) return true;
            // A sequence the table lists is kept for its items, each judged on its own; stored as bytes (UN that the reader
            // could not take for items: 37 of the table's sequences are in no private dictionary) nothing inside would be seen.
            if (safeVR == "SQ") return element.IsSequence;
            var vr = DicomDataset.GetEffectiveVR(element);
            if (vr != DicomVR.UN && !string.Equals(vr.ToString(), safeVR, System.StringComparison.Ordinal)) return false;
            if (!element.IsLoaded) return !IsJudgedByBytes(safeVR);
            var bytes = element.RawValue.Span;
            switch (safeVR)
            {
                // Values are padded to even length with a space, or by some writers (and for UN) with a NUL.
                case "DS": return AllOf(bytes, "0123456789+-.eE \\\0");
                case "IS": return AllOf(bytes, "0123456789+- \\\0");
                case "CS": return AllOf(bytes, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_ \\\0");
                case "UI": return AllOf(bytes, "0123456789.\\\0");
                case "DA": case "TM": case "DT": return AllOf(bytes, "0123456789.+- \\\0");
                case "US": case "SS": return bytes.Length % 2 == 0;
                case "UL": case "SL": case "FL": return bytes.Length % 4 == 0;
                case "FD": return bytes.Length % 8 == 0;
                // Text read as UN is cleaned as text; bytes that only hold text inside cannot be.
                case "LO": case "SH": case "LT": case "ST": case "UT": case "UC": return vr != DicomVR.UN || !HoldsUncleanableText(element);
                default: return true;
            }
        }

        /// <summary>Printable runs this long in binary bytes are text (the leak audit's measure).</summary>
        private const int TextRun = 8;

        /// <summary>
        /// True when <paramref name="element"/> is read as UN and holds text that cannot be cleaned: its bytes are not text as a
        /// whole (which the option's clean_descriptor cleans) but hold a printable run of eight bytes or more (a sequence item or
        /// a vendor blob stored as bytes), or are too large to have been read.
        /// </summary>
        internal static bool HoldsUncleanableText(in DicomElement element)
        {
            if (element.IsSequence || DicomDataset.GetEffectiveVR(element) != DicomVR.UN) return false;
            if (!element.IsLoaded) return true;
            var bytes = element.RawValue.Span;
            if (IsPrintableText(bytes)) return false;
            int run = 0;
            foreach (byte b in bytes)
            {
                run = b >= 0x20 && b < 0x7F ? run + 1 : 0;
                if (run >= TextRun) return true;
            }
            return false;
        }

        /// <summary>
        /// True when <paramref name="bytes"/> are text: no control byte but tab, line and page ends and the escape of ISO 2022
        /// (letters of other scripts, in any of the character sets, are bytes from 0x80 up), with the padding of an even length
        /// (a space or a NUL) at the end; not empty. Binary numbers nearly always hold a control byte (a zero).
        /// </summary>
        internal static bool IsPrintableText(System.ReadOnlySpan<byte> bytes)
        {
            int end = bytes.Length;
            while (end > 0 && (bytes[end - 1] == 0 || bytes[end - 1] == ' ')) end--;
            if (end == 0) return false;
            for (int i = 0; i < end; i++)
            {
                byte b = bytes[i];
                if ((b < 0x20 && b != '\t' && b != '\r' && b != '\n' && b != '\f' && b != 0x1B) || b == 0x7F) return false;
            }
            return true;
        }

        private static bool IsJudgedByBytes(string vr) =>
            vr == "DS" || vr == "IS" || vr == "CS" || vr == "UI" || vr == "DA" || vr == "TM" || vr == "DT";

        private static bool AllOf(System.ReadOnlySpan<byte> bytes, string allowed)
        {
            foreach (byte b in bytes)
            {
                if (allowed.IndexOf((char)b) < 0) return false;
            }
            return true;
        }
    }
}
