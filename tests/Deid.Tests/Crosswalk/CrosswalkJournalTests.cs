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

        [Fact]
        public void AWrittenFilesRowsGoToAHiddenOwnerOnlyJournal_HeldWhileTheRunLives()
        {
            var map = new CrosswalkMap(null, Crosswalk);
            Assert.Null(map.JournalPath);
            map.Claim("a.dcm", Rows(1));
            map.Commit("a.dcm", Rows(1));
            map.Commit("b.dcm", Rows(2));
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
            second.Commit("c.dcm", Rows(3));
            string path = second.JournalPath!;
            second.EndJournal(rowsKept: true);
            Assert.False(File.Exists(path));
        }

        [Fact]
        public void ADeadRunsJournal_IsMergedIntoTheCrosswalk_AndRemoved()
        {
            CrosswalkFile.Write(Crosswalk, Rows(1));
            var map = new CrosswalkMap(Rows(1), Crosswalk);
            map.Commit("b.dcm", Rows(2));
            map.Commit("c.dcm", Rows(3));
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

        [Fact]
        public void ADryRunOrARunWithoutWrittenFiles_StartsNoJournal()
        {
            var map = new CrosswalkMap(null, Crosswalk);
            map.Claim("a.dcm", Rows(1));
            map.Commit("a.dcm", new List<CrosswalkEntry>());
            Assert.Null(map.JournalPath);
            Assert.Empty(Directory.GetFiles(_root, "*.journal", SearchOption.TopDirectoryOnly).Concat(Directory.GetFiles(_root, ".*")));
        }
    }
}
