using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Deid.Actions;
using Deid.Batch;
using Deid.Crosswalk;
using Deid.Dicom;
using Deid.Recipes;
using Deid.Samples;
using Deid.Steps;
using Xunit;

namespace Deid.Tests.Crosswalk
{
    /// <summary>
    /// QA, 2026-12-06: the crosswalk of a run appending to one that disagreed (another key, a changed recipe) was left as it was
    /// — after the outputs had been written, with -Force over the copies it led back to — so the new copies could be traced back
    /// through nothing; and a command stopped (-ErrorAction Stop, Ctrl+C, Select-Object -First) wrote no crosswalk at all for the
    /// copies it had written. A file that disagrees is now refused before it is written, and the rows of every file written are
    /// kept as it is written.
    /// </summary>
    public sealed class CrosswalkAgreementTests : IDisposable
    {
        private readonly string _root = Path.Combine(Path.GetTempPath(), "deid-cwagree-" + Guid.NewGuid().ToString("N").Substring(0, 12));

        public CrosswalkAgreementTests() => Directory.CreateDirectory(_root);

        public void Dispose() => Directory.Delete(_root, true);

        private static DeidRecipe Recipe => DeidRecipe.Parse("FORMAT dicom\n%header\nREPLACE PatientID deid_func:keyed_id prefix=P\nREPLACE StudyInstanceUID deid_func:pydicom_uuid\nREPLACE SOPInstanceUID deid_func:pydicom_uuid\nREPLACE SeriesInstanceUID deid_func:pydicom_uuid\n");

        private DeidFileRequest Request(int index, string folder = "out", int seed = 4)
        {
            var sample = DicomSampleGenerator.Create(index, new DicomSampleOptions { Seed = seed, Rows = 8, Columns = 8 });
            string input = Path.Combine(_root, $"in-{index}{(seed == 4 ? "" : "-" + seed)}.dcm");
            if (!File.Exists(input)) sample.File.Save(input, overwrite: false);
            return new DeidFileRequest(input, Path.Combine(_root, folder, $"out-{index}.dcm"));
        }

        private static DeidBatch Batch(CrosswalkMap map, byte key, bool dryRun = false) =>
            new DeidBatch(new IFileStep[] { new HeaderActionEngine(Recipe, null, new UidGenerator(Enumerable.Repeat(key, 32).ToArray())), new CrosswalkStep(map) }) { DryRun = dryRun };

        [Fact]
        public void AFileWhoseRowsDisagreeWithTheCrosswalk_IsNotWritten_TheOthersAre()
        {
            var first = new CrosswalkMap();
            var written = Batch(first, 1).Run(new[] { Request(0), Request(1) }).ToList();
            Assert.All(written, r => Assert.True(r.Written, r.Error?.Message));
            var rows = first.Written();
            Assert.Contains(rows, e => e.Field == "StudyInstanceUID");

            // The same file under another key, checked against the first run's rows; a file of another patient and study is
            // new and agrees.
            var again = new CrosswalkMap(rows);
            var results = Batch(again, 2).Run(new[] { Request(0, "again"), Request(2, "again", seed: 77) }).ToList();
            var refused = Assert.IsType<CrosswalkConflictException>(results[0].Error);
            Assert.False(results[0].Written);
            Assert.False(File.Exists(Path.Combine(_root, "again", "out-0.dcm")));
            Assert.Contains("in-0.dcm' was not written", refused.Message, StringComparison.Ordinal);
            Assert.Contains("is mapped to", refused.Message, StringComparison.Ordinal);
            // At most three conflicts quoted; every one kept on the exception.
            Assert.True(refused.Conflicts.Count > CrosswalkConflictException.QuotedConflicts);
            Assert.Contains($"({refused.Conflicts.Count - CrosswalkConflictException.QuotedConflicts} more.)", refused.Message, StringComparison.Ordinal);
            Assert.True(results[1].Written, results[1].Error?.Message);
            // Only the written file's rows are kept.
            string sop0 = DicomFile.Open(Request(0).SourcePath).Dataset.GetString(DicomTags.SOPInstanceUID)!;
            string sop2 = DicomFile.Open(Request(2, seed: 77).SourcePath).Dataset.GetString(DicomTags.SOPInstanceUID)!;
            Assert.Contains(again.Written(), e => e.Original == sop2);
            Assert.DoesNotContain(again.Written(), e => e.Original == sop0);
            Assert.Equal(1, again.WrittenFiles);
        }

