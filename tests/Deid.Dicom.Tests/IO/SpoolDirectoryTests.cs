using System;
using System.Diagnostics;
using System.IO;
using Xunit;

namespace Deid.Dicom.Tests.IO
{
    /// <summary>
    /// Pixel data being rebuilt is spooled in a folder of the process's own, owner only: in the shared temporary folder with mode
    /// 0644, the frames were readable by any local user, and a killed run left them there (QA, huge files F5).
    /// </summary>
    public sealed class SpoolDirectoryTests : IDisposable
    {
        private readonly string _root = Path.Combine(Path.GetTempPath(), "deid-spooltest-" + Guid.NewGuid().ToString("N").Substring(0, 12));

        public SpoolDirectoryTests() => Directory.CreateDirectory(_root);

        public void Dispose() => Directory.Delete(_root, true);

        [Fact]
        public void Builders_spool_in_a_folder_only_the_owner_can_enter()
        {
            using var encapsulated = new EncapsulatedPixelDataBuilder();
            string folder = Path.GetDirectoryName(encapsulated.TemporaryPath)!;
            Assert.StartsWith($"deid-spool-{Process.GetCurrentProcess().Id}-", Path.GetFileName(folder), StringComparison.Ordinal);
            Assert.Equal(Path.GetFullPath(Path.GetTempPath()).TrimEnd('/'), Path.GetDirectoryName(folder));
            if (!OperatingSystem.IsWindows())
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(folder));
            using var source = NativePixelData.Open(Native());
            using var native = NativePixelDataBuilder.ForReplacing(source);
            Assert.Equal(folder, Path.GetDirectoryName(native.TemporaryPath));
        }

        /// <summary>
        /// QA, 2026-12-06 (TMPDIR on a full 2 MB tmpfs): a spool that could not be written failed each file with the file system's
        /// bare message naming a hidden spool file, which reads as if the output's disk were full. It is now a PixelSpoolException
        /// naming the spool's folder as the temporary folder (the cmdlets' PixelSpoolFailed, with advice), the file system's
        /// exception kept inside.
        /// </summary>
        [Fact]
        public void A_spool_that_cannot_be_made_says_so_naming_its_folder()
        {
            string blocked = Path.Combine(_root, "not-a-folder");
            File.WriteAllText(blocked, "a file where the spool folder should be");
            string folder = Path.Combine(blocked, "spool");

            var encapsulated = Assert.Throws<PixelSpoolException>(() => new EncapsulatedPixelDataBuilder(folder));
            Assert.Equal(folder, Path.GetDirectoryName(encapsulated.Path));
            Assert.StartsWith($"The frames being cleaned could not be spooled in '{folder}' (the temporary folder): ", encapsulated.Message, StringComparison.Ordinal);
            Assert.IsAssignableFrom<IOException>(encapsulated.InnerException);

            using var source = NativePixelData.Open(Native());
            var native = Assert.Throws<PixelSpoolException>(() => NativePixelDataBuilder.ForReplacing(source, folder));
            Assert.Equal(folder, Path.GetDirectoryName(native.Path));
            Assert.IsAssignableFrom<IOException>(native);
        }

        /// <summary>
        /// The same QA: with the spool full, the encapsulated builder's Dispose threw the buffered stream's "No space left on
        /// device" from the cleaner's cleanup, hiding the PixelSpoolException that had stopped it. Disposing a builder whose
        /// buffered bytes cannot be written no longer throws, and still deletes its file. (The stream is pointed at /dev/full,
        /// which fails every write as a full disk does.)
        /// </summary>
        [Fact]
        public void Disposing_a_builder_whose_buffered_bytes_cannot_be_written_does_not_throw()
        {
            Assert.True(OperatingSystem.IsWindows() || File.Exists("/dev/full"), "/dev/full is missing");
            if (OperatingSystem.IsWindows()) return; // no device that fails writes there; the rule is the same code
            var builder = new EncapsulatedPixelDataBuilder(_root);
            Assert.True(File.Exists(builder.TemporaryPath));
            const System.Reflection.BindingFlags Private = System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance;
            object spool = typeof(EncapsulatedPixelDataBuilder).GetField("_spool", Private)!.GetValue(builder)!;
            var field = spool.GetType().GetField("_stream", Private)!;
            ((FileStream)field.GetValue(spool)!).Dispose();
            var full = new FileStream("/dev/full", FileMode.Open, FileAccess.Write, FileShare.ReadWrite, 1 << 16);
            full.Write(new byte[100], 0, 100); // buffered: the failure comes when it is flushed
            field.SetValue(spool, full);
            builder.Dispose();
            Assert.False(File.Exists(builder.TemporaryPath));
        }

        [Fact]
        public void Folders_of_processes_that_no_longer_run_are_removed_an_hour_on()
        {
            if (!Directory.Exists("/proc/self")) return; // the check asks /proc, on Linux only
            string dead = Make("deid-spool-999999999-a", DateTime.UtcNow.AddHours(-2));
            string deadButRecent = Make("deid-spool-999999998-b", DateTime.UtcNow);
            string alive = Make($"deid-spool-{Process.GetCurrentProcess().Id}-c", DateTime.UtcNow.AddHours(-2));
            string other = Make("someone-else-999999999-d", DateTime.UtcNow.AddHours(-2));
            SpoolDirectory.RemoveOrphans(_root);
            Assert.False(Directory.Exists(dead));
            Assert.True(Directory.Exists(deadButRecent));
            Assert.True(Directory.Exists(alive));
            Assert.True(Directory.Exists(other));
        }

        private string Make(string name, DateTime modified)
        {
            string dir = Path.Combine(_root, name);
            Directory.CreateDirectory(dir);
            File.WriteAllText(Path.Combine(dir, "deid-pixels-x.tmp"), "frames");
            Directory.SetLastWriteTimeUtc(dir, modified);
            return dir;
        }

        private static DicomDataset Native()
        {
            var ds = new DicomDataset(DicomEncoding.ExplicitLittle);
            ds.SetNumbers(DicomTags.SamplesPerPixel, DicomVR.US, 1);
            ds.SetString(DicomTags.PhotometricInterpretation, DicomVR.CS, "MONOCHROME2");
            ds.SetNumbers(DicomTags.Rows, DicomVR.US, 2);
            ds.SetNumbers(DicomTags.Columns, DicomVR.US, 2);
            ds.SetNumbers(DicomTags.BitsAllocated, DicomVR.US, 8);
            ds.SetNumbers(DicomTags.BitsStored, DicomVR.US, 8);
            ds.SetNumbers(DicomTags.HighBit, DicomVR.US, 7);
            ds.SetNumbers(DicomTags.PixelRepresentation, DicomVR.US, 0);
            ds.SetRawValue(DicomTag.PixelData, DicomVR.OB, new byte[4]);
            return ds;
        }
    }
}
