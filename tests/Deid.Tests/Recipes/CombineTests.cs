using System.IO;
using System.Linq;
using Deid.Recipes;
using Xunit;

namespace Deid.Tests.Recipes
{
    /// <summary>
    /// Combining recipes. What deid 0.4.12's load_combined_deid does (checked with deid itself): header lists are concatenated in
    /// order with no de-duplication; a filter group whose name was already loaded is REPLACED by the later one (it reads
    /// deid["filter"].get("name") - a typo for name - so nothing is appended); %values, %fields and %labels of every recipe after
    /// the first are DROPPED; DeidRecipe(x, base=True) loads x first and the base last. We keep the header rule, append same-named
    /// groups' items, keep every recipe's groups, and load the base first (what deid's docstring and tutorial describe).
    /// </summary>
    public class CombineTests
    {
        private static DeidRecipe P(string text, string source) => DeidRecipe.Parse("FORMAT dicom\n" + text, source);

        [Fact]
        public void Header_IsConcatenatedInOrder_WithoutDeduplication()
        {
            var a = P("%header\nADD PatientIdentityRemoved YES\nREMOVE PatientID\n", "a");
            var b = P("%header\nADD PatientIdentityRemoved YES\nADD PatientID var:id\n", "b");
            var c = DeidRecipe.Combine(new[] { a, b });
            Assert.Equal(new[] { "ADD PatientIdentityRemoved YES", "REMOVE PatientID", "ADD PatientIdentityRemoved YES", "ADD PatientID var:id" },
                c.Header.Select(x => x.ToString()));
            Assert.Equal(new[] { "a", "a", "b", "b" }, c.Header.Select(x => x.Source));
            Assert.Equal(new[] { "a", "b" }, c.Sources);
        }

        [Fact]
        public void LaterRecipe_WinsConflicts_ByComingLater()
        {
            // "if the first deid you load removes a field and the second adds the same field, the final result will have it added"
            var c = DeidRecipe.Combine(new[] { P("%header\nREMOVE PatientID\n", "first"), P("%header\nADD PatientID x\n", "second") });
            Assert.Equal(HeaderActionKind.Add, c.GetActions(field: "PatientID").Last().Action);
        }

        [Fact]
        public void SameNamedGroups_AreAppended_NewNamesAdded()
        {
            var a = P("%filter graylist\nLABEL A\n  equals Modality CT\n%values names\nFIELD PatientName\n%fields ids\nFIELD PatientID\n%labels\nADD VERSION 1\n", "a");
            var b = P("%filter graylist\nLABEL B\n  equals Modality MR\n%filter blacklist\nLABEL C\n  empty ImageType\n%values names\nFIELD OtherPatientNames\n%values more\nFIELD OperatorsName\n%fields ids\nFIELD IssuerOfPatientID\n%labels\nADD VERSION 2\n", "b");
            var c = DeidRecipe.Combine(new[] { a, b });
            Assert.Equal(new[] { "graylist", "blacklist" }, c.Filters.Select(g => g.Name));
            Assert.Equal(new[] { "A", "B" }, c.GetFilterGroup("graylist")!.Labels.Select(l => l.Name));
            Assert.Equal(new[] { "names", "more" }, c.Values.Select(g => g.Name));
            Assert.Equal(new[] { "PatientName", "OtherPatientNames" }, c.GetValuesGroup("names")!.Actions.Select(x => x.Field.Text));
            Assert.Equal(new[] { "PatientID", "IssuerOfPatientID" }, c.GetFieldsGroup("ids")!.Actions.Select(x => x.Field.Text));
            Assert.Equal(new[] { "ADD VERSION 1", "ADD VERSION 2" }, c.Labels.Select(x => x.ToString()));
        }

        [Fact]
        public void Combine_DoesNotChangeItsInputs()
        {
            var a = P("%filter graylist\nLABEL A\n  equals Modality CT\n", "a");
            var b = P("%filter graylist\nLABEL B\n  equals Modality MR\n", "b");
            var before = a.ToString();
            DeidRecipe.Combine(new[] { a, b });
            Assert.Equal(before, a.ToString());
            Assert.Single(a.Filters[0].Labels);
        }

