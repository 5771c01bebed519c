using System;
using Xunit;

namespace Deid.Dicom.Tests.Pixels.Jpeg2000
{
    /// <summary>
    /// The inverse component transforms against forward ones written here from T.800 G.2.1 (RCT) and G.3.1 (ICT), hand-worked values, and the inverse DC level shift with openjpeg's clamp and rounding.
    /// </summary>
    public class J2kComponentTransformTests
    {
        [Fact]
        public void Reversible_RoundTripIsExact_IncludingNegatives()
        {
            var random = new Random(1234);
            const int n = 10_000;
            var r = new int[n];
            var g = new int[n];
            var b = new int[n];
            for (int i = 0; i < n; i++)
            {
                // Up to 17 bits signed: a 16-bit component after a DC shift or a signed one, with room for the transform.
                r[i] = random.Next(-70_000, 70_001);
                g[i] = random.Next(-70_000, 70_001);
                b[i] = random.Next(-70_000, 70_001);
            }
            var c0 = new int[n];
            var c1 = new int[n];
            var c2 = new int[n];
            for (int i = 0; i < n; i++)
            {
                // G.2.1: Y = ⌊(R + 2G + B) / 4⌋, Cb = B - G, Cr = R - G (floor, not truncation, for negative sums).
                c0[i] = FloorDiv(r[i] + 2 * g[i] + b[i], 4);
                c1[i] = b[i] - g[i];
                c2[i] = r[i] - g[i];
            }
            J2kComponentTransform.InverseReversible(c0, c1, c2);
            Assert.Equal(r, c0);
            Assert.Equal(g, c1);
            Assert.Equal(b, c2);
        }

        [Fact]
        public void Reversible_ByHand()
        {
            // G.2.2: G = Y - ⌊(Cb + Cr) / 4⌋, R = Cr + G, B = Cb + G.
            //   Y = 20, Cb = 10, Cr = -10: G = 20 - ⌊0/4⌋ = 20, R = 10, B = 30 (the forward of R, G, B = 10, 20, 30).
            //   Y = 5, Cb = -3, Cr = -2: G = 5 - ⌊-5/4⌋ = 5 + 2 = 7, R = 5, B = 4 (truncation would give G = 6).
            var c0 = new[] { 20, 5 };
            var c1 = new[] { 10, -3 };
            var c2 = new[] { -10, -2 };
            J2kComponentTransform.InverseReversible(c0, c1, c2);
            Assert.Equal(new[] { 10, 5 }, c0);
            Assert.Equal(new[] { 20, 7 }, c1);
            Assert.Equal(new[] { 30, 4 }, c2);
        }

        [Fact]
        public void Irreversible_RoundTripIsWithinTolerance()
        {
            var random = new Random(99);
            const int n = 10_000;
            var r = new float[n];
            var g = new float[n];
            var b = new float[n];
            var c0 = new float[n];
            var c1 = new float[n];
            var c2 = new float[n];
            for (int i = 0; i < n; i++)
            {
                // Level-shifted samples of up to 16 bits, signed.
                r[i] = (float)(random.NextDouble() * 65536 - 32768);
                g[i] = (float)(random.NextDouble() * 65536 - 32768);
                b[i] = (float)(random.NextDouble() * 65536 - 32768);
                // G.3.1.
                c0[i] = (float)(0.299 * r[i] + 0.587 * g[i] + 0.114 * b[i]);
                c1[i] = (float)(-0.16875 * r[i] - 0.33126 * g[i] + 0.5 * b[i]);
                c2[i] = (float)(0.5 * r[i] - 0.41869 * g[i] - 0.08131 * b[i]);
            }
            J2kComponentTransform.InverseIrreversible(c0, c1, c2);
            for (int i = 0; i < n; i++)
            {
                // The standard's two matrices are 5-digit roundings of each other's inverses: relative error about 1e-5.
                double scale = Math.Max(Math.Abs(r[i]), Math.Max(Math.Abs(g[i]), Math.Abs(b[i])));
                Assert.True(Math.Abs(c0[i] - r[i]) <= 1e-3 * scale, $"R {i}: {c0[i]} vs {r[i]}");
                Assert.True(Math.Abs(c1[i] - g[i]) <= 1e-3 * scale, $"G {i}: {c1[i]} vs {g[i]}");
                Assert.True(Math.Abs(c2[i] - b[i]) <= 1e-3 * scale, $"B {i}: {c2[i]} vs {b[i]}");
            }
        }

        [Fact]
        public void Irreversible_ByHand()
        {
            // G.3.2 on Y = 100, Cb = 10, Cr = -20: R = 100 - 28.04 = 71.96, G = 100 - 3.4413 + 14.2828 = 110.8415,
            // B = 100 + 17.72 = 117.72.
            var c0 = new[] { 100f };
            var c1 = new[] { 10f };
            var c2 = new[] { -20f };
            J2kComponentTransform.InverseIrreversible(c0, c1, c2);
            Assert.Equal(71.96, c0[0], 4);
            Assert.Equal(110.8415, c1[0], 4);
            Assert.Equal(117.72, c2[0], 4);
        }

        [Fact]
        public void PlanesOfDifferentLengthsAreRejected()
        {
            Assert.Throws<ArgumentException>(() => J2kComponentTransform.InverseReversible(new int[3], new int[3], new int[2]));
            Assert.Throws<ArgumentException>(() => J2kComponentTransform.InverseIrreversible(new float[2], new float[3], new float[3]));
        }

        [Fact]
        public void DcLevelShift_Integers()
        {
            // Unsigned 8 bits: + 128, clamped to 0 .. 255.
            var unsigned = new[] { -128, 0, 127, 128, -300, int.MaxValue, int.MinValue };
            J2kComponentTransform.InverseDcLevelShift(unsigned, 8, signed: false);
            Assert.Equal(new[] { 0, 128, 255, 255, 0, 255, 0 }, unsigned);

            // Signed 12 bits: no shift, clamped to -2048 .. 2047.
            var signed = new[] { -2049, -2048, 0, 2047, 2048 };
            J2kComponentTransform.InverseDcLevelShift(signed, 12, signed: true);
            Assert.Equal(new[] { -2048, -2048, 0, 2047, 2047 }, signed);

            // Unsigned 16 bits.
            var wide = new[] { -32768, 32767, 40000 };
            J2kComponentTransform.InverseDcLevelShift(wide, 16, signed: false);
            Assert.Equal(new[] { 0, 65535, 65535 }, wide);
        }

        [Fact]
        public void DcLevelShift_FloatsRoundHalfToEvenThenShiftAndClamp()
        {
            var source = new[] { 0.5f, 1.5f, 2.5f, -0.5f, -1.5f, -127.4f, 126.6f, 500f, float.NaN, float.PositiveInfinity, float.NegativeInfinity, 3e9f };
            var destination = new int[source.Length];
            J2kComponentTransform.InverseDcLevelShift(source, destination, 8, signed: false);
            Assert.Equal(new[] { 128, 130, 130, 128, 126, 1, 255, 255, 0, 255, 0, 255 }, destination);
        }

        [Fact]
        public void DcLevelShift_RejectsUnsupportedPrecision()
        {
            Assert.Throws<ArgumentOutOfRangeException>(() => J2kComponentTransform.InverseDcLevelShift(new int[1], 0, false));
            Assert.Throws<ArgumentOutOfRangeException>(() => J2kComponentTransform.InverseDcLevelShift(new int[1], 32, true));
        }

        private static int FloorDiv(int a, int b) => a / b - (a % b != 0 && (a < 0) != (b < 0) ? 1 : 0);
    }
}
