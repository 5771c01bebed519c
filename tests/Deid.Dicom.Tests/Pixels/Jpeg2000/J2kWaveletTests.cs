using System;
using System.Collections.Generic;
using Xunit;

namespace Deid.Dicom.Tests.Pixels.Jpeg2000
{
    /// <summary>
    /// The inverse wavelet transforms against forward transforms written here from T.800 Annex F.4 (2D_SD: per level, from
    /// the full resolution down, the vertical analysis of every column, then the horizontal analysis of every row, into the
    /// same in-place layout the decoder reads), plus hand-worked vectors and the 9/7 synthesis filters' impulse responses.
    /// </summary>
    /// <remarks>
    /// The forward code is deliberately not a mirror of the decoder's: it works on reference-grid coordinates with the
    /// PSE index function of Equation F-4 and floors with integer division, so a shared misconception would have to be made
    /// twice, in two different shapes, to slip through.
    /// </remarks>
    public class J2kWaveletTests
    {
        private const double Alpha = -1.586134342059924;
        private const double Beta = -0.052980118572961;
        private const double Gamma = 0.882911075530934;
        private const double Delta = 0.443506852043971;
        private const double K = 1.230174104914001;

        /// <summary>Padding columns right of the tile-component, to prove the transforms honour the stride.</summary>
        private const int Pad = 3;

        private const int Sentinel = 0x5EED;

        public static IEnumerable<object[]> Rectangles()
        {
            var origins = new[] { (0, 0), (1, 0), (0, 1), (1, 1), (3, 5), (7, 2) };
            var sizes = new[] { (1, 1), (1, 7), (7, 1), (2, 2), (3, 3), (17, 9), (64, 64), (65, 33) };
            foreach (var (x0, y0) in origins)
            {
                foreach (var (w, h) in sizes) yield return new object[] { x0, y0, w, h };
            }
        }

        // ---- round trips ----

        [Theory]
        [MemberData(nameof(Rectangles))]
        public void Reversible53_RoundTripIsExact(int x0, int y0, int width, int height)
        {
            for (int levels = 0; levels <= 5; levels++)
            {
                var rects = Resolutions(x0, y0, x0 + width, y0 + height, levels);
                var random = new Random(HashCode.Combine(x0, y0, width, height, levels));
                int stride = width + Pad;
                var original = new int[height * stride];
                for (int i = 0; i < original.Length; i++) original[i] = i % stride >= width ? Sentinel : random.Next(-5000, 5001);

                var data = (int[])original.Clone();
                Forward53(data, stride, rects);
                if (levels > 0 && width * height > 4) Assert.NotEqual(original, data); // the forward did something
                J2kWavelet.InverseReversible(data, stride, rects);

                for (int i = 0; i < data.Length; i++)
                {
                    if (data[i] != original[i])
                    {
                        Assert.Fail($"levels {levels}: sample ({i % stride}, {i / stride}) is {data[i]}, was {original[i]}.");
                    }
                }
            }
        }

        [Theory]
        [MemberData(nameof(Rectangles))]
        public void Irreversible97_RoundTripIsWithinFloatError(int x0, int y0, int width, int height)
        {
            for (int levels = 0; levels <= 5; levels++)
            {
                var rects = Resolutions(x0, y0, x0 + width, y0 + height, levels);
                var random = new Random(HashCode.Combine(x0, y0, width, height, levels, 97));
                int stride = width + Pad;
                var original = new double[height * stride];
                for (int i = 0; i < original.Length; i++) original[i] = i % stride >= width ? Sentinel : random.NextDouble() * 2000 - 1000;

                var forward = (double[])original.Clone();
                Forward97(forward, stride, rects);
                var data = Array.ConvertAll(forward, v => (float)v);
                J2kWavelet.InverseIrreversible(data, stride, rects);

                double scale = 0;
                foreach (var v in original) scale = Math.Max(scale, Math.Abs(v));
                for (int i = 0; i < data.Length; i++)
                {
                    double error = Math.Abs(data[i] - original[i]);
                    if (error > 1e-3 * scale)
                    {
                        Assert.Fail($"levels {levels}: sample ({i % stride}, {i / stride}) is {data[i]}, was {original[i]}.");
                    }
                }
            }
        }

