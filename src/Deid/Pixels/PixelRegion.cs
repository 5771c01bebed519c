using System;
using System.Globalization;

namespace Deid.Pixels
{
    /// <summary>
    /// One rectangle of a cleaning mask as deid's recipes give it: <c>coordinates</c> blank it, <c>keepcoordinates</c> keep it;
    /// <c>all</c> is the whole frame. Corners are pixel indexes as numpy slices take them: columns X0 up to (not including) X1,
    /// rows Y0 up to Y1.
    /// </summary>
    public readonly struct PixelRegion : IEquatable<PixelRegion>
    {
        private PixelRegion(bool keep, bool all, int x0, int y0, int x1, int y1)
        {
            Keep = keep;
            IsAll = all;
            X0 = x0;
            Y0 = y0;
            X1 = x1;
            Y1 = y1;
        }

        /// <summary>A rectangle to blank (<paramref name="keep"/> false) or keep.</summary>
        public static PixelRegion Rectangle(int x0, int y0, int x1, int y1, bool keep = false) => new PixelRegion(keep, false, x0, y0, x1, y1);

        /// <summary>The whole frame, to blank or keep.</summary>
        public static PixelRegion All(bool keep = false) => new PixelRegion(keep, true, 0, 0, 0, 0);

        /// <summary>
        /// Reads a rectangle as a recipe or a filter result writes it: <c>all</c>, or <c>x0,y0,x1,y1</c> (whole numbers; a decimal
        /// part, as some devices' region values carry, is dropped as Python's int() drops it).
        /// </summary>
        public static bool TryParse(string text, bool keep, out PixelRegion region)
        {
            region = default;
            if (text == null) return false;
            string t = text.Trim();
            if (string.Equals(t, "all", StringComparison.OrdinalIgnoreCase))
            {
                region = All(keep);
                return true;
            }
            var parts = t.Split(',');
            if (parts.Length != 4) return false;
            var v = new int[4];
            for (int i = 0; i < 4; i++)
            {
                if (!double.TryParse(parts[i].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out double d) || double.IsNaN(d) || Math.Abs(d) > int.MaxValue) return false;
                v[i] = (int)Math.Truncate(d);
            }
            region = Rectangle(v[0], v[1], v[2], v[3], keep);
            return true;
        }

        /// <summary>True for <c>keepcoordinates</c>: the region is set back to ones in the mask.</summary>
        public bool Keep { get; }

        /// <summary>True for <c>all</c>: the whole frame.</summary>
        public bool IsAll { get; }

        /// <summary>First column.</summary>
        public int X0 { get; }

        /// <summary>First row.</summary>
        public int Y0 { get; }

        /// <summary>The column after the last.</summary>
        public int X1 { get; }

        /// <summary>The row after the last.</summary>
        public int Y1 { get; }

        /// <summary>True when some of the region lies outside a frame of <paramref name="columns"/> × <paramref name="rows"/>.</summary>
        public bool ExceedsFrame(int columns, int rows) => !IsAll && (X0 < 0 || Y0 < 0 || X1 > columns || Y1 > rows);

        /// <inheritdoc/>
        public bool Equals(PixelRegion other) =>
            Keep == other.Keep && IsAll == other.IsAll && X0 == other.X0 && Y0 == other.Y0 && X1 == other.X1 && Y1 == other.Y1;

        /// <inheritdoc/>
        public override bool Equals(object? obj) => obj is PixelRegion r && Equals(r);

        /// <inheritdoc/>
        public override int GetHashCode() => ((((X0 * 31 + Y0) * 31 + X1) * 31 + Y1) * 4) + (Keep ? 2 : 0) + (IsAll ? 1 : 0);

        /// <summary>"x0,y0,x1,y1" or "all", as the recipe writes it (keep regions prefixed "keep ").</summary>
        public override string ToString() =>
            (Keep ? "keep " : string.Empty) + (IsAll ? "all" : string.Format(CultureInfo.InvariantCulture, "{0},{1},{2},{3}", X0, Y0, X1, Y1));
    }
}
