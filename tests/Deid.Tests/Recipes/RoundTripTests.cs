using System.Collections.Generic;
using System.IO;
using System.Linq;
using Deid.Recipes;
using Xunit;

namespace Deid.Tests.Recipes
{
    /// <summary>parse → write → parse gives an equal recipe, for every recipe we have; and writing is stable.</summary>
    public class RoundTripTests
    {
        public static IEnumerable<object[]> AllRecipeFiles()
        {
            var files = new List<string>();
            files.AddRange(Directory.GetFiles(TestPaths.ConformanceRecipes));
            files.AddRange(Directory.GetFiles(Path.Combine(TestPaths.RecipeReference, "recipes")));
            if (Directory.Exists(TestPaths.ShippedRecipes)) files.AddRange(Directory.GetFiles(TestPaths.ShippedRecipes, "deid.*"));
            return files.OrderBy(f => f, System.StringComparer.Ordinal).Select(f => new object[] { Path.GetRelativePath(TestPaths.RepoRoot, f) });
        }

        [Theory]
        [MemberData(nameof(AllRecipeFiles))]
        public void ParseWriteParse_GivesEqualRecipe(string relative)
        {
            string path = Path.Combine(TestPaths.RepoRoot, relative);
            // grammar-warnings.dicom holds the lines deid skips (lower-case and unknown actions), which are errors by default.
            var first = new RecipeParser(new RecipeParserOptions { SkipUnknownActions = true }).ParseFile(path).Recipe;
            string text = first.ToString();
            var second = new RecipeParser().Parse(text, "written");
            Assert.Equal(first, second.Recipe);
            Assert.Equal(text, second.Recipe.ToString());
            Assert.Equal(first.GetHashCode(), second.Recipe.GetHashCode());
        }

        [Fact]
        public void WrittenText_IsReadableAndOrdered()
        {
            var recipe = new DeidRecipe();
            var group = new FilterGroup("graylist");
            var label = new FilterLabel("Dose report");
            label.Criteria.Add(new FilterCriterion(FilterOperator.None, new[] { new FilterTest(FilterOperator.None, FilterPredicate.Contains, "Modality", "CT") }));
            label.Criteria.Add(new FilterCriterion(FilterOperator.And, new[]
            {
                new FilterTest(FilterOperator.None, FilterPredicate.Contains, "SeriesDescription", "Dose"),
                new FilterTest(FilterOperator.Or, FilterPredicate.Empty, "ImageType", null),
            }));
            label.Coordinates.Add(FilterCoordinates.Parse(keep: false, isCtp: true, "0,0,512,110"));
            group.Labels.Add(label);
            recipe.Filters.Add(group);
            var names = new ValuesGroup("names");
            names.Actions.Add(new GroupAction("SPLIT", "PatientName", "by=\"^\";minlength=3"));
            recipe.Values.Add(names);
            var ids = new FieldsGroup("ids");
            ids.Actions.Add(new GroupAction("FIELD", "endswith:ID"));
            recipe.Fields.Add(ids);
            recipe.Header.Add(new HeaderAction("ADD", "PatientIdentityRemoved", "YES"));
            recipe.Header.Add(new HeaderAction("replace", "PatientID", "var:id"));
            recipe.Header.Add(new HeaderAction("REMOVE", "fields:ids"));
            recipe.Header.Add(new HeaderAction("ADD", "PatientComments", ""));

            string expected = string.Join("\n",
                "FORMAT dicom",
                "",
                "%filter graylist",
                "",
                "LABEL Dose report",
                "  contains Modality CT",
                "  + contains SeriesDescription Dose || empty ImageType",
                "  ctpcoordinates 0,0,512,110",
                "",
                "%values names",
                "SPLIT PatientName by=\"^\";minlength=3",
                "",
                "%fields ids",
                "FIELD endswith:ID",
                "",
                "%header",
                "",
                "ADD PatientIdentityRemoved YES",
                "REPLACE PatientID var:id",
                "REMOVE fields:ids",
                "ADD PatientComments #",
                "");
            Assert.Equal(expected, recipe.ToString());
            Assert.Equal(recipe, DeidRecipe.Parse(expected));
        }

        [Fact]
        public void Equality_IgnoresProvenance_ButNotContent()
        {
            var a = DeidRecipe.Parse("FORMAT dicom\n%header\nREMOVE PatientID\n", "a.dicom");
            var b = DeidRecipe.Parse("FORMAT dicom\n\n\n%header\n# moved down\nREMOVE PatientID\n", "b.dicom");
            Assert.Equal(a, b);
            Assert.NotEqual(a.Header[0].Line, b.Header[0].Line);
            b.Header.Add(new HeaderAction("BLANK", "PatientName"));
            Assert.NotEqual(a, b);
            Assert.NotEqual(DeidRecipe.Parse("FORMAT dicom\n%header\nREMOVE patientid\n"), a); // field text is compared exactly
        }

        [Theory]
        [InlineData("a#b")]
        [InlineData("two  spaces")]
        [InlineData(" leading")]
        [InlineData("line\nbreak")]
        public void Values_ThatCannotBeWrittenBack_AreRejected(string value)
        {
            Assert.ThrowsAny<System.FormatException>(() => new HeaderAction("ADD", "PatientComments", value));
        }

        [Fact]
        public void FilterTest_ThatWouldSplitWhenReadBack_IsRejected()
        {
            Assert.Throws<System.ArgumentException>(() => new FilterTest(FilterOperator.None, FilterPredicate.Contains, "SeriesDescription", "A+B contains C"));
            Assert.Equal("contains SeriesDescription A+B", new FilterTest(FilterOperator.None, FilterPredicate.Contains, "SeriesDescription", "A+B").ToString());
            Assert.Throws<System.ArgumentException>(() => new FilterLabel("has # hash"));
            Assert.Throws<System.ArgumentException>(() => new FilterGroup(""));
        }
    }
}
