using System;
using System.Collections.Generic;
using Deid.Batch;
using Xunit;

namespace Deid.Tests.Batch
{
    /// <summary>The pacer is process-wide, so its test runs alone: another test's allocations would move its heap.</summary>
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
            AllocationPacer.AfterFile(); // a collection, then the mark is the heap as it is now plus the budget
            long asked = AllocationPacer.Collections;
            AllocationPacer.AfterFile();
            Assert.Equal(asked, AllocationPacer.Collections); // nothing allocated since

            // Kept alive, so the heap stays grown whatever the runtime collects meanwhile.
            var kept = new List<byte[]>();
            for (long made = 0; made < AllocationPacer.Budget + (1 << 20); made += 8 * 1024) kept.Add(new byte[8 * 1024]);
            AllocationPacer.AfterFile();
            Assert.Equal(asked + 1, AllocationPacer.Collections);
            GC.KeepAlive(kept);

            AllocationPacer.AfterFile();
            Assert.Equal(asked + 1, AllocationPacer.Collections); // the mark moved past the kept bytes
        }
    }
}
