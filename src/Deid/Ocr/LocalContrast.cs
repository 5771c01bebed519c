using System;
using Deid.Pixels;

namespace Deid.Ocr
{
    /// <summary>
    /// A second image for Tesseract, made only when the first would lose text: each pixel's difference from its LOCAL ground
    /// (a grey opening, or closing for dark text, over a window wider than any stroke), the largest over the colour channels,
    /// stretched, dark on white. Tesseract thresholds the whole page at one grey level (Otsu), so light text on the light end
    /// of a gradient or on a mid-grey shape falls on the ground's side of that level, and text that differs from its ground in
    /// hue only has no contrast at all in the luminance image; in this image all of them stand out from a flat ground.
    /// </summary>
    internal static class LocalContrast
    {
        /// <summary>The least difference from the local ground (grey levels) that counts as a possible stroke.</summary>
        public const int StrokeContrast = 40;

        /// <summary>
        /// The fewest possible stroke pixels the global threshold must lose before the extra pass is worth a Tesseract run:
        /// about two characters of small print; fewer cannot spell an identifier.
        /// </summary>
        public const int MinimumLostPixels = 100;

        // The most a ground may vary within the window and still count as flat: a gradient across the whole frame varies a
        // few levels a window, anatomy tens.
        private const int FlatGround = 24;

        // Differences below this are ground texture and noise: cut, so that Tesseract sees a clean, flat ground.
        internal const int Floor = 16;

        /// <summary>
        /// The local-contrast image of <paramref name="image"/>, or null when a global threshold of the luminance image already
        /// separates from their ground the strokes of all but <see cref="MinimumLostPixels"/> pixels of glyph-like shapes (then
        /// the extra Tesseract run could find nothing new).
        /// </summary>
        /// <param name="image">The rendered frame, grey or RGB.</param>
        /// <param name="lightText">Whether the text is taken to be lighter than its ground (the frame's ground is dark).</param>
        /// <param name="scale">The upscale factor; default <see cref="OcrImage.ScaleFor"/>.</param>
        public static OcrImage? From(RenderedImage image, bool lightText, int? scale = null)
        {
            byte[]? contrast = Render(image, lightText, out int lost);
            if (contrast == null || lost < MinimumLostPixels) return null;
            return OcrImage.FromGrey(contrast, image.Width, image.Height, inverted: lightText, scale);
        }

        /// <summary>
        /// The stretched local-contrast image (strokes dark on white), and in <paramref name="lost"/> how many pixels of
        /// glyph-like shapes the luminance image's global threshold would merge with their ground.
        /// </summary>
        internal static byte[]? Render(RenderedImage image, bool lightText, out int lost)
        {
            int w = image.Width, h = image.Height, n = w * h;
            int radius = RadiusFor(w, h);
            byte[] luminance = OcrImage.Luminance(image);
            byte[] ground = Ground(luminance, w, h, radius, lightText);
            byte[] difference = Differences(luminance, ground, lightText);
            MaskUnflat(difference, ground, w, h, radius);
            if (image.Channels == 3 && Chromatic(image.Span, n))
            {
                // Hue-only text: equal luminance means some channel is lighter than the ground's and another darker, so each
                // channel shows it in its own direction. A channel's direction is the one whose strokes are fewer: the other
                // also marks the gaps and counters between them (an opening takes dark strokes for the ground), smearing lines.
                ReadOnlySpan<byte> rgb = image.Span;
                var plane = new byte[n];
                for (int c = 0; c < 3; c++)
                {
                    for (int i = 0; i < n; i++) plane[i] = rgb[i * 3 + c];
                    byte[] lightGround = GreyMorphology.Open(plane, w, h, radius), darkGround = GreyMorphology.Close(plane, w, h, radius);
                    byte[] light = Differences(plane, lightGround, lightText: true), dark = Differences(plane, darkGround, lightText: false);
                    bool lighter = Strokes(light) <= Strokes(dark);
                    byte[] channel = lighter ? light : dark;
                    MaskUnflat(channel, lighter ? lightGround : darkGround, w, h, radius);
                    for (int i = 0; i < n; i++) if (channel[i] > difference[i]) difference[i] = channel[i];
                }
            }
            // A stroke's edge is sharp: a possible stroke pixel touches one at (or near) the ground. Smooth swells (a ring
            // phantom, soft tissue) climb too slowly to count, and would otherwise send nearly every frame twice.
            byte[] nearestGround = GreyMorphology.Filter(difference, w, h, 1, max: false);
            int threshold = Otsu(luminance);
            var isLost = new bool[n];
            for (int i = 0; i < n; i++)
            {
                if (difference[i] < StrokeContrast || nearestGround[i] > Floor) continue;
                // Lost: the ground itself lies on the text's side of the threshold (a lighter shape, the light end of a gradient),
                // or the stroke differs in hue but hardly in luminance. A stroke's anti-aliased rim, dimmer than the threshold on
                // a ground below it, is not: the stroke's core is read, and counting rims would send every frame twice.
                bool groundOnTextSide = lightText ? ground[i] > threshold : ground[i] <= threshold;
                bool hueOnly = Math.Abs(luminance[i] - ground[i]) < StrokeContrast / 2;
                isLost[i] = groundOnTextSide || hueOnly;
            }
            lost = GlyphGroups.LostPixels(difference, isLost, w, h, 4 * (2 * radius + 1));
            if (lost == 0) return null;
            Stretch(difference);
            return difference;
        }