        [Fact]
        public void Irreversible97_OpenJpegFactorDiffersSlightlyFromTheStandard()
        {
            // The opt-in factor is openjpeg's two_invK / 2, not 1/K: a round trip through the standard's forward transform
            // still lands close, but not as close, and the two inverses disagree.
            Assert.Equal(0.812866211f, J2kWavelet.OpenJpegInverseK);
            Assert.Equal((float)(1 / K), J2kWavelet.InverseK);
            var rects = Resolutions(0, 0, 16, 16, 2);
            var random = new Random(5);
            var forward = new double[256];
            for (int i = 0; i < forward.Length; i++) forward[i] = random.NextDouble() * 200 - 100;
            var original = (double[])forward.Clone();
            Forward97(forward, 16, rects);
            var standard = Array.ConvertAll(forward, v => (float)v);
            var openJpeg = (float[])standard.Clone();
            J2kWavelet.InverseIrreversible(standard, 16, rects);
            J2kWavelet.InverseIrreversible(openJpeg, 16, rects, J2kWavelet.OpenJpegInverseK);
            double worstStandard = 0, worstOpenJpeg = 0;
            for (int i = 0; i < 256; i++)
            {
                worstStandard = Math.Max(worstStandard, Math.Abs(standard[i] - original[i]));
                worstOpenJpeg = Math.Max(worstOpenJpeg, Math.Abs(openJpeg[i] - original[i]));
            }
            Assert.True(worstStandard < 1e-3, $"standard factor off by {worstStandard}");
            Assert.True(worstOpenJpeg > worstStandard && worstOpenJpeg < 0.1, $"openjpeg factor off by {worstOpenJpeg}");
        }

        // ---- hand-worked vectors ----

        [Fact]
        public void Reversible53_FourSamplesEvenStart_ByHand()
        {
            // T.800 F.3.8.1, one level on x = 0..3 (resolution 0 is x = 0..1, so 2 low-pass then 2 high-pass samples),
            // Y(0..3) = L0, H0, L1, H1 = 0, -3, -5, 7, extended symmetrically (Y(-1) = Y(1), X(4) = X(2)):
            //   F-5: X(0) = 0 - ⌊(-3 + -3 + 2) / 4⌋ = 0 - ⌊-1⌋ = 1;  X(2) = -5 - ⌊(-3 + 7 + 2) / 4⌋ = -5 - 1 = -6
            //   F-6: X(1) = -3 + ⌊(1 + -6) / 2⌋ = -3 + ⌊-2.5⌋ = -6;  X(3) = 7 + ⌊(-6 + -6) / 2⌋ = 1
            // (⌊-2.5⌋ = -3: a truncating division would give -5.)
            var data = new[] { 0, -5, -3, 7 };
            J2kWavelet.InverseReversible(data, 4, Resolutions(0, 0, 4, 1, 1));
            Assert.Equal(new[] { 1, -6, -6, 1 }, data);

            // And the forward transform of a ramp, inverted: X = 10, 20, 30, 40 gives H0 = 20 - ⌊(10 + 30) / 2⌋ = 0,
            // H1 = 40 - ⌊(30 + 30) / 2⌋ = 10, L0 = 10 + ⌊(0 + 0 + 2) / 4⌋ = 10, L1 = 30 + ⌊(0 + 10 + 2) / 4⌋ = 33.
            var ramp = new[] { 10, 33, 0, 10 };
            J2kWavelet.InverseReversible(ramp, 4, Resolutions(0, 0, 4, 1, 1));
            Assert.Equal(new[] { 10, 20, 30, 40 }, ramp);
        }

        [Fact]
        public void Reversible53_FourSamplesOddStart_ByHand()
        {
            // x = 1..4: resolution 0 is ⌈1/2⌉..⌈5/2⌉ = 1..3, two low-pass samples (x = 2, 4) then two high-pass (x = 1, 3).
            // L0 = 10, L1 = 20, H0 = 4, H1 = -2, so Y(1..4) = 4, 10, -2, 20, and the extension mirrors about x = 1 and x = 4:
            //   F-5: X(2) = 10 - ⌊(4 + -2 + 2) / 4⌋ = 9;  X(4) = 20 - ⌊(Y(3) + Y(5) = -2 + -2, + 2) / 4⌋ = 20 - ⌊-0.5⌋ = 21
            //   F-6: X(1) = 4 + ⌊(X(0) = X(2) = 9, + 9) / 2⌋ = 13;  X(3) = -2 + ⌊(9 + 21) / 2⌋ = 13
            var data = new[] { 10, 20, 4, -2 };
            J2kWavelet.InverseReversible(data, 4, Resolutions(1, 0, 5, 1, 1));
            Assert.Equal(new[] { 13, 9, 13, 21 }, data);
        }

