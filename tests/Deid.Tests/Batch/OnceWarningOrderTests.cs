using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Deid.Actions;
using Deid.Batch;
using Deid.Recipes;
using Deid.Samples;
using Deid.Steps;
using Xunit;

namespace Deid.Tests.Batch
{
    /// <summary>
    /// A warning a batch gives once (burned-in annotation copied; a crosswalk column written nowhere) names the first file in
    /// input order that has it, whatever order the parallel workers reach files in: the file named no longer changes from run
    /// to run of the same batch (the QA pass found a test that depended on worker timing).
    /// </summary>
    public sealed class OnceWarningOrderTests : IDisposable
    {
        private readonly string _root = Directory.CreateTempSubdirectory("deid-once").FullName;

        public void Dispose() => Directory.Delete(_root, true);

        [Fact]
        public void TheGateAdmitsOnlyFilesEarlierThanAnyAdmitted()
        {
            var gate = new OnceGate();
            Assert.True(gate.Admit(5));
            Assert.False(gate.Admit(5));
            Assert.False(gate.Admit(9));
            Assert.False(gate.MayAdmit(7));
            Assert.True(gate.MayAdmit(3));
            Assert.True(gate.Admit(3));
            Assert.False(gate.Admit(4));
        }

        [Fact]
        public void UnderContentionTheEarliestFileIsAlwaysAdmitted()
        {
            for (int round = 0; round < 200; round++)
            {
                var gate = new OnceGate();
                var admitted = new System.Collections.Concurrent.ConcurrentBag<long>();
                Parallel.For(0, 16, i =>
                {
                    long sequence = 100 + ((i * 7) % 16);
                    if (gate.Admit(sequence)) admitted.Add(sequence);
                });
                Assert.Contains(100L, admitted);
                Assert.False(gate.MayAdmit(100));
            }
        }

        [Fact]
        public void AResultKeepsAOnceWarningOnlyWhenItIsTheFirstToHaveIt()
        {
            var reported = new HashSet<string>();
            DeidFileResult Result(string name) => new DeidFileResult(new DeidFileRequest(name, name + ".out"), new List<IStepStatistics>(), new List<DeidWarning>
            {
                new DeidWarning(DeidWarningKind.BurnedInAnnotationKept, "once", name) { OnceKey = "k" },
                new DeidWarning(DeidWarningKind.MissingVariable, "each", name),
            }, null, false, null);
            var first = Result("a");
            var second = Result("b");
            first.KeepFirstOnceWarnings(reported);
            second.KeepFirstOnceWarnings(reported);
            Assert.Equal(new[] { "once", "each" }, first.Warnings.Select(w => w.Message));
            Assert.Equal(new[] { "each" }, second.Warnings.Select(w => w.Message));
        }

        /// <summary>
        /// Every file declares burned-in annotation and carries an edited PatientName column; the first is held back before its
        /// header step begins, so the other workers reach the warnings first. The warnings stay on the first file, run after run.
        /// </summary>
        [Fact]
        public void ABatchNamesTheFirstFileInInputOrder()
        {
            string dir = Path.Combine(_root, "in");
            Directory.CreateDirectory(dir);
            var paths = new List<string>();
            for (int i = 0; i < 12; i++)
            {
                var s = DicomSampleGenerator.Create(i, new DicomSampleOptions { Seed = 5, Rows = 16, Columns = 16 });
                string p = Path.Combine(dir, s.FileName);
                s.File.Save(p);
                paths.Add(p);
            }
            var recipe = DeidRecipe.Parse("FORMAT dicom\n%header\nREMOVE PatientAddress\n");
            // Enough pool threads that the four workers run at once: on two cores the pool adds threads slowly, and one
            // worker can drain the queue in input order before another starts, which would hide the race this test is for.
            ThreadPool.GetMinThreads(out int workers, out int ports);
            ThreadPool.SetMinThreads(Math.Max(workers, 8), ports);
            try
            {
                RunFiveTimes(paths, recipe);
            }
            finally
            {
                ThreadPool.SetMinThreads(workers, ports);
            }
        }

        private void RunFiveTimes(List<string> paths, DeidRecipe recipe)
        {
            for (int run = 0; run < 5; run++)
            {
                string outDir = Path.Combine(_root, "out" + run);
                var requests = paths.Select(p => new DeidFileRequest(p, Path.Combine(outDir, Path.GetFileName(p)),
                    new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase) { ["PatientName"] = "EDITED^" + Path.GetFileNameWithoutExtension(p) })).ToList();
                var steps = new IFileStep[] { new HoldBack(paths[0]), new HeaderActionEngine(recipe) };
                var results = new DeidBatch(steps) { Overwrite = true, ThrottleLimit = 4 }.Run(requests).ToList();
                var once = results.SelectMany(r => r.Warnings.Where(w => w.OnceKey != null).Select(w => (r.SourcePath, w.Kind))).ToList();
                Assert.Contains((paths[0], DeidWarningKind.BurnedInAnnotationKept), once);
                Assert.Contains((paths[0], DeidWarningKind.UnusedKeywordVariable), once);
                Assert.True(once.All(o => o.SourcePath == paths[0]), string.Join("; ", once.Select(o => Path.GetFileName(o.SourcePath) + " " + o.Kind)));
            }
        }

        // Sleeps before the given file's later steps begin: the worker with the batch's first file arrives last.
        private sealed class HoldBack : IFileStep, IFileStepRun
        {
            private readonly string _path;

            public HoldBack(string path) => _path = path;

            public string Name => "HoldBack";

            public IFileStepRun Begin(FileStepContext context)
            {
                if (context.SourcePath == _path) Thread.Sleep(300);
                return this;
            }

            public IStepStatistics Apply() => new ReplaceStatistics();
        }
    }
}