        [Fact]
        public void TwoFilesOfOneRunThatDisagree_TheSecondIsRefused()
        {
            var map = new CrosswalkMap();
            var a = Request(0);
            var results = new DeidBatch(new IFileStep[] { new HeaderActionEngine(Recipe, null, new UidGenerator(new byte[32])), new CrosswalkStep(map) }) { ThrottleLimit = 1 }
                .Run(new[] { a }).ToList();
            Assert.True(results[0].Written);
            string id = DicomFile.Open(a.SourcePath).Dataset.GetString(DicomTags.PatientID)!;
            // A per-file variable giving the same patient another ID in a later file of the same run.
            var other = DeidRecipe.Parse("FORMAT dicom\n%header\nREPLACE PatientID var:newid\n");
            var second = new DeidBatch(new IFileStep[] { new HeaderActionEngine(other), new CrosswalkStep(map) }) { ThrottleLimit = 1 }
                .Run(new[] { new DeidFileRequest(a.SourcePath, Path.Combine(_root, "second", "x.dcm"), new Dictionary<string, object?> { ["newid"] = "SUBJ-9" }) }).Single();
            var ex = Assert.IsType<CrosswalkConflictException>(second.Error);
            Assert.Contains("PatientID: this file gives 'SUBJ-9', and an earlier file of this run", ex.Message, StringComparison.Ordinal);
            Assert.Contains("'SUBJ-9'", ex.Message, StringComparison.Ordinal);
            // The original is never quoted: the message goes to transcripts and logs (QA).
            Assert.DoesNotContain(id, ex.ToString(), StringComparison.Ordinal);
        }

        /// <summary>
        /// QA, 2026-12-06 (a crosswalk on a full disk): outputs were written though their rows could be kept nowhere. Now a file
        /// whose rows cannot be journaled is not written — no output, no temporary file, and with -Force the copy already there
        /// (which the crosswalk does lead back to) is left as it was — and the batch goes on.
        /// </summary>
        [Fact]
        public void AFileWhoseRowsCannotBeJournaled_IsNotWritten_AnExistingCopyStays()
        {
            // A folder that cannot be made (a file stands under its name) fails the journal as a full disk does.
            string folder = Path.Combine(_root, "cw");
            File.WriteAllText(folder, "a file, not a folder");
            var map = new CrosswalkMap(null, Path.Combine(folder, "crosswalk.csv"));
            var existing = Request(1, "kept");
            Directory.CreateDirectory(Path.GetDirectoryName(existing.OutputPath)!);
            File.WriteAllText(existing.OutputPath, "the copy the crosswalk leads back to");
            var batch = new DeidBatch(new IFileStep[] { new HeaderActionEngine(Recipe, null, new UidGenerator(Enumerable.Repeat((byte)1, 32).ToArray())), new CrosswalkStep(map) }) { Overwrite = true, ThrottleLimit = 2 };
            var results = batch.Run(new[] { Request(0, "kept"), existing }).ToList();
            Assert.All(results, r =>
            {
                Assert.False(r.Written);
                var ex = Assert.IsType<CrosswalkJournalException>(r.Error);
                Assert.Equal(r.Request.SourcePath, ex.SourcePath);
            });
            Assert.Equal(new[] { existing.OutputPath }, Directory.GetFileSystemEntries(Path.Combine(_root, "kept")));
            Assert.Equal("the copy the crosswalk leads back to", File.ReadAllText(existing.OutputPath));
            Assert.Empty(map.Written());
            Assert.Equal(0, map.WrittenFiles);

            // Once the crosswalk's folder can be written, the same batch writes both, their rows journaled first.
            File.Delete(folder);
            Directory.CreateDirectory(folder);
            var again = batch.Run(new[] { Request(0, "kept"), existing }).ToList();
            Assert.All(again, r => Assert.True(r.Written, r.Error?.Message));
            Assert.Equal(2, map.WrittenFiles);
            Assert.NotNull(map.JournalPath);
            map.EndJournal(rowsKept: false);
            Assert.Equal(map.Written().Count, CrosswalkFile.Read(Assert.Single(CrosswalkJournal.Orphans(Path.Combine(folder, "crosswalk.csv")))).Count);
        }

        [Fact]
        public void ADryRun_CommitsNothing()
        {
            var map = new CrosswalkMap();
            var results = Batch(map, 1, dryRun: true).Run(new[] { Request(0), Request(1) }).ToList();
            Assert.All(results, r => Assert.Null(r.Error));
            Assert.Empty(map.Written());
            Assert.Equal(0, map.WrittenFiles);
        }

