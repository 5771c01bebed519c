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
    /// A batch warns when an output's path keeps an identifying value the recipe changed in the header (a PACS export mirrored
    /// with -Recurse: in/&lt;PatientID&gt;/&lt;StudyDate&gt;/...), once per value and batch; whole words only; values the recipe keeps
    /// do not count.
    /// </summary>
    public sealed class OutputPathIdentifiersTests : IDisposable
    {
        private const string Recipe = "FORMAT dicom\n%header\nREPLACE PatientID X\nREPLACE PatientName X\nREPLACE StudyDate 19000101\nREPLACE StudyInstanceUID deid_func:pydicom_uuid\n";
        private readonly string _root = Path.Combine(Path.GetTempPath(), "deid-pathids-" + Guid.NewGuid().ToString("N").Substring(0, 12));

        public OutputPathIdentifiersTests() => Directory.CreateDirectory(_root);

        public void Dispose() => Directory.Delete(_root, true);

        private static DicomDataset Dataset(string patientId = "PID4711", string name = "DOE^ANN", string studyDate = "20200131", string uid = "1.2.826.0.1.3680043.2.1125.12345")
        {
            var ds = new DicomDataset();
            ds.SetString(DicomTags.PatientID, DicomVR.LO, patientId);
            ds.SetString(DicomTags.PatientName, DicomVR.PN, name);
            ds.SetString(DicomTags.StudyDate, DicomVR.DA, studyDate);
            ds.SetString(DicomTags.StudyInstanceUID, DicomVR.UI, uid);
            return ds;
        }

        [Theory]
        [InlineData("PID4711/SE1/IM1.dcm", "(0010,0020)")]
        [InlineData("DOE_ANN/IM1.dcm", "(0010,0010)")]
        [InlineData("doe ann/IM1.dcm", "(0010,0010)")]
        [InlineData("2020-01-31/20200131/IM1.dcm", "(0008,0020)")]
        [InlineData("2020-01-31/IM1.dcm", "(0008,0020)")]   // a date folder with separators (QA, 2026-12-05)
        [InlineData("x/31.01.2020/IM1.dcm", "(0008,0020)")]
        [InlineData("01_31_2020.dcm", "(0008,0020)")]
        [InlineData("1.2.826.0.1.3680043.2.1125.12345/IM1.dcm", "(0020,000D)")]
        [InlineData("scans/x_1.2.826.0.1.3680043.2.1125.12345.dcm", "(0020,000D)")]
        public void AValueInAFolderOrFileName_IsFound(string path, string tag)
        {
            var values = OutputPathIdentifiers.Collect(Dataset());
            var after = new DicomDataset();
            Assert.Contains(values.Find(path, after), f => f.Key.ToString() == tag);
        }

        /// <summary>Leak QA 3, MEDIUM-3: an ID or date in a form the descriptor cleaner knows got no warning in a file name.</summary>
        [Theory]
        [InlineData("482913_head.dcm", "(0010,0020)")]
        [InlineData("0048-2913/IM1.dcm", "(0010,0020)")]
        [InlineData("7731902.dcm", "(0008,0050)")]
        [InlineData("dob_1961-3-7.dcm", "(0010,0030)")]
        [InlineData("x/7.3.1961/IM1.dcm", "(0010,0030)")]
        // Leak QA 2026-12-06: a two-digit year, and the digits run together.
        [InlineData("QZ 03-07-61/a.dcm", "(0010,0030)")]
        [InlineData("QZ_07.03.61/a.dcm", "(0010,0030)")]
        [InlineData("dob 3-7-61.dcm", "(0010,0030)")]
        [InlineData("QZ07031961/a.dcm", "(0010,0030)")]
        [InlineData("x/03071961_IM1.dcm", "(0010,0030)")]
        public void AnIdOrDateInAnotherForm_IsFound(string path, string tag)
        {
            var ds = Dataset(patientId: "00482913");
            ds.SetString(DicomTags.AccessionNumber, DicomVR.SH, "A7731902");
            ds.SetString(DicomTags.PatientBirthDate, DicomVR.DA, "19610307");
            Assert.Contains(OutputPathIdentifiers.Collect(ds).Find(path, new DicomDataset()), f => f.Key.ToString() == tag);
        }

        [Theory]
        [InlineData("1482913_head.dcm")]
        [InlineData("48.2913/IM1.dcm")]
        [InlineData("77319021.dcm")]
        [InlineData("x/17.3.1961/IM1.dcm")]
        [InlineData("x/03-07-611/IM1.dcm")]
        [InlineData("x/103071961/IM1.dcm")]
        [InlineData("CT-0061/IM1.dcm")]
        [InlineData("2.25.1.3.7.61.4/IM1.dcm")] // 3.7.61 between a UID's points is no date
        public void AnIdOrDateInsideAnotherNumber_IsNotFound(string path)
        {
            var ds = Dataset(patientId: "00482913");
            ds.SetString(DicomTags.AccessionNumber, DicomVR.SH, "A7731902");
            ds.SetString(DicomTags.PatientBirthDate, DicomVR.DA, "19610307");
            Assert.Empty(OutputPathIdentifiers.Collect(ds).Find(path, new DicomDataset()));
        }

        [Theory]
        [InlineData("SCANNER/IM1.dcm")]            // ANN inside a word
        [InlineData("PID47110/IM1.dcm")]           // the ID inside a longer one
        [InlineData("CT/SE1/IM00001")]
        [InlineData("X/2020/IM1.dcm")]
        [InlineData("X/12020-01-31/IM1.dcm")]      // the date inside a longer number
        public void PartsOfWords_AreNotFound(string path) =>
            Assert.Empty(OutputPathIdentifiers.Collect(Dataset()).Find(path, new DicomDataset()));

        [Fact]
        public void ShortValues_AndValuesTheRecipeKept_DoNotCount()
        {
            var values = OutputPathIdentifiers.Collect(Dataset(patientId: "12", name: "LI^BO"));
            Assert.Empty(values.Find("12/LI/BO/IM1.dcm", new DicomDataset()));
            var kept = OutputPathIdentifiers.Collect(Dataset());
            Assert.Empty(kept.Find("PID4711/IM1.dcm", Dataset()));
        }

        [Fact]
        public void ABatch_WarnsOncePerValue_ForAMirroredPatientFolder()
        {
            string outFolder = Path.Combine(_root, "out");
            var batch = new DeidBatch(new HeaderActionEngine(DeidRecipe.Parse(Recipe))) { OutputFolder = outFolder };
            var requests = Enumerable.Range(0, 3).Select(i =>
            {
                var sample = DicomSampleGenerator.Create(i, new DicomSampleOptions { Seed = 9, Rows = 8, Columns = 8, InstancesPerSeries = 3 });
                string id = sample.File.Dataset.GetString(DicomTags.PatientID)!;
                string date = sample.File.Dataset.GetString(DicomTags.StudyDate)!;
                string input = Path.Combine(_root, "in", id, date, sample.FileName);
                Directory.CreateDirectory(Path.GetDirectoryName(input)!);
                sample.File.Save(input);
                string relative = Path.Combine(id, date, sample.FileName);
                return new DeidFileRequest(input, Path.Combine(outFolder, relative)) { RelativePath = relative };
            }).ToList();
            // Finished last to first, as threads may finish them, and read in input order, as a batch's reader does: the
            // warnings stay with the first file, whichever finished first (a claim made as each finished named another file
            // from run to run, and a Pester test's order with it).
            var results = Enumerable.Range(0, requests.Count).Reverse().Select(i => batch.ProcessOne(requests[i])).Reverse().ToList();
            var reported = new HashSet<string>(StringComparer.Ordinal);
            foreach (var r in results) r.KeepFirstOnceWarnings(reported);
            Assert.All(results, r => Assert.True(r.Written, r.Error?.Message));
            var first = results[0].Warnings.Where(w => w.Kind == DeidWarningKind.IdentifyingOutputPath).ToList();
            Assert.Equal(new[] { "(0008,0020)", "(0010,0020)" }, first.Select(w => w.Field).OrderBy(f => f, StringComparer.Ordinal));
            Assert.All(first, w => Assert.Contains("-OutputName", w.Message, StringComparison.Ordinal));
            // The same patient and study folder: nothing new to say.
            Assert.All(results.Skip(1), r => Assert.DoesNotContain(r.Warnings, w => w.Kind == DeidWarningKind.IdentifyingOutputPath));
        }

        /// <summary>
        /// A token that reads a value the recipe keeps (the sample's study description names the patient) is warned of, and the
        /// warning names the template instead of advising -OutputName as if none were given.
        /// </summary>
        [Fact]
        public void ATokenReadingAKeptValueThatNamesThePatient_IsWarnedWithTheTemplate()
        {
            string outFolder = Path.Combine(_root, "described");
            var batch = new DeidBatch(new HeaderActionEngine(DeidRecipe.Parse("FORMAT dicom\n%header\nREPLACE PatientName ANON^X\n")))
            {
                OutputFolder = outFolder,
                OutputName = OutputNameTemplate.Parse("{StudyDescription}/{Name}"),
            };
            var sample = DicomSampleGenerator.Create(0, new DicomSampleOptions { Seed = 9, Rows = 8, Columns = 8 });
            string given = sample.File.Dataset.GetString(DicomTags.PatientName)!.Split('^')[1];
            Assert.Contains(given, sample.File.Dataset.GetString(DicomTags.StudyDescription)!, StringComparison.Ordinal);
            string input = Path.Combine(_root, "described-" + sample.FileName);
            sample.File.Save(input);
            var result = batch.ProcessOne(new DeidFileRequest(input, Path.Combine(outFolder, sample.FileName)));
            Assert.True(result.Written, result.Error?.Message);
            var warning = Assert.Single(result.Warnings, w => w.Kind == DeidWarningKind.IdentifyingOutputPath);
            Assert.Equal("(0010,0010)", warning.Field);
            Assert.Contains("-OutputName '{StudyDescription}/{Name}'", warning.Message, StringComparison.Ordinal);
            Assert.Contains("values the recipe replaces", warning.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void OutputsNamedFromTheDeidentifiedHeader_AreNotWarned()
        {
            string outFolder = Path.Combine(_root, "named");
            // Every value a token reads is replaced (a kept SOPInstanceUID in the name is warned of: see DeidBatchOutputNameTests).
            var batch = new DeidBatch(new HeaderActionEngine(DeidRecipe.Parse(Recipe + "REPLACE SOPInstanceUID deid_func:pydicom_uuid\n")))
            {
                OutputFolder = outFolder,
                OutputName = OutputNameTemplate.Parse("{PatientID}/{StudyInstanceUID}/{SOPInstanceUID}.dcm"),
            };
            var sample = DicomSampleGenerator.Create(0, new DicomSampleOptions { Seed = 9, Rows = 8, Columns = 8 });
            string input = Path.Combine(_root, sample.FileName);
            sample.File.Save(input);
            var result = batch.ProcessOne(new DeidFileRequest(input, Path.Combine(outFolder, sample.FileName)));
            Assert.True(result.Written, result.Error?.Message);
            Assert.DoesNotContain(result.Warnings, w => w.Kind == DeidWarningKind.IdentifyingOutputPath);
        }
    }
}
