using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Deid.Actions;
using Deid.Crosswalk;
using Deid.Dicom;
using Deid.Recipes;
using Deid.Samples;
using Deid.Steps;
using Xunit;

namespace Deid.Tests.Crosswalk
{
    public class CrosswalkTests
    {
        private static DicomFile Sample() => DicomSampleGenerator.Create(0, new DicomSampleOptions { Seed = 9 }).File;

        private static IReadOnlyList<CrosswalkEntry> Run(DicomFile file, string recipe)
        {
            var steps = new IFileStep[] { new HeaderActionEngine(DeidRecipe.Parse(recipe, "r.dicom"), null, new UidGenerator(new byte[32])), new CrosswalkStep() };
            var context = new FileStepContext(file, "x.dcm", null, new List<DeidWarning>());
            var runs = steps.Select(s => s.Begin(context)).ToList();
            var stats = runs.Select(r => r.Apply()).ToList();
            return ((CrosswalkStatistics)stats[1]).GetEntries();
        }

        [Fact]
        public void RecordsChangedIdentifiersAndUidsAtAnyDepth_NotRemovedOrKeptOnes()
        {
            var file = Sample();
            var ds = file.Dataset;
            string id = ds.GetString(DicomTags.PatientID)!, name = ds.GetString(DicomTags.PatientName)!, study = ds.GetString(DicomTags.StudyInstanceUID)!;
            var entries = Run(file, "FORMAT dicom\n%header\nREPLACE PatientID NEWID\nREPLACE PatientName ANONYMOUS\nREMOVE AccessionNumber\n"
                + "REPLACE StudyInstanceUID deid_func:pydicom_uuid\nREPLACE ReferencedSOPInstanceUID deid_func:pydicom_uuid\n");
            Assert.Contains(entries, e => e.Field == "PatientID" && e.Original == id && e.Replacement == "NEWID");
            Assert.Contains(entries, e => e.Field == "PatientName" && e.Original == name && e.Replacement == "ANONYMOUS");
            Assert.Contains(entries, e => e.Field == "StudyInstanceUID" && e.Original == study && e.Replacement == ds.GetString(DicomTags.StudyInstanceUID));
            // The nested reference to the study is the same pair: recorded once.
            Assert.Single(entries, e => e.Original == study);
            Assert.DoesNotContain(entries, e => e.Field == "AccessionNumber");
            Assert.DoesNotContain(entries, e => e.Field == "SOPInstanceUID");
        }

        /// <summary>
        /// QA, 2026-12-07: a UID element of two values (FailedSOPInstanceUIDList, IrradiationEventUID) was remapped into one UID,
        /// and its crosswalk row paired the two originals with it. Each value now has its own new UID and its own row, the same
        /// as a file holding that UID alone gets.
        /// </summary>
        [Fact]
        public void AMultiValuedUidIsRemappedAndRecordedValueByValue()
        {
            const string A = "1.2.826.0.1.3680043.8.498.77.1", B = "1.2.826.0.1.3680043.8.498.77.2";
            var tag = new DicomTag(0x0008, 0x0058);
            DicomFile With(string value)
            {
                var f = Sample();
                f.Dataset.SetString(tag, DicomVR.UI, value);
                return f;
            }
            const string Recipe = "FORMAT dicom\n%header\nREPLACE FailedSOPInstanceUIDList deid_func:pydicom_uuid\n";
            var both = With(A + "\\" + B);
            var entries = Run(both, Recipe);
            var one = With(A);
            Run(one, Recipe);
            var other = With(B);
            Run(other, Recipe);
            string newA = one.Dataset.GetString(tag)!, newB = other.Dataset.GetString(tag)!;
            Assert.NotEqual(newA, newB);
            Assert.Equal(newA + "\\" + newB, both.Dataset.GetString(tag));
            Assert.Contains(entries, e => e.Field == "FailedSOPInstanceUIDList" && e.Original == A && e.Replacement == newA);
            Assert.Contains(entries, e => e.Field == "FailedSOPInstanceUIDList" && e.Original == B && e.Replacement == newB);
            Assert.DoesNotContain(entries, e => e.Original.Contains('\\'));
        }

