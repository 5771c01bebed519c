using System;
using System.Collections.Generic;
using Deid.Batch;
using Xunit;

namespace Deid.Tests.Batch
{
    /// <summary>The heap the pacer watches is the process's, so its test runs alone: other tests' allocations would move it.</summary>
    [CollectionDefinition(nameof(AllocationPacerTests), DisableParallelization = true)]
    public sealed class AllocationPacerCollection
    {
    }

    [Collection(nameof(AllocationPacerTests))]
    public class AllocationPacerTests
    {
        [Fact]
        public void AsksForACollectionOnceTheHeapGrewByItsBudgetAndNotBefore()
        {
            // A pacer of its own (batches of other tests still finishing use the shared one) with a budget no stray thread
            // allocates between two calls.
            const long budget = 64L << 20;
            // No garbage older than the mark (earlier tests leave plenty), which a collection meanwhile would free.
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            var pacer = new AllocationPacer(budget);
            pacer.AfterFile(); // the first call collects; the mark is then the heap plus the budget
            Assert.Equal(1, pacer.Collections);
            pacer.AfterFile();
            Assert.Equal(1, pacer.Collections); // nothing allocated since

            // Kept alive, so the heap stays grown whatever the runtime collects meanwhile; twice the budget, since those
            // collections also free garbage older than the mark (the pacer's own collection was of the youngest only), and on a
            // loaded machine the earlier tests' threads leave tens of megabytes of it (a quarter more was once not enough).
            var kept = new List<byte[]>();
            for (long made = 0; made < 2 * budget; made += 8 * 1024) kept.Add(new byte[8 * 1024]);
            pacer.AfterFile();
            Assert.Equal(2, pacer.Collections);
            pacer.AfterFile();
            Assert.Equal(2, pacer.Collections); // the mark moved past the kept bytes
            GC.KeepAlive(kept);
        }

        [Fact]
        public void ReadingWindowsPaceTheirAllocations()
        {
            // Eighty "headers" of 1 MB each (in pieces the young generation takes), dropped as soon as read: 80 MB of garbage,
            // ten times the reading budget. The runtime alone collects it on its own budget (tens of megabytes on this machine);
            // with the reading pacer there is a collection at least every 8 MB or so, whichever asks.
            GC.Collect();
            int before = GC.CollectionCount(0);
            using var window = new FileWindow<int>(path =>
            {
                int made = 0;
                for (int k = 0; k < 16; k++) made += new byte[64 * 1024].Length;
                return made;
            }, throttleLimit: 1, windowSize: 80);
            for (int i = 0; i < 80; i++) window.Add("file-" + i);
            var results = window.Flush();
            Assert.Equal(80, results.Count);
            Assert.All(results, r => Assert.Equal(1 << 20, r.Value));
            int collections = GC.CollectionCount(0) - before;
            Assert.True(collections >= 8, $"{collections} young-generation collection(s) for 80 MB");
        }

        [Fact]
        public void AMarkLeftHighByAnEarlierHeapIsCountedAgainAfterACollection()
        {
            // A heap that was large when the pacer last collected, then freed by the runtime: the pacer must count the next
            // budget from the heap as it is, not wait for the heap to grow past the old mark.
            const long budget = 16L << 20;
            var pacer = new AllocationPacer(budget);
            Hold(256); // 16 MB held
            pacer.AfterFile(); // first call: collects, mark = heap (with the 16 MB) + budget
            Assert.Equal(1, pacer.Collections);
            long held = GC.GetTotalMemory(false);
            _held = null;
            GC.Collect(); // the runtime frees them: the heap is now some 16 MB under the mark's base
            Assert.True(GC.GetTotalMemory(false) < held - (12L << 20), "the held arrays were not freed");
            pacer.AfterFile(); // sees the collection: counts from here
            Assert.Equal(1, pacer.Collections);
            var kept = new List<byte[]>();
            for (long made = 0; made < budget + budget / 4; made += 64 * 1024) kept.Add(new byte[64 * 1024]);
            pacer.AfterFile();
            Assert.Equal(2, pacer.Collections); // the old mark, 16 MB higher, would not have been reached yet
            GC.KeepAlive(kept);
        }

        private static List<byte[]>? _held;

        // Not inlined, so no stack slot of the test keeps the arrays alive once the field lets go of them.
        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
        private static void Hold(int pieces)
        {
            _held = new List<byte[]>();
            for (int i = 0; i < pieces; i++) _held.Add(new byte[64 * 1024]);
        }
    }
}
