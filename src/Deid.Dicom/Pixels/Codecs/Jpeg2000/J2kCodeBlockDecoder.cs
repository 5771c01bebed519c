using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Deid.Dicom
{
    /// <summary>
    /// The EBCOT tier-1 decoder of JPEG 2000 (T.800 Annex D): turns the coding passes of one code-block back into
    /// coefficient magnitudes and signs, in the fixed-point convention of openjpeg 2.5's <c>opj_t1_decode_cblk</c>.
    /// </summary>
    /// <remarks>
    /// Each sample keeps a word of flags (its own significance, visit and refinement state, and which of its eight
    /// neighbours are significant and with what sign) in an array with a one-sample border, so that context formation is a
    /// table look-up with no edge tests; a sample that becomes significant updates its neighbours' words once, instead of
    /// every later decision reading eight neighbours. The layout is openjpeg 1.5's.
    /// </remarks>
    internal static class J2kCodeBlockDecoder
    {
        /// <summary>Selective arithmetic coding bypass ("lazy").</summary>
        internal const int Bypass = 0x01;

        /// <summary>Reset context probabilities at each pass end.</summary>
        internal const int ResetContexts = 0x02;

        /// <summary>Termination on each coding pass.</summary>
        internal const int TerminateAll = 0x04;

        /// <summary>Vertically causal context formation.</summary>
        internal const int VerticallyCausal = 0x08;

        /// <summary>Predictable termination: no effect on decoding.</summary>
        internal const int PredictableTermination = 0x10;

        /// <summary>Segmentation symbols after each cleanup pass.</summary>
        internal const int SegmentationSymbols = 0x20;

        /// <summary>Code-block style bit 6: the code-blocks are high-throughput (T.814), decoded by J2kHtBlockDecoder.</summary>
        internal const int HighThroughput = 0x40;

        /// <summary>Code-block style bit 7 (with bit 6): each code-block may be high-throughput or Part 1 ("mixed").</summary>
        internal const int MixedHighThroughput = 0x80;

        private const string Source = "<JPEG 2000 code-block>";

        // Neighbour significance: the neighbour in that direction is significant.
        private const int SigNE = 0x0001;
        private const int SigSE = 0x0002;
        private const int SigSW = 0x0004;
        private const int SigNW = 0x0008;
        private const int SigN = 0x0010;
        private const int SigE = 0x0020;
        private const int SigS = 0x0040;
        private const int SigW = 0x0080;
        private const int SigNeighbours = 0x00FF;

        // Neighbour signs (negative), for the four primary neighbours only (Table D.3 looks at no others).
        private const int SgnN = 0x0100;
        private const int SgnE = 0x0200;
        private const int SgnS = 0x0400;
        private const int SgnW = 0x0800;

        // The sample's own state.
        private const int Significant = 0x1000;
        private const int Refined = 0x2000;
        private const int Visited = 0x4000;

        // What vertically causal mode hides from the last row of a stripe: everything about the row below.
        private const int BelowMask = ~(SigS | SigSE | SigSW | SgnS);

        private const int FirstSignContext = 9;
        private const int FirstRefinementContext = 14;

        // Zero-coding context by (orientation << 8) | neighbour significance (Table D.1).
        private static readonly byte[] ZeroCodingContexts = BuildZeroCoding();

        // Sign context (bits 0-4) and XOR bit (bit 7) by the primary neighbours' significance and signs, (flags >> 4) & 0xFF
        // (Table D.3).
        private static readonly byte[] SignContexts = BuildSign();

        /// <summary>Decodes one code-block.</summary>
        /// <param name="data">The code-block's codeword bytes from every packet that included it, concatenated in order.</param>
        /// <param name="segmentLengths">Each codeword segment's byte length in <paramref name="data"/>, in order.</param>
        /// <param name="segmentPasses">How many coding passes each segment holds; the last may hold fewer than its kind allows.</param>
        /// <param name="width">The code-block's width (1 to 1024).</param>
        /// <param name="height">The code-block's height (1 to 1024; width * height at most 4096).</param>
        /// <param name="orientation">The subband: 0 LL, 1 HL, 2 LH, 3 HH (chooses the zero-coding table).</param>
        /// <param name="style">The code-block style bits (<see cref="Bypass"/> and the others).</param>
        /// <param name="numBitPlanes">Mb - P: the first cleanup pass codes bit-plane numBitPlanes - 1 (+ roiShift).</param>
        /// <param name="roiShift">The RGN max-shift value, 0 when none.</param>
        /// <param name="output">width * height values, row-major, overwritten: twice the magnitude decoded so far plus the
        /// half-step of the last decoded plane, signed (openjpeg's convention); 0 for samples never significant.</param>
        /// <exception cref="DicomFormatException">Bad arguments, segments longer than the data, or more passes than the
        /// bit-planes allow.</exception>
        internal static void Decode(ReadOnlySpan<byte> data, ReadOnlySpan<int> segmentLengths, ReadOnlySpan<int> segmentPasses,
            int width, int height, int orientation, int style, int numBitPlanes, int roiShift, Span<int> output)
        {
            if (width < 1 || width > 1024 || height < 1 || height > 1024 || width * height > 4096)
                throw Error($"code-block size {width}x{height} is out of range");
            if ((uint)orientation > 3) throw Error($"subband orientation {orientation} is out of range");
            if (numBitPlanes < 0 || roiShift < 0 || numBitPlanes + roiShift > 30)
                throw Error($"{numBitPlanes} bit-planes with an ROI shift of {roiShift} are out of range");
            if (output.Length < width * height) throw Error("the output is smaller than the code-block");
            if (segmentLengths.Length != segmentPasses.Length) throw Error("segment lengths and pass counts differ in number");

            long totalBytes = 0;
            int totalPasses = 0;
            for (int i = 0; i < segmentLengths.Length; i++)
            {
                if (segmentLengths[i] < 0 || segmentPasses[i] < 0) throw Error($"segment {i} has a negative length or pass count");
                totalBytes += segmentLengths[i];
                totalPasses += segmentPasses[i];
                if (totalPasses > 3 * 31) break; // the check below fails; keeps the sum from overflowing
            }
            if (totalBytes > data.Length) throw Error($"the segments hold {totalBytes} bytes but the code-block has {data.Length}");
            int planes = numBitPlanes + roiShift;
            int maxPasses = planes == 0 ? 0 : 3 * planes - 2;
            if (totalPasses > maxPasses)
                throw Error($"{totalPasses} coding passes for {planes} bit-planes (at most {maxPasses})");

            output = output.Slice(0, width * height);
            output.Clear();
            if (totalPasses == 0) return;

            int stride = width + 2;
            Span<ushort> flags = stackalloc ushort[stride * (height + 2)];
            Span<byte> contexts = stackalloc byte[J2kMqDecoder.ContextCount];
            var mq = new J2kMqDecoder(contexts);
            mq.ResetContexts();

            bool vsc = (style & VerticallyCausal) != 0;
            bool bypass = (style & Bypass) != 0;
            bool reset = (style & ResetContexts) != 0;
            bool segmentationSymbols = (style & SegmentationSymbols) != 0;

            int plane = planes; // "bit-plane plus one" of the pass
            int passType = 2;   // openjpeg's numbering: 0 significance, 1 refinement, 2 cleanup
            int pass = 0;
            int offset = 0;
            for (int s = 0; s < segmentLengths.Length; s++)
            {
                int passes = segmentPasses[s];
                var bytes = data.Slice(offset, segmentLengths[s]);
                offset += segmentLengths[s];
                if (passes == 0) continue;
                // From the 11th pass on, bypass leaves significance and refinement passes uncoded (D.6, Table D.9).
                bool raw = IsRaw(bypass, pass, passType);
                if (raw) mq.StartRaw(bytes);
                else mq.Start(bytes);
                for (int p = 0; p < passes; p++)
                {
                    if (IsRaw(bypass, pass, passType) != raw)
                        throw Error($"segment {s} mixes raw and arithmetically coded passes (pass {pass + 1})");
                    switch (passType)
                    {
                        case 0:
                            SignificancePass(ref mq, flags, output, width, height, orientation, plane, vsc, raw);
                            break;
                        case 1:
                            RefinementPass(ref mq, flags, output, width, height, plane, vsc, raw);
                            break;
                        default:
                            CleanupPass(ref mq, flags, output, width, height, orientation, plane, vsc);
                            if (segmentationSymbols)
                            {
                                // Meant to be 1010; a mismatch means corrupt data, which decoding carries on through.
                                for (int i = 0; i < 4; i++) mq.Decode(J2kMqDecoder.UniformContext);
                            }
                            break;
                    }
                    if (reset && !raw) mq.ResetContexts();
                    pass++;
                    if (++passType == 3)
                    {
                        passType = 0;
                        plane--;
                    }
                }
            }
        }

        private static bool IsRaw(bool bypass, int pass, int passType) => bypass && pass >= 10 && passType != 2;

        private static DicomFormatException Error(string message) => new DicomFormatException(Source, -1, null, message);

        // The passes below index with Unsafe.Add, with no bounds checks; every index is in range by construction:
        // - flags has a one-sample border: it is (height + 2) rows of stride = width + 2 (Decode allocates exactly that), and
        //   fi walks only the interior (rows 1 to height, columns 1 to width), so fi - stride - 1 to fi + stride + 1 stay in it;
        // - output is width * height long (Decode slices it so), and is written at top * width + vi, vi = r * width + x,
        //   where top + r < height and x < width. vi is an offset rather than a ref, so that stepping past a stripe's last
        //   row forms no reference past the output's end (the flags ref then points into the border row, still inside);
        // - the zero-coding table has 4 << 8 entries, indexed by orientation (0 to 3, checked by Decode) << 8 | a byte; the
        //   sign table has 256, indexed by a byte;
        // - the contexts are 19 (the decoder's constructor checks), and every context number comes from those tables (0 to
        //   13) or is a constant (14 to 18).
        // The MQ registers live in locals for the pass (see J2kMqDecoder), and go back into the decoder at its end.

        [MethodImpl(HotPath.Optimized)]
        private static void SignificancePass(ref J2kMqDecoder mq, Span<ushort> flags, Span<int> output, int width, int height,
            int orientation, int plane, bool vsc, bool raw)
        {
            int oneplushalf = (1 << plane) | (1 << plane >> 1);
            int stride = width + 2;
            ref ushort flags0 = ref MemoryMarshal.GetReference(flags);
            ref int output0 = ref MemoryMarshal.GetReference(output);
            ref byte zeroCoding = ref Unsafe.Add(ref MemoryMarshal.GetReference(ZeroCodingContexts.AsSpan()), orientation << 8);
            ref byte signs = ref MemoryMarshal.GetReference(SignContexts.AsSpan());
            ref byte contexts = ref MemoryMarshal.GetReference(mq.Contexts);
            ReadOnlySpan<byte> data = mq.Data;
            mq.Download(out uint c, out uint a, out int ct, out int position);
            for (int top = 0; top < height; top += 4)
            {
                int rows = Math.Min(4, height - top);
                // The row whose neighbours below vertically causal mode hides: a stripe's last (openjpeg also masks the
                // block's last row, whose neighbours below are the border and never significant anyway).
                int causalRow = vsc ? rows - 1 : -1;
                ref ushort stripeFlags = ref Unsafe.Add(ref flags0, (top + 1) * stride + 1);
                ref int stripeOutput = ref Unsafe.Add(ref output0, top * width);
                for (int x = 0; x < width; x++)
                {
                    ref ushort fl = ref Unsafe.Add(ref stripeFlags, x);
                    int vi = x;
                    for (int r = 0; r < rows; r++)
                    {
                        int own = fl;
                        if ((own & SigNeighbours) != 0 && (own & (Significant | Visited)) == 0)
                        {
                            int f = r == causalRow ? own & BelowMask : own;
                            if ((f & SigNeighbours) != 0)
                            {
                                int v = raw ? J2kMqDecoder.DecodeRaw(data, ref c, ref ct, ref position)
                                    : J2kMqDecoder.Decode(ref contexts, Unsafe.Add(ref zeroCoding, f & SigNeighbours), data,
                                        ref c, ref a, ref ct, ref position);
                                if (v != 0)
                                {
                                    int sign = Unsafe.Add(ref signs, (f >> 4) & 0xFF);
                                    int negative = raw ? J2kMqDecoder.DecodeRaw(data, ref c, ref ct, ref position)
                                        : J2kMqDecoder.Decode(ref contexts, sign & 0x1F, data, ref c, ref a, ref ct,
                                            ref position) ^ (sign >> 7);
                                    // Negated without a branch when negative is 1.
                                    Unsafe.Add(ref stripeOutput, vi) = (oneplushalf ^ -negative) + negative;
                                    BecomeSignificant(ref fl, stride, negative);
                                }
                                fl |= Visited;
                            }
                        }
                        fl = ref Unsafe.Add(ref fl, stride);
                        vi += width;
                    }
                }
            }
            mq.Upload(c, a, ct, position);
        }

        [MethodImpl(HotPath.Optimized)]
        private static void RefinementPass(ref J2kMqDecoder mq, Span<ushort> flags, Span<int> output, int width, int height,
            int plane, bool vsc, bool raw)
        {
            int half = 1 << plane >> 1;
            int neghalf = plane > 0 ? -half : -1;
            int step = half - neghalf; // what a decoded 1 adds to neghalf
            int stride = width + 2;
            ref ushort flags0 = ref MemoryMarshal.GetReference(flags);
            ref int output0 = ref MemoryMarshal.GetReference(output);
            ref byte contexts = ref MemoryMarshal.GetReference(mq.Contexts);
            ReadOnlySpan<byte> data = mq.Data;
            mq.Download(out uint c, out uint a, out int ct, out int position);
            for (int top = 0; top < height; top += 4)
            {
                int rows = Math.Min(4, height - top);
                int causalRow = vsc ? rows - 1 : -1;
                ref ushort stripeFlags = ref Unsafe.Add(ref flags0, (top + 1) * stride + 1);
                ref int stripeOutput = ref Unsafe.Add(ref output0, top * width);
                for (int x = 0; x < width; x++)
                {
                    ref ushort fl = ref Unsafe.Add(ref stripeFlags, x);
                    int vi = x;
                    for (int r = 0; r < rows; r++)
                    {
                        int own = fl;
                        if ((own & (Significant | Visited)) == Significant)
                        {
                            int v;
                            if (raw)
                            {
                                v = J2kMqDecoder.DecodeRaw(data, ref c, ref ct, ref position);
                            }
                            else
                            {
                                int f = r == causalRow ? own & BelowMask : own;
                                // Table D.4: 16 once refined, else 15 with any significant neighbour, else 14. Without
                                // branches: neighbours is 1 when any neighbour bit is set, and Refined (bit 13) both clears
                                // it and adds 2.
                                int neighbours = ((f & SigNeighbours) + SigNeighbours) >> 8;
                                int cx = FirstRefinementContext + (neighbours & ~(own >> 13)) + ((own >> 12) & 2);
                                v = J2kMqDecoder.Decode(ref contexts, cx, data, ref c, ref a, ref ct, ref position);
                            }
                            // +half for a 1, else -half (-1 in the last plane, where half is 0), added away from zero;
                            // without branches, as both v and the sign are close to random.
                            int t = neghalf + (step & -v);
                            ref int value = ref Unsafe.Add(ref stripeOutput, vi);
                            int negative = value >> 31;
                            value += (t ^ negative) - negative;
                            fl = (ushort)(own | Refined);
                        }
                        fl = ref Unsafe.Add(ref fl, stride);
                        vi += width;
                    }
                }
            }
            mq.Upload(c, a, ct, position);
        }

        [MethodImpl(HotPath.Optimized)]
        private static void CleanupPass(ref J2kMqDecoder mq, Span<ushort> flags, Span<int> output, int width, int height,
            int orientation, int plane, bool vsc)
        {
            int oneplushalf = (1 << plane) | (1 << plane >> 1);
            int stride = width + 2;
            const int Busy = Significant | Visited | SigNeighbours;
            ref ushort flags0 = ref MemoryMarshal.GetReference(flags);
            ref int output0 = ref MemoryMarshal.GetReference(output);
            ref byte zeroCoding = ref Unsafe.Add(ref MemoryMarshal.GetReference(ZeroCodingContexts.AsSpan()), orientation << 8);
            ref byte signs = ref MemoryMarshal.GetReference(SignContexts.AsSpan());
            ref byte contexts = ref MemoryMarshal.GetReference(mq.Contexts);
            ReadOnlySpan<byte> data = mq.Data;
            mq.Download(out uint c, out uint a, out int ct, out int position);
            for (int top = 0; top < height; top += 4)
            {
                int rows = Math.Min(4, height - top);
                int causalRow = vsc ? rows - 1 : -1;
                ref ushort stripeFlags = ref Unsafe.Add(ref flags0, (top + 1) * stride + 1);
                ref int stripeOutput = ref Unsafe.Add(ref output0, top * width);
                for (int x = 0; x < width; x++)
                {
                    ref ushort fl = ref Unsafe.Add(ref stripeFlags, x);
                    int vi = x;
                    int run = 0;
                    bool aggregated = false;
                    if (rows == 4)
                    {
                        int last = Unsafe.Add(ref fl, 3 * stride);
                        if (vsc) last &= BelowMask;
                        aggregated = ((fl | Unsafe.Add(ref fl, stride) | Unsafe.Add(ref fl, 2 * stride) | last) & Busy) == 0;
                    }
                    if (aggregated)
                    {
                        // Run-length mode (D.3.4): one decision for "all four stay insignificant", then the first one's row.
                        if (J2kMqDecoder.Decode(ref contexts, J2kMqDecoder.RunLengthContext, data, ref c, ref a, ref ct,
                            ref position) == 0) continue;
                        run = J2kMqDecoder.Decode(ref contexts, J2kMqDecoder.UniformContext, data, ref c, ref a, ref ct,
                            ref position) << 1;
                        run |= J2kMqDecoder.Decode(ref contexts, J2kMqDecoder.UniformContext, data, ref c, ref a, ref ct,
                            ref position);
                        fl = ref Unsafe.Add(ref fl, run * stride);
                        vi += run * width;
                    }
                    for (int r = run; r < rows; r++)
                    {
                        int own = fl;
                        int f = r == causalRow ? own & BelowMask : own;
                        bool significant;
                        if (aggregated && r == run)
                            significant = true; // the run's end is known significant: only its sign is coded
                        else if ((own & (Significant | Visited)) == 0)
                            significant = J2kMqDecoder.Decode(ref contexts, Unsafe.Add(ref zeroCoding, f & SigNeighbours), data,
                                ref c, ref a, ref ct, ref position) != 0;
                        else
                            significant = false;
                        if (significant)
                        {
                            int sign = Unsafe.Add(ref signs, (f >> 4) & 0xFF);
                            int negative = J2kMqDecoder.Decode(ref contexts, sign & 0x1F, data, ref c, ref a, ref ct,
                                ref position) ^ (sign >> 7);
                            // Negated without a branch when negative is 1.
                            Unsafe.Add(ref stripeOutput, vi) = (oneplushalf ^ -negative) + negative;
                            BecomeSignificant(ref fl, stride, negative);
                        }
                        fl &= unchecked((ushort)~Visited);
                        fl = ref Unsafe.Add(ref fl, stride);
                        vi += width;
                    }
                }
            }
            mq.Upload(c, a, ct, position);
        }

        /// <summary>Marks the sample at <paramref name="fl"/> significant and tells its eight neighbours.</summary>
        /// <remarks><paramref name="fl"/> is an interior sample of the flags array, so its neighbours are inside its border.</remarks>
        /// <param name="fl">The sample's flags.</param>
        /// <param name="stride">The flags' row length.</param>
        /// <param name="negative">1 for a negative sample, else 0.</param>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void BecomeSignificant(ref ushort fl, int stride, int negative)
        {
            // Each neighbour records this sample from its own point of view: the one above sees it to the south, and so on.
            int mask = -negative; // all ones when negative: keeps the sign bits
            ref ushort above = ref Unsafe.Subtract(ref fl, stride);
            ref ushort below = ref Unsafe.Add(ref fl, stride);
            Unsafe.Subtract(ref above, 1) |= SigSE;
            above |= (ushort)(SigS | (SgnS & mask));
            Unsafe.Add(ref above, 1) |= SigSW;
            Unsafe.Subtract(ref fl, 1) |= (ushort)(SigE | (SgnE & mask));
            fl |= Significant;
            Unsafe.Add(ref fl, 1) |= (ushort)(SigW | (SgnW & mask));
            Unsafe.Subtract(ref below, 1) |= SigNE;
            below |= (ushort)(SigN | (SgnN & mask));
            Unsafe.Add(ref below, 1) |= SigNW;
        }

        private static byte[] BuildZeroCoding()
        {
            var table = new byte[4 << 8];
            for (int orientation = 0; orientation < 4; orientation++)
            {
                for (int f = 0; f < 256; f++)
                {
                    int h = ((f & SigE) != 0 ? 1 : 0) + ((f & SigW) != 0 ? 1 : 0);
                    int v = ((f & SigN) != 0 ? 1 : 0) + ((f & SigS) != 0 ? 1 : 0);
                    int d = ((f & SigNE) != 0 ? 1 : 0) + ((f & SigSE) != 0 ? 1 : 0) + ((f & SigSW) != 0 ? 1 : 0)
                        + ((f & SigNW) != 0 ? 1 : 0);
                    int n;
                    if (orientation == 3)
                    {
                        int hv = h + v;
                        n = d >= 3 ? 8
                            : d == 2 ? (hv >= 1 ? 7 : 6)
                            : d == 1 ? (hv >= 2 ? 5 : hv == 1 ? 4 : 3)
                            : (hv >= 2 ? 2 : hv == 1 ? 1 : 0);
                    }
                    else
                    {
                        // HL (horizontally high-pass) swaps the roles of the horizontal and vertical neighbours.
                        if (orientation == 1) (h, v) = (v, h);
                        n = h == 2 ? 8
                            : h == 1 ? (v >= 1 ? 7 : d >= 1 ? 6 : 5)
                            : v == 2 ? 4
                            : v == 1 ? 3
                            : d >= 2 ? 2 : d;
                    }
                    table[(orientation << 8) | f] = (byte)n;
                }
            }
            return table;
        }

        private static byte[] BuildSign()
        {
            var table = new byte[256];
            for (int i = 0; i < 256; i++)
            {
                int f = i << 4;
                int h = Contribution(f, SigE, SgnE) + Contribution(f, SigW, SgnW);
                int v = Contribution(f, SigN, SgnN) + Contribution(f, SigS, SgnS);
                h = Math.Max(-1, Math.Min(1, h));
                v = Math.Max(-1, Math.Min(1, v));
                // Table D.3 is symmetric under negating both: the negative half reuses the positive contexts with XOR 1.
                int x = 0;
                if (h < 0 || (h == 0 && v < 0))
                {
                    h = -h;
                    v = -v;
                    x = 1;
                }
                int context = h == 0 ? (v == 0 ? 9 : 10) : v + 12;
                table[i] = (byte)(context | (x << 7));
            }
            return table;
        }

        private static int Contribution(int f, int sig, int sgn) => (f & sig) == 0 ? 0 : (f & sgn) != 0 ? -1 : 1;
    }
}
