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

        /// <summary>
        /// True when no region blanks anything by itself: none at all, or only regions to keep (deid's <c>keepcoordinates</c> alone,
        /// whose mask blanks nothing). A flagged file like that says nowhere where its text is, and is not written as cleaned.
        /// </summary>
        public bool NamesNoRegionToBlank
        {
            get
            {
                foreach (var region in Regions)
                {
                    if (!region.Keep) return false;
                }
                return true;
            }
        }

        /// <summary>What decided it (the filter result), for reports.</summary>
        public object? Evidence { get; }
    }
}
