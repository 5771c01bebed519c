using System;
using Deid.Dicom;

namespace Deid.Pixels
{
    /// <summary>
    /// How a monochrome or palette frame becomes 8-bit: the Modality LUT's rescale, the VOI window and the palette,
    /// usually read from the dataset with <see cref="FromDataset(DicomDataset, int)"/>. Colour frames (RGB, YBR) ignore all of it.
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
        public static FrameRenderOptions FromDataset(DicomDataset dataset) => FromDataset(dataset, 0);

        /// <summary>
        /// As <see cref="FromDataset(DicomDataset)"/>, for frame <paramref name="frame"/> (0-based) of a multi-frame image. An
        /// enhanced image (CT, MR, XA, US, ...) keeps its window and rescale in its functional groups only, per frame or
        /// shared (Frame VOI LUT, Pixel Value Transformation): a viewer shows the frame with those, so a preview or a
        /// reading for burned-in text must too. Rendered from its minimum to its maximum instead, text a few grey levels
        /// above its ground in a wide range (200 HU over soft tissue, between air and bone) is not seen (pixel QA, 2026-12-05).
        /// The frame's own group comes first, then the shared one, then the top-level attributes of a classic image.
        /// </summary>
        public static FrameRenderOptions FromDataset(DicomDataset dataset, int frame)
        {
            if (dataset == null) throw new ArgumentNullException(nameof(dataset));
            var options = new FrameRenderOptions();
            DicomDataset? perFrame = Item(dataset.GetSequence(DicomTags.PerFrameFunctionalGroupsSequence), frame);
            DicomDataset? shared = Item(dataset.GetSequence(DicomTags.SharedFunctionalGroupsSequence), 0);
            DicomDataset rescale = Macro(perFrame, shared, DicomTags.PixelValueTransformationSequence) ?? dataset;
            DicomDataset window = Macro(perFrame, shared, DicomTags.FrameVOILUTSequence) ?? dataset;
            if (First(rescale, DicomTags.RescaleSlope) is double slope && slope != 0) options.RescaleSlope = slope;
            if (First(rescale, DicomTags.RescaleIntercept) is double intercept) options.RescaleIntercept = intercept;
            options.WindowCenter = First(window, DicomTags.WindowCenter);
            options.WindowWidth = First(window, DicomTags.WindowWidth);
            options.Palette = PaletteLut.FromDataset(dataset);
            return options;
        }

        // The item of the functional group macro <paramref name="macro"/>: the frame's own, else the shared one (PS3.3 C.7.6.16).
        private static DicomDataset? Macro(DicomDataset? perFrame, DicomDataset? shared, DicomTag macro) =>
            Item(perFrame?.GetSequence(macro), 0) ?? Item(shared?.GetSequence(macro), 0);

        private static DicomDataset? Item(DicomSequence? sequence, int index) =>
            sequence != null && index >= 0 && index < sequence.Count ? sequence[index] : null;

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
