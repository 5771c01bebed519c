namespace Deid.Dicom
{
    /// <summary>How much of a file to read and what to leave on disk.</summary>
    public sealed class DicomReadOptions
    {
        /// <summary>Read everything except values left as references (the default).</summary>
        public static DicomReadOptions Default { get; } = new DicomReadOptions();

        /// <summary>Stop at top-level Pixel Data: a header-only read for listing and identifier extraction.</summary>
        public static DicomReadOptions HeaderOnly { get; } = new DicomReadOptions { StopBeforePixelData = true };

        /// <summary>When true, reading stops before top-level Pixel Data (7FE0,0010); the file can then not be written back.</summary>
        public bool StopBeforePixelData { get; init; }

        /// <summary>
        /// Values of at least this many bytes are left in the source as <see cref="DicomValueRef"/>s instead of being
        /// loaded, when the source can be re-opened (a file or byte array). Pixel Data is always left in the source.
        /// </summary>
        public int LargeValueThreshold { get; init; } = 64 * 1024;

        /// <summary>
        /// Deepest nesting of sequences accepted before the input is rejected as hostile or broken (a
        /// <see cref="DicomFormatException"/>, never a stack overflow). Real files nest a handful of levels.
        /// </summary>
        public int MaxSequenceDepth { get; init; } = 64;

        /// <summary>
        /// Most data elements, sequence items and pixel data fragments one file may hold, nested ones included, before it is
        /// rejected with a <see cref="DicomFormatException"/>. Each costs tens of bytes of memory however few bytes it takes in
        /// the file (an empty item takes 8), so this bounds what a hostile file can cost. The default, 2,000,000, is far
        /// above real files (a 2,000-frame enhanced multi-frame image holds about 150,000) and costs at most some 200 MB.
        /// </summary>
        public long MaxElementCount { get; init; } = 2_000_000;

        /// <summary>
        /// Most bytes a deflated dataset (Deflated Explicit VR Little Endian) may inflate to before the file is rejected
        /// with a <see cref="DicomFormatException"/> as a deflate bomb (a few kilobytes can inflate to gigabytes). Default
        /// 512 MiB: deflated files are small documents and reports in practice; raise it for deflated images. Large values stay
        /// in the file whatever the limit (inflated again when read), so it bounds the time a bomb costs and the memory of the
        /// values under <see cref="LargeValueThreshold"/>.
        /// </summary>
        public long MaxInflatedLength { get; init; } = 512L << 20;
    }
}
