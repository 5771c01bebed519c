using System;
using System.Collections;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using Deid.Collections;
using Deid.Configuration;
using Deid.Dicom;

namespace Deid.Fields
{
    /// <summary>
    /// deid's field listing (<c>get_fields_with_lookup</c>): every element of the dataset and of the file meta, sequences flattened,
    /// in deid's order — top-level elements, then the file meta, then the items of each sequence breadth first — keyed by tag path,
    /// with lookup tables so an exact field name is found without scanning.
    /// </summary>
    public sealed class FieldList : IEnumerable<DeidField>
    {
        private readonly List<DeidField?> _order;
        // Position in _order by tag path; a removed field's path stays, its position emptied (_order[i] null).
        private readonly StringMap<int> _byPath;
        // Fields by tag, in listing order: the exact lookup of every field text that names elements by tag alone
        // (FieldSpec.ExactTags: every keyword and tag of the shipped recipes).
        private readonly TagListingIndex _byTag;
        // deid's exact lookup by text (nested paths, private creator syntax, names of private elements), compared lower-cased:
        // built on the first such lookup, since indexing every field under seven or eight names cost more than the whole recipe.
        private NameListingIndex? _byName;
        // Tag path of an element → tag paths of the elements in its items, so removing a subtree visits only that subtree: a scan
        // of the whole listing per removal made REMOVE over a block of 400,000 private elements quadratic. Elements left out
        // of the listing (skipped, protected) are still linked, so the fields nested below them are reached. A visited subtree's
        // entry is emptied (null).
        private readonly StringMap<HashSet<string>?> _children = new StringMap<HashSet<string>?>();
        private int _count;

        /// <summary>An empty listing.</summary>
        [MethodImpl(HotPath.Optimized)]
        public FieldList()
            : this(0)
        {
        }

        // Sized for the file up front: growing three tables element by element re-allocated each of them several times per file.
        [MethodImpl(HotPath.Optimized)]
        private FieldList(int fields)
        {
            _order = new List<DeidField?>(fields);
            _byPath = new StringMap<int>(fields);
            _byTag = new TagListingIndex(fields);
        }

        /// <summary>How many fields have been listed, removed ones included: every <see cref="DeidField.ListIndex"/> is below it.</summary>
        internal int Listed => _order.Count;

        /// <summary>Number of fields still listed.</summary>
        public int Count => _count;

        /// <summary>The field with <paramref name="tagPath"/>, or null.</summary>
        public DeidField? this[string tagPath] => _byPath.TryGetValue(tagPath, out int i) ? _order[i] : null;

        /// <summary>True when a field with the tag path is listed.</summary>
        [MethodImpl(HotPath.Optimized)]
        public bool Contains(string tagPath) => _byPath.TryGetValue(tagPath, out int i) && _order[i] != null;

        /// <summary>
        /// Lists the fields of <paramref name="file"/>. An element whose keyword or "(gggg,eeee)" is in <paramref name="skip"/>
        /// (deid's <c>get.skip</c>) is left out, and so are the binary payloads nested below it
        /// (<see cref="DeidConfiguration.IsProtectedPayload"/>); the text, names, UIDs, dates and private elements below it are
        /// listed (deid leaves out the whole subtree, which shielded them from every action). An element whose keyword or
        /// "(gggg,eeee)" is in <paramref name="keep"/> (deid's KEEP tags), or whose tag path is in <paramref name="skipPaths"/>, is
        /// left out with everything inside it.
        /// </summary>
        [MethodImpl(HotPath.Optimized)]
        public static FieldList Collect(DicomFile file, ISet<string>? skip = null, ISet<string>? skipPaths = null, bool expandSequences = true, ISet<string>? keep = null)
        {
            if (file == null) throw new ArgumentNullException(nameof(file));
            int count = CountElements(file.Dataset, expandSequences) + file.FileMetaInformation.Count;
            var list = new FieldList(count);
            var queue = new Queue<(DicomDataset Dataset, string? KeywordPrefix, string? PathPrefix, bool Meta, bool BelowSkip)>();
            queue.Enqueue((file.Dataset, null, null, false, false));
            if (file.FileMetaInformation.Count > 0) queue.Enqueue((file.FileMetaInformation, null, null, true, false));
            while (queue.Count > 0)
            {
                var (ds, keywordPrefix, pathPrefix, meta, belowSkip) = queue.Dequeue();
                foreach (var e in ds.Elements)
                {
                    string tagString = e.Tag.ToString();
                    string keyword = DeidField.KeywordOf(e.Tag);
                    if (keep != null && Named(keep, tagString, keyword)) continue;
                    string keywordPath = FieldPath.Child(keywordPrefix, keyword);
                    string tagPath = FieldPath.Child(pathPrefix, tagString);
                    if (skipPaths != null && skipPaths.Contains(tagPath)) continue;
                    // A skipped element is protected itself, and below it so are the payloads (and the sequences holding them);
                    // whatever else is nested below is listed, so that a recipe can reach it.
                    bool protectedHere = (skip != null && Named(skip, tagString, keyword))
                        || (belowSkip && (e.IsSequence ? DeidConfiguration.IsProtectedSequence(e.Tag) : DeidConfiguration.IsProtectedPayload(e.Tag, DicomDataset.GetEffectiveVR(e))));
                    if (!protectedHere) list.Add(new DeidField(ds, e, keywordPath, tagPath, meta));
                    if (expandSequences && e.Sequence is DicomSequence seq)
                    {
                        for (int i = 0; i < seq.Count; i++)
                            queue.Enqueue((seq[i], keywordPath, FieldPath.Item(tagPath, i), meta, protectedHere));
                    }
                }
            }
            return list;
        }

