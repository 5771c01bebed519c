using System;
using System.IO;

namespace Deid.PowerShell
{
    /// <summary>
    /// Whether a folder takes new files, asked before any output is written: a file is created there and deleted on close.
    /// The output folder and the crosswalk's folder are both checked this way, so a folder that cannot be written to is one
    /// error up front, not one per file or one after every output exists.
    /// </summary>
    internal static class WriteCheck
    {
        /// <summary>Creates and deletes a probe file in <paramref name="folder"/>; throws what the file system says when it cannot.</summary>
        /// <exception cref="IOException">The folder does not take the file.</exception>
        /// <exception cref="UnauthorizedAccessException">No permission to write there.</exception>
        public static void Probe(string folder)
        {
            string probe = Path.Combine(folder, ".deid-write-check-" + Guid.NewGuid().ToString("N").Substring(0, 12));
            using (new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose))
            {
            }
        }
    }
}
