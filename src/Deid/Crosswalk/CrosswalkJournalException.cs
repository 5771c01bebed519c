using System;
using System.IO;

namespace Deid.Crosswalk
{
    /// <summary>
    /// A file's crosswalk rows could not be written to the journal beside the crosswalk (a full disk, the crosswalk's folder gone
    /// or no longer writable), so its output was not written: a copy whose rows were held only in memory could not be traced back
    /// if the run died before appending them, and the rerun that skips existing copies would never record them. The batch goes on;
    /// the files written before are in the journal.
    /// </summary>
    public sealed class CrosswalkJournalException : IOException
    {
        /// <summary>Creates the exception for <paramref name="sourcePath"/>, whose rows for <paramref name="crosswalkPath"/> could not be kept, and why.</summary>
        public CrosswalkJournalException(string sourcePath, string crosswalkPath, string reason, Exception? inner)
            : base($"'{sourcePath}' was not written: its crosswalk rows could not be kept beside '{crosswalkPath}' ({reason}), so the copy could not be traced back through the crosswalk.", inner)
        {
            SourcePath = sourcePath;
            CrosswalkPath = crosswalkPath;
        }

        /// <summary>The input that was not written.</summary>
        public string SourcePath { get; }

        /// <summary>The crosswalk the run appends to.</summary>
        public string CrosswalkPath { get; }
    }
}
