using System;
using System.Buffers;
using System.Buffers.Binary;
using System.IO;
using System.Runtime.CompilerServices;

namespace Deid.Dicom
{
    /// <summary>
    /// A forward reader over a stream with its own buffer. Slices handed out (<see cref="Take"/>) stay valid for the
    /// life of the file: the buffer is never overwritten, only replaced by a larger one, so small values are kept as
    /// views of the bytes read instead of copies. Lengths are checked against the stream length before anything is
    /// allocated from them.
    /// </summary>
    internal sealed class DicomByteReader
    {
        private const int InitialBufferSize = 16 * 1024;
        private readonly Stream _stream;
        private byte[] _buf;
        private int _pos;
        private int _end;
        private long _bufOffset;
        private bool _eof;

        // The smallest first buffer a hint gives: a preamble, the file meta and a few elements.
        private const int MinimumHintedBufferSize = 1024;

        // How many bytes the last source of known length read on this thread used before its first skip (the Pixel Data it left
        // on disk) or its end: the size the next file's first buffer is made for. Why: a file's values are views of the
        // buffer, so it cannot be pooled, and a 16 KB buffer for the 2 KB header of a small CT file was a fifth of what
        // Invoke-DeidReplace allocated for it (and 14 KB of pixel data copied for nothing). The files of one batch are
        // alike; a header larger than the hint grows the buffer as before (the unread bytes are copied, once).
        [ThreadStatic]
        private static int _usedBeforeSkip;

        private readonly long _startOffset;
        private bool _hintRecorded;

        [MethodImpl(HotPath.Optimized)]
        public DicomByteReader(Stream stream, string? path, long length, long startOffset = 0)
        {
            _stream = stream;
            Path = path;
            Length = length;
            _bufOffset = startOffset;
            _startOffset = startOffset;
            int first = length >= 0 ? (int)Math.Min(FirstBufferSize(_usedBeforeSkip), Math.Max(0, length - startOffset)) : InitialBufferSize;
            _buf = new byte[Math.Max(first, 16)];
        }

        /// <summary>
        /// The first buffer for a source after one that used <paramref name="used"/> bytes before its first skip: the power of two
        /// above it with a quarter to spare, between <see cref="MinimumHintedBufferSize"/> and the initial size (the whole initial
        /// size before any hint).
        /// </summary>
        internal static int FirstBufferSize(int used)
        {
            if (used <= 0) return InitialBufferSize;
            int wanted = used + (used >> 2);
            int size = MinimumHintedBufferSize;
            while (size < wanted && size < InitialBufferSize) size <<= 1;
            return size;
        }

        /// <summary>
        /// Records, once, how many bytes this source used before its first skip or the end of reading, as the hint for the next
        /// source of known length read on this thread.
        /// </summary>
        [MethodImpl(HotPath.Optimized)]
        public void RecordBufferHint()
        {
            if (_hintRecorded || Length < 0) return;
            _hintRecorded = true;
            long used = Position - _startOffset;
            _usedBeforeSkip = (int)Math.Min(used, InitialBufferSize);
        }

        /// <summary>The source path for error messages.</summary>
        public string? Path { get; }

        /// <summary>True when reading the inflated dataset of a deflated file: offsets in errors count inflated bytes.</summary>
        public bool Inflated { get; set; }

        /// <summary>The total length of the source, or -1 when unknown (deflated or non-seekable streams).</summary>
        public long Length { get; }

        /// <summary>Offset of the next byte to read.</summary>
        public long Position => _bufOffset + _pos;

        /// <summary>Bytes available in the buffer without reading.</summary>
        public int Buffered => _end - _pos;

        /// <summary>The bytes from the current position that are buffered.</summary>
        public ReadOnlySpan<byte> Span => new ReadOnlySpan<byte>(_buf, _pos, _end - _pos);

        /// <summary>Bytes left in the source after the current position, or -1 when unknown.</summary>
        public long Remaining => Length >= 0 ? Length - Position : -1;

