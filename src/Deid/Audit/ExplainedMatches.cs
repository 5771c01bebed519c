using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Text;
using Deid.Dicom;

namespace Deid.Audit
{
    /// <summary>
    /// Matches that text an output keeps on purpose accounts for, which are not leaks (leak QA 3 MEDIUM-4, leak QA 4 MEDIUM-5).
    /// A search of the raw bytes finds a value wherever its bytes stand; a value is not reported where it is found no more often
    /// than the following hold it, and is wherever else it is found:
    /// <list type="bullet">
    /// <item>a text value (LO, SH, ST, LT, UT, UC; not a name, date, UID or URL) of a standard attribute the profile keeps (one
    /// Table E.1-1 lists neither itself nor in a sequence holding it), in the output's elements of that same attribute: a
    /// Convolution Kernel kept where it stands;</item>
    /// <item>a short person-name part, as the whole value of a coded attribute (a Code String of defined terms, the Coding Scheme
    /// Designator, the Rescale Type): a patient HEAD^EDITH and Body Part Examined HEAD;</item>
    /// <item>a description, as the whole value of such a coded attribute: a study described as "Chest" and Body Part Examined
    /// CHEST;</item>
    /// <item>a description, inside the Code Meaning of a code from a standard scheme (DCM, SCT, LN, ...; not a local one): a
    /// series described as "Dose Report" and the document title "X-Ray Radiation Dose Report" (leak QA 6, MEDIUM-3);</item>
    /// <item>any value, inside a longer word of text the recipe writes: a Scheduled Procedure Step ID "ANON" inside ANONYMOUS
    /// (a word of its own there, the patient's name written by a careless recipe, still counts);</item>
    /// <item>a private text value (a private creator too), as the whole Manufacturer, Manufacturer's Model Name or Software
    /// Versions, or as their start when it has eight characters or more: a vendor's model name repeated in its private block,
    /// or cut to fit a shorter slot;</item>
    /// <item>any value, inside the de-identification record: the recipe's own Deidentification Method text and the CID 7050 code
    /// meanings (a department named DEFAULT inside "Deid.PowerShell default recipe");</item>
    /// <item>the creator of a private block the file declares safe or Table E.3.10-1 lists, in the creators and creator
    /// references of such blocks.</item>
    /// </list>
    /// Nothing else excuses: leak QA 5 showed that any looser rule (every "descriptor" inside any kept text, text the recipe
    /// cleans) let identifying attributes copied into kept text through.
    /// </summary>
    internal sealed class ExplainedMatches
    {
        private static readonly Encoding Latin1 = Encoding.GetEncoding(28591);
        private static readonly DicomTag PrivateCreatorReference = new DicomTag(0x0008, 0x0302);
        private static readonly DicomTag RescaleType = new DicomTag(0x0028, 0x1054);
        private static readonly DicomTag CodeMeaning = new DicomTag(0x0008, 0x0104);

        private readonly DicomFile? _output;
        private readonly ICollection<string> _writtenLiterals = Array.Empty<string>();
        private bool _read;

        // Folded bytes of the kept values of each unlisted standard attribute, by tag.
        private readonly Dictionary<uint, List<byte[]>> _kept = new Dictionary<uint, List<byte[]>>();
        // Folded whole values → how many elements hold them: coded attributes, device facts, safe creators and their references.
        private readonly Dictionary<string, int> _coded = new Dictionary<string, int>(StringComparer.Ordinal);
        private readonly Dictionary<string, int> _device = new Dictionary<string, int>(StringComparer.Ordinal);
        private readonly Dictionary<string, int> _creators = new Dictionary<string, int>(StringComparer.Ordinal);
        // Folded bytes of the values equal to text the recipe writes.
        private readonly List<byte[]> _written = new List<byte[]>();
        // Folded bytes of the de-identification record: the recipe's own DeidentificationMethod text and the CID 7050 meanings. A
        // department named DEFAULT was found in "Deid.PowerShell default recipe", a ROI named patient in "Retain Patient
        // Characteristics Option" (referee sweep 2026-12-06): any match inside them is the record's own words.
        private readonly List<byte[]> _record = new List<byte[]>();
        private static readonly DicomTag DeidentificationMethod = new DicomTag(0x0012, 0x0063);
        private static readonly DicomTag DeidentificationMethodCodeSequence = new DicomTag(0x0012, 0x0064);
        // Folded bytes of the Code Meanings of codes from standard schemes: vocabulary, not what anyone typed about a patient.
        private readonly List<byte[]> _standardMeanings = new List<byte[]>();
        // Each needle's capacity for each value it stands for, in the order of its owners: asked once to decide whether to count,
        // and again for each owner when its matches are recorded.
        private readonly Dictionary<NeedleSet.Needle, int[]> _capacities = new Dictionary<NeedleSet.Needle, int[]>();

