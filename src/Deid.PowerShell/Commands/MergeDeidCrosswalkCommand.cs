using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using Deid.Crosswalk;

namespace Deid.PowerShell.Commands
{
    /// <summary>
    /// Merges the crosswalks of several shards (Invoke-DeidReplace -CrosswalkPath) into one, each original → new pair once, and
    /// fails — writing nothing — when they disagree: the same original mapped two ways (another key or recipe).
    /// </summary>
    [Cmdlet(VerbsData.Merge, "DeidCrosswalk", SupportsShouldProcess = true, DefaultParameterSetName = "Path")]
    [OutputType(typeof(CrosswalkEntry))]
    public sealed class MergeDeidCrosswalkCommand : PSCmdlet
    {
        // The files, in order; their rows are read when the merge is made, a row at a time (CrosswalkMerge), never held.
        private readonly List<string> _files = new List<string>();
        private readonly List<string> _missing = new List<string>();

        /// <summary>The crosswalk files to merge (wildcards expanded); also from the pipeline.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = "Path", ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [SupportsWildcards]
        public string[] Path { get; set; } = Array.Empty<string>();

        /// <summary>The crosswalk files to merge, exactly as typed.</summary>
        [Parameter(Mandatory = true, ParameterSetName = "LiteralPath", ValueFromPipelineByPropertyName = true)]
        [Alias("PSPath", "LP", "FullName")]
        public string[] LiteralPath { get; set; } = Array.Empty<string>();

        /// <summary>The merged crosswalk to write.</summary>
        [Parameter(Mandatory = true)]
        public string OutputPath { get; set; } = string.Empty;

        /// <summary>Replace an existing output file.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>Also return the merged entries.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        /// <inheritdoc/>
        protected override void BeginProcessing() => DebugParameter.KeepFromPrompting(this);

        /// <inheritdoc/>
        protected override void ProcessRecord()
        {
            bool literal = ParameterSetName == "LiteralPath";
            foreach (string input in literal ? LiteralPath : Path)
            {
                var files = FileResolver.Resolve(this, input, literal, keepFolders: false);
                if (files.Count == 0)
                {
                    // A shard that is not there (said by the resolver) or a pattern that matches nothing: the merge would quietly
                    // lack its rows, and the crosswalk is the record of who is who (QA round 3 found both written).
                    if (!literal && WildcardPattern.ContainsWildcardCharacters(input)) WriteError(Errors.PatternMatchedNothing("Path", input));
                    _missing.Add(input);
                }
                _files.AddRange(files);
            }
        }

        /// <inheritdoc/>
        protected override void EndProcessing()
        {
            if (_missing.Count > 0)
            {
                WriteError(new ErrorRecord(new FileNotFoundException($"{_missing.Count} crosswalk input(s) not found ({string.Join(", ", _missing)}); a merge without them would lack their rows, so nothing is written."),
                    "CrosswalkInputMissing", ErrorCategory.ObjectNotFound, OutputPath));
                return;
            }
            CrosswalkMerge merged;
            var notices = new List<CrosswalkNotice>();
            try
            {
                merged = CrosswalkMerge.Of(_files, notices.Add);
            }
            catch (CrosswalkMergeException ex)
            {
                // A missing or malformed input would make the merge incomplete: nothing is written.
                ThrowTerminatingError(new ErrorRecord(ex.InnerException ?? ex, "CrosswalkUnreadable", ErrorCategory.ReadError, ex.File));
                return;
            }
            // A cell a spreadsheet shortened (1.23457E+14) leads back to no one, and two patients shortened alike become one
            // row: a merged crosswalk that looked whole would hide it, and the merge is the record kept of who is who. So each
            // such file is an error and nothing is written; the crosswalks as the runs wrote them merge.
            // An original misread as ANSI is still one row of the files merged: a warning, as -CrosswalkPath gives it.
            foreach (var notice in notices.Where(n => n.Kind == CrosswalkNoticeKind.Mojibake)) WriteWarning(notice.Message);
            bool shortened = false;
            foreach (var file in notices.Where(n => n.Kind == CrosswalkNoticeKind.ShortenedNumber).GroupBy(n => n.File))
            {
                shortened = true;
                var error = new InvalidDataException($"'{file.Key}' holds IDs a spreadsheet shortened to scientific notation (#.#####E+##); their last digits are lost, so the merged crosswalk could not lead back from those rows: nothing is written. " + string.Join(" ", file.Select(n => n.Message)));
                WriteError(new ErrorRecord(error, "CrosswalkShortenedNumber", ErrorCategory.InvalidData, file.Key)
                {
                    ErrorDetails = new ErrorDetails(error.Message)
                    {
                        RecommendedAction = "Merge the crosswalks as the runs wrote them (not saved from a spreadsheet), or export this one again. If no such copy is left, correct each named cell, as text, to the whole ID (Get-DicomIdentifier reads it from the original files), then merge.",
                    },
                });
            }
            if (merged.ConflictCount > 0)
            {
                string more = merged.ConflictCount > merged.Conflicts.Count ? $"\n({merged.ConflictCount - merged.Conflicts.Count} more.)" : string.Empty;
                ThrowTerminatingError(new ErrorRecord(new InvalidDataException($"The crosswalks disagree in {merged.ConflictCount} place(s); nothing written:\n" + string.Join("\n", merged.Conflicts) + more),
                    "CrosswalkConflict", ErrorCategory.InvalidData, OutputPath));
            }
            if (shortened) return;
            string target = FileSystemPath.Resolve(this, OutputPath, nameof(OutputPath));
            if (File.Exists(target) && !Force)
            {
                // Non-terminating, as every other cmdlet reports an existing output (-ErrorAction Stop still stops).
                WriteError(new ErrorRecord(new IOException($"'{target}' already exists; it is replaced only with -Force."), "OutputExists", ErrorCategory.ResourceExists, target));
                return;
            }
            if (ShouldProcess(target, $"Write the merged crosswalk ({merged.Count} rows)"))
            {
                try
                {
                    merged.Write(target);
                }
                catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
                {
                    // A full disk, a missing or read-only folder: said as every other cmdlet says a write that failed (it escaped as
                    // a bare IOException, "NotSpecified", naming no target; QA 2026-12-06). Nothing is left at the path.
                    WriteError(new ErrorRecord(ex, "CrosswalkNotWritten", ex is UnauthorizedAccessException ? ErrorCategory.PermissionDenied : ErrorCategory.WriteError, target));
                    return;
                }
            }
            if (PassThru)
            {
                foreach (var row in merged.Rows()) WriteObject(row);
            }
        }
    }
}
