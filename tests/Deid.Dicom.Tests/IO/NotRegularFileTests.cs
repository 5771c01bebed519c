using System;
using System.Diagnostics;
using System.IO;
using System.Runtime.InteropServices;
using System.Threading.Tasks;
using Xunit;

namespace Deid.Dicom.Tests.IO
{
    /// <summary>
    /// An empty file, and a named pipe met among the inputs (size 0 as well), are refused before they are opened: opening a
    /// pipe for reading blocks until another program writes to it, and a batch that met one hung for ever.
    /// </summary>
    public sealed class NotRegularFileTests : IDisposable
    {
        private readonly string _dir = Path.Combine(Path.GetTempPath(), "deid-notregular-" + Guid.NewGuid().ToString("N").Substring(0, 12));

        public NotRegularFileTests() => Directory.CreateDirectory(_dir);

        public void Dispose() => Directory.Delete(_dir, true);

        [Fact]
        public void AnEmptyFile_IsRefusedNamingIt()
        {
            string path = Path.Combine(_dir, "empty.dcm");
            File.WriteAllBytes(path, Array.Empty<byte>());
            var ex = Assert.Throws<DicomFormatException>(() => DicomFile.Open(path));
            Assert.Contains("empty (0 bytes)", ex.Message, StringComparison.Ordinal);
            Assert.Contains(path, ex.Message, StringComparison.Ordinal);
            Assert.Throws<DicomFormatException>(() => DicomFile.OpenHeld(path).ReleaseSource());
        }

        [Fact]
        public async Task ANamedPipe_IsRefusedAtOnce_NotWaitedOn()
        {
            if (!RuntimeInformation.IsOSPlatform(OSPlatform.Linux)) return; // named pipes in the file system are a Unix thing
            string fifo = Path.Combine(_dir, "pipe.dcm");
            using (var mkfifo = Process.Start(new ProcessStartInfo("mkfifo", "\"" + fifo + "\"") { UseShellExecute = false })!)
            {
                Assert.True(mkfifo.WaitForExit(10000));
                Assert.Equal(0, mkfifo.ExitCode);
            }
            var open = Task.Run(() => DicomFile.Open(fifo, DicomReadOptions.HeaderOnly));
            var first = await Task.WhenAny(open, Task.Delay(TimeSpan.FromSeconds(20)));
            Assert.True(ReferenceEquals(first, open), "opening a named pipe hung");
            var ex = await Assert.ThrowsAsync<DicomFormatException>(() => open);
            Assert.Contains("named pipe", ex.Message, StringComparison.Ordinal);
        }
    }
}