        private ExplainedMatches()
        {
        }

        private ExplainedMatches(DicomFile output, ICollection<string> writtenLiterals)
        {
            _output = output;
            _writtenLiterals = writtenLiterals;
        }

        /// <summary>None: nothing is explained.</summary>
        public static ExplainedMatches None { get; } = new ExplainedMatches();

        /// <summary>
        /// The kept text of <paramref name="output"/> (read up to its Pixel Data), and the values equal to text the recipe writes
        /// (<paramref name="writtenLiterals"/>). Read when a match first asks: most outputs have none.
        /// </summary>
        public static ExplainedMatches Collect(DicomFile? output, ICollection<string> writtenLiterals) =>
            output == null ? None : new ExplainedMatches(output, writtenLiterals);

        private void Read()
        {
            _read = true;
            if (_output != null) Read(_output.Dataset, false);
        }

        // underListed: inside a sequence Table E.1-1 lists (or a private one), where nothing is kept on the profile's word.
        private void Read(DicomDataset dataset, bool underListed)
        {
            foreach (var element in dataset.Elements)
            {
                if (element.Sequence is DicomSequence sequence)
                {
                    bool listed = underListed || element.Tag.IsPrivate || Deid.Profile.ListedAttributes.Contains(element.Tag);
                    for (int i = 0; i < sequence.Count; i++) Read(sequence[i], listed);
                    continue;
                }
                if (!element.IsLoaded || element.RawValue.Length == 0) continue;
                var tag = element.Tag;
                var vr = DicomDataset.GetAttributeVR(element);
                if (!(AuditRules.IsTextCandidate(vr) || vr == DicomVR.CS) || tag.Group == 0x0002) continue;
                bool safeCreator = tag.IsPrivateCreator && IsSafeCreator(dataset, element);
                bool kept = !underListed && IsKeptAttribute(tag, vr);
                bool written = _writtenLiterals.Count > 0;
                if (tag == CodeMeaning && Deid.Profile.CodingSchemes.IsStandard(dataset.GetString(DicomTags.CodingSchemeDesignator)) && dataset.GetString(element) is string meaning && meaning.Trim().Length > 0)
                    _standardMeanings.Add(Folded(dataset, meaning.Trim(), vr));
                if (tag == DeidentificationMethod || (tag == CodeMeaning && dataset.Parent != null && dataset.ParentTag == DeidentificationMethodCodeSequence))
                {
                    foreach (string s in dataset.GetStrings(element, vr))
                    {
                        string v = s.Trim();
                        if (v.Length > 0 && (_writtenLiterals.Contains(v) || Deid.Profile.DeidentificationMethodCodes.TryGetByMeaning(v, out _))) _record.Add(Folded(dataset, v, vr));
                    }
                }
                if (!kept && !safeCreator && !written) continue;
                foreach (string s in dataset.GetStrings(element, vr))
                {
                    string v = s.Trim();
                    if (v.Length == 0) continue;
                    string folded = v.ToLowerInvariant();
                    if (written && _writtenLiterals.Contains(v)) _written.Add(Folded(dataset, v, vr));
                    if (safeCreator || (kept && tag == PrivateCreatorReference)) Increment(_creators, folded);
                    if (!kept) continue;
                    if (!_kept.TryGetValue(tag.Value, out var list)) _kept.Add(tag.Value, list = new List<byte[]>());
                    list.Add(Folded(dataset, v, vr));
                    if (IsCodedAttribute(tag, vr)) Increment(_coded, folded);
                    if (tag == DicomTags.Manufacturer || tag == DicomTags.ManufacturerModelName || tag == DicomTags.SoftwareVersions) Increment(_device, folded);
                }
            }
        }

