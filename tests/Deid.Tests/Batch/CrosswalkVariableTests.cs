using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Deid.Actions;
using Deid.Batch;
using Deid.Dicom;
using Deid.Recipes;
using Deid.Samples;
using Deid.Steps;
using Xunit;

namespace Deid.Tests.Batch
{
    /// <summary>
    /// Issue 11 item 3: an empty crosswalk cell blanked the element silently (counted as Replaced), a missing variable left the
    /// element and the result still said Succeeded, and Warnings exported as a type name.
    /// </summary>
    public sealed class CrosswalkVariableTests : IDisposable
    {
        private const string Recipe = "FORMAT dicom\n%header\nREPLACE PatientID var:id\nREPLACE PatientName var:name\n";
        private readonly string _root = Path.Combine(Path.GetTempPath(), "deid-crosswalk-" + Guid.NewGuid().ToString("N").Substring(0, 12));

        public CrosswalkVariableTests() => Directory.CreateDirectory(_root);

        public void Dispose() => Directory.Delete(_root, true);

        private DeidFileResult Run(Dictionary<string, object?> variables)
        {
            var sample = DicomSampleGenerator.Create(0, new DicomSampleOptions { Seed = 5, Rows = 8, Columns = 8 });
            // Its burned-in text is another test's matter (the batch's once-a-batch notice, BurnedInPixelNoticeTests).
            sample.File.Dataset.Remove(DicomTags.BurnedInAnnotation);
            string input = Path.Combine(_root, Guid.NewGuid().ToString("N") + ".dcm");
            sample.File.Save(input);
            var engine = new HeaderActionEngine(DeidRecipe.Parse(Recipe), null, new UidGenerator());
            var request = new DeidFileRequest(input, Path.Combine(_root, "out-" + Path.GetFileName(input)), variables);
            return new DeidBatch(engine).Run(new[] { request }).Single();
        }

        [Fact]
        public void AllVariablesGiven_Succeeds_WithoutWarnings()
        {
            var result = Run(new Dictionary<string, object?> { ["id"] = "SUBJ-1", ["name"] = "Subject^One" });
            Assert.True(result.Succeeded);
            Assert.Empty(result.Warnings);
            Assert.Equal("", result.Warnings.ToString());
        }

        [Fact]
        public void EmptyVariable_IsAWarningNamingFileAndField()
        {
            var result = Run(new Dictionary<string, object?> { ["id"] = "", ["name"] = "Subject^One" });
            var warning = Assert.Single(result.Warnings);
            Assert.Equal(DeidWarningKind.EmptyVariable, warning.Kind);
            Assert.Equal(result.SourcePath, warning.File);
            Assert.Equal("PatientID", warning.Field);
            Assert.Contains("variable 'id' is empty for " + result.SourcePath, warning.Message);
            Assert.True(result.Succeeded);
            Assert.Equal("", DicomFile.Open(result.OutputPath).Dataset.GetString(DicomTags.PatientID));
        }

        [Fact]
        public void MissingVariable_MakesTheFileNotSucceeded_AndLeavesTheElement()
        {
            var result = Run(new Dictionary<string, object?> { ["id"] = "SUBJ-1" });
            Assert.Null(result.Error);
            Assert.True(result.Written);
            Assert.False(result.Succeeded);
            Assert.Equal(DeidWarningKind.MissingVariable, Assert.Single(result.Warnings).Kind);
        }

        [Fact]
        public void Warnings_PrintAsTheirMessages_OnePerLine()
        {
            var result = Run(new Dictionary<string, object?>());
            Assert.Equal(2, result.Warnings.Count);
            Assert.Equal(string.Join("\n", result.Warnings.Select(w => w.Message)), result.Warnings.ToString());
            Assert.Contains("variable 'name'", result.Warnings.ToString());
        }
    }
}