        /// <summary>
        /// The tag paths of the elements with one of <paramref name="tags"/>, at any depth and in the file meta: the
        /// tag paths (FieldCandidateBase.TagPath) that <c>Collect(file).Select(spec)</c> gives for specs naming elements by tag alone
        /// (<see cref="FieldSpec.ExactTags"/>), found without making a field for every element. KEEP asks this before the
        /// real listing: on a header of 400,000 elements the second full listing cost 157 MB and 0.45 s.
        /// </summary>
        public static List<string> TagPathsOf(DicomFile file, ICollection<uint> tags)
        {
            if (file == null) throw new ArgumentNullException(nameof(file));
            if (tags == null) throw new ArgumentNullException(nameof(tags));
            var wanted = new UInt32Map<bool>(tags.Count);
            foreach (uint tag in tags) wanted.TryAdd(tag, true);
            return TagPathsOf(file, wanted);
        }

        /// <summary>As <see cref="TagPathsOf(DicomFile, ICollection{uint})"/>, with the tags already in a table (KEEP's).</summary>
        [MethodImpl(HotPath.Optimized)]
        internal static List<string> TagPathsOf(DicomFile file, UInt32Map<bool> tags)
        {
            var paths = new List<string>();
            var queue = new Queue<(DicomDataset Dataset, string? PathPrefix)>();
            queue.Enqueue((file.Dataset, null));
            if (file.FileMetaInformation.Count > 0) queue.Enqueue((file.FileMetaInformation, null));
            while (queue.Count > 0)
            {
                var (ds, pathPrefix) = queue.Dequeue();
                foreach (var e in ds.Elements)
                {
                    bool wanted = tags.ContainsKey(e.Tag.Value);
                    if (!wanted && !(e.Sequence is DicomSequence)) continue;
                    string tagPath = FieldPath.Child(pathPrefix, e.Tag.ToString());
                    if (wanted) paths.Add(tagPath);
                    if (e.Sequence is DicomSequence seq)
                    {
                        for (int i = 0; i < seq.Count; i++) queue.Enqueue((seq[i], FieldPath.Item(tagPath, i)));
                    }
                }
            }
            return paths;
        }

        [MethodImpl(HotPath.Optimized)]
        private static bool Named(ISet<string> names, string tagString, string keyword) =>
            names.Contains(tagString) || (keyword.Length > 0 && names.Contains(keyword));

        [MethodImpl(HotPath.Optimized)]
        private static int CountElements(DicomDataset ds, bool expandSequences)
        {
            int n = ds.Count;
            if (!expandSequences) return n;
            foreach (var e in ds.Elements)
            {
                if (!(e.Sequence is DicomSequence seq)) continue;
                for (int i = 0; i < seq.Count; i++) n += CountElements(seq[i], true);
            }
            return n;
        }

