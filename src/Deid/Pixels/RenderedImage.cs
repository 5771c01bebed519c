using System;

namespace Deid.Pixels
{
    /// <summary>
    /// An 8-bit image: <see cref="Height"/> rows of <see cref="Width"/> pixels, each one grey byte or three interleaved
    /// R, G, B bytes, rows top to bottom without padding. What <see cref="FrameRenderer"/> makes and <see cref="PngWriter"/> writes.
    /// </summary>
    public sealed class RenderedImage
    {
        /// <summary>Wraps <paramref name="pixels"/> (not copied) as an image of the given size.</summary>
        /// <exception cref="ArgumentException">The sizes are not positive, <paramref name="channels"/> is not 1 or 3, or the array is too short.</exception>
        public RenderedImage(int width, int height, int channels, byte[] pixels)
        {
            if (width < 1) throw new ArgumentException($"The width must be at least 1, not {width}.", nameof(width));
            if (height < 1) throw new ArgumentException($"The height must be at least 1, not {height}.", nameof(height));
            if (channels != 1 && channels != 3) throw new ArgumentException($"An image has 1 (grey) or 3 (RGB) channels, not {channels}.", nameof(channels));
            if (pixels == null) throw new ArgumentNullException(nameof(pixels));
            long need = (long)width * height * channels;
            if (pixels.Length < need) throw new ArgumentException($"{width} × {height} × {channels} needs {need} bytes; the array holds {pixels.Length}.", nameof(pixels));
            Width = width;
            Height = height;
            Channels = channels;
            Pixels = pixels;
        }

        /// <summary>Pixels per row (Columns of the frame).</summary>
        public int Width { get; }

        /// <summary>Rows of pixels (Rows of the frame).</summary>
        public int Height { get; }

        /// <summary>1 for grey, 3 for RGB (interleaved R, G, B).</summary>
        public int Channels { get; }

        /// <summary>The pixel bytes, row after row; only the first <see cref="Length"/> belong to the image.</summary>
        public byte[] Pixels { get; }

        /// <summary>Width × Height × Channels: the bytes of the image.</summary>
        public int Length => Width * Height * Channels;

        /// <summary>The bytes of the image as a span.</summary>
        public ReadOnlySpan<byte> Span => Pixels.AsSpan(0, Length);

        /// <summary>The value of channel <paramref name="channel"/> of the pixel at column <paramref name="x"/>, row <paramref name="y"/>.</summary>
        public byte this[int x, int y, int channel = 0]
        {
            get
            {
                if ((uint)x >= (uint)Width) throw new ArgumentOutOfRangeException(nameof(x));
                if ((uint)y >= (uint)Height) throw new ArgumentOutOfRangeException(nameof(y));
                if ((uint)channel >= (uint)Channels) throw new ArgumentOutOfRangeException(nameof(channel));
                return Pixels[(((y * Width) + x) * Channels) + channel];
            }
        }

        /// <summary>The size in words, for messages.</summary>
        public override string ToString() => $"{Width} × {Height} {(Channels == 1 ? "grey" : "RGB")}";
    }
}
