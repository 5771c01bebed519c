using System.Globalization;
using System.Linq;

namespace Deid.Ocr
{
    /// <summary>
    /// A rectangle of burned-in text OCR found, in the frame's own pixels (x0,y0 inclusive, x1,y1 exclusive, as deid's
    /// coordinates), with the header field it matched and the lowest word confidence. The text itself is never kept: it is PHI.
    /// </summary>
    public sealed class OcrFinding
    {
        /// <summary>Creates a finding.</summary>
        public OcrFinding(int frame, int x0, int y0, int x1, int y1, string field, double confidence)
        {
            Frame = frame;
            X0 = x0;
            Y0 = y0;
            X1 = x1;
            Y1 = y1;
            Field = field;
            Confidence = confidence;
        }

        /// <summary>The frame (0-based) it was found in.</summary>
        public int Frame { get; }

        /// <summary>Left edge.</summary>
        public int X0 { get; }

        /// <summary>Top edge.</summary>
        public int Y0 { get; }

        /// <summary>Right edge (exclusive).</summary>
        public int X1 { get; }

        /// <summary>Bottom edge (exclusive).</summary>
        public int Y1 { get; }

        /// <summary>The keyword of the header element matched, or <c>Date</c>, <c>Id</c>, <c>Text</c> for pattern and all-text matches.</summary>
        public string Field { get; }

        /// <summary>The lowest Tesseract confidence (0–100) of its words.</summary>
        public double Confidence { get; }

        /// <summary>The rectangle as a recipe writes it: <c>x0,y0,x1,y1</c>.</summary>
        public string Rectangle => string.Join(",", new[] { X0, Y0, X1, Y1 }.Select(v => v.ToString(CultureInfo.InvariantCulture)));

        /// <summary>Area in pixels.</summary>
        public long Area => (long)(X1 - X0) * (Y1 - Y0);

        /// <inheritdoc />
        public override string ToString() => $"ocr {Rectangle} {Field} {Confidence:0}";
    }
}
