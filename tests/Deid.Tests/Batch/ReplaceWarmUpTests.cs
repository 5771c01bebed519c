using System;
using System.Linq;
using Deid.Actions;
using Deid.Batch;
using Deid.Dicom;
using Deid.Recipes;
using Xunit;

namespace Deid.Tests.Batch
{
    public class ReplaceWarmUpTests
    {
        private static DeidRecipe Shipped(string name) => new RecipeLoader(TestPaths.ShippedRecipes).LoadName(name).Recipe!;

        [Fact]
        public void TheWarmUpRecipeParsesCleanlyAndHoldsEveryHeaderActionKind()
        {
            // A warning or a changed syntax would leave the warm-up compiling less than it says, without anyone seeing it.
            var recipe = DeidRecipe.Parse(ReplaceWarmUp.WarmUpRecipe, "warm-up");
            Assert.Empty(recipe.LoadWarnings);
            var kinds = recipe.Header.Select(a => a.Action).Distinct().ToHashSet();
            foreach (var kind in new[] { HeaderActionKind.Add, HeaderActionKind.Replace, HeaderActionKind.Blank, HeaderActionKind.Remove, HeaderActionKind.Keep, HeaderActionKind.Jitter })
                Assert.Contains(kind, kinds);
            Assert.Single(recipe.Filters);
        }

        [Fact]
        public void ItsFileIsReadAndDeidentifiedByTheEngine()
        {
            var file = ReplaceWarmUp.Replace(new HeaderActionEngine(Shipped("dicom")), ReplaceWarmUp.SampleBytes());
            Assert.NotEqual("DOE^JANE", file.Dataset.GetString(DicomTags.PatientName));
            Assert.NotEqual("2.25.1", file.Dataset.GetString(DicomTags.SOPInstanceUID));
            Assert.True(file.Dataset.Contains(DicomTags.PixelData));
        }

        [Fact]
        public void TheCodecPartRunsToItsEnd() => ReplaceWarmUp.WarmCodec();

        [Theory]
        [InlineData("dicom")]
        [InlineData("dicom.basic-profile")]
        [InlineData("dicom.ultrasound")]
        public void ShippedRecipesRunToTheEnd(string name) => ReplaceWarmUp.WarmRecipe(Shipped(name));

        [Fact]
        public void RecipesThatCallVariablesRunWithoutThem()
        {
            // The warm-up is given no variables, so a user's script block is never called by it.
            var recipe = DeidRecipe.Parse("FORMAT dicom\n%header\nREPLACE PatientID func:myfunc\nREPLACE PatientName var:name\n", "variables");
            var file = ReplaceWarmUp.Replace(new HeaderActionEngine(recipe), ReplaceWarmUp.SampleBytes());
            Assert.Equal("DOE^JANE", file.Dataset.GetString(DicomTags.PatientName));
        }

        [Fact]
        public void BeginStartsOneBackgroundThreadOnceAProcessWhichEndsOnceGivenTheRecipe()
        {
            ReplaceWarmUp.Begin();
            var thread = ReplaceWarmUp.Thread;
            Assert.NotNull(thread);
            ReplaceWarmUp.Begin();
            Assert.Same(thread, ReplaceWarmUp.Thread);
            Assert.True(thread!.IsBackground);
            Assert.False(thread.IsThreadPoolThread);
            ReplaceWarmUp.Offer(Shipped("dicom"));
            Assert.True(thread.Join(TimeSpan.FromMinutes(1)));
            Assert.True(ReplaceWarmUp.Completed);
        }
    }
}
