using System;
using System.Buffers;
using System.Runtime.CompilerServices;

namespace Deid.Dicom
{
    /// <summary>A rectangle on the JPEG 2000 reference grid; the right and bottom edges are exclusive.</summary>
    internal readonly struct J2kRect
    {
        /// <summary>The rectangle from (<paramref name="x0"/>, <paramref name="y0"/>) up to, not including, (<paramref name="x1"/>, <paramref name="y1"/>).</summary>
        public J2kRect(int x0, int y0, int x1, int y1)
        {
            X0 = x0;
            Y0 = y0;
            X1 = x1;
            Y1 = y1;
        }

        /// <summary>The left edge (inclusive).</summary>
        public int X0 { get; }

        /// <summary>The top edge (inclusive).</summary>
        public int Y0 { get; }

        /// <summary>The right edge (exclusive).</summary>
        public int X1 { get; }

        /// <summary>The bottom edge (exclusive).</summary>
        public int Y1 { get; }

        /// <summary>Columns covered; 0 for an empty rectangle.</summary>
        public int Width => X1 - X0;

        /// <summary>Rows covered; 0 for an empty rectangle.</summary>
        public int Height => Y1 - Y0;

        /// <inheritdoc/>
        public override string ToString() => $"({X0},{Y0})-({X1},{Y1})";
    }

    /// <summary>
    /// The inverse discrete wavelet transforms of T.800 Annex F (the 5/3 reversible and 9/7 irreversible filters), applied
    /// in place to one tile-component laid out as openjpeg 2.5 lays it out.
    /// </summary>
    /// <remarks>
    /// <para>
    /// Layout: one buffer, row-major with a given stride, holding the whole tile-component. At each level the coefficients of
    /// the resolution being rebuilt sit in its top-left <c>rw × rh</c> corner in "Mallat" order: the lower resolution (LL)
    /// in columns [0, sn) and rows [0, vsn), HL to its right, LH below it, HH in the remaining corner, where sn and vsn are
    /// the lower resolution's width and height.
    /// </para>
    /// <para>
    /// Order (openjpeg 2.5, dwt.c <c>opj_dwt_decode_tile</c> / <c>opj_dwt_decode_tile_97</c>; T.800 F.3.2 2D_SR): from the
    /// lowest resolution up, first the horizontal 1-D synthesis of every row [0, rh), then the vertical one of every column
    /// [0, rw). The parity of a 1-D signal is that of the resolution's first coordinate (x0 or y0): when it is odd the
    /// interleaved signal starts with a high-pass sample. The order is part of the result for the 5/3 filter, whose lifting
    /// steps round, so it must match the encoder's mirror image (vertical, then horizontal, per level).
    /// </para>
    /// <para>
    /// Each 1-D synthesis copies the signal interleaved into a scratch array (position p holds coordinate x0 + p, so it is a
    /// low-pass sample when p has the parity of x0), runs the lifting steps there with the whole-sample symmetric extension
    /// of F.3.7 (a neighbour at position -1 is the one at 1, at len the one at len - 2), and copies it back. Columns go
    /// through in blocks of <see cref="ColumnBlock"/> so the lifting runs along rows of the scratch array, contiguous in
    /// memory, rather than striding down the tile one column at a time.
    /// </para>
    /// </remarks>
    internal static class J2kWavelet
    {
        /// <summary>Columns transformed together by the vertical pass (the scratch array holds rh × this many samples).</summary>
        private const int ColumnBlock = 16;

        // T.800 Table F.4, in single precision as openjpeg 2.5 computes (the float literals are the same floats as openjpeg's
        // opj_dwt_alpha ... opj_K). The inverse lifting subtracts what the forward added, so the steps use the negated values.
        private const float Alpha = -1.586134342059924f;
        private const float Beta = -0.052980118572961f;
        private const float Gamma = 0.882911075530934f;
        private const float Delta = 0.443506852043971f;
        private const float K = 1.230174104914001f;

