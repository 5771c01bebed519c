namespace Deid.Ocr
{
    /// <summary>One folded form of one identifying value of the file's own header, as OCR text is compared with it.</summary>
    public sealed class OcrTarget
    {
        /// <summary>Creates a target.</summary>
        public OcrTarget(string field, OcrTargetKind kind, string canonical, int source)
        {
            Field = field;
            Kind = kind;
            Canonical = canonical;
            Source = source;
        }

        /// <summary>The keyword of the header element the value came from.</summary>
        public string Field { get; }

        /// <summary>What kind of value it is.</summary>
        public OcrTargetKind Kind { get; }

        /// <summary>The value folded by <see cref="OcrText.Canonical"/>.</summary>
        public string Canonical { get; }

        /// <summary>Which value it came from (targets of the parts of one person name share it).</summary>
        public int Source { get; }

        /// <inheritdoc />
        public override string ToString() => Field + " " + Kind + " " + Canonical;
    }
}
