using System;
using System.IO;

namespace Deid.Dicom
{
    /// <summary>
    /// A file source whose handle stays open from the read until <see cref="Release"/>: the large values of a file processed
    /// straight after it is read (a batch's read, steps, write) are copied through the handle the header was read with.
    /// </summary>
    /// <remarks>
    /// Why: re-opening the input to copy its pixel data, and checking its size and time before and after, cost eight system
    /// calls a file (open, stat, lock, advise, unlock, close, two lstat); on small files that was a fifth of the kernel's
    /// share. While the handle is held the bytes read are the bytes the header came from, so no change check is needed.
    /// After <see cref="Release"/> the file is opened again by path, and refused if its length changed.
    /// </remarks>
    internal sealed class HeldFileValueSource : DicomValueSource
    {
        private readonly string _path;
        private readonly long _length;
        private FileStream? _stream;

        public HeldFileValueSource(string fullPath, FileStream stream)
        {
            _path = fullPath;
            _stream = stream;
            _length = stream.Length;
        }

        public override string Description => _path;

        /// <summary>The file's length when it was opened.</summary>
        public long Length => _length;

        public override Stream OpenRead()
        {
            var held = _stream;
            if (held != null) return new View(held, _length);
            var reopened = OpenFile(_path);
            if (reopened.Length != _length)
            {
                reopened.Dispose();
                throw ChangedSinceRead(_path);
            }
            return reopened;
        }

        /// <summary>Closes the held handle; later reads open the file again.</summary>
        public void Release()
        {
            var held = _stream;
            _stream = null;
            held?.Dispose();
        }

        /// <summary>
        /// A read-only stream over the held handle with its own position: each reader of the source (the writer, a frame
        /// reader) seeks independently, and disposing a view leaves the handle open.
        /// </summary>
        internal sealed class View : Stream
        {
            private readonly long _length;
            private long _position;

            public View(FileStream file, long length)
            {
                File = file;
                _length = length;
            }

            /// <summary>The held handle, for the kernel's file-to-file copy (which takes explicit offsets).</summary>
            public FileStream File { get; }

            public override bool CanRead => true;

            public override bool CanSeek => true;

            public override bool CanWrite => false;

            public override long Length => _length;

            public override long Position
            {
                get => _position;
                set
                {
                    if (value < 0) throw new ArgumentOutOfRangeException(nameof(value));
                    _position = value;
                }
            }

            public override int Read(byte[] buffer, int offset, int count)
            {
                if (_position >= _length) return 0;
                File.Position = _position;
                int n = File.Read(buffer, offset, (int)Math.Min(count, _length - _position));
                _position += n;
                return n;
            }

            public override long Seek(long offset, SeekOrigin origin)
            {
                long target = origin switch
                {
                    SeekOrigin.Begin => offset,
                    SeekOrigin.Current => _position + offset,
                    _ => _length + offset,
                };
                Position = target;
                return _position;
            }

            public override void Flush()
            {
            }

            public override void SetLength(long value) => throw new NotSupportedException();

            public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        }
    }
}
