using System.Collections.Generic;
using Deid.Steps;

namespace Deid.Actions
{
    /// <summary>How many elements each kind of action changed in one file: the header step's counts.</summary>
    public sealed class ReplaceStatistics : IStepStatistics
    {
        /// <summary>Elements added (ADD of an absent element).</summary>
        public int Added { get; internal set; }

        /// <summary>Elements whose value was set (REPLACE, and ADD of a present element).</summary>
        public int Replaced { get; internal set; }

        /// <summary>Elements removed (REMOVE, private and sequence stripping).</summary>
        public int Removed { get; internal set; }

        /// <summary>Elements emptied (BLANK).</summary>
        public int Blanked { get; internal set; }

        /// <summary>Elements whose dates were shifted (JITTER).</summary>
        public int Jittered { get; internal set; }

        /// <summary>Elements protected by KEEP.</summary>
        public int Kept { get; internal set; }

        /// <summary>All changes.</summary>
        public int Total => Added + Replaced + Removed + Blanked + Jittered;

        /// <inheritdoc/>
        public string Step => HeaderActionEngine.StepName;

        /// <inheritdoc/>
        public IReadOnlyList<KeyValuePair<string, int>> Counts => new[]
        {
            new KeyValuePair<string, int>(nameof(Added), Added),
            new KeyValuePair<string, int>(nameof(Replaced), Replaced),
            new KeyValuePair<string, int>(nameof(Removed), Removed),
            new KeyValuePair<string, int>(nameof(Blanked), Blanked),
            new KeyValuePair<string, int>(nameof(Jittered), Jittered),
            new KeyValuePair<string, int>(nameof(Kept), Kept),
        };

        /// <inheritdoc/>
        public override string ToString() => $"added {Added}, replaced {Replaced}, removed {Removed}, blanked {Blanked}, jittered {Jittered}";
    }
}
