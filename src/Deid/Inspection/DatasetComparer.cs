using System;
using System.Collections.Generic;
using System.Globalization;
using Deid.Dicom;
using Deid.Fields;

namespace Deid.Inspection
{
    /// <summary>
    /// Compares two datasets element by element, nested sequence items included, the way a reviewer checks a
    /// de-identification run: what was added, removed or changed, under deid-style paths. Elements are paired by tag at
    /// each level and sequence items by index; the file meta information (group 0002) is compared as its own part.
    /// </summary>
    public static class DatasetComparer
    {
        /// <summary>Binary values longer than this are shown as length and digest rather than as hex.</summary>
        private const int MaxInlineBytes = 64;

        /// <summary>Longer text values are cut: a comparison line is for reading, the dataset has the whole value.</summary>
        private const int MaxValueWidth = 1024;

        /// <summary>
        /// The differences between two files: the file meta information first (flagged <see cref="DatasetDifference.IsFileMeta"/>),
        /// then the dataset. Pixel Data left in the files is read in chunks to hash it, never whole.
        /// </summary>
        /// <param name="reference">The file before (e.g. the original).</param>
        /// <param name="difference">The file after (e.g. the de-identified copy).</param>
        /// <param name="includeEqual">Also list the elements that did not change, as <see cref="DatasetChangeKind.Equal"/>.</param>
        public static List<DatasetDifference> Compare(DicomFile reference, DicomFile difference, bool includeEqual = false)
        {
            if (reference == null) throw new ArgumentNullException(nameof(reference));
            if (difference == null) throw new ArgumentNullException(nameof(difference));
            var run = new Run(includeEqual, reference.SourcePath, difference.SourcePath);
            run.CompareLevel(reference.FileMetaInformation, difference.FileMetaInformation, null, null, isFileMeta: true);
            run.CompareLevel(reference.Dataset, difference.Dataset, null, null, isFileMeta: false);
            return run.Rows;
        }

        /// <summary>The differences between two datasets (sequence items, or datasets built in memory).</summary>
        /// <param name="reference">The dataset before.</param>
        /// <param name="difference">The dataset after.</param>
        /// <param name="includeEqual">Also list the elements that did not change.</param>
        public static List<DatasetDifference> Compare(DicomDataset reference, DicomDataset difference, bool includeEqual = false)
        {
            if (reference == null) throw new ArgumentNullException(nameof(reference));
            if (difference == null) throw new ArgumentNullException(nameof(difference));
            var run = new Run(includeEqual, null, null);
            run.CompareLevel(reference, difference, null, null, isFileMeta: false);
            return run.Rows;
        }

        private sealed class Run
        {
            private readonly bool _includeEqual;
            private readonly string? _referenceFile;
            private readonly string? _differenceFile;

            public Run(bool includeEqual, string? referenceFile, string? differenceFile)
            {
                _includeEqual = includeEqual;
                _referenceFile = referenceFile;
                _differenceFile = differenceFile;
            }

            public List<DatasetDifference> Rows { get; } = new List<DatasetDifference>();

            /// <summary>Pairs the elements of one level by tag (a merge of both in tag order; duplicates pair in order).</summary>
            public void CompareLevel(DicomDataset before, DicomDataset after, string? path, string? keywordPath, bool isFileMeta)
            {
                var a = SortedByTag(before);
                var b = SortedByTag(after);
                int i = 0, j = 0;
                while (i < a.Count || j < b.Count)
                {
                    int order = i >= a.Count ? 1 : j >= b.Count ? -1 : a[i].Tag.Value.CompareTo(b[j].Tag.Value);
                    if (order < 0) AddOne(DatasetChangeKind.Removed, before, a[i++], path, keywordPath, isFileMeta);
                    else if (order > 0) AddOne(DatasetChangeKind.Added, after, b[j++], path, keywordPath, isFileMeta);
                    else ComparePair(before, a[i++], after, b[j++], path, keywordPath, isFileMeta);
                }
            }

            private void ComparePair(DicomDataset before, DicomElement x, DicomDataset after, DicomElement y, string? parent, string? keywordParent, bool isFileMeta)
            {
                string path = FieldPath.Child(parent, x.Tag.ToString());
                string keywordPath = FieldPath.Child(keywordParent, KeywordOrTag(before, x.Tag));
                string vr = x.VR == y.VR ? x.VR.ToString() : x.VR + "->" + y.VR;
                var (beforeText, beforeDigest) = Display(before, x);
                var (afterText, afterDigest) = Display(after, y);
                bool equal = x.VR == y.VR && (x.Sequence is DicomSequence s1 && y.Sequence is DicomSequence s2
                    ? s1.Count == s2.Count
                    : !x.IsSequence && !y.IsSequence && ValuesEqual(before, x, beforeText, beforeDigest, after, y, afterText, afterDigest));
                if (!equal || _includeEqual)
                {
                    Rows.Add(Row(equal ? DatasetChangeKind.Equal : DatasetChangeKind.Changed, isFileMeta, x.Tag, path, keywordPath, vr, beforeText, afterText, Creator(before, x.Tag) ?? Creator(after, y.Tag)));
                }
                if (x.Sequence is DicomSequence sa && y.Sequence is DicomSequence sb) CompareItems(sa, sb, x.Tag, path, keywordPath, isFileMeta);
            }

