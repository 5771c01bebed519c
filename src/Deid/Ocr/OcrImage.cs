using System;
using System.Text;
using Deid.Pixels;

namespace Deid.Ocr
{
    /// <summary>
    /// The 8-bit grey image Tesseract reads: luminance of the rendered frame, dark text on a light ground (Tesseract's LSTM reads
    /// that best; ultrasound and CT burn light text on black), and small images upscaled so glyphs reach the ~20 px Tesseract
    /// wants. <see cref="Scale"/> maps boxes back to the frame's pixels.
    /// </summary>
    public sealed class OcrImage
    {
        /// <summary>The longest side an image is upscaled towards; at most <see cref="MaxScale"/>×.</summary>
        public const int TargetSide = 900;

        /// <summary>The largest upscale factor.</summary>
        public const int MaxScale = 4;

        private OcrImage(int width, int height, int scale, byte[] pixels, bool inverted)
        {
            Width = width;
            Height = height;
            Scale = scale;
            Pixels = pixels;
            Inverted = inverted;
        }

        /// <summary>Width of this (upscaled) image.</summary>
        public int Width { get; }

        /// <summary>Height of this (upscaled) image.</summary>
        public int Height { get; }

        /// <summary>The upscale factor: a box in this image divided by it is a box in the frame.</summary>
        public int Scale { get; }

        /// <summary>Grey pixels, row by row.</summary>
        public byte[] Pixels { get; }

        /// <summary>True when the frame was inverted (its ground was dark).</summary>
        public bool Inverted { get; }

        /// <summary>The upscale factor for a frame of this size.</summary>
        public static int ScaleFor(int width, int height)
        {
            int side = Math.Max(1, Math.Max(width, height));
            return Math.Max(1, Math.Min(MaxScale, (int)Math.Round((double)TargetSide / side)));
        }

        /// <summary>Prepares a rendered frame (grey or RGB) for Tesseract.</summary>
        public static OcrImage From(RenderedImage image, int? scale = null)
        {
            if (image == null) throw new ArgumentNullException(nameof(image));
            byte[] grey = Luminance(image);
            long sum = 0;
            foreach (byte v in grey) sum += v;
            bool invert = grey.Length > 0 && sum / grey.Length < 128;
            if (invert)
            {
                for (int i = 0; i < grey.Length; i++) grey[i] = (byte)(255 - grey[i]);
            }
            return FromGrey(grey, image.Width, image.Height, invert, scale);
        }

        /// <summary>Wraps a prepared grey image (dark text on light) of the frame's size, upscaled.</summary>
        internal static OcrImage FromGrey(byte[] grey, int w, int h, bool inverted, int? scale = null)
        {
            int s = scale ?? ScaleFor(w, h);
            return s == 1 ? new OcrImage(w, h, 1, grey, inverted) : new OcrImage(w * s, h * s, s, Upscale(grey, w, h, s), inverted);
        }

        /// <summary>The frame's luminance, a new array (<see cref="FrameRenderer.ToLuminance(ReadOnlySpan{byte}, Span{byte})"/> for RGB; the grey bytes copied otherwise).</summary>
        internal static byte[] Luminance(RenderedImage image)
        {
            var grey = new byte[image.Width * image.Height];
            if (image.Channels == 1) image.Span.CopyTo(grey);
            else FrameRenderer.ToLuminance(image.Span, grey);
            return grey;
        }

        /// <summary>Bilinear upscale by an integer factor: smoother glyph edges than repeating pixels, which Tesseract reads better.</summary>
        internal static byte[] Upscale(byte[] grey, int w, int h, int s)
        {
            int W = w * s, H = h * s;
            var output = new byte[W * H];
            // Fixed point (8 fractional bits) with the column taps computed once: the same pixels as the floating-point form to
            // within one grey level, a few times faster (this runs on every frame OCR reads, beside Tesseract's own time).
            var x0s = new int[W];
            var x1s = new int[W];
            var dxs = new int[W];
            for (int x = 0; x < W; x++)
            {
                double fx = Math.Max(0, (x + 0.5) / s - 0.5);
                x0s[x] = Math.Min((int)fx, w - 1);
                x1s[x] = Math.Min(x0s[x] + 1, w - 1);
                dxs[x] = (int)Math.Round((fx - (int)fx) * 256);
            }
            for (int y = 0; y < H; y++)
            {
                double fy = Math.Max(0, (y + 0.5) / s - 0.5);
                int y0 = Math.Min((int)fy, h - 1), y1 = Math.Min(y0 + 1, h - 1);
                int dy = (int)Math.Round((fy - (int)fy) * 256);
                int row0 = y0 * w, row1 = y1 * w, o = y * W;
                for (int x = 0; x < W; x++)
                {
                    int dx = dxs[x];
                    int top = grey[row0 + x0s[x]] * (256 - dx) + grey[row0 + x1s[x]] * dx;
                    int bottom = grey[row1 + x0s[x]] * (256 - dx) + grey[row1 + x1s[x]] * dx;
                    output[o + x] = (byte)((top * (256 - dy) + bottom * dy + 32768) >> 16);
                }
            }
            return output;
        }

        /// <summary>The image as binary PGM (P5), which Tesseract's image library reads from standard input.</summary>
        public byte[] ToPgm() => ToPgm(0);

        /// <summary>
        /// The pixels of the light ground (white) around the image Tesseract reads (<see cref="ToPgm(int)"/>); the boxes it
        /// gives are moved back by as much. Eight: against QA OCR's frames (text 0 to 8 px from an edge, 128 to 512 px frames)
        /// and the OCR tests, 2 px found too little, 4 px missed IDs on a bottom edge, and 16 px made page segmentation mode 6
        /// misread a whole JPEG 2000 ultrasound that it read right without a border.
        /// </summary>
        public const int Border = 8;

        /// <summary>As <see cref="ToPgm()"/>, with <paramref name="border"/> pixels of white around the image.</summary>
        public byte[] ToPgm(int border)
        {
            if (border < 0) throw new ArgumentOutOfRangeException(nameof(border));
            int w = Width + 2 * border, h = Height + 2 * border;
            byte[] header = Encoding.ASCII.GetBytes("P5\n" + w + " " + h + "\n255\n");
            var bytes = new byte[header.Length + w * h];
            Buffer.BlockCopy(header, 0, bytes, 0, header.Length);
            if (border == 0)
            {
                Buffer.BlockCopy(Pixels, 0, bytes, header.Length, Pixels.Length);
                return bytes;
            }
            bytes.AsSpan(header.Length).Fill(255);
            for (int y = 0; y < Height; y++)
                Buffer.BlockCopy(Pixels, y * Width, bytes, header.Length + (y + border) * w + border, Width);
            return bytes;
        }
    }
}
