using System;
using System.Collections.Generic;

namespace Deid.Filters
{
    /// <summary>
    /// The verdict of a recipe's filters for one file (deid's <c>has_burned_pixels</c>): every flagged label of every group, in recipe
    /// order. The flat properties summarise <see cref="Matches"/>: deid reports all matches, so a file can be in several groups.
    /// </summary>
    public sealed class BurnedPixelResult
    {
        private static readonly string[] None = new string[0];

        /// <summary>Creates a result from its matches (in evaluation order).</summary>
        public BurnedPixelResult(string? path, IReadOnlyList<FilterMatch> matches)
        {
            Path = path;
            Matches = matches ?? throw new ArgumentNullException(nameof(matches));
            if (matches.Count == 0)
            {
                Group = None;
                Label = None;
                Reason = None;
                Coordinates = new FilterRegion[0];
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
            Group = groups.ToArray();
            Label = labels;
            Reason = reasons;
            Coordinates = regions.ToArray();
        }

        /// <summary>The file evaluated; null for a dataset given without one.</summary>
        public string? Path { get; }

        /// <summary>True when at least one label of any group (whitelist included) matched.</summary>
        public bool Flagged => Matches.Count > 0;

        /// <summary>Each group with a matching label, once, in recipe order.</summary>
        public string[] Group { get; }

        /// <summary>The matching labels, in order (one per match).</summary>
        public string[] Label { get; }

        /// <summary>deid's reason of each match, in order.</summary>
        public string[] Reason { get; }

        /// <summary>Every region of every match, in the order deid applies them to the mask.</summary>
        public IReadOnlyList<FilterRegion> Coordinates { get; }

        /// <summary>The detail: one entry per matching label.</summary>
        public IReadOnlyList<FilterMatch> Matches { get; }

        /// <summary>deid's <c>inspect --save</c> rows: one CLEAN row, or one FLAGGED row per match.</summary>
        public BurnedPixelRow[] ToRows()
        {
            if (Matches.Count == 0) return new[] { new BurnedPixelRow(Path, "CLEAN", "", "", "") };
            var rows = new BurnedPixelRow[Matches.Count];
            for (int i = 0; i < rows.Length; i++) rows[i] = new BurnedPixelRow(Path, "FLAGGED", Matches[i].Group, Matches[i].Reason, Matches[i].Label);
            return rows;
        }

        /// <summary>"path: FLAGGED graylist, blacklist" or "path: CLEAN".</summary>
        public override string ToString() => (Path ?? "(dataset)") + (Flagged ? ": FLAGGED " + string.Join(", ", Group) : ": CLEAN");
    }
}
