using System;
using System.Collections.Concurrent;

namespace Deid.Pixels
{
    /// <summary>
    /// Decisions made before a batch runs (a piped Test-DicomBurnedPixel verdict, or a filter evaluated to choose which files to
    /// submit), kept by source path for the pixel step to take when the file's turn comes, so nothing is evaluated twice.
    /// </summary>
    public sealed class PixelDecisionTable
    {
        private readonly ConcurrentDictionary<string, PixelCleaningDecision> _decisions = new ConcurrentDictionary<string, PixelCleaningDecision>(StringComparer.Ordinal);

        /// <summary>Files whose decision has not been taken yet.</summary>
        public int Count => _decisions.Count;

        /// <summary>Records the decision for <paramref name="sourcePath"/> (replacing an earlier one).</summary>
        public void Add(string sourcePath, PixelCleaningDecision decision)
        {
            if (sourcePath == null) throw new ArgumentNullException(nameof(sourcePath));
            _decisions[sourcePath] = decision ?? throw new ArgumentNullException(nameof(decision));
        }

        /// <summary>Removes and returns the decision for <paramref name="sourcePath"/>; not flagged when there is none.</summary>
        public PixelCleaningDecision Take(string? sourcePath) =>
            sourcePath != null && _decisions.TryRemove(sourcePath, out var decision) ? decision : PixelCleaningDecision.NotFlagged;

        /// <summary>A pixel step that cleans each file as this table says (taking its decision, so memory does not grow with the batch).</summary>
        public PixelCleaningStep CreateStep(PixelCompression compression = PixelCompression.None) =>
            new PixelCleaningStep(context => Take(context.SourcePath), compression) { RefusesTextWithoutRegion = false };
    }
}
