using System;
using System.Collections.Concurrent;
using System.IO;

namespace Deid.Batch
{
    /// <summary>
    /// The folders paths really name, with every symbolic link (or junction) to a folder along them resolved, remembered per
    /// folder for one batch. Two spellings of one place — <c>/data-alias/in</c> and <c>/data/in</c>, or <c>alias/b.dcm</c> and
    /// <c>archive/b.dcm</c> when <c>alias -> archive</c> — compare equal only after this: QA (2026-12-07) found a copy written
    /// with -Force over another input's original reached through a link, and an output folder inside the tree read back on every
    /// resume when either was spelled through a link. Links are resolved where the runtime can (<see cref="SymbolicLinks"/>); on
    /// .NET Framework paths are compared as written.
    /// </summary>
    internal sealed class RealFolders
    {
        private readonly ConcurrentDictionary<string, string> _known = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);

        /// <summary>The full path of <paramref name="folder"/> with the links to folders along it resolved; as written where none can be.</summary>
        public string Of(string folder)
        {
            string full = FullPath.Of(folder).TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
            if (full.Length == 0 || !SymbolicLinks.CanResolve) return full.Length == 0 ? FullPath.Of(folder) : full;
            if (_known.TryGetValue(full, out var real)) return real;
            real = Walk(full, depth: 0, out bool exists);
            // A folder not made yet is walked again when asked for: it may be made as (or under) a link.
            if (exists) _known.TryAdd(full, real);
            return real;
        }

        /// <summary>
        /// The path <paramref name="file"/> really names: its folder resolved, its name as written, or with
        /// <paramref name="followLink"/> the final target of a link to a file (what reading it reads, and what a rename over the
        /// target would replace).
        /// </summary>
        public string OfFile(string file, bool followLink)
        {
            string full = FullPath.Of(file);
            if (followLink && SymbolicLinks.FinalTarget(full) is string target) full = target;
            string? folder = Path.GetDirectoryName(full);
            if (folder == null) return full;
            return Path.Combine(Of(folder), Path.GetFileName(full));
        }

        private static string Walk(string full, int depth, out bool exists)
        {
            exists = true;
            string root = Path.GetPathRoot(full) ?? string.Empty;
            string current = root;
            string[] parts = full.Substring(root.Length).Split(new[] { Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar }, StringSplitOptions.RemoveEmptyEntries);
            for (int i = 0; i < parts.Length; i++)
            {
                string next = Path.Combine(current, parts[i]);
                FileAttributes attributes;
                try
                {
                    attributes = File.GetAttributes(next);
                }
                catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is ArgumentException || ex is NotSupportedException)
                {
                    // Not there (yet), or not ours to look at: the rest as written.
                    exists = false;
                    for (int j = i; j < parts.Length; j++) current = Path.Combine(current, parts[j]);
                    return current;
                }
                if ((attributes & FileAttributes.ReparsePoint) != 0 && depth < 16 && SymbolicLinks.FinalFolderTarget(next) is string target)
                {
                    // The target's own folders may be reached through links too.
                    current = Walk(target.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar), depth + 1, out bool targetExists);
                    if (!targetExists) exists = false;
                }
                else
                {
                    current = next;
                }
            }
            return current;
        }
    }
}
