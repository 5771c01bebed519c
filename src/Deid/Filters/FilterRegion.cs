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

        /// <summary>
        /// Burned-in identifying text OCR found (<c>-Ocr</c>): blanked like <see cref="Clean"/>, after every recipe region, so a
        /// recipe's <c>keepcoordinates</c> never brings back text OCR read.
        /// </summary>
        Ocr,
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

        /// <summary>The region of burned-in text OCR found: group <c>ocr</c>, labelled with the header field it matched.</summary>
        public FilterRegion(Deid.Ocr.OcrFinding finding)
            : this(FilterRegionKind.Ocr, (finding ?? throw new ArgumentNullException(nameof(finding))).Rectangle, OcrGroup, finding.Field)
        {
            Field = finding.Field;
            Confidence = finding.Confidence;
            Frame = finding.Frame;
        }

        /// <summary>The group name of OCR regions.</summary>
        public const string OcrGroup = "ocr";

        /// <summary>Clean (blank) or keep.</summary>
        public FilterRegionKind Kind { get; }

        /// <summary>deid's form: <c>x0,y0,x1,y1</c> or <c>all</c>.</summary>
        public string Rectangle { get; }

        /// <summary>The filter group of the label.</summary>
        public string Group { get; }

        /// <summary>The label that named the region.</summary>
        public string Label { get; }

        /// <summary>For an OCR region: the keyword of the header field whose value was read (or Date, Id, Text for a shape match).</summary>
        public string? Field { get; }

        /// <summary>For an OCR region: Tesseract's lowest word confidence, 0–100.</summary>
        public double? Confidence { get; }

        /// <summary>For an OCR region: the frame (from 0) the text was read in; it is blanked in every frame.</summary>
        public int? Frame { get; }

        /// <summary>True for <c>all</c>: the whole frame.</summary>
        public bool IsAll => string.Equals(Rectangle, "all", StringComparison.OrdinalIgnoreCase);

        /// <summary>"clean 0,0,512,110", "keep …", "ocr …".</summary>
        public override string ToString() => (Kind == FilterRegionKind.Keep ? "keep " : Kind == FilterRegionKind.Ocr ? "ocr " : "clean ") + Rectangle;
    }
}