        /// <summary>
        /// 1/K, the factor T.800 F.3.8.2 (STEP2 of 1D_FILTR_9-7I) applies to the high-pass samples; the low-pass ones get K.
        /// </summary>
        /// <remarks>
        /// openjpeg 2.5 instead multiplies the high-pass samples by <c>two_invK = 1.625732422f</c> and, to compensate, leaves the
        /// sub-band gain out of its step sizes (tcd.c, BUG_WEIRD_TWO_INVK), so its HL/LH coefficients arrive halved and its HH
        /// ones quartered. The factor is not exactly 2/K though: 2/K is 1.6257862f, so openjpeg's high-pass gain is 0.999967 of
        /// the standard's. With this factor (the default) the high-pass contributions differ from opj_decompress's by that
        /// ratio, 3.3 parts in 100,000, which can move a rounded sample by one near a half; <see cref="OpenJpegInverseK"/>
        /// is the factor that follows openjpeg instead.
        /// </remarks>
        internal const float InverseK = (float)(1.0 / 1.230174104914001);

        /// <summary>
        /// openjpeg 2.5's effective high-pass factor for standard-dequantized coefficients: its <c>two_invK</c>
        /// (1.625732422f) halved, 0.812866211 where 1/K is 0.812893127.
        /// </summary>
        /// <remarks>
        /// openjpeg's high-pass coefficients are the standard's divided by 2 per high-pass direction (HL, LH by 2, HH by 4),
        /// and it multiplies them by twice this; scaling by a power of two rounds identically, so passing this to
        /// <see cref="InverseIrreversible"/> with standard-dequantized coefficients gives openjpeg's floats, at the price of
        /// departing from T.800 by 3.3 parts in 100,000 on high-pass samples. Measured on opj_compress -I streams (8 and 12
        /// bits, grey and colour): with this factor every sample matched opj_decompress; with 1/K, 0.1 % to 2 % of them
        /// were one off.
        /// </remarks>
        internal const float OpenJpegInverseK = 1.625732422f / 2;

        /// <summary>
        /// Inverse 5/3 reversible transform (T.800 F.3.8.1 1D_FILTR_5-3R, integer lifting; F.3.2 2D_SR), undoing
        /// <c>resolutions.Length - 1</c> levels in place.
        /// </summary>
        /// <param name="data">The tile-component's coefficients, row-major.</param>
        /// <param name="stride">Samples from one row to the next (at least the tile-component's width).</param>
        /// <param name="resolutions">
        /// For r = 0 .. levels, the rectangle of resolution r on the reference grid, each coordinate of the tile-component's
        /// rectangle divided by 2^(levels - r) and rounded up; the last is the tile-component itself.
        /// </param>
        internal static void InverseReversible(Span<int> data, int stride, ReadOnlySpan<J2kRect> resolutions)
        {
            int levels = Validate(data.Length, stride, resolutions);
            if (levels == 0) return;
            var full = resolutions[levels];
            int[] scratch = ArrayPool<int>.Shared.Rent(ScratchLength(full));
            try
            {
                for (int r = 1; r <= levels; r++)
                {
                    var low = resolutions[r - 1];
                    var res = resolutions[r];
                    int rw = res.Width, rh = res.Height;
                    int cas = res.X0 & 1, vcas = res.Y0 & 1;
                    for (int j = 0; j < rh; j++)
                    {
                        Horizontal53(data.Slice(j * stride, rw), low.Width, cas, scratch);
                    }
                    for (int c = 0; c < rw; c += ColumnBlock)
                    {
                        Vertical53(data.Slice(c), stride, Math.Min(ColumnBlock, rw - c), rh, low.Height, vcas, scratch);
                    }
                }
            }
            finally
            {
                ArrayPool<int>.Shared.Return(scratch);
            }
        }