        [Fact]
        public void WrittenRows_AreInInputOrder_WhicheverThreadFinishedFirst()
        {
            var map = new CrosswalkMap();
            var requests = Enumerable.Range(0, 12).Select(i => Request(i)).ToList();
            new DeidBatch(new IFileStep[] { new HeaderActionEngine(Recipe, null, new UidGenerator(Enumerable.Repeat((byte)1, 32).ToArray())), new CrosswalkStep(map) }) { ThrottleLimit = 1 }.Run(requests).ToList();
            var once = map.Written().Select(e => e.ToString()).ToList();
            // Each file's SOP Instance UID row, in the order of the files given.
            var sops = requests.Select(r => DicomFile.Open(r.SourcePath).Dataset.GetString(DicomTags.SOPInstanceUID)!).ToList();
            var sopRows = map.Written().Where(e => sops.Contains(e.Original)).Select(e => sops.IndexOf(e.Original)).ToList();
            Assert.Equal(Enumerable.Range(0, 12), sopRows);

            // Four workers, files finishing in any order: the same rows in the same order.
            var map2 = new CrosswalkMap();
            var again = Enumerable.Range(0, 12).Select(i => Request(i, "out2")).ToList();
            new DeidBatch(new IFileStep[] { new HeaderActionEngine(Recipe, null, new UidGenerator(Enumerable.Repeat((byte)1, 32).ToArray())), new CrosswalkStep(map2) }) { ThrottleLimit = 4 }.Run(again).ToList();
            Assert.Equal(once, map2.Written().Select(e => e.ToString()).ToList());
            Assert.Equal(12, map2.WrittenFiles);

            // Given in reverse, the files' rows come in reverse.
            var map3 = new CrosswalkMap();
            var reversed = Enumerable.Range(0, 12).Reverse().Select(i => Request(i, "out3")).ToList();
            new DeidBatch(new IFileStep[] { new HeaderActionEngine(Recipe, null, new UidGenerator(Enumerable.Repeat((byte)1, 32).ToArray())), new CrosswalkStep(map3) }) { ThrottleLimit = 4 }.Run(reversed).ToList();
            Assert.Equal(Enumerable.Range(0, 12).Reverse(), map3.Written().Where(e => sops.Contains(e.Original)).Select(e => sops.IndexOf(e.Original)));
            Assert.Equal(once.OrderBy(x => x, StringComparer.Ordinal), map3.Written().Select(e => e.ToString()).OrderBy(x => x, StringComparer.Ordinal));
        }

        [Fact]
        public void Claim_AddsNothingWhenAnyRowConflicts()
        {
            var map = new CrosswalkMap(new[] { new CrosswalkEntry("StudyInstanceUID", "1.2.3", "2.25.1") });
            var rows = new[] { new CrosswalkEntry("SeriesInstanceUID", "1.2.4", "2.25.2"), new CrosswalkEntry("ReferencedSOPInstanceUID", "1.2.3", "2.25.9") };
            var ex = Assert.Throws<CrosswalkConflictException>(() => map.Claim("a.dcm", rows));
            // The crosswalk file's rows are kept as hashes only (a crosswalk grows with every run): its value is not quoted.
            Assert.Equal("ReferencedSOPInstanceUID: an original is mapped to another value by the crosswalk and to '2.25.9' by this run.", Assert.Single(ex.Conflicts));
            Assert.DoesNotContain("1.2.3", ex.Message, StringComparison.Ordinal);
            // 1.2.4 was not taken: another mapping of it is still free.
            map.Claim("b.dcm", new[] { new CrosswalkEntry("SeriesInstanceUID", "1.2.4", "2.25.7") });
        }

        /// <summary>
        /// A StudyID equal to the AccessionNumber (common) replaced by two rules with two values was "mapped two ways": the whole
        /// crosswalk was refused. An identifier is now its attribute's; a UID is one value wherever it is met.
        /// </summary>
        [Fact]
        public void IdentifiersAreKeyedByAttribute_UidsByValue()
        {
            var merged = CrosswalkFile.Merge(new[]
            {
                new[] { new CrosswalkEntry("AccessionNumber", "A100", "ACC-1"), new CrosswalkEntry("StudyInstanceUID", "1.2.3", "2.25.1") },
                new[] { new CrosswalkEntry("StudyID", "A100", "S-7"), new CrosswalkEntry("AccessionNumber", "A100", "ACC-1") },
            }, out var none);
            Assert.Empty(none);
            Assert.Equal(3, merged.Count);
            CrosswalkFile.Merge(new[]
            {
                new[] { new CrosswalkEntry("StudyInstanceUID", "1.2.3", "2.25.1") },
                new[] { new CrosswalkEntry("ReferencedSOPInstanceUID", "1.2.3", "2.25.2") },
            }, out var uid);
            Assert.Single(uid);
            CrosswalkFile.Merge(new[] { new[] { new CrosswalkEntry("AccessionNumber", "A100", "ACC-1") }, new[] { new CrosswalkEntry("AccessionNumber", "A100", "ACC-2") } }, out var id);
            Assert.Single(id);
        }

