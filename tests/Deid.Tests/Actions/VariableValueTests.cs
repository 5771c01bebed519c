using System;
using System.Collections;
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
    /// Variables of every type PowerShell hands over (QA, 2026-12-07: <c>-Variables @{ v = ... }</c> with 30 types): a DBNull
    /// (what Invoke-Sqlcmd gives for NULL) or a character stopped the batch with an InvalidCastException; a table, a list of
    /// lists, a script block or an object wrote its type's name ("Deid.Actions.DeidFunction", "System.Object[]") or nothing
    /// into the element. Now a DBNull is no value, a character its text, and the rest is refused with a warning, the element
    /// left as it was (a missing variable: the file is not Succeeded).
    /// </summary>
    public class VariableValueTests
    {
        private const string Recipe = "FORMAT dicom\n%header\nREPLACE PatientID var:v\nREPLACE Rows var:v\nJITTER StudyDate var:v\n";

        private static DicomFile Sample()
        {
            var file = new DicomFile(TransferSyntax.ExplicitVRLittleEndian);
            file.Dataset.SetString(new DicomTag(0x0008, 0x0016), DicomVR.UI, "1.2.840.10008.5.1.4.1.1.7");
            file.Dataset.SetString(new DicomTag(0x0008, 0x0018), DicomVR.UI, "1.2.826.0.1.3680043.8.498.5.5");
            file.Dataset.SetString(DicomTags.StudyDate, DicomVR.DA, "20200110");
            file.Dataset.SetString(DicomTags.PatientID, DicomVR.LO, "PID1");
            file.Dataset.SetNumbers(DicomTags.Rows, DicomVR.US, new double[] { 64 });
            file.EnsureFileMeta();
            using var ms = new MemoryStream();
            DicomWriter.Write(file, ms);
            return DicomFile.Open(ms.ToArray());
        }

        private static (DicomDataset Dataset, List<DeidWarning> Warnings) Run(object? value)
        {
            var file = Sample();
            var warnings = new List<DeidWarning>();
            new HeaderActionEngine(DeidRecipe.Parse(Recipe)).Apply(file, new Dictionary<string, object?> { ["v"] = value }, warnings, "sample.dcm");
            using var ms = new MemoryStream();
            DicomWriter.Write(file, ms);
            return (DicomFile.Open(ms.ToArray()).Dataset, warnings);
        }

        public static TheoryData<string, object, string> Refused => new TheoryData<string, object, string>
        {
            { "table", new Hashtable { ["a"] = 1 }, "holds a table (a hashtable or dictionary), not a value" },
            { "function", new DeidFunction(_ => "X"), "holds a function (a script block), which func: calls and var: cannot write" },
            { "list of lists", new object[] { new object[] { 1, 2 }, 3 }, "holds a list holding a list" },
            { "object", new object(), "holds an object of type Object, not a value" },
            { "list of objects", new List<object> { "A", new object() }, "holds a list holding an object of type Object" },
        };

        [Theory]
        [MemberData(nameof(Refused))]
        public void AValueNoElementCanTake_IsRefused_TheElementLeftAsItWas(string what, object value, string message)
        {
            var (ds, warnings) = Run(value);
            Assert.Equal("PID1", ds.GetString(DicomTags.PatientID));
            Assert.Equal("20200110", ds.GetString(DicomTags.StudyDate));
            Assert.Equal(64, ds.GetNumbers(DicomTags.Rows)![0]);
            var refusals = warnings.Where(w => w.Kind == DeidWarningKind.MissingVariable).ToList();
            Assert.True(refusals.Count == 3, what + ": " + string.Join("; ", warnings));
            Assert.All(refusals, w => Assert.Contains(message, w.Message, StringComparison.Ordinal));
            Assert.DoesNotContain(warnings, w => w.Message.Contains("Deid.Actions", StringComparison.Ordinal));
        }

        [Fact]
        public void ADbNull_IsNoValue()
        {
            var (ds, warnings) = Run(DBNull.Value);
            Assert.Equal("PID1", ds.GetString(DicomTags.PatientID));
            Assert.Equal("20200110", ds.GetString(DicomTags.StudyDate));
            Assert.Equal(3, warnings.Count(w => w.Kind == DeidWarningKind.MissingVariable && w.Message.Contains("variable 'v' is a database NULL (DBNull)", StringComparison.Ordinal)));
        }

        [Fact]
        public void ACharacter_IsItsText_AndAListLeavesOutItsDbNulls()
        {
            var (ds, warnings) = Run('5');
            Assert.Equal("5", ds.GetString(DicomTags.PatientID));
            Assert.Equal(5, ds.GetNumbers(DicomTags.Rows)![0]);
            Assert.Equal("20200115", ds.GetString(DicomTags.StudyDate));
            Assert.DoesNotContain(warnings, w => w.Kind == DeidWarningKind.MissingVariable);

            var (list, _) = Run(new object[] { "A", DBNull.Value, 'B' });
            Assert.Equal("A\\B", list.GetString(DicomTags.PatientID));
        }

        [Fact]
        public void AFunctionThatReturnsNoValue_IsRefused()
        {
            var file = Sample();
            var warnings = new List<DeidWarning>();
            var variables = new Dictionary<string, object?> { ["f"] = new DeidFunction(_ => new Hashtable()), ["g"] = new DeidFunction(_ => DBNull.Value) };
            new HeaderActionEngine(DeidRecipe.Parse("FORMAT dicom\n%header\nREPLACE PatientID func:f\nREPLACE StudyDate func:g\n")).Apply(file, variables, warnings, "sample.dcm");
            Assert.Equal("PID1", file.Dataset.GetString(DicomTags.PatientID));
            Assert.Equal("20200110", file.Dataset.GetString(DicomTags.StudyDate));
            Assert.Contains(warnings, w => w.Message.Contains("function 'f' returned a table", StringComparison.Ordinal));
        }
    }
}
