using System;
using System.Collections.Generic;
using System.Linq;
using Xunit;

namespace Deid.Dicom.Tests.Model
{
    /// <summary>
    /// A dataset read out of tag order is looked up through an index, refilled in place after elements move (removals,
    /// insertions). Random edits on such datasets against a linear search of the elements as they are.
    /// </summary>
    public class UnorderedIndexTests
    {
        [Theory]
        [InlineData(1)]
        [InlineData(2)]
        [InlineData(3)]
        [InlineData(4)]
        [InlineData(5)]
        public void LookupsFollowRemovalsAndInsertionsInADatasetOutOfOrder(int seed)
        {
            var random = new Random(seed);
            var ds = new DicomDataset();
            // Private tags in a shuffled order, some twice: a fuzzed header's private block.
            var tags = Enumerable.Range(0, 300).Select(i => new DicomTag(0x0009, (ushort)(0x1000 + random.Next(400)))).ToList();
            foreach (var tag in tags) ds.AppendRead(new DicomElement(tag, DicomVR.LO, new byte[] { (byte)'A', (byte)' ' }, null, default));
            Assert.False(ds.IsInTagOrder);

            for (int step = 0; step < 200; step++)
            {
                switch (random.Next(4))
                {
                    case 0:
                        var gone = new HashSet<uint>(Enumerable.Range(0, 5).Select(_ => tags[random.Next(tags.Count)].Value));
                        ds.RemoveAll(e => gone.Contains(e.Tag.Value));
                        break;
                    case 1:
                        if (ds.Count > 0) ds.RemoveAt(random.Next(ds.Count));
                        break;
                    case 2:
                        // Adds when absent (an insertion that moves the elements after it), replaces when present.
                        ds.SetString(new DicomTag(0x0009, (ushort)(0x1000 + random.Next(400))), DicomVR.LO, "B");
                        break;
                    default:
                        break; // lookups only
                }
                for (int probe = 0; probe < 20; probe++)
                {
                    var tag = new DicomTag(0x0009, (ushort)(0x1000 + random.Next(400)));
                    Assert.Equal(LinearIndexOf(ds, tag), ds.IndexOf(tag));
                }
            }
        }

        private static int LinearIndexOf(DicomDataset ds, DicomTag tag)
        {
            int i = 0;
            foreach (var e in ds.Elements)
            {
                if (e.Tag == tag) return i;
                i++;
            }
            return -1;
        }
    }
}