        /// <summary>
        /// QA F6: two CSV rows giving one patient two IDs were refused with "another key or recipe?", advice to use another
        /// crosswalk, and one value only. A conflict within the run now names both new values and the earlier file, and says
        /// two inputs disagree; a conflict with the crosswalk file names both values too (for identifiers). Never the original.
        /// </summary>
        [Fact]
        public void AConflictNamesBothNewValues_AndWithinTheRun_TheEarlierFile()
        {
            var map = new CrosswalkMap();
            map.Claim("/in/CT-0001.dcm", new[] { new CrosswalkEntry("PatientID", "PID-77", "SUBJ-1"), new CrosswalkEntry("SOPInstanceUID", "1.2.3.1", "2.25.1") });
            var within = Assert.Throws<CrosswalkConflictException>(() => map.Claim("/in/CT-0002.dcm", new[] { new CrosswalkEntry("PatientID", "PID-77", "SUBJ-2"), new CrosswalkEntry("SOPInstanceUID", "1.2.3.2", "2.25.2") }));
            Assert.True(within.WithinRun);
            Assert.Equal("PatientID: this file gives 'SUBJ-2', and an earlier file of this run, '/in/CT-0001.dcm', gave 'SUBJ-1' for the same original: two rows or inputs of this run disagree.", Assert.Single(within.Conflicts));
            Assert.Contains("two rows or inputs of this run disagree", within.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("another key", within.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("PID-77", within.Message, StringComparison.Ordinal);

            var withFile = new CrosswalkMap(new[] { new CrosswalkEntry("PatientID", "PID-77", "SUBJ-9"), new CrosswalkEntry("SOPInstanceUID", "1.2.3.1", "2.25.1") });
            var against = Assert.Throws<CrosswalkConflictException>(() => withFile.Claim("/in/CT-0001.dcm", new[] { new CrosswalkEntry("PatientID", "PID-77", "SUBJ-1") }));
            Assert.False(against.WithinRun);
            Assert.Equal("PatientID: an original is mapped to 'SUBJ-9' by the crosswalk and to 'SUBJ-1' by this run.", Assert.Single(against.Conflicts));
            Assert.Contains("another key or recipe?", against.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("PID-77", against.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void ValuesWithLineBreaksAndQuotes_RoundTrip_AnUnclosedQuoteNamesItsLine()
        {
            string path = Path.Combine(_root, "cw.csv");
            var rows = new[] { new CrosswalkEntry("PatientName", "DOE^JOHN\r\nLINE 2", "ANON"), new CrosswalkEntry("PatientID", "a\"b\nc", "P1"), new CrosswalkEntry("StudyID", "", "S") };
            CrosswalkFile.Write(path, rows);
            Assert.Equal(rows.Select(r => (r.Field, r.Original, r.Replacement)), CrosswalkFile.Read(path).Select(r => (r.Field, r.Original, r.Replacement)));
            File.WriteAllText(path, CrosswalkFile.Header + "\r\nPatientID,P1,X\r\nPatientName,\"DOE\r\n");
            Assert.Contains("line 3", Assert.Throws<InvalidDataException>(() => CrosswalkFile.Read(path)).Message, StringComparison.Ordinal);
            // CRLF files (saved on Windows) and a blank last line read as before.
            File.WriteAllText(path, CrosswalkFile.Header + "\r\nPatientID,P1,X\r\n\r\n");
            Assert.Single(CrosswalkFile.Read(path));
        }

        [Fact]
        public void RunsAppendingAtOnce_EachKeepTheirRows()
        {
            string path = Path.Combine(_root, "shared.csv");
            const int Writers = 6, Appends = 25;
            Parallel.For(0, Writers, new ParallelOptions { MaxDegreeOfParallelism = Writers }, w =>
            {
                for (int i = 0; i < Appends; i++)
                {
                    var conflicts = CrosswalkFile.Append(path, new[] { new CrosswalkEntry("SOPInstanceUID", $"1.2.{w}.{i}", $"2.25.{w}{i:00}") }, out int added);
                    Assert.Empty(conflicts);
                    Assert.Equal(1, added);
                }
            });
            Assert.Equal(Writers * Appends, CrosswalkFile.Read(path).Count);
            Assert.Equal(".shared.csv.lock", Path.GetFileName(CrosswalkFile.LockPath(path)));
            Assert.True(File.Exists(CrosswalkFile.LockPath(path)));
        }

        [Fact]
        public void AppendThatConflicts_LeavesTheFile_WriteBesideKeepsTheRows()
        {
            string path = Path.Combine(_root, "cw.csv");
            CrosswalkFile.Write(path, new[] { new CrosswalkEntry("PatientID", "P1", "X1") });
            string before = File.ReadAllText(path);
            var rows = new[] { new CrosswalkEntry("PatientID", "P1", "X2"), new CrosswalkEntry("PatientID", "P2", "X3") };
            var conflicts = CrosswalkFile.Append(path, rows, out int added);
            Assert.Single(conflicts);
            Assert.Equal(0, added);
            Assert.Equal(before, File.ReadAllText(path));
            string beside = CrosswalkFile.WriteBeside(path, rows);
            string second = CrosswalkFile.WriteBeside(path, rows);
            Assert.NotEqual(beside, second);
            Assert.StartsWith(Path.Combine(_root, "cw.conflict-"), beside, StringComparison.Ordinal);
            Assert.Equal(2, CrosswalkFile.Read(beside).Count);
            if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(beside));
        }

        [Fact]
        public void AnAppendsConflicts_NameBothValues_FromTheFileAndAmongTheRunsOwnRows()
        {
            string path = Path.Combine(_root, "named.csv");
            CrosswalkFile.Write(path, new[] { new CrosswalkEntry("PatientID", "P1", "X1") });
            // Only hashes of the run's rows are kept while the file is read: the sentence is worded from a second look.
            var withFile = CrosswalkFile.Append(path, new[] { new CrosswalkEntry("PatientID", "P2", "X3"), new CrosswalkEntry("PatientID", "P1", "X2") }, out _);
            Assert.Equal("PatientID: one original is mapped to 'X1' and to 'X2'.", Assert.Single(withFile));
            var own = CrosswalkFile.Append(Path.Combine(_root, "own.csv"), new[] { new CrosswalkEntry("SOPInstanceUID", "1.2.3", "2.25.1"), new CrosswalkEntry("ReferencedSOPInstanceUID", "1.2.3", "2.25.2") }, out int added);
            Assert.Equal("ReferencedSOPInstanceUID: one original is mapped to '2.25.1' and to '2.25.2'.", Assert.Single(own));
            Assert.Equal(0, added);
            Assert.False(File.Exists(Path.Combine(_root, "own.csv")));
        }

        [Fact]
        public void AppendingToAUtf16Crosswalk_RewritesItAsUtf8_WithEveryRow()
        {
            string path = Path.Combine(_root, "utf16.csv");
            File.WriteAllText(path, CrosswalkFile.Header + "\r\nPatientName,Buc^J\u00e9r\u00f4me,SUBJ1\r\n", System.Text.Encoding.Unicode);
            Assert.Empty(CrosswalkFile.Append(path, new[] { new CrosswalkEntry("PatientID", "P1", "S1"), new CrosswalkEntry("PatientName", "Buc^J\u00e9r\u00f4me", "SUBJ1") }, out int added));
            Assert.Equal(1, added);
            byte[] bytes = File.ReadAllBytes(path);
            // UTF-8 with its byte order mark, as every crosswalk is written (QA F8: Excel opens one without it as ANSI).
            Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF, (byte)'F' }, bytes.Take(4).ToArray());
            Assert.Equal(new[] { "Buc^J\u00e9r\u00f4me", "P1" }, CrosswalkFile.Read(path).Select(e => e.Original));
        }

        [Fact]
        public void ALockHeldTooLong_IsAnErrorNamingTheLockFile()
        {
            string path = Path.Combine(_root, "held.csv");
            using (new FileStream(CrosswalkFile.LockPath(path), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None))
            {
                var ex = Assert.Throws<IOException>(() => CrosswalkFile.Append(path, new[] { new CrosswalkEntry("PatientID", "P", "Q") }, TimeSpan.FromMilliseconds(200), out _));
                Assert.Contains(".held.csv.lock", ex.Message, StringComparison.Ordinal);
            }
            Assert.Empty(CrosswalkFile.Append(path, new[] { new CrosswalkEntry("PatientID", "P", "Q") }, TimeSpan.FromMilliseconds(200), out int added));
            Assert.Equal(1, added);
        }
    }
}
