using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Deid.Crosswalk;
using Xunit;

namespace Deid.Tests.Crosswalk
{
    /// <summary>
    /// QA, 2026-12-06: a run killed before its end (kill -9, a power cut) had written copies whose crosswalk rows were only in its
    /// memory, and a rerun with -SkipExisting skips those copies, so their way back was lost for good. The rows now go to a
    /// journal beside the crosswalk as each file is written, and the next run merges a dead run's journal.
    /// </summary>
    public sealed class CrosswalkJournalTests : IDisposable
    {
        private readonly string _root = Path.Combine(Path.GetTempPath(), "deid-cwjournal-" + Guid.NewGuid().ToString("N").Substring(0, 12));

        public CrosswalkJournalTests() => Directory.CreateDirectory(_root);

        public void Dispose() => Directory.Delete(_root, true);

        private string Crosswalk => Path.Combine(_root, "crosswalk.csv");

        private static CrosswalkEntry[] Rows(int file) => new[]
        {
            new CrosswalkEntry("PatientID", $"PID-{file}", $"P{file:0000}"),
            new CrosswalkEntry("SOPInstanceUID", $"1.2.840.{file}", $"2.25.{file}00"),
        };

        /// <summary>As the batch keeps a file's rows: journaled before its output appears, committed once it is written.</summary>
        private static void Written(CrosswalkMap map, string source, IReadOnlyList<CrosswalkEntry> rows)
        {
            map.Journal(source, rows);
            map.Commit(source, rows);
        }

        [Fact]
        public void AWrittenFilesRowsGoToAHiddenOwnerOnlyJournal_HeldWhileTheRunLives()
        {
            var map = new CrosswalkMap(null, Crosswalk);
            Assert.Null(map.JournalPath);
            map.Claim("a.dcm", Rows(1));
            Written(map, "a.dcm", Rows(1));
            Written(map, "b.dcm", Rows(2));
            string journal = map.JournalPath!;
            Assert.Matches(@"^\.crosswalk\.csv\.[0-9a-f]{12}\.journal$", Path.GetFileName(journal));
            if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(journal));
            // A live run's journal is no orphan; the rows are on disk already, though.
            Assert.Empty(CrosswalkJournal.Orphans(Crosswalk));
            Assert.True(new FileInfo(journal).Length > CrosswalkFile.Header.Length + 40);
            map.EndJournal(rowsKept: false);
            string text = File.ReadAllText(journal);
            Assert.StartsWith(CrosswalkFile.Header + "\n", text, StringComparison.Ordinal);
            Assert.Contains("SOPInstanceUID,1.2.840.2,2.25.200\n", text, StringComparison.Ordinal);
            Assert.Equal(new[] { journal }, CrosswalkJournal.Orphans(Crosswalk));

            // Ended with its rows kept, a journal is removed.
            var second = new CrosswalkMap(null, Crosswalk);
            Written(second, "c.dcm", Rows(3));
            string path = second.JournalPath!;
            second.EndJournal(rowsKept: true);
            Assert.False(File.Exists(path));
        }

        [Fact]
        public void ADeadRunsJournal_IsMergedIntoTheCrosswalk_AndRemoved()
        {
            CrosswalkFile.Write(Crosswalk, Rows(1));
            var map = new CrosswalkMap(Rows(1), Crosswalk);
            Written(map, "b.dcm", Rows(2));
            Written(map, "c.dcm", Rows(3));
            string journal = map.JournalPath!;
            map.EndJournal(rowsKept: false); // as if killed: the journal stays, no longer held
            Assert.Equal(new[] { journal }, CrosswalkJournal.Orphans(Crosswalk));

            int recovered = CrosswalkFile.Recover(Crosswalk, out var unmerged);
            Assert.Equal(4, recovered);
            Assert.Empty(unmerged);
            Assert.False(File.Exists(journal));
            Assert.Equal(6, CrosswalkFile.Read(Crosswalk).Count);
            Assert.Equal(0, CrosswalkFile.Recover(Crosswalk, out _));
        }

        [Fact]
        public void AJournalCutInTheMiddleOfARow_GivesItsWholeRowsOnly()
        {
            string journal = Path.Combine(_root, ".crosswalk.csv.0123456789ab.journal");
            File.WriteAllText(journal, CrosswalkFile.Header + "\nPatientID,PID-1,P0001\nSOPInstanceUID,1.2.840.1,2.25.1");
            Assert.Equal(1, CrosswalkFile.Recover(Crosswalk, out var unmerged));
            Assert.Empty(unmerged);
            // The cut UID would map the instance to a UID no copy has: left out.
            Assert.Equal("PID-1", Assert.Single(CrosswalkFile.Read(Crosswalk)).Original);
        }

