using System;
using System.IO;

namespace Deid.Crosswalk
{
    /// <summary>
    /// The first bytes of a stream, read from its start, and nothing after them: a dead run's journal up to its last whole row,
    /// read without holding it in memory (the row the run was writing when it died may be cut).
    /// </summary>
    internal sealed class PrefixReadStream : Stream
    {
        private readonly Stream _inner;
        private readonly long _length;
        private long _position;

        /// <summary>Reads the first <paramref name="length"/> bytes of <paramref name="inner"/>, which it owns.</summary>
        public PrefixReadStream(Stream inner, long length)
        {
            _inner = inner ?? throw new ArgumentNullException(nameof(inner));
            _length = Math.Max(0, length);
            _inner.Seek(0, SeekOrigin.Begin);
        }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => _length;

        public override long Position
        {
            get => _position;
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            int wanted = (int)Math.Min(count, _length - _position);
            if (wanted <= 0) return 0;
            int read = _inner.Read(buffer, offset, wanted);
            _position += read;
            return read;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing) _inner.Dispose();
            base.Dispose(disposing);
        }
    }
}
