using System;
using System.Collections.Generic;
using Deid.Dicom;
using Deid.Fields;

namespace Deid.Inspection
{
    /// <summary>
    /// A dataset as users browse it: values by keyword or tag (<c>view["PatientID"]</c>, <c>view["(0010,0020)"]</c>),
    /// sequences as arrays of nested views, and a listing of elements. What Get-DicomDataset returns.
    /// </summary>
    public sealed class DicomDatasetView
    {
        /// <summary>Creates a view of a file's dataset.</summary>
        public DicomDatasetView(DicomFile file, string? path)
        {
            _file = file ?? throw new ArgumentNullException(nameof(file));
            _dataset = file.Dataset;
            Path = path ?? file.SourcePath;
        }

        /// <summary>Creates a view of a dataset (a sequence item, or a dataset built in memory).</summary>
        public DicomDatasetView(DicomDataset dataset, string? path = null, string? itemPath = null)
        {
            _dataset = dataset ?? throw new ArgumentNullException(nameof(dataset));
            Path = path;
            ItemPath = itemPath;
        }

        // File, Dataset, the element listings and the file meta are methods, not properties: ConvertTo-Json writes every public
        // property of the object, and these would bring the preamble, the codec's internals and depth warnings into what
        // should be the elements by keyword. PowerShell reads them as (hidden) properties from module/Deid.Types.ps1xml.
        private readonly DicomFile? _file;
        private readonly DicomDataset _dataset;

        /// <summary>The file, when this is a file's dataset ($ds.File in PowerShell).</summary>
        public DicomFile? GetFile() => _file;

        /// <summary>The dataset ($ds.Dataset in PowerShell).</summary>
        public DicomDataset GetDataset() => _dataset;

        /// <summary>The path of the file the dataset belongs to.</summary>
        public string? Path { get; }

        /// <summary>For a sequence item, its deid-style path, e.g. (0008,1110)__0; null for a file's dataset.</summary>
        public string? ItemPath { get; }

        /// <summary>The transfer syntax of the file, when this is a file's dataset.</summary>
        public TransferSyntax? TransferSyntax => _file?.TransferSyntax;

        /// <summary>
        /// The number of elements at this level. (Not "Count": PowerShell's intrinsic Count of a single object must
        /// stay 1, or <c>(Get-DicomDataset x.dcm).Count</c> would report elements instead of files.)
        /// </summary>
        public int ElementCount => _dataset.Count;

        /// <summary>
        /// The value of an element named by keyword or tag; sequences come back as arrays of item views; null when absent.
        /// </summary>
        public object? this[string keywordOrTag]
        {
            get
            {
                // (gggg,"CREATOR",ee), as recipes name a private element (read by the recipes' own parser): its block differs
                // from file to file (QA 2026-12-07).
                if (Deid.Fields.FieldSpec.TryParse(keywordOrTag?.Trim(), out var spec, out _) && spec.Kind == Deid.Fields.FieldSpecKind.PrivateTag)
                    return _dataset.TryFindPrivateTag(spec.PrivateGroup, spec.PrivateCreator!, spec.PrivateElementOffset, out var privateTag) ? this[privateTag] : null;
                if (!DicomNames.TryResolve(keywordOrTag!, out var tag)) throw new ArgumentException($"'{keywordOrTag}' is neither a DICOM keyword nor a tag, nor a private element as (gggg,\"CREATOR\",ee).", nameof(keywordOrTag));
                return this[tag];
            }
        }

        /// <summary>The value of the element with <paramref name="tag"/>; see the string indexer.</summary>
        public object? this[DicomTag tag] => _dataset.TryGetElement(tag, out var e) ? ValueOf(e) : null;

        /// <summary>The file meta information (group 0002) as a view, when this is a file's dataset ($ds.FileMetaInformation).</summary>
        public DicomDatasetView? GetFileMetaInformation() => _file == null ? null : new DicomDatasetView(_file.FileMetaInformation, Path, "meta");

