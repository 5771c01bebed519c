using System;
using System.IO;
using System.Runtime.InteropServices;

namespace Deid.Dicom
{
    /// <summary>
    /// Makes a file or folder readable by its owner only, on Unix (<c>chmod</c>): for what holds patient data outside the outputs
    /// (the spool of frames being cleaned, a re-identification crosswalk). .NET's own call for it is not in netstandard2.0, and
    /// a new file otherwise gets the process's umask, usually 0644: readable by every local user. Windows files under the
    /// user's profile, or in folders an administrator restricted, keep their inherited rights.
    /// </summary>
    internal static class UnixMode
    {
        /// <summary>rw------- (0600), for a file.</summary>
        public const uint OwnerFile = 0x180;

        /// <summary>rwx------ (0700), for a folder.</summary>
        public const uint OwnerFolder = 0x1C0;

        /// <summary>
        /// Sets <paramref name="path"/>'s mode to <paramref name="mode"/>; throws <see cref="IOException"/> naming
        /// <paramref name="what"/> when the system refuses. Nothing on Windows or where no C library answers.
        /// </summary>
        public static void Restrict(string path, uint mode, string what)
        {
            if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows)) return;
            try
            {
                if (Chmod(KernelRename.NativePath(path), mode) != 0)
                    throw new IOException($"Cannot make {what} {path} readable by its owner only (chmod failed, errno {Marshal.GetLastWin32Error()}).");
            }
            catch (EntryPointNotFoundException)
            {
                // No C library to ask: the default mode stays.
            }
            catch (DllNotFoundException)
            {
            }
        }

        [DllImport("libc", EntryPoint = "chmod", SetLastError = true)]
        private static extern int Chmod(byte[] path, uint mode);
    }
}
