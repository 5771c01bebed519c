using System;
using System.Collections;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using Deid.Collections;

namespace Deid.Dicom
{
    /// <summary>
    /// An ordered list of data elements: the main dataset of a file, its file meta, or one item of a sequence.
    /// Elements keep the order and encoding they had in the source so that an unmodified dataset is written back
    /// byte for byte; edits mark their group so only what changed is re-encoded (group lengths included).
    /// </summary>
    public sealed partial class DicomDataset
    {
        private DicomElement[] _elements;
        private int _count;
        private bool _ordered = true; // tags never decrease (equal neighbours allowed: see _hasDuplicates)
        private bool _hasDuplicates; // some tag is held more than once (a broken source); edits must reach every copy
        private UInt32Map<int>? _unorderedIndex; // tag -> first index, built on the first lookup in a dataset out of order
        private bool _unorderedIndexStale; // elements moved since the index was built: refill it (in place) at the next lookup
        private UInt32Map<bool>? _modifiedGroups;
        private UInt32Map<bool>? _acceptedGroups; // groups modified before the last AcceptChanges: see IsGroupChangedSinceRead
        private DicomCharacterSet? _characterSet;
        private bool _noOwnCharacterSet;

        /// <summary>Creates an empty dataset encoded as <paramref name="encoding"/>.</summary>
        [MethodImpl(HotPath.Optimized)]
        public DicomDataset(DicomEncoding encoding)
            : this(encoding, null, default)
        {
        }

        /// <summary>Creates an empty Explicit VR Little Endian dataset.</summary>
        [MethodImpl(HotPath.Optimized)]
        public DicomDataset()
            : this(DicomEncoding.ExplicitLittle)
        {
        }

        [MethodImpl(HotPath.Optimized)]
        internal DicomDataset(DicomEncoding encoding, DicomDataset? parent, DicomTag parentTag, int capacity = 8)
        {
            Encoding = encoding;
            Parent = parent;
            ParentTag = parentTag;
            _elements = capacity <= 0 ? Array.Empty<DicomElement>() : new DicomElement[Math.Max(4, capacity)];
        }

        /// <summary>How the elements are encoded (explicit/implicit VR, byte order).</summary>
        public DicomEncoding Encoding { get; internal set; }

        /// <summary>The dataset holding the sequence this item belongs to; null for a top-level dataset.</summary>
        public DicomDataset? Parent { get; }

        /// <summary>For a sequence item, the tag of its sequence; default otherwise.</summary>
        public DicomTag ParentTag { get; }

        /// <summary>For a sequence item, true when it was (or will be) encoded with undefined length and an item delimiter.</summary>
        public bool ItemHasUndefinedLength { get; set; }

        /// <summary>Byte offset where this dataset (or item) began in the source, or -1.</summary>
        public long SourceOffset { get; internal set; } = -1;

        /// <summary>The number of elements.</summary>
        public int Count => _count;

        /// <summary>The elements in order.</summary>
        public ElementList Elements => new ElementList(this);

        /// <summary>True when any element of this dataset or of a nested item was added, changed or removed.</summary>
        public bool IsModified => _modifiedGroups != null && _modifiedGroups.Count > 0;

        /// <summary>True when elements are in ascending tag order, each tag once (as the standard requires; some files break it).</summary>
        public bool IsInTagOrder => _ordered && !_hasDuplicates;

        /// <summary>The element at <paramref name="index"/>.</summary>
        [MethodImpl(HotPath.Optimized)]
        public DicomElement ElementAt(int index)
        {
            if ((uint)index >= (uint)_count) throw new ArgumentOutOfRangeException(nameof(index));
            return _elements[index];
        }

        /// <summary>True when the group has been modified (its group length must be recomputed).</summary>
        [MethodImpl(HotPath.Optimized)]
        public bool IsGroupModified(ushort group) => _modifiedGroups != null && _modifiedGroups.ContainsKey(group);

        /// <summary>True when the group was modified since read, even before <see cref="AcceptChanges"/>: its length is recomputed when written.</summary>
        [MethodImpl(HotPath.Optimized)]
        internal bool IsGroupChangedSinceRead(ushort group) => IsGroupModified(group) || (_acceptedGroups != null && _acceptedGroups.ContainsKey(group));

        /// <summary>
        /// True once anything in the dataset was changed, even after <see cref="AcceptChanges"/>: the source bytes no
        /// longer describe it (the writer must not reuse a deflated source then).
        /// </summary>
        internal bool ChangedSinceRead { get; private set; }

