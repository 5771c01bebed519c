using System;
using System.Collections.Generic;
using Deid.Inspection;

namespace Deid.Filters
{
    /// <summary>
    /// The verdict of a recipe's filters for one file (deid's <c>has_burned_pixels</c>): every flagged label of every group, in recipe
    /// order. The flat properties summarise <see cref="Matches"/>: deid reports all matches, so a file can be in several groups.
    /// </summary>
    public sealed class BurnedPixelResult
    {
        private static readonly JoinedList<string> None = new JoinedList<string>(new string[0]);
        private static readonly JoinedList<FilterMatch> NoMatches = new JoinedList<FilterMatch>(new FilterMatch[0]);

        /// <summary>Creates a result from its matches (in evaluation order).</summary>
        public BurnedPixelResult(string? path, IReadOnlyList<FilterMatch> matches)
        {
            Path = path;
            if (matches == null) throw new ArgumentNullException(nameof(matches));
            Matches = matches.Count == 0 ? NoMatches : JoinedList<FilterMatch>.From(matches);
            if (matches.Count == 0)
            {
                Group = None;
                Label = None;
                Reason = None;
                Coordinates = new JoinedList<FilterRegion>(new FilterRegion[0]);
                return;
            }
            var groups = new List<string>();
            var labels = new string[matches.Count];
            var reasons = new string[matches.Count];
            var regions = new List<FilterRegion>();
            for (int i = 0; i < matches.Count; i++)
            {
                var m = matches[i];
                if (!groups.Contains(m.Group)) groups.Add(m.Group);
                labels[i] = m.Label;
                reasons[i] = m.Reason;
                regions.AddRange(m.Coordinates);
            }
            Group = new JoinedList<string>(groups.ToArray());
            Label = new JoinedList<string>(labels);
            Reason = new JoinedList<string>(reasons);
            Coordinates = new JoinedList<FilterRegion>(regions.ToArray());
        }

        /// <summary>
        /// This verdict with what OCR read in the pixels added: the OCR regions come after the recipe's (group <c>ocr</c>), and the
        /// file is flagged when OCR found any.
        /// </summary>
        public BurnedPixelResult WithOcr(Deid.Ocr.OcrResult ocr)
        {
            if (ocr == null) throw new ArgumentNullException(nameof(ocr));
            var result = new BurnedPixelResult(Path, Matches) { Ocr = ocr };
            if (ocr.Findings.Count == 0) return result;
            var regions = new List<FilterRegion>(Coordinates);
            foreach (var f in ocr.Findings) regions.Add(new FilterRegion(f));
            result.Coordinates = new JoinedList<FilterRegion>(regions.ToArray());
            if (!Group.Contains(FilterRegion.OcrGroup))
            {
                var groups = new List<string>(Group) { FilterRegion.OcrGroup };
                result.Group = new JoinedList<string>(groups.ToArray());
            }
            return result;
        }

        /// <summary>What OCR read, when it was asked for (<c>-Ocr</c>); null otherwise.</summary>
        public Deid.Ocr.OcrResult? Ocr { get; private set; }

        /// <summary>The file evaluated; null for a dataset given without one.</summary>
        public string? Path { get; }

        /// <summary>True when at least one label of any group (whitelist included) matched, or OCR read identifying text.</summary>
        public bool Flagged => Matches.Count > 0 || (Ocr != null && Ocr.Findings.Count > 0);

        /// <summary>Each group with a matching label, once, in recipe order; <c>ocr</c> last when OCR found text.</summary>
        public JoinedList<string> Group { get; private set; }

        /// <summary>The matching labels, in order (one per match).</summary>
        public JoinedList<string> Label { get; }

        /// <summary>deid's reason of each match, in order.</summary>
        public JoinedList<string> Reason { get; }

        /// <summary>Every region of every match, in the order deid applies them to the mask.</summary>
        public JoinedList<FilterRegion> Coordinates { get; private set; }

        /// <summary>The detail: one entry per matching label.</summary>
        public JoinedList<FilterMatch> Matches { get; }

        /// <summary>
        /// deid's <c>inspect --save</c> rows: one CLEAN row, or one FLAGGED row per match — and, with OCR, one per region OCR
        /// found (group <c>ocr</c>, the field as label; the text read is never written: it is PHI).
        /// </summary>
        public BurnedPixelRow[] ToRows()
        {
            if (!Flagged) return new[] { new BurnedPixelRow(Path, "CLEAN", "", "", "") };
            var rows = new List<BurnedPixelRow>(Matches.Count);
            foreach (var m in Matches) rows.Add(new BurnedPixelRow(Path, "FLAGGED", m.Group, m.Reason, m.Label));
            if (Ocr != null)
            {
                foreach (var f in Ocr.Findings)
                {
                    rows.Add(new BurnedPixelRow(Path, "FLAGGED", FilterRegion.OcrGroup,
                        string.Format(System.Globalization.CultureInfo.InvariantCulture, "ocr {0} {1:0}% frame {2} at {3}", f.Field, f.Confidence, f.Frame, f.Rectangle), f.Field));
                }
            }
            return rows.ToArray();
        }

        /// <summary>
        /// The engine's decision in one line, for -Debug: each matching label with its group and deid's reason, in order, and how
        /// many regions OCR found ("flagged by blacklist label 'US' (Modality contains US); ..."), or that no label matched. The
        /// text OCR read is never included: it is PHI.
        /// </summary>
        public string Explain()
        {
            if (!Flagged) return Ocr != null ? "no filter label matched and OCR found no identifying text" : "no filter label matched";
            var parts = new List<string>(Matches.Count + 1);
            foreach (var m in Matches) parts.Add($"{m.Group} label '{m.Label}' ({m.Reason})");
            if (Ocr != null && Ocr.Findings.Count > 0) parts.Add($"OCR: {Ocr.Findings.Count} region(s) of identifying text");
            return "flagged by " + string.Join("; ", parts);
        }

        /// <summary>"path: FLAGGED graylist, blacklist" or "path: CLEAN".</summary>
        public override string ToString() => (Path ?? "(dataset)") + (Flagged ? ": FLAGGED " + string.Join(", ", Group) : ": CLEAN");
    }
}
