using System;
using System.Collections.Generic;
using System.Globalization;

namespace Deid.Ocr
{
    /// <summary>
    /// Reads Tesseract's <c>tsv</c> output: a header line, then one row per page, block, paragraph, line and word
    /// (<c>level page_num block_num par_num line_num word_num left top width height conf text</c>). Only level-5 rows (words)
    /// with text are kept.
    /// </summary>
    public static class TesseractTsv
    {
        private const int WordLevel = 5;

        /// <summary>The words of <paramref name="tsv"/>, in Tesseract's reading order.</summary>
        public static IReadOnlyList<OcrWord> Parse(string tsv)
        {
            var words = new List<OcrWord>();
            if (string.IsNullOrEmpty(tsv)) return words;
            foreach (string raw in tsv.Split('\n'))
            {
                string line = raw.TrimEnd('\r');
                if (line.Length == 0 || line.StartsWith("level", StringComparison.Ordinal)) continue;
                string[] c = line.Split('\t');
                if (c.Length < 12 || !Int(c[0], out int level) || level != WordLevel) continue;
                // The text column is the rest of the line: Tesseract never writes a tab inside a word, but be safe.
                string text = c.Length == 12 ? c[11] : string.Join("\t", c, 11, c.Length - 11);
                if (text.Trim().Length == 0) continue;
                if (!Int(c[2], out int block) || !Int(c[3], out int par) || !Int(c[4], out int ln)
                    || !Int(c[6], out int left) || !Int(c[7], out int top) || !Int(c[8], out int width) || !Int(c[9], out int height)
                    || !double.TryParse(c[10], NumberStyles.Float, CultureInfo.InvariantCulture, out double conf))
                {
                    continue;
                }
                words.Add(new OcrWord(text.Trim(), conf, left, top, width, height, block, par, ln));
            }
            return words;
        }

        private static bool Int(string s, out int value) => int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out value);
    }
}
