using System.IO;
using Deid.Recipes;
using Xunit;

namespace Deid.Tests.Recipes
{
    public class WriteFileTests
    {
        [Fact]
        public void WriteFile_IsAtomic_AndDoesNotOverwriteUnlessAsked()
        {
            string dir = Directory.CreateTempSubdirectory("deid-write").FullName;
            try
            {
                var recipe = DeidRecipe.Parse("FORMAT dicom\n%header\nREMOVE PatientID\n");
                string path = Path.Combine(dir, "r.dicom");
                RecipeWriter.WriteFile(recipe, path, overwrite: false);
                Assert.Equal(recipe.ToString(), File.ReadAllText(path));
                Assert.Throws<IOException>(() => RecipeWriter.WriteFile(recipe, path, overwrite: false));
                recipe.Header.Add(new HeaderAction("BLANK", "PatientName"));
                RecipeWriter.WriteFile(recipe, path, overwrite: true);
                Assert.Equal(recipe, new RecipeParser().ParseFile(path).Recipe);
                Assert.Single(Directory.GetFiles(dir)); // no temporary file left behind
                Assert.Throws<IOException>(() => RecipeWriter.WriteFile(recipe, dir, overwrite: true));

                // A failure names the recipe file, not the temporary file it is written through.
                string missing = Path.Combine(dir, "no-such-folder", "r.dicom");
                var ex = Assert.ThrowsAny<IOException>(() => RecipeWriter.WriteFile(recipe, missing, overwrite: false));
                Assert.Contains(missing, ex.Message);
                Assert.DoesNotContain(".tmp", ex.Message);
            }
            finally
            {
                Directory.Delete(dir, true);
            }
        }
    }
}
