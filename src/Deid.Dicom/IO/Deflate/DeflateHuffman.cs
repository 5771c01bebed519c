using System;

namespace Deid.Dicom
{
    /// <summary>
    /// One canonical Huffman code of a deflate block (RFC 1951 §3.2.2), built from its code lengths and decoding symbols from
    /// a <see cref="DeflateBitReader"/>. Short codes are found with one table look-up; longer ones, and codes cut short by
    /// the end of the data, are found a bit at a time, as zlib's puff.c does. It accepts the codes zlib accepts, so that a
    /// stream it calls valid is one .NET's inflater (zlib) reads.
    /// </summary>
    internal sealed class DeflateHuffman
    {
        /// <summary>Decode found a bit pattern that is no code: the stream is corrupt.</summary>
        public const int Invalid = -1;

        /// <summary>Decode ran out of data in the middle of a code: the stream is truncated.</summary>
        public const int Truncated = -2;

        private const int MaxBits = 15;
        private const int FastBits = 9;

        private readonly short[] _count = new short[MaxBits + 1];
        private readonly short[] _symbols;
        // For each FastBits-bit pattern (first bit lowest): (symbol << 4) | code length, or 0 when its code is longer.
        private readonly ushort[] _fast = new ushort[1 << FastBits];
        private readonly int[] _offsets = new int[MaxBits + 2]; // where each length's symbols go in _symbols, while building
        private int _maxLength;

        /// <param name="capacity">The most symbols the code has (288, 32 or 19).</param>
        public DeflateHuffman(int capacity) => _symbols = new short[capacity];

        /// <summary>
        /// Builds the code for <paramref name="lengths"/> (0 = symbol unused). Returns why the lengths make no valid code, or
        /// null. An over-subscribed set is refused; an incomplete one only when <paramref name="allowSingleCode"/> and it is
        /// one code of one bit (RFC 1951 allows a lone distance code; zlib, as here, allows exactly that much), or empty.
        /// </summary>
        public string? Build(ReadOnlySpan<byte> lengths, bool allowSingleCode)
        {
            Array.Clear(_count, 0, _count.Length);
            Array.Clear(_fast, 0, _fast.Length);
            foreach (byte length in lengths) _count[length]++;
            _count[0] = 0;
            _maxLength = 0;
            for (int len = MaxBits; len >= 1; len--)
            {
                if (_count[len] == 0) continue;
                _maxLength = len;
                break;
            }
            // No symbol at all: valid to build (a block of literals only has no distance codes); any decode is then invalid.
            if (_maxLength == 0) return null;

            int left = 1;
            for (int len = 1; len <= MaxBits; len++)
            {
                left = (left << 1) - _count[len];
                if (left < 0) return "over-subscribed code lengths";
            }
            if (left > 0 && (!allowSingleCode || _maxLength != 1)) return "incomplete code lengths";

            // Symbols in canonical order: by length, then by value.
            _offsets[1] = 0;
            for (int len = 1; len <= MaxBits; len++) _offsets[len + 1] = _offsets[len] + _count[len];
            for (int symbol = 0; symbol < lengths.Length; symbol++)
                if (lengths[symbol] != 0) _symbols[_offsets[lengths[symbol]]++] = (short)symbol;

            int code = 0;
            int index = 0;
            for (int len = 1; len <= FastBits; len++)
            {
                for (int i = 0; i < _count[len]; i++, code++, index++)
                {
                    int reversed = Reverse(code, len);
                    var entry = (ushort)((_symbols[index] << 4) | len);
                    for (int at = reversed; at < _fast.Length; at += 1 << len) _fast[at] = entry;
                }
                code <<= 1;
            }
            return null;
        }

        /// <summary>Decodes one symbol, or returns <see cref="Invalid"/> or <see cref="Truncated"/>.</summary>
        public int Decode(DeflateBitReader bits)
        {
            int held = bits.Fill(MaxBits);
            uint peek = bits.Peek(held);
            int entry = _fast[peek & ((1 << FastBits) - 1)];
            int length = entry & 15;
            if (entry != 0 && length <= held)
            {
                bits.Drop(length);
                return entry >> 4;
            }

            // Canonical decoding a bit at a time (puff.c): code holds the bits read, most significant first.
            int codeSoFar = 0, first = 0, index = 0;
            for (int len = 1; len <= _maxLength; len++)
            {
                if (len > held) return Truncated;
                codeSoFar |= (int)((peek >> (len - 1)) & 1);
                int count = _count[len];
                if (codeSoFar - first < count)
                {
                    bits.Drop(len);
                    return _symbols[index + codeSoFar - first];
                }
                index += count;
                first = (first + count) << 1;
                codeSoFar <<= 1;
            }
            return Invalid;
        }

        private static int Reverse(int code, int length)
        {
            int reversed = 0;
            for (int i = 0; i < length; i++, code >>= 1) reversed = (reversed << 1) | (code & 1);
            return reversed;
        }
    }
}
