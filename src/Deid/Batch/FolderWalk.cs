using System;
using System.Collections.Generic;
using System.IO;
using System.Security;

namespace Deid.Batch
{
    /// <summary>
    /// The files under a folder (-Recurse), in the ordinal order of their full paths, listed lazily: one folder's entries are in
    /// memory at a time, so a tree of a million files starts at once and costs what its largest folder costs. A folder that
    /// cannot be listed, or a file whose name is not valid UTF-8 (<see cref="UndecodableName"/>), is reported and the walk goes on; symbolic links (and junctions) to folders are not followed (as Get-ChildItem -Recurse
    /// without -FollowSymlink), other reparse-point folders (OneDrive's) are, which also keeps a link loop from walking forever; hidden files and folders are left out (as
    /// Get-ChildItem without -Force), and so are the module's own temporary files (<see cref="IsLeftOut"/>).
    /// </summary>
    public static class FolderWalk
    {
        /// <summary>
        /// The files under <paramref name="root"/>, leaving out the folder <paramref name="exclude"/> (the output folder, so copies
        /// written inside the tree are never read back). <paramref name="onError"/> gets each folder that could not be listed.
        /// </summary>
        public static IEnumerable<string> Files(string root, string? exclude, Action<string, Exception> onError)
        {
            exclude = InWalkSpelling(root, exclude);
            var pending = new Stack<IEnumerator<Entry>>();
            pending.Push(List(root, onError).GetEnumerator());
            while (pending.Count > 0)
            {
                var entries = pending.Peek();
                if (!entries.MoveNext())
                {
                    pending.Pop();
                    continue;
                }
                var entry = entries.Current;
                if (!entry.IsFolder)
                {
                    yield return entry.FullPath;
                }
                else if (exclude == null || !OutputPaths.IsSameOrInside(exclude, entry.FullPath))
                {
                    pending.Push(List(entry.FullPath, onError).GetEnumerator());
                }
            }
        }

        /// <summary>
        /// The excluded folder as the walk of <paramref name="root"/> spells the paths it meets: when the two are spelled through
        /// different links (the tree as <c>/data-alias/in</c>, the output folder as <c>/data/in/out</c>), compared as written
        /// the output folder was never met, and every resume read the copies before it back (QA 2026-12-07). The walk follows
        /// no link, so a folder inside the tree is met under the root's spelling and the path inside it.
        /// </summary>
        private static string? InWalkSpelling(string root, string? exclude)
        {
            if (exclude == null || OutputPaths.IsSameOrInside(root, exclude)) return exclude;
            var real = new RealFolders();
            string? inside = OutputPaths.RelativeTo(real.Of(root), real.Of(exclude));
            return inside == null ? exclude : Path.Combine(FullPath.Of(root), inside);
        }

        /// <summary>
        /// A folder's files and subfolders, sorted so that walking them depth first gives full paths in ordinal order: a subfolder
        /// sorts by its name and a separator, as every path under it begins (with '/', "a.dcm" comes before "a/x" and "a/x"
        /// before "a0.dcm").
        /// </summary>
        private static List<Entry> List(string folder, Action<string, Exception> onError)
        {
            var entries = new List<Entry>();
            try
            {
                foreach (var info in new DirectoryInfo(folder).EnumerateFileSystemInfos())
                {
                    if (IsLeftOut(info.Name, info.Attributes))
                    {
                        // A name that is not UTF-8 reads as hidden too: said, not dropped (nothing lost without a word).
                        if ((info.Attributes & FileAttributes.Hidden) != 0 && UndecodableName.Is(info)) onError(info.FullName, UndecodableName.Error());
                        continue;
                    }
                    if (info is DirectoryInfo)
                    {
                        // Asked of reparse points only: one more system call each on Windows.
                        var attributes = info.Attributes;
                        if (IsLinkLeftOut(attributes, (attributes & FileAttributes.ReparsePoint) == 0 ? false : SymbolicLinks.IsLink(info))) continue;
                        entries.Add(new Entry(info.FullName, info.Name + Path.DirectorySeparatorChar, isFolder: true));
                    }
                    else
                    {
                        entries.Add(new Entry(info.FullName, info.Name, isFolder: false));
                    }
                }
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is SecurityException)
            {
                onError(folder, ex);
            }
            entries.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
            return entries;
        }

        /// <summary>
        /// Whether the walk leaves out an entry of this name and these attributes. Hidden entries (a leading dot on Unix, the
        /// Hidden attribute on Windows: .DS_Store, the ._ copies macOS leaves on USB drives, .git) are left out, as Get-ChildItem
        /// -Recurse leaves them out without -Force. So are the atomic writer's temporary files (".x.dcm.0123456789ab.tmp") on
        /// every system: on Windows a dot hides nothing, and a killed run's half-written copies, made before they were marked
        /// hidden or on a file system that does not keep the attribute, were read back as inputs (QA F6).
        /// </summary>
        internal static bool IsLeftOut(string name, FileAttributes attributes) =>
            (attributes & FileAttributes.Hidden) != 0 || Deid.Dicom.AtomicFile.IsTemporaryName(name);

        /// <summary>
        /// Whether a folder with <paramref name="attributes"/> is a link the walk does not follow (as Get-ChildItem -Recurse without
        /// -FollowSymlink). A reparse point is not always a link: OneDrive Files-On-Demand folders (and other cloud-files
        /// providers') are reparse points too, and leaving out every reparse point skipped all of their subfolders without a word
        /// (QA F2; PowerShell had the same bug, PowerShell#9461). So a reparse point is left out when <paramref name="isLink"/>
        /// says it is a link, or cannot tell (.NET Framework: kept as before, as a junction followed could loop).
        /// </summary>
        internal static bool IsLinkLeftOut(FileAttributes attributes, bool? isLink) =>
            (attributes & FileAttributes.ReparsePoint) != 0 && isLink != false;

        private readonly struct Entry
        {
            public Entry(string path, string key, bool isFolder)
            {
                FullPath = path;
                Key = key;
                IsFolder = isFolder;
            }

            public string FullPath { get; }

            public string Key { get; }

            public bool IsFolder { get; }
        }
    }
}
