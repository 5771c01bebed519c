using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using Deid.Batch;
using Deid.Dicom;
using Deid.Inspection;

namespace Deid.PowerShell.Commands
{
    /// <summary>
    /// Compares two DICOM files or datasets element by element: what a de-identification run added, removed and changed,
    /// nested sequence items, private elements and the file meta information included. Pixel Data is compared by length and
    /// SHA-256, read in chunks from the file. With -ReferenceFolder, each piped file is compared with the file of the same
    /// name in that folder; without either, each piped Invoke-DeidReplace -PassThru result is compared with its source.
    /// </summary>
    [Cmdlet(VerbsData.Compare, "DicomDataset", DefaultParameterSetName = ResultSet)]
    [OutputType(typeof(DatasetDifference))]
    public sealed class CompareDicomDatasetCommand : PSCmdlet
    {
        private const string ObjectSet = "Object";
        private const string FolderSet = "Folder";
        private const string ResultSet = "Result";

        private Side? _reference;
        private bool _referenceRead;

        /// <summary>The file or dataset before: a path, a FileInfo, or a dataset from Get-DicomDataset.</summary>
        [Parameter(ParameterSetName = ObjectSet, Mandatory = true, Position = 0)]
        [ValidateNotNull]
        [SupportsWildcards]
        public object ReferenceObject { get; set; } = null!;

        /// <summary>
        /// The file or dataset after (a path, a FileInfo, or a dataset); piped objects are compared one by one. Alone, an
        /// Invoke-DeidReplace -PassThru result: its output is compared with its source.
        /// </summary>
        [Parameter(Mandatory = true, Position = 1, ValueFromPipeline = true)]
        [ValidateNotNull]
        [SupportsWildcards]
        public object DifferenceObject { get; set; } = null!;

        /// <summary>A folder holding the reference files: each difference file is compared with the file of the same name there.</summary>
        [Parameter(ParameterSetName = FolderSet, Mandatory = true)]
        [ValidateNotNullOrEmpty]
        public string ReferenceFolder { get; set; } = string.Empty;

        /// <summary>Also list the elements that are the same in both, as Equal.</summary>
        [Parameter]
        public SwitchParameter IncludeEqual { get; set; }

        /// <inheritdoc/>
        protected override void BeginProcessing() => DebugParameter.KeepFromPrompting(this);

        /// <inheritdoc/>
        protected override void ProcessRecord()
        {
            if (ParameterSetName == ResultSet)
            {
                CompareResult();
                return;
            }
            foreach (var after in Read(DifferenceObject, nameof(DifferenceObject)))
            {
                var before = ParameterSetName == FolderSet ? ReferenceFor(after) : Reference();
                if (before != null) Write(before, after);
            }
        }

        private void CompareResult()
        {
            object value = DifferenceObject is PSObject pso ? pso.BaseObject : DifferenceObject;
            string? source, output;
            if (value is DeidFileResult result)
            {
                if (!result.Written) return; // a failed or skipped file has no output to compare; Invoke-DeidReplace reported why
                source = result.SourcePath;
                output = result.OutputPath;
            }
            else if (!ResultRow(PSObject.AsPSObject(DifferenceObject), out source, out output))
            {
                WriteError(new ErrorRecord(
                    new ArgumentException("Give -ReferenceObject or -ReferenceFolder; alone, -DifferenceObject takes Invoke-DeidReplace -PassThru results (or rows with SourcePath and OutputPath, as Export-Csv saves them)."),
                    "NoReference", ErrorCategory.InvalidArgument, DifferenceObject));
                return;
            }
            if (source == null || output == null) return;
            var before = Open(source);
            var after = before == null ? null : Open(output);
            if (before != null && after != null) Write(before, after);
        }

        /// <summary>
        /// A -PassThru result saved and read back (Export-Csv, Import-Csv; ConvertTo-Json): its SourcePath and OutputPath, as
        /// Test-DeidOutput takes them (QA 2026-12-07: the audit took such rows and the comparison refused them). True with null
        /// paths for a row whose Written says False (nothing to compare). False when the object has not both paths.
        /// </summary>
        private static bool ResultRow(PSObject row, out string? source, out string? output)
        {
            source = row.Properties["SourcePath"]?.Value?.ToString();
            output = row.Properties["OutputPath"]?.Value?.ToString();
            if (string.IsNullOrEmpty(source) || string.IsNullOrEmpty(output)) return false;
            object? written = row.Properties["Written"]?.Value;
            if (written is PSObject w) written = w.BaseObject;
            bool notWritten = written is bool b ? !b : written is string text && bool.TryParse(text, out bool parsed) && !parsed;
            if (notWritten) source = output = null;
            return true;
        }

