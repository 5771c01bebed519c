using System;

namespace Deid.Dicom
{
    /// <summary>
    /// One data element of a dataset. A small struct: its value is a slice of the bytes read from the file (in the
    /// dataset's byte order, padding included), a reference to bytes left in the file, a sequence of items, or the
    /// fragments of encapsulated pixel data. Values are decoded only when asked (see <see cref="DicomDataset"/>).
    /// </summary>
    public readonly struct DicomElement
    {
        internal DicomElement(DicomTag tag, DicomVR vr, ReadOnlyMemory<byte> raw, object? payload, DicomElementFlags flags)
        {
            Tag = tag;
            VR = vr;
            Raw = raw;
            Payload = payload;
            Flags = flags;
        }

        /// <summary>The tag.</summary>
        public DicomTag Tag { get; }

        /// <summary>The VR: as written in the file for explicit VR data, from the dictionary for implicit VR data.</summary>
        public DicomVR VR { get; }

        internal ReadOnlyMemory<byte> Raw { get; }

        internal object? Payload { get; }

        internal DicomElementFlags Flags { get; }

        /// <summary>True when the element is a sequence of items (SQ, or UN of undefined length holding items).</summary>
        public bool IsSequence => Payload is DicomSequence;

        /// <summary>The items, when the element is a sequence; otherwise null.</summary>
        public DicomSequence? Sequence => Payload as DicomSequence;

        /// <summary>The fragments, when the element is encapsulated pixel data; otherwise null.</summary>
        public DicomFragments? Fragments => Payload as DicomFragments;

        /// <summary>The reference to the value's bytes in the source, when the value was too large to load; otherwise null.</summary>
        public DicomValueRef? ValueRef => Payload as DicomValueRef;

        /// <summary>
        /// True when the value is bytes in memory (<see cref="RawValue"/> can be used); false when it is a sequence, the
        /// fragments of encapsulated pixel data, or a reference to bytes left in the source. The one test for "has a value
        /// that can be decoded here": callers should not spell out the three cases.
        /// </summary>
        public bool IsLoaded => Payload == null;

        /// <summary>True when the length was encoded as undefined (0xFFFFFFFF) in the source, or is to be written so.</summary>
        public bool HasUndefinedLength => (Flags & DicomElementFlags.UndefinedLength) != 0;

        /// <summary>The value bytes as stored (dataset byte order, padding included). Throws when the value is not loaded.</summary>
        public ReadOnlyMemory<byte> RawValue
        {
            // The message is made apart, so that the getter stays small enough to be inlined where values are read per element.
            [System.Runtime.CompilerServices.MethodImpl(HotPath.Optimized)]
            get => Payload == null ? Raw : throw NotInMemory();
        }

        private InvalidOperationException NotInMemory() =>
            new InvalidOperationException($"The value of {Tag} is a {(IsSequence ? "sequence" : "reference to the source")}, not bytes in memory.");

        /// <summary>The length of the value in bytes for plain values and references; -1 for sequences and fragments.</summary>
        public long Length => Payload switch
        {
            null => Raw.Length,
            DicomValueRef r => r.Length,
            _ => -1,
        };

        internal DicomElement WithPayload(object? payload, ReadOnlyMemory<byte> raw, DicomElementFlags flags) => new DicomElement(Tag, VR, raw, payload, flags);

        /// <summary>The tag and VR, for debugging.</summary>
        public override string ToString() => $"{Tag} {VR}";
    }

    /// <summary>Encoding facts kept per element so that an unmodified element is written exactly as it was read.</summary>
    [Flags]
    internal enum DicomElementFlags : byte
    {
        None = 0,

        /// <summary>Undefined length (sequences, UN holding items, encapsulated pixel data).</summary>
        UndefinedLength = 1,

        /// <summary>The value was set by the program, not read from the source.</summary>
        Modified = 2,
    }
}
