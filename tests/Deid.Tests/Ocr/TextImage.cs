using System;
using Deid.Pixels;
using Deid.Samples;

namespace Deid.Tests.Ocr
{
    /// <summary>Grey test images with text burned in by the sample generator's bitmap font, light on dark like a scanner's overlay.</summary>
    internal sealed class TextImage
    {
        public TextImage(int width, int height, byte ground = 12)
        {
            Width = width;
            Height = height;
            Pixels = new byte[width * height];
            Pixels.AsSpan().Fill(ground);
        }

        public int Width { get; }

        public int Height { get; }

        public byte[] Pixels { get; }

        /// <summary>Draws <paramref name="text"/> at (x, y) with glyphs <paramref name="scale"/> times 5×7; returns its box (x0,y0,x1,y1).</summary>
        public (int X0, int Y0, int X1, int Y1) Draw(string text, int x, int y, int scale, byte grey = 230)
        {
            int cx = x;
            foreach (char c in text)
            {
                BitmapFont.Draw(c, cx, y, scale, (px, py) =>
                {
                    if (px < Width && py < Height) Pixels[py * Width + px] = grey;
                });
                cx += BitmapFont.Advance(scale);
            }
            return (x, y, cx - scale, y + BitmapFont.Height * scale);
        }

        public RenderedImage ToRendered() => new RenderedImage(Width, Height, 1, (byte[])Pixels.Clone());
    }
}
