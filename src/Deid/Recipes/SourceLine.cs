using System.Collections.Generic;

namespace Deid.Recipes
{
    /// <summary>One line of recipe text with its 1-based number, so every warning and error can name line and column.</summary>
    internal readonly struct SourceLine
    {
        public SourceLine(int number, string raw)
        {
            Number = number;
            Raw = raw;
            int indent = 0;
            while (indent < raw.Length && char.IsWhiteSpace(raw[indent])) indent++;
            Indent = indent;
            Content = raw.Trim();
        }

        public int Number { get; }

        public string Raw { get; }

        public int Indent { get; }

        public string Content { get; }

        public int Column(int indexInContent) => Indent + indexInContent + 1;

        /// <summary>Splits text at \n, \r\n or \r (a leading BOM dropped), numbering the lines as editors do.</summary>
        public static List<SourceLine> Split(string text)
        {
            var lines = new List<SourceLine>();
            int n = 1, start = 0;
            if (text.Length > 0 && text[0] == '\uFEFF') start = 1;
            for (int i = start; i <= text.Length; i++)
            {
                if (i == text.Length || text[i] == '\n' || text[i] == '\r')
                {
                    lines.Add(new SourceLine(n++, text.Substring(start, i - start)));
                    if (i < text.Length && text[i] == '\r' && i + 1 < text.Length && text[i + 1] == '\n') i++;
                    start = i + 1;
                }
            }
            return lines;
        }
    }
}
