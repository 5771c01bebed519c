using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Deid.Collections
{
    /// <summary>
    /// Ordinal equality and a hash of strings, as loops of ours for the per-element tables (<see cref="StringMap{TValue}"/>, the
    /// expander verdicts, the recent-UID slots): under pwsh the framework's string comparison and hashing stay in tiered PGO's
    /// instrumented tier for a whole batch (see <see cref="HotPath"/>). One source file compiled into each assembly that links
    /// src/Shared.
    /// </summary>
    internal static class OrdinalString
    {
        // Seeded per process, so that text made to collide under one seed does not collide under the next.
        private static readonly ulong Seed = (ulong)Guid.NewGuid().GetHashCode() * Multiplier | 1;

        // 2^64 divided by the golden ratio, odd: a multiplication by it spreads every bit of a step's input over the high bits.
        private const ulong Multiplier = 0x9E3779B97F4A7C15UL;

        /// <summary>Ordinal equality; two nulls are equal.</summary>
        [MethodImpl(HotPath.Optimized)]
        public static bool Same(string? a, string? b)
        {
            if (ReferenceEquals(a, b)) return true;
            if (a == null || b == null || a.Length != b.Length) return false;
            for (int i = a.Length - 1; i >= 0; i--)
            {
                // From the end: tag paths under one sequence share their beginning.
                if (a[i] != b[i]) return false;
            }
            return true;
        }

        /// <summary>A hash of <paramref name="text"/>'s characters, seeded per process.</summary>
        [MethodImpl(HotPath.Optimized)]
        public static uint Hash(string text)
        {
            if (text == null) throw new ArgumentNullException(nameof(text)); // as Dictionary does for a key
            ulong h = Seed ^ (ulong)text.Length;
            // Four characters a step: tag paths run from 11 to over 60 characters, and a step costs a multiplication whichever
            // its width. Native byte order: the hash only has to agree with itself within the process.
            var chars = text.AsSpan();
            var blocks = MemoryMarshal.Cast<char, ulong>(chars);
            for (int i = 0; i < blocks.Length; i++)
            {
                h = (h ^ blocks[i]) * Multiplier;
                h ^= h >> 29;
            }
            for (int i = blocks.Length * 4; i < chars.Length; i++)
            {
                h = (h ^ chars[i]) * Multiplier;
                h ^= h >> 29;
            }
            h ^= h >> 32;
            h *= Multiplier;
            return (uint)(h >> 32);
        }
    }
}