        // Only the comparing is guarded (it reads Pixel Data from the files): what WriteObject throws is PowerShell's.
        private void Write(Side before, Side after)
        {
            List<DatasetDifference> rows;
            try
            {
                rows = before.File != null && after.File != null
                    ? DatasetComparer.Compare(before.File, after.File, IncludeEqual)
                    : DatasetComparer.Compare(before.Dataset, after.Dataset, IncludeEqual);
            }
            catch (Exception ex) when (Errors.IsPerFile(ex))
            {
                WriteError(Errors.ForFile(ex, after.Name));
                return;
            }
            foreach (var row in rows) WriteObject(row);
        }

        // The reference is read once, however many difference objects are piped.
        private Side? Reference()
        {
            if (_referenceRead) return _reference;
            _referenceRead = true;
            var all = Read(ReferenceObject, nameof(ReferenceObject));
            if (all.Count > 1)
            {
                ThrowTerminatingError(new ErrorRecord(
                    new ArgumentException($"-ReferenceObject names {all.Count} files; compare with one reference, or use -ReferenceFolder."),
                    "AmbiguousReference", ErrorCategory.InvalidArgument, ReferenceObject));
            }
            _reference = all.Count == 1 ? all[0] : null;
            return _reference;
        }

        private Side? ReferenceFor(Side after)
        {
            if (after.Path == null)
            {
                WriteError(new ErrorRecord(new ArgumentException("-ReferenceFolder pairs files by name; this dataset was not read from a file."), "NoFileName", ErrorCategory.InvalidArgument, after.Name));
                return null;
            }
            var folders = FileResolver.Resolve(this, ReferenceFolder, literal: true, keepFolders: true);
            if (folders.Count != 1) return null;
            string path = Path.Combine(folders[0], Path.GetFileName(after.Path));
            if (!File.Exists(path))
            {
                WriteError(Errors.PathNotFound(path));
                return null;
            }
            return Open(path);
        }

        private List<Side> Read(object input, string parameter)
        {
            var sides = new List<Side>();
            object value = input is PSObject pso ? pso.BaseObject : input;
            switch (DatasetObjects.AsView(value) ?? value)
            {
                case DicomDatasetView view:
                    sides.Add(new Side(view.GetFile(), view.GetDataset(), view.Path));
                    break;
                case DicomFile file:
                    sides.Add(new Side(file, file.Dataset, file.SourcePath));
                    break;
                case FileInfo info:
                    AddOpened(sides, info.FullName);
                    break;
                case string path:
                    // A comparison with one side missing is no comparison: said, where a listing would stay silent.
                    foreach (var p in FileResolver.ResolveRequired(this, path, parameter, keepFolders: false)) AddOpened(sides, p);
                    break;
                default:
                    WriteError(new ErrorRecord(
                        new ArgumentException($"Cannot compare a {value.GetType().Name}: give a path, a FileInfo, or a dataset from Get-DicomDataset."),
                        "UnsupportedInput", ErrorCategory.InvalidArgument, IdentifierInput.Shape(PSObject.AsPSObject(input))));
                    break;
            }
            return sides;
        }

        private void AddOpened(List<Side> sides, string path)
        {
            var side = Open(path);
            if (side != null) sides.Add(side);
        }

        // Default read options: Pixel Data above the reader's threshold stays in the file, and the comparer hashes it from there.
        private Side? Open(string path)
        {
            try
            {
                var file = DicomFile.Open(path);
                return new Side(file, file.Dataset, path);
            }
            catch (Exception ex) when (Errors.IsPerFile(ex))
            {
                WriteError(Errors.ForFile(ex, path));
                return null;
            }
        }

        private sealed class Side
        {
            public Side(DicomFile? file, DicomDataset dataset, string? path)
            {
                File = file;
                Dataset = dataset;
                Path = path;
            }

            public DicomFile? File { get; }

            public DicomDataset Dataset { get; }

            public string? Path { get; }

            public string Name => Path ?? "(dataset)";
        }
    }
}
