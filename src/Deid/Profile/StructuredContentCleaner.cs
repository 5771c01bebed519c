using System;
using Deid.Dicom;

namespace Deid.Profile
{
    /// <summary>
    /// The Clean Structured Content Option of PS3.15 (E.3.4): walks a tree of content items (Content Sequence, Acquisition
    /// Context Sequence, Specimen Preparation Sequence, Content Item Modifier Sequence, nested at any depth) and gives each
    /// item the action Table E.3.4-1 names for its concept name and value type, under the options the recipe declares:
    /// X removes the item (and its children) from its parent's sequence — a sequence left without items is removed, as its
    /// Type 1C condition says, except a specimen preparation step's content items (Type 1), whose first item then stays with
    /// a dummy value and no children; D (and X/D, Z/D, ...) writes a dummy value of the value type, keeping the item in the tree;
    /// K keeps it; C cleans its text with the descriptor cleaner. Items the table does not list keep their place: their free text
    /// (TEXT values, code meanings, a local scheme's code values) is cleaned and person names (PNAME) become ANONYMOUS^. UIDs (UIDREF, references of
    /// COMPOSITE/IMAGE/WAVEFORM items) and dates are left to the recipe's own rows for (0040,A124), (0008,1155), (0040,A120) ...,
    /// which replace them consistently at every depth; replacing them here again would break that consistency.
    /// </summary>
    internal sealed class StructuredContentCleaner
    {
        internal static readonly DicomTag ContentSequence = new DicomTag(0x0040, 0xA730);
        internal static readonly DicomTag SpecimenPreparationStepContentItemSequence = new DicomTag(0x0040, 0x0612);
        internal static readonly DicomTag ContentItemModifierSequence = new DicomTag(0x0040, 0x0441);
        internal static readonly DicomTag AcquisitionContextSequence = new DicomTag(0x0040, 0x0555);
        private static readonly DicomTag ValueType = new DicomTag(0x0040, 0xA040);
        private static readonly DicomTag ConceptNameCodeSequence = new DicomTag(0x0040, 0xA043);
        private static readonly DicomTag ConceptCodeSequence = new DicomTag(0x0040, 0xA168);
        private static readonly DicomTag CodeValue = new DicomTag(0x0008, 0x0100);
        private static readonly DicomTag CodingSchemeDesignator = new DicomTag(0x0008, 0x0102);
        private static readonly DicomTag LongCodeValue = new DicomTag(0x0008, 0x0119);
        private static readonly DicomTag UrnCodeValue = new DicomTag(0x0008, 0x0120);
        private static readonly DicomTag TextValue = new DicomTag(0x0040, 0xA160);
        private static readonly DicomTag PersonName = new DicomTag(0x0040, 0xA123);
        private static readonly DicomTag DateTimeValue = new DicomTag(0x0040, 0xA120);
        private static readonly DicomTag DateValue = new DicomTag(0x0040, 0xA121);
        private static readonly DicomTag TimeValue = new DicomTag(0x0040, 0xA122);
        private static readonly DicomTag MeasuredValueSequence = new DicomTag(0x0040, 0xA300);
        private static readonly DicomTag NumericValue = new DicomTag(0x0040, 0xA30A);

        private readonly NestedTextCleaner _text;
        private readonly ProfileOptions _options;

        public StructuredContentCleaner(NestedTextCleaner text, ProfileOptions options)
        {
            _text = text ?? throw new ArgumentNullException(nameof(text));
            _options = options;
        }

        /// <summary>Content items removed (X), with their children.</summary>
        public int ItemsRemoved { get; private set; }

        /// <summary>Content items given a dummy value (D).</summary>
        public int ItemsReplaced { get; private set; }

        /// <summary>
        /// Cleans the sequence <paramref name="tag"/> of <paramref name="holder"/> and everything below it; removes the sequence
        /// when no item is left, but for the Acquisition Context Sequence, which is Type 2 (PS3.3 C.7.6.14) and stays, empty.
        /// </summary>
        public void Clean(DicomDataset holder, DicomTag tag)
        {
            var sequence = holder.GetSequence(tag);
            if (sequence == null) return;
            CleanItems(sequence, keepOne: tag == SpecimenPreparationStepContentItemSequence);
            // Removed when every item went, the Acquisition Context Sequence left its module invalid (leak QA 7, F8: an ECG whose
            // only context item was a comment naming the patient); emptied, nothing of the items is left either.
            if (sequence.Count == 0 && tag != AcquisitionContextSequence) holder.Remove(tag);
        }