        private static void Increment(Dictionary<string, int> counts, string key)
        {
            counts.TryGetValue(key, out int n);
            counts[key] = n + 1;
        }

        // A standard attribute the profile keeps: known to the dictionary, not private, not a person name, not listed.
        private static bool IsKeptAttribute(DicomTag tag, DicomVR vr) =>
            !tag.IsPrivate && vr != DicomVR.PN && DicomDictionary.TryGetEntry(tag, out _) && !Deid.Profile.ListedAttributes.Contains(tag);

        // Defined terms: a Code String other than a label, name, identifier, description or comment people type (Content
        // Label holds whatever its author chose), the Coding Scheme Designator and the Rescale Type.
        private static bool IsCodedAttribute(DicomTag tag, DicomVR vr)
        {
            if (tag == DicomTags.CodingSchemeDesignator || tag == RescaleType) return true;
            if (vr != DicomVR.CS || !DicomDictionary.TryGetEntry(tag, out var entry)) return false;
            string k = entry.Keyword;
            return !(k.Contains("Label") || k.Contains("Name") || k.Contains("ID") || k.Contains("Identifier") || k.Contains("Description") || k.Contains("Comment"));
        }

        private static bool IsSafeCreator(DicomDataset holder, DicomElement element)
        {
            string creator = holder.GetString(element) ?? string.Empty;
            return creator.Length > 0 && (Deid.Fields.SafePrivateAttributes.IsSafeCreator(creator, element.Tag.Group)
                || Deid.Fields.DeclaredSafePrivate.Of(holder).HasSafeElements(creator, element.Tag.Group));
        }

        // The value's bytes as the file holds them, folded as the search folds the output.
        private static byte[] Folded(DicomDataset holder, string value, DicomVR vr)
        {
            byte[] bytes = holder.CharacterSet.EncodeForSearch(value, vr) ?? Latin1.GetBytes(value);
            NeedleSet.Fold(bytes);
            return bytes;
        }

        /// <summary>
        /// The most matches of <paramref name="needle"/> the kept text accounts for, for any of the values it stands for (0: none
        /// is explained, and its matches need not be counted).
        /// </summary>
        public int Capacity(NeedleSet.Needle needle)
        {
            int most = 0;
            foreach (int n in Capacities(needle)) most = Math.Max(most, n);
            return most;
        }

        /// <summary>
        /// How many matches of <paramref name="needle"/> the kept text accounts for as each value it stands for, in the order of
        /// <see cref="NeedleSet.Needle.Owners"/>; empty when nothing is explained.
        /// </summary>
        [MethodImpl(HotPath.Optimized)]
        public int[] Capacities(NeedleSet.Needle needle)
        {
            if (_output == null) return Array.Empty<int>();
            if (_capacities.TryGetValue(needle, out var known)) return known;
            if (!_read) Read();
            var capacities = new int[needle.Owners.Count];
            for (int i = 0; i < capacities.Length; i++) capacities[i] = Capacity(needle, needle.Owners[i].Value);
            _capacities[needle] = capacities;
            return capacities;
        }

