using System;
using System.IO;
using System.Linq;
using Deid.Recipes;
using Xunit;

namespace Deid.Tests.Recipes
{
    /// <summary>
    /// A recipe's problems read top to bottom, file by file, whatever their kind (QA 2026-12-06: the warning for line 4 was
    /// written before the error for line 3, and with -Strict line 4 came after line 11).
    /// </summary>
    public sealed class DiagnosticOrderTests : IDisposable
    {
        private readonly string _dir = Directory.CreateTempSubdirectory("deid-order").FullName;

        public void Dispose() => Directory.Delete(_dir, true);

        private string Write(string name, params string[] lines)
        {
            string path = Path.Combine(_dir, name);
            File.WriteAllLines(path, lines);
            return path;
        }

        private static int LineOf(object item) => item is RecipeWarning w ? w.Line : ((RecipeException)item).Line;

        private static string FileOf(object item) => Path.GetFileName(item is RecipeWarning w ? w.SourceName : ((RecipeException)item).SourceName)!;

        [Fact]
        public void WarningsAndErrorsComeInTheOrderOfTheFiles()
        {
            // Line 3 an error (no such action), 4 a warning (no such keyword), 6 an error, 7 a warning.
            string typo = Write("typo.recipe", "FORMAT dicom", "%header", "REPLCE PatientID x", "REMOVE PatientsName", "REMOVE PatientAddress", "JITTER StudyDate soon", "BLANK PatientNaem");
            var loader = new RecipeLoader(null, RecipeParserOptions.WithDictionary());
            var result = loader.Load(new[] { typo });
            Assert.Null(result.Recipe);
            Assert.NotEmpty(result.Warnings);
            Assert.NotEmpty(result.Errors);
            var ordered = result.InFileOrder();
            Assert.Equal(new[] { 3, 4, 6, 7 }, ordered.Select(LineOf));
            Assert.IsType<RecipeException>(ordered[0]);
            Assert.IsType<RecipeWarning>(ordered[1]);

            var strict = result.ToStrict();
            Assert.Equal(new[] { 3, 4, 6, 7 }, strict.Errors.Select(e => ((RecipeException)e).Line));
        }

        [Fact]
        public void FilesKeepTheOrderTheyWereLoadedIn()
        {
            // The first file only warns, the second only fails: the first still comes first.
            string first = Write("a-first.recipe", "FORMAT dicom", "%header", "REMOVE PatientsName");
            string second = Write("b-second.recipe", "FORMAT dicom", "%header", "REPLCE PatientID x");
            var loader = new RecipeLoader(null, RecipeParserOptions.WithDictionary());
            foreach (var (paths, expected) in new[] { (new[] { first, second }, new[] { "a-first.recipe", "b-second.recipe" }), (new[] { second, first }, new[] { "b-second.recipe", "a-first.recipe" }) })
            {
                var ordered = loader.Load(paths).InFileOrder();
                Assert.Equal(expected, ordered.Select(FileOf));
                Assert.Equal(expected, loader.Load(paths).ToStrict().Errors.Select(FileOf));
            }
        }
    }
}
