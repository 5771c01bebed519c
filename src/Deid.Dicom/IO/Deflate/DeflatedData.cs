namespace Deid.Dicom
{
    /// <summary>
    /// The compressed dataset of a deflated file (Deflated Explicit VR Little Endian), with what reading it again and saying
    /// where it is broken need: its place in the file and the file's name.
    /// </summary>
    internal sealed class DeflatedData
    {
        /// <param name="compressed">The compressed bytes, to be read again (to inflate a large value, or to walk the blocks).</param>
        /// <param name="fileOffset">Where they start in the file (in a stream's copy, <paramref name="compressed"/> starts at 0).</param>
        /// <param name="path">The file, for messages.</param>
        /// <param name="zlibHeader">They begin as a zlib stream does (RFC 1950: 78 xx): a writer's common mistake, said so when
        /// it fails as an invalid deflate stream.</param>
        public DeflatedData(DicomValueRef compressed, long fileOffset, string? path, bool zlibHeader)
        {
            Compressed = compressed;
            FileOffset = fileOffset;
            Path = path;
            ZlibHeader = zlibHeader;
        }

        /// <summary>The compressed bytes.</summary>
        public DicomValueRef Compressed { get; }

        /// <summary>Where the compressed bytes start in the file.</summary>
        public long FileOffset { get; }

        /// <summary>The file, for messages.</summary>
        public string? Path { get; }

        /// <summary>Whether the compressed bytes begin with a zlib header.</summary>
        public bool ZlibHeader { get; }
    }
}
