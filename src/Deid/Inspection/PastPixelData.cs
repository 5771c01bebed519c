using Deid.Dicom;

namespace Deid.Inspection
{
    /// <summary>
    /// How the readers that list or audit a file's values open it: Pixel Data left on disk, and the elements after it read, since
    /// a private block or padding after the pixels holds values like any other. A file broken after its Pixel Data (truncated
    /// pixels, say) is read up to it: the header before it is still worth listing.
    /// </summary>
    internal static class PastPixelData
    {
        /// <summary>Opens <paramref name="path"/> past its Pixel Data, or up to it when what follows cannot be read.</summary>
        /// <exception cref="DicomFormatException">The file cannot be read as DICOM even up to its Pixel Data.</exception>
        public static DicomFile Open(string path)
        {
            try
            {
                return DicomFile.Open(path, DicomReadOptions.Default);
            }
            catch (DicomFormatException)
            {
                return DicomFile.Open(path, DicomReadOptions.HeaderOnly);
            }
        }
    }
}
