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
            }
            finally
            {
                Directory.Delete(dir, true);
            }
        }
    }
}
