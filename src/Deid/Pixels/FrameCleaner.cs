using System;
using Deid.Dicom;

namespace Deid.Pixels
{
    /// <summary>
    /// Blanks the masked pixels of one native frame in place (little-endian samples, as <see cref="NativePixelData"/> reads them):
    /// every sample of a blanked pixel becomes 0, all of its bits: the bits above BitsStored too, since an overlay embedded there
    /// (old files) draws its annotation over the blanked region (deid, writing zeros through numpy, does the same) — but for the
    /// chroma of YBR_FULL, which takes its middle value, so that the region is black rather than green. Everything outside the
    /// mask stays bit-identical.
    /// </summary>
    public static class FrameCleaner
    {
        /// <summary>Applies <paramref name="mask"/> to <paramref name="frame"/>, laid out as <paramref name="geometry"/> says.</summary>
        public static void Apply(Span<byte> frame, PixelFrameGeometry geometry, PixelMask mask)
        {
            if (geometry == null) throw new ArgumentNullException(nameof(geometry));
            if (mask == null) throw new ArgumentNullException(nameof(mask));
            if (mask.Columns != geometry.Columns || mask.Rows != geometry.Rows)
                throw new ArgumentException($"The mask is {mask.Columns}x{mask.Rows}, the frame {geometry.Columns}x{geometry.Rows}.", nameof(mask));
            if (geometry.BitsAllocated == 1)
            {
                ApplyBits(frame, geometry, mask);
                return;
            }
            if (geometry.BitsAllocated % 8 != 0)
                throw new NotSupportedException($"Cleaning {geometry.BitsAllocated}-bit pixel data is not supported.");
            if (IsSubsampled(geometry))
                throw new NotSupportedException($"{geometry.PhotometricInterpretation} pixel data is converted to RGB before cleaning.");
            int bytes = geometry.BitsAllocated / 8;
            int samples = geometry.SamplesPerPixel;
            if (frame.Length < (long)geometry.Rows * geometry.Columns * samples * bytes)
                throw new ArgumentException("The frame is shorter than its geometry says.", nameof(frame));
            bool planar = samples > 1 && geometry.PlanarConfiguration == 1;
            int planeLength = geometry.Rows * geometry.Columns * bytes;
            // YBR_FULL (kept native): black is Y 0 with Cb and Cr at their middle; zeros there are bright green (QA pixels). The
            // chroma of a blanked pixel is set to 2^(BitsStored-1), little endian; luma and every other photometric take zeros.
            Span<byte> chroma = stackalloc byte[8];
            bool ybr = samples == 3 && geometry.PhotometricInterpretation.StartsWith("YBR_", StringComparison.Ordinal) && bytes <= 8;
            if (ybr)
            {
                ulong middle = 1UL << Math.Max(0, Math.Min(63, geometry.BitsStored - 1));
                for (int b = 0; b < bytes; b++) chroma[b] = (byte)(middle >> (8 * b));
            }
            for (int y = 0; y < geometry.Rows; y++)
            {
                var keep = mask.Row(y);
                for (int x = 0; x < keep.Length; x++)
                {
                    if (keep[x] != 0) continue;
                    int pixel = y * geometry.Columns + x;
                    for (int s = 0; s < samples; s++)
                    {
                        int offset = planar ? s * planeLength + pixel * bytes : (pixel * samples + s) * bytes;
                        if (ybr && s > 0) chroma.Slice(0, bytes).CopyTo(frame.Slice(offset, bytes));
                        else frame.Slice(offset, bytes).Clear();
                    }
                }
            }
        }

        /// <summary>
        /// 1-bit data (PS3.5 §8.1.1: eight pixels a byte, the first in the least significant bit) stays packed: the bit of each
        /// blanked pixel is cleared, every other bit — the kept pixels and the padding after the last pixel — is left as it is.
        /// </summary>
        private static void ApplyBits(Span<byte> frame, PixelFrameGeometry geometry, PixelMask mask)
        {
            long pixels = (long)geometry.Rows * geometry.Columns * geometry.SamplesPerPixel;
            if (geometry.SamplesPerPixel != 1) throw new NotSupportedException("1-bit pixel data has one sample a pixel.");
            if (frame.Length < (pixels + 7) / 8) throw new ArgumentException("The frame is shorter than its geometry says.", nameof(frame));
            for (int y = 0; y < geometry.Rows; y++)
            {
                var keep = mask.Row(y);
                int first = y * geometry.Columns;
                for (int x = 0; x < keep.Length; x++)
                {
                    if (keep[x] != 0) continue;
                    int bit = first + x;
                    frame[bit >> 3] = (byte)(frame[bit >> 3] & ~(1 << (bit & 7)));
                }
            }
        }

        /// <summary>True for YBR_FULL_422 and YBR_PARTIAL_422, whose native frames share chroma between two pixels.</summary>
        public static bool IsSubsampled(PixelFrameGeometry geometry) =>
            geometry.PhotometricInterpretation.EndsWith("_422", StringComparison.Ordinal) || geometry.PhotometricInterpretation.EndsWith("_420", StringComparison.Ordinal);
    }
}
