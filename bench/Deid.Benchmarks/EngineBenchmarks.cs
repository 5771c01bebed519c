using System;
using System.Collections.Generic;
using System.IO;
using BenchmarkDotNet.Attributes;
using Deid.Actions;
using Deid.Dicom;
using Deid.Recipes;

namespace Deid.Benchmarks
{
    /// <summary>
    /// The replace engine without the disk: parse the shipped default recipe, and apply it to deid's seven cookie files read into
    /// memory (each iteration re-reads the headers from bytes, so the engine always starts from the original dataset).
    /// </summary>
    [MemoryDiagnoser]
    public class EngineBenchmarks
    {
        private byte[][] _files = Array.Empty<byte[]>();
        private string _recipeText = string.Empty;
        private HeaderActionEngine? _engine;

        [GlobalSetup]
        public void Setup()
        {
            _files = Array.ConvertAll(BenchCorpus.CookieFiles(), File.ReadAllBytes);
            _recipeText = File.ReadAllText(Path.Combine(BenchCorpus.RepositoryRoot(), "recipes", "deid.dicom"));
            _engine = new HeaderActionEngine(DeidRecipe.Parse(_recipeText));
        }

        [Benchmark(Description = "parse the default recipe (622 actions)")]
        public int ParseRecipe() => DeidRecipe.Parse(_recipeText).GetActions().Count;

        [Benchmark(Description = "read + apply default recipe, 7 cookies (no write)")]
        public int Apply()
        {
            int n = 0;
            var warnings = new List<string>();
            foreach (var bytes in _files)
            {
                var file = DicomFile.Open(bytes);
                n += _engine!.Apply(file, null, warnings).Removed;
            }
            return n;
        }

        [Benchmark(Description = "read only, 7 cookies from memory (the part of Apply that is not the engine)")]
        public int ReadOnly()
        {
            int n = 0;
            foreach (var bytes in _files) n += DicomFile.Open(bytes).Dataset.Count;
            return n;
        }
    }
}
