using System;

namespace Deid.Dicom
{
    /// <summary>
    /// The MEL decoder of the HTJ2K cleanup pass (T.814): an adaptive run-length code of the "is this quad significant at all"
    /// events of quads whose neighbourhood is empty, read forwards from the start of the MEL+VLC suffix.
    /// </summary>
    /// <remarks>
    /// A 13-state machine picks the exponent e of the run length: a 1 bit codes 2^e zero events (and lengthens runs), a 0
    /// bit followed by e bits r codes r zero events and then a one event (and shortens them). Bits are read MSB first; a
    /// byte after 0xFF holds 7 bits (its MSB is a stuffed 0). The MEL bytes run from the suffix's start up to the byte before
    /// the last, whose low nibble holds part of Scup and reads as ones; past that, 0xFF bytes are fed — the encoder ends the
    /// MEL with the bits the decoder would read there, so a valid segment decodes exactly and a cut one runs on ones.
    /// </remarks>
    internal ref struct J2kHtMelDecoder
    {
        // The exponent of the run length, by state (T.814's MEL_E).
        private static readonly byte[] Exponents = { 0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 4, 5 };

        private readonly ReadOnlySpan<byte> _data;
        private readonly int _end; // one past the last MEL byte (Lcup - 1)
        private int _position;
        private int _byte;         // the byte bits are being read from
        private int _bits;         // bits of _byte not yet read
        private bool _afterFF;     // the byte just read was 0xFF: the next one has 7 bits
        private int _state;
        private int _run;          // zero events still owed by the last codeword
        private bool _one;         // the last codeword ends with a one event not yet returned

        /// <summary>Starts the MEL of a cleanup segment at <paramref name="start"/> (Lcup - Scup).</summary>
        /// <param name="segment">The whole cleanup segment (Lcup bytes, at least 2).</param>
        /// <param name="start">Where the MEL+VLC suffix starts.</param>
        public J2kHtMelDecoder(ReadOnlySpan<byte> segment, int start)
        {
            _data = segment;
            _end = segment.Length - 1;
            _position = start;
            _byte = 0;
            _bits = 0;
            _afterFF = false;
            _state = 0;
            _run = 0;
            _one = false;
        }

        /// <summary>The state of the run-length adaptation (0 to 12), for the tests.</summary>
        internal int State => _state;

        /// <summary>Decodes the next MEL event: 1 when the quad has significant samples (or the u-pair event is set).</summary>
        public int Decode()
        {
            if (_run == 0 && !_one)
            {
                int exponent = Exponents[_state];
                if (ReadBit() == 1)
                {
                    _run = 1 << exponent;
                    if (_state < 12) _state++;
                }
                else
                {
                    int run = 0;
                    for (int i = 0; i < exponent; i++) run = (run << 1) | ReadBit();
                    _run = run;
                    _one = true;
                    if (_state > 0) _state--;
                }
            }
            if (_run > 0)
            {
                _run--;
                return 0;
            }
            _one = false;
            return 1;
        }

        private int ReadBit()
        {
            if (_bits == 0)
            {
                int b;
                if (_position < _end)
                {
                    b = _data[_position++];
                    // The byte before the last shares its low nibble with Scup; T.814 has the MEL read it as ones.
                    if (_position == _end) b |= 0x0F;
                }
                else
                {
                    b = 0xFF;
                }
                _bits = _afterFF ? 7 : 8;
                _afterFF = b == 0xFF;
                _byte = b;
            }
            _bits--;
            return (_byte >> _bits) & 1;
        }
    }

