using System;
using System.IO;

namespace Deid.Dicom
{
    /// <summary>
    /// A stream that is read forward only: what the codec's inflating wrappers have in common (no seeking, no length, no writing),
    /// so that each states only how it reads.
    /// </summary>
    internal abstract class ForwardReadStream : Stream
    {
        public sealed override bool CanRead => true;
        public sealed override bool CanSeek => false;
        public sealed override bool CanWrite => false;
        public sealed override long Length => throw new NotSupportedException();
        public sealed override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public sealed override void Flush() { }
        public sealed override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public sealed override void SetLength(long value) => throw new NotSupportedException();
        public sealed override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
