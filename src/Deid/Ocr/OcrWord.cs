namespace Deid.Ocr
{
    /// <summary>One word Tesseract read: its text, its confidence (0–100) and its box in the image Tesseract was given.</summary>
    public sealed class OcrWord
    {
        /// <summary>Creates a word.</summary>
        public OcrWord(string text, double confidence, int left, int top, int width, int height, int block, int paragraph, int line)
        {
            Text = text;
            Confidence = confidence;
            Left = left;
            Top = top;
            Width = width;
            Height = height;
            Block = block;
            Paragraph = paragraph;
            Line = line;
        }

        /// <summary>The text as read.</summary>
        public string Text { get; }

        /// <summary>Tesseract's confidence, 0–100.</summary>
        public double Confidence { get; }

        /// <summary>Left edge, pixels.</summary>
        public int Left { get; }

        /// <summary>Top edge, pixels.</summary>
        public int Top { get; }

        /// <summary>Width, pixels.</summary>
        public int Width { get; }

        /// <summary>Height, pixels.</summary>
        public int Height { get; }

        /// <summary>Right edge (exclusive).</summary>
        public int Right => Left + Width;

        /// <summary>Bottom edge (exclusive).</summary>
        public int Bottom => Top + Height;

        /// <summary>Tesseract's block number.</summary>
        public int Block { get; }

        /// <summary>Tesseract's paragraph number within the block.</summary>
        public int Paragraph { get; }

        /// <summary>Tesseract's line number within the paragraph.</summary>
        public int Line { get; }

        /// <summary>True when <paramref name="other"/> is on the same text line.</summary>
        public bool SameLine(OcrWord other) => Block == other.Block && Paragraph == other.Paragraph && Line == other.Line;

        /// <inheritdoc />
        public override string ToString() => $"'{Text}' {Confidence:0} @{Left},{Top} {Width}x{Height}";
    }
}
