namespace Deid.Actions
{
    /// <summary>How many elements each kind of action changed in one file.</summary>
    public sealed class ReplaceStatistics
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
        public override string ToString() => $"added {Added}, replaced {Replaced}, removed {Removed}, blanked {Blanked}, jittered {Jittered}";
    }
}
