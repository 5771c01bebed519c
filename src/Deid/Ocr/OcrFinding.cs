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

        /// <summary>
        /// <paramref name="findings"/> with the ones of the same frame that overlap joined into one rectangle (their fields
        /// joined by +, the lowest confidence kept): what two readings of the same frame found once is reported once.
        /// </summary>
        public static System.Collections.Generic.List<OcrFinding> MergeOverlapping(System.Collections.Generic.IEnumerable<OcrFinding> findings)
        {
            var list = new System.Collections.Generic.List<OcrFinding>(findings ?? throw new System.ArgumentNullException(nameof(findings)));
            bool merged = true;
            while (merged)
            {
                merged = false;
                for (int i = 0; i < list.Count && !merged; i++)
                {
                    for (int j = i + 1; j < list.Count; j++)
                    {
                        OcrFinding a = list[i], b = list[j];
                        if (a.Frame != b.Frame || a.X1 <= b.X0 || b.X1 <= a.X0 || a.Y1 <= b.Y0 || b.Y1 <= a.Y0) continue;
                        var fields = a.Field.Split('+').Concat(b.Field.Split('+')).Distinct();
                        list[i] = new OcrFinding(a.Frame, System.Math.Min(a.X0, b.X0), System.Math.Min(a.Y0, b.Y0), System.Math.Max(a.X1, b.X1),
                            System.Math.Max(a.Y1, b.Y1), string.Join("+", fields), System.Math.Min(a.Confidence, b.Confidence));
                        list.RemoveAt(j);
                        merged = true;
                        break;
                    }
                }
            }
            return list;
        }

        /// <inheritdoc />
        public override string ToString() => $"ocr {Rectangle} {Field} {Confidence:0}";
    }
}