        [Fact]
        public void AJournalThatConflicts_IsWrittenBesideTheCrosswalk_AnUnreadableOneIsKept()
        {
            CrosswalkFile.Write(Crosswalk, Rows(1));
            string text = File.ReadAllText(Crosswalk);
            string conflicting = Path.Combine(_root, ".crosswalk.csv.aaaaaaaaaaaa.journal");
            File.WriteAllText(conflicting, CrosswalkFile.Header + "\nPatientID,PID-1,OTHER\n");
            string unreadable = Path.Combine(_root, ".crosswalk.csv.bbbbbbbbbbbb.journal");
            File.WriteAllText(unreadable, "only,two\n");
            Assert.Equal(0, CrosswalkFile.Recover(Crosswalk, out var unmerged));
            Assert.Equal(2, unmerged.Count);
            Assert.StartsWith(Path.Combine(_root, "crosswalk.conflict-"), unmerged[0], StringComparison.Ordinal);
            Assert.Equal("OTHER", Assert.Single(CrosswalkFile.Read(unmerged[0])).Replacement);
            Assert.False(File.Exists(conflicting));
            Assert.Equal(unreadable, unmerged[1]);
            Assert.True(File.Exists(unreadable));
            Assert.Equal(text, File.ReadAllText(Crosswalk));
        }

        /// <summary>
        /// Between the rename that makes a journal and the open that holds it, no one holds it: made under the crosswalk's lock,
        /// which Recover holds while it looks for dead runs' journals, it is never taken for one.
        /// </summary>
        [Fact]
        public async System.Threading.Tasks.Task AJournalIsMadeUnderTheCrosswalksLock()
        {
            System.Threading.Tasks.Task<CrosswalkJournal> start;
            using (new FileStream(CrosswalkFile.LockPath(Crosswalk), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None))
            {
                start = System.Threading.Tasks.Task.Run(() => CrosswalkJournal.Start(Crosswalk));
                var delay = System.Threading.Tasks.Task.Delay(300);
                Assert.Same(delay, await System.Threading.Tasks.Task.WhenAny(start, delay));
                Assert.Empty(Directory.GetFiles(_root, "*" + CrosswalkJournal.Extension));
            }
            using (var journal = await start)
            {
                Assert.True(File.Exists(journal.Path));
                Assert.Empty(CrosswalkJournal.Orphans(Crosswalk));
            }
        }

        /// <summary>
        /// QA 2026-12-07: a run killed while it rewrote the crosswalk left its temporary copy, hidden and full of rows that
        /// re-identify patients, beside it for good (no age rule applied to it, and nothing else looked). The next run that writes
        /// the crosswalk, under its lock, removes it; another file's temporary copy is left alone.
        /// </summary>
        [Fact]
        public void AKilledRewritesTemporaryCopy_GoesWithTheNextWrite_AnotherFilesStays()
        {
            CrosswalkFile.Append(Crosswalk, Rows(1), out _);
            string dead = Path.Combine(_root, ".crosswalk.csv.0123456789ab.tmp");
            string other = Path.Combine(_root, ".other.csv.0123456789ab.tmp");
            File.WriteAllText(dead, "Field,Original,Replacement\nPatientID,PID-9,P0009\n");
            File.WriteAllText(other, "x");
            CrosswalkFile.Append(Crosswalk, Rows(2), out int added);
            Assert.Equal(2, added);
            Assert.False(File.Exists(dead));
            Assert.True(File.Exists(other));
            Assert.Empty(Directory.GetFiles(_root, ".crosswalk.csv.*.tmp"));
        }

