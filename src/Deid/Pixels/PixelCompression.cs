namespace Deid.Pixels
{
    /// <summary>How cleaned pixel data is stored.</summary>
    public enum PixelCompression
    {
        /// <summary>Uncompressed: a native source keeps its transfer syntax; a compressed one becomes Explicit VR Little Endian.</summary>
        None,

        /// <summary>RLE Lossless (PS3.5 Annex G): lossless, so the cleaned pixels are exactly what is stored.</summary>
        Rle,
    }
}
