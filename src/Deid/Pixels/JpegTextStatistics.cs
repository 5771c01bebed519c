using System.Collections.Generic;
using Deid.Steps;

namespace Deid.Pixels
{
    /// <summary>The JPEG-text step's counts for one file.</summary>
    public sealed class JpegTextStatistics : IStepStatistics
    {
        internal JpegTextStatistics(int framesChanged, int segmentsRemoved)
        {
            FramesChanged = framesChanged;
            SegmentsRemoved = segmentsRemoved;
        }

        /// <summary>Frames from which a segment was removed.</summary>
        public int FramesChanged { get; }

        /// <summary>COM and APPn segments removed over all frames.</summary>
        public int SegmentsRemoved { get; }

        /// <inheritdoc/>
        public string Step => JpegTextStep.StepName;

        /// <inheritdoc/>
        public IReadOnlyList<KeyValuePair<string, int>> Counts => new[]
        {
            new KeyValuePair<string, int>(nameof(FramesChanged), FramesChanged),
            new KeyValuePair<string, int>(nameof(SegmentsRemoved), SegmentsRemoved),
        };

        /// <inheritdoc/>
        public int Total => SegmentsRemoved;

        /// <inheritdoc/>
        public override string ToString() => SegmentsRemoved == 0 ? "no text segments" : $"{SegmentsRemoved} text segments removed from {FramesChanged} frames";
    }
}
