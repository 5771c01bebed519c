using System;
using System.Runtime.InteropServices;
using System.Text;

namespace Deid.Dicom
{
    /// <summary>
    /// Renames a file with one Linux <c>renameat2</c> call, optionally refusing to replace an existing file
    /// (<c>RENAME_NOREPLACE</c>). Anywhere it does not apply (other systems, a C library without the call, a file system
    /// without the flag) it reports <see cref="Outcome.NotApplied"/> and the caller uses .NET's own move.
    /// </summary>
    /// <remarks>
    /// Why: .NET's <c>File.Move</c> looks at the source twice and the destination once before it renames (three <c>lstat</c>
    /// calls an output), and its check for an existing destination is a separate step from the rename, so a file created in
    /// between would be replaced. <c>RENAME_NOREPLACE</c> makes the check and the rename one step.
    /// </remarks>
    internal static class KernelRename
    {
        private const int AtFdCwd = -100;
        private const uint RenameNoReplace = 1;
        private const int EExist = 17;
        private const int ENoSys = 38;

        private static readonly bool IsLinux = RuntimeInformation.IsOSPlatform(OSPlatform.Linux);
        private static volatile bool _unavailable;

        /// <summary>What <see cref="TryRename"/> did.</summary>
        internal enum Outcome
        {
            /// <summary>The file was renamed.</summary>
            Renamed,

            /// <summary>Nothing was done: the call was not to replace, and the destination exists.</summary>
            Exists,

            /// <summary>Nothing was done; the caller moves the file its own way (which also reports any failure in .NET's words).</summary>
            NotApplied,
        }

        /// <summary>Renames <paramref name="source"/> to <paramref name="destination"/> (full paths in one file system).</summary>
        internal static Outcome TryRename(string source, string destination, bool noReplace)
        {
            if (!IsLinux || _unavailable) return Outcome.NotApplied;
            try
            {
                if (RenameAt2(AtFdCwd, NativePath(source), AtFdCwd, NativePath(destination), noReplace ? RenameNoReplace : 0) == 0) return Outcome.Renamed;
                int errno = Marshal.GetLastWin32Error();
                if (errno == EExist && noReplace) return Outcome.Exists;
                if (errno == ENoSys) _unavailable = true;
                // EINVAL (a file system without the flag), EACCES, ENOENT, EXDEV...: .NET's move tells the failure in its own words.
                return Outcome.NotApplied;
            }
            catch (EntryPointNotFoundException)
            {
                _unavailable = true;
            }
            catch (DllNotFoundException)
            {
                _unavailable = true;
            }
            return Outcome.NotApplied;
        }

        /// <summary>A path as the C library takes it: UTF-8 (the encoding .NET gives file names on Linux), ending in a zero byte.</summary>
        internal static byte[] NativePath(string path)
        {
            var bytes = new byte[Encoding.UTF8.GetByteCount(path) + 1];
            Encoding.UTF8.GetBytes(path, 0, path.Length, bytes, 0);
            return bytes;
        }

        [DllImport("libc", EntryPoint = "renameat2", SetLastError = true)]
        private static extern int RenameAt2(int oldDirFd, byte[] oldPath, int newDirFd, byte[] newPath, uint flags);
    }
}
