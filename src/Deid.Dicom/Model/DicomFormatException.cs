using System;

namespace Deid.Dicom
{
    /// <summary>
    /// The one exception the codec throws for bad input, read or written: it names the file, the byte offset and the tag being
    /// read (or the tag whose value cannot be written), so that a batch can report exactly where a file is broken and carry on
    /// with the next one.
    /// </summary>
    [Serializable]
    public sealed class DicomFormatException : Exception
    {
        /// <summary>Creates the exception.</summary>
        /// <param name="path">The file (or a description of the source) being read; may be null for in-memory data.</param>
        /// <param name="offset">Byte offset in the source (in the inflated stream for deflated data); -1 if unknown.</param>
        /// <param name="tag">The tag being read, if one was.</param>
        /// <param name="message">What was wrong, in words.</param>
        /// <param name="inner">The underlying exception, if any.</param>
        public DicomFormatException(string? path, long offset, DicomTag? tag, string message, Exception? inner = null)
            : base(Compose(path, offset, tag, message), inner)
        {
            Path = path;
            Offset = offset;
            Tag = tag;
            Reason = message;
            // A refusal re-thrown with the file's name (a codec knows only bytes) is still a refusal.
            IsUnsupported = inner is DicomFormatException d && d.IsUnsupported;
        }

        /// <summary>
        /// An exception for data that are well formed as far as they were read but use a feature this library does not
        /// implement (a JPEG 2000 Part 2 marker, palettised JPEG-LS, a pixel layout the cleaner cannot write): the file is not
        /// broken, and another tool (a decompressor) can help where checking the file cannot. Sets <see cref="IsUnsupported"/>.
        /// </summary>
        public static DicomFormatException Unsupported(string? path, long offset, DicomTag? tag, string message, Exception? inner = null) =>
            new DicomFormatException(path, offset, tag, message, inner) { IsUnsupported = true };

        /// <summary>
        /// True when the data use a feature this library does not implement rather than being broken (see
        /// <see cref="Unsupported"/>); kept when the exception is wrapped in another DicomFormatException.
        /// </summary>
        public bool IsUnsupported { get; private set; }

        /// <summary>The file or source being read.</summary>
        public string? Path { get; }

        /// <summary>The byte offset where the problem was found, or -1.</summary>
        public long Offset { get; }

        /// <summary>The tag being read, if any.</summary>
        public DicomTag? Tag { get; }

        /// <summary>The bare description, without file and offset.</summary>
        public string Reason { get; }

        private static string Compose(string? path, long offset, DicomTag? tag, string message)
        {
            var where = path ?? "<stream>";
            if (offset >= 0) where += $" at offset {offset}";
            if (tag.HasValue) where += $" (tag {tag.Value})";
            return $"{where}: {message}";
        }
    }
}