        private int Capacity(NeedleSet.Needle needle, AuditValue value)
        {
            int n = 0;
            foreach (var text in _written) n += CountInsideWords(text, needle);
            foreach (var text in _record) n += CountIn(text, needle);
            DicomTag own = OwnTag(value.ElementPath);
            string whole = value.Value.Trim().ToLowerInvariant();
            string needleText = Latin1.GetString(needle.Bytes);
            if (value.Category == LeakCategory.Retained && Deid.Profile.NestedTextCleaner.IsFreeText(value.VRCode) && _kept.TryGetValue(own.Value, out var texts))
            {
                foreach (var text in texts) n += CountIn(text, needle);
            }
            if (value.VRCode == DicomVR.PN && needle.Word && _coded.TryGetValue(needleText, out int coded)) n += coded;
            if (IsDescription(value, own))
            {
                if (string.Equals(needleText, whole, StringComparison.Ordinal) && _coded.TryGetValue(whole, out int codes)) n += codes;
                foreach (var meaning in _standardMeanings) n += CountIn(meaning, needle);
            }
            // A private creator too: Mortara's block creator "Mortara Instrument, Inc." is its Manufacturer (referee sweep 2026-12-06).
            if (own.IsPrivate && Deid.Profile.NestedTextCleaner.IsFreeText(value.VRCode) && string.Equals(needleText, whole, StringComparison.Ordinal))
            {
                if (_device.TryGetValue(whole, out int device)) n += device;
                // A model name cut to a shorter private slot ("LightSpeed Ultr" of "LightSpeed Ultra", an SH of 16): the start of a
                // kept device fact, eight characters or more (referee sweep 2026-12-06: every GE file of the sweep was flagged).
                else if (whole.Length >= 8)
                {
                    foreach (var fact in _device)
                    {
                        if (fact.Key.Length > whole.Length && fact.Key.StartsWith(whole, StringComparison.Ordinal)) n += fact.Value;
                    }
                }
            }
            if ((own.IsPrivateCreator || own == PrivateCreatorReference) && _creators.ContainsKey(whole))
            {
                // Inside a longer safe creator too: the creators ZZCORP and ZZCORP2 hold ZZCORP twice each, with their references
                // (QA of 2026-12-07: a file declaring both safe was reported for ZZCORP).
                foreach (var creator in _creators) n += creator.Value * Occurrences(creator.Key, whole);
            }
            return n;
        }

        private static int Occurrences(string text, string part)
        {
            int n = 0;
            for (int at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + 1, StringComparison.Ordinal)) n++;
            return n;
        }

        // A description of the study, the series or a procedure (Study Description, Performed Procedure Step Description).
        private static bool IsDescription(AuditValue value, DicomTag own) =>
            Deid.Profile.NestedTextCleaner.IsFreeText(value.VRCode) && value.Keyword.EndsWith("Description", StringComparison.Ordinal) && !own.IsPrivate;

        /// <summary>The element's own tag, the last of its path; none (default) for the preamble.</summary>
        internal static DicomTag OwnTag(string elementPath)
        {
            DicomTag own = default;
            if (!elementPath.StartsWith("(", StringComparison.Ordinal)) return own;
            foreach (var tag in Deid.Fields.FieldPath.Tags(elementPath)) own = tag;
            return own;
        }

        private static int CountIn(byte[] text, NeedleSet.Needle needle)
        {
            int n = 0;
            for (long at = NeedleSet.Find(text, needle, 0); at >= 0; at = NeedleSet.Find(text, needle, (int)at + 1)) n++;
            return n;
        }

        // Matches inside a longer word of the text: a letter right before or after them ("anon" in "anonymous").
        private static int CountInsideWords(byte[] text, NeedleSet.Needle needle)
        {
            int n = 0;
            for (long at = NeedleSet.Find(text, needle, 0); at >= 0; at = NeedleSet.Find(text, needle, (int)at + 1))
            {
                int start = (int)at, end = start + needle.Bytes.Length;
                bool before = start > 0 && AccentedMatch.IsAsciiLetter(text[start - 1]);
                bool after = end < text.Length && AccentedMatch.IsAsciiLetter(text[end]);
                if (before || after) n++;
            }
            return n;
        }

        /// <summary>
        /// True for a marker New-DicomSample -PhiMarkers plants in a standard attribute the profile keeps (a text attribute of
        /// VR LO, SH, ST, LT, UT or UC that Table E.1-1 lists neither itself nor in a sequence holding it, outside the file meta):
        /// found only where it stands, it is not a leak.
        /// </summary>
        internal static bool IsKeptByProfile(string tagPath, DicomVR vr)
        {
            if (!tagPath.StartsWith("(", StringComparison.Ordinal) || !Deid.Profile.NestedTextCleaner.IsFreeText(vr)) return false;
            DicomTag own = default;
            foreach (var tag in Deid.Fields.FieldPath.Tags(tagPath))
            {
                if (tag.IsPrivate || Deid.Profile.ListedAttributes.Contains(tag)) return false;
                own = tag;
            }
            return own.Group != 0x0002 && DicomDictionary.TryGetEntry(own, out _);
        }
    }
}
