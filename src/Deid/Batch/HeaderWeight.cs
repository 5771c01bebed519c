using Deid.Dicom;

namespace Deid.Batch
{
    /// <summary>How much of a file a reading cmdlet holds: the weight of a <see cref="FileWindow{T}"/> of headers.</summary>
    public static class HeaderWeight
    {
        /// <summary>
        /// The bytes of <paramref name="file"/> read into memory: up to its Pixel Data when the read stopped there, else the
        /// source less the pixel data left on disk (other values left on disk still count, which only makes windows smaller).
        /// </summary>
        public static long Of(DicomFile file)
        {
            if (file == null) throw new System.ArgumentNullException(nameof(file));
            if (file.PixelDataOffset >= 0) return file.PixelDataOffset;
            long bytes = file.SourceLength > 0 ? file.SourceLength : 0;
            if (file.Dataset.TryGetElement(DicomTag.PixelData, out var pixels))
            {
                if (pixels.ValueRef is DicomValueRef value)
                {
                    bytes -= value.Length;
                }
                else if (pixels.Fragments is DicomFragments fragments)
                {
                    foreach (var item in fragments.Items)
                    {
                        if (item.Reference != null) bytes -= item.Length;
                    }
                }
            }
            return bytes > 0 ? bytes : 0;
        }
    }
}
