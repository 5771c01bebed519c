using System;
using System.Runtime.CompilerServices;

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
        private static readonly ulong Seed = (ulong)Guid.NewGuid().GetHashCode() * 0x9E3779B97F4A7C15UL | 1;

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
            for (int i = 0; i < text.Length; i++) h = (h ^ text[i]) * 0x100000001B3UL + (h >> 29);
            h ^= h >> 32;
            h *= 0x9E3779B97F4A7C15UL;
            return (uint)(h >> 32);
        }
    }
}
