using System;

namespace Deid.Dicom
{
    /// <summary>
    /// Sees the bytes of the top-level Pixel Data's fragments as a write copies them (<see cref="DicomWriteOptions.PixelDataObserver"/>),
    /// so that a look at encoded frames costs no second read of them. The write then copies them through its buffer rather
    /// than by the kernel's file-to-file copy.
    /// </summary>
    public interface IFragmentObserver
    {
        /// <summary>The next bytes of fragment <paramref name="item"/> (0 is the Basic Offset Table), in order.</summary>
        void Observe(int item, ReadOnlySpan<byte> bytes);

        /// <summary>
        /// Called once every fragment has been written, before anything after them. An exception thrown here abandons the
        /// write: the output is not kept (<see cref="DicomFile.Save"/>).
        /// </summary>
        void Complete();
    }
}
