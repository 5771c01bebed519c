using System;
using System.Runtime.CompilerServices;

namespace Deid.Dicom
{
    /// <summary>
    /// The adaptive statistics of a scan (T.87 §A.2.1, §A.6, §A.7.2): A, B, C and N for the 365 regular contexts and A,
    /// N and Nn for the two run-interruption contexts (365: RItype 0, 366: RItype 1).
    /// </summary>
    /// <remarks>One model serves every component of a scan; it is re-initialised at each scan and restart marker.</remarks>
    internal sealed class JpegLsContextModel
    {
        /// <summary>The number of regular contexts (T.87 §A.3.4).</summary>
        public const int RegularContexts = 365;

        // T.87 §3.3: the bias correction C stays within MIN_C..MAX_C.
        private const int MinC = -128;
        private const int MaxC = 127;

        // Far above what a valid stream reaches (A is halved every RESET samples), low enough that int never overflows.
        private const int StatisticsLimit = 1 << 30;

        /// <summary>A[Q]: accumulated magnitudes of prediction errors.</summary>
        public readonly int[] A = new int[RegularContexts];

        /// <summary>B[Q]: accumulated (reconstructed) errors, for the bias.</summary>
        public readonly int[] B = new int[RegularContexts];

        /// <summary>C[Q]: the bias correction added to the prediction.</summary>
        public readonly int[] C = new int[RegularContexts];

        /// <summary>N[Q]: how many times the context occurred since the last halving.</summary>
        public readonly int[] N = new int[RegularContexts];

        /// <summary>A of the run-interruption contexts, indexed by RItype.</summary>
        public readonly int[] RunA = new int[2];

        /// <summary>N of the run-interruption contexts.</summary>
        public readonly int[] RunN = new int[2];

        /// <summary>Nn of the run-interruption contexts: how many errors were negative.</summary>
        public readonly int[] RunNn = new int[2];

        /// <summary>Sets every context to its initial value (T.87 §A.2.1) for a scan or restart interval of <paramref name="range"/>.</summary>
        public void Initialize(int range)
        {
            int a = Math.Max(2, (range + 32) / 64);
            A.AsSpan().Fill(a);
            B.AsSpan().Clear();
            C.AsSpan().Clear();
            N.AsSpan().Fill(1);
            RunA[0] = RunA[1] = a;
            RunN[0] = RunN[1] = 1;
            RunNn[0] = RunNn[1] = 0;
        }

        /// <summary>Golomb parameter k of regular context <paramref name="q"/> (T.87 §A.5.1, code segment A.10).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public int RegularK(int q, long offset)
        {
            int n = N[q], a = A[q], k = 0;
            while ((n << k) < a)
            {
                if (++k > 30) JpegLsErrors.ThrowCorrupt(offset, "the Golomb parameter k overflows");
            }
            return k;
        }

        /// <summary>
        /// Updates regular context <paramref name="q"/> after error <paramref name="error"/> (T.87 §A.6.1, code segment
        /// A.12) and then the bias correction (§A.6.2, code segment A.13).
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void UpdateRegular(int q, int error, int near, int reset, long offset)
        {
            int a = A[q] + Math.Abs(error);
            int b = B[q] + error * (2 * near + 1);
            if (a >= StatisticsLimit || b >= StatisticsLimit || b <= -StatisticsLimit)
                JpegLsErrors.ThrowCorrupt(offset, "context statistics overflow");
            int n = N[q];
            if (n == reset)
            {
                // Arithmetic shifts halve B rounding towards minus infinity, as A.12's -((1-B)>>1) does.
                a >>= 1;
                b >>= 1;
                n >>= 1;
            }
            n++;
            int c = C[q];
            if (b + n <= 0)
            {
                b += n;
                if (b <= -n) b = -n + 1;
                if (c > MinC) c--;
            }
            else if (b > 0)
            {
                b -= n;
                if (b > 0) b = 0;
                if (c < MaxC) c++;
            }
            A[q] = a;
            B[q] = b;
            C[q] = c;
            N[q] = n;
        }

        /// <summary>Golomb parameter k of run-interruption context <paramref name="riType"/> (T.87 §A.7.2.1, code segment A.20).</summary>
        public int RunK(int riType, long offset)
        {
            int temp = RunA[riType] + (RunN[riType] >> 1) * riType;
            int n = RunN[riType], k = 0;
            while ((n << k) < temp)
            {
                if (++k > 30) JpegLsErrors.ThrowCorrupt(offset, "the Golomb parameter k overflows");
            }
            return k;
        }

        /// <summary>
        /// The error value of a run-interruption sample from its mapped value (T.87 §A.7.2.2, inverting code segment
        /// A.21): the mapping depends on k and on whether negative errors have been the majority (Nn).
        /// </summary>
        public int RunError(int riType, int mapped, int k)
        {
            int temp = mapped + riType;
            bool odd = (temp & 1) != 0;
            int magnitude = (temp + (odd ? 1 : 0)) / 2;
            bool negativeIsOdd = k != 0 || 2 * RunNn[riType] >= RunN[riType];
            return negativeIsOdd == odd ? -magnitude : magnitude;
        }

        /// <summary>Updates run-interruption context <paramref name="riType"/> (T.87 §A.7.2.2, code segment A.23).</summary>
        public void UpdateRun(int riType, int error, int mapped, int reset, long offset)
        {
            if (error < 0) RunNn[riType]++;
            int a = RunA[riType] + ((mapped + 1 - riType) >> 1);
            if (a >= StatisticsLimit) JpegLsErrors.ThrowCorrupt(offset, "context statistics overflow");
            if (RunN[riType] == reset)
            {
                a >>= 1;
                RunN[riType] >>= 1;
                RunNn[riType] >>= 1;
            }
            RunA[riType] = a;
            RunN[riType]++;
        }
    }
}