        [Fact]
        public void TheFileRoundTripsWithQuotingAndMergingRefusesAnOriginalMappedTwoWays()
        {
            string path = Path.Combine(Path.GetTempPath(), "cw-" + Guid.NewGuid().ToString("N") + ".csv");
            try
            {
                var rows = new[] { new CrosswalkEntry("PatientName", "DOE^JOHN, \"JJ\"", "ANON1"), new CrosswalkEntry("PatientID", " 123 ", "P9") };
                CrosswalkFile.Write(path, rows);
                Assert.StartsWith(CrosswalkFile.Header + "\n", File.ReadAllText(path));
                var back = CrosswalkFile.Read(path);
                Assert.Equal(rows.Select(r => (r.Field, r.Original, r.Replacement)), back.Select(r => (r.Field, r.Original, r.Replacement)));

                var same = CrosswalkFile.Merge(new[] { rows, back.ToArray() }, out var none);
                Assert.Empty(none);
                Assert.Equal(2, same.Count);
                CrosswalkFile.Merge(new[] { rows, new[] { new CrosswalkEntry("PatientID", " 123 ", "P8") } }, out var twoWays);
                Assert.Contains("mapped to 'P9' and to 'P8'", Assert.Single(twoWays));
                // Many originals to one dummy (ANONYMOUS) is no conflict: kept, each row once.
                var dummies = CrosswalkFile.Merge(new[] { rows, new[] { new CrosswalkEntry("PatientName", "ROE^JANE", "ANON1") } }, out var oneValue);
                Assert.Empty(oneValue);
                Assert.Equal(3, dummies.Count);
                File.WriteAllText(path, CrosswalkFile.Header + "\nonly,two\n");
                Assert.Contains("line 2", Assert.Throws<InvalidDataException>(() => CrosswalkFile.Read(path)).Message);
            }
            finally
            {
                File.Delete(path);
            }
        }

