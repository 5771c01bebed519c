using System;

namespace Deid.Audit
{
    /// <summary>
    /// Walks a UN value that holds sequence items in Implicit VR Little Endian (PS3.5 §6.2.2: how a writer that did not know a
    /// sequence, a vendor's private one above all, stores it), giving the values of the elements inside, nested sequences'
    /// included. The reader parses such a value as a sequence only when a dictionary names its tag a sequence; any other stays
    /// one opaque value, whose inner tag and length bytes border the values in it (<see cref="ValueSearch"/>).
    /// </summary>
    /// <remarks>
    /// All or nothing: a value that does not read as items to its very end gives no values, and is searched whole as before.
    /// Nothing is held but the bytes of one header; the value is read through <c>read</c>, which may be a stream (a UN value
    /// of 64 KB or more stays in the output).
    /// </remarks>
    internal static class ImplicitItems
    {
        private const uint UndefinedLength = 0xFFFFFFFF;
        private const ushort ItemGroup = 0xFFFE;
        private const ushort Item = 0xE000;
        private const ushort ItemDelimiter = 0xE00D;
        private const ushort SequenceDelimiter = 0xE0DD;

        // As deep as the reader accepts (DicomReadOptions.MaxSequenceDepth): deeper is hostile, and the walk recurses.
        private const int MaxDepth = 64;

        /// <summary>
        /// True when the <paramref name="length"/> bytes read with <paramref name="read"/> (an offset in the value, and the array
        /// to fill; false past the value's end) are sequence items to their end; then <paramref name="value"/>, when given, is
        /// called with the start and length of each element value of them (not of a nested sequence's), in order. False, and no
        /// call, otherwise.
        /// </summary>
        public static bool Walk(long length, Func<long, byte[], bool> read, Action<long, long>? value)
        {
            var walk = new Walker(length, read, null);
            if (!walk.StartsWithItem(0, length) || walk.Sequence(0, length, 0) != length) return false;
            // A second pass gives the values: a value found broken half-way through would otherwise have been given in part.
            if (value != null) new Walker(length, read, value).Sequence(0, length, 0);
            return true;
        }

        /// <summary>Whether <paramref name="value"/> begins with an item's header, as a sequence's value does.</summary>
        public static bool BeginsWithItem(ReadOnlySpan<byte> value) =>
            value.Length >= 8 && value[0] == 0xFE && value[1] == 0xFF && value[2] == 0x00 && value[3] == 0xE0;

        private sealed class Walker
        {
            private readonly long _length;
            private readonly Func<long, byte[], bool> _read;
            private readonly Action<long, long>? _value;
            private readonly byte[] _header = new byte[8];

            public Walker(long length, Func<long, byte[], bool> read, Action<long, long>? value)
            {
                _length = length;
                _read = read;
                _value = value;
            }

            public bool StartsWithItem(long at, long end) =>
                end - at >= 8 && Header(at) && Group == ItemGroup && Element == Item;

            private ushort Group => (ushort)(_header[0] | (_header[1] << 8));

            private ushort Element => (ushort)(_header[2] | (_header[3] << 8));

            private uint Length => (uint)(_header[4] | (_header[5] << 8) | (_header[6] << 16) | (_header[7] << 24));

            private bool Header(long at) => at >= 0 && at + 8 <= _length && _read(at, _header);

            /// <summary>
            /// Items from <paramref name="at"/> to <paramref name="end"/>, or to a sequence delimiter when -1: where they end
            /// (after the delimiter), or -1 when they are not items.
            /// </summary>
            public long Sequence(long at, long end, int depth)
            {
                if (depth > MaxDepth) return -1;
                while (end < 0 || at < end)
                {
                    if (!Header(at)) return -1;
                    if (Group == ItemGroup && Element == SequenceDelimiter)
                    {
                        // Ends an undefined length; some writers end a defined one with it too.
                        if (end < 0 || at + 8 == end) return at + 8;
                        return -1;
                    }
                    if (Group != ItemGroup || Element != Item) return -1;
                    uint length = Length;
                    at += 8;
                    if (length == UndefinedLength)
                    {
                        at = Elements(at, -1, depth + 1);
                        if (at < 0) return -1;
                        continue;
                    }
                    long itemEnd = at + length;
                    if (itemEnd > _length || (end >= 0 && itemEnd > end) || Elements(at, itemEnd, depth + 1) != itemEnd) return -1;
                    at = itemEnd;
                }
                return at == end ? at : -1;
            }

            /// <summary>
            /// An item's elements from <paramref name="at"/> to <paramref name="end"/>, or to an item delimiter when -1: where
            /// they end (after the delimiter), or -1 when they are not elements.
            /// </summary>
            private long Elements(long at, long end, int depth)
            {
                if (depth > MaxDepth) return -1;
                while (end < 0 || at < end)
                {
                    if (!Header(at)) return -1;
                    if (Group == ItemGroup)
                        return end < 0 && Element == ItemDelimiter ? at + 8 : -1;
                    uint length = Length;
                    at += 8;
                    if (length == UndefinedLength)
                    {
                        // Undefined length in Implicit VR is a sequence (PS3.5 §7.5.1).
                        at = Sequence(at, -1, depth + 1);
                        if (at < 0) return -1;
                        continue;
                    }
                    long valueEnd = at + length;
                    if (valueEnd > _length || (end >= 0 && valueEnd > end)) return -1;
                    // A value beginning with an item is a nested sequence of defined length: one that then does not read as
                    // items leaves the whole UN value as it was, rather than guess what it is.
                    if (StartsWithItem(at, valueEnd))
                    {
                        if (Sequence(at, valueEnd, depth + 1) != valueEnd) return -1;
                    }
                    else if (length > 0) _value?.Invoke(at, length);
                    at = valueEnd;
                }
                return at == end ? at : -1;
            }
        }
    }
}
