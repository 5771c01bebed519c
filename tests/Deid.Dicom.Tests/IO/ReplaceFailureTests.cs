using System;
using System.Collections.Generic;
using System.IO;
using Xunit;

namespace Deid.Dicom.Tests.IO
{
    /// <summary>
    /// Replacing an existing file where the system's replace can fail half way or for a moment (Windows' ReplaceFile): the
    /// replace is made to fail as Windows makes it fail, through <see cref="AtomicFile.ReplaceForTest"/>, on any system.
    /// </summary>
    public sealed class ReplaceFailureTests : IDisposable
    {
        private readonly string _dir = Path.Combine(Path.GetTempPath(), "deid-replace-" + Guid.NewGuid().ToString("N"));
        private readonly List<int> _pauses = new List<int>();

        public ReplaceFailureTests()
        {
            Directory.CreateDirectory(_dir);
            AtomicFile.PauseForTest = _pauses.Add;
        }

        public void Dispose()
        {
            AtomicFile.ReplaceForTest = null;
            AtomicFile.MoveForTest = null;
            AtomicFile.PauseForTest = null;
            Directory.Delete(_dir, recursive: true);
        }

        private static IOException Win32(int code, string message) => new IOException(message, unchecked((int)0x80070000) | code);

        private string Existing(string text)
        {
            string path = Path.Combine(_dir, "crosswalk.csv");
            File.WriteAllText(path, text);
            return path;
        }

        [Fact]
        public void AReplaceThatRemovedTheTargetAndThenFailed_MovesTheNewContentIntoPlace()
        {
            // ReplaceFile without a backup name, failing with ERROR_UNABLE_TO_MOVE_REPLACEMENT: the replaced file is gone, the new
            // content is only in the temporary file. Deleting that (as any failure did) lost the old rows and the new ones.
            string path = Existing("old rows");
            int calls = 0;
            AtomicFile.ReplaceForTest = (temp, full) =>
            {
                calls++;
                File.Delete(full);
                throw Win32(1176, "Unable to move the replacement file to the file to be replaced.");
            };
            AtomicFile.Write(path, overwrite: true, s => s.Write(new byte[] { (byte)'n', (byte)'e', (byte)'w' }, 0, 3));
            Assert.Equal("new", File.ReadAllText(path));
            Assert.Equal(1, calls);
            Assert.Equal(new[] { path }, Directory.GetFileSystemEntries(_dir));
        }

        [Fact]
        public void ANewContentThatCannotBeMovedIntoPlaceEither_IsKept_AndTheMessageSaysWhere()
        {
            // The target gone and the move failing every time (here: a folder took its name): the temporary file is the only copy.
            string path = Existing("old rows");
            AtomicFile.ReplaceForTest = (temp, full) =>
            {
                File.Delete(full);
                Directory.CreateDirectory(full);
                throw Win32(1176, "Unable to move the replacement file to the file to be replaced.");
            };
            var ex = Assert.Throws<IOException>(() => AtomicFile.Write(path, overwrite: true, s => s.WriteByte((byte)'n')));
            string kept = Assert.Single(Directory.GetFiles(_dir));
            Assert.True(AtomicFile.IsTemporaryName(Path.GetFileName(kept)));
            Assert.Equal("n", File.ReadAllText(kept));
            Assert.Contains(kept, ex.Message);
            Assert.Equal(AtomicFile.ReplaceAttempts - 1, _pauses.Count);
        }

        [Fact]
        public void ASharingViolationThatPasses_IsTriedAgain()
        {
            // A scanner opening the freshly closed temporary file without sharing delete: the replace fails for a moment.
            string path = Existing("old");
            int calls = 0;
            AtomicFile.ReplaceForTest = (temp, full) =>
            {
                if (++calls <= 2) throw Win32(32, "The process cannot access the file because it is being used by another process.");
                File.Replace(temp, full, null);
            };
            AtomicFile.Write(path, overwrite: true, s => s.WriteByte((byte)'n'));
            Assert.Equal("n", File.ReadAllText(path));
            Assert.Equal(3, calls);
            Assert.Equal(new[] { 1, 2 }, _pauses);
            Assert.Equal(new[] { path }, Directory.GetFileSystemEntries(_dir));
        }

        [Fact]
        public void ANewFileWhoseMoveIsHeldUpForAMoment_IsTriedAgain()
        {
            string path = Path.Combine(_dir, "new.dcm");
            int calls = 0;
            AtomicFile.MoveForTest = (temp, full) =>
            {
                if (++calls == 1) throw new UnauthorizedAccessException($"Access to the path '{temp}' is denied.");
                File.Move(temp, full);
            };
            AtomicFile.Write(path, overwrite: false, s => s.WriteByte((byte)'n'));
            Assert.Equal("n", File.ReadAllText(path));
            Assert.Equal(2, calls);
            Assert.Equal(new[] { path }, Directory.GetFileSystemEntries(_dir));
        }

        [Fact]
        public void AccessDeniedThatLasts_FailsAfterAFewAttempts_TheOldFileKept()
        {
            string path = Existing("old");
            int calls = 0;
            AtomicFile.ReplaceForTest = (temp, full) =>
            {
                calls++;
                throw new UnauthorizedAccessException($"Access to the path '{temp}' is denied.");
            };
            var ex = Assert.Throws<UnauthorizedAccessException>(() => AtomicFile.Write(path, overwrite: true, s => s.WriteByte((byte)'n')));
            Assert.Contains(path, ex.Message);
            Assert.Equal(AtomicFile.ReplaceAttempts, calls);
            Assert.Equal("old", File.ReadAllText(path));
            Assert.Equal(new[] { path }, Directory.GetFileSystemEntries(_dir));
        }

        [Fact]
        public void AFailureThatDoesNotPass_IsNotTriedAgain()
        {
            string path = Existing("old");
            int calls = 0;
            AtomicFile.ReplaceForTest = (temp, full) =>
            {
                calls++;
                throw Win32(1, "Incorrect function.");
            };
            Assert.Throws<IOException>(() => AtomicFile.Write(path, overwrite: true, s => s.WriteByte((byte)'n')));
            Assert.Equal(1, calls);
            Assert.Empty(_pauses);
            Assert.Equal("old", File.ReadAllText(path));
            Assert.Equal(new[] { path }, Directory.GetFileSystemEntries(_dir));
        }
    }
}
