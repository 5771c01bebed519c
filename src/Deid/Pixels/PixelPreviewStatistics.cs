using System.Collections.Generic;
using Deid.Steps;

namespace Deid.Pixels
{
    /// <summary>The preview step's result for one file: the PNGs it wrote (or, in a dry run, would write).</summary>
    public sealed class PixelPreviewStatistics : IStepStatistics
    {
        internal PixelPreviewStatistics(IReadOnlyList<string> paths, int written, bool skipped)
        {
            Paths = paths;
            Written = written;
            Skipped = skipped;
        }

        /// <summary>The PNG files, in frame order: written, or in a dry run the ones that would be.</summary>
        public IReadOnlyList<string> Paths { get; }

        /// <summary>PNGs written (0 in a dry run; fewer than <see cref="Paths"/> when -SkipExisting left some that existed).</summary>
        public int Written { get; }

        /// <summary>True when every PNG existed and <see cref="PixelPreviewStep.SkipExisting"/> left them as they were.</summary>
        public bool Skipped { get; }

        /// <inheritdoc/>
        public string Step => PixelPreviewStep.StepName;

        /// <inheritdoc/>
        public IReadOnlyList<KeyValuePair<string, int>> Counts => new[] { new KeyValuePair<string, int>(nameof(Written), Written) };

        /// <inheritdoc/>
        public int Total => Written;

        /// <inheritdoc/>
        public override string ToString() => Skipped ? "PNG(s) exist; skipped" : $"{Written} PNG(s) written";
    }
}
