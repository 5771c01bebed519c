using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Deid.Actions;
using Deid.Batch;
using Deid.Dicom;
using Deid.Recipes;
using Deid.Samples;
using Xunit;

namespace Deid.Tests.Batch
{
    /// <summary>
    /// DeidBatch with an OutputName template: the name comes from the de-identified header (after the steps) or the header as read
    /// (NameBeforeSteps); the result reports it; files of one run that resolve to one name are refused, naming the other input,
    /// with or without Overwrite and whatever the thread count; SkipExisting leaves existing outputs and reports them skipped.
    /// </summary>
    public sealed class DeidBatchOutputNameTests : IDisposable
    {
        private const string Recipe = "FORMAT dicom\n%header\nREPLACE PatientID var:id\nREPLACE SOPInstanceUID deid_func:pydicom_uuid\n";

        private readonly string _root = Path.Combine(Path.GetTempPath(), "deid-named-" + Guid.NewGuid().ToString("N").Substring(0, 12));

        public DeidBatchOutputNameTests() => Directory.CreateDirectory(_root);

        public void Dispose() => Directory.Delete(_root, true);

        private List<string> Samples(int count)
        {
            string dir = Path.Combine(_root, "in");
            Directory.CreateDirectory(dir);
            var paths = new List<string>();
            for (int i = 0; i < count; i++)
            {
                var s = DicomSampleGenerator.Create(i, new DicomSampleOptions { Seed = 5, InstancesPerSeries = 4, Rows = 8, Columns = 8 });
                string p = Path.Combine(dir, s.FileName);
                s.File.Save(p);
                paths.Add(p);
            }
            return paths;
        }

        private DeidBatch Batch(string template, int throttle = 1, bool overwrite = false, bool skip = false, bool before = false, OutputNameClaims? claims = null) =>
            new DeidBatch(new HeaderActionEngine(DeidRecipe.Parse(Recipe)))
            {
                Claims = claims ?? OutputNameClaims.ForCurrentPlatform(),
                OutputName = OutputNameTemplate.Parse(template),
                OutputFolder = Path.Combine(_root, "out"),
                ThrottleLimit = throttle,
                Overwrite = overwrite,
                SkipExisting = skip,
                NameBeforeSteps = before,
            };

        private IEnumerable<DeidFileRequest> Requests(IEnumerable<string> inputs, Func<int, string> id) =>
            inputs.Select((p, i) => new DeidFileRequest(p, Path.Combine(_root, "unused", Path.GetFileName(p)),
                new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase) { ["id"] = id(i) }));

        /// <summary>
        /// QA3 F11: two 64-character CJK values made a 389-byte file name, which Linux and macOS refuse (255 bytes), and the file
        /// was not written. The name is cut to fit, keeping '.dcm'; files whose names differ only past the cut (their UIDs) get
        /// different names, all written.
        /// </summary>
        [Fact]
        public void WritesANameTooLongForTheFileSystemCutToFit()
        {
            var inputs = Samples(3);
            string cjk = new string('\u6F22', 64);
            var results = Batch("{PatientID}_{PatientID}_{SOPInstanceUID}.dcm").Run(Requests(inputs, _ => cjk).ToList()).ToList();
            Assert.All(results, r => Assert.Null(r.Error));
            Assert.All(results, r => Assert.True(r.Written));
            Assert.Equal(3, results.Select(r => r.OutputPath).Distinct().Count());
            foreach (var r in results)
            {
                string name = Path.GetFileName(r.OutputPath);
                Assert.True(System.Text.Encoding.UTF8.GetByteCount(name) <= 255);
                Assert.StartsWith(cjk + "_", name, StringComparison.Ordinal);
                Assert.EndsWith(".dcm", name, StringComparison.Ordinal);
                Assert.True(File.Exists(r.OutputPath));
            }
        }

        /// <summary>
        /// A name of exactly 255 bytes is not cut, and is written: AtomicFile cuts its own temporary name (".name.xxxxxxxxxxxx.tmp")
        /// to fit beside it.
        /// </summary>
        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public void WritesANameOfExactly255Bytes(bool cjk)
        {
            var inputs = Samples(1);
            string id = cjk ? new string('\u6F22', 64) : new string('b', 64);
            string template = new string('a', cjk ? 59 : 187) + "{PatientID}.dcm";
            var result = Batch(template).Run(Requests(inputs, _ => id).ToList()).Single();
            Assert.Null(result.Error);
            Assert.True(result.Written);
            string name = Path.GetFileName(result.OutputPath);
            Assert.Equal(255, System.Text.Encoding.UTF8.GetByteCount(name));
            Assert.Equal(template.Replace("{PatientID}", id, StringComparison.Ordinal), name);
            Assert.True(File.Exists(result.OutputPath));
        }

