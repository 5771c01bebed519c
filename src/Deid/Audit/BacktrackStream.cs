using System;
using System.IO;

namespace Deid.Audit
{
    /// <summary>
    /// A stream that cannot seek (an inflating one) read front to back, which can go back over the last bytes it read: what the
    /// audit's window search needs, each window starting a needle's length before the last one ended. It also refuses to read
    /// past a limit (a deflate bomb).
    /// </summary>
    internal sealed class BacktrackStream : Stream
    {
        private readonly Stream _inner;
        private readonly long _limit;
        private byte[] _tail; // the last bytes read from _inner, ending at _consumed
        private int _tailLength;
        private long _consumed;
        private long _position;
        private bool _ended;

        /// <summary>The most bytes asked of the inner stream at a time.</summary>
        internal const int ChunkBytes = 4096;

        /// <param name="inner">The stream read front to back (disposed with this one).</param>
        /// <param name="limit">The most bytes it may give.</param>
        /// <param name="backtrack">How far back a read may start, at first (<see cref="Reserve"/> raises it).</param>
        public BacktrackStream(Stream inner, long limit, int backtrack)
        {
            _inner = inner;
            _limit = limit;
            _tail = new byte[Math.Max(1, backtrack)];
        }

        /// <summary>
        /// Why the inner stream stopped before its end (a deflated dataset that does not inflate past a corrupt block), or
        /// null: what came before it has been read as usual, and the stream then ends there.
        /// </summary>
        public string? Failure { get; private set; }

        /// <summary>Lets a read start up to <paramref name="bytes"/> before what has been read, from now on.</summary>
        public void Reserve(int bytes)
        {
            if (bytes <= _tail.Length) return;
            var grown = new byte[bytes];
            // The kept bytes end the new array, as they ended the old one.
            Buffer.BlockCopy(_tail, _tail.Length - _tailLength, grown, bytes - _tailLength, _tailLength);
            _tail = grown;
        }

        public override bool CanRead => true;
        public override bool CanSeek => true;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();

        /// <summary>Where the next read starts: anywhere from <see cref="Reserve"/>'s reach behind what was read, onwards.</summary>
        public override long Position
        {
            get => _position;
            set
            {
                if (value < _consumed - _tailLength)
                    throw new NotSupportedException($"The stream can go back {_tailLength} bytes from {_consumed}, not to {value}.");
                _position = value;
            }
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (count == 0) return 0;
            if (_position < _consumed)
            {
                // From the kept bytes: they end at _consumed, at the end of _tail.
                int back = (int)(_consumed - _position);
                int n = Math.Min(count, back);
                Buffer.BlockCopy(_tail, _tail.Length - back, buffer, offset, n);
                _position += n;
                return n;
            }
            if (_consumed < _position)
            {
                // A seek forward: read and keep what is skipped, as the search never asks for it but may go back into it.
                var skip = new byte[(int)Math.Min(81920, _position - _consumed)];
                while (_consumed < _position)
                {
                    if (ReadInner(skip, 0, (int)Math.Min(skip.Length, _position - _consumed)) <= 0) return 0;
                }
            }
            int got = ReadInner(buffer, offset, count);
            _position += got;
            return got;
        }

        /// <summary>Reads from the inner stream, keeps the last bytes read and counts them against the limit.</summary>
        private int ReadInner(byte[] buffer, int offset, int count)
        {
            int n = 0;
            while (n < count && !_ended)
            {
                int got, want = Math.Min(count - n, ChunkBytes);
                try
                {
                    // A chunk at a time: an inflater that meets a corrupt block throws away what it inflated in that read, so
                    // this bounds what goes unsearched before the break. Full chunks go on into one read, kept as one below
                    // (a read of 4 KB shifted the whole kept tail each time); a short one ends it, as the inner's own would.
                    got = _inner.Read(buffer, offset + n, want);
                }
                catch (InvalidDataException ex)
                {
                    // A corrupt deflate block (fuzz seed 105: one such output ended a whole Test-DeidOutput run with a message
                    // naming no file). The bytes before it are still searched; the audit reports the output unreadable.
                    Failure = $"its deflated dataset breaks off in a corrupt block (inflated to at least byte {_consumed + n}): {ex.Message}";
                    _ended = true;
                    break;
                }
                if (got <= 0) break;
                if (_consumed + n + got > _limit)
                    throw new IOException($"The deflated dataset inflates to more than {_limit} bytes; the audit stopped there.");
                n += got;
                if (got < want) break;
            }
            if (n == 0) return 0;
            _consumed += n;
            int size = _tail.Length;
            if (n >= size)
            {
                Buffer.BlockCopy(buffer, offset + n - size, _tail, 0, size);
                _tailLength = size;
            }
            else
            {
                // Shift the kept bytes left by n and put the new ones at the end.
                Buffer.BlockCopy(_tail, n, _tail, 0, size - n);
                Buffer.BlockCopy(buffer, offset, _tail, size - n, n);
                _tailLength = Math.Min(size, _tailLength + n);
            }
            return n;
        }

        public override long Seek(long offset, SeekOrigin origin) => origin switch
        {
            SeekOrigin.Begin => Position = offset,
            SeekOrigin.Current => Position = _position + offset,
            _ => throw new NotSupportedException("The end of the stream is not known before it is read."),
        };

        public override void Flush() { }
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing) _inner.Dispose();
            base.Dispose(disposing);
        }
    }
}
