using System;
using System.Collections.Generic;

namespace Deid.Pixels
{
    /// <summary>
    /// deid's cleaning mask (<c>DicomCleaner.clean</c>): ones over the frame; each region in order sets its rectangle to 0
    /// (clean) or 1 (keep), later regions winning; the frame is then multiplied by it. Held as one byte per pixel of one frame:
    /// the same mask applies to every frame and every sample.
    /// </summary>
    public sealed class PixelMask
    {
        private readonly byte[] _keep;

        /// <summary>Builds the mask of <paramref name="regions"/> for frames of <paramref name="columns"/> × <paramref name="rows"/>.</summary>
        public PixelMask(int columns, int rows, IEnumerable<PixelRegion> regions)
        {
            if (columns <= 0 || rows <= 0) throw new ArgumentOutOfRangeException(nameof(columns), "A frame has at least one row and one column.");
            if (regions == null) throw new ArgumentNullException(nameof(regions));
            Columns = columns;
            Rows = rows;
            _keep = new byte[checked(columns * rows)];
            _keep.AsSpan().Fill(1);
            foreach (var r in regions)
            {
                if (r.ExceedsFrame(columns, rows)) ExceedsFrame = true;
                // numpy's slice [y0:y1, x0:x1] clipped to the array: nothing outside the frame, nothing when empty.
                int x0 = r.IsAll ? 0 : Clamp(r.X0, columns), x1 = r.IsAll ? columns : Clamp(r.X1, columns);
                int y0 = r.IsAll ? 0 : Clamp(r.Y0, rows), y1 = r.IsAll ? rows : Clamp(r.Y1, rows);
                if (x1 <= x0 || y1 <= y0) continue;
                byte value = r.Keep ? (byte)1 : (byte)0;
                for (int y = y0; y < y1; y++) _keep.AsSpan(y * columns + x0, x1 - x0).Fill(value);
            }
            foreach (byte b in _keep)
            {
                if (b == 0) BlankedPixels++;
            }
        }

        /// <summary>Columns of the frame.</summary>
        public int Columns { get; }

        /// <summary>Rows of the frame.</summary>
        public int Rows { get; }

        /// <summary>How many pixels of a frame the mask blanks.</summary>
        public int BlankedPixels { get; }

        /// <summary>True when a region lay (partly) outside the frame and was clipped.</summary>
        public bool ExceedsFrame { get; }

        /// <summary>True when the pixel at column <paramref name="x"/>, row <paramref name="y"/> is kept.</summary>
        public bool IsKept(int x, int y) => _keep[y * Columns + x] != 0;

        /// <summary>The mask of one row: 1 where kept, 0 where blanked.</summary>
        public ReadOnlySpan<byte> Row(int y) => _keep.AsSpan(y * Columns, Columns);

        // Negative corners clip to 0 rather than counting from the end as a Python slice would: a recipe's rectangle never means
        // "from the other side", and the mask must never blank less than the rectangle asked for inside the frame.
        private static int Clamp(int v, int size) => v < 0 ? 0 : v > size ? size : v;
    }
}
