using System;
using System.Collections.Generic;
using System.Text;
using Deid.Dicom;

namespace Deid.Audit
{
    /// <summary>
    /// Matches an output's own kept text accounts for, which are not leaks (leak QA 3 MEDIUM-4, leak QA 4 MEDIUM-5): a search of
    /// the raw bytes finds a value wherever its bytes stand, also inside text the profile keeps on purpose or the recipe wrote.
    /// A value is not a leak where it is found no more often than such text holds it:
    /// <list type="bullet">
    /// <item>a short person-name part (HEAD^EDITH, HU^WEI) where a kept coded value is that word as a whole (Body Part Examined
    /// HEAD, Rescale Type HU);</item>
    /// <item>any value inside a value the recipe writes itself (a Scheduled Procedure Step ID "ANON" inside ANONYMOUS);</item>
    /// <item>a descriptor — text that describes, not a person's name, ID, date or address: a study description, an ROI name, a
    /// vendor's model name in a private tag — inside text the profile keeps: a standard attribute Table E.1-1 does not list
    /// (Body Part Examined CHEST, Manufacturer, the Deidentification Method, a procedure's code meaning, the element's own kept
    /// Convolution Kernel), or one the recipe cleans with clean_descriptor.</item>
    /// </list>
    /// Found more often than that, or in any other value, it counts.
    /// </summary>
    internal sealed class ExplainedMatches
    {
        private static readonly Encoding Latin1 = Encoding.GetEncoding(28591);

        // Folded (ASCII lower case) short coded value → how many elements' values of the output equal it.
        private readonly Dictionary<string, int> _coded = new Dictionary<string, int>(StringComparer.Ordinal);
        // Folded bytes of the values the recipe wrote, and of the text the profile keeps.
        private readonly List<byte[]> _written = new List<byte[]>();
        private readonly List<byte[]> _kept = new List<byte[]>();
        private readonly Dictionary<NeedleSet.Needle, int> _capacity = new Dictionary<NeedleSet.Needle, int>();

        private readonly DicomFile? _output;
        private readonly ICollection<string> _writtenLiterals = Array.Empty<string>();
        private readonly ICollection<uint> _cleanedTags = Array.Empty<uint>();
        private bool _read;

        private ExplainedMatches()
        {
        }

        private ExplainedMatches(DicomFile output, ICollection<string> writtenLiterals, ICollection<uint> cleanedTags)
        {
            _output = output;
            _writtenLiterals = writtenLiterals;
            _cleanedTags = cleanedTags;
        }

        /// <summary>None: nothing is explained.</summary>
        public static ExplainedMatches None { get; } = new ExplainedMatches();

