using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;

namespace Deid.Ocr
{
    /// <summary>
    /// Decides which words Tesseract read are identifying, and turns them into rectangles: words (and runs of up to a few words on
    /// one line, for dates such as "Feb 14 1958" and multi-word institution names) are compared, folded and with the edit
    /// distance OCR errors need, against the file's own values; adjacent matches on a line merge into one rectangle, grown by a
    /// margin and mapped back to the frame's pixels.
    /// </summary>
    public sealed class OcrMatcher
    {
        // '^' as Tesseract reads it ('*', '~', a quote) and a hyphenated family name's '-' too (QA OCR: "DOE*JOHN" and
        // "WASHINGTON-SMYTHE," stayed legible); '/', '\\', '+' and '.' join names in labels ("DOE/JOHN", "J.DOE").
        private static readonly char[] SubTokenSeparators = { ':', '=', ',', ';', '^', '(', ')', '[', ']', '#', '_', '|', '-', '*', '~', '"', '\'', '/', '\\', '+', '.' };
        private static readonly Regex DateLike = new Regex(
            @"^(\d{1,4}[./-]\d{1,2}[./-]\d{2,4}|\d{1,2}[ .-]?[A-Za-z]{3}[ .-]?\d{2,4}|(19|20)\d{2}(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01]))$",
            RegexOptions.CultureInvariant);
        private static readonly Regex LongDigits = new Regex(@"\d{6,}", RegexOptions.CultureInvariant);

