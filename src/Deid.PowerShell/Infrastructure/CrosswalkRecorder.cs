using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using Deid.Crosswalk;

namespace Deid.PowerShell
{
    /// <summary>
    /// Invoke-DeidReplace -CrosswalkPath: the crosswalk's rows are read before any output is written (so a file that disagrees
    /// with them is refused, <see cref="CrosswalkStep"/>), the rows of each file written are kept as it is written, and at the
    /// end — of the pipeline, or of a command stopped by an error, Ctrl+C or Select-Object -First — they are appended to the file.
    /// </summary>
    internal sealed class CrosswalkRecorder
    {
        private readonly string _path;
        private bool _flushed;

        public CrosswalkRecorder(string path) => _path = path;

        /// <summary>How many rows <see cref="Problem"/> recovered from the journals of runs that died before their end.</summary>
        public int Recovered { get; private set; }

        /// <summary>
        /// True when the crosswalk held no row when the run started and no dead run's journal was merged into it: an output that
        /// exists already (skipped by -SkipExisting) was then written by a run without it, and leads back through nothing here.
        /// </summary>
        public bool HeldNoRows => Map.KnownRows == 0 && Recovered == 0;

        private readonly List<CrosswalkNotice> _notices = new List<CrosswalkNotice>();

        /// <summary>
        /// The cells of the crosswalk that a spreadsheet probably changed (<see cref="CrosswalkNotice"/>), found by
        /// <see cref="Problem"/>: warnings, since the run's own rows are still right and are added beside them.
        /// </summary>
        public IReadOnlyList<CrosswalkNotice> Notices => _notices;

        /// <summary>Files <see cref="Problem"/> left beside the crosswalk: dead runs' rows that conflict with it, or journals it could not read.</summary>
        public IReadOnlyList<string> Unmerged { get; private set; } = new List<string>();

        /// <summary>The rows the run's files must agree with, and those of the files written (set by <see cref="Problem"/>).</summary>
        public CrosswalkMap Map { get; private set; } = new CrosswalkMap();

        /// <summary>
        /// Why the crosswalk could not be written at the end, or null: the path is a folder, its folder is missing or cannot be
        /// written to, or the file there is not a crosswalk this can merge into. Looked at before any output is written; with
        /// <paramref name="recover"/> (not under -WhatIf) merges the journals of dead runs first; reads the file's rows into
        /// <see cref="Map"/>.
        /// </summary>
        public string? Problem(bool recover)
        {
            if (Directory.Exists(_path)) return $"-CrosswalkPath '{_path}' is a folder; give the crosswalk's file name (e.g. crosswalk.csv).";
            string? folder = Path.GetDirectoryName(Path.GetFullPath(_path));
            if (folder == null || !Directory.Exists(folder)) return $"The folder of -CrosswalkPath '{_path}' does not exist.";
            if (CrosswalkFile.NameProblem(_path) is string name) return name;
            if (CrosswalkFile.InterruptedReplace(_path) is string interrupted) return interrupted;
            // Said as what failed: a file that is no crosswalk, or could not be read, was reported as one that "cannot be
            // written" (QA F7), which sent people looking at permissions.
            try
            {
                // A run killed before its end left its rows in a journal: merged first, so this run agrees with them too.
                if (recover)
                {
                    Recovered = CrosswalkFile.Recover(_path, out var unmerged);
                    Unmerged = unmerged;
                }
            }
            catch (InvalidDataException ex)
            {
                return Unreadable(ex);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                return $"The crosswalk '{_path}' cannot be written: {ex.Message}";
            }
            bool exists = File.Exists(_path);
            try
            {
                Map = new CrosswalkMap(exists ? CrosswalkFile.ReadRows(_path, _notices.Add) : null, _path);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is InvalidDataException)
            {
                return Unreadable(ex);
            }
            try
            {
                if (exists)
                {
                    using (new FileStream(_path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite)) { }
                }
                else
                {
                    WriteCheck.Probe(folder);
                }
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                return $"The crosswalk '{_path}' cannot be written: {ex.Message}";
            }
            return null;
        }

        private string Unreadable(Exception ex) => $"The crosswalk '{_path}' cannot be read: {ex.Message}";

        /// <summary>
        /// Appends the rows of the files written, once. <paramref name="cmdlet"/> reports what goes wrong, non-terminating (the
        /// outputs are written already); null after the pipeline stopped, when nothing can be reported and the rows are still
        /// kept — in the crosswalk, or beside it when it conflicts.
        /// </summary>
        public void Flush(PSCmdlet? cmdlet)
        {
            if (_flushed) return;
            _flushed = true;
            // Read back from the journal, not held: a run of a million files keeps its rows on disk until here.
            if (!Map.HasWrittenRows)
            {
                if (CreateWhenEmpty && !File.Exists(_path)) CreateEmpty(cmdlet);
                return;
            }
            bool kept = false;
            try
            {
                var conflicts = Map.AppendWritten(_path, out int added);
                if (conflicts.Count > 0)
                {
                    // Only another run appending at the same time can bring these (this run's files were checked against the file
                    // as it was at the start): its outputs are written, so their rows are kept beside the crosswalk, not lost.
                    var rows = Map.WrittenRows();
                    string beside = CrosswalkFile.WriteBeside(_path, rows);
                    kept = true;
                    cmdlet?.WriteError(new ErrorRecord(new InvalidDataException($"The crosswalk '{_path}' was not updated: {conflicts.Count} conflict(s) with rows another run wrote to it meanwhile (another key or recipe?). This run's {Count(rows)} row(s), for outputs it wrote, are in '{beside}'. " + CrosswalkConflictException.Quote(conflicts)),
                        "CrosswalkConflict", ErrorCategory.InvalidData, _path));
                    return;
                }
                kept = true;
                cmdlet?.WriteVerbose($"Crosswalk: {added} new row(s) appended to {_path}.");
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is InvalidDataException)
            {
                string? journal = Map.JournalPath;
                var error = journal == null ? ex : new IOException($"{ex.Message} This run's rows are kept in '{journal}', which the next run with this -CrosswalkPath merges into it.", ex);
                cmdlet?.WriteError(new ErrorRecord(error, "CrosswalkNotWritten", ErrorCategory.WriteError, _path));
            }
            finally
            {
                // Removed once its rows are kept; else left for the next run to merge.
                Map.EndJournal(kept);
            }
        }

        /// <summary>
        /// True (not under -WhatIf) to leave a crosswalk of the header alone when the run recorded no row: an empty shard, or a
        /// recipe that changes no identifier. A merge that names every shard's crosswalk then finds each (QA 2026-12-07:
        /// Merge-DeidCrosswalk -Path a.csv, b.csv refused, b.csv missing).
        /// </summary>
        public bool CreateWhenEmpty { get; set; }

        private void CreateEmpty(PSCmdlet? cmdlet)
        {
            try
            {
                CrosswalkFile.Append(_path, Array.Empty<CrosswalkEntry>(), out _);
                cmdlet?.WriteVerbose($"Crosswalk: no row to record; {_path} holds its header only.");
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is InvalidDataException)
            {
                // A warning: no row is lost, and the files the run could not write have had their errors.
                cmdlet?.WriteWarning($"The crosswalk '{_path}' (no row to record) could not be made: {ex.Message}");
            }
        }

        private static int Count(IEnumerable<CrosswalkEntry> rows)
        {
            int count = 0;
            foreach (var unused in rows) count++;
            return count;
        }
    }
}
