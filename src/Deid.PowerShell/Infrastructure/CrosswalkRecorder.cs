using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using Deid.Batch;
using Deid.Crosswalk;

namespace Deid.PowerShell
{
    /// <summary>
    /// Invoke-DeidReplace -CrosswalkPath: gathers the crosswalk entries of the files written and, at the end of the pipeline,
    /// appends them to the crosswalk file (merged with what it holds, written atomically). A conflict with the file's own rows
    /// leaves the file as it was and is reported.
    /// </summary>
    internal sealed class CrosswalkRecorder
    {
        private readonly string _path;
        private readonly List<CrosswalkEntry> _entries = new List<CrosswalkEntry>();

        public CrosswalkRecorder(string path) => _path = path;

        /// <summary>
        /// Why the crosswalk could not be written at the end, or null: the path is a folder, its folder is missing or cannot be
        /// written to, or the file there is not a crosswalk this can merge into. Looked at before any output is written.
        /// </summary>
        public string? Problem()
        {
            if (Directory.Exists(_path)) return $"-CrosswalkPath '{_path}' is a folder; give the crosswalk's file name (e.g. crosswalk.csv).";
            string? folder = Path.GetDirectoryName(Path.GetFullPath(_path));
            if (folder == null || !Directory.Exists(folder)) return $"The folder of -CrosswalkPath '{_path}' does not exist.";
            try
            {
                if (File.Exists(_path))
                {
                    CrosswalkFile.Read(_path);
                    using (new FileStream(_path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite)) { }
                }
                else
                {
                    WriteCheck.Probe(folder);
                }
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is InvalidDataException)
            {
                return $"The crosswalk '{_path}' cannot be written: {ex.Message}";
            }
            return null;
        }

        /// <summary>Takes the entries of a file that was written (a dry run writes none).</summary>
        public void Add(DeidFileResult result)
        {
            if (!result.Written) return;
            foreach (var s in result.Steps)
            {
                if (s is CrosswalkStatistics c) _entries.AddRange(c.Entries);
            }
        }

        /// <summary>Merges and writes; errors are the cmdlet's, non-terminating (the outputs are written already).</summary>
        public void Flush(PSCmdlet cmdlet)
        {
            if (_entries.Count == 0) return;
            try
            {
                var existing = File.Exists(_path) ? CrosswalkFile.Read(_path) : new List<CrosswalkEntry>();
                var merged = CrosswalkFile.Merge(new[] { existing, _entries }, out var conflicts);
                if (conflicts.Count > 0)
                {
                    cmdlet.WriteError(new ErrorRecord(new InvalidDataException($"The crosswalk '{_path}' was not updated: {conflicts.Count} conflict(s) with its rows (another key or recipe?): " + string.Join(" ", conflicts)),
                        "CrosswalkConflict", ErrorCategory.InvalidData, _path));
                    return;
                }
                CrosswalkFile.Write(_path, merged);
                cmdlet.WriteVerbose($"Crosswalk: {merged.Count - existing.Count} new row(s) appended to {_path} ({merged.Count} in all).");
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is InvalidDataException)
            {
                cmdlet.WriteError(new ErrorRecord(ex, "CrosswalkNotWritten", ErrorCategory.WriteError, _path));
            }
        }
    }
}
