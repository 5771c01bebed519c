using System.Runtime.CompilerServices;

namespace Deid.Actions
{
    /// <summary>
    /// An unsigned big-endian integer of any length written in decimal: the digits of the new UIDs (a SHA-512, a keyed hash, a
    /// UUID read as one number, as pydicom and PS3.5 §B.2 write them).
    /// </summary>
    /// <remarks>
    /// Why not <c>System.Numerics.BigInteger</c>: every new UID of a batch formatted a 512-bit number, and under pwsh the
    /// framework's formatting code stays in tiered PGO's instrumented tier for the whole run (see HotPath); it was the largest
    /// single cost of a small file's UID functions. This is schoolbook division by 10^9 over 32-bit limbs, compiled once.
    /// </remarks>
    internal static class BigEndianDecimal
    {
        private const uint Billion = 1_000_000_000;

        /// <summary>
        /// The decimal digits of <paramref name="bigEndian"/> read as an unsigned integer, most significant byte first, without
        /// leading zeros ("0" for none or all zero bytes): what <c>BigInteger</c> gives for the same number.
        /// </summary>
        [MethodImpl(HotPath.Optimized)]
        internal static string Format(byte[] bigEndian)
        {
            int byteCount = bigEndian.Length;
            int limbCount = (byteCount + 3) / 4;
            var limbs = new uint[limbCount]; // most significant first
            int pad = limbCount * 4 - byteCount;
            for (int i = 0; i < byteCount; i++)
            {
                int at = i + pad;
                limbs[at >> 2] |= (uint)bigEndian[i] << (8 * (3 - (at & 3)));
            }
            // A number of 8n bits has at most floor(8n log10 2) + 1 digits; 30103/100000 is log10 2 rounded up.
            var digits = new char[(int)((long)byteCount * 8 * 30103 / 100000) + 1];
            int pos = digits.Length;
            int first = 0;
            while (first < limbCount && limbs[first] == 0) first++;
            while (first < limbCount)
            {
                ulong remainder = 0;
                for (int i = first; i < limbCount; i++)
                {
                    ulong current = (remainder << 32) | limbs[i];
                    ulong quotient = current / Billion;
                    limbs[i] = (uint)quotient;
                    remainder = current - quotient * Billion;
                }
                while (first < limbCount && limbs[first] == 0) first++;
                uint chunk = (uint)remainder;
                if (first < limbCount)
                {
                    // Not the most significant chunk: all nine digits, leading zeros included.
                    for (int d = 0; d < 9; d++)
                    {
                        uint next = chunk / 10;
                        digits[--pos] = (char)('0' + (chunk - next * 10));
                        chunk = next;
                    }
                }
                else
                {
                    do
                    {
                        uint next = chunk / 10;
                        digits[--pos] = (char)('0' + (chunk - next * 10));
                        chunk = next;
                    }
                    while (chunk != 0);
                }
            }
            return pos == digits.Length ? "0" : new string(digits, pos, digits.Length - pos);
        }
    }
}
