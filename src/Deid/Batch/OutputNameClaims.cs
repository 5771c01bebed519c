using System;
using System.Collections.Generic;

namespace Deid.Batch
{
    /// <summary>
    /// The output files a batch has already claimed, so that two inputs with the same file name never write the same output
    /// (the second is refused, with or without -Force). It keeps a 64-bit hash of each output path rather than the path itself:
    /// about 20 bytes a file, so a batch of a million files holds ~20 MB here instead of ~200 MB of strings. A collision of two
    /// different paths (probability ≈ n²/2⁶⁵, about 3·10⁻⁸ for a million files) can only refuse a file, never overwrite one.
    /// Not thread-safe: the pipeline thread claims outputs before it starts their files.
    /// </summary>
    public sealed class OutputNameClaims
    {
        private const ulong FnvOffset = 14695981039346656037UL;
        private const ulong FnvPrime = 1099511628211UL;

        private readonly HashSet<ulong> _claimed = new HashSet<ulong>();
        private readonly bool _ignoreCase;

        /// <summary>Creates an empty set; <paramref name="ignoreCase"/> when the file system does not tell names apart by case.</summary>
        public OutputNameClaims(bool ignoreCase) => _ignoreCase = ignoreCase;

        /// <summary>An empty set that compares names as this platform's usual file system does (case-insensitively on Windows).</summary>
        public static OutputNameClaims ForCurrentPlatform() => new OutputNameClaims(Environment.OSVersion.Platform == PlatformID.Win32NT);

        /// <summary>How many outputs have been claimed.</summary>
        public int Count => _claimed.Count;

        /// <summary>Claims <paramref name="outputPath"/>; false when an earlier call claimed it (or a path equal to it).</summary>
        public bool TryClaim(string outputPath)
        {
            if (outputPath == null) throw new ArgumentNullException(nameof(outputPath));
            return _claimed.Add(Hash(outputPath, _ignoreCase));
        }

        /// <summary>
        /// FNV-1a over the UTF-16 code units, then a final avalanche (the murmur3 finalizer) so that names differing only in their
        /// last characters — 0001.dcm, 0002.dcm — still spread over all 64 bits.
        /// </summary>
        internal static ulong Hash(string path, bool ignoreCase)
        {
            ulong h = FnvOffset;
            foreach (char raw in path)
            {
                char c = ignoreCase ? char.ToUpperInvariant(raw) : raw;
                h = (h ^ (byte)c) * FnvPrime;
                h = (h ^ (byte)(c >> 8)) * FnvPrime;
            }
            h ^= h >> 33;
            h *= 0xff51afd7ed558ccdUL;
            h ^= h >> 33;
            h *= 0xc4ceb9fe1a85ec53UL;
            h ^= h >> 33;
            return h;
        }
    }
}
