using System;
using Deid.Dicom;

namespace Deid.Pixels
{
    /// <summary>
    /// Turns one decoded frame (little endian samples, as <see cref="NativePixelData.ReadFrame(int, Span{byte})"/> or a
    /// codec gives it) into an 8-bit grey or RGB image a person can look at: for previews of burned-in text, and for OCR.
    /// </summary>
    /// <remarks>
    /// Monochrome frames go through rescale and the VOI window (PS3.3 §C.11.2.1.2, LINEAR), or are stretched from
    /// their minimum to their maximum when there is no window; MONOCHROME1 is inverted so that the image looks as it
    /// would on a viewer. RGB is kept, YBR_FULL and native YBR_FULL_422 are converted to RGB, PALETTE COLOR goes through
    /// its palette. Every output value is rounded to the nearest integer.
    /// </remarks>
    public static partial class FrameRenderer
    {
        /// <summary>Renders <paramref name="frame"/> using the window, rescale and palette of <paramref name="dataset"/>.</summary>
        /// <exception cref="ArgumentException">The frame is shorter than <paramref name="geometry"/> says.</exception>
        /// <exception cref="NotSupportedException">The photometric interpretation or bit depth cannot be rendered.</exception>
        public static RenderedImage Render(ReadOnlySpan<byte> frame, PixelFrameGeometry geometry, DicomDataset dataset) =>
            Render(frame, geometry, FrameRenderOptions.FromDataset(dataset ?? throw new ArgumentNullException(nameof(dataset))));

        /// <summary>Renders <paramref name="frame"/>; with no options, monochrome is stretched min to max and palettes are grey.</summary>
        /// <exception cref="ArgumentException">The frame is shorter than <paramref name="geometry"/> says.</exception>
        /// <exception cref="NotSupportedException">The photometric interpretation or bit depth cannot be rendered.</exception>
        public static RenderedImage Render(ReadOnlySpan<byte> frame, PixelFrameGeometry geometry, FrameRenderOptions? options = null)
        {
            if (geometry == null) throw new ArgumentNullException(nameof(geometry));
            int channels = OutputChannels(geometry, options);
            var pixels = new byte[checked(geometry.Rows * geometry.Columns * channels)];
            Render(frame, geometry, options, pixels);
            return new RenderedImage(geometry.Columns, geometry.Rows, channels, pixels);
        }

        /// <summary>
        /// Renders into <paramref name="destination"/>, which must hold Rows × Columns × <see cref="OutputChannels"/>
        /// bytes; returns the channels written (1 grey, 3 RGB). Allocates nothing per pixel.
        /// </summary>
        public static int Render(ReadOnlySpan<byte> frame, PixelFrameGeometry geometry, FrameRenderOptions? options, Span<byte> destination)
        {
            if (geometry == null) throw new ArgumentNullException(nameof(geometry));
            if (frame.Length < geometry.FrameLength)
                throw new ArgumentException($"The frame holds {frame.Length} bytes; {geometry} needs {geometry.FrameLength}.", nameof(frame));
            int channels = OutputChannels(geometry, options);
            int count = geometry.Rows * geometry.Columns;
            if (destination.Length < count * channels)
                throw new ArgumentException($"The destination holds {destination.Length} bytes; the image needs {count * channels}.", nameof(destination));
            destination = destination.Slice(0, count * channels);
            if (geometry.BitsAllocated == 1 && channels == 1)
            {
                RenderBits(frame, count, destination, invert: Kind(geometry) == Photometric.Monochrome1);
                return channels;
            }
            switch (Kind(geometry))
            {
                case Photometric.Monochrome1:
                    RenderMonochrome(frame, geometry, options, destination, invert: true);
                    break;
                case Photometric.Monochrome2:
                    RenderMonochrome(frame, geometry, options, destination, invert: false);
                    break;
                case Photometric.Palette:
                    if (options?.Palette is PaletteLut palette) RenderPalette(frame, geometry, palette, destination);
                    else RenderMonochrome(frame, geometry, null, destination, invert: false);
                    break;
                case Photometric.Rgb:
                    RenderColour(frame, geometry, destination, ybr: false);
                    break;
                case Photometric.YbrFull:
                    RenderColour(frame, geometry, destination, ybr: true);
                    break;
                default:
                    RenderYbr422(frame, geometry, destination);
                    break;
            }
            return channels;
        }

        /// <summary>The channels the image of <paramref name="geometry"/> renders to: 3 for colour and palettes with a table, else 1.</summary>
        /// <exception cref="NotSupportedException">The photometric interpretation cannot be rendered.</exception>
        public static int OutputChannels(PixelFrameGeometry geometry, FrameRenderOptions? options = null)
        {
            var kind = Kind(geometry ?? throw new ArgumentNullException(nameof(geometry)));
            return kind == Photometric.Monochrome1 || kind == Photometric.Monochrome2 || (kind == Photometric.Palette && options?.Palette == null) ? 1 : 3;
        }