        /// <summary>
        /// QA of 2026-12-07 (Windows): a replace that fails half way leaves the crosswalk gone and its new content only in the
        /// temporary copy, which the next write removed with every earlier row. A missing crosswalk beside such a copy is now
        /// refused, the copy kept; once it is renamed into place, the run goes on and agrees with its rows.
        /// </summary>
        [Fact]
        public void AMissingCrosswalkBesideItsTemporaryCopy_IsRefused_AndTheCopyKept()
        {
            string kept = Path.Combine(_root, ".crosswalk.csv.0123456789ab.tmp");
            File.WriteAllText(kept, "Field,Original,Replacement\nPatientID,PID-9,P0009\n");
            Assert.Contains(".crosswalk.csv.0123456789ab.tmp", CrosswalkFile.InterruptedReplace(Crosswalk), StringComparison.Ordinal);
            var refused = Assert.Throws<IOException>(() => CrosswalkFile.Append(Crosswalk, Rows(1), out _));
            Assert.Contains("is missing, and a temporary copy of it is beside it", refused.Message, StringComparison.Ordinal);
            Assert.True(File.Exists(kept));
            Assert.False(File.Exists(Crosswalk));
            File.Move(kept, Crosswalk);
            Assert.Null(CrosswalkFile.InterruptedReplace(Crosswalk));
            CrosswalkFile.Append(Crosswalk, Rows(1), out int added);
            Assert.Equal(2, added);
            Assert.Contains(CrosswalkFile.Read(Crosswalk), e => e.Original == "PID-9");
        }

        /// <summary>
        /// QA 2026-12-07: a crosswalk named with 234–250 characters failed every file of the run, one by one, since its journal's
        /// name (22 more) is longer than a file system takes. Said once, before any file: a name of at most 233 bytes. The
        /// longest allowed name's journal is made and merged as any other.
        /// </summary>
        [Fact]
        public void ACrosswalkNameItsJournalCannotFollow_IsSaidUpFront()
        {
            string longest = Path.Combine(_root, new string('c', 229) + ".csv");
            Assert.Null(CrosswalkFile.NameProblem(longest));
            Assert.Contains("at most 233 bytes", CrosswalkFile.NameProblem(Path.Combine(_root, new string('c', 230) + ".csv")));
            // Bytes, not characters: 117 two-byte letters are 234 bytes.
            Assert.NotNull(CrosswalkFile.NameProblem(Path.Combine(_root, new string('é', 117))));
            var map = new CrosswalkMap(null, longest);
            Written(map, "a.dcm", Rows(1));
            Assert.Equal(255, Path.GetFileName(map.JournalPath!).Length);
            map.EndJournal(rowsKept: true);
            // Letters outside ASCII, 232 bytes: its journal and the temporary copies are cut by bytes, not characters (QA: every
            // file failed, the temporary names too long for the disk).
            string accented = Path.Combine(_root, new string('é', 114) + ".csv");
            Assert.Null(CrosswalkFile.NameProblem(accented));
            var second = new CrosswalkMap(null, accented);
            Written(second, "b.dcm", Rows(2));
            second.EndJournal(rowsKept: false);
            Assert.Equal(2, CrosswalkFile.Recover(accented, out var unmerged));
            Assert.Empty(unmerged);
            Assert.Equal(2, CrosswalkFile.ReadRows(accented).Count());
        }

        [Fact]
        public void AnotherCrosswalksJournals_AreNotTouched()
        {
            string other = Path.Combine(_root, ".other.csv.0123456789ab.journal");
            File.WriteAllText(other, CrosswalkFile.Header + "\nPatientID,X,Y\n");
            Assert.Empty(CrosswalkJournal.Orphans(Crosswalk));
            Assert.Equal(0, CrosswalkFile.Recover(Crosswalk, out _));
            Assert.True(File.Exists(other));
            Assert.False(File.Exists(Crosswalk));
        }

        /// <summary>
        /// QA, 2026-12-06 (a crosswalk on a full disk): a journal that could not be written was given up quietly and the outputs
        /// were written anyway; the append at the end then failed too, and those copies could be traced back through nothing.
        /// A file whose rows cannot be journaled is now refused; the journal is tried again for the next file.
        /// </summary>
        [Fact]
        public void RowsThatCannotBeJournaled_RefuseTheFile_AndTheNextFileTriesAgain()
        {
            // A folder that cannot be made (a file stands under its name) fails the journal as a full disk does.
            string folder = Path.Combine(_root, "blocked");
            File.WriteAllText(folder, "a file, not a folder");
            string crosswalk = Path.Combine(folder, "crosswalk.csv");
            var map = new CrosswalkMap(null, crosswalk);
            var ex = Assert.Throws<CrosswalkJournalException>(() => map.Journal("a.dcm", Rows(1)));
            Assert.Equal("a.dcm", ex.SourcePath);
            Assert.Equal(crosswalk, ex.CrosswalkPath);
            Assert.StartsWith("'a.dcm' was not written: its crosswalk rows could not be kept beside '" + crosswalk + "' (", ex.Message, StringComparison.Ordinal);
            Assert.IsAssignableFrom<IOException>(ex.InnerException);
            // Never an original value: the message goes to logs.
            Assert.DoesNotContain("PID-1", ex.ToString(), StringComparison.Ordinal);
            Assert.DoesNotContain("1.2.840.1", ex.ToString(), StringComparison.Ordinal);
            Assert.Null(map.JournalPath);

            File.Delete(folder);
            Directory.CreateDirectory(folder);
            map.Journal("b.dcm", Rows(2));
            map.Commit("b.dcm", Rows(2));
            map.EndJournal(rowsKept: false);
            string text = File.ReadAllText(Assert.Single(CrosswalkJournal.Orphans(crosswalk)));
            Assert.Contains("PatientID,PID-2,P0002\n", text, StringComparison.Ordinal);
            Assert.DoesNotContain("PID-1", text, StringComparison.Ordinal);
        }