        /// <summary>
        /// Inverse 9/7 irreversible transform (T.800 F.3.8.2 1D_FILTR_9-7I, single-precision lifting; F.3.2 2D_SR), in place,
        /// with the same layout, order and arguments as <see cref="InverseReversible"/>.
        /// </summary>
        /// <remarks>
        /// The coefficients are those of the standard's dequantization (E.1, sub-band gains included); low-pass samples are
        /// scaled by K and high-pass ones by <paramref name="highPassScale"/>, the standard's 1/K (<see cref="InverseK"/>)
        /// unless told otherwise, before the four lifting steps.
        /// </remarks>
        /// <param name="data">The tile-component's coefficients, row-major.</param>
        /// <param name="stride">Samples from one row to the next (at least the tile-component's width).</param>
        /// <param name="resolutions">The rectangle of each resolution, as for <see cref="InverseReversible"/>.</param>
        /// <param name="highPassScale">
        /// The STEP2 factor on high-pass samples: <see cref="InverseK"/> (T.800) or <see cref="OpenJpegInverseK"/> (openjpeg 2.5).
        /// </param>
        internal static void InverseIrreversible(Span<float> data, int stride, ReadOnlySpan<J2kRect> resolutions, float highPassScale = InverseK)
        {
            int levels = Validate(data.Length, stride, resolutions);
            if (levels == 0) return;
            var full = resolutions[levels];
            float[] scratch = ArrayPool<float>.Shared.Rent(ScratchLength(full));
            try
            {
                for (int r = 1; r <= levels; r++)
                {
                    var low = resolutions[r - 1];
                    var res = resolutions[r];
                    int rw = res.Width, rh = res.Height;
                    int cas = res.X0 & 1, vcas = res.Y0 & 1;
                    for (int j = 0; j < rh; j++)
                    {
                        Horizontal97(data.Slice(j * stride, rw), low.Width, cas, highPassScale, scratch);
                    }
                    for (int c = 0; c < rw; c += ColumnBlock)
                    {
                        Vertical97(data.Slice(c), stride, Math.Min(ColumnBlock, rw - c), rh, low.Height, vcas, highPassScale, scratch);
                    }
                }
            }
            finally
            {
                ArrayPool<float>.Shared.Return(scratch);
            }
        }

        /// <summary>Checks the rectangles against each other and the buffer; returns the number of levels.</summary>
        /// <remarks>
        /// Each resolution must be the next one's coordinates halved and rounded up (Annex B), which makes its width and height
        /// the low-pass counts the interleaving assumes, and the whole must fit the buffer; anything else is a caller's bug,
        /// caught here rather than as a scrambled tile.
        /// </remarks>
        private static int Validate(int length, int stride, ReadOnlySpan<J2kRect> resolutions)
        {
            if (resolutions.Length == 0) throw new ArgumentException("At least one resolution is needed.", nameof(resolutions));
            int levels = resolutions.Length - 1;
            var full = resolutions[levels];
            if (full.Width < 0 || full.Height < 0) throw new ArgumentException("The tile-component rectangle is inverted.", nameof(resolutions));
            if (full.Width > 0 && full.Height > 0)
            {
                if (stride < full.Width) throw new ArgumentOutOfRangeException(nameof(stride), "The stride is narrower than the tile-component.");
                if ((long)(full.Height - 1) * stride + full.Width > length)
                {
                    throw new ArgumentException("The buffer is smaller than the tile-component.", nameof(resolutions));
                }
            }
            for (int r = 1; r <= levels; r++)
            {
                J2kRect low = resolutions[r - 1], res = resolutions[r];
                if (low.X0 != CeilHalf(res.X0) || low.Y0 != CeilHalf(res.Y0) || low.X1 != CeilHalf(res.X1) || low.Y1 != CeilHalf(res.Y1))
                {
                    throw new ArgumentException($"Resolution {r - 1} ({low}) is not resolution {r} ({res}) halved.", nameof(resolutions));
                }
            }
            return levels;
        }

        /// <summary>⌈<paramref name="value"/> / 2⌉, without overflow.</summary>
        private static int CeilHalf(int value) => (int)(((long)value + 1) >> 1);

        /// <summary>Scratch samples for a tile-component: one row, or one block of columns, of the largest resolution.</summary>
        /// <remarks>A block is never wider than the tile-component, so this is at most its sample count: no overflow.</remarks>
        private static int ScratchLength(J2kRect full) => Math.Max(1, Math.Max(full.Width, full.Height * Math.Min(ColumnBlock, full.Width)));

        // ---- 5/3 ----

