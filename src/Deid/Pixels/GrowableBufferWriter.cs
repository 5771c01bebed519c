using System;
using System.Buffers;

namespace Deid.Pixels
{
    /// <summary>
    /// An <see cref="IBufferWriter{T}"/> over one growing array, reused frame after frame (netstandard2.0 has no
    /// ArrayBufferWriter): encoded frames are written into it and copied out before the next.
    /// </summary>
    internal sealed class GrowableBufferWriter : IBufferWriter<byte>
    {
        private byte[] _buffer = new byte[64 * 1024];
        private int _written;

        /// <summary>What has been written since the last <see cref="Clear"/>.</summary>
        public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, _written);

        /// <summary>Starts over, keeping the array.</summary>
        public void Clear() => _written = 0;

        /// <inheritdoc/>
        public void Advance(int count)
        {
            if (count < 0 || _written + count > _buffer.Length) throw new ArgumentOutOfRangeException(nameof(count));
            _written += count;
        }

        /// <inheritdoc/>
        public Memory<byte> GetMemory(int sizeHint = 0)
        {
            Ensure(sizeHint);
            return _buffer.AsMemory(_written);
        }

        /// <inheritdoc/>
        public Span<byte> GetSpan(int sizeHint = 0)
        {
            Ensure(sizeHint);
            return _buffer.AsSpan(_written);
        }

        private void Ensure(int sizeHint)
        {
            int need = Math.Max(1, sizeHint);
            if (_buffer.Length - _written >= need) return;
            Array.Resize(ref _buffer, Math.Max(checked(_written + need), _buffer.Length * 2));
        }
    }
}
