using System.Collections.Generic;
using Deid.Steps;

namespace Deid.Pixels
{
    /// <summary>The embedded-overlay step's counts for one file.</summary>
    public sealed class EmbeddedOverlayStatistics : IStepStatistics
    {
        internal static readonly EmbeddedOverlayStatistics None = new EmbeddedOverlayStatistics(0, 0);

        internal EmbeddedOverlayStatistics(int planesRemoved, int framesChanged)
        {
            PlanesRemoved = planesRemoved;
            FramesChanged = framesChanged;
        }

        /// <summary>Embedded overlay planes whose description the recipe removed, so that their bits were cleared.</summary>
        public int PlanesRemoved { get; }

        /// <summary>Frames in which a bit of such a plane was set, and was cleared.</summary>
        public int FramesChanged { get; }

        /// <inheritdoc/>
        public string Step => EmbeddedOverlayStep.StepName;

        /// <inheritdoc/>
        public IReadOnlyList<KeyValuePair<string, int>> Counts => new[]
        {
            new KeyValuePair<string, int>(nameof(PlanesRemoved), PlanesRemoved),
            new KeyValuePair<string, int>(nameof(FramesChanged), FramesChanged),
        };

        /// <inheritdoc/>
        public int Total => FramesChanged;

        /// <inheritdoc/>
        public override string ToString() => FramesChanged == 0 ? "no embedded overlay drawn" : $"{PlanesRemoved} embedded overlay plane(s) cleared in {FramesChanged} frame(s)";
    }
}
