using System.Diagnostics;
using System.IO;
using Deid.Filters;
using Deid.Recipes;
using Xunit;
using Xunit.Abstractions;

namespace Deid.Tests.Filters
{
    /// <summary>Header-only evaluation of the default recipe is meant to run at thousands of files a second.</summary>
    public class FilterThroughputTests
    {
        private readonly ITestOutputHelper _output;

        public FilterThroughputTests(ITestOutputHelper output) => _output = output;

        [Fact]
        public void Cookie_files_are_evaluated_quickly_with_the_default_recipe()
        {
            string dir = TestPaths.Data("deid-data", "dicom-cookies");
            if (!Directory.Exists(dir)) return;
            var files = Directory.GetFiles(dir, "*.dcm");
            var evaluator = new FilterEvaluator(new RecipeLoader(TestPaths.ShippedRecipes).LoadName("dicom").Recipe!);
            foreach (var f in files) Assert.True(evaluator.EvaluateFile(f).Flagged); // warm up; every cookie lacks ImageType
            int n = 0;
            var sw = Stopwatch.StartNew();
            while (sw.ElapsedMilliseconds < 1000)
            {
                foreach (var f in files) evaluator.EvaluateFile(f);
                n += files.Length;
            }
            double rate = n / sw.Elapsed.TotalSeconds;
            _output.WriteLine($"{rate:F0} files/s");
            // The target is 5,000 files/s; the bar here is lower because the test machine is shared with other builds.
            Assert.True(rate > 1000, $"{rate:F0} files/s");
        }
    }
}
