using System;
using System.IO;
using Deid.Batch;
using Xunit;

namespace Deid.Tests.Batch
{
    /// <summary>A write that found no room is told from other write errors, as the platform reports it.</summary>
    public class DiskFullTests
    {
        [Fact]
        public void AWriteToDevFull_IsDiskFull()
        {
            if (!OperatingSystem.IsLinux()) return; // /dev/full is Linux's: every write to it fails with ENOSPC
            var error = Record.Exception(() =>
            {
                using var full = new FileStream("/dev/full", FileMode.Open, FileAccess.Write);
                full.Write(new byte[8192], 0, 8192);
                full.Flush();
            });
            Assert.IsType<IOException>(error);
            Assert.True(DiskFull.Is(error), error.HResult + " " + error.Message);
        }

        [Theory]
        [InlineData(28, true)]                  // ENOSPC
        [InlineData(122, true)]                 // EDQUOT (Linux)
        [InlineData(unchecked((int)0x80070070), true)] // ERROR_DISK_FULL
        [InlineData(unchecked((int)0x80070027), true)] // ERROR_HANDLE_DISK_FULL
        [InlineData(13, false)]                 // EACCES
        [InlineData(unchecked((int)0x80070005), false)] // ERROR_ACCESS_DENIED
        [InlineData(0, false)]
        public void TheCodesOfAFullDisk_AndNoOther(int hresult, bool full)
        {
            Assert.Equal(full, DiskFull.Is(new IOException("write failed", hresult)));
            Assert.Equal(full, DiskFull.Is(new InvalidOperationException("wrapped", new IOException("write failed", hresult))));
        }

        [Fact]
        public void OtherExceptionsWithTheSameCode_AreNot()
        {
            Assert.False(DiskFull.Is(new InvalidDataException("x") { HResult = 28 }));
            Assert.False(DiskFull.Is(null));
        }
    }
}
