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
        /// <remarks>Works a row at a time, so a large frame needs no full-size intermediate planes.</remarks>
        public static void Emit(JpegComponentPlanes planes, JpegStreamInfo info, bool toRgb, int bytesPerSample, Span<byte> destination)
        {
            int width = info.Width, height = info.Height, n = info.Components.Count;
            int maxValue = (1 << info.Precision) - 1;
            var rows = new int[n][];
            var scratch = new RowScratch[n];
            for (int c = 0; c < n; c++)
            {
                rows[c] = new int[width];
                scratch[c] = new RowScratch(planes.Widths[c]);
            }
            var tables = toRgb ? YccTables.For(info.Precision) : null;
            int rowSamples = width * n;
            for (int y = 0; y < height; y++)
            {
                for (int c = 0; c < n; c++) FillRow(planes, c, y, maxValue, scratch[c], rows[c]);
                if (tables != null) tables.Convert(rows[0], rows[1], rows[2], maxValue);
                if (bytesPerSample == 1)
                {
                    var row = destination.Slice(y * rowSamples, rowSamples);
                    for (int c = 0; c < n; c++)
                    {
                        var r = rows[c];
                        for (int x = 0, o = c; x < width; x++, o += n) row[o] = (byte)r[x];
                    }
                }
                else
                {
                    var row = destination.Slice(2 * y * rowSamples, 2 * rowSamples);
                    for (int c = 0; c < n; c++)
                    {
                        var r = rows[c];
                        for (int x = 0, o = 2 * c; x < width; x++, o += 2 * n)
                        {
                            row[o] = (byte)r[x];
                            row[o + 1] = (byte)(r[x] >> 8);
                        }
                    }
                }
            }
        }

        /// <summary>Row y of component c at full resolution, range limited to the precision as libjpeg does before upsampling.</summary>
        private static void FillRow(JpegComponentPlanes planes, int c, int y, int maxValue, RowScratch scratch, int[] output)
        {
            int stride = planes.Strides[c], dw = planes.Widths[c], dh = planes.Heights[c];
            int hs = planes.HorizontalShift(c), vs = planes.VerticalShift(c);
            int width = output.Length;
            bool fancy = dw > 2;
            if (hs == 0 && vs == 0)
            {
                planes.ReadSamples(c, y * stride, width, maxValue, output);
            }
            else if (fancy && hs == 1 && vs == 0)
            {
                planes.ReadSamples(c, y * stride, dw, maxValue, scratch.Near);
                H2V1(scratch.Near, dw, scratch.Wide);
                Array.Copy(scratch.Wide, output, width);
            }
            else if (fancy && hs == 1 && vs == 1)
            {
                int inRow = y >> 1;
                // The nearer neighbouring row; libjpeg repeats the first and last rows at the edges.
                int other = (y & 1) == 0 ? Math.Max(0, inRow - 1) : Math.Min(dh - 1, inRow + 1);
                planes.ReadSamples(c, inRow * stride, dw, maxValue, scratch.Near);
                planes.ReadSamples(c, other * stride, dw, maxValue, scratch.Far);
                H2V2(scratch.Near, scratch.Far, dw, scratch.Wide);
                Array.Copy(scratch.Wide, output, width);
            }
            else
            {
                // Other ratios, and chroma two samples wide or less: libjpeg replicates (int_upsample, h2v1_upsample).
                planes.ReadSamples(c, Math.Min(dh - 1, y >> vs) * stride, dw, maxValue, scratch.Near);
                for (int x = 0; x < width; x++) output[x] = scratch.Near[Math.Min(dw - 1, x >> hs)];
            }
        }

        /// <summary>Row buffers of one component, reused from row to row.</summary>
        private sealed class RowScratch
        {
            public RowScratch(int componentWidth)
            {
                Near = new int[componentWidth];
                Far = new int[componentWidth];
                Wide = new int[2 * componentWidth];
            }

            public int[] Near { get; }

            public int[] Far { get; }

            public int[] Wide { get; }
        }

        /// <summary>jdsample.c h2v1_fancy_upsample: each output sample is 3/4 the nearer input plus 1/4 the further.</summary>
        private static void H2V1(int[] s, int dw, int[] row)
        {
            int k = 0;
            row[k++] = s[0];
            row[k++] = (s[0] * 3 + s[1] + 2) >> 2;
            for (int x = 1; x < dw - 1; x++)
            {
                int v = s[x] * 3;
                row[k++] = (v + s[x - 1] + 1) >> 2;
                row[k++] = (v + s[x + 1] + 2) >> 2;
            }
            row[k++] = (s[dw - 1] * 3 + s[dw - 2] + 1) >> 2;
            row[k] = s[dw - 1];
        }

        /// <summary>jdsample.c h2v2_fancy_upsample: the triangle filter in both directions, with its rounding biases.</summary>
        private static void H2V2(int[] near, int[] far, int dw, int[] row)
        {
            int k = 0;
            int thisSum = near[0] * 3 + far[0];
            int nextSum = near[1] * 3 + far[1];
            row[k++] = (thisSum * 4 + 8) >> 4;
            row[k++] = (thisSum * 3 + nextSum + 7) >> 4;
            int lastSum = thisSum;
            thisSum = nextSum;
            for (int x = 2; x < dw; x++)
            {
                nextSum = near[x] * 3 + far[x];
                row[k++] = (thisSum * 3 + lastSum + 8) >> 4;
                row[k++] = (thisSum * 3 + nextSum + 7) >> 4;
                lastSum = thisSum;
                thisSum = nextSum;
            }
            row[k++] = (thisSum * 3 + lastSum + 8) >> 4;
            row[k] = (thisSum * 4 + 7) >> 4;
        }

        private static int Limit(int v, int max) => v < 0 ? 0 : v > max ? max : v;

        /// <summary>jdcolor.c's ycc_rgb_convert tables, generalised from 8 bits to the frame's precision.</summary>
        private sealed class YccTables
        {
            private static readonly YccTables Eight = new YccTables(8);
            private static readonly YccTables Twelve = new YccTables(12);
            private readonly int[] _crR;
            private readonly int[] _cbB;
            private readonly int[] _crG;
            private readonly int[] _cbG;

            private YccTables(int precision)
            {
                int size = 1 << precision, center = size >> 1;
                _crR = new int[size];
                _cbB = new int[size];
                _crG = new int[size];
                _cbG = new int[size];
                for (int i = 0; i < size; i++)
                {
                    int x = i - center;
                    _crR[i] = (Fix(1.40200) * x + OneHalf) >> ScaleBits;
                    _cbB[i] = (Fix(1.77200) * x + OneHalf) >> ScaleBits;
                    _crG[i] = -Fix(0.71414) * x;
                    _cbG[i] = -Fix(0.34414) * x + OneHalf;
                }
            }

            /// <summary>The tables of a DCT precision (8 or 12 bits; JpegStreamInfo refuses others for lossy frames).</summary>
            public static YccTables For(int precision) => precision == 8 ? Eight : Twelve;

            /// <summary>Converts one row in place: Y, Cb, Cr become R, G, B.</summary>
            public void Convert(int[] y, int[] cb, int[] cr, int max)
            {
                for (int i = 0; i < y.Length; i++)
                {
                    int l = y[i], b = cb[i], r = cr[i];
                    y[i] = Limit(l + _crR[r], max);
                    cb[i] = Limit(l + ((_cbG[b] + _crG[r]) >> ScaleBits), max);
                    cr[i] = Limit(l + _cbB[b], max);
                }
            }

            private static int Fix(double x) => (int)(x * (1L << ScaleBits) + 0.5);
        }
    }
}