        [MethodImpl(HotPath.Optimized)]
        internal void MarkModified(ushort group)
        {
            ChangedSinceRead = true;
            (_modifiedGroups ??= new UInt32Map<bool>()).TryAdd(group, true);
            if (group == 0x0008)
            {
                _characterSet = null;
                _noOwnCharacterSet = false;
            }
            Parent?.MarkModified(ParentTag.Group);
        }

        /// <summary>Forgets that the dataset was modified, so that it is written as if read (used after a save).</summary>
        [MethodImpl(HotPath.Optimized)]
        public void AcceptChanges()
        {
            for (int i = 0; i < _count; i++)
            {
                if (_elements[i].Payload is DicomSequence seq)
                {
                    foreach (var item in seq) item.AcceptChanges();
                }
            }
            // The writer recomputes the group lengths of modified groups as it writes; it must go on doing so, or the next
            // write of this (no longer modified) dataset would bring back the stale values read from the source.
            if (_modifiedGroups != null && _acceptedGroups != null)
            {
                for (int i = 0; i < _modifiedGroups.Count; i++) _acceptedGroups.TryAdd(_modifiedGroups.KeyAt(i), true);
            }
            else
            {
                _acceptedGroups ??= _modifiedGroups;
            }
            _modifiedGroups = null;
        }

        /// <summary>
        /// The character set for text values: this dataset's own Specific Character Set, else the enclosing dataset's,
        /// else the default repertoire.
        /// </summary>
        public DicomCharacterSet CharacterSet
        {
            [System.Runtime.CompilerServices.MethodImpl(HotPath.Optimized)]
            get
            {
                if (_characterSet != null) return _characterSet;
                if (!_noOwnCharacterSet)
                {
                    int i = IndexOf(DicomTag.SpecificCharacterSet);
                    if (i >= 0 && _elements[i].IsLoaded)
                    {
                        var terms = DicomValueDecoder.SplitRawStrings(_elements[i].Raw.Span, DicomVR.CS);
                        return _characterSet = DicomCharacterSet.FromTerms(terms, out _);
                    }
                    // Remember the absence (an out-of-order dataset is searched linearly): reset when group 0008 changes.
                    _noOwnCharacterSet = true;
                }
                // Inherited sets are not cached here: the enclosing dataset's (0008,0005) may still change.
                return Parent?.CharacterSet ?? DicomCharacterSet.Default;
            }
        }

        /// <summary>
        /// Resolves this dataset's own Specific Character Set now (as <see cref="CharacterSet"/> would when first asked) and says
        /// what its terms needed (a misspelling corrected, an unknown term, an encoding named as Python names it): the reader
        /// reports them once a file, without reading the terms twice.
        /// </summary>
        internal IReadOnlyList<string> ResolveCharacterSet()
        {
            int i = IndexOf(DicomTag.SpecificCharacterSet);
            if (i < 0 || !_elements[i].IsLoaded) return Array.Empty<string>();
            var terms = DicomValueDecoder.SplitRawStrings(_elements[i].Raw.Span, DicomVR.CS);
            _characterSet = DicomCharacterSet.FromTerms(terms, out var warnings);
            return warnings;
        }

        /// <summary>Index of the element with <paramref name="tag"/>, or -1.</summary>
        [MethodImpl(HotPath.Optimized)]
        public int IndexOf(DicomTag tag)
        {
            var items = _elements;
            if (_ordered)
            {
                int lo = 0, hi = _count - 1;
                uint v = tag.Value;
                while (lo <= hi)
                {
                    int mid = (lo + hi) >> 1;
                    uint m = items[mid].Tag.Value;
                    if (m == v)
                    {
                        // A duplicated tag sits next to its copies: return the first, so edits reach the copies after it.
                        while (mid > 0 && items[mid - 1].Tag.Value == v) mid--;
                        return mid;
                    }
                    if (m < v) lo = mid + 1; else hi = mid - 1;
                }
                return -1;
            }
            // Out of tag order a lookup was a linear search, and looking up every element's private creator made a file
            // of 400,000 private elements take hours (found by build.ps1 Fuzz). Index the dataset once instead.
            if (_unorderedIndex == null || _unorderedIndexStale)
            {
                // Refilled rather than made anew: a recipe removing or adding elements action after action moved them each
                // time, and a new index of 400,000 elements each time was a quarter of a gigabyte allocated for one file.
                if (_unorderedIndex == null) _unorderedIndex = new UInt32Map<int>(_count);
                else _unorderedIndex.Clear();
                _unorderedIndexStale = false;
                for (int i = 0; i < _count; i++)
                {
                    _unorderedIndex.TryAdd(items[i].Tag.Value, i); // the first of duplicates stays
                }
            }
            return _unorderedIndex.TryGetValue(tag.Value, out int at) ? at : -1;
        }

