using System;
using System.Collections.Generic;
using System.IO;
using System.Text.RegularExpressions;
using Xunit;

namespace Deid.Dicom.Tests.IO
{
    /// <summary>
    /// The last step of every output: the temporary file renamed to its name in one step that refuses an existing file
    /// (<c>renameat2</c> with <c>RENAME_NOREPLACE</c> on Linux), and temporary names unique without asking the kernel for
    /// random bytes.
    /// </summary>
    public sealed class RenameTests : IDisposable
    {
        private readonly string _dir = Path.Combine(Path.GetTempPath(), "deid-rename-" + Guid.NewGuid().ToString("N"));

        public RenameTests() => Directory.CreateDirectory(_dir);

        public void Dispose() => Directory.Delete(_dir, recursive: true);

        private string Write(string name, string text)
        {
            string path = Path.Combine(_dir, name);
            File.WriteAllText(path, text);
            return path;
        }

        [Fact]
        public void AnOutputThatAppearsWhileTheFileIsWrittenIsNotReplaced()
        {
            // The check before writing finds nothing; the file appears during the write; the rename must still refuse it.
            string path = Path.Combine(_dir, "out.dcm");
            var ex = Assert.Throws<OutputExistsException>(() => AtomicFile.Write(path, overwrite: false, s =>
            {
                File.WriteAllText(path, "raced");
                s.WriteByte(1);
            }));
            Assert.Contains("already exists", ex.Message);
            Assert.DoesNotContain(".tmp", ex.Message);
            Assert.Equal("raced", File.ReadAllText(path));
            Assert.Single(Directory.GetFileSystemEntries(_dir));
        }

        [Theory]
        [InlineData("sub/../a.dcm", "a.dcm")]
        [InlineData("sub//./b.dcm", "sub/b.dcm")]
        [InlineData("sub/c.dcm", "sub/c.dcm")]
        public void APathThatIsNotNormalisedIsWrittenWhereItLeads(string given, string landed)
        {
            // The writer answers a full, normalised path itself (FullPath.Of) and gives anything else to the framework.
            Directory.CreateDirectory(Path.Combine(_dir, "sub"));
            AtomicFile.Write(_dir + "/" + given, overwrite: false, s => s.WriteByte(7));
            Assert.Equal(new byte[] { 7 }, File.ReadAllBytes(Path.Combine(_dir, landed)));
            Assert.Equal(Path.GetFullPath(_dir + "/" + given), FullPath.Of(_dir + "/" + given));
            Assert.Empty(Directory.GetFiles(_dir, "*.tmp", SearchOption.AllDirectories));
            // Relative to the working folder, as the framework resolves it.
            Assert.Equal(Path.GetFullPath(given), FullPath.Of(given));
        }

        [Fact]
        public void WithOverwriteAnOutputThatAppearsWhileTheFileIsWrittenIsReplaced()
        {
            string path = Path.Combine(_dir, "out.dcm");
            AtomicFile.Write(path, overwrite: true, s =>
            {
                File.WriteAllText(path, "raced");
                s.WriteByte(42);
            });
            Assert.Equal(new byte[] { 42 }, File.ReadAllBytes(path));
            Assert.Single(Directory.GetFileSystemEntries(_dir));
        }

        [Fact]
        public void KernelRenameMovesRefusesAndReplacesAsAsked()
        {
            string a = Write("a.tmp", "new"), b = Path.Combine(_dir, "b.dcm");
            if (!OperatingSystem.IsLinux())
            {
                Assert.Equal(KernelRename.Outcome.NotApplied, KernelRename.TryRename(a, b, noReplace: true));
                return;
            }
            Assert.Equal(KernelRename.Outcome.Renamed, KernelRename.TryRename(a, b, noReplace: true));
            Assert.False(File.Exists(a));
            Assert.Equal("new", File.ReadAllText(b));

            string c = Write("c.tmp", "newer");
            Assert.Equal(KernelRename.Outcome.Exists, KernelRename.TryRename(c, b, noReplace: true));
            Assert.Equal("newer", File.ReadAllText(c));
            Assert.Equal("new", File.ReadAllText(b));

            Assert.Equal(KernelRename.Outcome.Renamed, KernelRename.TryRename(c, b, noReplace: false));
            Assert.False(File.Exists(c));
            Assert.Equal("newer", File.ReadAllText(b));
        }

        [Fact]
        public void KernelRenameTakesNamesBeyondAscii()
        {
            if (!OperatingSystem.IsLinux()) return;
            string a = Write(".é漢字.tmp", "x"), b = Path.Combine(_dir, "Müller 患者.dcm");
            Assert.Equal(KernelRename.Outcome.Renamed, KernelRename.TryRename(a, b, noReplace: true));
            Assert.Equal(new[] { b }, Directory.GetFileSystemEntries(_dir));
            Assert.Equal("x", File.ReadAllText(b));
        }

        [Fact]
        public void WhatTheKernelCannotDoIsLeftToTheCaller()
        {
            // A missing source (ENOENT), a destination folder that does not exist: nothing happens, and .NET's own move then
            // reports the failure in its words.
            string missing = Path.Combine(_dir, "missing.tmp");
            Assert.Equal(KernelRename.Outcome.NotApplied, KernelRename.TryRename(missing, Path.Combine(_dir, "x.dcm"), noReplace: true));
            string a = Write("a.tmp", "kept");
            Assert.Equal(KernelRename.Outcome.NotApplied, KernelRename.TryRename(a, Path.Combine(_dir, "no-folder", "x.dcm"), noReplace: true));
            Assert.Equal("kept", File.ReadAllText(a));
        }

