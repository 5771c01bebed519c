using System;
using Deid.Dicom;

namespace Deid.Steps
{
    /// <summary>
    /// A step's look at the encoded pixel data, left to the write (<see cref="FileStepContext.LookWhileWriting"/>): the observer
    /// the writer is given, which also records whether the write reached the end of the fragments.
    /// </summary>
    internal sealed class PixelLookOnWrite : IFragmentObserver
    {
        private readonly IFragmentObserver _observer;

        internal PixelLookOnWrite(IFragmentObserver observer, Func<IStepStatistics> instead, IStepStatistics provisional)
        {
            _observer = observer;
            Instead = instead;
            Provisional = provisional;
        }

        /// <summary>True once the writer has shown every fragment and the look was certain (for tests).</summary>
        internal bool Completed { get; private set; }

        /// <summary>The step's own look (and change), run when the observer was not certain.</summary>
        internal Func<IStepStatistics> Instead { get; }

        /// <summary>The statistics the step returned for now, replaced by those of <see cref="Instead"/> when it runs.</summary>
        internal IStepStatistics Provisional { get; }

        /// <inheritdoc/>
        public void Observe(int item, ReadOnlySpan<byte> bytes) => _observer.Observe(item, bytes);

        /// <inheritdoc/>
        /// <exception cref="PixelLookNotCertainException">The look was not certain the pixel data are clean.</exception>
        public void Complete()
        {
            _observer.Complete();
            Completed = true;
        }
    }

    /// <summary>
    /// Thrown by a look left to the write when it cannot say the pixel data are clean (text found, or a codestream it does not
    /// follow to its end): the write is abandoned and the step's own look decides.
    /// </summary>
    internal sealed class PixelLookNotCertainException : Exception
    {
        internal PixelLookNotCertainException()
            : base("The look at the encoded pixel data during the write was not certain; the step's own look decides.")
        {
        }
    }
}
