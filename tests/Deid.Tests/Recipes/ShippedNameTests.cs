using System;
using System.IO;
using Deid.Recipes;
using Xunit;

namespace Deid.Tests.Recipes
{
    /// <summary>
    /// Shipped recipe names as a PowerShell user types them: any case, with or without the "deid." prefix; a word that ends
    /// exactly one name is suggested; anything else lists the names.
    /// </summary>
    public sealed class ShippedNameTests : IDisposable
    {
        private readonly string _dir = Directory.CreateTempSubdirectory("deid-shipped-names").FullName;
        private readonly RecipeLoader _loader;

        public ShippedNameTests()
        {
            foreach (string name in new[] { "dicom", "dicom.ultrasound", "dicom.basic-profile", "dicom.basic-profile.retain-uids", "dicom.xray.chest", "other.chest" })
                File.WriteAllText(Path.Combine(_dir, "deid." + name), "FORMAT dicom\n%header\nADD PatientIdentityRemoved YES\n");
            _loader = new RecipeLoader(_dir);
        }

        public void Dispose() => Directory.Delete(_dir, true);

        [Theory]
        [InlineData("dicom", "deid.dicom")]
        [InlineData("DICOM", "deid.dicom")]
        [InlineData("Dicom.Ultrasound", "deid.dicom.ultrasound")]
        [InlineData("deid.dicom.ultrasound", "deid.dicom.ultrasound")]
        [InlineData("DEID.DICOM.BASIC-PROFILE", "deid.dicom.basic-profile")]
        [InlineData(" dicom.xray.chest ", "deid.dicom.xray.chest")]
        public void FindsANameInAnyCase(string name, string file)
        {
            Assert.Equal(Path.Combine(_dir, file), _loader.ResolveName(name));
            Assert.True(_loader.IsShippedName(name));
        }

        [Theory]
        [InlineData("ultrasound", "dicom.ultrasound")]
        [InlineData("basic-profile", "dicom.basic-profile")]
        [InlineData("RETAIN-UIDS", "dicom.basic-profile.retain-uids")]
        public void SuggestsTheOneNameAWordEnds(string name, string meant)
        {
            var ex = Assert.Throws<FileNotFoundException>(() => _loader.ResolveName(name));
            Assert.Contains($"There is no shipped recipe named '{name}'; did you mean '{meant}'?", ex.Message, StringComparison.Ordinal);
            Assert.Contains("shipped recipes: dicom, ", ex.Message, StringComparison.Ordinal);
            Assert.False(_loader.IsShippedName(name));
        }

        /// <summary>"chest" ends two names, "nope" none: no guess, only the list.</summary>
        [Theory]
        [InlineData("chest")]
        [InlineData("nope")]
        [InlineData("dicom.")]
        public void GuessesNothingWhenNoneOrSeveralFit(string name)
        {
            var ex = Assert.Throws<FileNotFoundException>(() => _loader.ResolveName(name));
            Assert.DoesNotContain("did you mean", ex.Message, StringComparison.Ordinal);
            Assert.Contains("(shipped recipes: dicom, ", ex.Message, StringComparison.Ordinal);
        }
    }
}
