using System;
using System.IO;

namespace Deid.Dicom
{
    /// <summary>
    /// A value that was not loaded into memory: a byte range of the source it was read from. Large values (Pixel Data
    /// above all) stay on disk and are copied stream to stream when written, so memory does not grow with file size.
    /// </summary>
    public sealed class DicomValueRef
    {
        /// <summary>Creates a reference to <paramref name="length"/> bytes at <paramref name="offset"/> of <paramref name="source"/>.</summary>
        public DicomValueRef(DicomValueSource source, long offset, long length)
        {
            Source = source ?? throw new ArgumentNullException(nameof(source));
            Offset = offset;
            Length = length;
        }

        /// <summary>Where the bytes are.</summary>
        public DicomValueSource Source { get; }

        /// <summary>Byte offset of the value in the source.</summary>
        public long Offset { get; }

        /// <summary>Length of the value in bytes.</summary>
        public long Length { get; }

        /// <summary>Reads the whole value into memory (for values that are needed, such as a frame to clean).</summary>
        public byte[] ReadAll()
        {
            if (Length > int.MaxValue) throw new InvalidOperationException($"A value of {Length} bytes cannot be held in one array.");
            var bytes = new byte[Length];
            using (var s = Source.OpenRead())
            {
                s.Position = Offset;
                int read = 0;
                while (read < bytes.Length)
                {
                    int n = s.Read(bytes, read, bytes.Length - read);
                    if (n <= 0) throw new DicomFormatException(Source.Description, Offset + read, null, "The source ended before the referenced value did; was the file changed after it was read?");
                    read += n;
                }
            }
            return bytes;
        }

        /// <inheritdoc/>
        public override string ToString() => $"{Length} bytes at offset {Offset} of {Source.Description}";
    }

    /// <summary>Something a <see cref="DicomValueRef"/> can be read back from: a file on disk or a byte array.</summary>
    public abstract class DicomValueSource
    {
        /// <summary>A description for messages: the path, or "&lt;memory&gt;".</summary>
        public abstract string Description { get; }

        /// <summary>Opens a new seekable read-only stream over the source; the caller disposes it.</summary>
        public abstract Stream OpenRead();

        /// <summary>
        /// True for the inflated dataset of a deflated file: offsets count its inflated bytes, and no byte of the file itself
        /// holds the value.
        /// </summary>
        public virtual bool IsInflated => false;

        /// <summary>A source that is a file: re-opened on demand, and checked not to have changed size or time since it was read.</summary>
        public static DicomValueSource FromFile(string path) => new FileValueSource(path);

        /// <summary>
        /// Opens an input for reading, the one way every read of a DICOM file opens it: others may read it meanwhile but not
        /// write, no stream buffer of its own (the readers buffer in pooled arrays), read front to back.
        /// </summary>
        internal static FileStream OpenFile(string path) =>
            new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);

        /// <summary>The refusal of a source file whose size or time is not what it was when its header was read.</summary>
        internal static IOException ChangedSinceRead(string path) =>
            new IOException($"'{path}' changed after it was read; its large values can no longer be copied safely.");

        /// <summary>A source that is a byte array held in memory.</summary>
        public static DicomValueSource FromBytes(byte[] bytes) => new MemoryValueSource(bytes);

        private sealed class FileValueSource : DicomValueSource
        {
            private readonly string _path;
            private readonly long _length;
            private readonly DateTime _lastWriteUtc;

            public FileValueSource(string path)
            {
                _path = Path.GetFullPath(path);
                var info = new FileInfo(_path);
                _length = info.Length;
                _lastWriteUtc = info.LastWriteTimeUtc;
            }

            public override string Description => _path;

            public override Stream OpenRead()
            {
                var info = new FileInfo(_path);
                if (!info.Exists || info.Length != _length || info.LastWriteTimeUtc != _lastWriteUtc)
                    throw ChangedSinceRead(_path);
                return OpenFile(_path);
            }
        }

        private sealed class MemoryValueSource : DicomValueSource
        {
            private readonly byte[] _bytes;

            public MemoryValueSource(byte[] bytes) => _bytes = bytes;

            public override string Description => "<memory>";

            public override Stream OpenRead() => new MemoryStream(_bytes, false);
        }
    }
}
