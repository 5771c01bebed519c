using System.Collections.Generic;
using Deid.Actions;
using Deid.Dicom;
using Deid.Recipes;
using Deid.Samples;
using Deid.Steps;
using Xunit;

namespace Deid.Tests.Actions
{
    /// <summary>
    /// KEEP of a private element named by its creator (QA 2026-12-06). A New-DicomSample -PhiMarkers file holds the block
    /// (0009,0010) PHIMK0025 with (0009,1001) at the top level, and in an item of its VOI LUT Sequence another creator's block,
    /// (0009,0010) PHIMK0055 with its own (0009,1001). The KEEP protects the first creator's element (at any depth) and that
    /// element's creator; the other creator's (0009,1001) is another attribute, and goes as the recipe says.
    /// </summary>
    public sealed class PrivateKeepTests
    {
        private static readonly DicomTag Creator = new DicomTag(0x0009, 0x0010);
        private static readonly DicomTag Element = new DicomTag(0x0009, 0x1001);

        private static DicomFile Sample()
        {
            var file = DicomSampleGenerator.Create(0, new DicomSampleOptions { Modality = SampleModality.CT, Seed = 7, PhiMarkers = true }).File;
            Assert.Equal("PHIMK0025", file.Dataset.GetString(Creator));
            Assert.Contains(Nested(file), d => d.GetString(Creator) == "PHIMK0055" && d.Contains(Element));
            return file;
        }

        // Every item of every sequence, at any depth.
        private static List<DicomDataset> Nested(DicomFile file)
        {
            var items = new List<DicomDataset>();
            var queue = new Queue<DicomDataset>();
            queue.Enqueue(file.Dataset);
            while (queue.Count > 0)
            {
                foreach (var e in queue.Dequeue().Elements)
                {
                    if (e.Sequence is not DicomSequence seq) continue;
                    foreach (var item in seq)
                    {
                        items.Add(item);
                        queue.Enqueue(item);
                    }
                }
            }
            return items;
        }

        private static DicomFile Run(string header, DeidReplaceOptions? options = null)
        {
            var file = Sample();
            new HeaderActionEngine(DeidRecipe.Parse("FORMAT dicom\n%header\n" + header + "\n"), options).Apply(file, null, new List<DeidWarning>(), "sample.dcm");
            return file;
        }

        [Fact]
        public void RemovePrivateSparesTheKeptCreatorsElementOnly()
        {
            var file = Run("KEEP (0009,\"PHIMK0025\",01)", new DeidReplaceOptions { RemovePrivate = true });
            Assert.Equal("PHIMK0025", file.Dataset.GetString(Creator));
            Assert.Equal("PHIMK0026", file.Dataset.GetString(Element));
            // The other creator's block in the nested item is gone, creator and element: a bare-tag match kept it before.
            Assert.DoesNotContain(Nested(file), d => d.Contains(Element) || d.Contains(Creator));
        }

        [Theory]
        [InlineData("REMOVE ALL")]
        [InlineData("REMOVE contains:^0009")]
        public void AKeptPrivateElementKeepsItsCreator(string remove)
        {
            var file = Run("KEEP (0009,\"PHIMK0025\",01)\n" + remove);
            // Still reserved (PS3.5 §7.8.1), so a later creator-named line can find it.
            Assert.Equal("PHIMK0025", file.Dataset.GetString(Creator));
            Assert.Equal("PHIMK0026", file.Dataset.GetString(Element));
            Assert.False(file.Dataset.Contains(new DicomTag(0x0009, 0x1002)));
            // No element of the other creator survives, nor an element without its creator.
            foreach (var item in Nested(file))
            {
                Assert.False(item.Contains(Element) && !item.Contains(Creator), "a private element without its creator");
                Assert.NotEqual("PHIMK0056", item.GetString(Element));
            }
        }

        [Fact]
        public void AKeepOfTheBareTagStillCoversEveryCreatorAsDeidDoes()
        {
            var file = Run("KEEP (0009,1001)", new DeidReplaceOptions { RemovePrivate = true });
            Assert.Equal("PHIMK0026", file.Dataset.GetString(Element));
            Assert.Contains(Nested(file), d => d.GetString(Element) == "PHIMK0056" && d.GetString(Creator) == "PHIMK0055");
        }
    }
}
