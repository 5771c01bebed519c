using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using Deid.Batch;

namespace Deid.PowerShell
{
    /// <summary>
    /// Base of the cmdlets that read DICOM files (Get-DicomDataset, Get-DicomIdentifier, Test-DicomBurnedPixel, Split-DeidWork and
    /// the writing cmdlets): the one declaration of -Recurse, and the one way a path argument or a piped folder becomes files.
    /// </summary>
    public abstract class FileCmdletBase : PathCmdletBase
    {
        /// <summary>
        /// Folders given by -Path or -LiteralPath (or piped) stand for every file under them, in the ordinal order of their paths,
        /// listed as they are read. Without it a folder is skipped with a warning.
        /// </summary>
        [Parameter]
        public SwitchParameter Recurse { get; set; }

        /// <summary>
        /// The folder whose files are never read as inputs, as a full path: a writer's output folder, so that copies written
        /// inside the tree being walked are not read back. None for the cmdlets that only read.
        /// </summary>
        protected virtual string? ExcludedFolder => null;

        /// <summary>
        /// The files named by the current record's -Path or -LiteralPath; with -Recurse, folders give the files under them.
        /// Missing paths and other providers are non-terminating errors.
        /// </summary>
        protected IEnumerable<string> ResolveFiles()
        {
            foreach (var file in ResolveFilesWithRoots()) yield return file.Key;
        }

        /// <summary>As <see cref="ResolveFiles"/>, each file with the folder -Recurse found it under (null for a file named directly).</summary>
        protected IEnumerable<KeyValuePair<string, string?>> ResolveFilesWithRoots()
        {
            foreach (var input in IsLiteral ? LiteralPath : Path)
            {
                foreach (var file in ExpandPath(input, IsLiteral)) yield return file;
            }
        }

        /// <summary>
        /// The files one path names (an argument or piped), each with the folder -Recurse found it under (null for a file named
        /// directly). Files under <see cref="ExcludedFolder"/> are left out.
        /// </summary>
        protected IEnumerable<KeyValuePair<string, string?>> ExpandPath(string input, bool literal)
        {
            string? exclude = ExcludedFolder;
            foreach (var p in FileResolver.Resolve(this, input, literal, keepFolders: Recurse.IsPresent))
            {
                // Without -Recurse the resolver has dropped folders already: no second look at the file system for each file.
                if (!Recurse.IsPresent || !Directory.Exists(p))
                {
                    yield return new KeyValuePair<string, string?>(p, null);
                    continue;
                }
                if (exclude != null && OutputPaths.IsReallySameOrInside(exclude, p))
                {
                    WriteWarning($"'{p}' is inside the output folder '{exclude}'; its files are not read.");
                    continue;
                }
                foreach (var f in FolderWalk.Files(p, exclude, (folder, ex) => WriteError(Errors.ForFile(ex, folder))))
                    yield return new KeyValuePair<string, string?>(f, p);
            }
        }
    }
}