        [Fact]
        public void Reversible53_TwoSamplesBothParities_ByHand()
        {
            // L = 7, H = -4. Even start (x = 0, 1: low at 0, high at 1): X(0) = 7 - ⌊(H + H + 2) / 4⌋ = 7 - ⌊-1.5⌋ = 9,
            // X(1) = H + ⌊(X(0) + X(2) = X(0)) / 2⌋ = -4 + 9 = 5.
            var even = new[] { 7, -4 };
            J2kWavelet.InverseReversible(even, 2, Resolutions(0, 0, 2, 1, 1));
            Assert.Equal(new[] { 9, 5 }, even);

            // Odd start (x = 1, 2: high at 1, low at 2; resolution 0 is x = 1..1, one low sample): the same two equations
            // give X(2) = 9 and X(1) = 5, now in the order x = 1, 2.
            var odd = new[] { 7, -4 };
            J2kWavelet.InverseReversible(odd, 2, Resolutions(1, 0, 3, 1, 1));
            Assert.Equal(new[] { 5, 9 }, odd);

            // The same down columns starting at an odd row (y = 1, 2), two columns wide so the horizontal pass runs first:
            // with zero HL and HH it turns the rows [7, 0] and [-4, 0] into [7, 7] and [-4, -4] (X(0) = L - ⌊2/4⌋ = L,
            // X(1) = 0 + X(0)), then each column is the odd-start case above.
            var column = new[] { 7, 0, -4, 0 };
            J2kWavelet.InverseReversible(column, 2, new[] { new J2kRect(0, 1, 1, 2), new J2kRect(0, 1, 2, 3) });
            Assert.Equal(new[] { 5, 5, 9, 9 }, column);
        }

        [Theory]
        [InlineData(0, 0, 14, 14)] // even coordinate: a low-pass sample, X = Y
        [InlineData(1, 0, 14, 7)] // odd coordinate: a high-pass sample, X = Y / 2
        [InlineData(1, 0, -14, -7)]
        [InlineData(1, 0, -7, -3)] // openjpeg's C division truncates; an encoder only makes even values here
        [InlineData(0, 1, 14, 7)] // odd row: the vertical pass halves
        [InlineData(1, 1, 20, 5)] // odd in both directions: halved twice
        public void Reversible53_SingleSample(int x0, int y0, int coefficient, int expected)
        {
            var data = new[] { coefficient };
            J2kWavelet.InverseReversible(data, 1, Resolutions(x0, y0, x0 + 1, y0 + 1, 1));
            Assert.Equal(expected, data[0]);
        }

        [Theory]
        [InlineData(0, 0, 3.5f, 3.5f)]
        [InlineData(1, 0, 3.5f, 1.75f)]
        [InlineData(0, 1, -3.5f, -1.75f)]
        [InlineData(1, 1, 3.5f, 0.875f)]
        public void Irreversible97_SingleSample(int x0, int y0, float coefficient, float expected)
        {
            // T.800 F.3.6 (1D_SR): a signal of one sample is X = Y at an even coordinate and X = Y / 2 at an odd one, with no
            // K scaling; the same rule for both filters.
            var data = new[] { coefficient };
            J2kWavelet.InverseIrreversible(data, 1, Resolutions(x0, y0, x0 + 1, y0 + 1, 1));
            Assert.Equal(expected, data[0]);
        }

        [Fact]
        public void Irreversible97_SynthesisImpulseResponsesAreTheStandardFilters()
        {
            // One low-pass coefficient of 1 rebuilds the 7-tap synthesis low-pass filter, one high-pass coefficient the 9-tap
            // synthesis high-pass filter (T.800 Table F.4's lifting, normalised so the analysis low-pass has DC gain 1). These
            // catch K and 1/K swapped, or either missing, independently of the forward transform above.
            double[] lowTaps = { -0.091271763114250, -0.057543526228500, 0.591271763114247, 1.115087052456994, 0.591271763114247, -0.057543526228500, -0.091271763114250 };
            double[] highTaps = { 0.026748757410810, 0.016864118442875, -0.078223266528988, -0.266864118442872, 0.602949018236358, -0.266864118442872, -0.078223266528988, 0.016864118442875, 0.026748757410810 };
            var rects = Resolutions(0, 0, 32, 1, 1);

            var low = new float[32];
            low[8] = 1; // L8, at x = 16
            J2kWavelet.InverseIrreversible(low, 32, rects);
            for (int x = 0; x < 32; x++)
            {
                double expected = Math.Abs(x - 16) <= 3 ? lowTaps[x - 16 + 3] : 0;
                Assert.True(Math.Abs(low[x] - expected) < 1e-6, $"low-pass impulse at x = {x}: {low[x]}, expected {expected}");
            }

            var high = new float[32];
            high[16 + 8] = 1; // H8, at x = 17
            J2kWavelet.InverseIrreversible(high, 32, rects);
            for (int x = 0; x < 32; x++)
            {
                double expected = Math.Abs(x - 17) <= 4 ? highTaps[x - 17 + 4] : 0;
                Assert.True(Math.Abs(high[x] - expected) < 1e-6, $"high-pass impulse at x = {x}: {high[x]}, expected {expected}");
            }
        }

