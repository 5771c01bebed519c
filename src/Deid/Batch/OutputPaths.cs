using System;
using System.IO;

namespace Deid.Batch
{
    /// <summary>
    /// Where a copy goes when it keeps its place in a tree (<c>-Recurse</c>, <c>-RelativeTo</c>): a relative path joined under the
    /// output folder, never outside it — a rooted path or a <c>..</c> component is refused, whatever the text came from.
    /// </summary>
    public static class OutputPaths
    {
        private static readonly char[] Separators = { '/', '\\' };

        /// <summary>
        /// <paramref name="relativePath"/> under <paramref name="outputFolder"/>, as a full path. Throws <see cref="ArgumentException"/>
        /// for an empty, rooted or <c>..</c>-containing path, which could name a file outside the folder, and for a path the system
        /// cannot take (<see cref="Unplaceable"/>).
        /// </summary>
        public static string Under(string outputFolder, string relativePath)
        {
            if (outputFolder == null) throw new ArgumentNullException(nameof(outputFolder));
            if (string.IsNullOrEmpty(relativePath)) throw new ArgumentException("An output name cannot be empty.", nameof(relativePath));
            if (Path.IsPathRooted(relativePath))
                throw new ArgumentException($"The output name '{relativePath}' is rooted; it must be relative to the output folder.", nameof(relativePath));
            if (relativePath.IndexOf(':') >= 0)
                throw new ArgumentException($"The output name '{relativePath}' holds ':', which a Windows file name cannot (it names a drive or a stream).", nameof(relativePath));
            foreach (var part in relativePath.Split(Separators))
            {
                if (part == "..") throw new ArgumentException($"The output name '{relativePath}' climbs out of the output folder ('..').", nameof(relativePath));
            }
            string folder, full;
            try
            {
                folder = Full(outputFolder);
                full = Full(Path.Combine(folder, relativePath.Replace('\\', Path.DirectorySeparatorChar).Replace('/', Path.DirectorySeparatorChar)));
            }
            catch (Exception ex) when (ex is PathTooLongException || ex is NotSupportedException)
            {
                throw Unplaceable(ex, outputFolder, relativePath);
            }
            string prefix = folder.EndsWith(Path.DirectorySeparatorChar.ToString(), StringComparison.Ordinal) ? folder : folder + Path.DirectorySeparatorChar;
            if (!full.StartsWith(prefix, StringComparison.Ordinal) || full.Length == prefix.Length)
                throw new ArgumentException($"The output name '{relativePath}' does not name a file inside '{folder}'.", nameof(relativePath));
            return full;
        }

        /// <summary>
        /// The error of an output path .NET Framework cannot normalise: Path.GetFullPath throws <see cref="PathTooLongException"/>
        /// (an IOException) for a path of 260 characters or more where long paths are not enabled, and
        /// <see cref="NotSupportedException"/> for a ':' past the drive. Neither is an ArgumentException, so they left the
        /// per-file handling and ended the whole command on Windows PowerShell 5.1 (QA F5): told as the output's name error.
        /// </summary>
        internal static ArgumentException Unplaceable(Exception ex, string outputFolder, string relativePath) => ex is PathTooLongException
            ? new ArgumentException($"The output '{relativePath}' under '{outputFolder}' makes a path too long for this system: Windows limits a path to 260 characters unless long paths are enabled (LongPathsEnabled, with PowerShell 7 or an application declared long-path aware). Choose a shorter -OutputFolder or output name. {ex.Message}", nameof(relativePath), ex)
            : new ArgumentException($"The output '{relativePath}' under '{outputFolder}' is not a path this system takes: {ex.Message}", nameof(relativePath), ex);

        /// <summary>Tests only: stands for the full path of a path (<see cref="FullPath.Of"/>) in <see cref="Under"/>, on this thread.</summary>
        [ThreadStatic]
        internal static Func<string, string>? FullPathForTest;

        private static string Full(string path) => FullPathForTest != null ? FullPathForTest(path) : FullPath.Of(path);

