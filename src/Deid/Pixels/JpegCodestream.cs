using System;
using System.Runtime.CompilerServices;
using Deid.Dicom;

namespace Deid.Pixels
{
    /// <summary>
    /// Reads a part of an encoded frame: the bytes from <paramref name="frameOffset"/> into
    /// <paramref name="buffer"/>[<paramref name="offset"/>..], at most <paramref name="count"/>; returns how many (fewer only at the
    /// frame's end).
    /// </summary>
    internal delegate int FrameReader(long frameOffset, byte[] buffer, int offset, int count);

    /// <summary>
    /// One JPEG codestream as <see cref="JpegTextStripper"/> walks it: either a whole frame in memory, or a frame read piecewise
    /// through a small window, so that looking for text in a frame of any size takes one window of memory and one copy of its
    /// bytes (a pooled whole-frame buffer took the frame's size, and a second copy).
    /// </summary>
    internal sealed class JpegCodestream
    {
        private readonly FrameReader? _read;
        private readonly byte[] _window;
        private long _start;
        private int _count;

        /// <summary>A frame held in memory: the first <paramref name="length"/> bytes of <paramref name="frame"/>.</summary>
        public JpegCodestream(byte[] frame, int length)
        {
            _window = frame ?? throw new ArgumentNullException(nameof(frame));
            Length = length;
            _count = length;
        }

        /// <summary>A frame of <paramref name="length"/> bytes read with <paramref name="read"/> into <paramref name="window"/> as the walk moves on.</summary>
        public JpegCodestream(long length, FrameReader read, byte[] window)
        {
            _read = read ?? throw new ArgumentNullException(nameof(read));
            _window = window ?? throw new ArgumentNullException(nameof(window));
            if (window.Length < 16) throw new ArgumentException("The window must hold at least 16 bytes.", nameof(window));
            Length = length;
            _start = -1;
        }

        /// <summary>The frame's length in bytes.</summary>
        public long Length { get; }

        /// <summary>The byte at <paramref name="position"/> (within the frame).</summary>
        public byte this[long position]
        {
            [MethodImpl(HotPath.Optimized)]
            get
            {
                if (position < _start || position >= _start + _count) Load(position);
                return _window[position - _start];
            }
        }

        /// <summary>The <paramref name="length"/> bytes at <paramref name="position"/> (at most the window's size).</summary>
        public ReadOnlySpan<byte> Slice(long position, int length)
        {
            if (position < _start || position + length > _start + _count) Load(position);
            return _window.AsSpan((int)(position - _start), length);
        }

        /// <summary>
        /// The position of the first marker at or after <paramref name="position"/> in entropy-coded data, or <see cref="Length"/>
        /// when there is none: the first 0xFF followed by 0xFF (fill bytes, left to the marker loop) or by a byte from 0xC0 up
        /// other than a restart marker (0xD0-0xD7). Any other 0xFF is data: JPEG stuffs 0x00 after it, JPEG-LS a byte below 0x80.
        /// </summary>
        /// <remarks>
        /// Scan data is nearly all of a frame, and about one byte in 256 of it is 0xFF: the search runs over the window's span
        /// (vectorised between 0xFF bytes) and looks at the byte after each in place, with no call per byte found.
        /// </remarks>
        [MethodImpl(HotPath.Optimized)]
        public long IndexOfMarker(long position)
        {
            long end = Length - 1; // a marker needs the byte after its 0xFF
            while (position < end)
            {
                if (position < _start || position >= _start + _count - 1) Load(position);
                // Candidates up to the window's last byte but one, so that the byte after each is in the window too.
                long limit = Math.Min(_start + _count - 1, end);
                int offset = (int)(position - _start);
                var span = new ReadOnlySpan<byte>(_window, offset, (int)(limit - position) + 1);
                int last = span.Length - 1;
                int i = 0;
                while (i < last)
                {
                    int found = IndexOfFF(span.Slice(i, last - i));
                    if (found < 0) break;
                    i += found;
                    byte after = span[i + 1];
                    if (IsMarkerAfterFF(after)) return position + i;
                    i++;
                }
                position = limit;
            }
            return Length;
        }

        /// <summary>Where the first 0xFF byte of <paramref name="span"/> is, or -1: <c>span.IndexOf((byte)0xFF)</c>.</summary>
        /// <remarks>
        /// Ours, a vector at a time: every output of a JPEG file searches its entropy-coded data (most of the file) for markers,
        /// and under pwsh the framework's search stayed in tiered PGO's instrumented code for the whole batch (see HotPath),
        /// the largest single cost of replacing the cookies in one. This method is compiled optimised once.
        /// </remarks>
        [MethodImpl(HotPath.Optimized)]
        internal static int IndexOfFF(ReadOnlySpan<byte> span)
        {
            int i = 0;
            int width = System.Numerics.Vector<byte>.Count;
            if (System.Numerics.Vector.IsHardwareAccelerated && span.Length >= width)
            {
                var ff = new System.Numerics.Vector<byte>(0xFF);
                int lastBlock = span.Length - width;
                while (i <= lastBlock)
                {
                    var block = System.Runtime.InteropServices.MemoryMarshal.Read<System.Numerics.Vector<byte>>(span.Slice(i));
                    if (System.Numerics.Vector.EqualsAny(block, ff)) break;
                    i += width;
                }
            }
            for (; i < span.Length; i++)
            {
                if (span[i] == 0xFF) return i;
            }
            return -1;
        }

        /// <summary>
        /// Whether a 0xFF in entropy-coded data followed by <paramref name="after"/> starts a marker: a byte from 0xC0 up (0xFF
        /// itself: fill before one) other than a restart marker (0xD0-0xD7). Any other 0xFF is data: JPEG stuffs 0x00 after it,
        /// JPEG-LS a byte below 0x80.
        /// </summary>
        internal static bool IsMarkerAfterFF(byte after) => after >= 0xC0 && (after < 0xD0 || after > 0xD7);

        /// <summary>
        /// Bad data in an encoded frame, for both text strippers: the position is within the frame, not the file, so the message
        /// says it and the exception's file offset is unknown.
        /// </summary>
        internal static DicomFormatException FrameError(string? sourceName, long position, string message) =>
            new DicomFormatException(sourceName, -1, DicomTag.PixelData, message + $" (frame byte {position})");

        [MethodImpl(HotPath.Optimized)]
        private void Load(long position)
        {
            if (_read == null || position < 0 || position >= Length)
                throw new ArgumentOutOfRangeException(nameof(position), position, $"The codestream has {Length} bytes.");
            int want = (int)Math.Min(_window.Length, Length - position);
            int got = 0;
            while (got < want)
            {
                int n = _read(position + got, _window, got, want - got);
                if (n <= 0) throw new InvalidOperationException($"The frame reader gave no bytes at {position + got} of {Length}.");
                got += n;
            }
            _start = position;
            _count = got;
        }
    }
}
