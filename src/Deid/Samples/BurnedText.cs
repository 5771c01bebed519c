namespace Deid.Samples
{
    /// <summary>
    /// One piece of text New-DicomSample -LegibleText burned into the pixels: what it says, which header value it repeats (or
    /// none, for a label such as "TIS 0.4"), and its box in pixels.
    /// </summary>
    public sealed class BurnedText
    {
        internal BurnedText(string text, string? keyword, int x0, int y0, int x1, int y1, int scale, int grey)
        {
            Text = text;
            Keyword = keyword;
            X0 = x0;
            Y0 = y0;
            X1 = x1;
            Y1 = y1;
            Scale = scale;
            Grey = grey;
        }

        /// <summary>The text as drawn.</summary>
        public string Text { get; }

        /// <summary>The header attribute whose value it shows (PatientName, PatientID, PatientBirthDate); null for a label.</summary>
        public string? Keyword { get; }

        /// <summary>True when the text repeats an identifying header value (it must be blanked).</summary>
        public bool IsIdentifying => Keyword != null;

        /// <summary>Left column of the box.</summary>
        public int X0 { get; }

        /// <summary>Top row of the box.</summary>
        public int Y0 { get; }

        /// <summary>Column just right of the box.</summary>
        public int X1 { get; }

        /// <summary>Row just below the box.</summary>
        public int Y1 { get; }

        /// <summary>Glyph scale: each glyph is 5×7 cells of this many pixels.</summary>
        public int Scale { get; }

        /// <summary>The pixel value the text was drawn with.</summary>
        public int Grey { get; }

        /// <summary>The box as deid's coordinates, x0,y0,x1,y1.</summary>
        public string Rectangle => $"{X0},{Y0},{X1},{Y1}";

        /// <inheritdoc/>
        public override string ToString() => (Keyword ?? "label") + " '" + Text + "' at " + Rectangle;
    }
}
