using System.IO;

namespace Deid.Dicom
{
    /// <summary>
    /// Reads an inflating stream and refuses to produce more than a set number of bytes: a deflate bomb (kilobytes that
    /// inflate to gigabytes) fails with a <see cref="DicomFormatException"/> instead of filling memory.
    /// </summary>
    internal sealed class InflateLimitStream : ForwardReadStream
    {
        private readonly Stream _inner;
        private readonly long _limit;
        private readonly string? _path;
        private long _produced;

        /// <param name="inner">The inflating stream.</param>
        /// <param name="limit">The most bytes it may produce.</param>
        /// <param name="path">The file, for messages.</param>
        public InflateLimitStream(Stream inner, long limit, string? path)
        {
            _inner = inner;
            _limit = limit;
            _path = path;
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            int n = _inner.Read(buffer, offset, count);
            _produced += n;
            if (_produced > _limit)
                throw new DicomFormatException(_path, _limit, null,
                    $"The deflated dataset inflates to more than {_limit} bytes (DicomReadOptions.MaxInflatedLength); refused as a deflate bomb. (The offset counts bytes of the inflated dataset.)");
            return n;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) _inner.Dispose();
            base.Dispose(disposing);
        }
    }
}