        /// <summary>Makes at least <paramref name="count"/> bytes available; false when the source ends first.</summary>
        [MethodImpl(HotPath.Optimized)]
        public bool TryEnsure(int count)
        {
            if (_end - _pos >= count) return true;
            if (_eof) return false;
            if (Length >= 0 && Position + count > Length) return false;
            while (_end - _pos < count)
            {
                if (_end == _buf.Length) Grow(count);
                int n = _stream.Read(_buf, _end, _buf.Length - _end);
                if (n <= 0)
                {
                    _eof = true;
                    return false;
                }
                _end += n;
            }
            return true;
        }

        /// <summary>
        /// Moves the unread bytes into a new, larger buffer (the old one may back slices already handed out). With a
        /// known length the buffer never exceeds what is left of the source; with an unknown length it doubles with the
        /// data actually read, so a lying length field cannot make us allocate much more than the input holds, and it
        /// never drops below the initial size, so a stream is not read one element header at a time.
        /// </summary>
        [MethodImpl(HotPath.Optimized)]
        private void Grow(int count)
        {
            int have = _end - _pos;
            long target = Length >= 0
                ? Math.Max(count, Math.Min(Math.Max(have * 2L, InitialBufferSize), Length - Position))
                : Math.Max(have + 1L, Math.Min(Math.Max(count, InitialBufferSize), Math.Max(have * 2L, InitialBufferSize)));
            var next = new byte[target];
            Buffer.BlockCopy(_buf, _pos, next, 0, have);
            _bufOffset += _pos;
            _buf = next;
            _pos = 0;
            _end = have;
        }

        /// <summary>True when no byte is left.</summary>
        public bool AtEnd => !TryEnsure(1);

        /// <summary>
        /// Consumes the zero bytes from the current position up to the first byte that is not zero, or the end of the source;
        /// returns how many. A buffer at a time, so a long run of padding is read in flat memory.
        /// </summary>
        public long SkipZeros()
        {
            long count = 0;
            while (TryEnsure(1))
            {
                int at = _pos;
                while (at < _end && _buf[at] == 0) at++;
                count += at - _pos;
                bool other = at < _end;
                _pos = at;
                if (other) break;
            }
            return count;
        }

        [MethodImpl(HotPath.Optimized)]
        public ushort PeekUInt16(int at, bool bigEndian) =>
            bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(_buf.AsSpan(_pos + at, 2)) : BinaryPrimitives.ReadUInt16LittleEndian(_buf.AsSpan(_pos + at, 2));

        [MethodImpl(HotPath.Optimized)]
        public uint PeekUInt32(int at, bool bigEndian) =>
            bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(_buf.AsSpan(_pos + at, 4)) : BinaryPrimitives.ReadUInt32LittleEndian(_buf.AsSpan(_pos + at, 4));

        [MethodImpl(HotPath.Optimized)]
        public byte PeekByte(int at) => _buf[_pos + at];

        /// <summary>
        /// True when the two bytes at <paramref name="at"/> are capital letters: where an explicit VR would be, pydicom takes
        /// that for explicit VR, a VR it knows or not (the reader's and the item check's one rule for "looks explicit").
        /// </summary>
        [MethodImpl(HotPath.Optimized)]
        public bool PeekCapitals(int at)
        {
            byte a = _buf[_pos + at], b = _buf[_pos + at + 1];
            return a >= 'A' && a <= 'Z' && b >= 'A' && b <= 'Z';
        }

        public void Advance(int count) => _pos += count;

        /// <summary>
        /// Goes back to <paramref name="position"/>, which must still be in the buffer: a value made sure of with
        /// <see cref="TryEnsure"/> and read within its bounds since (the buffer is replaced only to read further).
        /// </summary>
        public void Rewind(long position)
        {
            if (!CanRewind(position)) throw new InvalidOperationException($"Offset {position} is no longer in the reader's buffer.");
            _pos = (int)(position - _bufOffset);
        }

        /// <summary>
        /// Whether <paramref name="position"/> is still in the buffer, so that <see cref="Rewind"/> can go back to it: reading on
        /// past what was made sure of may have replaced the buffer.
        /// </summary>
        public bool CanRewind(long position)
        {
            long at = position - _bufOffset;
            return at >= 0 && at <= _end;
        }

