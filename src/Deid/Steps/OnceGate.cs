using System.Threading;

namespace Deid.Steps
{
    /// <summary>
    /// Lets a warning given once a batch be raised by the first file in input order that has it, whatever order the parallel
    /// workers reach files in: a file raises it unless a file earlier in input order already has. A later file that got there
    /// first has raised it too; the results, read in input order, keep only the earlier one
    /// (<see cref="Deid.Batch.DeidFileResult.KeepFirstOnceWarnings"/>). At most a handful of files raise it, not every file.
    /// </summary>
    internal sealed class OnceGate
    {
        private long _first = long.MaxValue;

        /// <summary>True when no file earlier than <paramref name="sequence"/> has been admitted (a cheap look before the work).</summary>
        public bool MayAdmit(long sequence) => sequence < Volatile.Read(ref _first);

        /// <summary>Admits <paramref name="sequence"/> when no earlier file was admitted; false otherwise.</summary>
        public bool Admit(long sequence)
        {
            while (true)
            {
                long first = Volatile.Read(ref _first);
                if (sequence >= first) return false;
                if (Interlocked.CompareExchange(ref _first, sequence, first) == first) return true;
            }
        }
    }
}
