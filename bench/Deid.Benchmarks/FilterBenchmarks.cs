using System;
using BenchmarkDotNet.Attributes;
using Deid.Filters;
using Deid.Recipes;

namespace Deid.Benchmarks
{
    /// <summary>
    /// Burned-pixel detection (Test-DicomBurnedPixel's engine): the shipped default recipe's %filter sections evaluated on deid's
    /// seven cookie files, header-only from disk. The target is 5,000 files/s in-process (7 files in ≤ 1.4 ms).
    /// </summary>
    [MemoryDiagnoser]
    public class FilterBenchmarks
    {
        private string[] _files = Array.Empty<string>();
        private FilterEvaluator? _evaluator;

        [GlobalSetup]
        public void Setup()
        {
            _files = BenchCorpus.CookieFiles();
            _evaluator = new FilterEvaluator(new RecipeLoader(System.IO.Path.Combine(BenchCorpus.RepositoryRoot(), "recipes")).LoadName("dicom").Recipe!);
        }

        [Benchmark(Description = "evaluate the default recipe's filters, 7 cookies (header-only read)")]
        public int Evaluate()
        {
            int flagged = 0;
            foreach (var f in _files)
            {
                if (_evaluator!.EvaluateFile(f).Flagged) flagged++;
            }
            return flagged;
        }
    }
}