        /// <summary>True when an element with <paramref name="tag"/> is present.</summary>
        [MethodImpl(HotPath.Optimized)]
        public bool Contains(DicomTag tag) => IndexOf(tag) >= 0;

        /// <summary>Gets the element with <paramref name="tag"/>.</summary>
        [MethodImpl(HotPath.Optimized)]
        public bool TryGetElement(DicomTag tag, out DicomElement element)
        {
            int i = IndexOf(tag);
            element = i >= 0 ? _elements[i] : default;
            return i >= 0;
        }

        /// <summary>The sequence with <paramref name="tag"/>, or null when absent or not a sequence.</summary>
        [MethodImpl(HotPath.Optimized)]
        public DicomSequence? GetSequence(DicomTag tag)
        {
            int i = IndexOf(tag);
            return i >= 0 ? _elements[i].Payload as DicomSequence : null;
        }

        /// <summary>Appends an element as read from a source: no modification is recorded.</summary>
        [MethodImpl(HotPath.Optimized)]
        internal void AppendRead(in DicomElement element)
        {
            if (_count > 0)
            {
                uint last = _elements[_count - 1].Tag.Value;
                // A duplicate keeps the dataset sorted: binary search and ordered insertion still work (one duplicated
                // element used to make every element added later go to the end, after Pixel Data).
                if (last == element.Tag.Value) _hasDuplicates = true;
                else if (last > element.Tag.Value) _ordered = false;
            }
            if (_count == _elements.Length) GrowElements();
            if (_unorderedIndex != null && !_unorderedIndexStale) _unorderedIndex.TryAdd(element.Tag.Value, _count);
            _elements[_count++] = element;
        }

        // Array.Copy rather than Array.Resize<DicomElement>: .NET has no precompiled code for that instantiation (see HotPath).
        [MethodImpl(HotPath.Optimized)]
        private void GrowElements()
        {
            var grown = new DicomElement[Math.Max(4, _count * 2)];
            Array.Copy(_elements, grown, _count);
            _elements = grown;
        }

        /// <summary>Adds or replaces an element, keeping tag order, and records the change.</summary>
        [MethodImpl(HotPath.Optimized)]
        internal void Put(in DicomElement element)
        {
            int i = IndexOf(element.Tag);
            if (i >= 0)
            {
                _elements[i] = element;
                if (MayHoldCopies) RemoveDuplicatesAfter(i);
            }
            else
            {
                int at = InsertionPoint(element.Tag.Value);
                if (_count == _elements.Length) GrowElements();
                _unorderedIndexStale = true; // indices after the insertion point move
                Array.Copy(_elements, at, _elements, at + 1, _count - at);
                _elements[at] = element;
                _count++;
            }
            MarkModified(element.Tag.Group);
        }

        /// <summary>
        /// Removes the element with <paramref name="tag"/> (every copy, when a broken source held the tag more than
        /// once); returns false when it was not present.
        /// </summary>
        [MethodImpl(HotPath.Optimized)]
        public bool Remove(DicomTag tag)
        {
            int i = IndexOf(tag);
            if (i < 0) return false;
            if (MayHoldCopies) RemoveDuplicatesAfter(i);
            RemoveAt(i);
            return true;
        }

        private bool MayHoldCopies => !_ordered || _hasDuplicates;

        /// <summary>
        /// Where a new element goes: after every smaller tag in a sorted dataset; in one out of tag order, before the first
        /// larger tag, so that an added element never lands after Pixel Data or another element that must follow it.
        /// </summary>
        [MethodImpl(HotPath.Optimized)]
        private int InsertionPoint(uint tag)
        {
            if (!_ordered)
            {
                for (int k = 0; k < _count; k++)
                {
                    if (_elements[k].Tag.Value > tag) return k;
                }
                return _count;
            }
            int lo = 0, hi = _count;
            while (lo < hi)
            {
                int mid = (lo + hi) >> 1;
                if (_elements[mid].Tag.Value < tag) lo = mid + 1; else hi = mid;
            }
            return lo;
        }

