using System;
using System.Collections.Generic;
using System.Linq;
using Deid.Actions;
using Deid.Recipes;
using Deid.Samples;
using Xunit;

namespace Deid.Tests.Samples
{
    /// <summary>
    /// What the shipped recipes write passes dciodvfy no worse than the input: no error the input did not have. The marker
    /// samples carry every kind of identity a recipe must handle (nested reference sequences among them), so a rule that
    /// leaves an invalid element — an emptied Type 3 sequence such as Referenced Study Sequence, which needs 1-n items — shows
    /// as a new error.
    /// </summary>
    public class DeidentifiedValidityTests
    {
        public static IEnumerable<object[]> Cases() =>
            from modality in Enum.GetValues<SampleModality>()
            from recipe in new[] { "dicom", "dicom.basic-profile", "dicom.basic-profile.clean-descriptors", "dicom.basic-profile.retain-uids", "dicom.basic-profile.retain-long-modified-dates" }
            select new object[] { modality, recipe };

        [Theory]
        [MemberData(nameof(Cases))]
        public void ShippedRecipes_AddNoDciodvfyError(SampleModality modality, string recipe)
        {
            var sample = DicomSampleGenerator.Create(0, new DicomSampleOptions { Modality = modality, Seed = 7, PhiMarkers = true });
            var before = Dciodvfy.Errors(Dciodvfy.Verify(sample.File)).ToHashSet();
            var loaded = new RecipeLoader(TestPaths.ShippedRecipes).LoadName(recipe).Recipe;
            new HeaderActionEngine(loaded).Apply(sample.File, new Dictionary<string, object?> { ["date_shift_days"] = "-10" }, new List<string>(), "sample.dcm");
            var after = Dciodvfy.Errors(Dciodvfy.Verify(sample.File));
            Assert.Equal(Array.Empty<string>(), after.Where(e => !before.Contains(e)).ToArray());
        }
    }
}