    /// <summary>
    /// The VLC bit-stream of the HTJ2K cleanup pass (T.814), read backwards from the end of the segment: the CxtVLC
    /// codewords of the quads and the U-VLC codewords of the exponent bounds.
    /// </summary>
    /// <remarks>
    /// Bits are read LSB first from each byte, bytes from the end down. The stream starts at the upper nibble of byte
    /// Lcup - 2 (the rest of the last two bytes is Scup). Unstuffing: after a byte above 0x8F, a byte whose low 7 bits are
    /// all ones holds only those 7 bits (its MSB is a stuffed 0); the upper nibble counts as following such a byte, so it
    /// holds 3 bits when its low 3 are ones. Past the MEL+VLC suffix zeros are fed: a valid segment never needs them.
    /// </remarks>
    internal ref struct J2kHtVlcReader
    {
        private readonly ReadOnlySpan<byte> _data;
        private readonly int _start; // the suffix's first byte (Lcup - Scup): the lowest the reader goes
        private int _position;       // the next byte to read, going down
        private ulong _window;       // unread bits, the next one in bit 0
        private int _count;          // how many bits of _window are valid
        private bool _above8F;       // the byte just read was above 0x8F

        /// <summary>Starts the VLC of a cleanup segment whose MEL+VLC suffix starts at <paramref name="start"/>.</summary>
        /// <param name="segment">The whole cleanup segment (Lcup bytes, at least 2).</param>
        /// <param name="start">Lcup - Scup.</param>
        public J2kHtVlcReader(ReadOnlySpan<byte> segment, int start)
        {
            _data = segment;
            _start = start;
            int last = segment[segment.Length - 2] | 0x0F;
            int nibble = last >> 4;
            bool stuffed = (nibble & 0x7) == 0x7;
            _window = (ulong)(stuffed ? nibble & 0x7 : nibble);
            _count = stuffed ? 3 : 4;
            _above8F = last > 0x8F;
            _position = segment.Length - 3;
        }

        /// <summary>The next <paramref name="count"/> bits (0 to 32), the first in bit 0, without consuming them.</summary>
        public uint Peek(int count)
        {
            if (_count < count) Fill();
            return (uint)(_window & ((1UL << count) - 1));
        }

        /// <summary>Consumes <paramref name="count"/> bits, at most as many as the last <see cref="Peek"/> asked for.</summary>
        public void Skip(int count)
        {
            _window >>= count;
            _count -= count;
        }

        /// <summary>Reads <paramref name="count"/> bits (0 to 32) as a number, the first read in bit 0.</summary>
        public uint Read(int count)
        {
            uint value = Peek(count);
            Skip(count);
            return value;
        }

        private void Fill()
        {
            while (_count <= 56)
            {
                int b = _position >= _start ? _data[_position--] : 0;
                if (_above8F && (b & 0x7F) == 0x7F)
                {
                    _window |= (ulong)(b & 0x7F) << _count;
                    _count += 7;
                }
                else
                {
                    _window |= (ulong)b << _count;
                    _count += 8;
                }
                _above8F = b > 0x8F;
            }
        }
    }

    /// <summary>
    /// The MagSgn bit-stream of the HTJ2K cleanup pass (T.814): the sign and the low magnitude bits of each significant
    /// sample, read forwards from the start of the segment.
    /// </summary>
    /// <remarks>
    /// Bits are read LSB first; a byte after 0xFF holds 7 bits (its MSB is a stuffed 0). Past the MagSgn bytes (Lcup - Scup
    /// of them) 0xFF bytes are fed: the encoder drops a final 0xFF, and its padding bits are ones, so a valid segment
    /// decodes exactly.
    /// </remarks>
    internal ref struct J2kHtMagSgnReader
    {
        private readonly ReadOnlySpan<byte> _data;
        private int _position;
        private ulong _window;
        private int _count;
        private bool _afterFF;

        /// <summary>Starts reading <paramref name="magSgn"/>, the segment's first Lcup - Scup bytes.</summary>
        public J2kHtMagSgnReader(ReadOnlySpan<byte> magSgn)
        {
            _data = magSgn;
            _position = 0;
            _window = 0;
            _count = 0;
            _afterFF = false;
        }

        /// <summary>Reads <paramref name="count"/> bits (0 to 32) as a number, the first read in bit 0.</summary>
        public uint Read(int count)
        {
            if (_count < count) Fill();
            uint value = (uint)(_window & ((1UL << count) - 1));
            _window >>= count;
            _count -= count;
            return value;
        }

        private void Fill()
        {
            while (_count <= 56)
            {
                int b = _position < _data.Length ? _data[_position++] : 0xFF;
                int bits = 8;
                if (_afterFF)
                {
                    bits = 7;
                    _window |= (ulong)(b & 0x7F) << _count;
                }
                else
                {
                    _window |= (ulong)b << _count;
                }
                _afterFF = b == 0xFF;
                _count += bits;
            }
        }
    }
}