        /// <summary>One row: <paramref name="sn"/> low-pass samples then the high-pass ones, rebuilt in place.</summary>
        [MethodImpl(HotPath.Optimized)]
        private static void Horizontal53(Span<int> row, int sn, int cas, int[] scratch)
        {
            int len = row.Length;
            if (len <= 1)
            {
                // F.3.6 (1D_SR): a lone sample at an odd coordinate is high-pass and the forward transform doubled it. openjpeg
                // divides with C's '/', which truncates; for the even values an encoder produces it is the same as halving.
                if (len == 1 && cas == 1) row[0] /= 2;
                return;
            }
            var x = scratch.AsSpan(0, len);
            int dn = len - sn;
            for (int k = 0; k < sn; k++) x[2 * k + cas] = row[k];
            for (int k = 0; k < dn; k++) x[2 * k + 1 - cas] = row[sn + k];
            Lift53(x, cas);
            x.CopyTo(row);
        }

        /// <summary>
        /// The two lifting steps of 1D_FILTR_5-3R on an interleaved signal of two or more samples whose first sample has
        /// parity <paramref name="cas"/>.
        /// </summary>
        /// <remarks>
        /// F-5: X(2n) = Y(2n) - ⌊(Y(2n-1) + Y(2n+1) + 2) / 4⌋; F-6: X(2n+1) = Y(2n+1) + ⌊(X(2n) + X(2n+2)) / 2⌋. The arithmetic
        /// shift is the floor the standard asks for, negative sums included (C# shifts an int arithmetically). At the edges the
        /// mirrored neighbour equals the inner one, so the sums become 2·Y + 2 (written (Y + 1) >> 1 as openjpeg does) and 2·X
        /// (which halves back to X).
        /// </remarks>
        [MethodImpl(HotPath.Optimized)]
        private static void Lift53(Span<int> x, int cas)
        {
            int len = x.Length;

            // Even coordinates (low-pass positions, p ≡ cas mod 2).
            int p = cas;
            if (p == 0)
            {
                x[0] -= (x[1] + 1) >> 1;
                p = 2;
            }
            for (; p < len - 1; p += 2) x[p] -= (x[p - 1] + x[p + 1] + 2) >> 2;
            if (p == len - 1) x[p] -= (x[p - 1] + 1) >> 1;

            // Odd coordinates (high-pass positions).
            p = 1 - cas;
            if (p == 0)
            {
                x[0] += x[1];
                p = 2;
            }
            for (; p < len - 1; p += 2) x[p] += (x[p - 1] + x[p + 1]) >> 1;
            if (p == len - 1) x[p] += x[p - 1];
        }

        /// <summary>
        /// Columns [0, <paramref name="nc"/>) of <paramref name="block"/>, <paramref name="len"/> rows: the first
        /// <paramref name="sn"/> rows low-pass, the rest high-pass, rebuilt in place.
        /// </summary>
        [MethodImpl(HotPath.Optimized)]
        private static void Vertical53(Span<int> block, int stride, int nc, int len, int sn, int cas, int[] scratch)
        {
            if (len <= 1)
            {
                if (len == 1 && cas == 1)
                {
                    for (int c = 0; c < nc; c++) block[c] /= 2;
                }
                return;
            }
            var x = scratch.AsSpan(0, len * nc);
            int dn = len - sn;
            for (int k = 0; k < sn; k++) block.Slice(k * stride, nc).CopyTo(x.Slice((2 * k + cas) * nc, nc));
            for (int k = 0; k < dn; k++) block.Slice((sn + k) * stride, nc).CopyTo(x.Slice((2 * k + 1 - cas) * nc, nc));
            Lift53Rows(x, len, nc, cas);
            for (int p = 0; p < len; p++) x.Slice(p * nc, nc).CopyTo(block.Slice(p * stride, nc));
        }