        /// <summary>
        /// Removes later copies of the tag at <paramref name="index"/>. Only a dataset read from a broken source can hold them
        /// (the reader keeps them, so an unmodified file is written back as it was); an edit of the tag must reach
        /// every copy, or a second Patient's Name would survive its removal.
        /// </summary>
        [MethodImpl(HotPath.Optimized)]
        private void RemoveDuplicatesAfter(int index)
        {
            var tag = _elements[index].Tag;
            for (int k = _count - 1; k > index; k--)
            {
                if (_elements[k].Tag == tag) RemoveAt(k);
            }
        }

        /// <summary>Removes the element at <paramref name="index"/>.</summary>
        [MethodImpl(HotPath.Optimized)]
        public void RemoveAt(int index)
        {
            if ((uint)index >= (uint)_count) throw new ArgumentOutOfRangeException(nameof(index));
            var tag = _elements[index].Tag;
            _unorderedIndexStale = true;
            Array.Copy(_elements, index + 1, _elements, index, _count - index - 1);
            _elements[--_count] = default;
            MarkModified(tag.Group);
        }

        /// <summary>Removes every element for which <paramref name="predicate"/> is true; returns how many.</summary>
        [MethodImpl(HotPath.Optimized)]
        public int RemoveAll(Func<DicomElement, bool> predicate)
        {
            if (predicate == null) throw new ArgumentNullException(nameof(predicate));
            // One pass that keeps what stays: removing one at a time shifted the rest each time (quadratic on large datasets).
            int kept = 0;
            for (int i = 0; i < _count; i++)
            {
                var e = _elements[i];
                if (predicate(e))
                {
                    MarkModified(e.Tag.Group);
                    continue;
                }
                // Nothing moves before the first removal: no copy (each one a write barrier for the references it holds).
                if (kept != i) _elements[kept] = e;
                kept++;
            }
            int removed = _count - kept;
            if (removed == 0) return 0;
            Array.Clear(_elements, kept, removed);
            _count = kept;
            _unorderedIndexStale = true;
            return removed;
        }

        /// <summary>
        /// Sets a value from raw bytes in this dataset's byte order. An odd-length value is padded with the VR's padding
        /// byte, as PS3.5 §7.1.1 requires; the array is owned by the dataset afterwards.
        /// </summary>
        [MethodImpl(HotPath.Optimized)]
        public void SetRawValue(DicomTag tag, DicomVR vr, byte[] value)
        {
            if (value == null) throw new ArgumentNullException(nameof(value));
            if ((value.Length & 1) == 1)
            {
                Array.Resize(ref value, value.Length + 1);
                value[value.Length - 1] = vr.PaddingByte;
            }
            Put(new DicomElement(tag, vr, value, null, DicomElementFlags.Modified));
        }

        /// <summary>Sets an element whose value is a reference to bytes in a source (copied when written).</summary>
        [MethodImpl(HotPath.Optimized)]
        public void SetValueRef(DicomTag tag, DicomVR vr, DicomValueRef reference) =>
            Put(new DicomElement(tag, vr, default, reference ?? throw new ArgumentNullException(nameof(reference)), DicomElementFlags.Modified));

        /// <summary>Sets an element with an empty value (zero length), as PS3.15 "Z" and deid's BLANK do.</summary>
        [MethodImpl(HotPath.Optimized)]
        public void SetEmpty(DicomTag tag, DicomVR vr)
        {
            if (vr == DicomVR.SQ)
            {
                int i = IndexOf(tag);
                if (i >= 0 && _elements[i].Payload is DicomSequence seq)
                {
                    seq.Clear();
                    if (MayHoldCopies) RemoveDuplicatesAfter(i);
                }
                else
                {
                    PutNewSequence(tag);
                }
                return;
            }
            Put(new DicomElement(tag, vr, ReadOnlyMemory<byte>.Empty, null, DicomElementFlags.Modified));
        }

        /// <summary>
        /// Sets a text value, encoded in this dataset's character set (for VRs that use it) and padded to even length.
        /// Several values may be given joined by backslashes.
        /// </summary>
        /// <exception cref="ArgumentException">The text cannot be represented in the dataset's character set.</exception>
        [MethodImpl(HotPath.Optimized)]
        public void SetString(DicomTag tag, DicomVR vr, string value)
        {
            if (value == null) throw new ArgumentNullException(nameof(value));
            if (!vr.IsString) throw new ArgumentException($"{vr} is not a text VR; use SetNumbers or SetRawValue for {tag}.", nameof(vr));
            byte[] bytes = vr.UsesSpecificCharacterSet ? CharacterSet.Encode(value, vr) : DicomValueDecoder.EncodeAscii(value, tag);
            SetRawValue(tag, vr, bytes);
            if (tag == DicomTag.SpecificCharacterSet) _characterSet = null;
        }

