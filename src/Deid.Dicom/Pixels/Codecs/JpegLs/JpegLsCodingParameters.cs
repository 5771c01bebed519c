using System;

namespace Deid.Dicom
{
    /// <summary>
    /// The coding parameters of one scan (ITU-T T.87 §A.2 and §C.2.4.1.1): MAXVAL, NEAR, the gradient thresholds T1-T3
    /// and RESET, with the quantities derived from them (RANGE, qbpp, bpp, LIMIT).
    /// </summary>
    internal sealed class JpegLsCodingParameters
    {
        // T.87 §C.2.4.1.1.1: the thresholds for 8-bit lossless coding that the defaults are scaled from.
        private const int BasicT1 = 3;
        private const int BasicT2 = 7;
        private const int BasicT3 = 21;
        private const int DefaultReset = 64;

        private JpegLsCodingParameters(int maxVal, int near, int t1, int t2, int t3, int reset)
        {
            MaxVal = maxVal;
            Near = near;
            T1 = t1;
            T2 = t2;
            T3 = t3;
            Reset = reset;
            // T.87 §A.2.1: RANGE counts the quantised error values; qbpp bits code any of them; bpp bits any sample.
            Range = (maxVal + 2 * near) / (2 * near + 1) + 1;
            QuantizedBitsPerSample = CeilLog2(Range);
            int bpp = Math.Max(2, CeilLog2(maxVal + 1));
            Limit = 2 * (bpp + Math.Max(8, bpp));
        }

        /// <summary>The largest sample value (MAXVAL).</summary>
        public int MaxVal { get; }

        /// <summary>The largest reconstruction error allowed (NEAR); 0 for lossless.</summary>
        public int Near { get; }

        /// <summary>Gradient quantisation threshold T1.</summary>
        public int T1 { get; }

        /// <summary>Gradient quantisation threshold T2.</summary>
        public int T2 { get; }

        /// <summary>Gradient quantisation threshold T3.</summary>
        public int T3 { get; }

        /// <summary>The count N at which the context statistics are halved (RESET).</summary>
        public int Reset { get; }

        /// <summary>RANGE: the number of quantised prediction error values.</summary>
        public int Range { get; }

        /// <summary>qbpp: bits to code a mapped error value when the Golomb code is escaped.</summary>
        public int QuantizedBitsPerSample { get; }

        /// <summary>LIMIT: the longest code word a mapped error value may take.</summary>
        public int Limit { get; }

        /// <summary>
        /// The parameters of a scan of <paramref name="precision"/>-bit samples with <paramref name="near"/>, given the
        /// values of the last LSE preset-parameters segment (0 meaning "the default", T.87 §C.2.4.1.1).
        /// </summary>
        /// <exception cref="DicomFormatException">A value is out of the range T.87 §C.2.4.1.1 allows.</exception>
        public static JpegLsCodingParameters Create(int precision, int near, JpegLsPresets presets, long offset)
        {
            int maxPossible = (1 << precision) - 1;
            int maxVal = presets.MaxVal == 0 ? maxPossible : presets.MaxVal;
            if (maxVal < 1 || maxVal > maxPossible)
                throw JpegLsErrors.Create(offset, $"MAXVAL {maxVal} is outside 1..{maxPossible} for {precision}-bit samples.");
            // T.87 §C.2.3: NEAR may not exceed min(255, MAXVAL/2).
            if (near < 0 || near > Math.Min(255, maxVal / 2))
                throw JpegLsErrors.Create(offset, $"NEAR {near} is outside 0..{Math.Min(255, maxVal / 2)} for MAXVAL {maxVal}.");

            // T.87 §C.2.4.1.1.1: default thresholds, scaled for MAXVAL and widened by NEAR.
            int d1, d2, d3;
            if (maxVal >= 128)
            {
                int factor = (Math.Min(maxVal, 4095) + 128) / 256;
                d1 = Clamp(factor * (BasicT1 - 2) + 2 + 3 * near, near + 1, maxVal);
                d2 = Clamp(factor * (BasicT2 - 3) + 3 + 5 * near, d1, maxVal);
                d3 = Clamp(factor * (BasicT3 - 4) + 4 + 7 * near, d2, maxVal);
            }
            else
            {
                int factor = 256 / (maxVal + 1);
                d1 = Clamp(Math.Max(2, BasicT1 / factor + 3 * near), near + 1, maxVal);
                d2 = Clamp(Math.Max(3, BasicT2 / factor + 5 * near), d1, maxVal);
                d3 = Clamp(Math.Max(4, BasicT3 / factor + 7 * near), d2, maxVal);
            }

            int t1 = presets.T1 == 0 ? d1 : presets.T1;
            int t2 = presets.T2 == 0 ? d2 : presets.T2;
            int t3 = presets.T3 == 0 ? d3 : presets.T3;
            int reset = presets.Reset == 0 ? DefaultReset : presets.Reset;
            // T.87 §C.2.4.1.1: NEAR+1 <= T1 <= T2 <= T3 <= MAXVAL and 3 <= RESET <= max(255, MAXVAL).
            if (t1 < near + 1 || t1 > maxVal || t2 < t1 || t2 > maxVal || t3 < t2 || t3 > maxVal)
                throw JpegLsErrors.Create(offset, $"thresholds T1={t1}, T2={t2}, T3={t3} are not ordered within {near + 1}..{maxVal}.");
            if (reset < 3 || reset > Math.Max(255, maxVal))
                throw JpegLsErrors.Create(offset, $"RESET {reset} is outside 3..{Math.Max(255, maxVal)}.");
            return new JpegLsCodingParameters(maxVal, near, t1, t2, t3, reset);
        }

        // T.87 §C.2.4.1.1.1's CLAMP(i, j, MAXVAL).
        private static int Clamp(int i, int j, int maxVal) => i > maxVal || i < j ? j : i;

        private static int CeilLog2(int n)
        {
            int x = 0;
            while ((1 << x) < n) x++;
            return x;
        }
    }

    /// <summary>The raw values of an LSE preset-coding-parameters segment (T.87 §C.2.4.1.1); 0 means the default.</summary>
    internal readonly struct JpegLsPresets
    {
        public JpegLsPresets(int maxVal, int t1, int t2, int t3, int reset)
        {
            MaxVal = maxVal;
            T1 = t1;
            T2 = t2;
            T3 = t3;
            Reset = reset;
        }

        public int MaxVal { get; }

        public int T1 { get; }

        public int T2 { get; }

        public int T3 { get; }

        public int Reset { get; }
    }
}