        // keepOne: the sequence is Type 1 (a specimen preparation step's content items, PS3.3 C.7.6.22), so it may not be
        // emptied: when every item is X, the first is kept with a dummy value (D) where its value type has one (leak QA 6,
        // LOW-1: a step holding only a Specimen Identifier lost the sequence, and dciodvfy reported the missing Type 1 element).
        private void CleanItems(DicomSequence sequence, bool keepOne)
        {
            for (int i = sequence.Count - 1; i >= 0; i--)
            {
                var item = sequence[i];
                if (Decide(item) == "X")
                {
                    if (keepOne && i == 0 && sequence.Count == 1 && WriteDummy(item, (item.GetString(ValueType) ?? string.Empty).Trim()))
                    {
                        ItemsReplaced++;
                        RemoveChildren(item);
                        continue;
                    }
                    sequence.RemoveAt(i);
                    ItemsRemoved++;
                    continue;
                }
                // Children of an item, the steps of a specimen preparation and the modifiers of a concept are content items too
                // (leak QA 6: a Person ID or Device Observer Name used as a modifier was kept with its value).
                Clean(item, ContentSequence);
                Clean(item, SpecimenPreparationStepContentItemSequence);
                Clean(item, ContentItemModifierSequence);
            }
        }

        // An X item kept with a dummy keeps nothing below it: its children went with it had it been removed.
        private void RemoveChildren(DicomDataset item)
        {
            foreach (var tag in new[] { ContentSequence, SpecimenPreparationStepContentItemSequence, ContentItemModifierSequence })
            {
                if (item.GetSequence(tag) is DicomSequence children)
                {
                    ItemsRemoved += children.Count;
                    item.Remove(tag);
                }
            }
        }

        /// <summary>Applies the item's action except removal; returns "X" when the item must go.</summary>
        private string Decide(DicomDataset item)
        {
            string valueType = (item.GetString(ValueType) ?? string.Empty).Trim();
            if (!TryConcept(item, out string scheme, out string value)
                || !StructuredContentTable.TryGetAction(scheme, value, valueType, _options, out var action))
            {
                CleanUnlisted(item, valueType);
                return "";
            }
            switch (action.Code)
            {
                case "K":
                    return "";
                case "C":
                    CleanUnlisted(item, valueType);
                    return "";
                case "X":
                    return "X";
                default:
                    // D, X/D, Z/D, X/Z/D: a dummy keeps the item, so the template's structure (and a Type 1 item) survives. A CODE
                    // has no dummy: its code is kept, cleaned as an unlisted one's is (a local meaning or value is typed text).
                    if (WriteDummy(item, valueType)) ItemsReplaced++;
                    else if (valueType == "CODE") CleanUnlisted(item, valueType);
                    return "";
            }
        }

        private static bool TryConcept(DicomDataset item, out string scheme, out string value)
        {
            scheme = value = string.Empty;
            var names = item.GetSequence(ConceptNameCodeSequence);
            if (names == null || names.Count == 0) return false;
            var code = names[0];
            scheme = code.GetString(CodingSchemeDesignator) ?? string.Empty;
            value = code.GetString(CodeValue) ?? code.GetString(LongCodeValue) ?? code.GetString(UrnCodeValue) ?? string.Empty;
            return scheme.Length > 0 && value.Length > 0;
        }

        private void CleanUnlisted(DicomDataset item, string valueType)
        {
            switch (valueType)
            {
                case "TEXT":
                    _text.CleanElement(item, TextValue);
                    break;
                case "PNAME":
                    _text.CleanElement(item, PersonName);
                    break;
                case "CODE":
                    // Each code as the nested cleaner takes code items anywhere: its meaning, and a local scheme's value, as text.
                    if (item.GetSequence(ConceptCodeSequence) is DicomSequence codes) _text.CleanBelow(codes);
                    break;
            }
        }

        private static bool WriteDummy(DicomDataset item, string valueType)
        {
            switch (valueType)
            {
                case "TEXT": return Set(item, TextValue, "ANONYMOUS");
                case "PNAME": return Set(item, PersonName, NestedTextCleaner.PersonNameDummy);
                case "DATE": return Set(item, DateValue, "19000101");
                case "TIME": return Set(item, TimeValue, "000000");
                case "DATETIME": return Set(item, DateTimeValue, "19000101000000");
                case "NUM":
                    if (!(item.GetSequence(MeasuredValueSequence) is DicomSequence measured)) return false;
                    foreach (var m in measured) Set(m, NumericValue, "0");
                    return measured.Count > 0;
                default:
                    // UIDREF, COMPOSITE, IMAGE, WAVEFORM: their UIDs are the recipe's consistent replacements; CODE has no dummy.
                    return false;
            }
        }

        private static bool Set(DicomDataset item, DicomTag tag, string value)
        {
            if (!item.TryGetElement(tag, out var e)) return false;
            item.SetString(tag, DicomDataset.GetEffectiveVR(e), value);
            return true;
        }
    }
}