        /// <summary>The path of <paramref name="file"/> relative to <paramref name="root"/>, or null when it is not inside it.</summary>
        public static string? RelativeTo(string root, string file)
        {
            if (root == null) throw new ArgumentNullException(nameof(root));
            if (file == null) throw new ArgumentNullException(nameof(file));
            string r = FullPath.Of(root).TrimEnd(Separators);
            string f = FullPath.Of(file);
            if (f.Length <= r.Length + 1 || !f.StartsWith(r, PathComparison) || Array.IndexOf(Separators, f[r.Length]) < 0) return null;
            return f.Substring(r.Length + 1);
        }

        /// <summary>True when <paramref name="path"/> is <paramref name="folder"/> itself or anything inside it.</summary>
        public static bool IsSameOrInside(string folder, string path)
        {
            if (folder == null) throw new ArgumentNullException(nameof(folder));
            if (path == null) throw new ArgumentNullException(nameof(path));
            return string.Equals(FullPath.Of(folder).TrimEnd(Separators), FullPath.Of(path).TrimEnd(Separators), PathComparison)
                || RelativeTo(folder, path) != null;
        }

        /// <summary>
        /// As <see cref="IsSameOrInside"/>, also when either path is spelled through a link to a folder (<c>/data-alias/in</c>
        /// for <c>/data/in</c>): an output folder spelled one way inside a tree spelled the other.
        /// </summary>
        public static bool IsReallySameOrInside(string folder, string path) => IsReallySameOrInside(folder, path, SameFolder);

        /// <summary>As <see cref="IsReallySameOrInside(string, string)"/>, with the probe of two folders given (tests).</summary>
        internal static bool IsReallySameOrInside(string folder, string path, Func<string, string, bool> sameFolder)
        {
            if (IsSameOrInside(folder, path)) return true;
            var real = new RealFolders();
            string realFolder = real.Of(folder), realPath = real.Of(path);
            if (IsSameOrInside(realFolder, realPath)) return true;
            // Typed in another case on a file system that ignores it (macOS, an SMB share, a FAT drive): where this platform
            // compares exactly, the folder of the same letters is asked whether it is the same one, by a probe file (QA of
            // 2026-12-07: a crosswalk in ~/share/deid was let into -OutputFolder ~/Share/Deid, with the copies it re-identifies).
            return PathComparison == StringComparison.Ordinal && FoldedAncestor(realFolder, realPath) is string ancestor && sameFolder(ancestor, realFolder);
        }

        // The folder of path's own spelling that equals folder but for case, when there is one and both exist.
        private static string? FoldedAncestor(string folder, string path)
        {
            string f = FullPath.Of(folder).TrimEnd(Separators), p = FullPath.Of(path).TrimEnd(Separators);
            if (p.Length < f.Length || !p.StartsWith(f, StringComparison.OrdinalIgnoreCase)) return null;
            if (p.Length > f.Length && Array.IndexOf(Separators, p[f.Length]) < 0) return null;
            string ancestor = p.Substring(0, f.Length);
            return Directory.Exists(ancestor) && Directory.Exists(f) ? ancestor : null;
        }

        /// <summary>Whether two existing folders are one: a file made in <paramref name="b"/> is seen in <paramref name="a"/>.</summary>
        internal static bool SameFolder(string a, string b)
        {
            string probe = ".deid-probe-" + Guid.NewGuid().ToString("N");
            try
            {
                using (new FileStream(Path.Combine(b, probe), FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose))
                {
                    return File.Exists(Path.Combine(a, probe));
                }
            }
            catch (IOException)
            {
                return false; // the folder cannot be written: nothing to tell by
            }
            catch (UnauthorizedAccessException)
            {
                return false;
            }
        }

        /// <summary>How this platform compares paths: ignoring case on Windows, exactly elsewhere.</summary>
        internal static StringComparison PathComparison =>
            Environment.OSVersion.Platform == PlatformID.Win32NT ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
    }
}
