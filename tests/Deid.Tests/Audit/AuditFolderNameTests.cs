using System;
using System.IO;
using System.Linq;
using Deid.Actions;
using Deid.Audit;
using Deid.Batch;
using Deid.Recipes;
using Deid.Samples;
using Xunit;

namespace Deid.Tests.Audit
{
    /// <summary>
    /// A tree mirrored with -Recurse keeps its folder names, and exports often name folders after patients: the audit searches
    /// the folder names of an output's path below its output folder (never the folders above it, which the user chose), the
    /// pairing of folders carries that path, and a batch's results say where below the output folder each output is.
    /// </summary>
    public sealed class AuditFolderNameTests : IDisposable
    {
        private readonly string _root = Path.Combine(Path.GetTempPath(), "deid-auditdir-" + Guid.NewGuid().ToString("N").Substring(0, 12));

        public AuditFolderNameTests() => Directory.CreateDirectory(_root);

        public void Dispose() => Directory.Delete(_root, true);

        /// <summary>A sample under in/&lt;PatientID&gt;/&lt;StudyDate&gt;/, as a PACS export lays it out; returns its path and those two values.</summary>
        private (string Input, string PatientId, string StudyDate) Export()
        {
            var sample = DicomSampleGenerator.Create(0, new DicomSampleOptions { Seed = 5, PhiMarkers = true, Rows = 8, Columns = 8 });
            string id = sample.Markers.Single(m => m.ElementPath == "(0010,0020)").Marker;
            string date = sample.Markers.Single(m => m.ElementPath == "(0008,0020)").Marker;
            string dir = Path.Combine(_root, "in", id, date);
            Directory.CreateDirectory(dir);
            string input = Path.Combine(dir, sample.FileName);
            sample.File.Save(input);
            return (input, id, date);
        }

        private string Mirror(string input, string outFolder)
        {
            string relative = OutputPaths.RelativeTo(Path.Combine(_root, "in"), input)!;
            var batch = new DeidBatch(new HeaderActionEngine(DeidRecipe.Parse("FORMAT dicom\n%header\nREPLACE PatientID X\nREPLACE StudyDate 19000101\n"))) { OutputFolder = outFolder };
            var result = batch.ProcessOne(new DeidFileRequest(input, OutputPaths.Under(outFolder, relative)) { RelativePath = relative });
            Assert.True(result.Written, result.Error?.Message);
            Assert.Equal(relative, result.OutputRelativePath);
            return result.OutputPath;
        }

        [Fact]
        public void FolderNamesBelowTheOutputFolder_AreSearched()
        {
            var (input, id, date) = Export();
            string output = Mirror(input, Path.Combine(_root, "out"));
            var result = new DeidAudit().Audit(input, output, OutputPaths.RelativeTo(Path.Combine(_root, "out"), output));
            // Every other marker is in the bytes (the recipe replaces only these two); the folders hold exactly these two.
            var inFolders = result.Leaks.Where(l => l.Location == LeakLocation.FolderName).ToList();
            Assert.Equal(new[] { "(0008,0020)", "(0010,0020)" }, inFolders.Select(l => l.ElementPath).OrderBy(p => p, StringComparer.Ordinal));
            Assert.Contains(inFolders, l => l.Form == id);
            Assert.Contains(inFolders, l => l.Form == date);
            Assert.DoesNotContain(result.Leaks, l => l.ElementPath == "(0010,0020)" && l.Location == LeakLocation.Bytes);

            // Without the relative path only the file's own name is searched, as before.
            Assert.DoesNotContain(new DeidAudit().Audit(input, output).Leaks, l => l.Location == LeakLocation.FolderName);
        }

        [Fact]
        public void TheFoldersAboveTheOutputFolder_AreNotSearched()
        {
            var (input, id, _) = Export();
            // The user named the output folder after the patient: their choice, outside what the batch wrote.
            string outFolder = Path.Combine(_root, "review-" + id);
            var batch = new DeidBatch(new HeaderActionEngine(DeidRecipe.Parse("FORMAT dicom\n%header\nREPLACE PatientID X\nREPLACE StudyDate 19000101\n"))) { OutputFolder = outFolder };
            var written = batch.ProcessOne(new DeidFileRequest(input, Path.Combine(outFolder, "x.dcm")));
            Assert.Equal("x.dcm", written.OutputRelativePath);
            Assert.DoesNotContain(new DeidAudit().Audit(input, written.OutputPath, written.OutputRelativePath).Leaks, l => l.Location == LeakLocation.FolderName);
        }

        [Fact]
        public void PairingFolders_CarriesTheOutputsPathBelowTheirFolder_AndFilesGivenAlone_None()
        {
            var (input, _, _) = Export();
            string outFolder = Path.Combine(_root, "out");
            string output = Mirror(input, outFolder);
            var pair = Assert.Single(AuditPairing.Pair(new[] { Path.Combine(_root, "in") }, new[] { outFolder }, out var unpaired));
            Assert.Empty(unpaired);
            Assert.Equal(input, pair.OriginalPath);
            Assert.Equal(output, pair.OutputPath);
            Assert.Equal(OutputPaths.RelativeTo(outFolder, output), pair.OutputRelativePath);
            Assert.Null(Assert.Single(AuditPairing.Pair(new[] { input }, new[] { output }, out _)).OutputRelativePath);
        }

        /// <summary>
        /// QA of 2026-12-07: folders were paired ignoring case, so on a file system that tells case apart the output a/x.dcm was
        /// audited against the original a/X.dcm; and a hidden file (a killed run's temporary copy) was audited as an output.
        /// </summary>
        [Fact]
        public void PairingFolders_MatchesCaseExactlyFirst_AndLeavesHiddenFilesOut()
        {
            string ins = Path.Combine(_root, "case-in"), outs = Path.Combine(_root, "case-out");
            foreach (string folder in new[] { ins, outs })
            {
                Directory.CreateDirectory(Path.Combine(folder, "a"));
                foreach (string name in new[] { "X.dcm", "x.dcm" }) File.WriteAllText(Path.Combine(folder, "a", name), name);
            }
            File.WriteAllText(Path.Combine(outs, "a", ".x.dcm.0123456789ab.tmp"), "partial");
            File.WriteAllText(Path.Combine(outs, "a", "only-case.DCM"), "y");
            File.WriteAllText(Path.Combine(ins, "a", "only-case.dcm"), "y");
            var pairs = AuditPairing.Pair(new[] { ins }, new[] { outs }, out var unpaired);
            Assert.Empty(unpaired);
            Assert.Equal(3, pairs.Count);
            foreach (var pair in pairs)
                Assert.Equal(Path.GetFileName(pair.OutputPath).ToLowerInvariant() == "only-case.dcm" ? "only-case.dcm" : Path.GetFileName(pair.OutputPath), Path.GetFileName(pair.OriginalPath));
        }

        [Fact]
        public void ABatchWithoutOutputFolder_GivesNoRelativePath()
        {
            var (input, _, _) = Export();
            var batch = new DeidBatch(new HeaderActionEngine(DeidRecipe.Parse("FORMAT dicom\n%header\n")));
            var result = batch.ProcessOne(new DeidFileRequest(input, Path.Combine(_root, "loose.dcm")));
            Assert.True(result.Written);
            Assert.Null(result.OutputRelativePath);
        }
    }
}
