using System;

namespace Deid.Filters
{
    /// <summary>What a flagged region asks the pixel cleaner to do (deid's mask value).</summary>
    public enum FilterRegionKind
    {
        /// <summary><c>coordinates</c> / <c>ctpcoordinates</c>: blank the region (mask 0).</summary>
        Clean,

        /// <summary><c>keepcoordinates</c> / <c>ctpkeepcoordinates</c>: keep the region (mask 1), applied in order after earlier cleans.</summary>
        Keep,
    }

    /// <summary>
    /// One resolved region of a flagged label: a rectangle <c>x0,y0,x1,y1</c> (x1 and y1 exclusive, as deid slices the image) or
    /// <c>all</c>, with the group and label it came from. Regions are listed in the order deid applies them.
    /// </summary>
    public sealed class FilterRegion
    {
        /// <summary>Creates a region.</summary>
        public FilterRegion(FilterRegionKind kind, string rectangle, string group, string label)
        {
            Kind = kind;
            Rectangle = rectangle ?? throw new ArgumentNullException(nameof(rectangle));
            Group = group ?? throw new ArgumentNullException(nameof(group));
            Label = label ?? throw new ArgumentNullException(nameof(label));
        }

        /// <summary>Clean (blank) or keep.</summary>
        public FilterRegionKind Kind { get; }

        /// <summary>deid's form: <c>x0,y0,x1,y1</c> or <c>all</c>.</summary>
        public string Rectangle { get; }

        /// <summary>The filter group of the label.</summary>
        public string Group { get; }

        /// <summary>The label that named the region.</summary>
        public string Label { get; }

        /// <summary>True for <c>all</c>: the whole frame.</summary>
        public bool IsAll => string.Equals(Rectangle, "all", StringComparison.OrdinalIgnoreCase);

        /// <summary>"clean 0,0,512,110".</summary>
        public override string ToString() => (Kind == FilterRegionKind.Keep ? "keep " : "clean ") + Rectangle;
    }
}