        /// <summary>Adds a field at the end (deid's <c>fields.add</c> after an ADD).</summary>
        [MethodImpl(HotPath.Optimized)]
        public void Add(DeidField field)
        {
            // One hash and one probe for the look and the add: a listing adds every element of every file this way.
            ref int slot = ref _byPath.GetValueRefOrAddDefault(field.TagPath, out bool listed);
            if (listed && _order[slot] != null) return;
            int index = _order.Count;
            slot = index;
            field.ListIndex = index;
            _order.Add(field);
            _count++;
            _byTag.Add(field.Tag.Value, index);
            if (_byName != null)
            {
                foreach (var key in ExactKeys(field)) _byName.Add(key, index);
            }
            if (field.IsNested) Link(field.TagPath);
        }

        /// <summary>Links <paramref name="tagPath"/> to the element holding it, and that element to its own holder, up to the top.</summary>
        [MethodImpl(HotPath.Optimized)]
        private void Link(string tagPath)
        {
            string path = tagPath;
            for (string? parent = ParentElement(path); parent != null; path = parent, parent = ParentElement(path))
            {
                ref var set = ref _children.GetValueRefOrAddDefault(parent, out _);
                if (set != null)
                {
                    set.Add(path);
                    return;
                }
                set = new HashSet<string>(StringComparer.Ordinal) { path };
            }
        }

        /// <summary>The tag path of the sequence element whose item holds <paramref name="tagPath"/>, or null at the top level.</summary>
        [MethodImpl(HotPath.Optimized)]
        private static string? ParentElement(string tagPath)
        {
            int last = FieldPath.SeparatorBefore(tagPath, tagPath.Length);
            if (last <= 0) return null;
            int item = FieldPath.SeparatorBefore(tagPath, last);
            return item <= 0 ? null : tagPath.Substring(0, item);
        }

        /// <summary>Removes a field and every field nested under it (deid's <c>delete_field</c>/<c>blank_field</c> bookkeeping).</summary>
        /// <remarks>Costs the size of the removed subtree, not of the listing.</remarks>
        [MethodImpl(HotPath.Optimized)]
        public void RemoveWithChildren(string tagPath)
        {
            RemoveOne(tagPath);
            RemoveChildren(tagPath);
        }

        /// <summary>Removes the children of a field but not the field itself (after BLANK of a sequence).</summary>
        [MethodImpl(HotPath.Optimized)]
        public void RemoveChildren(string tagPath)
        {
            if (!_children.TryGetValue(tagPath, out var below) || below == null) return;
            var pending = new Stack<string>();
            pending.Push(tagPath);
            while (pending.Count > 0)
            {
                string path = pending.Pop();
                if (!_children.TryGetValue(path, out var children) || children == null) continue;
                _children.Set(path, null);
                foreach (var child in children)
                {
                    RemoveOne(child);
                    pending.Push(child);
                }
            }
        }

        /// <summary>
        /// Re-lists the fields nested in the sequence <paramref name="sequence"/> after some of its items (at any depth) were
        /// removed: the items left moved to other indices, so the fields listed under the old item paths name the wrong items or
        /// none. Each element listed before is listed again under its new path; one left out (kept, protected) stays out. Later
        /// lines then reach the items that remain (leak QA 4: one content item removed by Clean Structured Content left every
        /// modifier text and concept meaning of the tree uncleaned). Returns each relisted field by its old tag path, for state
        /// kept by path.
        /// </summary>
        public Dictionary<string, DeidField> RelistChildren(DeidField sequence)
        {
            if (sequence == null) throw new ArgumentNullException(nameof(sequence));
            // What was listed, by the item holding it (the items themselves are the same objects after the removal): tag → old path.
            var listed = new Dictionary<DicomDataset, Dictionary<uint, string>>();
            CollectListed(sequence.TagPath, listed);
            RemoveChildren(sequence.TagPath);
            var moved = new Dictionary<string, DeidField>(StringComparer.Ordinal);
            if (!sequence.TryGetElement(out var element) || !(element.Sequence is DicomSequence seq)) return moved;
            var queue = new Queue<(DicomSequence Sequence, string KeywordPath, string TagPath)>();
            queue.Enqueue((seq, sequence.KeywordPath, sequence.TagPath));
            while (queue.Count > 0)
            {
                var (items, keywordPrefix, pathPrefix) = queue.Dequeue();
                for (int i = 0; i < items.Count; i++)
                {
                    var item = items[i];
                    string itemPath = FieldPath.Item(pathPrefix, i);
                    listed.TryGetValue(item, out var tags);
                    foreach (var e in item.Elements)
                    {
                        string keywordPath = FieldPath.Child(keywordPrefix, DeidField.KeywordOf(e.Tag));
                        string tagPath = FieldPath.Child(itemPath, e.Tag.ToString());
                        if (tags != null && tags.TryGetValue(e.Tag.Value, out string? oldPath))
                        {
                            var field = new DeidField(item, e, keywordPath, tagPath, sequence.IsFileMeta);
                            Add(field);
                            moved[oldPath] = field;
                        }
                        if (e.Sequence is DicomSequence inner) queue.Enqueue((inner, keywordPath, tagPath));
                    }
                }
            }
            return moved;
        }

