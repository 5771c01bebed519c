using System;
using System.Buffers;
using System.IO;

namespace Deid.Dicom
{
    /// <summary>
    /// The inflated dataset of a deflated file (Deflated Explicit VR Little Endian) as a source that large values refer to:
    /// Pixel Data and other values of 64 KiB and more stay compressed in the file and are inflated again when read, so a
    /// deflated image costs the memory of its header, as any other file does, instead of its inflated size.
    /// </summary>
    /// <remarks>
    /// A deflate stream cannot be entered in the middle: each stream this source opens inflates from the start of the dataset
    /// and skips forward to the offset asked for, and a seek backwards starts it again. Readers of a value read it front to
    /// back (the writer's copy, a frame after another), so a value costs one more inflation of the data before it.
    /// </remarks>
    internal sealed class InflatedValueSource : DicomValueSource
    {
        private readonly DeflatedData _deflated;
        private readonly long _maxInflatedLength;
        private long _length = -1;

        /// <summary>The inflated dataset of the compressed bytes <paramref name="deflated"/>, read with the reader's own limit.</summary>
        public InflatedValueSource(DeflatedData deflated, long maxInflatedLength)
        {
            _deflated = deflated;
            _maxInflatedLength = maxInflatedLength;
        }

        /// <inheritdoc/>
        public override string Description => (_deflated.Path ?? _deflated.Compressed.Source.Description) + " (inflated dataset)";

        /// <summary>
        /// The number of bytes the dataset inflates to, when the reader read it to its end; otherwise found by inflating it
        /// once, when first asked.
        /// </summary>
        public long Length
        {
            get
            {
                if (_length < 0)
                {
                    using var s = new InflatedStream(this);
                    _length = s.SkipTo(long.MaxValue);
                }
                return _length;
            }
            set => _length = value;
        }

        /// <inheritdoc/>
        public override Stream OpenRead() => new InflatedStream(this);

        /// <inheritdoc/>
        public override bool IsInflated => true;

        /// <summary>A seekable view of the inflated dataset: reads inflate, a seek forward skips, a seek backward starts again.</summary>
        private sealed class InflatedStream : Stream
        {
            private readonly InflatedValueSource _owner;
            private Stream? _compressed;
            private Stream? _inflater;
            private long _inflated; // bytes taken from _inflater so far
            private long _position; // where the next read starts

            public InflatedStream(InflatedValueSource owner) => _owner = owner;

            public override bool CanRead => true;
            public override bool CanSeek => true;
            public override bool CanWrite => false;
            public override long Length => _owner.Length;

            public override long Position
            {
                get => _position;
                set
                {
                    if (value < 0) throw new ArgumentOutOfRangeException(nameof(value), value, "A position cannot be negative.");
                    _position = value;
                }
            }

            public override long Seek(long offset, SeekOrigin origin)
            {
                Position = origin switch
                {
                    SeekOrigin.Begin => offset,
                    SeekOrigin.Current => _position + offset,
                    SeekOrigin.End => Length + offset,
                    _ => throw new ArgumentOutOfRangeException(nameof(origin)),
                };
                return _position;
            }

            public override int Read(byte[] buffer, int offset, int count)
            {
                if (count == 0) return 0;
                if (SkipTo(_position) < _position) return 0;
                int n = _inflater!.Read(buffer, offset, count);
                _inflated += n;
                _position = _inflated;
                return n;
            }

            /// <summary>Inflates up to <paramref name="target"/> (starting again when it lies behind); returns where it got to.</summary>
            internal long SkipTo(long target)
            {
                if (_inflater == null || target < _inflated) Start();
                if (target == _inflated) return _inflated;
                byte[] scratch = ArrayPool<byte>.Shared.Rent(81920);
                try
                {
                    while (_inflated < target)
                    {
                        int n = _inflater!.Read(scratch, 0, (int)Math.Min(scratch.Length, target - _inflated));
                        if (n <= 0) break;
                        _inflated += n;
                    }
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(scratch);
                }
                return _inflated;
            }

            private void Start()
            {
                Close(disposing: true);
                var compressed = _owner._deflated.Compressed.Source.OpenRead();
                try
                {
                    compressed.Position = _owner._deflated.Compressed.Offset;
                    _inflater = DicomFileReader.Inflate(compressed, _owner._deflated, _owner._maxInflatedLength);
                }
                catch
                {
                    compressed.Dispose();
                    throw;
                }
                _compressed = compressed;
                _inflated = 0;
            }

            public override void Flush() { }
            public override void SetLength(long value) => throw new NotSupportedException();
            public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

            protected override void Dispose(bool disposing)
            {
                Close(disposing);
                base.Dispose(disposing);
            }

            private void Close(bool disposing)
            {
                if (!disposing) return;
                // The inflater leaves the compressed stream open (the reader's own use needs that): both are closed here.
                _inflater?.Dispose();
                _compressed?.Dispose();
                _inflater = null;
                _compressed = null;
            }
        }
    }
}
