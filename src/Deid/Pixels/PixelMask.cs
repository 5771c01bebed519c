using System;
using System.Collections.Generic;

namespace Deid.Pixels
{
    /// <summary>
    /// deid's cleaning mask (<c>DicomCleaner.clean</c>): ones over the frame; each region in order sets its rectangle to 0
    /// (clean) or 1 (keep), later regions winning; the frame is then multiplied by it. Held as one row per band of identical rows:
    /// the same mask applies to every frame and every sample.
    /// </summary>
    public sealed class PixelMask
    {
        // Rectangles make runs of identical rows, so the mask is kept as one row per band of rows between consecutive region
        // edges (at most 2 × regions + 1 bands) rather than a byte per pixel: a 2048×1536 frame's full mask was a 3 MB
        // allocation per file, on the large object heap, which the GC let grow the process by hundreds of MB over a batch.
        private readonly int[] _bandStarts;
        private readonly byte[][] _bandRows;

        /// <summary>Builds the mask of <paramref name="regions"/> for frames of <paramref name="columns"/> × <paramref name="rows"/>.</summary>
        public PixelMask(int columns, int rows, IEnumerable<PixelRegion> regions)
        {
            if (columns <= 0 || rows <= 0) throw new ArgumentOutOfRangeException(nameof(columns), "A frame has at least one row and one column.");
            if (regions == null) throw new ArgumentNullException(nameof(regions));
            Columns = columns;
            Rows = rows;
            var clipped = new List<(int X0, int Y0, int X1, int Y1, byte Value)>();
            var edges = new SortedSet<int> { 0 };
            foreach (var r in regions)
            {
                if (r.ExceedsFrame(columns, rows)) ExceedsFrame = true;
                // numpy's slice [y0:y1, x0:x1] clipped to the array: nothing outside the frame, nothing when empty.
                int x0 = r.IsAll ? 0 : Clamp(r.X0, columns), x1 = r.IsAll ? columns : Clamp(r.X1, columns);
                int y0 = r.IsAll ? 0 : Clamp(r.Y0, rows), y1 = r.IsAll ? rows : Clamp(r.Y1, rows);
                if (x1 <= x0 || y1 <= y0) continue;
                if (!r.Keep) CleansInFrame = true;
                clipped.Add((x0, y0, x1, y1, r.Keep ? (byte)1 : (byte)0));
                edges.Add(y0);
                if (y1 < rows) edges.Add(y1);
            }
            _bandStarts = new int[edges.Count];
            edges.CopyTo(_bandStarts);
            _bandRows = new byte[_bandStarts.Length][];
            for (int b = 0; b < _bandStarts.Length; b++)
            {
                int y = _bandStarts[b];
                int height = (b + 1 < _bandStarts.Length ? _bandStarts[b + 1] : rows) - y;
                var row = new byte[columns];
                row.AsSpan().Fill(1);
                // Every row of the band lies inside or outside each rectangle alike; later regions win, as in deid.
                foreach (var c in clipped)
                {
                    if (y >= c.Y0 && y < c.Y1) row.AsSpan(c.X0, c.X1 - c.X0).Fill(c.Value);
                }
                int blanked = 0;
                foreach (byte v in row)
                {
                    if (v == 0) blanked++;
                }
                BlankedPixels += blanked * height;
                _bandRows[b] = row;
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

        /// <summary>
        /// True when at least one clean region covers a pixel of the frame. False when every one is empty (<c>30,40,20,10</c>,
        /// <c>0,0,0,0</c>: x1 ≤ x0 or y1 ≤ y0, which numpy's slice takes as nothing) or lies wholly outside it: then nothing is
        /// blanked, whatever the recipe meant (unlike a keep region that covers the clean ones, which says so on purpose).
        /// </summary>
        public bool CleansInFrame { get; }

        /// <summary>True when the pixel at column <paramref name="x"/>, row <paramref name="y"/> is kept.</summary>
        public bool IsKept(int x, int y)
        {
            if ((uint)x >= (uint)Columns) throw new ArgumentOutOfRangeException(nameof(x));
            return Row(y)[x] != 0;
        }

        /// <summary>The mask of one row: 1 where kept, 0 where blanked.</summary>
        public ReadOnlySpan<byte> Row(int y)
        {
            if ((uint)y >= (uint)Rows) throw new ArgumentOutOfRangeException(nameof(y));
            int b = Array.BinarySearch(_bandStarts, y);
            if (b < 0) b = ~b - 1;
            return _bandRows[b];
        }

        // Negative corners clip to 0 rather than counting from the end as a Python slice would: a recipe's rectangle never means
        // "from the other side", and the mask must never blank less than the rectangle asked for inside the frame.
        private static int Clamp(int v, int size) => v < 0 ? 0 : v > size ? size : v;
    }
}