        // The fields listed below tagPath, by holder and tag, with their paths.
        private void CollectListed(string tagPath, Dictionary<DicomDataset, Dictionary<uint, string>> listed)
        {
            var pending = new Stack<string>();
            pending.Push(tagPath);
            while (pending.Count > 0)
            {
                if (!_children.TryGetValue(pending.Pop(), out var children) || children == null) continue;
                foreach (var child in children)
                {
                    if (this[child] is DeidField field)
                    {
                        if (!listed.TryGetValue(field.Holder, out var tags)) listed.Add(field.Holder, tags = new Dictionary<uint, string>());
                        tags[field.Tag.Value] = field.TagPath;
                    }
                    pending.Push(child);
                }
            }
        }

        /// <summary>How many fields the last removals visited (for tests: removal stays linear in the removed subtree).</summary>
        internal long RemovalVisits { get; private set; }

        [MethodImpl(HotPath.Optimized)]
        private void RemoveOne(string tagPath)
        {
            RemovalVisits++;
            if (!_byPath.TryGetValue(tagPath, out int i) || _order[i] == null) return;
            _order[i] = null;
            _count--;
        }

        /// <summary>
        /// deid's exact lookup (<c>get_exact_matches</c>): fields whose nested keyword path, "(gggg,eeee)", "ggggeeee", name, keyword,
        /// tag path or private creator syntax equals <paramref name="text"/> ignoring case, in listing order.
        /// </summary>
        [MethodImpl(HotPath.Optimized)]
        public IReadOnlyList<DeidField> FindExact(string text)
        {
            _byName ??= BuildNameIndex();
            return Hits(_byName, text);
        }

        /// <summary>
        /// deid's exact lookup of <paramref name="spec"/>'s text (<see cref="FindExact(string)"/>): by tag when the text names
        /// elements by tag alone (<see cref="FieldSpec.ExactTags"/>), else by text. Same fields, same order.
        /// </summary>
        [MethodImpl(HotPath.Optimized)]
        public IReadOnlyList<DeidField> FindExact(FieldSpec spec)
        {
            if (spec == null) throw new ArgumentNullException(nameof(spec));
            var tags = spec.ExactTags;
            if (tags == null) return FindExact(spec.Text);
            if (tags.Length == 1) return FindByTag(tags[0]);
            List<DeidField>? result = null;
            foreach (uint tag in tags)
            {
                var hits = FindByTag(tag);
                if (hits.Count == 0) continue;
                result ??= new List<DeidField>(hits.Count);
                result.AddRange(hits);
            }
            if (result == null) return Array.Empty<DeidField>();
            // Listing order across tags, as the text index gives it.
            result.Sort((a, b) => a.ListIndex.CompareTo(b.ListIndex));
            return result;
        }

        /// <summary>
        /// Number of distinct tags listed at any depth so far, removed fields' included (<see cref="TagAt"/>): what
        /// <see cref="Deid.Actions.TagPlan"/> reads instead of asking the index once per recipe line.
        /// </summary>
        internal int TagCount => _byTag.TagCount;

        /// <summary>The <paramref name="index"/>-th distinct tag listed (0 ≤ index &lt; <see cref="TagCount"/>).</summary>
        internal uint TagAt(int index) => _byTag.TagAt(index);