        /// <summary>The elements at this level as rows (Tag, VR, Keyword, Value) ($ds.Elements).</summary>
        public IReadOnlyList<DicomElementRow> GetElements()
        {
            var rows = new List<DicomElementRow>(_dataset.Count);
            foreach (var e in _dataset.Elements) rows.Add(new DicomElementRow(_dataset, e, 0, FieldPath.Child(ParentPath, e.Tag.ToString())));
            return rows;
        }

        // The top-level dataset and the file meta have no item path: their elements' paths are their tags.
        private string? ParentPath => ItemPath == null || ItemPath == "meta" ? null : ItemPath;

        /// <summary>Every element, nested ones included, depth first ($ds.AllElements).</summary>
        public IReadOnlyList<DicomElementRow> GetAllElements() => DicomDump.Rows(_dataset);

        /// <summary>
        /// The value of an element in the form scripts want: text, numbers (IS and DS parsed, see <see cref="ScriptValue.Convert"/>),
        /// item views for sequences.
        /// </summary>
        public object? ValueOf(in DicomElement element)
        {
            if (element.Sequence is DicomSequence seq)
            {
                var items = new DicomDatasetView[seq.Count];
                string basePath = FieldPath.Child(ParentPath, element.Tag.ToString());
                for (int i = 0; i < seq.Count; i++) items[i] = new DicomDatasetView(seq[i], Path, FieldPath.Item(basePath, i));
                return items;
            }
            return ScriptValue.Convert(DicomDataset.GetEffectiveVR(element), _dataset.GetValue(element));
        }

        /// <summary>
        /// (Keyword, value) for each element at this level whose tag has a keyword, for scripting conveniences: values as
        /// <see cref="ValueOf"/> gives them, and after each date its <c>&lt;Keyword&gt;AsDateTime</c> companion
        /// (<see cref="ScriptValue.Properties"/>); then each private element (its creator's too) and each standard element the
        /// dictionary names no keyword for, under its tag, "(0009,1001)": ConvertTo-Json and Export-Csv left them out, and they
        /// are the vendor blocks that hold identity (QA 2026-12-07).
        /// </summary>
        public IEnumerable<KeyValuePair<string, object?>> NamedValues()
        {
            var elements = new List<KeyValuePair<string, KeyValuePair<DicomVR, object?>>>(_dataset.Count);
            List<KeyValuePair<string, object?>>? byTag = null;
            foreach (var e in _dataset.Elements)
            {
                if (e.Tag.IsGroupLength) continue;
                object? raw = e.Sequence != null ? ValueOf(e) : _dataset.GetValue(e);
                if (e.Tag.IsPrivate || !DicomDictionary.TryGetEntry(e.Tag, out var entry) || entry.Keyword.Length == 0)
                {
                    (byTag ??= new List<KeyValuePair<string, object?>>()).Add(new KeyValuePair<string, object?>(e.Tag.ToString(), e.Sequence != null ? raw : ScriptValue.Convert(DicomDataset.GetEffectiveVR(e), raw)));
                    continue;
                }
                elements.Add(new KeyValuePair<string, KeyValuePair<DicomVR, object?>>(entry.Keyword, new KeyValuePair<DicomVR, object?>(DicomDataset.GetEffectiveVR(e), raw)));
            }
            var named = ScriptValue.Properties(elements);
            if (byTag == null) return named;
            var all = new List<KeyValuePair<string, object?>>(named);
            all.AddRange(byTag);
            return all;
        }

        /// <summary>The dcmdump-like listing of this dataset, values cut to <paramref name="maxValueWidth"/> characters.</summary>
        public string ToDumpString(int maxValueWidth = 64) => DicomDump.Format(_dataset, maxValueWidth);

        /// <summary>The path (or item path) of the dataset.</summary>
        public override string ToString() => ItemPath ?? Path ?? "(dataset)";
    }
}
