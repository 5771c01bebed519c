namespace Deid.Dicom
{
    /// <summary>What <see cref="DeflateWalker"/> found in a raw deflate stream.</summary>
    internal enum DeflateWalkOutcome
    {
        /// <summary>The final block (BFINAL set) ends within the data.</summary>
        Complete,

        /// <summary>The data end before the final block does.</summary>
        Truncated,

        /// <summary>The data break RFC 1951 before they end.</summary>
        Invalid,
    }

    /// <summary>The outcome of walking a deflate stream, where it stopped, and how much it inflates to.</summary>
    internal readonly struct DeflateWalk
    {
        public DeflateWalk(DeflateWalkOutcome outcome, long compressedLength, long inflatedLength, string? error)
        {
            Outcome = outcome;
            CompressedLength = compressedLength;
            InflatedLength = inflatedLength;
            Error = error;
        }

        /// <summary>Whether the stream is complete, truncated or corrupt.</summary>
        public DeflateWalkOutcome Outcome { get; }

        /// <summary>
        /// Bytes of compressed data walked: through the end of the final block when complete (bytes after it are not
        /// the stream's), all of them when truncated, through the byte where the error was found when invalid.
        /// </summary>
        public long CompressedLength { get; }

        /// <summary>The bytes the walked blocks inflate to.</summary>
        public long InflatedLength { get; }

        /// <summary>What is wrong, when <see cref="Outcome"/> is <see cref="DeflateWalkOutcome.Invalid"/>.</summary>
        public string? Error { get; }
    }
}
