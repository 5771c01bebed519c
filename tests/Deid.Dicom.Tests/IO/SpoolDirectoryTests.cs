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