        [Fact]
        public void TheSuffixOfACountIsNeverThatOfAnother()
        {
            // Counts that differ only in high bits are where a multiplier that is not odd folds two counts into one suffix.
            var random = new Random(14);
            for (int i = 0; i < 10_000; i++)
            {
                ulong n = (ulong)random.NextInt64(0, 1L << 47), seed = (ulong)random.NextInt64();
                string a = AtomicFile.Suffix(n, seed);
                Assert.NotEqual(a, AtomicFile.Suffix(n + (1UL << 47), seed));
                Assert.NotEqual(a, AtomicFile.Suffix(n + (1UL << 40), seed));
                Assert.NotEqual(a, AtomicFile.Suffix(n + 1, seed));
                Assert.Equal(a, AtomicFile.Suffix(n + (1UL << 48), seed)); // the count's low 48 bits are what matter
            }
        }

        [Fact]
        public void StaleTemporaryFiles_AreRemoved_FreshOnesAndOtherNamesKept()
        {
            var old = DateTime.UtcNow.AddHours(-2);
            string Stale(string name)
            {
                string path = Write(name, "half-written");
                File.SetLastWriteTimeUtc(path, old);
                return name;
            }
            string gone = Stale(".a.dcm.0123456789ab.tmp");
            string goneToo = Stale("." + new string('x', 236) + ".fedcba987654.tmp"); // a long output name, cut
            Write(".b.dcm.0123456789ab.tmp", "being written now");
            var kept = new[]
            {
                ".b.dcm.0123456789ab.tmp", Stale(".c.dcm.0123456789AB.tmp"), Stale("d.dcm.0123456789ab.tmp"), Stale(".e.dcm.tmp"),
                Stale(".f.dcm.0123456789ab.tmp.bak"), Stale(".g.dcm.0123456789a.tmp"), Stale("out.dcm"),
            };
            Directory.CreateDirectory(Path.Combine(_dir, "sub"));
            string below = Path.Combine("sub", ".h.dcm.0123456789ab.tmp");
            Stale(below);

            Assert.Equal(2, AtomicFile.RemoveStale(_dir, TimeSpan.FromHours(1)));

            Assert.False(File.Exists(Path.Combine(_dir, gone)));
            Assert.False(File.Exists(Path.Combine(_dir, goneToo)));
            foreach (string name in kept) Assert.True(File.Exists(Path.Combine(_dir, name)), name);
            Assert.True(File.Exists(Path.Combine(_dir, below))); // only the folder itself, not below it
            Assert.Equal(0, AtomicFile.RemoveStale(Path.Combine(_dir, "no-such-folder"), TimeSpan.FromHours(1)));
        }

        [Fact]
        public void ATemporaryFileThisProcessIsWriting_IsNeverRemoved_HoweverOld()
        {
            string path = Path.Combine(_dir, "slow.dcm");
            int removed = -1;
            AtomicFile.Write(path, overwrite: false, s =>
            {
                s.WriteByte(1);
                string temp = Assert.Single(Directory.GetFiles(_dir, ".slow.dcm.*.tmp"));
                File.SetLastWriteTimeUtc(temp, DateTime.UtcNow.AddHours(-5)); // a writer stalled for hours, still alive
                removed = AtomicFile.RemoveStale(_dir, TimeSpan.FromHours(1));
                s.WriteByte(2);
            });
            Assert.Equal(0, removed);
            Assert.Equal(new byte[] { 1, 2 }, File.ReadAllBytes(path));
        }

        /// <summary>
        /// QA 2026-12-07: a name of letters outside ASCII was cut by characters for its temporary name, which stayed longer than
        /// the 255 bytes Linux takes, so an output named with 254 bytes of such letters could not be written at all.
        /// </summary>
        [Theory]
        [InlineData("é", 127)]
        [InlineData("山", 85)]
        [InlineData("😀", 63)]
        public void ANameOfNonAsciiLettersAsLongAsTheDiskTakes_IsWritten(string letter, int count)
        {
            string name = string.Concat(System.Linq.Enumerable.Repeat(letter, count));
            Assert.True(System.Text.Encoding.UTF8.GetByteCount(name) <= 255);
            string temp = AtomicFile.TemporaryName(name);
            Assert.True(System.Text.Encoding.UTF8.GetByteCount(temp) <= 255, temp);
            Assert.True(AtomicFile.IsTemporaryName(temp));
            Assert.False(char.IsHighSurrogate(temp[temp.Length - 18]), "a character cut in two");
            string path = Path.Combine(_dir, name);
            AtomicFile.Write(path, overwrite: false, s => s.WriteByte(7));
            Assert.Equal(new byte[] { 7 }, File.ReadAllBytes(path));
        }

        [Fact]
        public void TemporaryNamesAreUniqueAndHidden()
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var shape = new Regex(@"^\.out\.dcm\.[0-9a-f]{12}\.tmp$");
            for (int i = 0; i < 200_000; i++)
            {
                string name = AtomicFile.TemporaryName("out.dcm");
                Assert.Matches(shape, name);
                Assert.True(AtomicFile.IsTemporaryName(name), name);
                Assert.True(seen.Add(name), $"'{name}' was given twice");
            }
        }
    }
}
