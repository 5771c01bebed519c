using System;
using System.Collections.Generic;

namespace Deid.Ocr
{
    /// <summary>
    /// Tells text from texture among the possible strokes of a <see cref="LocalContrast"/> image, so that only frames with
    /// glyph-like shapes lost to the global threshold pay for a second Tesseract run.
    /// </summary>
    internal static class GlyphGroups
    {
        // A glyph's least height (the 5×7 bitmap fonts of scanner overlays) and pixels: specks of texture or JPEG noise are smaller.
        private const int MinimumHeight = 7, MinimumPixels = 12;

        /// <summary>
        /// The lost pixels that lie in glyph-like shapes: 8-connected groups of possible stroke pixels no longer or taller than
        /// <paramref name="largest"/>, as tall as the smallest legible print, of a dozen pixels at least and quiet around,
        /// when there are at least three such groups (an identifier has several characters). Long runs (ring and band edges, colour bars, an organ's outline) and specks of noise are
        /// not text, and must not buy a second Tesseract run.
        /// </summary>
        public static int LostPixels(byte[] difference, bool[] isLost, int w, int h, int largest)
        {
            // The group each pixel joined (its first pixel's index + 1); 0 for none yet.
            var group = new int[difference.Length];
            var stack = new Stack<int>();
            int total = 0, glyphs = 0;
            for (int start = 0; start < difference.Length; start++)
            {
                if (group[start] != 0 || difference[start] < LocalContrast.StrokeContrast) continue;
                int x0 = int.MaxValue, y0 = int.MaxValue, x1 = -1, y1 = -1, size = 0, lostHere = 0;
                int id = start + 1;
                group[start] = id;
                stack.Push(start);
                while (stack.Count > 0)
                {
                    int i = stack.Pop(), x = i % w, y = i / w;
                    size++;
                    if (isLost[i]) lostHere++;
                    x0 = Math.Min(x0, x);
                    x1 = Math.Max(x1, x);
                    y0 = Math.Min(y0, y);
                    y1 = Math.Max(y1, y);
                    for (int v = Math.Max(0, y - 1); v <= Math.Min(h - 1, y + 1); v++)
                    {
                        for (int u = Math.Max(0, x - 1); u <= Math.Min(w - 1, x + 1); u++)
                        {
                            int j = v * w + u;
                            if (group[j] != 0 || difference[j] < LocalContrast.StrokeContrast) continue;
                            group[j] = id;
                            stack.Push(j);
                        }
                    }
                }
                if (lostHere == 0 || size < MinimumPixels || y1 - y0 + 1 < MinimumHeight || x1 - x0 >= largest || y1 - y0 >= largest) continue;
                if (!QuietAround(difference, group, id, w, h, x0, y0, x1, y1)) continue;
                total += lostHere;
                glyphs++;
            }
            return glyphs >= 3 ? total : 0;
        }

        /// <summary>
        /// Whether the rest of a group's box (one pixel wider each way) is near the ground on average: the counters and gaps of
        /// a glyph on a flat ground are, apart from anti-aliased rims; a grain of a textured surface (a photograph, speckle)
        /// is surrounded by more texture.
        /// </summary>
        private static bool QuietAround(byte[] difference, int[] group, int id, int w, int h, int x0, int y0, int x1, int y1)
        {
            long sum = 0;
            int count = 0;
            for (int y = Math.Max(0, y0 - 1); y <= Math.Min(h - 1, y1 + 1); y++)
            {
                for (int x = Math.Max(0, x0 - 1); x <= Math.Min(w - 1, x1 + 1); x++)
                {
                    int i = y * w + x;
                    if (group[i] == id) continue;
                    sum += difference[i];
                    count++;
                }
            }
            return count == 0 || sum <= (long)LocalContrast.Floor * count;
        }

    }
}
