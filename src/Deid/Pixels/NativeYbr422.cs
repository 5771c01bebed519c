using System;
using Deid.Dicom;

namespace Deid.Pixels
{
    /// <summary>
    /// Native YBR_FULL_422 (PS3.3 §C.7.6.3.1.2: each pair of pixels stored as Y1 Y2 Cb Cr, the pair sharing its chrominance)
    /// turned into interleaved RGB before cleaning, as a YBR_FULL_422 JPEG is: one rule for 4:2:2 whatever the transfer syntax,
    /// a blanked rectangle that is black (zero in YBR is dark green), and the array deid cleans, since pydicom hands deid this
    /// data converted to RGB. The conversion is pydicom's (<c>pydicom.pixels.processing._convert_YBR_FULL_to_RGB</c>) to the
    /// last bit: single-precision products and sums in the order numpy's matrix product makes them, then +0.5, floor, clip —
    /// checked against pydicom over all 2^24 inputs (tests/Deid.Tests/Pixels/CleanedPixelParityTests).
    /// </summary>
    internal static class NativeYbr422
    {
        // numpy builds the matrix from Python doubles and stores it as float32: the same constants, rounded once.
        private const float CbToG = (float)(-0.114 * 1.772 / 0.587);
        private const float CrToG = (float)(-0.299 * 1.402 / 0.587);
        private const float CrToR = 1.402f;
        private const float CbToB = 1.772f;

        /// <summary>True when <paramref name="geometry"/> is native YBR_FULL_422 this class can convert: 8-bit, an even number of pixels a frame.</summary>
        public static bool CanConvert(PixelFrameGeometry geometry, out string? why)
        {
            why = null;
            if (geometry.PhotometricInterpretation != "YBR_FULL_422" || geometry.SamplesPerPixel != 3) why = $"native {geometry.PhotometricInterpretation} pixel data is not supported";
            else if (geometry.BitsAllocated != 8) why = $"native YBR_FULL_422 with {geometry.BitsAllocated} bits allocated is not supported (only 8)";
            else if (((long)geometry.Rows * geometry.Columns) % 2 != 0) why = "native YBR_FULL_422 with an odd number of pixels a frame has a pair without its second luminance";
            return why == null;
        }

        /// <summary>The layout the frames are cleaned and written in: interleaved RGB, the stored bits as they were.</summary>
        public static PixelFrameGeometry RgbGeometry(PixelFrameGeometry g) =>
            new PixelFrameGeometry(g.Rows, g.Columns, 3, g.BitsAllocated, g.BitsStored, g.HighBit, g.PixelRepresentation, g.NumberOfFrames, 0, "RGB");

        /// <summary>Expands one native 4:2:2 frame (<paramref name="source"/>, two bytes a pixel) into RGB (<paramref name="rgb"/>, three).</summary>
        public static void ToRgb(ReadOnlySpan<byte> source, Span<byte> rgb)
        {
            int pairs = source.Length / 4;
            if (rgb.Length < pairs * 6) throw new ArgumentException($"The destination holds {rgb.Length} bytes; {pairs} pairs of pixels need {pairs * 6}.", nameof(rgb));
            for (int k = 0; k < pairs; k++)
            {
                byte cb = source[(4 * k) + 2], cr = source[(4 * k) + 3];
                Convert(source[4 * k], cb, cr, rgb.Slice(6 * k, 3));
                Convert(source[(4 * k) + 1], cb, cr, rgb.Slice((6 * k) + 3, 3));
            }
        }

        /// <summary>One YBR_FULL triple to RGB, as pydicom converts it.</summary>
        public static void Convert(byte y, byte cb, byte cr, Span<byte> rgb)
        {
            // Every step is stored to a float so that each product and sum is rounded to single precision, as numpy's are.
            float fy = y, fb = cb - 128, fr = cr - 128;
            float cbG = fb * CbToG, crG = fr * CrToG, crR = fr * CrToR, cbB = fb * CbToB;
            float r = fy + crR;
            float g = fy + cbG;
            g += crG;
            float b = fy + cbB;
            rgb[0] = Round(r);
            rgb[1] = Round(g);
            rgb[2] = Round(b);
        }

        private static byte Round(float v)
        {
            float half = v + 0.5f;
            double floor = Math.Floor(half);
            return floor <= 0 ? (byte)0 : floor >= 255 ? (byte)255 : (byte)floor;
        }
    }
}
