using System;
using System.Threading;

namespace Deid.Batch
{
    /// <summary>
    /// Keeps a long batch's memory flat by asking for a young-generation collection after every few megabytes of managed
    /// allocation, where the runtime would let them grow to its own budget first.
    /// </summary>
    /// <remarks>
    /// Why: the garbage collector sizes its youngest generation from the CPU's cache, and in PowerShell 7 on a server that is
    /// some 25 MB touched before the first collection, a fifth of a whole run's peak memory beside pwsh's own 110 MB
    /// (measured: <c>/usr/bin/time -f %M</c> of <c>Invoke-DeidReplace</c> over the 2,100 cookies peaked at 150-162 MB; with
    /// <c>DOTNET_GCgen0size=0x200000</c>, 138-141 MB at the same CPU). A module cannot set that at start-up, so it paces the
    /// collections itself. Almost nothing a file allocates outlives the file, so each collection finds little alive and costs
    /// tens of microseconds; every 4 MB (<see cref="DefaultBudget"/>) is some 50 files of small CT and a few cookies.
    /// </remarks>
    internal sealed class AllocationPacer
    {
        /// <summary>Managed bytes allocated between the collections asked for, in a batch.</summary>
        internal const long DefaultBudget = 4L << 20;

        /// <summary>The pacer every batch of the process shares (the heap is the process's).</summary>
        internal static readonly AllocationPacer Shared = new AllocationPacer(DefaultBudget);

        /// <summary>
        /// Managed bytes allocated between collections while reading windows of headers: twice <see cref="DefaultBudget"/>, since
        /// a header costs far less than a replaced file and a collection's fixed cost weighs more against it. Measured on
        /// Get-DicomIdentifier and Test-DicomBurnedPixel over the 2,100 cookies, fresh processes alternating with a build
        /// without it: 4 MB cost 15-20 % of their time; 8 MB costs Get-DicomIdentifier about 5 % (its results stay alive
        /// in the window, so each collection has more to trace), Test-DicomBurnedPixel nothing measurable, and took 5-10 MB
        /// off both peaks (129-144 against 141-156 MB), which otherwise crossed 150 MB through Get-ChildItem.
        /// </summary>
        internal const long ReadingBudget = 8L << 20;

        /// <summary>The pacer the reading windows share (<see cref="FileWindow{T}"/>).</summary>
        internal static readonly AllocationPacer Reading = new AllocationPacer(ReadingBudget);

        private readonly long _budget;

        // The heap size (GC.GetTotalMemory without collecting) at which the next collection is asked for; 0 until the first file.
        private long _next;

        // GC.CollectionCount(0) when _next was last checked against the heap. After any collection since (the runtime's own, or
        // another pacer's) the mark is lowered to a budget above the heap as it is: a mark left high by an earlier, larger heap
        // would otherwise stop the pacing until the heap grew past it.
        private int _markCollections;

        private long _collections;

        /// <summary>A pacer asking for a collection each time the heap has grown by <paramref name="budget"/> bytes.</summary>
        internal AllocationPacer(long budget) => _budget = budget;

        /// <summary>How many collections this pacer has asked for.</summary>
        internal long Collections => Interlocked.Read(ref _collections);

        /// <summary>
        /// Called after each file: collects the youngest generation when the heap has grown by the budget since the last
        /// collection, this pacer's or any other (the first file collects what start-up left).
        /// </summary>
        public void AfterFile()
        {
            long heap = GC.GetTotalMemory(forceFullCollection: false);
            long next = Interlocked.Read(ref _next);
            if (next != 0 && next != long.MaxValue)
            {
                int seen = GC.CollectionCount(0);
                if (seen != Volatile.Read(ref _markCollections))
                {
                    // Collected meanwhile: the mark is at most a budget above the heap as it is now.
                    long lower = heap + _budget;
                    if (lower < next && Interlocked.CompareExchange(ref _next, lower, next) == next) next = lower;
                    Volatile.Write(ref _markCollections, seen);
                }
            }
            if (next != 0 && heap < next) return;
            // One thread of a batch collects; the others go on.
            if (Interlocked.CompareExchange(ref _next, long.MaxValue, next) != next) return;
            GC.Collect(0, GCCollectionMode.Forced, blocking: true);
            Interlocked.Increment(ref _collections);
            Volatile.Write(ref _markCollections, GC.CollectionCount(0));
            Interlocked.Exchange(ref _next, GC.GetTotalMemory(forceFullCollection: false) + _budget);
        }
    }
}
