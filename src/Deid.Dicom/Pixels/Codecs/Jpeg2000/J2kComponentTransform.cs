using System;
using System.Runtime.CompilerServices;

namespace Deid.Dicom
{
    /// <summary>
    /// The inverse multiple-component transforms of T.800 Annex G (RCT and ICT) and the inverse DC level shift (G.1.2), as
    /// openjpeg 2.5 applies them (mct.c <c>opj_mct_decode</c> / <c>opj_mct_decode_real</c>, tcd.c
    /// <c>opj_tcd_dc_level_shift_decode</c>).
    /// </summary>
    /// <remarks>
    /// Order in a decoder: inverse wavelet transform of each component, then the component transform on the first three
    /// (when the COD marker asks for one), then the DC level shift with the clamp to the component's range.
    /// </remarks>
    internal static class J2kComponentTransform
    {
        // G.3.2, as single-precision literals; openjpeg uses these same four values.
        private const float CrToR = 1.402f;
        private const float CbToG = 0.34413f;
        private const float CrToG = 0.71414f;
        private const float CbToB = 1.772f;

        /// <summary>
        /// Inverse reversible component transform (RCT, T.800 G.2.2), in place: Y, Cb, Cr become R, G, B.
        /// </summary>
        /// <remarks>
        /// G = Y - ⌊(Cb + Cr) / 4⌋ (an arithmetic shift, which floors negative sums as the standard requires), R = Cr + G,
        /// B = Cb + G.
        /// </remarks>
        [MethodImpl(HotPath.Optimized)]
        internal static void InverseReversible(Span<int> c0, Span<int> c1, Span<int> c2)
        {
            int n = CheckLengths(c0.Length, c1.Length, c2.Length);
            c1 = c1.Slice(0, n);
            c2 = c2.Slice(0, n);
            for (int i = 0; i < n; i++)
            {
                int y = c0[i], cb = c1[i], cr = c2[i];
                int g = y - ((cb + cr) >> 2);
                c0[i] = cr + g;
                c1[i] = g;
                c2[i] = cb + g;
            }
        }

        /// <summary>
        /// Inverse irreversible component transform (ICT, T.800 G.3.2), in place, single precision:
        /// R = Y + 1.402 Cr, G = Y - 0.34413 Cb - 0.71414 Cr, B = Y + 1.772 Cb.
        /// </summary>
        /// <remarks>Evaluated left to right with the products first, the order openjpeg uses, so the floats round alike.</remarks>
        [MethodImpl(HotPath.Optimized)]
        internal static void InverseIrreversible(Span<float> c0, Span<float> c1, Span<float> c2)
        {
            int n = CheckLengths(c0.Length, c1.Length, c2.Length);
            c1 = c1.Slice(0, n);
            c2 = c2.Slice(0, n);
            for (int i = 0; i < n; i++)
            {
                float y = c0[i], cb = c1[i], cr = c2[i];
                c0[i] = y + (cr * CrToR);
                c1[i] = y - (cb * CbToG) - (cr * CrToG);
                c2[i] = y + (cb * CbToB);
            }
        }

        /// <summary>
        /// Inverse DC level shift (G.1.2) of reversible (integer) samples, in place: adds 2^(precision - 1) to unsigned
        /// components, then clamps to the component's range, as openjpeg does.
        /// </summary>
        /// <param name="samples">Reconstructed samples of one component.</param>
        /// <param name="precision">The component's bit depth (Ssiz + 1), 1 to 31.</param>
        /// <param name="signed">Whether the component is signed (no shift; range −2^(p−1) .. 2^(p−1) − 1).</param>
        /// <remarks>The sum is taken in 64 bits so a hostile stream's extreme coefficients clamp instead of wrapping.</remarks>
        [MethodImpl(HotPath.Optimized)]
        internal static void InverseDcLevelShift(Span<int> samples, int precision, bool signed)
        {
            Range(precision, signed, out int shift, out int min, out int max);
            for (int i = 0; i < samples.Length; i++)
            {
                long v = (long)samples[i] + shift;
                samples[i] = v < min ? min : v > max ? max : (int)v;
            }
        }

        /// <summary>
        /// Inverse DC level shift (G.1.2) of irreversible (float) samples into integers: rounds each to the nearest integer
        /// (ties to even, C's <c>lrintf</c> under the default rounding mode, as openjpeg), adds 2^(precision - 1) to unsigned
        /// components and clamps to the component's range.
        /// </summary>
        /// <param name="source">Reconstructed samples of one component.</param>
        /// <param name="destination">As many integers as <paramref name="source"/> has samples (it may not overlap it).</param>
        /// <param name="precision">The component's bit depth (Ssiz + 1), 1 to 31.</param>
        /// <param name="signed">Whether the component is signed.</param>
        /// <remarks>
        /// Values beyond the int range go to the nearer end of the component's range as in openjpeg; NaN, which only a
        /// hostile stream could produce, goes to the minimum (what openjpeg's lrintf yields on x86, the integer indefinite).
        /// </remarks>
        [MethodImpl(HotPath.Optimized)]
        internal static void InverseDcLevelShift(ReadOnlySpan<float> source, Span<int> destination, int precision, bool signed)
        {
            if (destination.Length < source.Length) throw new ArgumentException("The destination is shorter than the source.", nameof(destination));
            Range(precision, signed, out int shift, out int min, out int max);
            for (int i = 0; i < source.Length; i++)
            {
                float f = source[i];
                int result;
                if (f > 2147483648f) result = max;
                else if (f < -2147483648f || float.IsNaN(f)) result = min;
                else
                {
                    // float -> double is exact, and Math.Round's default is ties-to-even, so this is lrintf.
                    long v = (long)Math.Round((double)f) + shift;
                    result = v < min ? min : v > max ? max : (int)v;
                }
                destination[i] = result;
            }
        }

        /// <summary>The shift and clamp range of a component (openjpeg: m_dc_level_shift, l_min, l_max).</summary>
        private static void Range(int precision, bool signed, out int shift, out int min, out int max)
        {
            if (precision < 1 || precision > 31) throw new ArgumentOutOfRangeException(nameof(precision), precision, "JPEG 2000 precision here is 1 to 31 bits.");
            int half = 1 << (precision - 1);
            if (signed)
            {
                shift = 0;
                min = -half;
                max = half - 1;
            }
            else
            {
                shift = half;
                min = 0;
                max = (int)((1u << precision) - 1);
            }
        }

        /// <summary>The three planes must be equally long; returns the length.</summary>
        private static int CheckLengths(int n0, int n1, int n2)
        {
            if (n1 != n0 || n2 != n0) throw new ArgumentException("The three component planes differ in length.");
            return n0;
        }
    }
}
