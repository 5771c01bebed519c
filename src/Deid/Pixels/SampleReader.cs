using System;
using System.Buffers.Binary;
using Deid.Dicom;

namespace Deid.Pixels
{
    /// <summary>
    /// Reads one stored sample of a little endian frame as an integer: the Bits Stored bits that end at High Bit, with
    /// the unused bits around them dropped (overlays and garbage live there in old files) and, for signed data, the
    /// sign taken from the top stored bit rather than from the top allocated one.
    /// </summary>
    internal readonly struct SampleReader
    {
        private readonly int _bytes;
        private readonly int _shift;
        private readonly int _bits;
        private readonly ulong _mask;
        private readonly bool _signed;

        public SampleReader(PixelFrameGeometry geometry, bool signed)
        {
            if (geometry.BitsAllocated != 8 && geometry.BitsAllocated != 16 && geometry.BitsAllocated != 32)
                throw new NotSupportedException($"Bits Allocated {geometry.BitsAllocated} cannot be rendered; only 8, 16 and 32 can.");
            _bytes = geometry.BytesPerSample;
            _bits = geometry.BitsStored;
            // High Bit may sit above Bits Stored - 1 in older files: the stored bits are the ones just below it.
            _shift = geometry.HighBit - geometry.BitsStored + 1;
            _mask = _bits >= 64 ? ulong.MaxValue : (1UL << _bits) - 1;
            _signed = signed;
        }

        /// <summary>The largest value the stored bits hold when read unsigned: 2^BitsStored - 1.</summary>
        public ulong MaxUnsigned => _mask;

        /// <summary>Bits Stored.</summary>
        public int Bits => _bits;

        /// <summary>Sample <paramref name="index"/> (counted in samples, not bytes) of <paramref name="frame"/>.</summary>
        public long Read(ReadOnlySpan<byte> frame, int index)
        {
            int at = index * _bytes;
            ulong raw = _bytes switch
            {
                1 => frame[at],
                2 => BinaryPrimitives.ReadUInt16LittleEndian(frame.Slice(at, 2)),
                _ => BinaryPrimitives.ReadUInt32LittleEndian(frame.Slice(at, 4)),
            };
            ulong v = (raw >> _shift) & _mask;
            if (_signed && ((v >> (_bits - 1)) & 1) != 0) return unchecked((long)(v | ~_mask));
            return (long)v;
        }
    }
}