        /// <summary>Sets a multi-valued text value (values joined by backslashes).</summary>
        [MethodImpl(HotPath.Optimized)]
        public void SetStrings(DicomTag tag, DicomVR vr, IEnumerable<string> values) => SetString(tag, vr, string.Join("\\", values));

        /// <summary>Sets numbers for a binary VR (US, SS, UL, SL, FL, FD, SV, UV, OW, OF, OD, OL, OV), in this dataset's byte order.</summary>
        [MethodImpl(HotPath.Optimized)]
        public void SetNumbers(DicomTag tag, DicomVR vr, params double[] values) =>
            SetRawValue(tag, vr, DicomValueDecoder.EncodeNumbers(vr, values, Encoding.IsBigEndian));

        /// <summary>
        /// Gets the sequence with <paramref name="tag"/>, adding an empty one when absent (or present with an empty value).
        /// </summary>
        /// <exception cref="InvalidOperationException">
        /// The element is present with a value that is not a sequence (such as a private sequence read as UN bytes from
        /// implicit VR data): replacing it would silently discard that value. Remove it or <see cref="SetEmpty"/> it first.
        /// </exception>
        [MethodImpl(HotPath.Optimized)]
        public DicomSequence GetOrAddSequence(DicomTag tag)
        {
            int i = IndexOf(tag);
            if (i >= 0)
            {
                var e = _elements[i];
                if (e.Payload is DicomSequence existing) return existing;
                if (e.Length != 0)
                    throw new InvalidOperationException($"{tag} holds a {e.VR} value of {e.Length} bytes, not a sequence; remove it or set it empty before using it as a sequence.");
            }
            return PutNewSequence(tag);
        }

        [MethodImpl(HotPath.Optimized)]
        private DicomSequence PutNewSequence(DicomTag tag)
        {
            var seq = new DicomSequence(this, tag, new List<DicomDataset>());
            // New sequences use undefined length, as most writers do: no length to recompute when items change.
            Put(new DicomElement(tag, DicomVR.SQ, default, seq, DicomElementFlags.UndefinedLength | DicomElementFlags.Modified));
            return seq;
        }

        [MethodImpl(HotPath.Optimized)]
        internal DicomSequence NewReadSequence(DicomTag tag, int capacity) => new DicomSequence(this, tag, new List<DicomDataset>(capacity));

        /// <summary>A read-only view of the elements, enumerable without allocation.</summary>
        public readonly struct ElementList : IReadOnlyList<DicomElement>
        {
            private readonly DicomDataset _dataset;

            [MethodImpl(HotPath.Optimized)]
            internal ElementList(DicomDataset dataset) => _dataset = dataset;

            /// <inheritdoc/>
            public int Count => _dataset._count;

            /// <inheritdoc/>
            public DicomElement this[int index] => _dataset.ElementAt(index);

            /// <summary>Enumerates the elements.</summary>
            [MethodImpl(HotPath.Optimized)]
            public Enumerator GetEnumerator() => new Enumerator(_dataset);

            IEnumerator<DicomElement> IEnumerable<DicomElement>.GetEnumerator() => GetEnumerator();

            IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

            /// <summary>Enumerator over the elements; the dataset must not change while enumerating.</summary>
            public struct Enumerator : IEnumerator<DicomElement>
            {
                private readonly DicomDataset _dataset;
                private int _index;

                [MethodImpl(HotPath.Optimized)]
                internal Enumerator(DicomDataset dataset)
                {
                    _dataset = dataset;
                    _index = -1;
                }

                /// <inheritdoc/>
                public DicomElement Current => _dataset._elements[_index];

                object IEnumerator.Current => Current;

                /// <inheritdoc/>
                [MethodImpl(HotPath.Optimized)]
                public bool MoveNext() => ++_index < _dataset._count;

                /// <inheritdoc/>
                [MethodImpl(HotPath.Optimized)]
                public void Reset() => _index = -1;

                /// <inheritdoc/>
                [MethodImpl(HotPath.Optimized)]
                public void Dispose()
                {
                }
            }
        }
    }
}