        /// <summary>
        /// 1-bit frames (PS3.5 §8.1.1, first pixel in the lowest bit; segmentation-like images) as black and white: a window
        /// or a min/max stretch means nothing for two values.
        /// </summary>
        private static void RenderBits(ReadOnlySpan<byte> frame, int count, Span<byte> destination, bool invert)
        {
            byte on = invert ? (byte)0 : (byte)255, off = invert ? (byte)255 : (byte)0;
            for (int p = 0; p < count; p++) destination[p] = ((frame[p >> 3] >> (p & 7)) & 1) != 0 ? on : off;
        }

        private enum Photometric
        {
            Monochrome1,
            Monochrome2,
            Palette,
            Rgb,
            YbrFull,
            YbrFull422,
        }

        private static Photometric Kind(PixelFrameGeometry g)
        {
            string p = g.PhotometricInterpretation;
            if (g.SamplesPerPixel == 1)
            {
                if (p == "MONOCHROME1") return Photometric.Monochrome1;
                if (p == "PALETTE COLOR") return Photometric.Palette;
                // Anything else with one sample is shown as MONOCHROME2: a wrong label should not hide the pixels.
                return Photometric.Monochrome2;
            }
            if (g.SamplesPerPixel == 3)
            {
                switch (p)
                {
                    case "RGB":
                    // Lossless and irreversible JPEG 2000 colour transforms are undone by the codec, which hands back RGB.
                    case "YBR_RCT":
                    case "YBR_ICT":
                        return Photometric.Rgb;
                    case "YBR_FULL":
                        return Photometric.YbrFull;
                    case "YBR_FULL_422":
                        return Photometric.YbrFull422;
                }
            }
            throw new NotSupportedException($"Photometric Interpretation {p} with {g.SamplesPerPixel} sample(s) per pixel cannot be rendered.");
        }

        private static void RenderMonochrome(ReadOnlySpan<byte> frame, PixelFrameGeometry g, FrameRenderOptions? options, Span<byte> destination, bool invert)
        {
            var reader = new SampleReader(g, g.IsSigned);
            int count = destination.Length;
            double slope = options?.RescaleSlope ?? 1, intercept = options?.RescaleIntercept ?? 0;
            if (options != null && options.HasWindow)
            {
                // PS3.3 §C.11.2.1.2.1, with y from 0 to 255: below the window black, above it white, linear between.
                double c = options.WindowCenter!.Value, w = options.WindowWidth!.Value;
                double low = c - 0.5 - ((w - 1) / 2), high = c - 0.5 + ((w - 1) / 2);
                for (int i = 0; i < count; i++)
                {
                    double x = (reader.Read(frame, i) * slope) + intercept;
                    int y = x <= low ? 0 : x > high ? 255 : Round((((x - (c - 0.5)) / (w - 1)) + 0.5) * 255);
                    destination[i] = (byte)(invert ? 255 - y : y);
                }
                return;
            }
            // No window: stretch the frame's own range, so a preview always shows contrast. The rescale is linear, so
            // the stretch of stored values equals that of rescaled ones, except that a negative slope reverses it.
            long min = long.MaxValue, max = long.MinValue;
            for (int i = 0; i < count; i++)
            {
                long v = reader.Read(frame, i);
                if (v < min) min = v;
                if (v > max) max = v;
            }
            bool reverse = slope < 0;
            double range = max - min;
            for (int i = 0; i < count; i++)
            {
                int y = range == 0 ? 0 : Round((reader.Read(frame, i) - min) * 255.0 / range);
                if (reverse) y = 255 - y;
                destination[i] = (byte)(invert ? 255 - y : y);
            }
        }

        private static void RenderPalette(ReadOnlySpan<byte> frame, PixelFrameGeometry g, PaletteLut palette, Span<byte> destination)
        {
            var reader = new SampleReader(g, g.IsSigned);
            int count = g.Rows * g.Columns;
            for (int i = 0; i < count; i++)
            {
                int e = palette.IndexOf(reader.Read(frame, i));
                destination[3 * i] = palette.Red[e];
                destination[(3 * i) + 1] = palette.Green[e];
                destination[(3 * i) + 2] = palette.Blue[e];
            }
        }

        /// <summary>Rounds a value already known to be in [0, 255] (or near it) to the nearest byte value, clamped.</summary>
        internal static int Round(double v)
        {
            int r = (int)Math.Floor(v + 0.5);
            return r < 0 ? 0 : r > 255 ? 255 : r;
        }
    }
}
