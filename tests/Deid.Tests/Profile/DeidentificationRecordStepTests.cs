using System.Collections.Generic;
using System.IO;
using Deid.Dicom;
using Deid.Pixels;
using Deid.Profile;
using Deid.Recipes;
using Deid.Steps;
using Deid.Tests.Actions;
using Xunit;

namespace Deid.Tests.Profile
{
    /// <summary>What was done, recorded as PS3.15 asks: CID 7050 codes, Patient Identity Removed, Longitudinal Temporal Information Modified.</summary>
    public class DeidentificationRecordStepTests
    {
        private static readonly DicomTag CodeSequence = new DicomTag(0x0012, 0x0064);

        private static DicomDataset Record(string method, string extra = "", bool pixelsCleaned = false, Dictionary<string, object?>? variables = null)
        {
            var recipe = DeidRecipe.Parse("FORMAT dicom\n%header\n" + extra + "ADD DeidentificationMethod " + method + "\n");
            var file = EngineRegressionTests.Small();
            var context = new FileStepContext(file, "small.dcm", variables, new List<DeidWarning>());
            if (pixelsCleaned) context.Shared[PixelCleaningStep.StepName] = new PixelCleaningDecision(true, new[] { PixelRegion.Rectangle(0, 0, 10, 10) }, null);
            var stats = new DeidentificationRecordStep(recipe).Begin(context).Apply();
            Assert.Equal(DeidentificationRecordStep.StepName, stats.Step);
            using var ms = new MemoryStream();
            DicomWriter.Write(file, ms);
            return DicomFile.Open(ms.ToArray()).Dataset;
        }

        private static List<string[]> Codes(DicomDataset ds)
        {
            var list = new List<string[]>();
            foreach (var item in ds.GetSequence(CodeSequence)!)
            {
                list.Add(new[] { item.GetString(new DicomTag(0x0008, 0x0100))!, item.GetString(new DicomTag(0x0008, 0x0102))!, item.GetString(new DicomTag(0x0008, 0x0104))! });
            }
            return list;
        }

        [Fact]
        public void BasicProfileOptionsAndPixelCleaningAreCoded()
        {
            var ds = Record(@"Basic Application Confidentiality Profile\Clean Descriptors Option\Clean Graphics Option", pixelsCleaned: true);
            Assert.Equal(new[]
            {
                new[] { "113100", "DCM", "Basic Application Confidentiality Profile" },
                new[] { "113101", "DCM", "Clean Pixel Data Option" },
                new[] { "113103", "DCM", "Clean Graphics Option" },
                new[] { "113105", "DCM", "Clean Descriptors Option" },
            }, Codes(ds));
            Assert.Equal("YES", ds.GetString(new DicomTag(0x0012, 0x0062)));
            Assert.Equal(@"Basic Application Confidentiality Profile\Clean Descriptors Option\Clean Graphics Option\Clean Pixel Data Option", ds.GetString(new DicomTag(0x0012, 0x0063)));
            Assert.Equal("REMOVED", ds.GetString(new DicomTag(0x0028, 0x0303)));
        }

        [Fact]
        public void PixelsNotCleanedAreNotClaimed()
        {
            var codes = Codes(Record("Basic Application Confidentiality Profile"));
            Assert.Single(codes);
            Assert.Equal("113100", codes[0][0]);
        }

        [Fact]
        public void NewElementsAreWrittenInTagOrder()
        {
            var ds = Record("Basic Application Confidentiality Profile");
            uint last = 0;
            foreach (var e in ds.Elements)
            {
                Assert.True(e.Tag.Value > last, e.Tag.ToString());
                last = e.Tag.Value;
            }
            Assert.True(ds.Contains(CodeSequence));
        }

        [Theory]
        [InlineData("", null, "REMOVED")]
        [InlineData("KEEP StudyDate\n", null, "UNMODIFIED")]
        [InlineData("JITTER StudyDate var:date_shift_days\n", "12", "MODIFIED")]
        [InlineData("JITTER StudyDate var:date_shift_days\n", "0", "UNMODIFIED")]
        [InlineData("JITTER StudyDate var:date_shift_days\n", null, "UNMODIFIED")]
        public void TemporalInformationIsWhatTheRecipeDidToDates(string extra, string? shift, string expected)
        {
            var vars = new Dictionary<string, object?>();
            if (shift != null) vars["date_shift_days"] = shift;
            Assert.Equal(expected, Record("Basic Application Confidentiality Profile", extra, variables: vars).GetString(new DicomTag(0x0028, 0x0303)));
        }

