using System;
using System.IO;

namespace Deid.Dicom
{
    /// <summary>
    /// The bits of a raw deflate stream (RFC 1951 §3.1.1: least significant bit first), read from a stream through a small
    /// buffer and never past a set number of bytes. Every read says whether the bits were there: running out is how a
    /// truncated stream shows, so it is an answer, not an exception.
    /// </summary>
    internal sealed class DeflateBitReader
    {
        private readonly Stream _stream;
        private readonly byte[] _buffer = new byte[16384];
        private long _left; // bytes of the stream not yet taken into the buffer
        private long _loaded; // bytes taken from the buffer into _bits so far
        private int _pos;
        private int _end;
        private ulong _bits;
        private int _count;

        /// <param name="stream">The compressed bytes, from their first.</param>
        /// <param name="length">How many bytes of <paramref name="stream"/> are the deflate data (or fewer, when it ends first).</param>
        public DeflateBitReader(Stream stream, long length)
        {
            _stream = stream;
            _left = length;
        }

        /// <summary>The number of bits used so far.</summary>
        public long BitsUsed => _loaded * 8 - _count;

        /// <summary>The bytes read from the stream so far (all of them, once a read found too few).</summary>
        public long BytesRead => _loaded;

        /// <summary>The bytes used so far, a partly used last byte counted whole.</summary>
        public long BytesUsed => (BitsUsed + 7) / 8;

        /// <summary>Loads bits until <paramref name="n"/> (at most 56) are held or the data end; returns how many are held, at most <paramref name="n"/>.</summary>
        public int Fill(int n)
        {
            while (_count < n)
            {
                if (_pos == _end && !Refill()) break;
                _bits |= (ulong)_buffer[_pos++] << _count;
                _count += 8;
                _loaded++;
            }
            return Math.Min(_count, n);
        }

        /// <summary>The next <paramref name="n"/> bits held (first bit lowest), without using them.</summary>
        public uint Peek(int n) => (uint)(_bits & ((1UL << n) - 1));

        /// <summary>Uses <paramref name="n"/> bits that are held.</summary>
        public void Drop(int n)
        {
            _bits >>= n;
            _count -= n;
        }

        /// <summary>Reads <paramref name="n"/> bits (at most 32) as a number; false when the data end first.</summary>
        public bool TryRead(int n, out uint value)
        {
            if (Fill(n) < n)
            {
                value = 0;
                return false;
            }
            value = Peek(n);
            Drop(n);
            return true;
        }

        /// <summary>Skips to the next byte boundary (a stored block's length starts there).</summary>
        public void AlignToByte() => Drop(_count & 7);

        /// <summary>Skips <paramref name="n"/> whole bytes after <see cref="AlignToByte"/>; false when the data end first.</summary>
        public bool TrySkipBytes(long n)
        {
            // Bytes already held as bits go first.
            while (n > 0 && _count >= 8)
            {
                Drop(8);
                n--;
            }
            while (n > 0)
            {
                if (_pos == _end && !Refill()) return false;
                int take = (int)Math.Min(n, _end - _pos);
                _pos += take;
                _loaded += take;
                n -= take;
            }
            return true;
        }

        private bool Refill()
        {
            if (_left <= 0) return false;
            int n = _stream.Read(_buffer, 0, (int)Math.Min(_buffer.Length, _left));
            if (n <= 0)
            {
                _left = 0;
                return false;
            }
            _left -= n;
            _pos = 0;
            _end = n;
            return true;
        }
    }
}