        /// <summary>
        /// The kept text of <paramref name="output"/> (read up to its Pixel Data), at any depth: its coded and unlisted standard
        /// values, the values equal to text the recipe writes (<paramref name="writtenLiterals"/>), and the values of the tags the
        /// recipe cleans (<paramref name="cleanedTags"/>). Read when a match first asks: most outputs have none.
        /// </summary>
        public static ExplainedMatches Collect(DicomFile? output, ICollection<string> writtenLiterals, ICollection<uint> cleanedTags) =>
            output == null ? None : new ExplainedMatches(output, writtenLiterals, cleanedTags);

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
                var vr = DicomDataset.GetAttributeVR(element);
                var kind = KindOf(dataset, element, vr, underListed, _cleanedTags);
                bool written = _writtenLiterals.Count > 0 && AuditRules.IsTextCandidate(vr);
                if (kind == Kind.None && !written) continue;
                foreach (string s in dataset.GetStrings(element, vr))
                {
                    string v = s.Trim();
                    if (v.Length == 0) continue;
                    if (written && _writtenLiterals.Contains(v)) _written.Add(Folded(dataset, v, vr));
                    if (kind == Kind.None) continue;
                    _kept.Add(Folded(dataset, v, vr));
                    if (kind != Kind.Coded || !AuditForms.IsWordOnly(v)) continue;
                    string key = v.ToLowerInvariant();
                    _coded.TryGetValue(key, out int n);
                    _coded[key] = n + 1;
                }
            }
        }

        private enum Kind
        {
            None,
            Coded,
            Kept,
        }

        // Coded: CS, and text of a standard attribute the table does not list (whose whole value may be a defined term or a
        // device's name: Rescale Type, Convolution Kernel, Coding Scheme Designator). Kept: any other unlisted standard text,
        // the tags the recipe cleans, and the creators of safe private blocks. Never a person name, another private element (its
        // meaning is not known), the file meta, or anything inside a sequence the table lists unless the recipe cleans it.
        private static Kind KindOf(DicomDataset holder, DicomElement element, DicomVR vr, bool underListed, ICollection<uint> cleanedTags)
        {
            var tag = element.Tag;
            // The creator of a block the file declares safe (0008,0300) or Table E.3.10-1 lists names a vendor's block, kept
            // with it by retain-safe-private (leak QA 4, LOW-6: every such output was Leaked by its creator).
            if (tag.IsPrivateCreator) return IsSafeCreator(holder, element) ? Kind.Kept : Kind.None;
            if (tag.IsPrivate || tag.Group == 0x0002 || vr == DicomVR.PN || !vr.Descriptor.IsText) return Kind.None;
            if (cleanedTags.Contains(tag.Value)) return Kind.Kept;
            if (underListed || !DicomDictionary.TryGetEntry(tag, out _) || Deid.Profile.ListedAttributes.Contains(tag)) return Kind.None;
            return vr == DicomVR.CS || vr == DicomVR.SH || vr == DicomVR.LO ? Kind.Coded : Kind.Kept;
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

        /// <summary>How many matches of <paramref name="needle"/> the kept text accounts for.</summary>
        public int Capacity(NeedleSet.Needle needle)
        {
            if (_output == null) return 0;
            if (_capacity.TryGetValue(needle, out int known)) return known;
            if (!_read) Read();
            int n = 0;
            if (needle.Word && _coded.Count > 0 && _coded.TryGetValue(Latin1.GetString(needle.Bytes), out int coded)) n += coded;
            foreach (var text in _written) n += CountIn(text, needle);
            if (IsDescriptor(needle))
            {
                foreach (var text in _kept) n += CountIn(text, needle);
            }
            _capacity[needle] = n;
            return n;
        }

        private static int CountIn(byte[] text, NeedleSet.Needle needle)
        {
            int n = 0;
            for (long at = NeedleSet.Find(text, needle, 0); at >= 0; at = NeedleSet.Find(text, needle, (int)at + 1)) n++;
            return n;
        }

        // Every value the needle stands for describes rather than identifies a person.
        private static bool IsDescriptor(NeedleSet.Needle needle)
        {
            foreach (var (value, _) in needle.Owners)
            {
                if (!IsDescriptor(value)) return false;
            }
            return true;
        }

        /// <summary>
        /// True for a value that describes: text (or a printable run of a private or unknown binary value) whose attribute is
        /// not a person's name, an ID or number, a date or time, a UID, an address, a telephone number or an e-mail address.
        /// </summary>
        internal static bool IsDescriptor(AuditValue value) => IsDescriptor(value.VRCode, value.Keyword);

        /// <summary>
        /// True for text an output may hold where it stands on the profile's word: a descriptor (<see cref="IsDescriptor(AuditValue)"/>)
        /// of a standard attribute outside the file meta that Table E.1-1 lists neither itself nor in a sequence holding it, and
        /// no private element on its path. Found only where it stands, such a value is not a leak.
        /// </summary>
        internal static bool IsKeptByProfile(string tagPath, string keywordPath, DicomVR vr)
        {
            if (!tagPath.StartsWith("(", StringComparison.Ordinal) || vr == DicomVR.PN || !IsDescriptor(vr, keywordPath)) return false;
            DicomTag own = default;
            foreach (var tag in Deid.Fields.FieldPath.Tags(tagPath))
            {
                if (tag.IsPrivate || Deid.Profile.ListedAttributes.Contains(tag)) return false;
                own = tag;
            }
            return own.Group != 0x0002 && DicomDictionary.TryGetEntry(own, out _);
        }

        private static bool IsDescriptor(DicomVR vr, string keyword)
        {
            bool text = vr == DicomVR.LO || vr == DicomVR.SH || vr == DicomVR.ST || vr == DicomVR.LT || vr == DicomVR.UT || vr == DicomVR.UC
                || vr == DicomVR.OB || vr == DicomVR.UN || vr == DicomVR.OW || vr == DicomVR.None;
            if (!text) return false;
            int last = keyword.LastIndexOf("__", StringComparison.Ordinal);
            if (last >= 0) keyword = keyword.Substring(last + 2);
            return !(keyword.EndsWith("ID", StringComparison.Ordinal) || keyword.EndsWith("IDs", StringComparison.Ordinal)
                || keyword.IndexOf("Number", StringComparison.Ordinal) >= 0 || keyword.IndexOf("Address", StringComparison.Ordinal) >= 0
                || keyword.IndexOf("Telephone", StringComparison.Ordinal) >= 0 || keyword.IndexOf("Telecom", StringComparison.Ordinal) >= 0
                || keyword.IndexOf("Mail", StringComparison.Ordinal) >= 0 || keyword.IndexOf("Date", StringComparison.Ordinal) >= 0
                || keyword.IndexOf("Time", StringComparison.Ordinal) >= 0 || (keyword.IndexOf("Name", StringComparison.Ordinal) >= 0 && IsPersonsName(keyword)));
        }

        // Names of persons written in a text VR (Patient's Birth Name is PN; these are LO): other names of the patient, the
        // mother's birth name in old files, a person's name in a Content Creator's field.
        private static bool IsPersonsName(string keyword) =>
            keyword.IndexOf("Patient", StringComparison.Ordinal) >= 0 || keyword.IndexOf("Person", StringComparison.Ordinal) >= 0
            || keyword.IndexOf("Physician", StringComparison.Ordinal) >= 0 || keyword.IndexOf("Operator", StringComparison.Ordinal) >= 0
            || keyword.IndexOf("Observer", StringComparison.Ordinal) >= 0;

        /// <summary>
        /// True when every match of <paramref name="needle"/> in <paramref name="haystack"/> (folded; the first at
        /// <paramref name="first"/>) may be one the kept text accounts for: there are no more matches than it holds.
        /// </summary>
        public bool Explains(ReadOnlySpan<byte> haystack, NeedleSet.Needle needle, long first)
        {
            int capacity = Capacity(needle);
            if (capacity == 0) return false;
            int matches = 1;
            for (long at = NeedleSet.Find(haystack, needle, (int)first + 1); at >= 0; at = NeedleSet.Find(haystack, needle, (int)at + 1))
            {
                if (++matches > capacity) return false;
            }
            return true;
        }
    }
}
