using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using Deid.Actions;
using Deid.Batch;
using Deid.Dicom;
using Deid.Recipes;
using Deid.Samples;
using Deid.Tests.Actions;
using Deid.TestSupport;
using Xunit;

namespace Deid.Tests.Batch
{
    /// <summary>
    /// DeidBatch: the same original UID gets the same new UID in every file and reference of a batch; with a key the mapping is
    /// the same in a later run and with another UidGenerator, and differs between keys; the output bytes do not depend on
    /// ThrottleLimit; an existing output is never overwritten without Overwrite, an input never; a failure while writing leaves
    /// neither the output nor a temporary file; inputs are byte-identical afterwards.
    /// </summary>
    public sealed class DeidBatchTests : IDisposable
    {
        private const string UidRecipe = "FORMAT dicom\n%header\nREPLACE endswith:InstanceUID deid_func:pydicom_uuid\n"
            + "REPLACE FrameOfReferenceUID deid_func:dicom_uuid org_root=1.2.3\nREPLACE RequestedProcedureID deid_func:basic_uuid\nREPLACE AccessionNumber deid_func:suffix_uuid\n"
            + "REPLACE PatientID var:id\nJITTER endswith:Date var:shift\nREMOVE (0009,\"DEID SAMPLE PRIVATE\",01)\nADD PatientIdentityRemoved YES\n";

        private static readonly DicomTag StudyUid = new DicomTag(0x0020, 0x000D);
        private readonly string _root = Path.Combine(Path.GetTempPath(), "deid-batch-" + Guid.NewGuid().ToString("N").Substring(0, 12));

        public DeidBatchTests() => Directory.CreateDirectory(_root);

        public void Dispose()
        {
            foreach (var f in Directory.EnumerateFiles(_root, "*", SearchOption.AllDirectories)) File.SetAttributes(f, FileAttributes.Normal);
            Directory.Delete(_root, true);
        }

        /// <summary>Twelve samples of three studies (four instances each), 16x16 pixels, written into a fresh input folder.</summary>
        private List<string> Samples(int count = 12, int rows = 16)
        {
            string dir = Path.Combine(_root, "in");
            Directory.CreateDirectory(dir);
            var paths = new List<string>();
            for (int i = 0; i < count; i++)
            {
                var s = DicomSampleGenerator.Create(i, new DicomSampleOptions { Seed = 11, InstancesPerSeries = 4, Rows = rows, Columns = rows });
                string p = Path.Combine(dir, s.FileName);
                s.File.Save(p);
                paths.Add(p);
            }
            return paths;
        }

