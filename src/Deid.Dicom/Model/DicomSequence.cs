using System;
using System.Collections;
using System.Collections.Generic;

namespace Deid.Dicom
{
    /// <summary>The items of a sequence element, each a nested <see cref="DicomDataset"/>.</summary>
    public sealed class DicomSequence : IReadOnlyList<DicomDataset>
    {
        private readonly List<DicomDataset> _items;

        internal DicomSequence(DicomDataset owner, DicomTag tag, List<DicomDataset> items)
        {
            Owner = owner;
            Tag = tag;
            _items = items;
        }

        /// <summary>The dataset holding the sequence element.</summary>
        public DicomDataset Owner { get; }

        /// <summary>The tag of the sequence element.</summary>
        public DicomTag Tag { get; }

        internal List<DicomDataset> ItemsForReader => _items;

        /// <summary>The number of items.</summary>
        public int Count => _items.Count;

        /// <summary>The item at <paramref name="index"/>.</summary>
        public DicomDataset this[int index] => _items[index];

        /// <summary>Appends a new empty item (encoded like its siblings) and returns it.</summary>
        public DicomDataset AddItem()
        {
            // Items of UN in explicit VR data are Implicit VR Little Endian (as the reader reads and the writer writes
            // them), so values set in a new item must be encoded that way too.
            var encoding = Owner.TryGetElement(Tag, out var element) && element.VR == DicomVR.UN && Owner.Encoding.IsExplicitVR
                ? DicomEncoding.ImplicitLittle
                : Owner.Encoding;
            var item = new DicomDataset(encoding, Owner, Tag);
            if (_items.Count > 0) item.ItemHasUndefinedLength = _items[_items.Count - 1].ItemHasUndefinedLength;
            _items.Add(item);
            Owner.MarkModified(Tag.Group);
            return item;
        }

        /// <summary>Removes the item at <paramref name="index"/>.</summary>
        public void RemoveAt(int index)
        {
            _items.RemoveAt(index);
            Owner.MarkModified(Tag.Group);
        }

        /// <summary>Removes every item.</summary>
        public void Clear()
        {
            if (_items.Count == 0) return;
            _items.Clear();
            Owner.MarkModified(Tag.Group);
        }

        /// <inheritdoc/>
        public IEnumerator<DicomDataset> GetEnumerator() => _items.GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }

    /// <summary>
    /// Encapsulated pixel data (PS3.5 §A.4): the items as they were in the file — the Basic Offset Table first, then the
    /// fragments. Items are kept byte-exact (in memory or as references) and are never re-framed on write.
    /// </summary>
    public sealed class DicomFragments
    {
        internal DicomFragments(List<DicomFragment> items) => Items = items;

        /// <summary>
        /// Creates encapsulated pixel data from its items, written as given: the Basic Offset Table first (an empty
        /// fragment when there is none), then the fragments. <see cref="EncapsulatedPixelDataBuilder.CreateFragments"/> builds
        /// them from encoded frames; this is for layouts it does not make, such as several fragments per frame.
        /// </summary>
        /// <exception cref="ArgumentException">There is no item, or an item has odd length (PS3.5 §A.4 requires even lengths).</exception>
        public static DicomFragments Create(IEnumerable<DicomFragment> items)
        {
            var list = new List<DicomFragment>(items ?? throw new ArgumentNullException(nameof(items)));
            if (list.Count == 0) throw new ArgumentException("Encapsulated pixel data needs at least the Basic Offset Table item.", nameof(items));
            foreach (var item in list)
            {
                if ((item.Length & 1) == 1) throw new ArgumentException($"A fragment of {item.Length} bytes has odd length; pad it to even length.", nameof(items));
            }
            return new DicomFragments(list);
        }

        /// <summary>All items, the Basic Offset Table (possibly empty) first.</summary>
        public IReadOnlyList<DicomFragment> Items { get; }

        /// <summary>The Basic Offset Table item (the first item).</summary>
        public DicomFragment? OffsetTable => Items.Count > 0 ? Items[0] : null;

        /// <summary>
        /// Empties the Basic Offset Table (an empty one is always valid, PS3.5 §A.4: readers find the frames by their fragments).
        /// For a table that does not fit its fragments: what it holds is not offsets, and a copy must not carry bytes no reader
        /// uses and nobody checked (text, once, in a de-identified copy).
        /// </summary>
        public void ClearOffsetTable()
        {
            if (Items.Count > 0 && Items[0].Length > 0) ((List<DicomFragment>)Items)[0] = new DicomFragment(ReadOnlyMemory<byte>.Empty);
        }

        /// <summary>
        /// Puts an empty Basic Offset Table before the first item, which then counts as the first fragment: for pixel data whose
        /// writer left the table out and began with a frame (PS3.5 §A.4 makes the table's item mandatory, even empty). Read as the
        /// table, that frame was not offsets, and a copy emptied it: the image was lost.
        /// </summary>
        public void InsertEmptyOffsetTable() => ((List<DicomFragment>)Items).Insert(0, new DicomFragment(ReadOnlyMemory<byte>.Empty));

        /// <summary>The number of fragments after the Basic Offset Table.</summary>
        public int FragmentCount => Math.Max(0, Items.Count - 1);

        /// <summary>The total bytes of all items' values.</summary>
        public long TotalLength
        {
            get
            {
                long n = 0;
                foreach (var f in Items) n += f.Length;
                return n;
            }
        }
    }

    /// <summary>One item of encapsulated pixel data: its bytes in memory, or a reference to them in the source.</summary>
    public readonly struct DicomFragment
    {
        internal DicomFragment(ReadOnlyMemory<byte> bytes, DicomValueRef? reference)
        {
            Bytes = bytes;
            Reference = reference;
        }

        /// <summary>A fragment whose bytes are in memory (the memory must not change afterwards).</summary>
        public DicomFragment(ReadOnlyMemory<byte> bytes)
            : this(bytes, null)
        {
        }

        /// <summary>A fragment whose bytes are left in a source and read or copied when needed.</summary>
        public DicomFragment(DicomValueRef reference)
            : this(default, reference ?? throw new ArgumentNullException(nameof(reference)))
        {
        }

        /// <summary>The bytes, when in memory.</summary>
        public ReadOnlyMemory<byte> Bytes { get; }

        /// <summary>The reference to the bytes in the source, when not loaded.</summary>
        public DicomValueRef? Reference { get; }

        /// <summary>Length of the fragment in bytes.</summary>
        public long Length => Reference?.Length ?? Bytes.Length;
    }
}
