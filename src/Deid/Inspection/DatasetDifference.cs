using Deid.Dicom;

namespace Deid.Inspection
{
    /// <summary>How an element differs between the reference and the difference dataset.</summary>
    public enum DatasetChangeKind
    {
        /// <summary>The element (or sequence item) is in both, with the same VR and value.</summary>
        Equal,

        /// <summary>The element (or sequence item) is only in the difference dataset.</summary>
        Added,

        /// <summary>The element (or sequence item) is only in the reference dataset.</summary>
        Removed,

        /// <summary>The element is in both, with another VR or value.</summary>
        Changed,
    }

    /// <summary>
    /// One line of a dataset comparison: an element (or a sequence item) named by its deid-style path, with its value
    /// before (reference) and after (difference). Bulk values such as Pixel Data show their length and a SHA-256 digest
    /// instead of their bytes.
    /// </summary>
    public sealed class DatasetDifference
    {
        internal DatasetDifference(
            DatasetChangeKind kind,
            bool isFileMeta,
            DicomTag tag,
            string path,
            string keywordPath,
            string? vr,
            string? before,
            string? after,
            string? privateCreator,
            string? referenceFile,
            string? differenceFile)
        {
            ReferenceFile = referenceFile;
            DifferenceFile = differenceFile;
            Kind = kind;
            IsFileMeta = isFileMeta;
            Tag = tag;
            Path = path;
            KeywordPath = keywordPath;
            VR = vr;
            Before = before;
            After = after;
            PrivateCreator = privateCreator;
        }

        /// <summary>Added, Removed, Changed, or Equal (the last only when equal elements were asked for).</summary>
        public DatasetChangeKind Kind { get; }

        /// <summary>True for elements of the file meta information (group 0002), which is not part of the dataset proper.</summary>
        public bool IsFileMeta { get; }

        /// <summary>"Meta" for the file meta information, "Dataset" for the dataset.</summary>
        public string Part => IsFileMeta ? "Meta" : "Dataset";

        /// <summary>The tag of the element; for a sequence item, the tag of its sequence.</summary>
        public DicomTag Tag { get; }

        /// <summary>The path in deid's notation, e.g. (0040,0275)__0__(0008,1110)__0__(0008,1155); an item ends in its index.</summary>
        public string Path { get; }

        /// <summary>The same path with keywords where the dictionary has them, e.g. RequestAttributesSequence__0__ReferencedStudySequence.</summary>
        public string KeywordPath { get; }

        /// <summary>The VR; "before->after" when it changed; null for a sequence item.</summary>
        public string? VR { get; }

        /// <summary>The value in the reference dataset as one line of text; null when the element is added.</summary>
        public string? Before { get; }

        /// <summary>The value in the difference dataset as one line of text; null when the element is removed.</summary>
        public string? After { get; }

        /// <summary>The private creator of a private element (the one of the reference when both have one and they differ).</summary>
        public string? PrivateCreator { get; }

        /// <summary>The file the reference dataset was read from, when it was read from a file.</summary>
        public string? ReferenceFile { get; }

        /// <summary>The file the difference dataset was read from, when it was read from a file.</summary>
        public string? DifferenceFile { get; }

        /// <summary>The path, kind and values, for debugging and plain-text output.</summary>
        public override string ToString() => $"{Kind} {Path} {KeywordPath}: {Before ?? "(absent)"} -> {After ?? "(absent)"}";
    }
}