        private static Dictionary<string, string> Hashes(IEnumerable<string> paths) =>
            paths.ToDictionary(p => p, p => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(p))));

        private static List<DeidFileRequest> Requests(IEnumerable<string> inputs, string outDir) =>
            inputs.Select((p, i) => new DeidFileRequest(p, Path.Combine(outDir, Path.GetFileName(p)),
                new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase) { ["id"] = "ID-" + i, ["shift"] = "-7" })).ToList();

        private static List<DeidFileResult> Run(IEnumerable<string> inputs, string outDir, int throttle, byte[]? key = null, bool overwrite = false, string recipe = UidRecipe)
        {
            var engine = new HeaderActionEngine(DeidRecipe.Parse(recipe), null, new UidGenerator(key));
            return new DeidBatch(engine) { ThrottleLimit = throttle, Overwrite = overwrite }.Run(Requests(inputs, outDir)).ToList();
        }

        private static string? At(string path, string tagPath) => ReferenceCases.At(DicomFile.Open(path).Dataset, tagPath);

        [Fact]
        public void ABatchWritingIntoAFolder_RemovesTheTemporaryOutputsAKilledRunLeftThere()
        {
            var inputs = Samples(count: 2);
            string outDir = Path.Combine(_root, "out");
            Directory.CreateDirectory(outDir);
            string stale = Path.Combine(outDir, ".killed.dcm.0123456789ab.tmp");
            string fresh = Path.Combine(outDir, ".running.dcm.0123456789ab.tmp");
            File.WriteAllText(stale, "half a de-identified header");
            File.SetLastWriteTimeUtc(stale, DateTime.UtcNow.AddHours(-3));
            File.WriteAllText(fresh, "another run's file, being written");

            // A dry run writes nothing, so it removes nothing either.
            var engine = new HeaderActionEngine(DeidRecipe.Parse(UidRecipe));
            var dry = new DeidBatch(engine).Run(Requests(inputs, outDir).Select(r => new DeidFileRequest(r.SourcePath, r.OutputPath, r.Variables, dryRun: true)).ToList()).ToList();
            Assert.All(dry, r => Assert.True(r.Succeeded && !r.Written, r.ToString()));
            Assert.True(File.Exists(stale));

            var results = Run(inputs, outDir, throttle: 2);
            Assert.All(results, r => Assert.True(r.Succeeded && r.Written, r.ToString()));
            Assert.False(File.Exists(stale));
            Assert.True(File.Exists(fresh));
        }

        // ---- UID consistency and keyed determinism ----

        [Fact]
        public void TheSameOriginalUidGetsTheSameNewUidInEveryFileAndReference()
        {
            var inputs = Samples();
            string outDir = Path.Combine(_root, "out");
            var results = Run(inputs, outDir, throttle: 4);
            Assert.All(results, r => Assert.True(r.Succeeded && r.Written, r.ToString()));
            var studies = inputs.GroupBy(p => DicomFile.Open(p).Dataset.GetString(StudyUid)).ToList();
            Assert.Equal(3, studies.Count);
            var newStudies = new HashSet<string>();
            foreach (var study in studies)
            {
                string expected = new UidGenerator().PydicomUuid(study.Key!);
                foreach (var input in study)
                {
                    string output = Path.Combine(outDir, Path.GetFileName(input));
                    Assert.Equal(expected, At(output, "(0020,000D)"));
                    // References nested one and two levels deep follow the study they name.
                    Assert.Equal(expected, At(output, "(0008,1110)__0__(0008,1155)"));
                    Assert.Equal(expected, At(output, "(0040,0275)__0__(0008,1110)__0__(0008,1155)"));
                    // A random function (dicom_uuid) still gives one original one replacement across the batch.
                    Assert.Equal(At(Path.Combine(outDir, Path.GetFileName(study.First())), "(0020,0052)"), At(output, "(0020,0052)"));
                    Assert.Equal(At(output, "(0008,0018)"), DicomFile.Open(output).FileMetaInformation.GetString(new DicomTag(0x0002, 0x0003)));
                }
                newStudies.Add(expected);
            }
            Assert.Equal(3, newStudies.Count);
            Assert.Equal(12, inputs.Select(p => At(Path.Combine(outDir, Path.GetFileName(p)), "(0008,0018)")).Distinct().Count());
        }

        [Fact]
        public void WithAKeyASecondRunAndASecondGeneratorGiveTheSameBytes_AnotherKeyOtherUids()
        {
            var inputs = Samples(6);
            var key = Encoding.UTF8.GetBytes("a secret of at least sixteen bytes");
            Run(inputs, Path.Combine(_root, "a"), 1, key);
            Run(inputs, Path.Combine(_root, "b"), 1, (byte[])key.Clone());
            Run(inputs, Path.Combine(_root, "c"), 1, Encoding.UTF8.GetBytes("another secret, also long enough"));
            Run(inputs, Path.Combine(_root, "d"), 1);
            foreach (var input in inputs)
            {
                string name = Path.GetFileName(input);
                byte[] a = File.ReadAllBytes(Path.Combine(_root, "a", name));
                Assert.Equal(a, File.ReadAllBytes(Path.Combine(_root, "b", name)));
                foreach (var path in new[] { "(0020,000D)", "(0008,0018)", "(0020,0052)", "(0040,0275)__0__(0040,1001)", "(0008,0050)" })
                {
                    string? keyed = At(Path.Combine(_root, "a", name), path);
                    Assert.NotEqual(keyed, At(Path.Combine(_root, "c", name), path));
                    Assert.NotEqual(At(input, path), keyed);
                }
                // Keyed pydicom_uuid is not deid's unkeyed hash (which anyone holding the original can recompute).
                Assert.NotEqual(At(Path.Combine(_root, "d", name), "(0020,000D)"), At(Path.Combine(_root, "a", name), "(0020,000D)"));
            }
            var g1 = new UidGenerator(key);
            var g2 = new UidGenerator((byte[])key.Clone());
            Assert.Equal(g1.PydicomUuid("1.2.3"), g2.PydicomUuid("1.2.3"));
            Assert.Equal(g1.DicomUuid("1.2.3", "1.2.3"), g2.DicomUuid("1.2.3", "1.2.3"));
            Assert.Equal(g1.BasicUuid("x"), g2.BasicUuid("x"));
            Assert.Equal(g1.SuffixUuid("PatientID", "x"), g2.SuffixUuid("PatientID", "x"));
            Assert.NotEqual(g1.PydicomUuid("1.2.3"), g1.PydicomUuid("1.2.4"));
            Assert.True(g1.PydicomUuid("1.2.3").Length <= 64);
        }

        [Fact]
        public void OutputBytesDoNotDependOnThrottleLimit()
        {
            var inputs = Samples();
            inputs.Add(ReferenceCases.InputPath("actions:vr-matrix.dcm"));
            inputs.Add(Path.Combine(TestPaths.Shared, "data", "pydicom", "test_files", "rtstruct.dcm"));
            inputs.Add(Path.Combine(TestPaths.Shared, "data", "pydicom", "test_files", "test-SR.dcm"));
            var before = Hashes(inputs);
            var key = Encoding.UTF8.GetBytes("throttle-independent key, 32 by");
            var one = Run(inputs, Path.Combine(_root, "t1"), 1, key);
            var four = Run(inputs, Path.Combine(_root, "t4"), 4, key);
            Assert.Equal(inputs, one.Select(r => r.SourcePath));
            Assert.Equal(inputs, four.Select(r => r.SourcePath));
            foreach (var input in inputs)
            {
                string name = Path.GetFileName(input);
                Assert.Equal(File.ReadAllBytes(Path.Combine(_root, "t1", name)), File.ReadAllBytes(Path.Combine(_root, "t4", name)));
            }
            Assert.Equal(one.Select(r => r.Statistics.ToString()), four.Select(r => r.Statistics.ToString()));
            Assert.Equal(before, Hashes(inputs));
        }

        // ---- never overwrite, atomic write ----

        [Fact]
        public void AnExistingOutputIsRefusedAndLeftAsItWasWithoutOverwrite()
        {
            var inputs = Samples(2);
            string outDir = Path.Combine(_root, "out");
            Directory.CreateDirectory(outDir);
            string existing = Path.Combine(outDir, Path.GetFileName(inputs[0]));
            File.WriteAllText(existing, "not to be replaced");
            var before = Hashes(inputs);
            var results = Run(inputs, outDir, 1);
            Assert.False(results[0].Succeeded);
            Assert.IsAssignableFrom<IOException>(results[0].Error);
            Assert.Contains("already exists", results[0].Error!.Message);
            Assert.Equal("not to be replaced", File.ReadAllText(existing));
            Assert.True(results[1].Succeeded && results[1].Written);
            Assert.Equal(before, Hashes(inputs));
            Assert.Equal(2, Directory.GetFiles(outDir).Length);

            var again = Run(inputs, outDir, 1, overwrite: true);
            Assert.All(again, r => Assert.True(r.Succeeded, r.ToString()));
            Assert.Equal("YES", DicomFile.Open(existing).Dataset.GetString(new DicomTag(0x0012, 0x0062)));
            Assert.Equal(2, Directory.GetFiles(outDir).Length);
        }

        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public void AnInputIsNeverItsOwnOutput(bool overwrite)
        {
            var inputs = Samples(1);
            var before = Hashes(inputs);
            string dir = Path.GetDirectoryName(inputs[0])!;
            var engine = new HeaderActionEngine(DeidRecipe.Parse(UidRecipe));
            var batch = new DeidBatch(engine) { Overwrite = overwrite };
            foreach (var output in new[] { inputs[0], Path.Combine(dir, ".", Path.GetFileName(inputs[0])), Path.Combine(dir, "..", "in", Path.GetFileName(inputs[0])) })
            {
                var result = batch.ProcessOne(new DeidFileRequest(inputs[0], output));
                Assert.False(result.Succeeded);
                Assert.Contains("is the input itself", result.Error!.Message);
            }
            Assert.Equal(before, Hashes(inputs));
            Assert.Single(Directory.GetFiles(dir));
        }

        [Theory]
        [InlineData(false, false)]
        [InlineData(true, false)]
        [InlineData(false, true)]
        public void AFolderWhereTheOutputGoes_IsSaidToBeAFolder(bool overwrite, bool skipExisting)
        {
            // QA: "already exists" (with advice to add -Force), or with -Force "The file ... already exists".
            var inputs = Samples(1);
            string outDir = Path.Combine(_root, "out-folder");
            string output = Path.Combine(outDir, "a.dcm");
            Directory.CreateDirectory(output);
            var batch = new DeidBatch(new HeaderActionEngine(DeidRecipe.Parse(UidRecipe))) { Overwrite = overwrite, SkipExisting = skipExisting };
            var result = batch.ProcessOne(new DeidFileRequest(inputs[0], output));
            Assert.False(result.Written);
            Assert.False(result.Skipped);
            Assert.Contains("is a folder: an output file cannot take its place", result.Error!.Message, StringComparison.Ordinal);
            Assert.True(Directory.Exists(output));
            Assert.Single(Directory.GetFileSystemEntries(outDir));
        }

        [Fact]
        public void AnAddOfAnAbsentElementWithoutItsVariable_AddsNothingAndTheFileStillSucceeds()
        {
            // deid's own deid.dicom: REMOVE PatientID, later ADD PatientID var:entity_id. Without entity_id nothing of the patient's
            // remains, yet every file read "not succeeded ... PatientID left unchanged" (QA). Over a present element the
            // missing variable still leaves the original, and the file is not Succeeded.
            var inputs = Samples(1);
            var absent = new DeidBatch(new HeaderActionEngine(DeidRecipe.Parse("FORMAT dicom\n%header\nREMOVE PatientID\nADD PatientID var:entity_id\n")))
                .ProcessOne(new DeidFileRequest(inputs[0], Path.Combine(_root, "absent", "a.dcm")));
            Assert.True(absent.Succeeded, absent.ToString());
            var warning = Assert.Single(absent.Warnings, w => w.Field == "PatientID");
            Assert.Equal(Deid.Steps.DeidWarningKind.NotApplicable, warning.Kind);
            Assert.Contains("nothing added (PatientID is not in the file)", warning.Message, StringComparison.Ordinal);
            Assert.Null(DicomFile.Open(absent.OutputPath).Dataset.GetString(DicomTags.PatientID));

            var present = new DeidBatch(new HeaderActionEngine(DeidRecipe.Parse("FORMAT dicom\n%header\nADD PatientID var:entity_id\n")))
                .ProcessOne(new DeidFileRequest(inputs[0], Path.Combine(_root, "present", "a.dcm")));
            Assert.False(present.Succeeded);
            Assert.Equal(Deid.Steps.DeidWarningKind.MissingVariable, Assert.Single(present.Warnings, w => w.Field == "PatientID").Kind);
        }

        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public void AnInputThatIsALinkNeverHasItsTargetReplaced(bool overwrite)
        {
            // QA: in/a.dcm -> archive/a.dcm, written with -Force to archive/: the rename put the copy in the original's place.
            // Through a chain of two links too, and the target named by -OutputName under another name.
            var inputs = Samples(1);
            var before = Hashes(inputs);
            string linkDir = Path.Combine(_root, "links");
            Directory.CreateDirectory(linkDir);
            string link = Path.Combine(linkDir, "a.dcm"), chain = Path.Combine(linkDir, "b.dcm");
            File.CreateSymbolicLink(link, inputs[0]);
            File.CreateSymbolicLink(chain, link);
            var batch = new DeidBatch(new HeaderActionEngine(DeidRecipe.Parse(UidRecipe))) { Overwrite = overwrite };
            foreach (var input in new[] { link, chain })
            {
                var result = batch.ProcessOne(new DeidFileRequest(input, inputs[0]));
                Assert.False(result.Succeeded);
                Assert.Contains("is the input itself", result.Error!.Message);
            }
            Assert.Equal(before, Hashes(inputs));
            // A link is still read as its file and written elsewhere.
            string outDir = Path.Combine(_root, "out-of-link");
            var written = batch.ProcessOne(new DeidFileRequest(link, Path.Combine(outDir, "a.dcm")));
            Assert.True(written.Written, written.ToString());
            Assert.Equal(before, Hashes(inputs));
        }

        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public void AnInputIsNeverItsOwnOutputThroughALink(bool overwrite)
        {
            // An output folder that is a link to the input folder names the input itself; an output that is a link to the input is a link.
            var inputs = Samples(2);
            var before = Hashes(inputs);
            string inDir = Path.GetDirectoryName(inputs[0])!;
            string linkDir = Path.Combine(_root, "link-to-in");
            Directory.CreateSymbolicLink(linkDir, inDir);
            string outDir = Path.Combine(_root, "out");
            Directory.CreateDirectory(outDir);
            string fileLink = Path.Combine(outDir, Path.GetFileName(inputs[1]));
            File.CreateSymbolicLink(fileLink, inputs[1]);
            var batch = new DeidBatch(new HeaderActionEngine(DeidRecipe.Parse(UidRecipe))) { Overwrite = overwrite };
            var viaFolder = batch.ProcessOne(new DeidFileRequest(inputs[0], Path.Combine(linkDir, Path.GetFileName(inputs[0]))));
            var viaFile = batch.ProcessOne(new DeidFileRequest(inputs[1], fileLink));
            Assert.False(viaFolder.Succeeded);
            Assert.Contains("is the input itself", viaFolder.Error!.Message);
            if (overwrite)
            {
                // Replacing a link to the input replaces the link (a rename), never the input it pointed to.
                // No error (the recipe's var:id is not given here, so Succeeded is false: see CrosswalkVariableTests).
                Assert.True(viaFile.Error == null, viaFile.ToString());
                Assert.Null(new FileInfo(fileLink).LinkTarget);
            }
            else
            {
                Assert.Contains("already exists", viaFile.Error!.Message);
            }
            Assert.Equal(before, Hashes(inputs));
            Assert.Equal(2, Directory.GetFiles(inDir).Length);
        }

        [Fact]
        public void AReadOnlyInputStaysByteIdentical()
        {
            var inputs = Samples(3);
            foreach (var p in inputs) File.SetAttributes(p, FileAttributes.ReadOnly);
            var before = Hashes(inputs);
            var results = Run(inputs, Path.Combine(_root, "out"), 4);
            Assert.All(results, r => Assert.True(r.Succeeded, r.ToString()));
            Assert.Equal(before, Hashes(inputs));
        }

        /// <summary>A value source whose stream fails after some bytes: a disk or network error in the middle of copying a large value.</summary>
        private sealed class FailingSource : DicomValueSource
        {
            public override string Description => "<failing>";

            public override Stream OpenRead() => new FailingStream();

            private sealed class FailingStream : MemoryStream
            {
                public FailingStream() : base(new byte[1 << 20]) { }

                public override int Read(byte[] buffer, int offset, int count) =>
                    Position > 200_000 ? throw new IOException("injected read failure") : base.Read(buffer, offset, Math.Min(count, 50_000));
            }
        }

        private List<DeidFileResult> RunWithValue(Func<DeidFunctionCall, DicomValueRef> makeRef, string outDir, List<string> inputs)
        {
            // A func: puts a large value (left on disk, as Pixel Data is) into the file being de-identified; writing it then fails.
            // Waveform Data: samples, which the look for hidden elements before the write passes over (HiddenElements), so that
            // the value is first read by the writer.
            DeidFunction inject = call =>
            {
                call.Dataset.SetValueRef(new DicomTag(0x5400, 0x1010), DicomVR.OB, makeRef(call));
                return null;
            };
            var engine = new HeaderActionEngine(DeidRecipe.Parse("FORMAT dicom\n%header\nREPLACE PatientName func:inject\nREPLACE PatientID X\n"));
            var requests = inputs.Select(p => new DeidFileRequest(p, Path.Combine(outDir, Path.GetFileName(p)),
                new Dictionary<string, object?> { ["inject"] = inject })).ToList();
            return new DeidBatch(engine) { ThrottleLimit = 1 }.Run(requests).ToList();
        }

        [Fact]
        public void AFailureInTheMiddleOfWritingLeavesNoOutputAndNoTemporaryFile()
        {
            var inputs = Samples(2);
            var before = Hashes(inputs);
            string outDir = Path.Combine(_root, "out");
            var results = RunWithValue(_ => new DicomValueRef(new FailingSource(), 0, 1 << 20), outDir, inputs);
            Assert.All(results, r =>
            {
                Assert.False(r.Succeeded);
                Assert.Contains("injected read failure", r.Error!.Message);
            });
            Assert.Empty(Directory.GetFiles(outDir, "*", SearchOption.AllDirectories));
            Assert.Equal(before, Hashes(inputs));
        }

        [Fact]
        public void ASourceTruncatedAfterReadingLeavesNoOutputAndNoTemporaryFile()
        {
            var inputs = Samples(1, rows: 256); // 128 KiB of Pixel Data: left on disk when read
            var before = Hashes(inputs);
            string outDir = Path.Combine(_root, "out");
            string blob = Path.Combine(_root, "blob.bin");
            var results = RunWithValue(_ =>
            {
                File.WriteAllBytes(blob, new byte[300_000]);
                var reference = new DicomValueRef(DicomValueSource.FromFile(blob), 0, 300_000);
                using (var fs = new FileStream(blob, FileMode.Open)) fs.SetLength(1000); // truncated after it was read
                return reference;
            }, outDir, inputs);
            Assert.False(results[0].Succeeded);
            Assert.IsAssignableFrom<IOException>(results[0].Error);
            Assert.Empty(Directory.GetFiles(outDir, "*", SearchOption.AllDirectories));
            Assert.Equal(before, Hashes(inputs));
        }

        [Fact]
        public void AtomicFileLeavesNothingWhenTheWriterThrows()
        {
            string dir = Path.Combine(_root, "atomic");
            Directory.CreateDirectory(dir);
            string target = Path.Combine(dir, "out.dcm");
            var ex = Assert.Throws<IOException>(() => AtomicFile.Write(target, false, s =>
            {
                s.Write(new byte[200_000]);
                throw new IOException("injected write failure");
            }));
            Assert.Equal("injected write failure", ex.Message);
            Assert.Empty(Directory.GetFiles(dir));

            // Over an existing file: the old content stays whole.
            File.WriteAllText(target, "old");
            Assert.Throws<IOException>(() => AtomicFile.Write(target, true, s =>
            {
                s.Write(new byte[10]);
                throw new IOException("injected write failure");
            }));
            Assert.Equal("old", File.ReadAllText(target));
            Assert.Single(Directory.GetFiles(dir));
        }

        [Fact]
        public void ABrokenInputIsThatFilesErrorAndTheBatchGoesOn()
        {
            var inputs = Samples(3);
            string broken = Path.Combine(_root, "in", "broken.dcm");
            File.WriteAllBytes(broken, File.ReadAllBytes(inputs[1]).Take(700).ToArray());
            inputs.Insert(1, broken);
            var before = Hashes(inputs);
            string outDir = Path.Combine(_root, "out");
            var results = Run(inputs, outDir, 4);
            Assert.Equal(inputs, results.Select(r => r.SourcePath));
            Assert.False(results[1].Succeeded);
            Assert.Equal(new[] { true, false, true, true }, results.Select(r => r.Written));
            Assert.False(File.Exists(Path.Combine(outDir, "broken.dcm")));
            Assert.Equal(3, Directory.GetFiles(outDir).Length);
            Assert.Equal(before, Hashes(inputs));
        }

        [Fact]
        public void AFailingFunctionIsThatFilesErrorWithNothingWritten()
        {
            var inputs = Samples(3);
            var before = Hashes(inputs);
            string outDir = Path.Combine(_root, "out");
            string second = Path.GetFileName(inputs[1]);
            DeidFunction fails = call => Path.GetFileName(call.SourcePath) == second ? throw new InvalidOperationException("the user's function failed") : "OK";
            var engine = new HeaderActionEngine(DeidRecipe.Parse("FORMAT dicom\n%header\nREPLACE PatientName func:f\n"));
            var requests = inputs.Select(p => new DeidFileRequest(p, Path.Combine(outDir, Path.GetFileName(p)), new Dictionary<string, object?> { ["f"] = fails })).ToList();
            var results = new DeidBatch(engine) { ThrottleLimit = 2 }.Run(requests).ToList();
            Assert.Equal(new[] { true, false, true }, results.Select(r => r.Succeeded));
            Assert.Equal("the user's function failed", results[1].Error!.Message);
            Assert.False(File.Exists(Path.Combine(outDir, second)));
            Assert.Equal(2, Directory.GetFiles(outDir).Length);
            Assert.Equal(before, Hashes(inputs));
        }

        [Fact]
        public void ADryRunWritesNothingAndCountsWhatWouldChange()
        {
            var inputs = Samples(2);
            string outDir = Path.Combine(_root, "out");
            var engine = new HeaderActionEngine(DeidRecipe.Parse(UidRecipe));
            var results = new DeidBatch(engine) { DryRun = true }.Run(Requests(inputs, outDir)).ToList();
            Assert.All(results, r =>
            {
                Assert.True(r.Succeeded);
                Assert.False(r.Written);
                Assert.True(r.Replaced > 5 && r.Added == 1 && r.Removed == 1 && r.Jittered > 3, r.ToString());
            });
            Assert.False(Directory.Exists(outDir));
        }

        [Fact]
        public void ARequestsOwnDryRunWritesThatFileOnlyAndCountsAsARealRunDoes()
        {
            // -WhatIf and -Confirm decide per file, so one batch mixes dry and real requests.
            var inputs = Samples(2);
            string outDir = Path.Combine(_root, "out");
            var real = Requests(inputs, outDir);
            var mixed = new List<DeidFileRequest> { new DeidFileRequest(real[0].SourcePath, real[0].OutputPath, real[0].Variables, dryRun: true), real[1] };
            var engine = new HeaderActionEngine(DeidRecipe.Parse(UidRecipe));
            var results = new DeidBatch(engine) { ThrottleLimit = 1 }.Run(mixed).ToList();

            Assert.True(results[0].Succeeded, results[0].ToString());
            Assert.True(results[0].Request.DryRun);
            Assert.False(results[0].Written);
            Assert.False(File.Exists(real[0].OutputPath));
            Assert.True(results[1].Succeeded && results[1].Written, results[1].ToString());
            Assert.True(File.Exists(real[1].OutputPath));
            Assert.Single(Directory.GetFiles(outDir));

            var counted = Run(inputs.Take(1), Path.Combine(_root, "counted"), 1);
            Assert.Equal(
                (counted[0].Added, counted[0].Replaced, counted[0].Removed, counted[0].Blanked, counted[0].Jittered),
                (results[0].Added, results[0].Replaced, results[0].Removed, results[0].Blanked, results[0].Jittered));
            Assert.True(results[0].Replaced > 5 && results[0].Added == 1 && results[0].Jittered > 3, results[0].ToString());
        }

        [Fact]
        public void ABatchDryRunIgnoresAnExistingOutput()
        {
            // A batch-level DryRun writes nothing, so an existing copy is no reason to fail. (A dry-run request, -WhatIf, reports
            // the conflict the real run would meet: DeidBatchOutputNameTests.ADryRunRefusesAnExistingOutputAsTheRealRunWould.)
            var inputs = Samples(1);
            string outDir = Path.Combine(_root, "out");
            Directory.CreateDirectory(outDir);
            string output = Path.Combine(outDir, Path.GetFileName(inputs[0]));
            File.WriteAllText(output, "keep me");
            var engine = new HeaderActionEngine(DeidRecipe.Parse(UidRecipe));
            var result = new DeidBatch(engine) { DryRun = true }.ProcessOne(new DeidFileRequest(inputs[0], output, null));
            Assert.True(result.Error == null, result.ToString());
            Assert.False(result.Written);
            Assert.Equal("keep me", File.ReadAllText(output));
        }

        // ---- the input held from read to write, output folders made once ----

        [Fact]
        public void EveryInputIsClosedWhenItsFileIsDoneWhateverHappened()
        {
            if (!OperatingSystem.IsLinux()) return; // counts descriptors through /proc
            var inputs = Samples(4, rows: 256); // 128 KiB of Pixel Data each: left in the input and copied from it
            string outDir = Path.Combine(_root, "out");
            Directory.CreateDirectory(outDir);
            File.WriteAllText(Path.Combine(outDir, Path.GetFileName(inputs[1])), "exists"); // refused before it is read
            var engine = new HeaderActionEngine(DeidRecipe.Parse(UidRecipe));
            var batch = new DeidBatch(engine);
            var requests = Requests(inputs, outDir);
            requests[2] = new DeidFileRequest(inputs[2], requests[2].OutputPath, new Dictionary<string, object?>()); // var:id missing
            requests[3] = new DeidFileRequest(inputs[3], Path.Combine(outDir, new string('x', 300) + ".dcm"), requests[3].Variables); // name too long
            var results = requests.Select(r => batch.ProcessOne(r)).ToList();
            Assert.True(results[0].Written, results[0].ToString());
            Assert.False(results[1].Succeeded);
            Assert.False(results[3].Succeeded);
            Assert.All(inputs, p => Assert.Equal(0, OpenDescriptors.Of(p)));
            // The pixel data copied through the held handle are the input's.
            var written = DicomFile.Open(results[0].OutputPath);
            var original = DicomFile.Open(inputs[0]);
            Assert.Equal("YES", written.Dataset.GetString(new DicomTag(0x0012, 0x0062)));
            Assert.True(written.Dataset.TryGetElement(DicomTag.PixelData, out var pixels));
            Assert.True(original.Dataset.TryGetElement(DicomTag.PixelData, out var before));
            Assert.Equal(131072, pixels.Length);
            Assert.Equal(before.ValueRef!.ReadAll(), pixels.ValueRef!.ReadAll());
        }

        [Fact]
        public void AnOutputFolderRemovedDuringTheBatchIsMadeAgain()
        {
            var inputs = Samples(3);
            string outDir = Path.Combine(_root, "out", "nested");
            var engine = new HeaderActionEngine(DeidRecipe.Parse(UidRecipe));
            var batch = new DeidBatch(engine);
            var requests = Requests(inputs, outDir);
            Assert.True(batch.ProcessOne(requests[0]).Written);
            Directory.Delete(Path.Combine(_root, "out"), recursive: true);
            var second = batch.ProcessOne(requests[1]);
            Assert.True(second.Written, second.ToString());
            Assert.True(File.Exists(requests[1].OutputPath));
            Assert.True(batch.ProcessOne(requests[2]).Written);
            Assert.Equal(2, Directory.GetFiles(outDir).Length);
        }
    }
}