        /// <summary>
        /// A file that finishes after the run appended its rows (a command stopping while a worker still writes) would have no row
        /// anywhere: refused.
        /// </summary>
        [Fact]
        public void AfterTheJournalEnded_AFilesRowsAreRefused()
        {
            var map = new CrosswalkMap(null, Crosswalk);
            Written(map, "a.dcm", Rows(1));
            map.EndJournal(rowsKept: true);
            var ex = Assert.Throws<CrosswalkJournalException>(() => map.Journal("b.dcm", Rows(2)));
            Assert.Contains("appended to it already", ex.Message, StringComparison.Ordinal);
            // A map that keeps no journal (no crosswalk file) needs none.
            var plain = new CrosswalkMap();
            plain.Journal("c.dcm", Rows(3));
            plain.EndJournal(rowsKept: true);
            plain.Journal("d.dcm", Rows(4));
        }

        /// <summary>
        /// #14: holding each written file's rows until the end cost about 2 KB a file (20,000 small CT files: 42 MB more with a
        /// crosswalk). They are read back from the journal instead: what the journal holds is what is appended.
        /// </summary>
        [Fact]
        public void TheWrittenRows_AreReadBackFromTheJournal_EachPairOnce_InInputOrder()
        {
            var map = new CrosswalkMap(null, Crosswalk);
            var shared = new CrosswalkEntry("StudyInstanceUID", "1.2.840.99", "2.25.99");
            var b = Rows(2).Append(shared).ToList();
            var a = Rows(1).Append(shared).ToList();
            map.Journal("b.dcm", b);
            map.Journal("a.dcm", a);
            // Written in the other order than journaled; given as the 2nd and 1st inputs.
            map.Commit("a.dcm", a, 1);
            map.Commit("b.dcm", b, 2);
            map.EndJournal(rowsKept: false);
            string journal = Assert.Single(CrosswalkJournal.Orphans(Crosswalk));
            // The same length changed on disk: the rows come from there, not from memory.
            File.WriteAllText(journal, File.ReadAllText(journal).Replace("P0001", "Q0001", StringComparison.Ordinal));
            var rows = map.Written().Select(e => e.ToString()).ToList();
            Assert.Equal(new[]
            {
                "PatientID: PID-1 -> Q0001", "SOPInstanceUID: 1.2.840.1 -> 2.25.100", "StudyInstanceUID: 1.2.840.99 -> 2.25.99",
                "PatientID: PID-2 -> P0002", "SOPInstanceUID: 1.2.840.2 -> 2.25.200",
            }, rows);
            // Enumerated again, read again.
            Assert.Equal(rows, map.WrittenRows().Select(e => e.ToString()));
        }

        [Fact]
        public void AJournaledFileThatWasNotWritten_HasNoRowsInTheAppend()
        {
            var map = new CrosswalkMap(null, Crosswalk);
            map.Journal("a.dcm", Rows(1));
            map.Journal("b.dcm", Rows(2));
            map.Commit("b.dcm", Rows(2));
            Assert.Equal(new[] { "PID-2", "1.2.840.2" }, map.Written().Select(e => e.Original));
            Assert.Equal(1, map.WrittenFiles);
            // The journal has both: a dead run's journal is merged whole (at worst a row for a copy that does not exist).
            map.EndJournal(rowsKept: false);
            Assert.Equal(4, CrosswalkFile.Read(Assert.Single(CrosswalkJournal.Orphans(Crosswalk))).Count);
        }