        /// <summary>The window's half-width: wider than the strokes of any burned-in font at this frame size, so none survives as ground.</summary>
        internal static int RadiusFor(int width, int height) => Math.Min(15, Math.Max(7, Math.Min(width, height) / 64));

        private static byte[] Ground(byte[] plane, int w, int h, int radius, bool lightText) =>
            lightText ? GreyMorphology.Open(plane, w, h, radius) : GreyMorphology.Close(plane, w, h, radius);

        /// <summary>How far each pixel is lighter (or darker) than its ground; 0 on the other side.</summary>
        private static byte[] Differences(byte[] plane, byte[] ground, bool lightText)
        {
            var result = new byte[plane.Length];
            for (int i = 0; i < plane.Length; i++)
            {
                int d = lightText ? plane[i] - ground[i] : ground[i] - plane[i];
                result[i] = (byte)Math.Max(0, d);
            }
            return result;
        }

        /// <summary>
        /// Zeroes the differences where the ground is not flat within the window. Burned-in text sits on a ground that is flat
        /// or changes slowly (a blank area, a gradient, a shape); a ground that changes a lot within a window is anatomy or a
        /// photograph, whose texture would only feed Tesseract noise to misread (and slow it several times over).
        /// </summary>
        private static void MaskUnflat(byte[] difference, byte[] ground, int w, int h, int radius)
        {
            byte[] highest = GreyMorphology.Filter(ground, w, h, radius, max: true);
            byte[] lowest = GreyMorphology.Filter(ground, w, h, radius, max: false);
            for (int i = 0; i < difference.Length; i++) if (highest[i] - lowest[i] > FlatGround) difference[i] = 0;
        }

        private static int Strokes(byte[] differences)
        {
            int count = 0;
            foreach (byte d in differences) if (d >= StrokeContrast) count++;
            return count;
        }

        /// <summary>
        /// Whether enough pixels have a hue (channels apart by at least <see cref="StrokeContrast"/>) to hold hue-only text; a
        /// grey frame stored as RGB has none and skips the per-channel work.
        /// </summary>
        private static bool Chromatic(ReadOnlySpan<byte> rgb, int n)
        {
            int count = 0;
            for (int i = 0; i < n; i++)
            {
                int r = rgb[i * 3], g = rgb[i * 3 + 1], b = rgb[i * 3 + 2];
                if (Math.Max(r, Math.Max(g, b)) - Math.Min(r, Math.Min(g, b)) >= StrokeContrast && ++count >= MinimumLostPixels) return true;
            }
            return false;
        }

        /// <summary>
        /// Maps the differences to dark-on-white: the floor to white, the 99.9th percentile (at least <see cref="StrokeContrast"/>)
        /// to black, so faint and strong text alike reach full contrast.
        /// </summary>
        private static void Stretch(byte[] difference)
        {
            var histogram = new int[256];
            foreach (byte d in difference) histogram[d]++;
            int top = 255;
            for (int count = 0, limit = difference.Length / 1000; top > StrokeContrast; top--)
            {
                count += histogram[top];
                if (count > limit) break;
            }
            int span = Math.Max(top, StrokeContrast) - Floor;
            for (int i = 0; i < difference.Length; i++)
            {
                int d = Math.Min(span, Math.Max(0, difference[i] - Floor));
                difference[i] = (byte)(255 - d * 255 / span);
            }
        }

        /// <summary>Otsu's threshold, as Tesseract binarises a page: the grey level that best splits the histogram in two.</summary>
        internal static int Otsu(byte[] grey)
        {
            var histogram = new long[256];
            foreach (byte g in grey) histogram[g]++;
            long total = grey.Length, sum = 0;
            for (int g = 0; g < 256; g++) sum += g * histogram[g];
            long below = 0, sumBelow = 0;
            double best = -1;
            int threshold = 0;
            for (int t = 0; t < 255; t++)
            {
                below += histogram[t];
                sumBelow += t * histogram[t];
                long above = total - below;
                if (below == 0 || above == 0) continue;
                double meanBelow = (double)sumBelow / below, meanAbove = (double)(sum - sumBelow) / above;
                double between = (double)below * above * (meanBelow - meanAbove) * (meanBelow - meanAbove);
                if (between > best)
                {
                    best = between;
                    threshold = t;
                }
            }
            return threshold;
        }
    }
}
