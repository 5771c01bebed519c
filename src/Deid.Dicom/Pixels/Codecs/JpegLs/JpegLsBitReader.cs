using System;
using System.Runtime.CompilerServices;

namespace Deid.Dicom
{
    /// <summary>
    /// Reads the entropy-coded bits of one scan segment (the bytes between the SOS header, or a restart marker, and the
    /// next marker), most significant bit first.
    /// </summary>
    /// <remarks>
    /// T.87 §A.1 (and §9.1 of T.81 for markers): after a 0xFF byte the encoder stuffs a 0 bit, so only the low 7 bits of
    /// the following byte carry data. The segment handed in holds no marker (the caller cut it at the first 0xFF followed
    /// by a byte of 0x80 or more), so every byte after 0xFF is below 0x80. Running out of bits is an error, not zero fill:
    /// a valid scan never needs bits past its padding, and failing keeps a hostile stream from decoding forever.
    /// </remarks>
    internal ref struct JpegLsBitReader
    {
        private readonly ReadOnlySpan<byte> _data;
        private readonly long _baseOffset;
        private int _position;
        private ulong _cache; // valid bits are the top _count bits; the rest are 0
        private int _count;
        private bool _afterFF;

        /// <summary>Reads <paramref name="segment"/>, which starts <paramref name="baseOffset"/> bytes into the frame.</summary>
        public JpegLsBitReader(ReadOnlySpan<byte> segment, long baseOffset)
        {
            _data = segment;
            _baseOffset = baseOffset;
            _position = 0;
            _cache = 0;
            _count = 0;
            _afterFF = false;
        }

        /// <summary>The frame offset of the next unread byte, for messages.</summary>
        public long Offset => _baseOffset + _position;

        private void Fill()
        {
            while (_count <= 56 && _position < _data.Length)
            {
                uint b = _data[_position++];
                if (_afterFF)
                {
                    // The stuffed 0 bit is dropped: 7 data bits.
                    _cache |= (ulong)(b & 0x7F) << (57 - _count);
                    _count += 7;
                }
                else
                {
                    _cache |= (ulong)b << (56 - _count);
                    _count += 8;
                }
                _afterFF = b == 0xFF;
            }
        }

        /// <summary>Reads one bit.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public int ReadBit()
        {
            if (_count == 0)
            {
                Fill();
                if (_count == 0) JpegLsErrors.ThrowTruncated(Offset);
            }
            int bit = (int)(_cache >> 63);
            _cache <<= 1;
            _count--;
            return bit;
        }

        /// <summary>Reads <paramref name="n"/> bits (0 to 32) as an unsigned number.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public int ReadBits(int n)
        {
            if (n == 0) return 0;
            if (_count < n)
            {
                Fill();
                if (_count < n) JpegLsErrors.ThrowTruncated(Offset);
            }
            int value = (int)(uint)(_cache >> (64 - n));
            _cache <<= n;
            _count -= n;
            return value;
        }

        /// <summary>
        /// Reads the unary part of a Golomb code: counts 0 bits up to the terminating 1 (consumed). More than
        /// <paramref name="max"/> zeros cannot occur in a valid stream (T.87 §A.5.3, LIMIT), so it is an error.
        /// </summary>
        public int ReadZeros(int max)
        {
            int zeros = 0;
            while (true)
            {
                if (_count == 0)
                {
                    Fill();
                    if (_count == 0) JpegLsErrors.ThrowTruncated(Offset);
                }
                if (_cache == 0)
                {
                    // Every buffered bit is 0: take them all at once.
                    zeros += _count;
                    _count = 0;
                }
                else
                {
                    while ((_cache & 0x8000_0000_0000_0000UL) == 0)
                    {
                        _cache <<= 1;
                        _count--;
                        zeros++;
                    }
                    _cache <<= 1;
                    _count--;
                    if (zeros > max) break;
                    return zeros;
                }
                if (zeros > max) break;
            }
            throw JpegLsErrors.Corrupt(Offset, $"a Golomb code has more than {max} leading zero bits (more than LIMIT allows)");
        }
    }
}
