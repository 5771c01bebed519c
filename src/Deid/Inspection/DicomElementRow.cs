using System;
using Deid.Dicom;

namespace Deid.Inspection
{
    /// <summary>
    /// One line of a dataset listing: an element with its dictionary name and a display value. Nested elements carry
    /// their depth and the deid-style path of the sequences and items above them.
    /// </summary>
    public sealed class DicomElementRow
    {
        private readonly DicomDataset _dataset;
        private readonly DicomElement _element;

        internal DicomElementRow(DicomDataset dataset, DicomElement element, int depth, string path)
        {
            _dataset = dataset;
            _element = element;
            Depth = depth;
            Path = path;
            Keyword = DicomNames.Keyword(dataset, element.Tag);
            Name = DicomNames.Name(dataset, element.Tag);
        }

        // The dataset and the element are methods, read in PowerShell as the hidden properties Dataset and Element
        // (Deid.Types.ps1xml): as properties, Export-Csv, Format-List * and ConvertTo-Json wrote the whole dataset into every row,
        // and `$ds.Elements | ConvertTo-Json -Depth 20` ran out of memory.

        /// <summary>The dataset (file dataset or sequence item) holding the element.</summary>
        public DicomDataset GetDataset() => _dataset;

        /// <summary>The element.</summary>
        public DicomElement GetElement() => _element;

        /// <summary>The tag.</summary>
        public DicomTag Tag => _element.Tag;

        /// <summary>The VR's two letters ("PN"): text, as a table, a CSV cell and JSON want it.</summary>
        public string VR => _element.VR.ToString();

        /// <summary>The dictionary keyword; for private elements the private dictionary name, or empty.</summary>
        public string Keyword { get; }

        /// <summary>The dictionary name.</summary>
        public string Name { get; }

        /// <summary>Nesting depth: 0 for top-level elements.</summary>
        public int Depth { get; }

        /// <summary>The element's path in deid's notation, e.g. (0008,1110)__0__(0008,1155).</summary>
        public string Path { get; }

        /// <summary>The value length in bytes (-1 for sequences and encapsulated pixel data).</summary>
        public long Length => _element.Length;

        /// <summary>
        /// The value as the dataset's keyword properties give it (<see cref="ScriptValue.Convert"/>: numbers as numbers, AT as tag
        /// text, Pixel Data as its length and place); null for a sequence, whose items' elements are rows of their own in
        /// AllElements.
        /// </summary>
        public object? Value => _element.IsSequence ? null : ScriptValue.Convert(DicomDataset.GetEffectiveVR(_element), _dataset.GetValue(_element));

        /// <summary>The value as one line of text, as a listing shows it.</summary>
        public string DisplayValue => DicomDump.FormatValue(_dataset, _element, int.MaxValue);

        /// <inheritdoc/>
        public override string ToString() => $"{Tag} {VR} {Keyword}";
    }

    /// <summary>Names of tags for display: keywords and names from the data dictionary and the private dictionary.</summary>
    internal static class DicomNames
    {
        /// <summary>The keyword of <paramref name="tag"/>, or a private dictionary name, or empty.</summary>
        public static string Keyword(DicomDataset dataset, DicomTag tag)
        {
            if (tag.IsPrivate)
            {
                if (tag.IsPrivateCreator) return "PrivateCreator";
                var creator = dataset.GetPrivateCreator(tag);
                if (creator != null && PrivateDictionary.TryGetEntry(creator, tag, out var p)) return p.Name;
                return string.Empty;
            }
            return DicomDictionary.TryGetEntry(tag, out var e) ? e.Keyword : string.Empty;
        }

        /// <summary>The name of <paramref name="tag"/>, or a private dictionary name, or empty.</summary>
        public static string Name(DicomDataset dataset, DicomTag tag)
        {
            if (tag.IsPrivate)
            {
                if (tag.IsPrivateCreator) return "Private Creator";
                var creator = dataset.GetPrivateCreator(tag);
                if (creator != null && PrivateDictionary.TryGetEntry(creator, tag, out var p)) return p.Name;
                return string.Empty;
            }
            return DicomDictionary.TryGetEntry(tag, out var e) ? e.Name : string.Empty;
        }

        /// <summary>Resolves a keyword or a tag spelling ((gggg,eeee), gggg,eeee, ggggeeee, 0xggggeeee) to a tag.</summary>
        public static bool TryResolve(string keywordOrTag, out DicomTag tag)
        {
            if (string.IsNullOrWhiteSpace(keywordOrTag))
            {
                tag = default;
                return false;
            }
            var s = keywordOrTag.Trim();
            if (DicomDictionary.TryGetTag(s, out tag)) return true;
            if (DicomTag.TryParse(s, out tag)) return true;
            return DicomDictionary.TryGetTagIgnoreCase(s, out tag);
        }

        internal static string Ellipsize(string s, int max) => s.Length <= max ? s : s.Substring(0, Math.Max(0, max - 3)) + "...";
    }
}
