using System;
using Deid.Dicom;

namespace Deid.Audit
{
    /// <summary>
    /// Places matches of the value-by-value look in the output: given their positions in the values laid end to end (a zero
    /// byte after each, as <see cref="ValueWindows"/> lays them), walks the values again to each one's value. Only when
    /// something was found: the search itself keeps nothing per value, so a clean output costs no more than its window.
    /// </summary>
    /// <remarks>
    /// A value left in the output is where the reader found it. A value in memory is found again by its bytes, at the first
    /// place in the output that holds them (as the value-by-value look always placed them): -1 when the output's bytes are not
    /// held (a large output searched from its file) or are a deflated dataset's.
    /// </remarks>
    internal sealed class ValueLocator : IValueSink
    {
        private readonly long[] _positions;
        private readonly long[] _offsets;
        private readonly byte[]? _output;
        private int _next;
        private long _at;

        /// <param name="positions">The positions to place, in increasing order.</param>
        /// <param name="output">The output's bytes as read, or null.</param>
        public ValueLocator(long[] positions, byte[]? output)
        {
            _positions = positions;
            _offsets = new long[positions.Length];
            for (int i = 0; i < _offsets.Length; i++) _offsets[i] = -1;
            _output = output;
        }

        /// <inheritdoc/>
        public bool Done => _next >= _positions.Length;

        /// <summary>Where the byte at <paramref name="position"/> (one of those given) lies in the output, or -1.</summary>
        public long OffsetOf(long position)
        {
            int i = Array.BinarySearch(_positions, position);
            return i < 0 ? -1 : _offsets[i];
        }

        /// <inheritdoc/>
        public void Add(ReadOnlyMemory<byte> value)
        {
            long start = -1;
            while (!Done && _positions[_next] < _at + value.Length)
            {
                if (start == -1) start = _output == null ? -2 : _output.AsSpan().IndexOf(value.Span);
                Place(start < 0 ? -1 : start);
            }
            Skip(value.Length);
        }

        /// <inheritdoc/>
        public void Add(DicomValueSource source, long offset, long length)
        {
            while (!Done && _positions[_next] < _at + length) Place(source.IsInflated ? -1 : offset);
            Skip(length);
        }

        // The next position, in the value that starts at _at and, in the output, at start (-1: not known).
        private void Place(long start)
        {
            long position = _positions[_next];
            _offsets[_next++] = start < 0 || position < _at ? -1 : start + (position - _at);
        }

        // Past a value and the zero byte after it.
        private void Skip(long length) => _at += length + 1;
    }
}
