using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Deid.Actions;
using Deid.Dicom;
using Deid.Recipes;
using Deid.Steps;
using Xunit;

namespace Deid.Tests.Actions
{
    /// <summary>
    /// QA, 2026-12-06: a crosswalk exported from Get-DicomIdentifier with its PatientID column edited, or -Variables naming a
    /// keyword, was not written (the recipe names no var: of that name) and nothing said so. A variable that differs from the
    /// file under a keyword's name warns once per batch; one that says what the file holds, in any of the forms an export and
    /// a spreadsheet give it, does not.
    /// </summary>
    public class KeywordVariableTests
    {
        private static readonly DicomTag PatientId = new DicomTag(0x0010, 0x0020);

        private static DicomFile File(Action<DicomDataset>? plant = null)
        {
            var file = new DicomFile(TransferSyntax.ExplicitVRLittleEndian);
            var ds = file.Dataset;
            ds.SetString(new DicomTag(0x0008, 0x0016), DicomVR.UI, "1.2.840.10008.5.1.4.1.1.7");
            ds.SetString(new DicomTag(0x0008, 0x0018), DicomVR.UI, "1.2.826.0.1.3680043.8.498.5.5");
            ds.SetString(new DicomTag(0x0008, 0x0008), DicomVR.CS, "ORIGINAL\\PRIMARY");
            ds.SetString(PatientId, DicomVR.LO, "PID-1 ");
            ds.SetString(new DicomTag(0x0010, 0x0010), DicomVR.PN, "DOE^JANE^^^");
            ds.SetString(new DicomTag(0x0028, 0x0030), DicomVR.DS, "0.50\\0.5");
            ds.SetNumbers(new DicomTag(0x0028, 0x0010), DicomVR.US, new double[] { 512 });
            ds.SetRawValue(new DicomTag(0x0028, 0x0009), DicomVR.AT, new byte[] { 0x18, 0x00, 0x63, 0x10 });
            plant?.Invoke(ds);
            file.EnsureFileMeta();
            using var ms = new MemoryStream();
            DicomWriter.Write(file, ms);
            return DicomFile.Open(ms.ToArray());
        }

        private static List<DeidWarning> Run(HeaderActionEngine engine, Dictionary<string, object?> variables, DicomFile? file = null)
        {
            var warnings = new List<DeidWarning>();
            engine.Apply(file ?? File(), variables, warnings, "f.dcm");
            return warnings.Where(w => w.Kind == DeidWarningKind.UnusedKeywordVariable).ToList();
        }

        // A recipe that names a variable (another than those compared): one that names none says so of them all, once.
        private static HeaderActionEngine Engine(string header = "REMOVE PatientName\nREPLACE StudyID var:study") =>
            new HeaderActionEngine(DeidRecipe.Parse("FORMAT dicom\n%header\n" + header + "\n"));

        [Fact]
        public void AnEditedKeywordColumn_WarnsOncePerBatch_NamingNeitherValue()
        {
            var engine = Engine();
            var edited = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase) { ["PatientID"] = "SUBJ-9", ["id"] = "x" };
            var w = Assert.Single(Run(engine, edited));
            Assert.Equal("(0010,0020)", w.Field);
            Assert.Equal("f.dcm", w.File);
            Assert.Contains("'PatientID'", w.Message);
            Assert.Contains("REPLACE PatientID var:PatientID", w.Message);
            Assert.DoesNotContain("SUBJ-9", w.Message);
            Assert.DoesNotContain("PID-1", w.Message);
            Assert.Empty(Run(engine, edited));
            Assert.Single(Run(Engine(), edited));
        }

        [Fact]
        public void AVariableTheRecipeNames_IsNotWarnedAbout_AndIsWritten()
        {
            var vars = new Dictionary<string, object?> { ["PatientID"] = "SUBJ-9" };
            var file = File();
            Assert.Empty(Run(Engine("REPLACE PatientID var:PatientID"), vars, file));
            Assert.Equal("SUBJ-9", file.Dataset.GetString(PatientId));
            Assert.Empty(Run(Engine("REPLACE PatientName func:PatientID"), vars));
        }

        [Theory]
        [InlineData("PatientID", "PID-1")]              // the file's value without its padding
        [InlineData("PatientID", " PID-1 ")]
        [InlineData("PatientName", "DOE^JANE^^^")]
        [InlineData("ImageType", "ORIGINAL\\PRIMARY")]
        [InlineData("ImageType", "ORIGINAL\\PRIMARY\\")]
        [InlineData("PixelSpacing", "0.5\\0.50")]       // numbers as numbers
        [InlineData("Rows", "512")]
        [InlineData("Rows", 512)]
        [InlineData("Rows", 512.0)]
        [InlineData("StudyDate", "")]                   // a column another file filled: this one has no such element
        [InlineData("StudyDate", null)]
        [InlineData("FrameIncrementPointer", "(0018,1063)")] // tags are shown in a form of their own: not compared
        [InlineData("Columns", "")]
        public void AValueAsTheFileHoldsIt_IsNoEdit(string keyword, object? value)
        {
            Assert.Empty(Run(Engine(), new Dictionary<string, object?> { [keyword] = value }));
        }