        [Theory]
        [InlineData(@"Basic Application Confidentiality Profile\Deid.PowerShell default recipe")]
        [InlineData("Clean Graphics Option")]
        [InlineData("my own method")]
        public void ARecipeThatDeclaresNoProfileIsLeftAsDeidWritesIt(string method)
        {
            var recipe = DeidRecipe.Parse("FORMAT dicom\n%header\nADD DeidentificationMethod " + method + "\n");
            Assert.False(new DeidentificationRecordStep(recipe).Records);
            var ds = Record(method);
            Assert.False(ds.Contains(CodeSequence));
            Assert.False(ds.Contains(new DicomTag(0x0012, 0x0062)));
        }

        [Theory]
        [InlineData("dicom.basic-profile", "12", "REMOVED")]
        [InlineData("dicom.basic-profile.retain-long-full-dates", "12", "UNMODIFIED")]
        [InlineData("dicom.basic-profile.retain-long-modified-dates", "12", "MODIFIED")]
        [InlineData("dicom.basic-profile.retain-long-modified-dates", null, "UNMODIFIED")]
        public void TheShippedRecipesRecordWhatTheyDidToDates(string name, string? shift, string expected)
        {
            var recipe = DeidRecipe.Parse(File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "recipes", "deid." + name)));
            var vars = new Dictionary<string, object?>();
            if (shift != null) vars["date_shift_days"] = shift;
            var context = new FileStepContext(EngineRegressionTests.Small(), "small.dcm", vars, new List<DeidWarning>());
            new DeidentificationRecordStep(recipe).Begin(context).Apply();
            Assert.Equal(expected, context.File.Dataset.GetString(new DicomTag(0x0028, 0x0303)));
        }

        /// <summary>
        /// Verifying Observer Sequence is D: kept, each item becomes a dummy item through the rows of its attributes (names,
        /// organisation, date-time D), so a verified report stays valid (Type 1C, at least one item) and names no one. (It was
        /// emptied once, and the report then had to be made UNVERIFIED; ProfileFunctions.KeepVerificationHonest still does that
        /// for a recipe that empties it: StructuredContentTests.)
        /// </summary>
        [Fact]
        public void TheBasicProfileKeepsAVerifiedSrValid_ItsObserversDummied()
        {
            var recipe = DeidRecipe.Parse(File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "recipes", "deid.dicom.basic-profile")));
            var file = ProfileTestFiles.StructuredReport();
            var context = new FileStepContext(file, "sr.dcm", null, new List<DeidWarning>());
            var header = new Deid.Actions.HeaderActionEngine(recipe).Begin(context);
            var record = new DeidentificationRecordStep(recipe).Begin(context);
            header.Apply();
            record.Apply();
            Assert.Equal("VERIFIED", file.Dataset.GetString(new DicomTag(0x0040, 0xA493)));
            var observer = Assert.Single(file.Dataset.GetSequence(new DicomTag(0x0040, 0xA073))!);
            Assert.Equal("ANONYMOUS^", observer.GetString(new DicomTag(0x0040, 0xA075)));
            Assert.Equal("ANONYMOUS", observer.GetString(new DicomTag(0x0040, 0xA027)));
            Assert.Equal("19000101000000", observer.GetString(new DicomTag(0x0040, 0xA030)));
        }

        [Fact]
        public void EveryShippedProfileRecipeDeclaresItselfAndTheDefaultDoesNot()
        {
            foreach (var path in Directory.GetFiles(Path.Combine(TestPaths.RepoRoot, "recipes"), "deid.dicom*"))
            {
                var recipe = DeidRecipe.Parse(File.ReadAllText(path), path);
                bool profile = Path.GetFileName(path).StartsWith("deid.dicom.basic-profile", System.StringComparison.Ordinal);
                Assert.True(profile == new DeidentificationRecordStep(recipe).Records, path);
            }
        }
    }
}
