using System;
using Deid.Ocr;
using Deid.Pixels;
using Xunit;

namespace Deid.Tests.Ocr
{
    /// <summary>The local-contrast image's parts without Tesseract: when it is made, and the window minimum and maximum under it.</summary>
    public class LocalContrastTests
    {
        [Fact]
        public void AFlatGroundNeedsNoSecondImage()
        {
            var image = new TextImage(320, 240);
            image.Draw("FLORENTINE AB", 10, 10, 2, 235);
            image.Draw("ID PX104857", 150, 70, 1, 170);
            RenderedImage rendered = image.ToRendered();
            Assert.Null(LocalContrast.From(rendered, lightText: true));
            // The same grey stored as RGB has no hue: no per-channel work and no second image either.
            var rgb = new byte[rendered.Length * 3];
            for (int i = 0; i < rendered.Length; i++) rgb[i * 3] = rgb[i * 3 + 1] = rgb[i * 3 + 2] = rendered.Pixels[i];
            Assert.Null(LocalContrast.From(new RenderedImage(320, 240, 3, rgb), lightText: true));
        }

        [Fact]
        public void TextOnAGradientGetsTheSecondImage_SmoothRingsDoNot()
        {
            const int w = 320, h = 240;
            var gradient = new TextImage(w, h);
            for (int y = 0; y < h; y++) gradient.Pixels.AsSpan(y * w, w).Fill((byte)(20 + 160 * y / (h - 1)));
            gradient.Draw("ID PX104857", 10, 200, 2, 255);
            Assert.NotNull(LocalContrast.From(gradient.ToRendered(), lightText: true));
            // A ring phantom (the sample generator's kind of anatomy): bright bands on a disc, but smooth, long and not glyphs.
            var rings = new TextImage(w, h, 0);
            for (int y = 0; y < h; y++)
            {
                for (int x = 0; x < w; x++)
                {
                    double r = Math.Sqrt((x - 160.0) * (x - 160.0) + (y - 120.0) * (y - 120.0));
                    if (r < 110) rings.Pixels[y * w + x] = (byte)(140 + 60 * Math.Cos(r / 3.2));
                }
            }
            Assert.Null(LocalContrast.From(rings.ToRendered(), lightText: true));
        }

        [Fact]
        public void TheSquareWindowMinimumAndMaximumMatchABruteForceOne()
        {
            const int w = 37, h = 23, r = 4;
            var random = new Random(7);
            var grey = new byte[w * h];
            random.NextBytes(grey);
            foreach (bool max in new[] { false, true })
            {
                byte[] fast = GreyMorphology.Filter(grey, w, h, r, max);
                for (int y = 0; y < h; y++)
                {
                    for (int x = 0; x < w; x++)
                    {
                        int best = max ? 0 : 255;
                        for (int v = Math.Max(0, y - r); v <= Math.Min(h - 1, y + r); v++)
                        {
                            for (int u = Math.Max(0, x - r); u <= Math.Min(w - 1, x + r); u++)
                                best = max ? Math.Max(best, grey[v * w + u]) : Math.Min(best, grey[v * w + u]);
                        }
                        Assert.Equal(best, fast[y * w + x]);
                    }
                }
            }
        }
    }
}
