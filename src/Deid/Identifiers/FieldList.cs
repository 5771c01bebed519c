using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using Deid.Dicom;
using Deid.Fields;

namespace Deid.Identifiers
{
    /// <summary>
    /// deid's field listing (<c>get_fields_with_lookup</c>): every element of the dataset and of the file meta, sequences flattened,
    /// in deid's order — top-level elements, then the file meta, then the items of each sequence breadth first — keyed by tag path,
    /// with lookup tables so an exact field name is found without scanning.
    /// </summary>
    public sealed class FieldList : IEnumerable<DeidField>
    {
        private readonly List<DeidField?> _order = new List<DeidField?>();
        private readonly Dictionary<string, int> _byPath = new Dictionary<string, int>(StringComparer.Ordinal);
        private readonly Dictionary<string, List<int>> _exact = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        private int _count;

        /// <summary>Number of fields still listed.</summary>
        public int Count => _count;

        /// <summary>The field with <paramref name="tagPath"/>, or null.</summary>
        public DeidField? this[string tagPath] => _byPath.TryGetValue(tagPath, out int i) ? _order[i] : null;

        /// <summary>True when a field with the tag path is listed.</summary>
        public bool Contains(string tagPath) => _byPath.ContainsKey(tagPath);

        /// <summary>
        /// Lists the fields of <paramref name="file"/>. An element is left out (with everything inside it) when its keyword or
        /// "(gggg,eeee)" is in <paramref name="skip"/> (deid's rule), or its tag path is in <paramref name="skipPaths"/>.
        /// </summary>
        public static FieldList Collect(DicomFile file, ISet<string>? skip = null, ISet<string>? skipPaths = null, bool expandSequences = true)
        {
            var list = new FieldList();
            var queue = new Queue<(DicomDataset Dataset, string? KeywordPrefix, string? PathPrefix, bool Meta)>();
            queue.Enqueue((file.Dataset, null, null, false));
            if (file.FileMetaInformation.Count > 0) queue.Enqueue((file.FileMetaInformation, null, null, true));
            while (queue.Count > 0)
            {
                var (ds, keywordPrefix, pathPrefix, meta) = queue.Dequeue();
                foreach (var e in ds.Elements)
                {
                    string tagString = e.Tag.ToString();
                    string keyword = DeidField.KeywordOf(e.Tag);
                    if (skip != null && (skip.Contains(tagString) || (keyword.Length > 0 && skip.Contains(keyword)))) continue;
                    string keywordPath = keywordPrefix == null ? keyword : keywordPrefix + "__" + keyword;
                    string tagPath = pathPrefix == null ? tagString : pathPrefix + "__" + tagString;
                    if (skipPaths != null && skipPaths.Contains(tagPath)) continue;
                    list.Add(new DeidField(ds, e, keywordPath, tagPath, meta));
                    if (expandSequences && e.Sequence is DicomSequence seq)
                    {
                        for (int i = 0; i < seq.Count; i++)
                            queue.Enqueue((seq[i], keywordPath, tagPath + "__" + i.ToString(CultureInfo.InvariantCulture), meta));
                    }
                }
            }
            return list;
        }

        /// <summary>Adds a field at the end (deid's <c>fields.add</c> after an ADD).</summary>
        public void Add(DeidField field)
        {
            if (_byPath.ContainsKey(field.TagPath)) return;
            int index = _order.Count;
            _order.Add(field);
            _byPath[field.TagPath] = index;
            _count++;
            foreach (var key in ExactKeys(field)) Index(key, index);
        }

        /// <summary>Removes a field and every field nested under it (deid's <c>delete_field</c>/<c>blank_field</c> bookkeeping).</summary>
        public void RemoveWithChildren(string tagPath)
        {
            RemoveOne(tagPath);
            string prefix = tagPath + "__";
            for (int i = 0; i < _order.Count; i++)
            {
                var f = _order[i];
                if (f != null && f.TagPath.StartsWith(prefix, StringComparison.Ordinal)) RemoveOne(f.TagPath);
            }
        }

        /// <summary>Removes the children of a field but not the field itself (after BLANK of a sequence).</summary>
        public void RemoveChildren(string tagPath)
        {
            string prefix = tagPath + "__";
            for (int i = 0; i < _order.Count; i++)
            {
                var f = _order[i];
                if (f != null && f.TagPath.StartsWith(prefix, StringComparison.Ordinal)) RemoveOne(f.TagPath);
            }
        }

        private void RemoveOne(string tagPath)
        {
            if (!_byPath.TryGetValue(tagPath, out int i)) return;
            _byPath.Remove(tagPath);
            _order[i] = null;
            _count--;
        }

        /// <summary>
        /// deid's exact lookup (<c>get_exact_matches</c>): fields whose nested keyword path, "(gggg,eeee)", "ggggeeee", name, keyword,
        /// tag path or private creator syntax equals <paramref name="text"/> ignoring case, in listing order.
        /// </summary>
        public List<DeidField> FindExact(string text)
        {
            var result = new List<DeidField>();
            if (!_exact.TryGetValue(text.ToLowerInvariant(), out var hits)) return result;
            int last = -1;
            foreach (int i in hits)
            {
                // The same field can sit under several keys of one text (e.g. keyword and name); list it once.
                if (i == last) continue;
                last = i;
                var f = _order[i];
                if (f != null && !result.Contains(f)) result.Add(f);
            }
            return result;
        }

        /// <summary>The fields <paramref name="spec"/> selects (not values:/fields:, which need groups), in listing order.</summary>
        public List<DeidField> Select(FieldSpec spec)
        {
            switch (spec.Kind)
            {
                case FieldSpecKind.Keyword:
                case FieldSpecKind.Tag:
                case FieldSpecKind.PrivateTag:
                case FieldSpecKind.Path:
                case FieldSpecKind.Other:
                    return FindExact(spec.Text);
                case FieldSpecKind.Values:
                case FieldSpecKind.Fields:
                case FieldSpecKind.UnknownExpander:
                    return new List<DeidField>();
                default:
                    var result = new List<DeidField>();
                    foreach (var f in this)
                    {
                        if (FieldMatcher.Matches(spec, f)) result.Add(f);
                    }
                    return result;
            }
        }

        private void Index(string key, int index)
        {
            if (!_exact.TryGetValue(key, out var list))
            {
                list = new List<int>(1);
                _exact[key] = list;
            }
            list.Add(index);
        }

        private static IEnumerable<string> ExactKeys(DeidField f)
        {
            if (f.KeywordPath.Length > 0) yield return f.KeywordPath.ToLowerInvariant();
            yield return f.Tag.ToString().ToLowerInvariant();
            yield return f.Tag.ToHexString().ToLowerInvariant();
            if (f.Name.Length > 0) yield return f.Name.ToLowerInvariant();
            if (f.Keyword.Length > 0) yield return f.Keyword.ToLowerInvariant();
            yield return f.TagPath.ToLowerInvariant();
            if ((f.Tag.Group & 1) == 1)
            {
                // deid formats a missing creator as Python's str(None).
                string stripped = FieldMatcher.PrivateCreatorSyntax(f, f.PrivateCreator ?? "None");
                yield return stripped.ToLowerInvariant();
                yield return ("(" + stripped + ")").ToLowerInvariant();
            }
        }

        /// <inheritdoc/>
        public IEnumerator<DeidField> GetEnumerator()
        {
            foreach (var f in _order)
            {
                if (f != null) yield return f;
            }
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
