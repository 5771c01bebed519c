using System;
using System.Collections.Generic;
using Deid.Fields;

namespace Deid.Recipes
{
    /// <summary>What a coordinates line gives.</summary>
    public enum CoordinatesKind
    {
        /// <summary>A rectangle (xmin, ymin, xmax, ymax).</summary>
        Rectangle,

        /// <summary><c>all</c>: the whole image.</summary>
        All,

        /// <summary><c>from:FIELD</c>: the regions of a sequence such as SequenceOfUltrasoundRegions (RegionLocationMinX0, ...).</summary>
        FromField,
    }

    /// <summary>
    /// A coordinates line of a filter label: <c>coordinates</c> / <c>keepcoordinates</c> take xmin,ymin,xmax,ymax (or all, or from:FIELD);
    /// <c>ctpcoordinates</c> / <c>ctpkeepcoordinates</c> take CTP's x,y,width,height (or all) and are converted as deid converts them.
    /// Equality compares the keyword and the text.
    /// </summary>
    public sealed class FilterCoordinates : IEquatable<FilterCoordinates>
    {
        private FilterCoordinates(bool keep, bool isCtp, string text, CoordinatesKind kind, int xMin, int yMin, int xMax, int yMax, FieldSpec? from)
        {
            Keep = keep;
            IsCtp = isCtp;
            Text = text;
            Kind = kind;
            XMin = xMin;
            YMin = yMin;
            XMax = xMax;
            YMax = yMax;
            From = from;
        }

        /// <summary>True for keepcoordinates / ctpkeepcoordinates (mask value 1: keep); false for regions to blank (mask value 0).</summary>
        public bool Keep { get; }

        /// <summary>True when written as ctpcoordinates / ctpkeepcoordinates (x, y, width, height).</summary>
        public bool IsCtp { get; }

        /// <summary>The text after the keyword, as written.</summary>
        public string Text { get; }

        /// <summary>What the text gives.</summary>
        public CoordinatesKind Kind { get; }

        /// <summary>Left edge (inclusive) for a rectangle.</summary>
        public int XMin { get; }

        /// <summary>Top edge (inclusive) for a rectangle.</summary>
        public int YMin { get; }

        /// <summary>Right edge (exclusive, as numpy slices) for a rectangle; for CTP input x + width.</summary>
        public int XMax { get; }

        /// <summary>Bottom edge (exclusive) for a rectangle; for CTP input y + height.</summary>
        public int YMax { get; }

        /// <summary>The field named by <c>from:</c>.</summary>
        public FieldSpec? From { get; }

        /// <summary>The recipe keyword: coordinates, keepcoordinates, ctpcoordinates or ctpkeepcoordinates.</summary>
        public string Keyword => (IsCtp ? "ctp" : "") + (Keep ? "keep" : "") + "coordinates";

        /// <summary>deid's stored form: "xmin,ymin,xmax,ymax", "all" or "from:FIELD".</summary>
        public string DeidValue => Kind switch
        {
            CoordinatesKind.All => "all",
            CoordinatesKind.FromField => "from:" + From,
            _ => string.Join(",", new[] { XMin, YMin, XMax, YMax }.ToInvariantStrings()),
        };

        /// <summary>
        /// Reads the text after a coordinates keyword. Returns false with what was expected when deid could not use it (a CTP line
        /// that is not four integers or "all" stops deid's loader; a plain one fails when the image is cleaned).
        /// </summary>
        public static bool TryParse(bool keep, bool isCtp, string text, out FilterCoordinates coordinates, out string? error)
        {
            coordinates = null!;
            error = null;
            text = (text ?? "").Trim();
            string keyword = (isCtp ? "ctp" : "") + (keep ? "keep" : "") + "coordinates";
            if (isCtp)
            {
                if (text == "all")
                {
                    coordinates = new FilterCoordinates(keep, true, text, CoordinatesKind.All, 0, 0, 0, 0, null);
                    return true;
                }
                if (text.IndexOf("from:", StringComparison.Ordinal) >= 0)
                {
                    error = $"{keyword} takes x,y,width,height or all; deid 0.4.12 reads from:FIELD only after coordinates or keepcoordinates.";
                    return false;
                }
                var parts = new List<int>();
                foreach (var p in text.Split(','))
                {
                    if (p.Length == 0) continue; // deid drops empty parts of a CTP list
                    if (!PythonText.TryParseInt(p, out int v))
                    {
                        error = $"{keyword} expects four integers x,y,width,height, found '{text}'.";
                        return false;
                    }
                    parts.Add(v);
                }
                if (parts.Count != 4)
                {
                    error = $"{keyword} expects four integers x,y,width,height, found {parts.Count} in '{text}'.";
                    return false;
                }
                coordinates = new FilterCoordinates(keep, true, text, CoordinatesKind.Rectangle, parts[0], parts[1], parts[0] + parts[2], parts[1] + parts[3], null);
                return true;
            }

            if (string.Equals(text, "all", StringComparison.OrdinalIgnoreCase))
            {
                coordinates = new FilterCoordinates(keep, false, text, CoordinatesKind.All, 0, 0, 0, 0, null);
                return true;
            }
            int from = text.IndexOf("from:", StringComparison.Ordinal);
            if (from >= 0)
            {
                string fieldText = text.Remove(from, 5);
                if (!FieldSpec.TryParse(fieldText, out var field, out var fieldError))
                {
                    error = $"{keyword} from: {fieldError}";
                    return false;
                }
                coordinates = new FilterCoordinates(keep, false, text, CoordinatesKind.FromField, 0, 0, 0, 0, field);
                return true;
            }
            var values = text.Split(',');
            var ints = new int[4];
            if (values.Length != 4)
            {
                error = $"{keyword} expects xmin,ymin,xmax,ymax, all or from:FIELD, found '{text}'.";
                return false;
            }
            for (int i = 0; i < 4; i++)
            {
                if (!PythonText.TryParseInt(values[i], out ints[i]))
                {
                    error = $"{keyword} expects four integers xmin,ymin,xmax,ymax, found '{text}'.";
                    return false;
                }
            }
            coordinates = new FilterCoordinates(keep, false, text, CoordinatesKind.Rectangle, ints[0], ints[1], ints[2], ints[3], null);
            return true;
        }

        /// <summary>Parses as <see cref="TryParse"/>, throwing <see cref="FormatException"/> on failure.</summary>
        public static FilterCoordinates Parse(bool keep, bool isCtp, string text) =>
            TryParse(keep, isCtp, text, out var c, out var error) ? c : throw new FormatException(error);

        /// <summary>The line as recipe text: keyword and text.</summary>
        public override string ToString() => Keyword + " " + Text;

        /// <inheritdoc/>
        public bool Equals(FilterCoordinates? other) =>
            other is not null && Keep == other.Keep && IsCtp == other.IsCtp && string.Equals(Text, other.Text, StringComparison.Ordinal);

        /// <inheritdoc/>
        public override bool Equals(object? obj) => Equals(obj as FilterCoordinates);

        /// <inheritdoc/>
        public override int GetHashCode() => (Keep ? 1 : 0) + (IsCtp ? 2 : 0) + 4 * StringComparer.Ordinal.GetHashCode(Text);
    }
}
