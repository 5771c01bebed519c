using System;
using System.Linq;
using Deid.Actions;
using Deid.Batch;
using Deid.Dicom;
using Deid.Recipes;
using Xunit;

namespace Deid.Tests.Batch
{
    public class CommandWarmUpTests
    {
        private static DeidRecipe Shipped(string name) => new RecipeLoader(TestPaths.ShippedRecipes).LoadName(name).Recipe!;

        [Fact]
        public void TheWarmUpRecipeParsesCleanlyAndHoldsEveryHeaderActionKind()
        {
            // A warning or a changed syntax would leave the warm-up compiling less than it says, without anyone seeing it.
            var recipe = DeidRecipe.Parse(CommandWarmUp.WarmUpRecipe, "warm-up");
            Assert.Empty(recipe.LoadWarnings);
            var kinds = recipe.Header.Select(a => a.Action).Distinct().ToHashSet();
            foreach (var kind in new[] { HeaderActionKind.Add, HeaderActionKind.Replace, HeaderActionKind.Blank, HeaderActionKind.Remove, HeaderActionKind.Keep, HeaderActionKind.Jitter })
                Assert.Contains(kind, kinds);
            Assert.Single(recipe.Filters);
        }

        [Fact]
        public void ItsFileIsReadAndDeidentifiedByTheEngine()
        {
            var file = CommandWarmUp.ReplaceInMemory(new HeaderActionEngine(Shipped("dicom")), CommandWarmUp.SampleBytes());
            Assert.NotEqual("DOE^JANE", file.Dataset.GetString(DicomTags.PatientName));
            Assert.NotEqual("2.25.1", file.Dataset.GetString(DicomTags.SOPInstanceUID));
            Assert.True(file.Dataset.Contains(DicomTags.PixelData));
        }

        [Fact]
        public void TheCodecPartRunsToItsEnd() => CommandWarmUp.WarmCodec();

        [Fact]
        public void ItsJpegFrameIsFollowedToItsEndAsClean() => Assert.True(CommandWarmUp.WalkJpeg());

        [Theory]
        [InlineData("dicom")]
        [InlineData("dicom.basic-profile")]
        [InlineData("dicom.ultrasound")]
        public void ShippedRecipesRunToTheEnd(string name) => CommandWarmUp.WarmRecipe(Shipped(name));

        [Fact]
        public void RecipesThatCallVariablesRunWithoutThem()
        {
            // The warm-up is given no variables, so a user's script block is never called by it.
            var recipe = DeidRecipe.Parse("FORMAT dicom\n%header\nREPLACE PatientID func:myfunc\nREPLACE PatientName var:name\n", "variables");
            var file = CommandWarmUp.ReplaceInMemory(new HeaderActionEngine(recipe), CommandWarmUp.SampleBytes());
            Assert.Equal("DOE^JANE", file.Dataset.GetString(DicomTags.PatientName));
        }

        [Fact]
        public void ListingIdentifiersListsNestedAndPrivateFieldsAndFinishesThem()
        {
            object? finished = null;
            var ids = CommandWarmUp.WarmIdentifiers(i => finished = i);
            Assert.Same(ids, finished);
            var keys = ids.Fields.Keys.Cast<string>().ToList();
            Assert.Contains(keys, k => k.StartsWith("(0008,1110)__", StringComparison.Ordinal)); // nested (ReferencedStudySequence)
            Assert.Contains(keys, k => k.StartsWith("(0009", StringComparison.Ordinal)); // private
        }

        [Fact]
        public void FiltersAreEvaluatedAndTheGraylistFilterFlagsTheFile()
        {
            // Modality CT, Manufacturer GE and 2 rows: the warm-up recipe's graylist filter holds, so its regions are read too.
            var result = CommandWarmUp.WarmFilters();
            Assert.Equal(new[] { "graylist" }, result.Group);
            Assert.Single(result.Coordinates);
        }

        [Fact]
        public void BeginStartsOneBackgroundThreadOnceAProcessWhichEndsOnceGivenTheRecipe()
        {
            CommandWarmUp.BeginReplace();
            var run = CommandWarmUp.ReplaceRun;
            Assert.NotNull(run);
            CommandWarmUp.BeginReplace();
            Assert.Same(run, CommandWarmUp.ReplaceRun);
            Assert.True(run!.Thread.IsBackground);
            Assert.False(run.Thread.IsThreadPoolThread);
            CommandWarmUp.Offer(Shipped("dicom"));
            Assert.True(run.Thread.Join(TimeSpan.FromMinutes(1)));
            Assert.True(run.Completed);
        }

        [Fact]
        public void TheReadingWarmUpsRunToTheirEnd()
        {
            CommandWarmUp.BeginIdentifiers();
            CommandWarmUp.BeginFilters();
            foreach (var run in new[] { CommandWarmUp.IdentifiersRun!, CommandWarmUp.FiltersRun! })
            {
                Assert.True(run.Thread.Join(TimeSpan.FromMinutes(1)));
                Assert.True(run.Completed);
            }
        }
    }
}
