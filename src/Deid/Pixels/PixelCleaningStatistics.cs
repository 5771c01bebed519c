using System.Collections.Generic;
using Deid.Steps;

namespace Deid.Pixels
{
    /// <summary>The pixel step's counts for one file.</summary>
    public sealed class PixelCleaningStatistics : IStepStatistics
    {
        internal PixelCleaningStatistics(bool flagged, IReadOnlyList<PixelRegion> mask, PixelCleaningResult? result, object? evidence = null)
        {
            Evidence = evidence;
            Flagged = flagged;
            Mask = mask;
            Regions = mask.Count;
            FramesCleaned = result?.FramesCleaned ?? 0;
            PixelsBlanked = result == null ? 0 : (long)result.FramesCleaned * result.PixelsBlankedPerFrame;
        }

        /// <summary>True when the file was flagged.</summary>
        public bool Flagged { get; }

        /// <summary>The regions of its mask.</summary>
        public int Regions { get; }

        /// <summary>The mask's regions, in the order they were applied (later ones win); empty when the file was not flagged.</summary>
        public IReadOnlyList<PixelRegion> Mask { get; }

        /// <summary>Frames whose pixels were blanked.</summary>
        public int FramesCleaned { get; }

        /// <summary>What decided it (<see cref="PixelCleaningDecision.Evidence"/>: the filters' verdict), for -Debug and reports.</summary>
        public object? Evidence { get; }

        /// <summary>Pixels blanked over all frames.</summary>
        public long PixelsBlanked { get; }

        /// <inheritdoc/>
        public string Step => PixelCleaningStep.StepName;

        /// <inheritdoc/>
        public IReadOnlyList<KeyValuePair<string, int>> Counts => new[]
        {
            new KeyValuePair<string, int>(nameof(Flagged), Flagged ? 1 : 0),
            new KeyValuePair<string, int>(nameof(Regions), Regions),
            new KeyValuePair<string, int>(nameof(FramesCleaned), FramesCleaned),
        };

        /// <inheritdoc/>
        public int Total => FramesCleaned;

        /// <inheritdoc/>
        public override string ToString() => Flagged ? $"flagged, {FramesCleaned} frames cleaned" : "not flagged";
    }
}
