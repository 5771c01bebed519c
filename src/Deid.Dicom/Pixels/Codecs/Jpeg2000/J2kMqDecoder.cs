using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

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
    /// <para>
    /// The tier-1 passes keep the registers (C, A, CT and the position) in locals for a whole pass, as openjpeg's
    /// DOWNLOAD_MQC_VARIABLES does, and decide through the static <see cref="Decode(ref byte, int, ReadOnlySpan{byte}, ref uint, ref uint, ref int, ref int)"/>,
    /// which the JIT inlines into the pass loop: the registers then stay in CPU registers instead of going through memory
    /// at every decision, and <see cref="Download"/> / <see cref="Upload"/> move them in and out around the pass.
    /// </para>
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

        // The same, by state byte (2 * index + MPS), packed into one word: Qe in bits 0-15, the next state after an MPS in
        // bits 16-23 and after an LPS in bits 24-31, so that a decision makes one look-up. 256 entries (those past 93 are
        // never reached and hold state 0's entry) so that any byte indexes it: in bounds by construction, with no check.
        private static readonly uint[] Transitions = BuildTransitions();

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
            _c = At(segment, 0) << 16;
            ByteIn(segment, ref _c, ref _ct, ref _position);
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
            if ((uint)context >= ContextCount) throw new ArgumentOutOfRangeException(nameof(context));
            return Decode(ref MemoryMarshal.GetReference(_contexts), context, _data, ref _c, ref _a, ref _ct, ref _position);
        }

        /// <summary>The contexts' states, for a pass that decodes through the static methods.</summary>
        internal Span<byte> Contexts => _contexts;

        /// <summary>The segment being decoded, for a pass that decodes through the static methods.</summary>
        internal ReadOnlySpan<byte> Data => _data;

        /// <summary>Copies the registers out, for a pass that keeps them in locals (openjpeg's DOWNLOAD_MQC_VARIABLES).</summary>
        internal void Download(out uint c, out uint a, out int ct, out int position)
        {
            c = _c;
            a = _a;
            ct = _ct;
            position = _position;
        }

        /// <summary>Copies the registers back at the end of such a pass (UPLOAD_MQC_VARIABLES).</summary>
        internal void Upload(uint c, uint a, int ct, int position)
        {
            _c = c;
            _a = a;
            _ct = ct;
            _position = position;
        }

        /// <summary>DECODE (C.3.2) over registers the caller holds: one decision in context <paramref name="context"/>.</summary>
        /// <param name="contexts">The first context's state (<see cref="Contexts"/>, which holds at least 19).</param>
        /// <param name="context">0 to 18: the caller guarantees it (its values come from fixed tables), as nothing checks it.</param>
        /// <param name="data">The segment (<see cref="Data"/>).</param>
        /// <param name="c">C.</param>
        /// <param name="a">A.</param>
        /// <param name="ct">CT.</param>
        /// <param name="position">The byte last read into C.</param>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        internal static int Decode(ref byte contexts, int context, ReadOnlySpan<byte> data, ref uint c, ref uint a, ref int ct,
            ref int position)
        {
            // C.3.2 without branches on the decision: which sub-interval C falls in and which one is the LPS are close to
            // random in a busy context, so their branches would be mispredicted about as often as taken. Both tests become
            // 0/1 values (every quantity involved is below 2^16, so a difference's sign bit tells "less than"), and the
            // results are chosen with masks:
            // - C in the lower sub-interval (cLow): A becomes Qe, C stays; the symbol is the MPS if A < Qe (exchange);
            // - C in the upper one: C drops by Qe, A stays; the symbol is the LPS if A < Qe (exchange, or no
            //   renormalisation when A >= 0x8000, where A < Qe cannot hold);
            // - the state moves (to NMPS or NLPS) only if A then needs renormalisation.
            ref byte state = ref Unsafe.Add(ref contexts, context);
            int s = state;
            // A byte indexes the 256-entry table: in bounds whatever the state holds.
            uint t = Unsafe.Add(ref MemoryMarshal.GetReference(Transitions.AsSpan()), s);
            uint qe = t & 0xFFFF;
            a -= qe; // A was at least 0x8000 and Qe is at most 0x5601: no wrap
            int cLow = (int)(((c >> 16) - qe) >> 31);
            int exchange = (int)((a - qe) >> 31);
            int lps = exchange ^ cLow;
            a ^= (a ^ qe) & (uint)-cLow;
            c -= (qe << 16) & (uint)(cLow - 1);
            // RENORMD by n = 15 - floor(log2 A) bits at once (0 when A >= 0x8000; A is 1 to 0xFFFF here, which a float holds
            // exactly, so its exponent is floor(log2 A)).
            float af = a;
            int n = 142 - (Unsafe.As<float, int>(ref af) >> 23);
            int moved = -((n + 15) >> 4); // all ones when n > 0
            int next = (int)(t >> (16 + (lps << 3))) & 0xFF;
            state = (byte)(s ^ ((s ^ next) & moved));
            a <<= n;
            while (n > ct)
            {
                c <<= ct;
                n -= ct;
                ByteIn(data, ref c, ref ct, ref position);
            }
            c <<= n;
            ct -= n;
            return (s & 1) ^ lps;
        }

        /// <summary>Reads one raw bit, most significant first; after a 0xFF byte the next holds 7 bits (its top one is stuffed).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public int DecodeRaw() => DecodeRaw(_data, ref _c, ref _ct, ref _position);

        /// <summary>Reads one raw bit over registers the caller holds (see <see cref="DecodeRaw()"/>).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        internal static int DecodeRaw(ReadOnlySpan<byte> data, ref uint c, ref int ct, ref int position)
        {
            if (ct == 0)
            {
                if (c == 0xFF)
                {
                    uint b = At(data, position);
                    if (b > 0x8F)
                    {
                        // A marker (or the end): 1-bits, without moving, as openjpeg does.
                        c = 0xFF;
                        ct = 8;
                    }
                    else
                    {
                        c = b;
                        position++;
                        ct = 7;
                    }
                }
                else
                {
                    c = At(data, position);
                    position++;
                    ct = 8;
                }
            }
            ct--;
            return (int)(c >> ct) & 1;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static uint At(ReadOnlySpan<byte> data, int i) => (uint)i < (uint)data.Length ? data[i] : 0xFFu;

        /// <summary>BYTEIN (C.3.4), with the bit stuffing after 0xFF and the stop at a marker.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void ByteIn(ReadOnlySpan<byte> data, ref uint c, ref int ct, ref int position)
        {
            int p = position;
            if (At(data, p) == 0xFF)
            {
                uint next = At(data, p + 1);
                if (next > 0x8F)
                {
                    // Do not move past the marker: every later call lands here too and feeds 1-bits.
                    c += 0xFF00;
                    ct = 8;
                }
                else
                {
                    position = p + 1;
                    c += next << 9;
                    ct = 7;
                }
            }
            else
            {
                position = p + 1;
                c += At(data, p + 1) << 8;
                ct = 8;
            }
        }

        private static uint[] BuildTransitions()
        {
            var table = new uint[256];
            for (int s = 0; s < table.Length; s++)
            {
                int state = s < QeByIndex.Length * 2 ? s : 0;
                int index = state >> 1, mps = state & 1;
                uint nextMps = State(NmpsByIndex[index], mps);
                uint nextLps = State(NlpsByIndex[index], mps ^ SwitchByIndex[index]);
                table[s] = QeByIndex[index] | (nextMps << 16) | (nextLps << 24);
            }
            return table;
        }
    }
}
