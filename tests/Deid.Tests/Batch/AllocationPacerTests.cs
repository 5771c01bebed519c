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

            // Kept alive, so the heap stays grown whatever the runtime collects meanwhile; a quarter more than the budget, since
            // those collections also free garbage older than the mark (the pacer's own collection was of the youngest only).
            var kept = new List<byte[]>();
            for (long made = 0; made < budget + budget / 4; made += 8 * 1024) kept.Add(new byte[8 * 1024]);
            pacer.AfterFile();
            Assert.Equal(2, pacer.Collections);
            pacer.AfterFile();
            Assert.Equal(2, pacer.Collections); // the mark moved past the kept bytes
            GC.KeepAlive(kept);
        }

        [Fact]
        public void ReadingWindowsPaceTheirAllocations()
        {
            // Forty "headers" of 1 MB each, dropped as soon as read: 40 MB of garbage, five times the reading budget. Without
            // pacing the runtime would collect them on its own budget (tens of megabytes here); the reading pacer asks first.
            GC.Collect();
            long before = AllocationPacer.Reading.Collections;
            using var window = new FileWindow<int>(path => new byte[1 << 20].Length, throttleLimit: 1, windowSize: 40);
            for (int i = 0; i < 40; i++) window.Add("file-" + i);
            var results = window.Flush();
            Assert.Equal(40, results.Count);
            Assert.All(results, r => Assert.Equal(1 << 20, r.Value));
            Assert.True(AllocationPacer.Reading.Collections - before >= 2, $"{AllocationPacer.Reading.Collections - before} collection(s) asked for");
        }
    }
}