            private void CompareItems(DicomSequence a, DicomSequence b, DicomTag tag, string path, string keywordPath, bool isFileMeta)
            {
                for (int k = 0; k < Math.Max(a.Count, b.Count); k++)
                {
                    string itemPath = FieldPath.Item(path, k);
                    string itemKeywordPath = FieldPath.Item(keywordPath, k);
                    if (k >= b.Count) Rows.Add(Row(DatasetChangeKind.Removed, isFileMeta, tag, itemPath, itemKeywordPath, null, ItemText(a[k]), null, null));
                    else if (k >= a.Count) Rows.Add(Row(DatasetChangeKind.Added, isFileMeta, tag, itemPath, itemKeywordPath, null, null, ItemText(b[k]), null));
                    else CompareLevel(a[k], b[k], itemPath, itemKeywordPath, isFileMeta);
                }
            }

            private void AddOne(DatasetChangeKind kind, DicomDataset ds, DicomElement e, string? parent, string? keywordParent, bool isFileMeta)
            {
                string path = FieldPath.Child(parent, e.Tag.ToString());
                string keywordPath = FieldPath.Child(keywordParent, KeywordOrTag(ds, e.Tag));
                string text = Display(ds, e).Text;
                Rows.Add(Row(kind, isFileMeta, e.Tag, path, keywordPath, e.VR.ToString(), kind == DatasetChangeKind.Removed ? text : null, kind == DatasetChangeKind.Added ? text : null, Creator(ds, e.Tag)));
            }

            private DatasetDifference Row(DatasetChangeKind kind, bool isFileMeta, DicomTag tag, string path, string keywordPath, string? vr, string? before, string? after, string? creator) =>
                new DatasetDifference(kind, isFileMeta, tag, path, keywordPath, vr, before, after, creator, _referenceFile, _differenceFile);
        }

        /// <summary>
        /// Equal when the stored bytes are; text and numbers also when they read the same (padding, or another byte order);
        /// bulk values when their lengths and digests are.
        /// </summary>
        private static bool ValuesEqual(DicomDataset before, in DicomElement x, string beforeText, string? beforeDigest, DicomDataset after, in DicomElement y, string afterText, string? afterDigest)
        {
            if (beforeDigest != null || afterDigest != null) return beforeDigest == afterDigest && beforeText == afterText;
            if (x.Fragments != null || y.Fragments != null) return false;
            if (x.RawValue.Span.SequenceEqual(y.RawValue.Span)) return true;
            var vr = DicomDataset.GetEffectiveVR(x);
            // Binary numbers of two byte orders: equal when the words are, whatever the length (a LUT's thousands of values
            // print longer than the text compared below; QA 2026-12-07).
            if (vr.IsBinaryNumber && before.Encoding.IsBigEndian != after.Encoding.IsBigEndian && DicomDataset.GetEffectiveVR(y) == vr)
                return SameWordsSwapped(x.RawValue.Span, y.RawValue.Span, BulkValueDigest.WordSize(vr));
            return (vr.IsString || vr.IsBinaryNumber) && beforeText == afterText && beforeText.Length < MaxValueWidth;
        }

        private static bool SameWordsSwapped(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, int word)
        {
            if (a.Length != b.Length || word <= 1 || a.Length % word != 0) return word <= 1 && a.SequenceEqual(b);
            for (int i = 0; i < a.Length; i += word)
            {
                for (int k = 0; k < word; k++)
                {
                    if (a[i + k] != b[i + word - 1 - k]) return false;
                }
            }
            return true;
        }

        private static (string Text, string? Digest) Display(DicomDataset ds, in DicomElement e)
        {
            if (BulkValueDigest.IsBulk(e, MaxInlineBytes))
            {
                var digest = BulkValueDigest.Of(e, ds.Encoding.IsBigEndian);
                return (digest.Text, digest.Sha256);
            }
            return (DicomDump.FormatValue(ds, e, MaxValueWidth), null);
        }

        private static string ItemText(DicomDataset item) =>
            string.Format(CultureInfo.InvariantCulture, "(Item, {0} element{1})", item.Count, item.Count == 1 ? "" : "s");

        private static string KeywordOrTag(DicomDataset ds, DicomTag tag)
        {
            string keyword = DicomNames.Keyword(ds, tag);
            return keyword.Length > 0 ? keyword : tag.ToString();
        }

        private static string? Creator(DicomDataset ds, DicomTag tag) =>
            tag.IsPrivate && !tag.IsPrivateCreator ? ds.GetPrivateCreator(tag) : null;

        private static List<DicomElement> SortedByTag(DicomDataset ds)
        {
            var list = new List<DicomElement>(ds.Count);
            foreach (var e in ds.Elements) list.Add(e);
            if (!ds.IsInTagOrder)
            {
                // A stable sort: elements with the same tag (a malformed file) keep their order and pair in it.
                var keyed = new List<KeyValuePair<int, DicomElement>>(list.Count);
                for (int k = 0; k < list.Count; k++) keyed.Add(new KeyValuePair<int, DicomElement>(k, list[k]));
                keyed.Sort((p, q) => p.Value.Tag.Value != q.Value.Tag.Value ? p.Value.Tag.Value.CompareTo(q.Value.Tag.Value) : p.Key.CompareTo(q.Key));
                for (int k = 0; k < list.Count; k++) list[k] = keyed[k].Value;
            }
            return list;
        }
    }
}
