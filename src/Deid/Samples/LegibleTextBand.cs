using System;
using System.Collections.Generic;
using System.Globalization;

namespace Deid.Samples
{
    /// <summary>
    /// Lays out and burns the OCR-legible annotation of New-DicomSample -LegibleText, as ultrasound and secondary-capture devices
    /// print it: the patient's name, ID and birth date (in a printed date form) near the top and device labels near the bottom,
    /// at positions, glyph sizes and greys that vary with the seed, so a corpus tests OCR on more than one layout.
    /// </summary>
    internal static class LegibleTextBand
    {
        private static readonly string[] DateFormats = { "yyyy-MM-dd", "dd/MM/yyyy", "dd.MM.yy", "MMM dd yyyy" };
        private static readonly string[] Labels = { "TIS 0.4 MI 1.1", "C5-1 ABD", "GAIN 52 DR 60", "FR 28 HZ", "DEPTH 16 CM" };

        /// <summary>The pieces to draw for a patient, with their boxes in an image of <paramref name="columns"/> × <paramref name="rows"/>.</summary>
        public static List<BurnedText> Layout(int columns, int rows, int max, string family, string given, string patientId, DateTime birth, SampleRandom r)
        {
            int small = Math.Max(1, Math.Min(columns, rows) / 256), large = Math.Max(small, Math.Min(columns, rows) / 128);
            string date = birth.ToString(DateFormats[r.Next(DateFormats.Length)], CultureInfo.InvariantCulture).ToUpperInvariant();
            var lines = new List<(string Text, string? Keyword)[]>
            {
                new (string, string?)[] { (family + " " + given, "PatientName") },
                new (string, string?)[] { ("ID", null), (patientId, "PatientID") },
                new (string, string?)[] { ("DOB", null), (date, "PatientBirthDate") },
            };
            string first = Labels[r.Next(Labels.Length)], second = Labels[r.Next(Labels.Length)];
            var bottom = new List<(string Text, string? Keyword)[]> { new (string, string?)[] { (first, null) } };
            if (second != first) bottom.Add(new (string, string?)[] { (second, null) });

            var placed = new List<BurnedText>();
            int y = 2 + r.Next(Math.Max(1, rows / 32));
            foreach (var line in lines) y = Place(placed, line, columns, rows, max, small, large, y, r) + 2 * small;
            int height = 0;
            var scales = new int[bottom.Count];
            for (int i = 0; i < bottom.Count; i++)
            {
                scales[i] = small + r.Next(large - small + 1);
                height += (BitmapFont.Height + 2) * scales[i];
            }
            y = Math.Max(y, rows - height - 2);
            for (int i = 0; i < bottom.Count; i++) y = Place(placed, bottom[i], columns, rows, max, scales[i], scales[i], y, r) + 2 * scales[i];
            return placed;
        }

        /// <summary>
        /// Burns <paramref name="piece"/> anti-aliased: the 5×7 cells scaled up and smoothed (two box blurs of half a cell), so the
        /// glyphs' diagonals join as a printed font's do instead of standing as separate blocks, which OCR misreads (N as H, 0 as
        /// 6). <paramref name="blend"/> gets each pixel index with the grey and its coverage.
        /// </summary>
        public static void Burn(BurnedText piece, int columns, int rows, Action<int, (int Grey, double Coverage)> blend)
        {
            int s = piece.Scale, radius = Math.Max(1, s / 2), margin = 2 * radius;
            int w = piece.X1 - piece.X0 + 2 * margin, h = piece.Y1 - piece.Y0 + 2 * margin;
            var mask = new double[w * h];
            int x0 = margin;
            foreach (char c in piece.Text)
            {
                BitmapFont.Draw(c, x0, margin, s, (px, py) =>
                {
                    if (px < w && py < h) mask[py * w + px] = 1;
                });
                x0 += BitmapFont.Advance(s);
            }
            if (s > 1)
            {
                mask = BoxBlur(BoxBlur(mask, w, h, radius, horizontal: true), w, h, radius, horizontal: false);
                mask = BoxBlur(BoxBlur(mask, w, h, radius, horizontal: true), w, h, radius, horizontal: false);
            }
            for (int y = 0; y < h; y++)
            {
                int py = piece.Y0 - margin + y;
                if (py < 0 || py >= rows) continue;
                for (int x = 0; x < w; x++)
                {
                    int px = piece.X0 - margin + x;
                    // Sharpened coverage: the blur rounds the corners; the ramp keeps strokes solid in the middle.
                    double a = Math.Min(1, Math.Max(0, (mask[y * w + x] - 0.2) / 0.5));
                    if (px < 0 || px >= columns || a <= 0) continue;
                    blend(py * columns + px, (piece.Grey, a));
                }
            }
        }

        private static double[] BoxBlur(double[] src, int w, int h, int r, bool horizontal)
        {
            var dst = new double[src.Length];
            int n = 2 * r + 1;
            for (int y = 0; y < h; y++)
            {
                for (int x = 0; x < w; x++)
                {
                    double sum = 0;
                    for (int k = -r; k <= r; k++)
                    {
                        int xx = horizontal ? x + k : x, yy = horizontal ? y : y + k;
                        if (xx >= 0 && xx < w && yy >= 0 && yy < h) sum += src[yy * w + xx];
                    }
                    dst[y * w + x] = sum / n;
                }
            }
            return dst;
        }

        /// <summary>Places one line's pieces left to right from a random x; returns the row below the line.</summary>
        private static int Place(List<BurnedText> placed, (string Text, string? Keyword)[] line, int columns, int rows, int max, int small, int large, int y, SampleRandom r)
        {
            int scale = small + r.Next(large - small + 1);
            int advance = BitmapFont.Advance(scale), space = advance;
            int width = -space;
            foreach (var (text, _) in line) width += text.Length * advance + space;
            int x = 2 + r.Next(Math.Max(1, columns - width - 4));
            int grey = (int)(max * (0.62 + 0.38 * r.Next(1000) / 1000.0));
            foreach (var (text, keyword) in line)
            {
                int x1 = Math.Min(columns, x + text.Length * advance - scale), y1 = Math.Min(rows, y + BitmapFont.Height * scale);
                placed.Add(new BurnedText(text, keyword, x, y, x1, y1, scale, grey));
                x += text.Length * advance + space;
            }
            return y + BitmapFont.Height * scale;
        }
    }
}