        [Fact]
        public void NamesFromTheDeidentifiedHeaderAndReportsThePath()
        {
            var inputs = Samples(3);
            var results = Batch("{PatientID}/{SOPInstanceUID}.dcm").Run(Requests(inputs, i => "NEW-" + i).ToList()).ToList();
            for (int i = 0; i < 3; i++)
            {
                Assert.Null(results[i].Error);
                Assert.True(results[i].Written);
                var written = DicomFile.Open(results[i].OutputPath).Dataset;
                Assert.Equal(Path.Combine(_root, "out", "NEW-" + i, written.GetString(DicomTags.SOPInstanceUID) + ".dcm"), results[i].OutputPath);
                Assert.NotEqual(DicomFile.Open(inputs[i]).Dataset.GetString(DicomTags.SOPInstanceUID), written.GetString(DicomTags.SOPInstanceUID));
            }
        }

        /// <summary>
        /// QA, 2026-12-06: where the output folder's file system ignores case (macOS volumes, an SMB share or FAT drive mounted on
        /// Linux), two patients named abc and ABC by -OutputName are one file: with -Force the second copy was written over the
        /// first, with no word. Claims made as that file system compares names (OutputNameClaims.ForFolder) refuse the second.
        /// </summary>
        [Fact]
        public void NamesDifferingOnlyInCase_OnAFileSystemThatIgnoresCase_RefuseTheSecondEvenWithOverwrite()
        {
            var inputs = Samples(2);
            var results = Batch("{PatientID}.dcm", overwrite: true, claims: new OutputNameClaims(ignoreCase: true))
                .Run(Requests(inputs, i => i == 0 ? "abc" : "ABC").ToList()).ToList();
            Assert.True(results[0].Written, results[0].ToString());
            var clash = Assert.IsType<OutputConflictException>(results[1].Error);
            Assert.Equal(inputs[0], clash.OtherSource);
            Assert.False(results[1].Written);
            Assert.Equal("abc", DicomFile.Open(results[0].OutputPath).Dataset.GetString(DicomTags.PatientID));

            // Where names differ by case (this machine's folder, as probed), both are written.
            string folder = Path.Combine(_root, "probed");
            Directory.CreateDirectory(folder);
            var both = Batch("{PatientID}.dcm", claims: OutputNameClaims.ForFolder(folder))
                .Run(Requests(inputs, i => i == 0 ? "def" : "DEF").ToList()).ToList();
            Assert.All(both, r => Assert.True(r.Written, r.ToString()));
        }

        [Fact]
        public void ATokenReadingAnIdentifyingValueTheRecipeKeeps_IsWarnedOncePerAttribute()
        {
            // QA: '{PatientName}/{PatientBirthDate}/...' wrote both into every path, with no word: the recipe keeps them.
            var inputs = Samples(3);
            var results = Batch("{PatientName}/{PatientBirthDate}/{PatientID}/{SeriesDescription}/{SOPInstanceUID}.dcm").Run(Requests(inputs, i => "NEW-" + i).ToList()).ToList();
            Assert.All(results, r => Assert.True(r.Written, r.ToString()));
            var warned = results.SelectMany(r => r.Warnings).Where(w => w.Kind == Deid.Steps.DeidWarningKind.IdentifyingOutputPath).ToList();
            // PatientName and PatientBirthDate, once each for the batch; not PatientID and SOPInstanceUID (replaced), nor
            // SeriesDescription (not an identifier the paths are searched for).
            Assert.Equal(new[] { "(0010,0010)", "(0010,0030)" }, warned.Select(w => w.Field).OrderBy(f => f, StringComparer.Ordinal));
            Assert.All(warned, w => Assert.Contains("writes the patient's own", w.Message, StringComparison.Ordinal));
            // The warning names the attribute, not the value.
            string name = DicomFile.Open(inputs[0]).Dataset.GetString(DicomTags.PatientName)!;
            Assert.All(warned, w => Assert.DoesNotContain(name, w.Message, StringComparison.Ordinal));
        }

