using System;
using System.Globalization;
using System.Text;

namespace Deid.Ocr
{
    /// <summary>
    /// Text compared the way OCR errs: upper case, accents and punctuation dropped, and the characters Tesseract confuses folded
    /// together (0/O/Q-less, 1/I/l/|, 5/S, 8/B, 2/Z, 6/G), so "J0HN" and "JOHN", "5MITH" and "SMITH" are the same word before
    /// any edit distance is counted.
    /// </summary>
    public static class OcrText
    {
        /// <summary>The folded form of <paramref name="text"/>: only letters and digits, each in its confusion class.</summary>
        public static string Canonical(string text)
        {
            if (string.IsNullOrEmpty(text)) return string.Empty;
            string decomposed = text.Normalize(NormalizationForm.FormD);
            var sb = new StringBuilder(decomposed.Length);
            foreach (char raw in decomposed)
            {
                if (CharUnicodeInfo.GetUnicodeCategory(raw) == UnicodeCategory.NonSpacingMark) continue;
                char c = char.ToUpperInvariant(raw);
                switch (c)
                {
                    case '0': sb.Append('O'); break;
                    case '1': case 'L': case '|': case '!': sb.Append('I'); break;
                    case '5': sb.Append('S'); break;
                    case '8': sb.Append('B'); break;
                    case '2': sb.Append('Z'); break;
                    case '6': sb.Append('G'); break;
                    default:
                        if (char.IsLetterOrDigit(c)) sb.Append(c);
                        break;
                }
            }
            return sb.ToString();
        }

        /// <summary>
        /// The edits OCR may make to a word of <paramref name="length"/> folded characters and still be that word: none below 5
        /// (short words are too easily another word), one up to 7, two from 8 ("FLOREMTIME" is FLORENTINE).
        /// </summary>
        public static int AllowedEdits(int length) => length < 5 ? 0 : length < 8 ? 1 : 2;

        /// <summary>True when the Levenshtein distance between <paramref name="a"/> and <paramref name="b"/> is at most <paramref name="max"/>.</summary>
        public static bool WithinEdits(string a, string b, int max)
        {
            if (Math.Abs(a.Length - b.Length) > max) return false;
            if (max == 0) return string.Equals(a, b, StringComparison.Ordinal);
            // Two rows of the dynamic programme; the band check above keeps it cheap for the short words OCR returns.
            var previous = new int[b.Length + 1];
            var current = new int[b.Length + 1];
            for (int j = 0; j <= b.Length; j++) previous[j] = j;
            for (int i = 1; i <= a.Length; i++)
            {
                current[0] = i;
                int rowMin = current[0];
                for (int j = 1; j <= b.Length; j++)
                {
                    int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                    current[j] = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + cost);
                    if (current[j] < rowMin) rowMin = current[j];
                }
                if (rowMin > max) return false;
                (previous, current) = (current, previous);
            }
            return previous[b.Length] <= max;
        }
    }
}
