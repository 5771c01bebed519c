using System;

namespace Deid.Dicom
{
    /// <summary>
    /// Turns decoded component planes of a DCT-based (lossy) frame into interleaved little endian samples the way IJG libjpeg (inside dcmtk's
    /// <c>dcmdjpeg</c>, the referee) does by default: range limiting after the IDCT, "fancy" triangle-filter upsampling
    /// of 2:1 and 2:2 chroma (jdsample.c), and the fixed-point YCbCr to RGB tables of jdcolor.c. Matching those steps
    /// leaves only IDCT rounding between the two decoders.
    /// </summary>
    internal static class JpegColor
    {
        private const int ScaleBits = 16;
        private const int OneHalf = 1 << (ScaleBits - 1);

        /// <summary>Writes the frame into <paramref name="destination"/> (Width × Height × components samples).</summary>
        public static void Emit(JpegComponentPlanes planes, JpegStreamInfo info, bool toRgb, int bytesPerSample, Span<byte> destination)
        {
            int width = info.Width, height = info.Height, n = info.Components.Count;
            int maxValue = (1 << info.Precision) - 1;
            var full = new int[n][];
            for (int c = 0; c < n; c++) full[c] = Upsample(planes, c, info, maxValue, width, height);
            if (toRgb) ConvertYCbCrToRgb(full[0], full[1], full[2], info.Precision);
            int pixels = width * height;
            if (bytesPerSample == 1)
            {
                for (int c = 0; c < n; c++)
                {
                    var plane = full[c];
                    for (int i = 0, o = c; i < pixels; i++, o += n) destination[o] = (byte)plane[i];
                }
            }
            else
            {
                for (int c = 0; c < n; c++)
                {
                    var plane = full[c];
                    for (int i = 0, o = 2 * c; i < pixels; i++, o += 2 * n)
                    {
                        int v = plane[i];
                        destination[o] = (byte)v;
                        destination[o + 1] = (byte)(v >> 8);
                    }
                }
            }
        }

        /// <summary>One component at full resolution, range limited to the precision.</summary>
        private static int[] Upsample(JpegComponentPlanes planes, int c, JpegStreamInfo info, int maxValue, int width, int height)
        {
            short[] src = planes.Planes[c];
            int stride = planes.Strides[c], dw = planes.Widths[c], dh = planes.Heights[c];
            int hs = planes.HorizontalShift(c), vs = planes.VerticalShift(c);
            // The component's valid samples as ints, range limited as libjpeg does before upsampling.
            var comp = new int[dw * dh];
            for (int y = 0; y < dh; y++)
            {
                for (int x = 0; x < dw; x++)
                {
                    int v = src[y * stride + x];
                    comp[y * dw + x] = v < 0 ? 0 : v > maxValue ? maxValue : v;
                }
            }
            if (hs == 0 && vs == 0 && dw == width && dh == height) return comp;
            var full = new int[width * height];
            bool fancy = dw > 2;
            if (fancy && hs == 1 && vs == 0)
            {
                var row = new int[2 * dw];
                for (int y = 0; y < height; y++)
                {
                    H2V1(comp, y * dw, dw, row);
                    Array.Copy(row, 0, full, y * width, width);
                }
            }
            else if (fancy && hs == 1 && vs == 1)
            {
                var row = new int[2 * dw];
                for (int y = 0; y < height; y++)
                {
                    int inRow = y >> 1;
                    // The nearer neighbouring row; libjpeg repeats the first and last rows at the edges.
                    int other = (y & 1) == 0 ? Math.Max(0, inRow - 1) : Math.Min(dh - 1, inRow + 1);
                    H2V2(comp, inRow * dw, other * dw, dw, row);
                    Array.Copy(row, 0, full, y * width, width);
                }
            }
            else
            {
                for (int y = 0; y < height; y++)
                {
                    int sy = Math.Min(dh - 1, y >> vs);
                    for (int x = 0; x < width; x++) full[y * width + x] = comp[sy * dw + Math.Min(dw - 1, x >> hs)];
                }
            }
            return full;
        }

        /// <summary>jdsample.c h2v1_fancy_upsample: each output sample is 3/4 the nearer input plus 1/4 the further.</summary>
        private static void H2V1(int[] s, int o, int dw, int[] row)
        {
            int k = 0;
            row[k++] = s[o];
            row[k++] = (s[o] * 3 + s[o + 1] + 2) >> 2;
            for (int x = 1; x < dw - 1; x++)
            {
                int v = s[o + x] * 3;
                row[k++] = (v + s[o + x - 1] + 1) >> 2;
                row[k++] = (v + s[o + x + 1] + 2) >> 2;
            }
            row[k++] = (s[o + dw - 1] * 3 + s[o + dw - 2] + 1) >> 2;
            row[k] = s[o + dw - 1];
        }

        /// <summary>jdsample.c h2v2_fancy_upsample: the triangle filter in both directions, with its rounding biases.</summary>
        private static void H2V2(int[] s, int near, int far, int dw, int[] row)
        {
            int k = 0;
            int thisSum = s[near] * 3 + s[far];
            int nextSum = s[near + 1] * 3 + s[far + 1];
            row[k++] = (thisSum * 4 + 8) >> 4;
            row[k++] = (thisSum * 3 + nextSum + 7) >> 4;
            int lastSum = thisSum;
            thisSum = nextSum;
            for (int x = 2; x < dw; x++)
            {
                nextSum = s[near + x] * 3 + s[far + x];
                row[k++] = (thisSum * 3 + lastSum + 8) >> 4;
                row[k++] = (thisSum * 3 + nextSum + 7) >> 4;
                lastSum = thisSum;
                thisSum = nextSum;
            }
            row[k++] = (thisSum * 3 + lastSum + 8) >> 4;
            row[k] = (thisSum * 4 + 7) >> 4;
        }

        /// <summary>jdcolor.c ycc_rgb_convert with its tables, generalised from 8 bits to the frame's precision.</summary>
        private static void ConvertYCbCrToRgb(int[] y, int[] cb, int[] cr, int precision)
        {
            int size = 1 << precision, center = size >> 1, max = size - 1;
            var crR = new int[size];
            var cbB = new int[size];
            var crG = new int[size];
            var cbG = new int[size];
            for (int i = 0; i < size; i++)
            {
                int x = i - center;
                crR[i] = (Fix(1.40200) * x + OneHalf) >> ScaleBits;
                cbB[i] = (Fix(1.77200) * x + OneHalf) >> ScaleBits;
                crG[i] = -Fix(0.71414) * x;
                cbG[i] = -Fix(0.34414) * x + OneHalf;
            }
            for (int i = 0; i < y.Length; i++)
            {
                int l = y[i], b = cb[i], r = cr[i];
                y[i] = Limit(l + crR[r], max);
                cb[i] = Limit(l + ((cbG[b] + crG[r]) >> ScaleBits), max);
                cr[i] = Limit(l + cbB[b], max);
            }
        }

        private static int Fix(double x) => (int)(x * (1L << ScaleBits) + 0.5);

        private static int Limit(int v, int max) => v < 0 ? 0 : v > max ? max : v;
    }
}
