using System.Globalization;
using System.Runtime.CompilerServices;
using Deid.Dicom;

namespace Deid.Fields
{
    /// <summary>
    /// One element as deid lists it (its <c>DicomField</c>): where it is (the dataset holding it and its tag), and the names recipes
    /// match it by — keyword, dictionary name, nested keyword path and tag path such as <c>(0040,0275)__0__(0008,1110)__0__(0008,1155)</c>.
    /// </summary>
    public sealed class DeidField : FieldCandidateBase, ICachedFieldText
    {
        private string? _tagString;
        private string? _strippedTag;
        private string? _keywordPathLower;
        private string? _tagStringLower;
        private string? _creatorSyntax;
        private string? _creatorSyntaxParenthesized;

        [MethodImpl(HotPath.Optimized)]
        internal DeidField(DicomDataset holder, in DicomElement element, string keywordPath, string tagPath, bool isFileMeta)
            : this(holder, element, CreatorOf(holder, element.Tag), keywordPath, tagPath, isFileMeta)
        {
        }

        // As pydicom: a sequence read from UN (or implicit VR) is SQ, and UN of a tag the dictionary knows takes the dictionary's VR.
        [MethodImpl(HotPath.Optimized)]
        private DeidField(DicomDataset holder, in DicomElement element, string? creator, string keywordPath, string tagPath, bool isFileMeta)
            : base(element.Tag, KeywordOf(element.Tag), NameOf(element.Tag, creator), element.IsSequence ? DicomVR.SQ : DicomDataset.GetEffectiveVR(element),
                creator, keywordPath, tagPath, isFileMeta)
        {
            Holder = holder;
        }

        /// <summary>The dataset (file dataset, file meta or sequence item) holding the element.</summary>
        public DicomDataset Holder { get; }

        /// <summary>Its position in the one <see cref="FieldList"/> that lists it (every field is made for one listing), or -1.</summary>
        internal int ListIndex { get; set; } = -1;

        private static string? CreatorOf(DicomDataset holder, DicomTag tag) =>
            tag.IsPrivate && tag.Element >= 0x1000 ? holder.GetPrivateCreator(tag) : null;

        // Made on first use and kept for the file's run (see ICachedFieldText). A top-level tag path is the tag string itself.
        string ICachedFieldText.TagString => _tagString ??= TagPath.Length == 11 ? TagPath : Tag.ToString();

        string ICachedFieldText.StrippedTag => _strippedTag ??= Tag.ToHexString();

        string ICachedFieldText.KeywordPathLower => _keywordPathLower ??= KeywordPath.ToLowerInvariant();

        string ICachedFieldText.TagStringLower => _tagStringLower ??= ((ICachedFieldText)this).TagString.ToLowerInvariant();

        string ICachedFieldText.CreatorSyntax => _creatorSyntax ??= FieldMatcher.PrivateCreatorSyntax(this, PrivateCreator ?? "None");

        string ICachedFieldText.CreatorSyntaxParenthesized => _creatorSyntaxParenthesized ??= "(" + ((ICachedFieldText)this).CreatorSyntax + ")";

        /// <summary>True when the element is nested in a sequence item.</summary>
        public bool IsNested => FieldPath.IsNested(TagPath);

        /// <summary>The element as it is now in its dataset; false when it has been removed.</summary>
        public bool TryGetElement(out DicomElement element) => Holder.TryGetElement(Tag, out element);

        /// <summary>True when the element is still present.</summary>
        public bool IsPresent => Holder.Contains(Tag);

        /// <summary>The current value as a .NET object (text, numbers, items), or null when removed or empty.</summary>
        public object? Value => TryGetElement(out var e) ? Holder.GetValue(e) : null;

        /// <summary>The current value as text, as deid's <c>str(value)</c> would show it for matching; empty when removed or empty.</summary>
        public string ValueText
        {
            get
            {
                if (!TryGetElement(out var e)) return string.Empty;
                if (!e.IsLoaded) return string.Empty;
                return Holder.GetString(e) ?? string.Empty;
            }
        }

        /// <summary>pydicom's keyword: the dictionary keyword, empty for private, unknown and repeating-group elements.</summary>
        [MethodImpl(HotPath.Optimized)]
        internal static string KeywordOf(DicomTag tag)
        {
            if (tag.IsPrivate) return string.Empty;
            // Synthesised group-length entries and (gggg,xxxx) patterns are "repeating": pydicom gives them no keyword.
            return DicomDictionary.TryGetEntry(tag, out var entry) && !entry.IsRepeating ? entry.Keyword : string.Empty;
        }

        /// <summary>pydicom's element name: dictionary name; "[Name]" for known private elements; "Private Creator"; "Private tag data".</summary>
        [MethodImpl(HotPath.Optimized)]
        internal static string NameOf(DicomTag tag, string? creator)
        {
            if (tag.IsPrivate)
            {
                if (tag.IsPrivateCreator) return "Private Creator";
                if (creator != null && PrivateDictionary.TryGetEntry(creator, tag, out var p)) return "[" + p.Name + "]";
                return "Private tag data";
            }
            if (DicomDictionary.TryGetEntry(tag, out var entry)) return entry.Name;
            return string.Empty;
        }

        /// <summary>The tag path, keyword path and VR.</summary>
        public override string ToString() => string.Format(CultureInfo.InvariantCulture, "{0} [{1}] {2}", TagPath, KeywordPath, VR);
    }
}
