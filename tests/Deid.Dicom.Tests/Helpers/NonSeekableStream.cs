using System;
using System.IO;

namespace Deid.Dicom.Tests.Helpers
{
    /// <summary>A read-only, non-seekable view of another stream, handing out at most <c>chunk</c> bytes per read (as a socket or pipe would).</summary>
    public sealed class NonSeekableStream : Stream
    {
        private readonly Stream _inner;
        private readonly int _chunk;

        public NonSeekableStream(Stream inner, int chunk = 4093)
        {
            _inner = inner;
            _chunk = chunk;
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        /// <summary>How many times <see cref="Read(byte[], int, int)"/> was called.</summary>
        public int Reads { get; private set; }

        public override int Read(byte[] buffer, int offset, int count)
        {
            Reads++;
            return _inner.Read(buffer, offset, Math.Min(count, _chunk));
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