        /// <summary><see cref="Lift53"/> on <paramref name="nc"/> interleaved signals at once, sample p of signal c at p·nc + c.</summary>
        [MethodImpl(HotPath.Optimized)]
        private static void Lift53Rows(Span<int> x, int len, int nc, int cas)
        {
            int p = cas;
            if (p == 0)
            {
                LiftEdge53Even(x.Slice(0, nc), x.Slice(nc, nc));
                p = 2;
            }
            for (; p < len - 1; p += 2) LiftInner53Even(x.Slice(p * nc, nc), x.Slice((p - 1) * nc, nc), x.Slice((p + 1) * nc, nc));
            if (p == len - 1) LiftEdge53Even(x.Slice(p * nc, nc), x.Slice((p - 1) * nc, nc));

            p = 1 - cas;
            if (p == 0)
            {
                LiftEdge53Odd(x.Slice(0, nc), x.Slice(nc, nc));
                p = 2;
            }
            for (; p < len - 1; p += 2) LiftInner53Odd(x.Slice(p * nc, nc), x.Slice((p - 1) * nc, nc), x.Slice((p + 1) * nc, nc));
            if (p == len - 1) LiftEdge53Odd(x.Slice(p * nc, nc), x.Slice((p - 1) * nc, nc));
        }

        [MethodImpl(HotPath.Optimized)]
        private static void LiftInner53Even(Span<int> target, ReadOnlySpan<int> before, ReadOnlySpan<int> after)
        {
            for (int c = 0; c < target.Length; c++) target[c] -= (before[c] + after[c] + 2) >> 2;
        }

        [MethodImpl(HotPath.Optimized)]
        private static void LiftEdge53Even(Span<int> target, ReadOnlySpan<int> neighbour)
        {
            for (int c = 0; c < target.Length; c++) target[c] -= (neighbour[c] + 1) >> 1;
        }

        [MethodImpl(HotPath.Optimized)]
        private static void LiftInner53Odd(Span<int> target, ReadOnlySpan<int> before, ReadOnlySpan<int> after)
        {
            for (int c = 0; c < target.Length; c++) target[c] += (before[c] + after[c]) >> 1;
        }

        [MethodImpl(HotPath.Optimized)]
        private static void LiftEdge53Odd(Span<int> target, ReadOnlySpan<int> neighbour)
        {
            for (int c = 0; c < target.Length; c++) target[c] += neighbour[c];
        }

        // ---- 9/7 ----

        /// <summary>One row: <paramref name="sn"/> low-pass samples then the high-pass ones, rebuilt in place.</summary>
        [MethodImpl(HotPath.Optimized)]
        private static void Horizontal97(Span<float> row, int sn, int cas, float highPassScale, float[] scratch)
        {
            int len = row.Length;
            if (len <= 1)
            {
                // F.3.6 (1D_SR): X = Y / 2 for a lone odd-coordinate sample. (openjpeg leaves it as is, but its dequantizer hands it
                // a high-pass coefficient already halved, so the two agree.)
                if (len == 1 && cas == 1) row[0] *= 0.5f;
                return;
            }
            var x = scratch.AsSpan(0, len);
            int dn = len - sn;
            for (int k = 0; k < sn; k++) x[2 * k + cas] = row[k];
            for (int k = 0; k < dn; k++) x[2 * k + 1 - cas] = row[sn + k];
            Lift97(x, cas, highPassScale);
            x.CopyTo(row);
        }

        /// <summary>
        /// 1D_FILTR_9-7I on an interleaved signal of two or more samples whose first sample has parity <paramref name="cas"/>:
        /// STEP1 and STEP2 scale the low-pass samples by K and the high-pass ones by 1/K (the caller's factor), STEP3 to STEP6 undo the four
        /// lifting steps (δ on even coordinates, γ on odd, β on even, α on odd).
        /// </summary>
        [MethodImpl(HotPath.Optimized)]
        private static void Lift97(Span<float> x, int cas, float highPassScale)
        {
            int len = x.Length;
            for (int p = cas; p < len; p += 2) x[p] *= K;
            for (int p = 1 - cas; p < len; p += 2) x[p] *= highPassScale;
            LiftStep97(x, cas, -Delta);
            LiftStep97(x, 1 - cas, -Gamma);
            LiftStep97(x, cas, -Beta);
            LiftStep97(x, 1 - cas, -Alpha);
        }