        [Fact]
        public void Irreversible97_ConstantLowBandRebuildsTheConstant()
        {
            // A flat image has LL = the value and zero detail at every level (the analysis low-pass has DC gain 1).
            var rects = Resolutions(3, 5, 3 + 40, 5 + 27, 3);
            int width = 40, height = 27;
            var data = new float[width * height];
            for (int y = 0; y < rects[0].Height; y++)
            {
                for (int x = 0; x < rects[0].Width; x++) data[y * width + x] = 100;
            }
            J2kWavelet.InverseIrreversible(data, width, rects);
            foreach (var v in data) Assert.True(Math.Abs(v - 100) < 1e-3, $"{v}");
        }

        [Fact]
        public void RejectsInconsistentRectangles()
        {
            var data = new int[16];
            // Resolution 0 wider than resolution 1.
            Assert.Throws<ArgumentException>(() => J2kWavelet.InverseReversible(data, 4, new[] { new J2kRect(0, 0, 5, 2), new J2kRect(0, 0, 4, 4) }));
            // Resolution 0 the right size but not resolution 1 halved (⌈1/2⌉ = 1): its low-pass count would be wrong.
            Assert.Throws<ArgumentException>(() => J2kWavelet.InverseReversible(data, 4, new[] { new J2kRect(0, 0, 2, 2), new J2kRect(1, 0, 4, 4) }));
            // Buffer too small for the tile-component.
            Assert.Throws<ArgumentException>(() => J2kWavelet.InverseReversible(data, 4, Resolutions(0, 0, 4, 5, 1)));
            // Stride narrower than a row.
            Assert.Throws<ArgumentOutOfRangeException>(() => J2kWavelet.InverseReversible(data, 3, Resolutions(0, 0, 4, 4, 1)));
            Assert.Throws<ArgumentException>(() => J2kWavelet.InverseIrreversible(new float[4], 2, ReadOnlySpan<J2kRect>.Empty));
        }

        [Fact]
        public void ZeroLevelsAndEmptyTileComponentsAreLeftAlone()
        {
            var data = new[] { 1, 2, 3, 4 };
            J2kWavelet.InverseReversible(data, 2, Resolutions(1, 1, 3, 3, 0));
            Assert.Equal(new[] { 1, 2, 3, 4 }, data);
            var empty = new float[1] { 9 };
            J2kWavelet.InverseIrreversible(empty, 0, Resolutions(4, 4, 4, 4, 3));
            Assert.Equal(9, empty[0]);
        }

        // ---- the reference grid ----

        /// <summary>The rectangle of each resolution r = 0 .. levels: the tile-component's divided by 2^(levels - r), rounded up.</summary>
        internal static J2kRect[] Resolutions(int x0, int y0, int x1, int y1, int levels)
        {
            var rects = new J2kRect[levels + 1];
            for (int r = 0; r <= levels; r++)
            {
                int d = 1 << (levels - r);
                rects[r] = new J2kRect(CeilDiv(x0, d), CeilDiv(y0, d), CeilDiv(x1, d), CeilDiv(y1, d));
            }
            return rects;
        }

        private static int CeilDiv(int a, int b) => (a + b - 1) / b;

        private static int FloorDiv(int a, int b) => a / b - (a % b != 0 && (a < 0) != (b < 0) ? 1 : 0);

        /// <summary>Equation F-4, PSE: the index a coordinate outside [i0, i1) reads under whole-sample symmetric extension.</summary>
        private static int Pse(int i, int i0, int i1)
        {
            int period = 2 * (i1 - i0 - 1);
            int m = ((i - i0) % period + period) % period;
            return i0 + Math.Min(m, period - m);
        }

        // ---- forward 5/3 (T.800 F.4.8.1, 1D_FILTD_5-3R) ----