        [Fact]
        public void Loader_IncludeBase_LoadsBaseFirst_ThenNames_ThenPaths()
        {
            string dir = Directory.CreateTempSubdirectory("deid-recipes").FullName;
            try
            {
                File.WriteAllText(Path.Combine(dir, "deid.dicom"), "FORMAT dicom\n%header\nADD PatientIdentityRemoved YES\n");
                File.WriteAllText(Path.Combine(dir, "deid.dicom.extra"), "FORMAT dicom\n%header\nREMOVE PatientName\n");
                string user = Path.Combine(dir, "user.dicom");
                File.WriteAllText(user, "FORMAT dicom\n%header\nKEEP PatientName\n");
                var loader = new RecipeLoader(dir);
                var result = loader.Load(new[] { user }, new[] { "dicom.extra" }, includeBase: true);
                Assert.Empty(result.Errors);
                Assert.Equal(new[] { "ADD PatientIdentityRemoved YES", "REMOVE PatientName", "KEEP PatientName" }, result.Recipe!.Header.Select(a => a.ToString()));

                var other = loader.Load(new[] { user }, null, includeBase: true, baseName: "dicom.extra");
                Assert.Equal(new[] { "REMOVE PatientName", "KEEP PatientName" }, other.Recipe!.Header.Select(a => a.ToString()));

                var none = loader.Load(null);
                Assert.Equal("ADD PatientIdentityRemoved YES", none.Recipe!.Header.Single().ToString());
                Assert.Contains(none.Warnings, w => w.Message.Contains("No recipe given; using the default recipe 'dicom'"));

                Assert.Equal(new[] { "dicom", "dicom.extra" }, loader.GetShippedNames());
            }
            finally
            {
                Directory.Delete(dir, true);
            }
        }

        [Fact]
        public void Loader_ReportsEveryFailingSource_AndReturnsNoPartialRecipe()
        {
            string dir = Directory.CreateTempSubdirectory("deid-recipes").FullName;
            try
            {
                File.WriteAllText(Path.Combine(dir, "deid.dicom"), "FORMAT dicom\n%header\nADD PatientIdentityRemoved YES\n");
                string bad = Path.Combine(dir, "bad.dicom");
                File.WriteAllText(bad, "FORMAT dicom\n%header\nADD PatientIdentityRemoved\n");
                var result = new RecipeLoader(dir).Load(new[] { bad, Path.Combine(dir, "missing.dicom") }, new[] { "nope" });
                Assert.Null(result.Recipe);
                Assert.Equal(3, result.Errors.Count);
                var rex = Assert.IsType<RecipeException>(result.Errors[1]);
                Assert.Equal(3, rex.Line);
                Assert.IsType<FileNotFoundException>(result.Errors[0]);
                Assert.Contains("There is no shipped recipe named 'nope' (shipped recipes: dicom)", result.Errors[0].Message);
                Assert.IsType<FileNotFoundException>(result.Errors[2]);
            }
            finally
            {
                Directory.Delete(dir, true);
            }
        }

        [Fact]
        public void Loader_Folder_UsesItsFirstDeidFile_AsDeid()
        {
            string dir = Directory.CreateTempSubdirectory("deid-recipes").FullName;
            try
            {
                File.WriteAllText(Path.Combine(dir, "deid.b"), "FORMAT dicom\n%header\nREMOVE B\n");
                File.WriteAllText(Path.Combine(dir, "deid.a"), "FORMAT dicom\n%header\nREMOVE A\n");
                File.WriteAllText(Path.Combine(dir, "notes.txt"), "not a recipe");
                var result = new RecipeLoader(null).LoadPath(dir);
                Assert.Equal("REMOVE A", result.Recipe.Header.Single().ToString());
                Assert.Contains(result.Warnings, w => w.Message.Contains("Several recipe files in the folder; using the first, deid.a"));
            }
            finally
            {
                Directory.Delete(dir, true);
            }
        }

        [Fact]
        public void Loader_WarnsForGroupReferencesWithoutGroup()
        {
            string dir = Directory.CreateTempSubdirectory("deid-recipes").FullName;
            try
            {
                string a = Path.Combine(dir, "a.dicom"), b = Path.Combine(dir, "b.dicom");
                File.WriteAllText(a, "FORMAT dicom\n%header\nREMOVE values:names\nREMOVE fields:ids\n");
                File.WriteAllText(b, "FORMAT dicom\n%values names\nFIELD PatientName\n");
                var result = new RecipeLoader(null).Load(new[] { a, b });
                var w = Assert.Single(result.Warnings);
                Assert.Equal("REMOVE fields:ids: there is no '%fields ids' group, so it selects nothing.", w.Message);
                Assert.Equal(4, w.Line);
            }
            finally
            {
                Directory.Delete(dir, true);
            }
        }
    }
}
