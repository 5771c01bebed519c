using System;
using System.Collections.Generic;
using System.Text;
using Deid.Dicom;

namespace Deid.Audit
{
    /// <summary>
    /// Short words an output holds as whole coded values: a Code String (Body Part Examined HEAD, Laterality, Image Type) or a
    /// standard attribute the profile keeps that takes defined terms or device names (Rescale Type HU, Convolution Kernel BONE).
    /// A patient named HEAD^EDITH or HU^WEI would otherwise be reported as a name leak in every CT of theirs (leak QA 3,
    /// MEDIUM-4): a short name part found in the output no more often than such values hold it is explained by them.
    /// </summary>
    internal sealed class CodedValues
    {
        private static readonly Encoding Latin1 = Encoding.GetEncoding(28591);

        // Folded (ASCII lower case) value → how many elements' values of the output equal it.
        private readonly Dictionary<string, int> _counts = new Dictionary<string, int>(StringComparer.Ordinal);

        private CodedValues()
        {
        }

        /// <summary>None: nothing is explained.</summary>
        public static CodedValues None { get; } = new CodedValues();

        /// <summary>The short coded values of <paramref name="written"/> (the output read up to its Pixel Data), at any depth.</summary>
        public static CodedValues Collect(DicomFile? written)
        {
            if (written == null) return None;
            var coded = new CodedValues();
            foreach (var (holder, element) in written.Dataset.EnumerateRecursive())
            {
                if (element.IsSequence || !element.IsLoaded || element.RawValue.Length == 0 || !IsCoded(element)) continue;
                foreach (string s in holder.GetStrings(element, DicomDataset.GetAttributeVR(element)))
                {
                    string v = s.Trim();
                    if (!AuditForms.IsWordOnly(v) || v.Length == 0) continue;
                    string key = v.ToLowerInvariant();
                    coded._counts.TryGetValue(key, out int n);
                    coded._counts[key] = n + 1;
                }
            }
            return coded;
        }

        // A standard attribute (never private: its meaning is not known) whose values are codes: CS; or text the profile keeps,
        // neither a person name nor listed in Table E.1-1 (ConvolutionKernel, RescaleType).
        private static bool IsCoded(DicomElement element)
        {
            var tag = element.Tag;
            if (tag.IsPrivate || tag.Group == 0x0002) return false;
            var vr = DicomDataset.GetAttributeVR(element);
            if (vr == DicomVR.CS) return true;
            if (!(vr == DicomVR.SH || vr == DicomVR.LO)) return false;
            return DicomDictionary.TryGetEntry(tag, out _) && !Deid.Profile.ListedAttributes.Contains(tag);
        }

        /// <summary>
        /// How many of the output's coded values are the word <paramref name="needle"/> stands for (a word-only form), 0 when
        /// none is or the needle is not a word-only one.
        /// </summary>
        public int Count(NeedleSet.Needle needle)
        {
            if (!needle.Word || _counts.Count == 0) return 0;
            return _counts.TryGetValue(Latin1.GetString(needle.Bytes), out int n) ? n : 0;
        }

        /// <summary>
        /// True when every match of a word-only <paramref name="needle"/> in <paramref name="haystack"/> (folded; the first at
        /// <paramref name="first"/>) may be one of the output's coded values: there are no more matches than such values.
        /// </summary>
        public bool Explains(ReadOnlySpan<byte> haystack, NeedleSet.Needle needle, long first)
        {
            int codes = Count(needle);
            if (codes == 0) return false;
            int matches = 1;
            for (long at = NeedleSet.Find(haystack, needle, (int)first + 1); at >= 0; at = NeedleSet.Find(haystack, needle, (int)at + 1))
            {
                if (++matches > codes) return false;
            }
            return true;
        }
    }
}