        private static void Forward53(int[] data, int stride, J2kRect[] rects)
        {
            for (int r = rects.Length - 1; r >= 1; r--)
            {
                var res = rects[r];
                var low = rects[r - 1];
                var signal = new int[Math.Max(res.Width, res.Height)];
                for (int x = 0; x < res.Width; x++)
                {
                    for (int y = 0; y < res.Height; y++) signal[y] = data[y * stride + x];
                    var split = Analyse53(signal.AsSpan(0, res.Height), res.Y0, low.Height);
                    for (int y = 0; y < res.Height; y++) data[y * stride + x] = split[y];
                }
                for (int y = 0; y < res.Height; y++)
                {
                    var split = Analyse53(data.AsSpan(y * stride, res.Width), res.X0, low.Width);
                    split.CopyTo(data, y * stride);
                }
            }
        }

        /// <summary>
        /// 1D_SD with the 5/3 filter of X(i0 .. i1 - 1) (the span, i0 its first coordinate): returns the low-pass outputs
        /// (even coordinates) then the high-pass ones (odd coordinates).
        /// </summary>
        private static int[] Analyse53(ReadOnlySpan<int> signal, int i0, int lowCount)
        {
            int len = signal.Length, i1 = i0 + len;
            var output = new int[len];
            if (len == 0) return output;
            if (len == 1)
            {
                // 1D_SD: a lone sample at an odd coordinate is doubled.
                output[0] = i0 % 2 == 0 ? signal[0] : 2 * signal[0];
                return output;
            }
            var x = signal.ToArray();
            int X(int i) => x[Pse(i, i0, i1) - i0];
            var y = new int[len];
            for (int i = i0; i < i1; i++)
            {
                if (i % 2 != 0) y[i - i0] = X(i) - FloorDiv(X(i - 1) + X(i + 1), 2); // high-pass
            }
            int Y(int i) => y[Pse(i, i0, i1) - i0];
            for (int i = i0; i < i1; i++)
            {
                if (i % 2 == 0) y[i - i0] = X(i) + FloorDiv(Y(i - 1) + Y(i + 1) + 2, 4); // low-pass
            }
            int lows = 0, highs = 0;
            for (int i = i0; i < i1; i++)
            {
                if (i % 2 == 0) output[lows++] = y[i - i0];
                else output[lowCount + highs++] = y[i - i0];
            }
            Assert.Equal(lowCount, lows);
            return output;
        }

        // ---- forward 9/7 (T.800 F.4.8.2, 1D_FILTD_9-7I, STEP1 to STEP6), in double ----

        private static void Forward97(double[] data, int stride, J2kRect[] rects)
        {
            for (int r = rects.Length - 1; r >= 1; r--)
            {
                var res = rects[r];
                var low = rects[r - 1];
                var signal = new double[Math.Max(res.Width, res.Height)];
                for (int x = 0; x < res.Width; x++)
                {
                    for (int y = 0; y < res.Height; y++) signal[y] = data[y * stride + x];
                    var split = Analyse97(signal.AsSpan(0, res.Height), res.Y0, low.Height);
                    for (int y = 0; y < res.Height; y++) data[y * stride + x] = split[y];
                }
                for (int y = 0; y < res.Height; y++)
                {
                    var split = Analyse97(data.AsSpan(y * stride, res.Width), res.X0, low.Width);
                    split.CopyTo(data, y * stride);
                }
            }
        }

        private static double[] Analyse97(ReadOnlySpan<double> signal, int i0, int lowCount)
        {
            int len = signal.Length, i1 = i0 + len;
            var output = new double[len];
            if (len == 0) return output;
            if (len == 1)
            {
                output[0] = i0 % 2 == 0 ? signal[0] : 2 * signal[0];
                return output;
            }
            // Each step reads the previous step's values through PSE (symmetric extension commutes with symmetric lifting).
            var y = signal.ToArray();
            double Y(int i) => y[Pse(i, i0, i1) - i0];
            void Step(int parity, double c)
            {
                var next = (double[])y.Clone();
                for (int i = i0; i < i1; i++)
                {
                    if (Math.Abs(i % 2) == parity) next[i - i0] = Y(i) + c * (Y(i - 1) + Y(i + 1));
                }
                y = next;
            }
            Step(1, Alpha); // STEP1
            Step(0, Beta); // STEP2
            Step(1, Gamma); // STEP3
            Step(0, Delta); // STEP4
            for (int i = i0; i < i1; i++) y[i - i0] *= i % 2 != 0 ? K : 1 / K; // STEP5, STEP6
            int lows = 0, highs = 0;
            for (int i = i0; i < i1; i++)
            {
                if (i % 2 == 0) output[lows++] = y[i - i0];
                else output[lowCount + highs++] = y[i - i0];
            }
            Assert.Equal(lowCount, lows);
            return output;
        }
    }
}