        /// <summary>X(p) += c·(X(p-1) + X(p+1)) for p = <paramref name="start"/>, start + 2, ..., mirrored at both ends.</summary>
        /// <remarks>
        /// Written as openjpeg writes it, x + (left + right)·c with c already negated, so every float operation is the same
        /// one in the same order (the standard's x - δ·(left + right) rounds identically: negation is exact). At the right
        /// edge openjpeg multiplies the single neighbour by 2c, exact like left + left.
        /// </remarks>
        [MethodImpl(HotPath.Optimized)]
        private static void LiftStep97(Span<float> x, int start, float c)
        {
            int len = x.Length;
            int p = start;
            if (p == 0)
            {
                x[0] = x[0] + ((x[1] + x[1]) * c);
                p = 2;
            }
            for (; p < len - 1; p += 2) x[p] = x[p] + ((x[p - 1] + x[p + 1]) * c);
            if (p == len - 1) x[p] = x[p] + (x[p - 1] * (c + c));
        }

        /// <summary>
        /// Columns [0, <paramref name="nc"/>) of <paramref name="block"/>, <paramref name="len"/> rows: the first
        /// <paramref name="sn"/> rows low-pass, the rest high-pass, rebuilt in place.
        /// </summary>
        [MethodImpl(HotPath.Optimized)]
        private static void Vertical97(Span<float> block, int stride, int nc, int len, int sn, int cas, float highPassScale, float[] scratch)
        {
            if (len <= 1)
            {
                if (len == 1 && cas == 1)
                {
                    for (int c = 0; c < nc; c++) block[c] *= 0.5f;
                }
                return;
            }
            var x = scratch.AsSpan(0, len * nc);
            int dn = len - sn;
            for (int k = 0; k < sn; k++) block.Slice(k * stride, nc).CopyTo(x.Slice((2 * k + cas) * nc, nc));
            for (int k = 0; k < dn; k++) block.Slice((sn + k) * stride, nc).CopyTo(x.Slice((2 * k + 1 - cas) * nc, nc));

            for (int p = cas; p < len; p += 2) Scale(x.Slice(p * nc, nc), K);
            for (int p = 1 - cas; p < len; p += 2) Scale(x.Slice(p * nc, nc), highPassScale);
            LiftStep97Rows(x, len, nc, cas, -Delta);
            LiftStep97Rows(x, len, nc, 1 - cas, -Gamma);
            LiftStep97Rows(x, len, nc, cas, -Beta);
            LiftStep97Rows(x, len, nc, 1 - cas, -Alpha);

            for (int p = 0; p < len; p++) x.Slice(p * nc, nc).CopyTo(block.Slice(p * stride, nc));
        }

        /// <summary><see cref="LiftStep97"/> on <paramref name="nc"/> interleaved signals at once, sample p of signal c at p·nc + c.</summary>
        [MethodImpl(HotPath.Optimized)]
        private static void LiftStep97Rows(Span<float> x, int len, int nc, int start, float c)
        {
            int p = start;
            if (p == 0)
            {
                LiftInner97(x.Slice(0, nc), x.Slice(nc, nc), x.Slice(nc, nc), c);
                p = 2;
            }
            for (; p < len - 1; p += 2) LiftInner97(x.Slice(p * nc, nc), x.Slice((p - 1) * nc, nc), x.Slice((p + 1) * nc, nc), c);
            if (p == len - 1) LiftEdge97(x.Slice(p * nc, nc), x.Slice((p - 1) * nc, nc), c + c);
        }

        [MethodImpl(HotPath.Optimized)]
        private static void LiftInner97(Span<float> target, ReadOnlySpan<float> before, ReadOnlySpan<float> after, float c)
        {
            for (int i = 0; i < target.Length; i++) target[i] = target[i] + ((before[i] + after[i]) * c);
        }

        [MethodImpl(HotPath.Optimized)]
        private static void LiftEdge97(Span<float> target, ReadOnlySpan<float> neighbour, float twoC)
        {
            for (int i = 0; i < target.Length; i++) target[i] = target[i] + (neighbour[i] * twoC);
        }

        [MethodImpl(HotPath.Optimized)]
        private static void Scale(Span<float> values, float factor)
        {
            for (int i = 0; i < values.Length; i++) values[i] *= factor;
        }
    }
}
