using System;
using System.Collections.Generic;
using Deid.Dicom;

namespace Deid.Pixels
{
    /// <summary>
    /// Overlay planes stored apart from the pixels: Overlay Data (60xx,3000), one bit per overlay pixel (PS3.3 C.9.2). A viewer
    /// draws them over the image by default, so text in one (a name, an ID typed as an annotation) shows over a region the
    /// cleaner blanked in the pixels (multi-frame QA F1, 2026-12-05). Cleaning blanks the same regions in every plane and every
    /// overlay frame, placed by Overlay Origin; the rest of the plane (an outline, a measurement) stays.
    /// </summary>
    internal static class SeparateOverlays
    {
        private const ushort OverlayRows = 0x0010, OverlayColumns = 0x0011, NumberOfFramesInOverlay = 0x0015, OverlayOrigin = 0x0050, OverlayData = 0x3000;

        /// <summary>
        /// Clears, in every separate overlay plane of <paramref name="dataset"/>, the bits that fall on a pixel
        /// <paramref name="mask"/> blanks; returns how many planes changed. Every overlay frame gets the mask, as every image
        /// frame does, whatever image frame it belongs to.
        /// </summary>
        public static int Clean(DicomDataset dataset, PixelMask mask)
        {
            if (dataset == null) throw new ArgumentNullException(nameof(dataset));
            if (mask == null) throw new ArgumentNullException(nameof(mask));
            int changed = 0;
            foreach (var (group, element) in Planes(dataset))
            {
                long rows = First(dataset, new DicomTag(group, OverlayRows)), columns = First(dataset, new DicomTag(group, OverlayColumns));
                if (rows <= 0 || columns <= 0) continue;
                long frames = Math.Max(1, First(dataset, new DicomTag(group, NumberOfFramesInOverlay)));
                int[]? origin = Origin(dataset, new DicomTag(group, OverlayOrigin));
                byte[] bits = Bits(element);
                var vr = DicomDataset.GetEffectiveVR(element);
                if (Clear(bits, rows, columns, frames, origin?[0] ?? 1, origin?[1] ?? 1, mask, dataset.Encoding.IsBigEndian && vr == DicomVR.OW))
                {
                    dataset.SetRawValue(element.Tag, vr, bits);
                    changed++;
                }
            }
            return changed;
        }

        // The Overlay Data elements of the dataset's overlay groups, with their group.
        private static IEnumerable<(ushort Group, DicomElement Element)> Planes(DicomDataset dataset)
        {
            for (ushort group = 0x6000; group <= 0x601E; group += 2)
            {
                if (dataset.TryGetElement(new DicomTag(group, OverlayData), out var element) && !element.IsSequence && element.Fragments == null)
                    yield return (group, element);
            }
        }

        // A copy of the plane's bits, from memory or the source.
        private static byte[] Bits(DicomElement element) => element.IsLoaded ? element.RawValue.ToArray() : element.ValueRef!.ReadAll();

        /// <summary>
        /// Clears the bits of <paramref name="bits"/> (frames of <paramref name="rows"/> × <paramref name="columns"/> bits, packed
        /// from bit 0 of byte 0 with no padding between frames) whose pixel, moved by the 1-based <paramref name="originRow"/>
        /// and <paramref name="originColumn"/>, is blanked by <paramref name="mask"/>; true when one was set.
        /// </summary>
        internal static bool Clear(byte[] bits, long rows, long columns, long frames, int originRow, int originColumn, PixelMask mask, bool bigEndianWords = false)
        {
            bool changed = false;
            long frameBits = rows * columns;
            for (long f = 0; f < frames; f++)
            {
                for (long r = 0; r < rows; r++)
                {
                    long y = r + originRow - 1;
                    if (y < 0 || y >= mask.Rows) continue;
                    var row = mask.Row((int)y);
                    for (long c = 0; c < columns; c++)
                    {
                        long x = c + originColumn - 1;
                        if (x < 0 || x >= mask.Columns || row[(int)x] != 0) continue;
                        long bit = f * frameBits + r * columns + c;
                        long index = bigEndianWords ? ((bit >> 4) << 1) + (1 - ((bit >> 3) & 1)) : bit >> 3;
                        if (index >= bits.Length) continue;
                        byte flag = (byte)(1 << (int)(bit & 7));
                        if ((bits[index] & flag) == 0) continue;
                        bits[index] &= (byte)~flag;
                        changed = true;
                    }
                }
            }
            return changed;
        }

        // Absent or malformed: 0, and the plane is left as it is.
        private static long First(DicomDataset dataset, DicomTag tag)
        {
            try
            {
                return dataset.TryGetInteger(tag, out long value) ? value : 0;
            }
            catch (DicomFormatException)
            {
                return 0;
            }
        }

        private static int[]? Origin(DicomDataset dataset, DicomTag tag)
        {
            try
            {
                var numbers = dataset.GetNumbers(tag);
                return numbers != null && numbers.Length >= 2 ? new[] { (int)numbers[0], (int)numbers[1] } : null;
            }
            catch (DicomFormatException)
            {
                return null;
            }
        }

        /// <summary>The separate overlay planes of <paramref name="dataset"/> with at least one bit set: their group, Overlay Data element and bits set.</summary>
        public static List<(ushort Group, DicomElement Element, long BitsSet)> Drawn(DicomDataset dataset)
        {
            var drawn = new List<(ushort, DicomElement, long)>();
            foreach (var (group, element) in Planes(dataset))
            {
                long set = 0;
                foreach (byte b in Bits(element))
                {
                    int v = b;
                    while (v != 0)
                    {
                        v &= v - 1;
                        set++;
                    }
                }
                if (set > 0) drawn.Add((group, element, set));
            }
            return drawn;
        }
    }
}
