using System;
using System.Collections.Generic;

namespace Deid.Dicom
{
    /// <summary>
    /// Gives a dataset a new Specific Character Set (0008,0005) with its text rewritten to read the same, as pydicom does when
    /// a recipe replaces the element (it decodes every value with the old set and encodes it with the new one on writing).
    /// Relabelling alone (the bytes kept under the new term) turned a Latin-1 <c>Jérôme</c> under ISO_IR 192 into
    /// <c>J�r�me</c> for every reader (differential QA against deid 0.4.12, 2026-12-06, H1).
    /// </summary>
    public static class CharacterSetChange
    {
        /// <summary>
        /// Sets (0008,0005) of <paramref name="dataset"/> to <paramref name="value"/> (backslash-separated terms; empty for the
        /// default repertoire) and rewrites in the new set the text of the dataset and of the items inheriting its set. Text in
        /// no declared set keeps its bytes: the new value declares what they are. Nothing changes, and false is returned, when
        /// a value cannot be read in its set, holds characters the new set cannot write (pydicom would write '?' for them: a
        /// name lost), would outgrow its length field, or is left in the file beyond <paramref name="maxValueLength"/> bytes.
        /// </summary>
        /// <param name="dataset">The dataset whose own (0008,0005) is set: the top-level dataset, or an item.</param>
        /// <param name="value">The new value, e.g. <c>ISO_IR 192</c> or <c>\ISO 2022 IR 87</c>.</param>
        /// <param name="refusal">Why nothing changed; null when the set was changed.</param>
        /// <param name="maxValueLength">The largest value left in the source that is read to be rewritten.</param>
        public static bool TryApply(DicomDataset dataset, string value, out string? refusal, long maxValueLength = 16L << 20)
        {
            if (dataset == null) throw new ArgumentNullException(nameof(dataset));
            if (value == null) throw new ArgumentNullException(nameof(value));
            // The set it holds already: nothing to rewrite (a value its set cannot decode would otherwise refuse a no-op).
            if (dataset.TryGetElement(DicomTag.SpecificCharacterSet, out var own) && own.IsLoaded && SameTerms(dataset.GetString(DicomTag.SpecificCharacterSet) ?? "", value))
            {
                refusal = null;
                return true;
            }
            // A CS value holds the default repertoire only: 'ISO_IR é' (a recipe's REPLACE of every field, recipe fuzz seed 9)
            // cannot be written at all, and threw past the refusals below, ending the batch at its first file.
            foreach (char c in value)
            {
                if (c > 0x7E)
                {
                    refusal = $"'{value}' holds '{c}' (U+{(int)c:X4}), and a Specific Character Set value (VR CS) holds the default repertoire only";
                    return false;
                }
            }
            var target = value.Trim().Length == 0 ? DicomCharacterSet.Default : DicomCharacterSet.FromTerms(value.Split('\\'), out _);
            // Decoded first, all of them, while every dataset still reads with its old set.
            var texts = new List<(DicomDataset Holder, DicomTag Tag, DicomVR VR, string Text)>();
            refusal = Utf8Conversion.Collect(dataset, maxValueLength, texts, target, declaring: true);
            if (refusal != null) return false;
            if (value.Length == 0) dataset.SetEmpty(DicomTag.SpecificCharacterSet, DicomVR.CS);
            else dataset.SetString(DicomTag.SpecificCharacterSet, DicomVR.CS, value);
            foreach (var (holder, tag, vr, text) in texts) holder.SetString(tag, vr, text);
            return true;
        }

        private static bool SameTerms(string a, string b)
        {
            string[] x = a.Split('\\'), y = b.Split('\\');
            if (x.Length != y.Length) return false;
            for (int i = 0; i < x.Length; i++)
            {
                if (!string.Equals(x[i].Trim(), y[i].Trim(), StringComparison.Ordinal)) return false;
            }
            return true;
        }

        /// <summary>
        /// What is wrong with <paramref name="value"/> as a value of (0008,0005): a term PS3.3 C.12.1.1.2 does not define (one named
        /// as Python names an encoding, <c>UTF-8</c>, which other readers do not know), a misspelling, a term out of place. Empty
        /// when every term is defined and in its place, or the value is empty.
        /// </summary>
        public static IReadOnlyList<string> TermProblems(string value)
        {
            if (value == null) throw new ArgumentNullException(nameof(value));
            if (value.Trim().Length == 0) return Array.Empty<string>();
            DicomCharacterSet.FromTerms(value.Split('\\'), out var warnings);
            return warnings;
        }
    }
}
