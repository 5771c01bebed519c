using System;
using System.IO;
using System.Reflection;

namespace Deid.Batch
{
    /// <summary>
    /// Where a symbolic link to a file (or to a folder, for <see cref="RealFolders"/>) finally points. An input given through a
    /// link (<c>in/a.dcm -> archive/a.dcm</c>) with its output written to the link's target under -Force would replace the
    /// original itself (QA: the rename put the copy in the original's place). .NET 6 and later resolve links
    /// (FileSystemInfo.ResolveLinkTarget, found by reflection: the module targets netstandard2.0); on .NET Framework, where links
    /// to files are rare, the answer is "unknown".
    /// </summary>
    internal static class SymbolicLinks
    {
        private static readonly MethodInfo? Resolve = typeof(FileSystemInfo).GetMethod("ResolveLinkTarget", new[] { typeof(bool) });

        /// <summary>
        /// The full path of the file <paramref name="path"/> finally names when it is a symbolic link (through any chain of links);
        /// null when it is not a link, is missing, or links cannot be resolved on this runtime.
        /// </summary>
        public static string? FinalTarget(string path)
        {
            try
            {
                // Nothing to ask where links cannot be resolved; else one lstat: a link reports ReparsePoint on every platform.
                if (Resolve == null) return null;
                if ((File.GetAttributes(path) & FileAttributes.ReparsePoint) == 0) return null;
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is ArgumentException || ex is NotSupportedException)
            {
                return null;
            }
            return Target(new FileInfo(path));
        }

        private static readonly PropertyInfo? LinkTarget = typeof(FileSystemInfo).GetProperty("LinkTarget");

        /// <summary>
        /// Whether the reparse point <paramref name="entry"/> is a link (a symbolic link or a junction, a mount point; .NET 6 and
        /// later give those a LinkTarget) rather than another kind of reparse point (a OneDrive or other cloud-files folder, a
        /// deduplicated file: LinkTarget null); null when this runtime cannot tell (.NET Framework) or the entry cannot be read.
        /// </summary>
        public static bool? IsLink(FileSystemInfo entry)
        {
            if (LinkTarget == null) return null;
            try
            {
                return LinkTarget.GetValue(entry) != null;
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is TargetInvocationException || ex is ArgumentException || ex is NotSupportedException)
            {
                return null;
            }
        }

        /// <summary>Whether links can be resolved on this runtime (.NET 6 and later).</summary>
        public static bool CanResolve => Resolve != null;

        /// <summary>
        /// The full path the link to a folder at <paramref name="path"/> finally names (through any chain of links); null when it is
        /// no link, is missing, or links cannot be resolved on this runtime. The caller has seen that it is a reparse point.
        /// </summary>
        public static string? FinalFolderTarget(string path) => Resolve == null ? null : Target(new DirectoryInfo(path));

        private static string? Target(FileSystemInfo link)
        {
            try
            {
                var target = Resolve!.Invoke(link, new object[] { true }) as FileSystemInfo;
                return target == null ? null : FullPath.Of(target.FullName);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is TargetInvocationException || ex is ArgumentException || ex is NotSupportedException)
            {
                return null;
            }
        }
    }
}
