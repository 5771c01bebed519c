using System.Collections.Generic;
using System.Linq;
using Deid.Actions;
using Deid.Dicom;
using Deid.Recipes;
using Deid.Steps;
using Xunit;

namespace Deid.Tests.Actions
{
    /// <summary>
    /// A variable the recipe writes whose text is a spreadsheet's scientific notation ("1.23457E+17": a long ID Excel took for a
    /// number, its last digits lost) is written as given and said once per variable and batch, without its value.
    /// </summary>
    public class ShortenedNumberTests
    {
        [Theory]
        [InlineData("1.23457E+17", true)]
        [InlineData("1E+15", true)]
        [InlineData(" 9.87654E+20 ", true)]
        [InlineData("-2.5e-3", true)]
        [InlineData("SUBJ-0001", false)]
        [InlineData("1234567890123456789", false)]
        [InlineData("1.2.840.10008", false)]
        [InlineData("12E+3", false)]       // a spreadsheet writes one digit before the point
        [InlineData("1.E+5", false)]
        [InlineData("1.5E", false)]
        [InlineData("E+5", false)]
        [InlineData("1.5E+", false)]
        [InlineData("", false)]
        public void IsScientific_TakesASpreadsheetsNotationOnly(string text, bool expected) =>
            Assert.Equal(expected, SpreadsheetVariableCheck.IsScientific(text));

        private static DicomFile File()
        {
            var file = new DicomFile(TransferSyntax.ExplicitVRLittleEndian);
            file.Dataset.SetString(DicomTags.SOPClassUID, DicomVR.UI, "1.2.840.10008.5.1.4.1.1.7");
            file.Dataset.SetString(DicomTags.SOPInstanceUID, DicomVR.UI, "1.2.826.0.1.3680043.8.498.5.5");
            file.Dataset.SetString(DicomTags.PatientID, DicomVR.LO, "PID-1");
            file.Dataset.SetString(DicomTags.AccessionNumber, DicomVR.SH, "A1");
            return file;
        }

        [Fact]
        public void AWrittenVariableInScientificNotation_IsWrittenAsGiven_AndSaidOncePerVariable()
        {
            var engine = new HeaderActionEngine(DeidRecipe.Parse("FORMAT dicom\n%header\nREPLACE PatientID var:id\nREPLACE AccessionNumber var:acc\n", "site.deid"));
            var warnings = new List<DeidWarning>();
            var first = File();
            engine.Apply(first, new Dictionary<string, object?> { ["id"] = "1.23457E+17", ["acc"] = "ACC-1", ["note"] = "9E+9" }, warnings, "a.dcm");
            engine.Apply(File(), new Dictionary<string, object?> { ["id"] = "1.23457E+17", ["acc"] = "4.5E+11" }, warnings, "b.dcm");
            Assert.Equal("1.23457E+17", first.Dataset.GetString(DicomTags.PatientID));
            var said = warnings.Where(w => w.Kind == DeidWarningKind.ShortenedNumber).ToList();
            // id once (the first file), acc once (the second), and nothing of 'note', which the recipe does not write.
            Assert.Equal(2, said.Count);
            Assert.Contains("'id'", said[0].Message, System.StringComparison.Ordinal);
            Assert.Contains("'acc'", said[1].Message, System.StringComparison.Ordinal);
            Assert.All(said, w => Assert.DoesNotContain("1.23457", w.Message, System.StringComparison.Ordinal));
            Assert.All(said, w => Assert.DoesNotContain("4.5E", w.Message, System.StringComparison.Ordinal));
        }

        [Fact]
        public void OrdinaryValues_AreNotSaid()
        {
            var engine = new HeaderActionEngine(DeidRecipe.Parse("FORMAT dicom\n%header\nREPLACE PatientID var:id\n"));
            var warnings = new List<DeidWarning>();
            engine.Apply(File(), new Dictionary<string, object?> { ["id"] = "123456789012345678" }, warnings, "a.dcm");
            engine.Apply(File(), new Dictionary<string, object?> { ["id"] = 1.5e17 }, warnings, "b.dcm"); // a number, not a spreadsheet's text
            Assert.DoesNotContain(warnings, w => w.Kind == DeidWarningKind.ShortenedNumber);
        }
    }
}
