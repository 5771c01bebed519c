using System;
using System.Runtime.CompilerServices;

namespace Deid.Dicom
{
    /// <summary>
    /// The MQ arithmetic decoder of JPEG 2000 (T.800 Annex C.3), with the raw (bypass) bit reader that shares its byte
    /// source, over one codeword segment at a time; the context states live in storage the caller owns, so that they carry
    /// over from one segment to the next of the same code-block.
    /// </summary>
    /// <remarks>
    /// A context's state is one byte, <c>2 * index + MPS</c> into Table C.2, so that a decision needs one table look-up per
    /// field and the MPS switch is folded into the next-state tables (as openjpeg's 94-entry table does). Reading past the
    /// end of a segment yields 0xFF bytes that BYTEIN takes for a marker (C.3.4): the decoder is then fed 1-bits, the same
    /// bits the encoder's FLUSH assumed, and corrupt data can neither read out of bounds nor stall.
    /// </remarks>
    internal ref struct J2kMqDecoder
    {
        /// <summary>The number of contexts the tier-1 decoder uses (T.800 Table D.7).</summary>
        internal const int ContextCount = 19;

        /// <summary>The run-length (aggregation) context.</summary>
        internal const int RunLengthContext = 17;

        /// <summary>The uniform context.</summary>
        internal const int UniformContext = 18;

        // T.800 Table C.2, by index: Qe, NMPS, NLPS, SWITCH.
        private static readonly ushort[] QeByIndex =
        {
            0x5601, 0x3401, 0x1801, 0x0AC1, 0x0521, 0x0221, 0x5601, 0x5401, 0x4801, 0x3801, 0x3001, 0x2401, 0x1C01, 0x1601,
            0x5601, 0x5401, 0x5101, 0x4801, 0x3801, 0x3401, 0x3001, 0x2801, 0x2401, 0x2201, 0x1C01, 0x1801, 0x1601, 0x1401,
            0x1201, 0x1101, 0x0AC1, 0x09C1, 0x08A1, 0x0521, 0x0441, 0x02A1, 0x0221, 0x0141, 0x0111, 0x0085, 0x0049, 0x0025,
            0x0015, 0x0009, 0x0005, 0x0001, 0x5601,
        };

        private static readonly byte[] NmpsByIndex =
        {
            1, 2, 3, 4, 5, 38, 7, 8, 9, 10, 11, 12, 13, 29, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31,
            32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 45, 46,
        };

        private static readonly byte[] NlpsByIndex =
        {
            1, 6, 9, 12, 29, 33, 6, 14, 14, 14, 17, 18, 20, 21, 14, 14, 15, 16, 17, 18, 19, 19, 20, 21, 22, 23, 24, 25, 26, 27,
            28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 46,
        };

        private static readonly byte[] SwitchByIndex =
        {
            1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
            0, 0, 0, 0, 0, 0, 0, 0,
        };

        // The same, by state byte (2 * index + MPS).
        private static readonly uint[] Qe = BuildQe();
        private static readonly byte[] NextMps = BuildNext(lps: false);
        private static readonly byte[] NextLps = BuildNext(lps: true);

        private readonly Span<byte> _contexts;
        private ReadOnlySpan<byte> _data;
        private int _position; // the byte last read into C (BP of C.3)
        private uint _c;
        private uint _a;
        private int _ct;

        /// <summary>Creates a decoder whose context states are kept in <paramref name="contexts"/> (at least 19 bytes).</summary>
        /// <remarks>The states are not touched: call <see cref="ResetContexts"/> before the first segment.</remarks>
        public J2kMqDecoder(Span<byte> contexts)
        {
            if (contexts.Length < ContextCount) throw new ArgumentException("Too few contexts.", nameof(contexts));
            _contexts = contexts;
            _data = default;
            _position = 0;
            _c = 0;
            _a = 0;
            _ct = 0;
        }

        /// <summary>The state byte (<c>2 * index + MPS</c>) of a context, for tests.</summary>
        internal static byte State(int index, int mps) => (byte)((index << 1) | mps);

        /// <summary>Sets every context to its initial state (T.800 Table D.7).</summary>
        public void ResetContexts()
        {
            _contexts.Slice(0, ContextCount).Clear();
            _contexts[0] = State(4, 0);
            _contexts[RunLengthContext] = State(3, 0);
            _contexts[UniformContext] = State(46, 0);
        }

        /// <summary>INITDEC (C.3.5): starts arithmetic decoding of <paramref name="segment"/>; the contexts are kept.</summary>
        public void Start(ReadOnlySpan<byte> segment)
        {
            _data = segment;
            _position = 0;
            _c = (uint)At(0) << 16;
            ByteIn();
            _c <<= 7;
            _ct -= 7;
            _a = 0x8000;
        }

        /// <summary>Starts reading <paramref name="segment"/> as raw bits (the bypass mode of D.6).</summary>
        public void StartRaw(ReadOnlySpan<byte> segment)
        {
            _data = segment;
            _position = 0;
            _c = 0;
            _ct = 0;
        }

        /// <summary>DECODE (C.3.2): one decision in context <paramref name="context"/>.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public int Decode(int context)
        {
            int s = _contexts[context];
            uint qe = Qe[s];
            _a -= qe;
            int d;
            if ((_c >> 16) < qe)
            {
                // LPS_EXCHANGE: the sub-interval sizes decide which symbol the lower one stands for.
                if (_a < qe)
                {
                    d = s & 1;
                    _contexts[context] = NextMps[s];
                }
                else
                {
                    d = (s & 1) ^ 1;
                    _contexts[context] = NextLps[s];
                }
                _a = qe;
                Renormalize();
            }
            else
            {
                _c -= qe << 16;
                if ((_a & 0x8000) != 0) return s & 1;
                // MPS_EXCHANGE.
                if (_a < qe)
                {
                    d = (s & 1) ^ 1;
                    _contexts[context] = NextLps[s];
                }
                else
                {
                    d = s & 1;
                    _contexts[context] = NextMps[s];
                }
                Renormalize();
            }
            return d;
        }

        /// <summary>Reads one raw bit, most significant first; after a 0xFF byte the next holds 7 bits (its top one is stuffed).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public int DecodeRaw()
        {
            if (_ct == 0)
            {
                if (_c == 0xFF)
                {
                    uint b = At(_position);
                    if (b > 0x8F)
                    {
                        // A marker (or the end): 1-bits, without moving, as openjpeg does.
                        _c = 0xFF;
                        _ct = 8;
                    }
                    else
                    {
                        _c = b;
                        _position++;
                        _ct = 7;
                    }
                }
                else
                {
                    _c = At(_position);
                    _position++;
                    _ct = 8;
                }
            }
            _ct--;
            return (int)(_c >> _ct) & 1;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private uint At(int i) => (uint)i < (uint)_data.Length ? _data[i] : 0xFFu;

        private void Renormalize()
        {
            do
            {
                if (_ct == 0) ByteIn();
                _a <<= 1;
                _c <<= 1;
                _ct--;
            }
            while (_a < 0x8000);
        }

        /// <summary>BYTEIN (C.3.4), with the bit stuffing after 0xFF and the stop at a marker.</summary>
        private void ByteIn()
        {
            int p = _position;
            if (At(p) == 0xFF)
            {
                uint next = At(p + 1);
                if (next > 0x8F)
                {
                    // Do not move past the marker: every later call lands here too and feeds 1-bits.
                    _c += 0xFF00;
                    _ct = 8;
                }
                else
                {
                    _position = p + 1;
                    _c += next << 9;
                    _ct = 7;
                }
            }
            else
            {
                _position = p + 1;
                _c += At(p + 1) << 8;
                _ct = 8;
            }
        }

        private static uint[] BuildQe()
        {
            var qe = new uint[QeByIndex.Length * 2];
            for (int s = 0; s < qe.Length; s++) qe[s] = QeByIndex[s >> 1];
            return qe;
        }

        private static byte[] BuildNext(bool lps)
        {
            var next = new byte[QeByIndex.Length * 2];
            for (int s = 0; s < next.Length; s++)
            {
                int index = s >> 1, mps = s & 1;
                next[s] = lps ? State(NlpsByIndex[index], mps ^ SwitchByIndex[index]) : State(NmpsByIndex[index], mps);
            }
            return next;
        }
    }
}
