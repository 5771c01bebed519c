namespace Deid.Hashing
{
    /// <summary>A fast 64-bit hash of a string, for sets too large to keep the strings of (output names claimed, crosswalk rows).</summary>
    internal static class StringHash
    {
        private const ulong FnvOffset = 14695981039346656037UL;
        private const ulong FnvPrime = 1099511628211UL;

        /// <summary>
        /// FNV-1a over the UTF-16 code units, then a final avalanche (the murmur3 finalizer) so that values differing only in their
        /// last characters — 0001.dcm, 0002.dcm; 1.2.3.41, 1.2.3.42 — still spread over all 64 bits.
        /// </summary>
        public static ulong Of(string text, bool ignoreCase = false) => Finish(Add(FnvOffset, text, ignoreCase));

        /// <summary>
        /// The hash of <paramref name="first"/>, <paramref name="separator"/> and <paramref name="second"/> joined, without joining
        /// them: equal to <see cref="Of(string, bool)"/> of the joined string (a crosswalk row's key, hashed for every row read).
        /// </summary>
        public static ulong Of(string first, char separator, string second)
        {
            ulong h = Add(FnvOffset, first, false);
            h = Add(h, separator, false);
            return Finish(Add(h, second, false));
        }

        private static ulong Add(ulong h, string text, bool ignoreCase)
        {
            foreach (char c in text) h = Add(h, c, ignoreCase);
            return h;
        }

        private static ulong Add(ulong h, char raw, bool ignoreCase)
        {
            char c = ignoreCase ? char.ToUpperInvariant(raw) : raw;
            h = (h ^ (byte)c) * FnvPrime;
            return (h ^ (byte)(c >> 8)) * FnvPrime;
        }

        private static ulong Finish(ulong h)
        {
            h ^= h >> 33;
            h *= 0xff51afd7ed558ccdUL;
            h ^= h >> 33;
            h *= 0xc4ceb9fe1a85ec53UL;
            h ^= h >> 33;
            return h;
        }
    }
}
