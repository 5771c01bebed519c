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

        /// <summary>Deepest nesting of sequences accepted before the input is rejected as hostile or broken.</summary>
        public int MaxSequenceDepth { get; init; } = 64;
    }
}
