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
    /// tens of microseconds; every <see cref="Budget"/> bytes is some 50 files of small CT and a few cookies.
    /// </remarks>
    internal static class AllocationPacer
    {
        /// <summary>Managed bytes allocated between the collections asked for.</summary>
        internal const long Budget = 4L << 20;

        // The heap size (GC.GetTotalMemory without collecting) at which the next collection is asked for; 0 until the first file.
        private static long _next;

        private static long _collections;

        /// <summary>How many collections the pacer has asked for in this process (for tests).</summary>
        internal static long Collections => Interlocked.Read(ref _collections);

        /// <summary>Called after each file: collects the youngest generation when the heap has grown by <see cref="Budget"/> since the last time (the first file collects what start-up left).</summary>
        public static void AfterFile()
        {
            long heap = GC.GetTotalMemory(forceFullCollection: false);
            long next = Interlocked.Read(ref _next);
            if (next != 0 && heap < next) return;
            // One thread of a batch collects; the others go on.
            if (Interlocked.CompareExchange(ref _next, long.MaxValue, next) != next) return;
            GC.Collect(0, GCCollectionMode.Forced, blocking: true);
            Interlocked.Increment(ref _collections);
            Interlocked.Exchange(ref _next, GC.GetTotalMemory(forceFullCollection: false) + Budget);
        }
    }
}