        // A date printed as three words, as screens print a date of birth: "SEP 15 1991", "Sep. 15, 1991", "15 September 1991",
        // "1991 SEP 15". Tesseract reads each part as a word of its own, which the one-word shapes above never see.
        private static readonly Regex MonthWord = new Regex(
            @"^(JAN|FEB|MAR|APR|MAY|JUNE?|JULY?|AUG|SEPT?|OCT|NOV|DEC|JANUARY|FEBRUARY|MARCH|APRIL|AUGUST|SEPTEMBER|OCTOBER|NOVEMBER|DECEMBER)\.?,?$",
            RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);
        // Any one or two digits: beside a month name and a year, "38" is a "30" OCR misread, and still the date.
        private static readonly Regex DayWord = new Regex(@"^\d{1,2}(ST|ND|RD|TH)?[.,]?$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);
        private static readonly Regex YearWord = new Regex(@"^(\d{2}|(1[89]|2\d)\d{2})[.,]?$", RegexOptions.CultureInvariant);
        private static readonly Regex FullYearWord = new Regex(@"^(1[89]|2\d)\d{2}[.,]?$", RegexOptions.CultureInvariant);

        private readonly OcrTargetSet _targets;

        /// <summary>Creates a matcher for one file's targets.</summary>
        public OcrMatcher(OcrTargetSet targets, OcrScope scope = OcrScope.Identifiers)
        {
            _targets = targets;
            Scope = scope;
        }

        /// <summary>Which words are reported.</summary>
        public OcrScope Scope { get; }

        /// <summary>With <see cref="OcrScope.AllText"/>, the lowest confidence (0–100) a word needs.</summary>
        public double MinimumConfidence { get; set; } = 60;

        /// <summary>How far a rectangle is grown around its words, as a fraction of the text height (at least 2 pixels).</summary>
        public double Margin { get; set; } = 0.25;

        /// <summary>
        /// The rectangles of identifying text among <paramref name="words"/> (boxes in an image <paramref name="scale"/> times the
        /// frame), in frame pixels clipped to <paramref name="columns"/> × <paramref name="rows"/>.
        /// </summary>
        public IReadOnlyList<OcrFinding> Match(IReadOnlyList<OcrWord> words, int scale, int columns, int rows, int frame = 0)
        {
            var findings = new List<OcrFinding>();
            foreach (var line in Lines(words))
            {
                var hits = new Hit?[line.Count];
                MarkTargets(line, hits);
                MarkPatterns(line, hits);
                Merge(line, hits, scale, columns, rows, frame, findings);
            }
            return findings;
        }

        private static List<List<OcrWord>> Lines(IReadOnlyList<OcrWord> words)
        {
            var lines = new List<List<OcrWord>>();
            foreach (var w in words)
            {
                if (lines.Count > 0 && lines[lines.Count - 1][0].SameLine(w)) lines[lines.Count - 1].Add(w);
                else lines.Add(new List<OcrWord> { w });
            }
            return lines;
        }

        private void MarkTargets(List<OcrWord> line, Hit?[] hits)
        {
            var folded = line.Select(w => OcrText.Canonical(w.Text)).ToArray();
            int maxWindow = Math.Max(3, _targets.MaxWords);
            for (int i = 0; i < line.Count; i++)
            {
                foreach (var target in _targets.Targets)
                {
                    if (target.Kind == OcrTargetKind.NameCompanion) continue;
                    if (WordMatches(line[i].Text, folded[i], target)) Set(hits, i, 1, target, line);
                }
                for (int n = 2; n <= maxWindow && i + n <= line.Count; n++)
                {
                    string joined = string.Join(string.Empty, folded, i, n);
                    foreach (var target in _targets.Targets)
                    {
                        if (target.Kind == OcrTargetKind.Name || target.Kind == OcrTargetKind.NameCompanion) continue;
                        if (Same(joined, target.Canonical)) Set(hits, i, n, target, line);
                    }
                }
            }
            // A short name part ("AB") only counts beside a matched part of the same name: alone it would blank every "AB".
            for (int i = 0; i < line.Count; i++)
            {
                if (hits[i] != null) continue;
                foreach (var target in _targets.Targets)
                {
                    if (target.Kind != OcrTargetKind.NameCompanion && target.Kind != OcrTargetKind.Name) continue;
                    // Beside a matched part of the same name, a short part may also have lost or gained a character ("OTT" for
                    // OTTO): the neighbour vouches for it, as it does for a two-letter part.
                    bool same = target.Kind == OcrTargetKind.NameCompanion
                        ? folded[i] == target.Canonical
                        : target.Canonical.Length < 5 && folded[i].Length >= 2 && OcrText.WithinEdits(folded[i], target.Canonical, 1);
                    if (!same) continue;
                    bool besideName = (i > 0 && hits[i - 1]?.Source == target.Source) || (i + 1 < line.Count && hits[i + 1]?.Source == target.Source);
                    if (besideName) hits[i] = new Hit(target.Field, line[i].Confidence, target.Source);
                }
            }
            // A name of short parts only (LI^WU, NG^BO: common names) has no longer part to vouch for them: two of its parts side
            // by side, each exactly, vouch for each other (QA OCR: "LI WU" stayed). One alone is still no name ("MI 1.1").
            for (int i = 0; i + 1 < line.Count; i++)
            {
                if (hits[i] != null && hits[i + 1] != null) continue;
                foreach (var first in _targets.Targets)
                {
                    if (first.Kind != OcrTargetKind.NameCompanion || folded[i] != first.Canonical) continue;
                    foreach (var second in _targets.Targets)
                    {
                        if (ReferenceEquals(second, first) || second.Source != first.Source || folded[i + 1] != second.Canonical) continue;
                        if (second.Kind != OcrTargetKind.NameCompanion && second.Kind != OcrTargetKind.Name) continue;
                        hits[i] ??= new Hit(first.Field, line[i].Confidence, first.Source);
                        hits[i + 1] ??= new Hit(second.Field, line[i + 1].Confidence, second.Source);
                    }
                }
            }
        }

        private static bool WordMatches(string text, string folded, OcrTarget target)
        {
            if (Same(folded, target.Canonical)) return true;
            // Long identifiers and dates inside a labelled word ("ID:123456", "DOB19580214").
            if (target.Kind != OcrTargetKind.Name && target.Canonical.Length >= 6 && folded.Contains(target.Canonical)) return true;
            if (text.IndexOfAny(SubTokenSeparators) < 0) return false;
            foreach (string part in text.Split(SubTokenSeparators, StringSplitOptions.RemoveEmptyEntries))
            {
                if (Same(OcrText.Canonical(part), target.Canonical)) return true;
            }
            return false;
        }

        private static bool Same(string folded, string target) =>
            folded.Length > 0 && OcrText.WithinEdits(folded, target, OcrText.AllowedEdits(target.Length));

        private void MarkPatterns(List<OcrWord> line, Hit?[] hits)
        {
            MarkSpacedDates(line, hits);
            for (int i = 0; i < line.Count; i++)
            {
                if (hits[i] != null) continue;
                var w = line[i];
                string text = w.Text.Trim('.', ',', ';', ':', '(', ')', '[', ']');
                if (DateLike.IsMatch(text)) hits[i] = new Hit("Date", w.Confidence, -1);
                else if (LongDigits.IsMatch(text)) hits[i] = new Hit("Id", w.Confidence, -1);
                else if (Scope == OcrScope.AllText && w.Confidence >= MinimumConfidence && OcrText.Canonical(text).Length >= 2)
                {
                    hits[i] = new Hit("Text", w.Confidence, -1);
                }
            }
        }

        // Month, day, year in any of the orders screens use, three words in a row on the line: all three are the date.
        private static void MarkSpacedDates(List<OcrWord> line, Hit?[] hits)
        {
            for (int i = 0; i + 2 < line.Count; i++)
            {
                string a = line[i].Text, b = line[i + 1].Text, c = line[i + 2].Text;
                bool date = (MonthWord.IsMatch(a) && DayWord.IsMatch(b) && YearWord.IsMatch(c))
                    || (DayWord.IsMatch(a) && MonthWord.IsMatch(b) && YearWord.IsMatch(c))
                    || (FullYearWord.IsMatch(a) && MonthWord.IsMatch(b) && DayWord.IsMatch(c));
                if (!date) continue;
                for (int k = i; k < i + 3; k++) hits[k] ??= new Hit("Date", line[k].Confidence, -1);
                i += 2;
            }
        }

        private static void Set(Hit?[] hits, int start, int count, OcrTarget target, List<OcrWord> line)
        {
            for (int k = start; k < start + count; k++)
            {
                hits[k] ??= new Hit(target.Field, line[k].Confidence, target.Source);
            }
        }

        private void Merge(List<OcrWord> line, Hit?[] hits, int scale, int columns, int rows, int frame, List<OcrFinding> findings)
        {
            int i = 0;
            while (i < line.Count)
            {
                if (hits[i] == null) { i++; continue; }
                int left = line[i].Left, top = line[i].Top, right = line[i].Right, bottom = line[i].Bottom;
                double confidence = hits[i]!.Confidence;
                var fields = new List<string> { hits[i]!.Field };
                int j = i + 1;
                while (j < line.Count && hits[j] != null)
                {
                    int height = Math.Max(bottom - top, line[j].Height);
                    if (line[j].Left - right > height * 1.5) break;
                    left = Math.Min(left, line[j].Left);
                    top = Math.Min(top, line[j].Top);
                    right = Math.Max(right, line[j].Right);
                    bottom = Math.Max(bottom, line[j].Bottom);
                    confidence = Math.Min(confidence, hits[j]!.Confidence);
                    if (!fields.Contains(hits[j]!.Field)) fields.Add(hits[j]!.Field);
                    j++;
                }
                int margin = Math.Max(2 * scale, (int)Math.Ceiling((bottom - top) * Margin));
                int x0 = Clamp((left - margin) / scale, columns), y0 = Clamp((top - margin) / scale, rows);
                int x1 = Clamp(CeilDiv(right + margin, scale), columns), y1 = Clamp(CeilDiv(bottom + margin, scale), rows);
                if (x1 > x0 && y1 > y0) findings.Add(new OcrFinding(frame, x0, y0, x1, y1, string.Join("+", fields), Math.Max(0, confidence)));
                i = j;
            }
        }

        private static int CeilDiv(int a, int b) => (a + b - 1) / b;

        private static int Clamp(int v, int max) => v < 0 ? 0 : v > max ? max : v;

        private sealed class Hit
        {
            public Hit(string field, double confidence, int source)
            {
                Field = field;
                Confidence = confidence;
                Source = source;
            }

            public string Field { get; }

            public double Confidence { get; }

            public int Source { get; }
        }
    }
}
