using System;
using Deid.Dicom;

namespace Deid.Pixels
{
    /// <summary>Colour frames (RGB, YBR_FULL, YBR_FULL_422) and the helpers that work on rendered images.</summary>
    public static partial class FrameRenderer
    {
        private static void RenderColour(ReadOnlySpan<byte> frame, PixelFrameGeometry g, Span<byte> destination, bool ybr)
        {
            // Colour samples are unsigned intensities whatever Pixel Representation claims; no window applies (PS3.3
            // §C.11.2: the VOI LUT is for monochrome only).
            var reader = new SampleReader(g, signed: false);
            int count = g.Rows * g.Columns;
            bool planar = g.PlanarConfiguration == 1;
            for (int p = 0; p < count; p++)
            {
                int a = To8(reader, reader.Read(frame, planar ? p : 3 * p));
                int b = To8(reader, reader.Read(frame, planar ? count + p : (3 * p) + 1));
                int c = To8(reader, reader.Read(frame, planar ? (2 * count) + p : (3 * p) + 2));
                if (ybr) WriteYbr(destination, 3 * p, a, b, c);
                else
                {
                    destination[3 * p] = (byte)a;
                    destination[(3 * p) + 1] = (byte)b;
                    destination[(3 * p) + 2] = (byte)c;
                }
            }
        }

        private static void RenderYbr422(ReadOnlySpan<byte> frame, PixelFrameGeometry g, Span<byte> destination)
        {
            // Native YBR_FULL_422 (PS3.3 §C.7.6.3.1.2) stores each pair of pixels as Y1 Y2 Cb Cr: the pair shares its
            // chrominance. Pairs run through the frame as one stream, so an odd width carries a pair over a row end.
            var reader = new SampleReader(g, signed: false);
            int count = g.Rows * g.Columns;
            for (int p = 0; p < count; p += 2)
            {
                int s = 2 * p;
                int cb = To8(reader, reader.Read(frame, s + 2));
                int cr = To8(reader, reader.Read(frame, s + 3));
                WriteYbr(destination, 3 * p, To8(reader, reader.Read(frame, s)), cb, cr);
                if (p + 1 < count) WriteYbr(destination, 3 * (p + 1), To8(reader, reader.Read(frame, s + 1)), cb, cr);
            }
        }

        /// <summary>Scales a stored colour sample to 8 bits: its top 8 bits, or stretched up when fewer are stored.</summary>
        private static int To8(in SampleReader reader, long v)
        {
            if (reader.Bits == 8) return (int)v;
            if (reader.Bits > 8) return (int)((ulong)v >> (reader.Bits - 8));
            return Round(v * 255.0 / reader.MaxUnsigned);
        }

        /// <summary>YBR_FULL to RGB, the inverse of the equations of PS3.3 §C.7.6.3.1.2 (ITU-R BT.601 full range).</summary>
        private static void WriteYbr(Span<byte> destination, int at, int y, int cb, int cr)
        {
            double db = cb - 128, dr = cr - 128;
            destination[at] = (byte)Round(y + (1.402 * dr));
            destination[at + 1] = (byte)Round(y - (0.344136 * db) - (0.714136 * dr));
            destination[at + 2] = (byte)Round(y + (1.772 * db));
        }

        /// <summary>
        /// The luminance of an RGB image as a grey one (ITU-R BT.601 weights 0.299, 0.587, 0.114, rounded), for OCR,
        /// which reads grey; a grey image is returned as it is.
        /// </summary>
        public static RenderedImage ToLuminance(RenderedImage image)
        {
            if (image == null) throw new ArgumentNullException(nameof(image));
            if (image.Channels == 1) return image;
            var grey = new byte[image.Width * image.Height];
            ToLuminance(image.Span, grey);
            return new RenderedImage(image.Width, image.Height, 1, grey);
        }

        /// <summary>Writes the luminance of the interleaved RGB <paramref name="rgb"/> into <paramref name="grey"/> (a third as long).</summary>
        public static void ToLuminance(ReadOnlySpan<byte> rgb, Span<byte> grey)
        {
            int count = rgb.Length / 3;
            if (grey.Length < count) throw new ArgumentException($"The destination holds {grey.Length} bytes; {count} pixels need as many.", nameof(grey));
            for (int i = 0; i < count; i++)
            {
                // Integer weights summing to 1000 keep the rounding exact and the loop free of floating point.
                int y = (299 * rgb[3 * i]) + (587 * rgb[(3 * i) + 1]) + (114 * rgb[(3 * i) + 2]);
                grey[i] = (byte)((y + 500) / 1000);
            }
        }

        /// <summary>
        /// Enlarges <paramref name="image"/> <paramref name="factor"/> times in each direction by repeating pixels
        /// (nearest neighbour): small text in a small frame becomes big enough to read or OCR, and no new grey levels appear.
        /// </summary>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="factor"/> is below 1, or the result would be too large.</exception>
        public static RenderedImage Upscale(RenderedImage image, int factor)
        {
            if (image == null) throw new ArgumentNullException(nameof(image));
            if (factor < 1) throw new ArgumentOutOfRangeException(nameof(factor), factor, "The factor must be at least 1.");
            if (factor == 1) return image;
            long size = (long)image.Width * factor * image.Height * factor * image.Channels;
            if (size > int.MaxValue) throw new ArgumentOutOfRangeException(nameof(factor), factor, $"{image} enlarged {factor} times would not fit in one array.");
            int width = image.Width * factor, channels = image.Channels;
            var pixels = new byte[size];
            var source = image.Span;
            for (int y = 0; y < image.Height; y++)
            {
                var row = pixels.AsSpan(y * factor * width * channels, width * channels);
                var from = source.Slice(y * image.Width * channels, image.Width * channels);
                for (int x = 0; x < image.Width; x++)
                {
                    var pixel = from.Slice(x * channels, channels);
                    for (int k = 0; k < factor; k++) pixel.CopyTo(row.Slice(((x * factor) + k) * channels));
                }
                // The other rows of the block are copies of the first one.
                for (int k = 1; k < factor; k++) row.CopyTo(pixels.AsSpan(((y * factor) + k) * width * channels));
            }
            return new RenderedImage(width, image.Height * factor, channels, pixels);
        }
    }
}
