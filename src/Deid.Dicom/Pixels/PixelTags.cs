namespace Deid.Dicom
{
    /// <summary>
    /// The Image Pixel module attributes the pixel layer reads, named here (as <see cref="MetaTags"/> does for the file
    /// layer) so that the codec does not depend on the generated dictionary.
    /// </summary>
    internal static class PixelTags
    {
        public static readonly DicomTag SamplesPerPixel = new DicomTag(0x00280002);
        public static readonly DicomTag PhotometricInterpretation = new DicomTag(0x00280004);
        public static readonly DicomTag PlanarConfiguration = new DicomTag(0x00280006);
        public static readonly DicomTag NumberOfFrames = new DicomTag(0x00280008);
        public static readonly DicomTag Rows = new DicomTag(0x00280010);
        public static readonly DicomTag Columns = new DicomTag(0x00280011);
        public static readonly DicomTag BitsAllocated = new DicomTag(0x00280100);
        public static readonly DicomTag BitsStored = new DicomTag(0x00280101);
        public static readonly DicomTag HighBit = new DicomTag(0x00280102);
        public static readonly DicomTag PixelRepresentation = new DicomTag(0x00280103);
    }
}
