namespace Deid.Dicom
{
    /// <summary>
    /// The one place JPEG-LS decoding failures are raised, so that every broken codestream surfaces as a
    /// <see cref="DicomFormatException"/> on Pixel Data with the byte offset inside the encoded frame.
    /// </summary>
    internal static class JpegLsErrors
    {
        /// <summary>An exception for a codestream problem at <paramref name="offset"/> (-1 when unknown).</summary>
        public static DicomFormatException Create(long offset, string message) =>
            new DicomFormatException(null, offset, DicomTag.PixelData, "JPEG-LS: " + message);

        /// <summary>A codestream using what this decoder does not implement (not broken: the cmdlets recommend decompressing it).</summary>
        public static DicomFormatException Unsupported(long offset, string message) =>
            DicomFormatException.Unsupported(null, offset, DicomTag.PixelData, "JPEG-LS: " + message);

        /// <summary>The codestream ended (or reached a marker) where more entropy-coded bits were needed.</summary>
        public static DicomFormatException Truncated(long offset) =>
            Create(offset, "the entropy-coded data ends before every sample of the scan is decoded (truncated or corrupt codestream).");

        /// <summary>Throws <see cref="Truncated"/>; a call, not a throw statement, so that hot callers stay inlinable.</summary>
        public static void ThrowTruncated(long offset) => throw Truncated(offset);

        /// <summary>Throws <see cref="Corrupt"/>; a call, not a throw statement, so that hot callers stay inlinable.</summary>
        public static void ThrowCorrupt(long offset, string what) => throw Corrupt(offset, what);

        /// <summary>A decoded value is impossible for a valid codestream.</summary>
        public static DicomFormatException Corrupt(long offset, string what) =>
            Create(offset, "corrupt entropy-coded data: " + what + ".");
    }
}
