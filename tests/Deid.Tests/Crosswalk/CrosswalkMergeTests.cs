using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Deid.Crosswalk;
using Xunit;

namespace Deid.Tests.Crosswalk
{
    /// <summary>
    /// #14: Merge-DeidCrosswalk held every shard's rows in memory (hundreds of bytes a row; the shards of a million-file run hold
    /// millions). The merge now reads the files a row at a time and keeps hashes only: these check it merges as the in-memory
    /// merge (<see cref="CrosswalkFile.Merge"/>) does.
    /// </summary>
    public sealed class CrosswalkMergeTests : IDisposable
    {
        private readonly string _root = Path.Combine(Path.GetTempPath(), "deid-cwmerge-" + Guid.NewGuid().ToString("N").Substring(0, 12));

        public CrosswalkMergeTests() => Directory.CreateDirectory(_root);

        public void Dispose() => Directory.Delete(_root, true);

        private string Shard(string name, IEnumerable<CrosswalkEntry> rows)
        {
            string path = Path.Combine(_root, name);
            CrosswalkFile.Write(path, rows);
            return path;
        }

        private static List<CrosswalkEntry> Rows(int from, int count, string prefix = "2.25.") =>
            Enumerable.Range(from, count).SelectMany(i => new[]
            {
                new CrosswalkEntry("PatientID", $"PID-{i / 10}", $"P{i / 10:0000}"),
                new CrosswalkEntry("StudyInstanceUID", $"1.2.840.{i / 10}", $"{prefix}{i / 10}"),
                new CrosswalkEntry("SOPInstanceUID", $"1.2.840.{i / 10}.{i}", $"{prefix}{i / 10}.{i}"),
            }).ToList();

        [Fact]
        public void MergesAsTheInMemoryMergeDoes_EachOriginalOnce_FirstSeen()
        {
            var a = Rows(0, 25);
            var b = Rows(20, 25); // overlapping studies and instances
            var c = new List<CrosswalkEntry> { new CrosswalkEntry("ReferencedSOPInstanceUID", "1.2.840.2.20", "2.25.2.20"), new CrosswalkEntry("PatientName", "DOE^JOHN", "ANON") };
            var files = new[] { Shard("a.csv", a), Shard("b.csv", b), Shard("c.csv", c) };
            var merge = CrosswalkMerge.Of(files);
            var expected = CrosswalkFile.Merge(new[] { a, b, c }, out var none);
            Assert.Empty(none);
            Assert.Equal(0, merge.ConflictCount);
            Assert.Equal(expected.Count, merge.Count);
            Assert.Equal(expected.Select(e => e.ToString()), merge.Rows().Select(e => e.ToString()));
            // Read again each time.
            Assert.Equal(expected.Count, merge.Rows().Count());
            string target = Path.Combine(_root, "merged.csv");
            merge.Write(target);
            Assert.Equal(expected.Select(e => e.ToString()), CrosswalkFile.Read(target).Select(e => e.ToString()));
        }

        [Fact]
        public void Conflicts_AreCounted_AndTheFirstAreWordedWithBothValues()
        {
            var whole = Rows(0, 30);
            var other = Rows(0, 30, prefix: "2.25.9");
            var merge = CrosswalkMerge.Of(new[] { Shard("whole.csv", whole), Shard("other.csv", other) });
            // Every UID row of the other key conflicts (a study's, once for each of its instances); the patient IDs agree.
            Assert.Equal(30 + 30, merge.ConflictCount);
            Assert.Equal(merge.ConflictCount, merge.Conflicts.Count);
            Assert.Contains("StudyInstanceUID: one original is mapped to '2.25.0' and to '2.25.90'.", merge.Conflicts);
            Assert.All(merge.Conflicts, c => Assert.DoesNotContain("1.2.840.", c, StringComparison.Ordinal));
            CrosswalkFile.Merge(new[] { whole, other }, out var expected);
            Assert.Equal(expected, merge.Conflicts);
        }

