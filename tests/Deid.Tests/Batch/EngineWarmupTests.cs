using System.IO;
using Deid.Batch;
using Xunit;

namespace Deid.Tests.Batch
{
    /// <summary>The warm-up the module runs at import works with the shipped default recipe and with none.</summary>
    public sealed class EngineWarmupTests
    {
        [Fact]
        public void RunsWithTheShippedDefaultRecipeAndWithTheBuiltInOne()
        {
            string recipe = File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "recipes", "deid.dicom"));
            Assert.True(EngineWarmup.Run(recipe) > 0);
            Assert.True(EngineWarmup.Run(null) > 0);
        }
    }
}
