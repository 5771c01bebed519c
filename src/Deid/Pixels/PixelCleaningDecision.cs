using System;
using System.Collections.Generic;

namespace Deid.Pixels
{
    /// <summary>Whether a file's pixels are to be cleaned, and where: what a filter evaluation (or OCR) decided from its original header.</summary>
    public sealed class PixelCleaningDecision
    {
        /// <summary>A file nothing flagged.</summary>
        public static PixelCleaningDecision NotFlagged { get; } = new PixelCleaningDecision(false, Array.Empty<PixelRegion>(), null);

        /// <summary>Creates a decision.</summary>
        public PixelCleaningDecision(bool flagged, IReadOnlyList<PixelRegion> regions, object? evidence)
        {
            Flagged = flagged;
            Regions = regions ?? throw new ArgumentNullException(nameof(regions));
            Evidence = evidence;
        }

        /// <summary>True when the file was flagged as holding burned-in text.</summary>
        public bool Flagged { get; }

        /// <summary>The mask's regions, in the order deid applies them (later ones win).</summary>
        public IReadOnlyList<PixelRegion> Regions { get; }

        /// <summary>What decided it (the filter result), for reports.</summary>
        public object? Evidence { get; }
    }
}
