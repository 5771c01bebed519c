using System;
using Deid.Dicom;

namespace Deid.Pixels
{
    /// <summary>
    /// How a monochrome or palette frame becomes 8-bit: the Modality LUT's rescale, the VOI window and the palette,
    /// usually read from the dataset with <see cref="FromDataset"/>. Colour frames (RGB, YBR) ignore all of it.
    /// </summary>
    public sealed class FrameRenderOptions
    {
        /// <summary>Rescale Slope (0028,1053), applied before the window; 1 when absent.</summary>
        public double RescaleSlope { get; set; } = 1;

        /// <summary>Rescale Intercept (0028,1052), applied before the window; 0 when absent.</summary>
        public double RescaleIntercept { get; set; }

        /// <summary>Window Center (0028,1050), first value; null to stretch the frame's own minimum to maximum.</summary>
        public double? WindowCenter { get; set; }

        /// <summary>Window Width (0028,1051), first value; a width below 1 (invalid per PS3.3) is ignored like a missing one.</summary>
        public double? WindowWidth { get; set; }

        /// <summary>The palette of a PALETTE COLOR frame; null renders the indices as grey.</summary>
        public PaletteLut? Palette { get; set; }

        /// <summary>True when both window values are present and usable.</summary>
        public bool HasWindow => WindowCenter.HasValue && WindowWidth.HasValue && WindowWidth.Value >= 1
            && !double.IsNaN(WindowCenter.Value) && !double.IsInfinity(WindowCenter.Value) && !double.IsInfinity(WindowWidth.Value);

        /// <summary>
        /// Reads rescale, window (the first of several values; a preview shows the first, as viewers do by default) and
        /// the palette from <paramref name="dataset"/>. Values that are missing or not numbers are left at their defaults
        /// rather than refused: a preview should still show something for a slightly broken header.
        /// </summary>
        public static FrameRenderOptions FromDataset(DicomDataset dataset)
        {
            if (dataset == null) throw new ArgumentNullException(nameof(dataset));
            var options = new FrameRenderOptions();
            if (First(dataset, DicomTags.RescaleSlope) is double slope && slope != 0) options.RescaleSlope = slope;
            if (First(dataset, DicomTags.RescaleIntercept) is double intercept) options.RescaleIntercept = intercept;
            options.WindowCenter = First(dataset, DicomTags.WindowCenter);
            options.WindowWidth = First(dataset, DicomTags.WindowWidth);
            options.Palette = PaletteLut.FromDataset(dataset);
            return options;
        }

        /// <summary>The first numeric value of <paramref name="tag"/> (DS, IS, US, ...), or null when absent, empty or not a finite number.</summary>
        internal static double? First(DicomDataset dataset, DicomTag tag)
        {
            double[]? numbers;
            try
            {
                numbers = dataset.GetNumbers(tag);
            }
            catch (DicomFormatException)
            {
                return null;
            }
            if (numbers == null || numbers.Length == 0) return null;
            double v = numbers[0];
            return double.IsNaN(v) || double.IsInfinity(v) ? (double?)null : v;
        }
    }
}
