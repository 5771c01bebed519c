using System.Collections.Generic;
using Deid.Steps;

namespace Deid.Profile
{
    /// <summary>The record step's counts for one file.</summary>
    public sealed class DeidentificationRecordStatistics : IStepStatistics
    {
        internal DeidentificationRecordStatistics(int codes) => Codes = codes;

        /// <summary>Items written into De-identification Method Code Sequence (0 when the recipe declares no profile).</summary>
        public int Codes { get; }

        /// <inheritdoc/>
        public string Step => DeidentificationRecordStep.StepName;

        /// <inheritdoc/>
        public IReadOnlyList<KeyValuePair<string, int>> Counts => new[] { new KeyValuePair<string, int>(nameof(Codes), Codes) };

        /// <inheritdoc/>
        public int Total => Codes;

        /// <inheritdoc/>
        public override string ToString() => Codes > 0 ? $"{Codes} de-identification method codes" : "not recorded";
    }
}