        [Theory]
        [InlineData("PatientID", "PID-2")]
        [InlineData("PatientID", "")]
        [InlineData("ImageType", "ORIGINAL\\SECONDARY")]
        [InlineData("ImageType", "ORIGINAL")]
        [InlineData("PixelSpacing", "0.5\\0.6")]
        [InlineData("Rows", "256")]
        [InlineData("Rows", 256)]
        [InlineData("StudyDate", "20200101")]           // a value for an element the file lacks: not added either
        public void AChangedValue_Warns(string keyword, object? value)
        {
            var w = Assert.Single(Run(Engine(), new Dictionary<string, object?> { [keyword] = value }));
            Assert.Contains($"'{keyword}'", w.Message);
        }

        [Fact]
        public void VariablesThatAreNoKeywords_FunctionsAndFileMeta_AreLeftAlone()
        {
            var vars = new Dictionary<string, object?>
            {
                ["id"] = "x",
                ["patientid"] = "lower case is no keyword",
                ["PatientName"] = new DeidFunction(_ => "X"),
                ["TransferSyntaxUID"] = "1.2.3",
            };
            Assert.Empty(Run(Engine(), vars));
        }

        [Fact]
        public void ARecipeThatNamesNoVariable_SaysOnceThatNoneIsWritten()
        {
            var engine = Engine("REMOVE PatientName\nREPLACE PatientID deid_func:pydicom_uuid");
            var warnings = new List<DeidWarning>();
            var vars = new Dictionary<string, object?> { ["id"] = "SUBJ", ["source_id"] = "1.2.3", ["a"] = 1, ["b"] = 2, ["c"] = 3, ["d"] = 4, ["PatientID"] = "X" };
            engine.Apply(File(), vars, warnings, "f.dcm");
            engine.Apply(File(), vars, warnings, "g.dcm");
            var w = Assert.Single(warnings, x => x.Kind == DeidWarningKind.UnusedVariables);
            Assert.Equal("f.dcm", w.File);
            // The edited keyword column first (what the user meant to write), then the others in their order.
            Assert.Contains("(PatientID, id, source_id, a, b, …)", w.Message);
            Assert.DoesNotContain("SUBJ", w.Message);
            // And, as with a recipe that names other variables, the edited column with the line that would write it.
            var keyword = Assert.Single(warnings, x => x.Kind == DeidWarningKind.UnusedKeywordVariable);
            Assert.Contains("REPLACE PatientID var:PatientID", keyword.Message);
            var few = new List<DeidWarning>();
            Engine("REMOVE PatientName").Apply(File(), new Dictionary<string, object?> { ["id"] = "SUBJ", ["PatientID"] = "PID-1" }, few, "f.dcm");
            Assert.Contains("(id, PatientID) are written nowhere", Assert.Single(few).Message);
            // No variables, nothing to say; a recipe that names one says nothing of the others.
            Assert.Empty(Run(Engine("REMOVE PatientName"), new Dictionary<string, object?>()));
            Assert.Empty(Run(Engine(), new Dictionary<string, object?>()));
            var named = new List<DeidWarning>();
            Engine("REPLACE PatientID var:id").Apply(File(), new Dictionary<string, object?> { ["id"] = "S", ["note"] = "n" }, named, "f.dcm");
            Assert.Empty(named);
        }

        [Fact]
        public void ARecipeThatNamesNoVariable_StillNamesAnEditedColumnOfALaterFile()
        {
            // An unedited first row, then an edited one: the once-per-batch warning has been given, the edit is still told.
            var engine = Engine("REMOVE PatientName");
            var warnings = new List<DeidWarning>();
            engine.Apply(File(), new Dictionary<string, object?> { ["id"] = "A", ["PatientID"] = "PID-1" }, warnings, "f.dcm");
            Assert.DoesNotContain(warnings, x => x.Kind == DeidWarningKind.UnusedKeywordVariable);
            engine.Apply(File(), new Dictionary<string, object?> { ["id"] = "B", ["PatientID"] = "SUBJ-2" }, warnings, "g.dcm");
            var w = Assert.Single(warnings, x => x.Kind == DeidWarningKind.UnusedKeywordVariable);
            Assert.Equal("g.dcm", w.File);
            Assert.Single(warnings, x => x.Kind == DeidWarningKind.UnusedVariables);
        }

        [Fact]
        public void TheComparisonReadsTheHeaderAsRead_BeforeTheRecipeChangesIt()
        {
            // The recipe removes Patient's Name; the variable holds the name as read: no edit.
            Assert.Empty(Run(Engine("REMOVE PatientName\nREPLACE StudyID var:study"), new Dictionary<string, object?> { ["PatientName"] = "DOE^JANE^^^" }));
        }
    }
}
