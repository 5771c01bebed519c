using System.Collections.Generic;

namespace Deid.Steps
{
    /// <summary>The preamble step's counts for one file.</summary>
    public sealed class PreambleStatistics : IStepStatistics
    {
        internal PreambleStatistics(bool cleared, bool kept)
        {
            Cleared = cleared;
            Kept = kept;
        }

        /// <summary>True when the preamble held a non-zero byte and was written as zeros.</summary>
        public bool Cleared { get; }

        /// <summary>True when the preamble held a non-zero byte and was kept (<see cref="PreambleStep.Keep"/>).</summary>
        public bool Kept { get; }

        /// <inheritdoc/>
        public string Step => PreambleStep.StepName;

        /// <inheritdoc/>
        public IReadOnlyList<KeyValuePair<string, int>> Counts => new[]
        {
            new KeyValuePair<string, int>(nameof(Cleared), Cleared ? 1 : 0),
            new KeyValuePair<string, int>(nameof(Kept), Kept ? 1 : 0),
        };

        /// <inheritdoc/>
        public int Total => Cleared ? 1 : 0;

        /// <inheritdoc/>
        public override string ToString() => Cleared ? "preamble cleared" : Kept ? "preamble kept" : "preamble empty";
    }
}