        [Fact]
        public void ManyConflicts_AreAllCounted_ButOnlyTheFirstThousandWorded()
        {
            var whole = Rows(0, 1500);
            var other = Rows(0, 1500, prefix: "2.25.9");
            var merge = CrosswalkMerge.Of(new[] { Shard("whole.csv", whole), Shard("other.csv", other) });
            Assert.Equal(1500 + 1500, merge.ConflictCount);
            Assert.Equal(CrosswalkMerge.WordedConflicts, merge.Conflicts.Count);
        }

        /// <summary>
        /// QA F2: a crosswalk saved from Excel in General format holds long IDs as 1.23457E+14; the merge took it without a word
        /// (and two patients shortened alike became one row). Each such cell is now told, by file, line and column, never by
        /// its value, and a conflict between two such originals names the likely cause.
        /// </summary>
        [Fact]
        public void CellsASpreadsheetShortened_AreToldByFileLineAndColumn_AndNamedAsAConflictsLikelyCause()
        {
            string a = Path.Combine(_root, "a.csv");
            File.WriteAllText(a, CrosswalkFile.Header + "\nPatientID,1.23457E+14,SUBJ-1\nAccessionNumber,A-1,9E+14\nPatientID,3E12,SUBJ-3\nPatientID,1.5e+3,SUBJ-4\n");
            string b = Path.Combine(_root, "b.csv");
            File.WriteAllText(b, CrosswalkFile.Header + "\nPatientID,1.23457E+14,SUBJ-2\n");
            var notices = new List<CrosswalkNotice>();
            var merge = CrosswalkMerge.Of(new[] { a, b }, notices.Add);
            Assert.Equal(new[] { (a, 2, "Original"), (a, 3, "Replacement"), (b, 2, "Original") }, notices.Select(n => (n.File, n.Line, n.Column)));
            Assert.All(notices, n => Assert.Equal(CrosswalkNoticeKind.ShortenedNumber, n.Kind));
            Assert.StartsWith(a + ", line 2, column Original: ", notices[0].Message, StringComparison.Ordinal);
            Assert.Contains("do not save it from Excel in General format", notices[0].Message, StringComparison.Ordinal);
            Assert.All(notices, n => Assert.DoesNotContain("E+1", n.Message, StringComparison.Ordinal));
            // Told once, as the files are first read: not again when the rows are read to write or word them.
            merge.Rows().ToList();
            Assert.Equal(3, notices.Count);
            string conflict = Assert.Single(merge.Conflicts);
            Assert.StartsWith("PatientID: one original is mapped to 'SUBJ-1' and to 'SUBJ-2'.", conflict, StringComparison.Ordinal);
            Assert.Contains("a spreadsheet shortened long IDs, and two different IDs may now read the same", conflict, StringComparison.Ordinal);
            Assert.DoesNotContain("1.23457E+14", conflict, StringComparison.Ordinal);

            // A file of many is told cell by cell for the first few, then counted.
            string many = Path.Combine(_root, "many.csv");
            File.WriteAllText(many, CrosswalkFile.Header + "\n" + string.Concat(Enumerable.Range(0, 25).Select(i => $"PatientID,1.2345{i % 10}E+14,S{i}\n")));
            notices.Clear();
            CrosswalkFile.ReadRows(many, notices.Add).ToList();
            Assert.Equal(CrosswalkFile.NamedNotices + 1, notices.Count);
            Assert.Contains("15 more cell(s)", notices[^1].Message, StringComparison.Ordinal);
        }

        [Fact]
        public void AMalformedOrMissingFile_IsNamed()
        {
            string good = Shard("good.csv", Rows(0, 3));
            string bad = Path.Combine(_root, "bad.csv");
            File.WriteAllText(bad, CrosswalkFile.Header + "\nPatientID,P1,X1\nonly,two\n");
            var ex = Assert.Throws<CrosswalkMergeException>(() => CrosswalkMerge.Of(new[] { good, bad }));
            Assert.Equal(bad, ex.File);
            Assert.Contains("line 3", ex.Message, StringComparison.Ordinal);
            Assert.IsType<InvalidDataException>(ex.InnerException);
            string missing = Path.Combine(_root, "missing.csv");
            var gone = Assert.Throws<CrosswalkMergeException>(() => CrosswalkMerge.Of(new[] { good, missing }));
            Assert.Equal(missing, gone.File);
            Assert.Contains(missing, gone.Message, StringComparison.Ordinal);
        }
    }
}