        [Fact]
        public void AfterTheJournalWasRemoved_TheWrittenRowsCannotBeReadAgain_AndSaySo()
        {
            var map = new CrosswalkMap(null, Crosswalk);
            Written(map, "a.dcm", Rows(1));
            Assert.Equal(2, map.Written().Count);
            map.EndJournal(rowsKept: true);
            var ex = Assert.Throws<InvalidOperationException>(() => map.Written());
            Assert.Contains("removed", ex.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void ADeadRunsJournalLongerThanAReadBlock_GivesItsWholeRowsOnly()
        {
            // The last line end is more than one 64 KB block before the end: a row cut after 70,000 characters.
            string journal = Path.Combine(_root, ".crosswalk.csv.0123456789ab.journal");
            var text = new System.Text.StringBuilder(CrosswalkFile.Header + "\n");
            for (int i = 0; i < 3000; i++) text.Append($"SOPInstanceUID,1.2.840.{i},2.25.{i}\n");
            text.Append("PatientID,").Append('x', 70000);
            File.WriteAllText(journal, text.ToString());
            Assert.Equal(3000, CrosswalkFile.Recover(Crosswalk, out var unmerged));
            Assert.Empty(unmerged);
            var rows = CrosswalkFile.Read(Crosswalk);
            Assert.Equal(3000, rows.Count);
            Assert.Equal("2.25.2999", rows[^1].Replacement);
            Assert.False(File.Exists(journal));
        }

        /// <summary>
        /// A file journaled before the append at the end and written after it has its rows in the journal only: the journal is
        /// kept for the next run to merge, and a file that would journal after the append is refused.
        /// </summary>
        [Fact]
        public void AFileWrittenAfterTheAppend_KeepsTheJournal_AndOneJournaledAfterItIsRefused()
        {
            var map = new CrosswalkMap(null, Crosswalk);
            Written(map, "a.dcm", Rows(1));
            map.Journal("b.dcm", Rows(2));
            Assert.Empty(map.AppendWritten(Crosswalk, out int added));
            Assert.Equal(2, added);
            Assert.Throws<CrosswalkJournalException>(() => map.Journal("c.dcm", Rows(3)));
            map.Commit("b.dcm", Rows(2));
            string journal = map.JournalPath!;
            map.EndJournal(rowsKept: true);
            Assert.True(File.Exists(journal));
            Assert.Equal(new[] { "PID-1", "1.2.840.1" }, CrosswalkFile.Read(Crosswalk).Select(e => e.Original));
            // The next run merges it: b's rows are then in the crosswalk.
            Assert.Equal(2, CrosswalkFile.Recover(Crosswalk, out var unmerged));
            Assert.Empty(unmerged);
            Assert.Equal(new[] { "PID-1", "1.2.840.1", "PID-2", "1.2.840.2" }, CrosswalkFile.Read(Crosswalk).Select(e => e.Original));
        }

        [Fact]
        public void AppendWritten_AddsOnlyWhatTheCrosswalkLacks_AndRefusesAConflictLeavingItAsItWas()
        {
            CrosswalkFile.Write(Crosswalk, Rows(1));
            var map = new CrosswalkMap(CrosswalkFile.Read(Crosswalk), Crosswalk);
            Written(map, "a.dcm", Rows(1));
            Written(map, "b.dcm", Rows(2));
            Assert.Empty(map.AppendWritten(Crosswalk, out int added));
            Assert.Equal(2, added);
            Assert.Equal(4, CrosswalkFile.Read(Crosswalk).Count);
            map.EndJournal(rowsKept: true);

            // Another run wrote another mapping of PID-3 meanwhile.
            var next = new CrosswalkMap(CrosswalkFile.Read(Crosswalk), Crosswalk);
            Written(next, "c.dcm", Rows(3));
            CrosswalkFile.Append(Crosswalk, new[] { new CrosswalkEntry("PatientID", "PID-3", "OTHER") }, out _);
            string before = File.ReadAllText(Crosswalk);
            var conflicts = next.AppendWritten(Crosswalk, out added);
            Assert.Equal("PatientID: one original is mapped to 'OTHER' and to 'P0003'.", Assert.Single(conflicts));
            Assert.Equal(0, added);
            Assert.Equal(before, File.ReadAllText(Crosswalk));
            next.EndJournal(rowsKept: false);
        }

        [Fact]
        public void ADryRunOrARunWithoutWrittenFiles_StartsNoJournal()
        {
            var map = new CrosswalkMap(null, Crosswalk);
            map.Claim("a.dcm", Rows(1));
            Written(map, "a.dcm", new List<CrosswalkEntry>());
            Assert.Null(map.JournalPath);
            Assert.Empty(Directory.GetFiles(_root, "*.journal", SearchOption.TopDirectoryOnly).Concat(Directory.GetFiles(_root, ".*")));
        }
    }
}