        /// <summary>
        /// QA, 2026-12-06: the crosswalk maps every new identifier back to the patient's own, and was written with the process's
        /// umask (0644 here: readable by every local user). It is now owner-only from before its first byte, also when it
        /// replaces a crosswalk that was not.
        /// </summary>
        [Fact]
        public void TheFileIsReadableByItsOwnerOnly()
        {
            if (OperatingSystem.IsWindows()) return;
            string folder = Path.Combine(Path.GetTempPath(), "cw-mode-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(folder);
            try
            {
                string path = Path.Combine(folder, "crosswalk.csv");
                File.WriteAllText(path, CrosswalkFile.Header + "\n");
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
                CrosswalkFile.Write(path, new[] { new CrosswalkEntry("PatientID", "PID-1", "P9") });
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
                Assert.Single(CrosswalkFile.Read(path));
                Assert.Empty(Directory.GetFiles(folder, ".*.tmp"));
            }
            finally
            {
                Directory.Delete(folder, true);
            }
        }

        /// <summary>
        /// QA of 2026-12-07: a spreadsheet's left-over rows of empty cells (",,") were read as an empty entry, and Merge-DeidCrosswalk
        /// wrote them on; they map nothing and are passed over.
        /// </summary>
        [Fact]
        public void RowsOfEmptyCells_AreNoEntries()
        {
            string path = Path.Combine(Path.GetTempPath(), "deid-xw-blank-" + Guid.NewGuid().ToString("N") + ".csv");
            try
            {
                File.WriteAllText(path, "Field,Original,Replacement\r\nPatientID,PID-1,SUBJ-1\r\n,,\r\n,,\r\n");
                var rows = CrosswalkFile.Read(path);
                Assert.Equal("PID-1", Assert.Single(rows).Original);
            }
            finally
            {
                File.Delete(path);
            }
        }

        /// <summary>
        /// QA F3: a crosswalk whose columns were reordered in a spreadsheet, or whose header another tool wrote in lower case, was
        /// read by position with its header as a data row, and a rerun under another key went through unrefused. The header is
        /// now read by name, in any order and case; a file without it is refused, naming the file and line.
        /// </summary>
        [Fact]
        public void TheHeaderIsReadByName_InAnyOrderAndCase_AFileWithoutItIsRefused()
        {
            string dir = Path.Combine(Path.GetTempPath(), "deid-cw-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(dir);
            try
            {
                string reordered = Path.Combine(dir, "reordered.csv");
                File.WriteAllText(reordered, "original, FIELD ,Replacement\r\nPID-1,PatientID,SUBJ-1\r\n1.2.3,SOPInstanceUID,2.25.1\r\n");
                var rows = CrosswalkFile.Read(reordered);
                Assert.Equal(new[] { ("PatientID", "PID-1", "SUBJ-1"), ("SOPInstanceUID", "1.2.3", "2.25.1") }, rows.Select(r => (r.Field, r.Original, r.Replacement)));
                // Read so, it protects a rerun under another key as a crosswalk in the written order does.
                var map = new CrosswalkMap(CrosswalkFile.ReadRows(reordered));
                Assert.Throws<CrosswalkConflictException>(() => map.Claim("x.dcm", new[] { new CrosswalkEntry("SOPInstanceUID", "1.2.3", "2.25.9") }));
                // Rewritten, it has the header and the order the module writes.
                Assert.Empty(CrosswalkFile.Append(reordered, new[] { new CrosswalkEntry("PatientID", "PID-2", "SUBJ-2") }, out int added));
                Assert.Equal(1, added);
                Assert.Equal(CrosswalkFile.Header + "\nPatientID,PID-1,SUBJ-1\nSOPInstanceUID,1.2.3,2.25.1\nPatientID,PID-2,SUBJ-2\n", File.ReadAllText(reordered));

                string headless = Path.Combine(dir, "headless.csv");
                File.WriteAllText(headless, "PatientID,PID-1,SUBJ-1\n");
                var ex = Assert.Throws<InvalidDataException>(() => CrosswalkFile.Read(headless));
                Assert.StartsWith(headless + ", line 1: ", ex.Message, StringComparison.Ordinal);
                Assert.Contains("not the crosswalk's header", ex.Message, StringComparison.Ordinal);
                Assert.DoesNotContain("PID-1", ex.Message, StringComparison.Ordinal);
                Assert.Throws<InvalidDataException>(() => CrosswalkFile.Append(headless, new[] { new CrosswalkEntry("PatientID", "PID-2", "SUBJ-2") }, out _));
                Assert.Equal("PatientID,PID-1,SUBJ-1\n", File.ReadAllText(headless));
                // A header with a column twice is no header either.
                File.WriteAllText(headless, "Field,Field,Replacement\nPatientID,PID-1,SUBJ-1\n");
                Assert.Throws<InvalidDataException>(() => CrosswalkFile.Read(headless));

                // An empty file (made by hand, or by a copy that was cut) is an empty crosswalk, as before.
                string empty = Path.Combine(dir, "empty.csv");
                File.WriteAllText(empty, string.Empty);
                Assert.Empty(CrosswalkFile.Read(empty));
            }
            finally
            {
                Directory.Delete(dir, true);
            }
        }

        /// <summary>
        /// QA F7: a crosswalk saved by a European Excel as "CSV" (the regional list separator ';') or as "Unicode Text" (UTF-16,
        /// tabs) was refused with "expected three columns", which said nothing of the separator. The error now names it.
        /// </summary>
        [Fact]
        public void ACrosswalkSeparatedBySemicolonsOrTabs_IsRefused_NamingTheSeparator()
        {
            string dir = Path.Combine(Path.GetTempPath(), "deid-cw-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(dir);
            try
            {
                string semi = Path.Combine(dir, "semi.csv");
                File.WriteAllText(semi, "\uFEFFField;Original;Replacement\r\nPatientID;PID-1;SUBJ-1\r\n");
                var ex = Assert.Throws<InvalidDataException>(() => CrosswalkFile.Read(semi));
                Assert.StartsWith(semi + ", line 1: ", ex.Message, StringComparison.Ordinal);
                Assert.Contains("separated by ';' (a spreadsheet's regional list separator)", ex.Message, StringComparison.Ordinal);
                Assert.Contains("with commas", ex.Message, StringComparison.Ordinal);
                string tabs = Path.Combine(dir, "tabs.txt");
                File.WriteAllText(tabs, "Field\tOriginal\tReplacement\r\nPatientID\tPID-1\tSUBJ-1\r\n", System.Text.Encoding.Unicode);
                Assert.Contains("separated by tabs", Assert.Throws<InvalidDataException>(() => CrosswalkFile.Read(tabs)).Message, StringComparison.Ordinal);
                // A data line with semicolons is no header, whatever its separator: said as such.
                File.WriteAllText(semi, "PatientID;PID-1;SUBJ-1\r\n");
                Assert.Contains("not the crosswalk's header", Assert.Throws<InvalidDataException>(() => CrosswalkFile.Read(semi)).Message, StringComparison.Ordinal);
            }
            finally
            {
                Directory.Delete(dir, true);
            }
        }

        /// <summary>
        /// QA F8: the crosswalk was written without a byte order mark, so Excel on Windows opened it in the ANSI code page and an
        /// accented original saved back was another name (MÃœLLER), taken without a word. Every write of it, a merge's and a
        /// conflict file's included, now starts with the UTF-8 mark; an original that reads as UTF-8 misread as ANSI is told by
        /// file and line, never by its value.
        /// </summary>
        [Fact]
        public void TheFileIsWrittenWithAByteOrderMark_AndAnOriginalMisreadAsAnsiIsTold()
        {
            string dir = Path.Combine(Path.GetTempPath(), "deid-cw-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(dir);
            try
            {
                byte[] bom = { 0xEF, 0xBB, 0xBF };
                var rows = new[] { new CrosswalkEntry("PatientName", "M\u00dcLLER^J\u00dcRGEN", "ANONYMOUS^") };
                string written = Path.Combine(dir, "written.csv");
                CrosswalkFile.Write(written, rows);
                Assert.Equal(bom, File.ReadAllBytes(written).Take(3));
                // A crosswalk without the mark gets it when the next run rewrites it.
                string plain = Path.Combine(dir, "plain.csv");
                File.WriteAllText(plain, CrosswalkFile.Header + "\nPatientID,P1,S1\n");
                CrosswalkFile.Append(plain, rows, out _);
                Assert.Equal(bom, File.ReadAllBytes(plain).Take(3));
                string merged = Path.Combine(dir, "merged.csv");
                CrosswalkMerge.Of(new[] { written, plain }).Write(merged);
                Assert.Equal(bom, File.ReadAllBytes(merged).Take(3));
                Assert.Equal(bom, File.ReadAllBytes(CrosswalkFile.WriteBeside(written, rows)).Take(3));
                Assert.Equal("M\u00dcLLER^J\u00dcRGEN", Assert.Single(CrosswalkFile.Read(written)).Original);

                // What Excel makes of it (Windows-1252) and saves back as "CSV UTF-8": told, line by line.
                string excel = Path.Combine(dir, "excel.csv");
                File.WriteAllText(excel, CrosswalkFile.Header + "\nPatientName,M\u00c3\u0153LLER^J\u00c3\u0153RGEN,ANONYMOUS^\nPatientID,P1,S1\n"
                    + "PatientName,M\u00c3\u00bcller^J\u00c3\u00bcrgen,ANONYMOUS^\nPatientName,Jo\u00e3o^\u00c3LVARO,ANONYMOUS^\n", new System.Text.UTF8Encoding(true));
                var notices = new List<CrosswalkNotice>();
                Assert.Equal(4, CrosswalkFile.ReadRows(excel, notices.Add).Count());
                Assert.Equal(new[] { 2, 4 }, notices.Select(n => n.Line));
                Assert.All(notices, n => Assert.Equal(CrosswalkNoticeKind.Mojibake, n.Kind));
                Assert.StartsWith(excel + ", line 2, column Original: looks like UTF-8 text read as ANSI", notices[0].Message, StringComparison.Ordinal);
                Assert.All(notices, n => Assert.DoesNotContain("LLER^J", n.Message, StringComparison.Ordinal));
            }
            finally
            {
                Directory.Delete(dir, true);
            }
        }

        /// <summary>
        /// A crosswalk saved by Excel as "CSV" (Windows-1252) is refused rather than read with U+FFFD for its accented originals
        /// (which would then be written back so and lost); UTF-16 with its byte order mark still reads.
        /// </summary>
        [Fact]
        public void ACrosswalkThatIsNotUtf8_IsRefused_Utf16IsRead()
        {
            string dir = Path.Combine(Path.GetTempPath(), "deid-cw-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(dir);
            try
            {
                string text = CrosswalkFile.Header + "\r\nPatientName,Buc^J\u00e9r\u00f4me,SUBJ1\r\n";
                string ansi = Path.Combine(dir, "1252.csv");
                File.WriteAllBytes(ansi, System.Text.Encoding.GetEncoding(28591).GetBytes(text));
                var ex = Assert.Throws<InvalidDataException>(() => CrosswalkFile.Read(ansi));
                Assert.Contains("not UTF-8", ex.Message, StringComparison.Ordinal);
                string utf16 = Path.Combine(dir, "utf16.csv");
                File.WriteAllText(utf16, text, System.Text.Encoding.Unicode);
                Assert.Equal("Buc^J\u00e9r\u00f4me", Assert.Single(CrosswalkFile.Read(utf16)).Original);
            }
            finally
            {
                Directory.Delete(dir, true);
            }
        }
    }
}