        /// <summary>Hands out the next <paramref name="count"/> bytes (which must be buffered) as a stable view.</summary>
        [MethodImpl(HotPath.Optimized)]
        public ReadOnlyMemory<byte> Take(int count)
        {
            var m = new ReadOnlyMemory<byte>(_buf, _pos, count);
            _pos += count;
            return m;
        }

        /// <summary>
        /// Skips <paramref name="count"/> bytes, seeking when the stream allows it. False when a stream that cannot seek ended
        /// first (a stream that can seeks past its end; its callers check lengths against <see cref="Length"/> beforehand).
        /// </summary>
        [MethodImpl(HotPath.Optimized)]
        public bool Skip(long count)
        {
            RecordBufferHint();
            int buffered = _end - _pos;
            if (count <= buffered)
            {
                _pos += (int)count;
                return true;
            }
            bool complete = true;
            long rest = count - buffered;
            long target = _bufOffset + _end + rest;
            if (_stream.CanSeek)
            {
                _stream.Seek(target - (_bufOffset + _end), SeekOrigin.Current);
            }
            else
            {
                var scratch = ArrayPool<byte>.Shared.Rent(81920);
                try
                {
                    while (rest > 0)
                    {
                        int n = _stream.Read(scratch, 0, (int)Math.Min(scratch.Length, rest));
                        if (n <= 0)
                        {
                            complete = false;
                            _eof = true;
                            break;
                        }
                        rest -= n;
                    }
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(scratch);
                }
            }
            // Start a fresh buffer: the old one may hold slices already handed out. With a known length it holds no more than
            // what is left: after Pixel Data that is usually a few bytes of trailing padding, and a 16 KB buffer for them was
            // a quarter of what reading a file's header allocated.
            _bufOffset = target;
            _buf = new byte[Length >= 0 ? (int)Math.Max(16, Math.Min(InitialBufferSize, Length - target)) : InitialBufferSize];
            _pos = 0;
            _end = 0;
            return complete;
        }

        /// <summary>A stream over the unread part of the source (buffered bytes first), for deflated datasets.</summary>
        [MethodImpl(HotPath.Optimized)]
        public Stream RemainingStream()
        {
            if (_stream.CanSeek)
            {
                _stream.Seek(Position, SeekOrigin.Begin);
                return _stream;
            }
            return new PrefixedStream(new ReadOnlyMemory<byte>(_buf, _pos, _end - _pos).ToArray(), _stream);
        }

        [MethodImpl(HotPath.Optimized)]
        public DicomFormatException Error(string message, DicomTag? tag = null, long offset = -2) =>
            // The path stays the file's own, so callers can match errors to inputs; the message says how to count.
            new DicomFormatException(Path, offset == -2 ? Position : offset, tag, Inflated ? message + " (The offset counts bytes of the inflated dataset.)" : message);

        private sealed class PrefixedStream : Stream
        {
            private readonly byte[] _prefix;
            private readonly Stream _rest;
            private int _at;

            [MethodImpl(HotPath.Optimized)]
            public PrefixedStream(byte[] prefix, Stream rest)
            {
                _prefix = prefix;
                _rest = rest;
            }

            public override bool CanRead => true;
            public override bool CanSeek => false;
            public override bool CanWrite => false;
            public override long Length => throw new NotSupportedException();
            public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
            [MethodImpl(HotPath.Optimized)]
            public override void Flush() { }
            public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
            public override void SetLength(long value) => throw new NotSupportedException();
            [MethodImpl(HotPath.Optimized)]
            public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

            public override int Read(byte[] buffer, int offset, int count)
            {
                if (_at < _prefix.Length)
                {
                    int n = Math.Min(count, _prefix.Length - _at);
                    Buffer.BlockCopy(_prefix, _at, buffer, offset, n);
                    _at += n;
                    return n;
                }
                return _rest.Read(buffer, offset, count);
            }
        }
    }
}