        [Fact]
        public void TokensReadingReplacedValues_AreNotWarned()
        {
            var inputs = Samples(2);
            var results = Batch("{PatientID}/{SOPInstanceUID}.dcm").Run(Requests(inputs, i => "NEW-" + i).ToList()).ToList();
            Assert.DoesNotContain(results.SelectMany(r => r.Warnings), w => w.Kind == Deid.Steps.DeidWarningKind.IdentifyingOutputPath);
        }

        [Fact]
        public void NameBeforeStepsReadsTheHeaderAsRead()
        {
            var inputs = Samples(1);
            string original = DicomFile.Open(inputs[0]).Dataset.GetString(DicomTags.PatientID)!;
            var result = Batch("{PatientID}.dcm", before: true).ProcessOne(Requests(inputs, _ => "NEW").Single());
            Assert.Equal(Path.Combine(_root, "out", OutputNameTemplate.Sanitize(original) + ".dcm"), result.OutputPath);
        }

        [Theory]
        [InlineData(1, false)]
        [InlineData(4, false)]
        [InlineData(4, true)]
        public void AClashIsRefusedNamingTheOtherInputAndNeverOverwrites(int throttle, bool overwrite)
        {
            var inputs = Samples(8);
            var results = Batch("{PatientID}.dcm", throttle, overwrite).Run(Requests(inputs, i => "P" + (i % 2)).ToList()).ToList();
            Assert.Equal(2, results.Count(r => r.Written));
            var refused = results.Where(r => r.Error != null).ToList();
            Assert.Equal(6, refused.Count);
            foreach (var r in refused)
            {
                var conflict = Assert.IsType<OutputConflictException>(r.Error);
                Assert.NotNull(conflict.OtherSource);
                Assert.Contains(conflict.OtherSource!, inputs);
                Assert.NotEqual(r.SourcePath, conflict.OtherSource);
                Assert.Contains(Path.GetFileName(conflict.OtherSource!), r.Error!.Message);
            }
            Assert.Equal(2, Directory.GetFiles(Path.Combine(_root, "out")).Length);
        }

        [Fact]
        public void AnExistingOutputIsAConflictWithoutOverwriteAndSkippedWithSkipExisting()
        {
            var inputs = Samples(2);
            Assert.True(Batch("{PatientID}.dcm").ProcessOne(Requests(inputs.Take(1), _ => "A").Single()).Written);
            var again = Batch("{PatientID}.dcm").ProcessOne(Requests(inputs.Take(1), _ => "A").Single());
            Assert.Null(Assert.IsType<OutputConflictException>(again.Error).OtherSource);
            var resumed = Batch("{PatientID}.dcm", skip: true).Run(Requests(inputs, i => i == 0 ? "A" : "B").ToList()).ToList();
            Assert.True(resumed[0].Skipped);
            Assert.False(resumed[0].Written);
            Assert.True(resumed[0].Succeeded);
            Assert.True(resumed[1].Written);
            Assert.False(resumed[1].Skipped);
        }

        [Fact]
        public void SkipExistingWithoutATemplateChecksTheRequestedPathBeforeReading()
        {
            var inputs = Samples(1);
            string output = Path.Combine(_root, "plain.dcm");
            File.WriteAllText(output, "not read, not replaced");
            var batch = new DeidBatch(new HeaderActionEngine(DeidRecipe.Parse(Recipe))) { SkipExisting = true };
            var result = batch.ProcessOne(new DeidFileRequest(inputs[0], output));
            Assert.True(result.Skipped);
            Assert.Equal("not read, not replaced", File.ReadAllText(output));
        }

        [Fact]
        public void ADryRunRefusesAnExistingOutputAsTheRealRunWould()
        {
            var inputs = Samples(1);
            string output = Path.Combine(_root, "exists.dcm");
            File.WriteAllText(output, "kept");
            var batch = new DeidBatch(new HeaderActionEngine(DeidRecipe.Parse(Recipe)));
            var result = batch.ProcessOne(new DeidFileRequest(inputs[0], output, dryRun: true));
            Assert.Null(Assert.IsType<OutputConflictException>(result.Error).OtherSource);
            Assert.Equal("kept", File.ReadAllText(output));
            Assert.Null(new DeidBatch(new HeaderActionEngine(DeidRecipe.Parse(Recipe))) { Overwrite = true }.ProcessOne(new DeidFileRequest(inputs[0], output, dryRun: true)).Error);
        }
    }
}
