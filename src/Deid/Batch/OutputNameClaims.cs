using System;
using System.Collections.Generic;

namespace Deid.Batch
{
    /// <summary>
    /// The output files a batch has already claimed, so that two inputs with the same file name never write the same output
    /// (the second is refused, with or without -Force). It keeps a 64-bit hash of each output path rather than the path itself,
    /// with the source that claimed it (a reference to the request's string, so a clash can name both inputs). A collision of
    /// two different paths (probability ≈ n²/2⁶⁵, about 3·10⁻⁸ for a million files) can only refuse a file, never overwrite one.
    /// Thread-safe: with -OutputName the workers claim names as they compute them from the de-identified header.
    /// </summary>
    public sealed class OutputNameClaims
    {
        private readonly Dictionary<ulong, string> _claimed = new Dictionary<ulong, string>();
        private readonly bool _ignoreCase;

        /// <summary>Creates an empty set; <paramref name="ignoreCase"/> when the file system does not tell names apart by case.</summary>
        public OutputNameClaims(bool ignoreCase) => _ignoreCase = ignoreCase;

        /// <summary>An empty set that compares names as this platform's usual file system does (case-insensitively on Windows).</summary>
        public static OutputNameClaims ForCurrentPlatform() => new OutputNameClaims(Environment.OSVersion.Platform == PlatformID.Win32NT);

        /// <summary>How many outputs have been claimed.</summary>
        public int Count
        {
            get
            {
                lock (_claimed) return _claimed.Count;
            }
        }

        /// <summary>Claims <paramref name="outputPath"/>; false when an earlier call claimed it (or a path equal to it).</summary>
        public bool TryClaim(string outputPath)
        {
            if (outputPath == null) throw new ArgumentNullException(nameof(outputPath));
            return TryClaim(outputPath, string.Empty, out _);
        }

        /// <summary>
        /// Claims <paramref name="outputPath"/> for <paramref name="sourcePath"/>; false, with the source of the earlier claim in
        /// <paramref name="claimedBy"/>, when it was claimed already.
        /// </summary>
        public bool TryClaim(string outputPath, string sourcePath, out string claimedBy)
        {
            if (outputPath == null) throw new ArgumentNullException(nameof(outputPath));
            if (sourcePath == null) throw new ArgumentNullException(nameof(sourcePath));
            ulong key = Hash(outputPath, _ignoreCase);
            lock (_claimed)
            {
                if (_claimed.TryGetValue(key, out var earlier))
                {
                    claimedBy = earlier;
                    return false;
                }
                _claimed.Add(key, sourcePath);
            }
            claimedBy = string.Empty;
            return true;
        }

        /// <summary>The 64-bit hash a name is claimed by (<see cref="Deid.Hashing.StringHash"/>).</summary>
        internal static ulong Hash(string path, bool ignoreCase) => Deid.Hashing.StringHash.Of(path, ignoreCase);
    }
}
