using System.Collections.Generic;

namespace Deid.Steps
{
    /// <summary>What one step changed in one file, as named counts (e.g. Added, Removed; FramesCleaned).</summary>
    public interface IStepStatistics
    {
        /// <summary>The step's name (<see cref="IFileStep.Name"/>).</summary>
        string Step { get; }

        /// <summary>The counts, in a fixed order for display.</summary>
        IReadOnlyList<KeyValuePair<string, int>> Counts { get; }

        /// <summary>All changes the step made.</summary>
        int Total { get; }
    }
}
