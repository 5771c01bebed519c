using System;
using System.IO;
using System.Linq;
using Deid.Batch;
using Deid.Samples;
using Xunit;

namespace Deid.Tests.Batch
{
    public class ShardPlannerTests
    {
        [Fact]
        public void AStudyAlwaysLandsInOneShard_TheSameForEveryPlanner()
        {
            var a = new ShardPlanner(4);
            var b = new ShardPlanner(4);
            var shards = Enumerable.Range(0, 400).Select(i => "1.2.826.0.1.3680043.8.498." + i).Select(u => (u, a.ShardOf(u))).ToList();
            Assert.All(shards, s => Assert.Equal(s.Item2, b.ShardOf(s.u)));
            Assert.All(shards, s => Assert.InRange(s.Item2, 0, 3));
            // Spread: each of four shards gets a fair share of 400 studies (a hash that ignores the last digits would not).
            Assert.All(Enumerable.Range(0, 4), k => Assert.InRange(shards.Count(s => s.Item2 == k), 60, 140));
            Assert.Equal(a.ShardOf("1.2.3"), a.ShardOf(" 1.2.3 "));
            Assert.Throws<ArgumentOutOfRangeException>(() => new ShardPlanner(0));
        }

        [Fact]
        public void FilesAreAssignedByTheirStudyFromTheHeader()
        {
            string folder = Path.Combine(Path.GetTempPath(), "deid-shards-" + Guid.NewGuid().ToString("N").Substring(0, 8));
            Directory.CreateDirectory(folder);
            try
            {
                var options = new DicomSampleOptions { Seed = 4, InstancesPerSeries = 3 };
                var paths = Enumerable.Range(0, 9).Select(i =>
                {
                    var sample = DicomSampleGenerator.Create(i, options);
                    string p = Path.Combine(folder, sample.FileName);
                    sample.File.Save(p, false);
                    return p;
                }).ToList();
                var planner = new ShardPlanner(3);
                var assigned = paths.Select(planner.Assign).ToList();
                Assert.All(assigned, s => Assert.Equal(planner.ShardOf(s.StudyInstanceUID!), s.Shard));
                // Three studies of three instances: each study's files share one shard.
                Assert.All(assigned.GroupBy(s => s.StudyInstanceUID), g => Assert.Single(g.Select(s => s.Shard).Distinct()));
                Assert.Equal(3, assigned.Select(s => s.StudyInstanceUID).Distinct().Count());
            }
            finally
            {
                Directory.Delete(folder, true);
            }
        }
    }
}
