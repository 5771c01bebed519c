using System;
using System.IO;

namespace Deid.Batch
{
    /// <summary>
    /// Tells a write that failed for want of room (a full disk, a quota) from other write errors, so that its error can say
    /// what to do: free space and run again with -SkipExisting (the copies written before it are whole). Measured: .NET gives
    /// the errno as the HResult on Linux (ENOSPC 28, writing to /dev/full or a full tmpfs), and the Win32 code in an HResult on
    /// Windows.
    /// </summary>
    public static class DiskFull
    {
        private const int Enospc = 28, Edquot = 122;
        private const int ErrorDiskFull = unchecked((int)0x80070070), ErrorHandleDiskFull = unchecked((int)0x80070027);

        /// <summary>True when <paramref name="error"/>, or an exception inside it, is a write that found no room.</summary>
        public static bool Is(Exception? error)
        {
            for (var e = error; e != null; e = e.InnerException)
            {
                if (e is IOException && (e.HResult == Enospc || e.HResult == Edquot || e.HResult == ErrorDiskFull || e.HResult == ErrorHandleDiskFull)) return true;
            }
            return false;
        }
    }
}