        /// <summary>The fields with <paramref name="tag"/> at any depth, in listing order (deid's exact lookup of "ggggeeee").</summary>
        [MethodImpl(HotPath.Optimized)]
        public IReadOnlyList<DeidField> FindByTag(DicomTag tag) => FindByTag(tag.Value);

        private IReadOnlyList<DeidField> FindByTag(uint tag)
        {
            return Hits(_byTag, tag);
        }

        [MethodImpl(HotPath.Optimized)]
        private IReadOnlyList<DeidField> Hits<TKey>(ListingIndex<TKey> index, TKey key)
            where TKey : notnull
        {
            // Most of a recipe's actions name fields a given file does not have: those get the shared empty array.
            if (!index.TryGet(key, out int first, out var more)) return Array.Empty<DeidField>();
            var result = new List<DeidField>(1);
            AddHit(result, first);
            // The index lists each field once per key, in listing order, so the hits need no de-duplication here.
            if (more != null)
            {
                foreach (int i in more) AddHit(result, i);
            }
            return result;
        }

        [MethodImpl(HotPath.Optimized)]
        private NameListingIndex BuildNameIndex()
        {
            var index = new NameListingIndex(_order.Count * 4, LowerInvariantComparer.Instance);
            // Removed fields are never found again, so they need no key; indices stay those of the listing.
            for (int i = 0; i < _order.Count; i++)
            {
                var f = _order[i];
                if (f == null) continue;
                foreach (var key in ExactKeys(f)) index.Add(key, i);
            }
            return index;
        }

        [MethodImpl(HotPath.Optimized)]
        private void AddHit(List<DeidField> result, int index)
        {
            var f = _order[index];
            if (f != null) result.Add(f);
        }

        /// <summary>The fields <paramref name="spec"/> selects (not values:/fields:, which need groups), in listing order.</summary>
        [MethodImpl(HotPath.Optimized)]
        public IReadOnlyList<DeidField> Select(FieldSpec spec)
        {
            if (UsesExactLookup(spec)) return FindExact(spec);
            switch (spec.Kind)
            {
                case FieldSpecKind.Values:
                case FieldSpecKind.Fields:
                case FieldSpecKind.UnknownExpander:
                    return Array.Empty<DeidField>();
                default:
                    var result = new List<DeidField>();
                    foreach (var f in _order)
                    {
                        if (f != null && FieldMatcher.MatchesListed(spec, f)) result.Add(f);
                    }
                    return result;
            }
        }

        /// <summary>Whether <see cref="Select"/> takes <paramref name="spec"/> to deid's exact lookup (<see cref="FindExact(FieldSpec)"/>).</summary>
        [MethodImpl(HotPath.Optimized)]
        private static bool UsesExactLookup(FieldSpec spec) =>
            spec.Kind == FieldSpecKind.Keyword || spec.Kind == FieldSpecKind.Tag || spec.Kind == FieldSpecKind.PrivateTag
            || spec.Kind == FieldSpecKind.Path || spec.Kind == FieldSpecKind.Other;

        /// <summary>
        /// Whether <see cref="Select"/> finds <paramref name="spec"/>'s fields by tag alone (<see cref="FieldSpec.ExactTags"/>), so
        /// that <see cref="TagPathsOf(DicomFile, UInt32Map{bool})"/> gives their tag paths without a listing.
        /// </summary>
        [MethodImpl(HotPath.Optimized)]
        internal static bool SelectsByTag(FieldSpec spec) => spec.ExactTags != null && UsesExactLookup(spec);

        /// <summary>The names deid's exact lookup knows a field by (compared ignoring case, see <see cref="LowerInvariantComparer"/>).</summary>
        [MethodImpl(HotPath.Optimized)]
        private static IEnumerable<string> ExactKeys(DeidField f)
        {
            if (f.KeywordPath.Length > 0) yield return f.KeywordPath;
            var text = (ICachedFieldText)f;
            yield return text.TagString;
            yield return text.StrippedTag;
            if (f.Name.Length > 0) yield return f.Name;
            if (f.Keyword.Length > 0) yield return f.Keyword;
            yield return f.TagPath;
            if ((f.Tag.Group & 1) == 1)
            {
                // deid formats a missing creator as Python's str(None).
                yield return text.CreatorSyntax;
                yield return text.CreatorSyntaxParenthesized;
            }
        }

        /// <inheritdoc/>
        [MethodImpl(HotPath.Optimized)]
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
