using System;
using System.Buffers;
using System.Collections.Generic;
using System.IO;
using Deid.Dicom;

namespace Deid.Audit
{
    /// <summary>
    /// An output's values laid end to end, a zero byte after each, handed to a search a window at a time: in one buffer of at
    /// most <c>Lead</c> + the window + the overlap, however many and however large the values. A value left in the output by
    /// the reader (64 KB or more) is read from it into the window in pieces, never whole.
    /// </summary>
    /// <remarks>
    /// As the byte search's windows (<c>DeidAudit.SearchWindows</c>): each window is searched with the two bytes before it (a
    /// match's context) and the overlap after it, and owns the matches that start in it. The overlap is carried over to the
    /// next window as it was read, not read again: a value left in a deflated output is inflated again when read, and a read
    /// that goes back starts that from the beginning. Nothing is kept per value: a match is placed in the output afterwards, by
    /// its position in the values laid end to end (<see cref="ValueLocator"/>).
    /// </remarks>
    internal sealed class ValueWindows : IValueSink, IDisposable
    {
        /// <summary>The bytes before a window's own that it is searched with: a number's boundary looks two back.</summary>
        public const int Lead = 2;

        // The first buffer: a small file's values fit in it, and a large one's buffer grows (four times at each step) to a window.
        private const int InitialBytes = 16 << 10;

        private readonly int _windowBytes;
        private readonly int _overlap;
        private readonly int _capacity;
        private readonly Func<ValueWindows, bool> _search;
        private readonly Dictionary<DicomValueSource, Stream> _streams = new Dictionary<DicomValueSource, Stream>();
        private readonly byte[] _carry;
        private byte[] _buffer;
        private int _size; // the bytes of _buffer in use as the window's room (a rented array may be longer)
        private int _count;
        private int _lead;
        private long _from;
        private bool _last;

        /// <param name="windowBytes">The bytes each window owns.</param>
        /// <param name="overlap">The bytes after a window's own that it is searched with: the longest match and its context.</param>
        /// <param name="search">Searches the window (<see cref="Bytes"/> and the rest); false when nothing more is wanted.</param>
        public ValueWindows(int windowBytes, int overlap, Func<ValueWindows, bool> search)
        {
            _windowBytes = Math.Max(Lead, windowBytes);
            _overlap = Math.Max(0, overlap);
            _capacity = Lead + _windowBytes + _overlap;
            _search = search;
            _carry = new byte[Lead + _overlap];
            _size = Math.Min(_capacity, InitialBytes);
            _buffer = ArrayPool<byte>.Shared.Rent(_size);
        }

        /// <summary>True once the search wants nothing more: values added then are not read.</summary>
        public bool Done { get; private set; }

        /// <summary>The window's bytes, as read (the search folds them in place); the first <see cref="Count"/> are the window.</summary>
        public byte[] Bytes => _buffer;

        /// <summary>How many bytes the window holds.</summary>
        public int Count => _count;

        /// <summary>Where the window's first byte lies in the values laid end to end.</summary>
        public long From => _from;

        /// <summary>Where the window's own bytes start in <see cref="Bytes"/>: the bytes before are the last window's.</summary>
        public int OwnStart => _lead;

        /// <summary>Where the window's own bytes end in <see cref="Bytes"/>: a match starting from there is the next window's.</summary>
        public int OwnEnd => _last ? int.MaxValue : _lead + _windowBytes;

        /// <inheritdoc/>
        public void Add(ReadOnlyMemory<byte> value)
        {
            if (Done) return;
            var span = value.Span;
            while (span.Length > 0)
            {
                int n = Math.Min(span.Length, Room());
                if (n == 0) return; // done meanwhile
                span.Slice(0, n).CopyTo(_buffer.AsSpan(_count));
                span = span.Slice(n);
                _count += n;
            }
            Separate();
        }

        /// <inheritdoc/>
        public void Add(DicomValueSource source, long offset, long length)
        {
            if (Done) return;
            var stream = Open(source);
            if (stream.Position != offset) stream.Position = offset;
            long left = length;
            while (left > 0)
            {
                int room = Room();
                if (room == 0) return;
                int want = (int)Math.Min(left, room);
                int n = stream.Read(_buffer, _count, want);
                if (n <= 0)
                {
                    // The whole read found the value whole: only a file cut meanwhile ends it early. Zeros stand for the rest,
                    // so that what follows keeps its place (ValueLocator counts the value's length).
                    Array.Clear(_buffer, _count, want);
                    n = want;
                }
                _count += n;
                left -= n;
            }
            Separate();
        }

        /// <summary>Searches what is left as the last window.</summary>
        public void Finish()
        {
            if (Done || _count <= _lead) return;
            _last = true;
            Done = !_search(this);
        }

        // After each value a zero byte, which no number or word runs over.
        private void Separate()
        {
            if (Room() == 0) return;
            _buffer[_count++] = 0;
        }

        // Room in the buffer for more bytes: grows it up to a full window, and searches a full window first. 0 once done.
        private int Room()
        {
            if (Done) return 0;
            int full = _lead + _windowBytes + _overlap;
            if (_count < full)
            {
                if (_count == _size)
                {
                    int size = (int)Math.Min(_capacity, 4L * _size);
                    var grown = ArrayPool<byte>.Shared.Rent(size);
                    Buffer.BlockCopy(_buffer, 0, grown, 0, _count);
                    ArrayPool<byte>.Shared.Return(_buffer);
                    _buffer = grown;
                    _size = size;
                }
                return Math.Min(_size, full) - _count;
            }
            // A full window. The next one starts where this one's own bytes end, with the two before them: those and the
            // overlap are kept as they were read, since the search folds the window in place.
            int keepFrom = _lead + _windowBytes - Lead;
            int keep = _count - keepFrom;
            Buffer.BlockCopy(_buffer, keepFrom, _carry, 0, keep);
            Done = !_search(this);
            if (Done) return 0;
            Buffer.BlockCopy(_carry, 0, _buffer, 0, keep);
            _from += keepFrom;
            _count = keep;
            _lead = Lead;
            return Math.Min(_size, _lead + _windowBytes + _overlap) - _count;
        }

        private Stream Open(DicomValueSource source)
        {
            if (!_streams.TryGetValue(source, out var stream))
            {
                stream = source.OpenRead();
                _streams.Add(source, stream);
            }
            return stream;
        }

        /// <summary>Gives the buffer back and closes the output's streams.</summary>
        public void Dispose()
        {
            foreach (var stream in _streams.Values) stream.Dispose();
            _streams.Clear();
            if (_buffer.Length > 0) ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = Array.Empty<byte>();
            Done = true;
            _size = _count = 0;
        }
    }
}
