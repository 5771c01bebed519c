using System;
using System.Collections.Generic;
using System.Management.Automation;
using Deid.Batch;
using Deid.Dicom;
using Deid.Inspection;

namespace Deid.PowerShell.Commands
{
    /// <summary>
    /// Reads DICOM files and returns their datasets for browsing.
    /// Reads each file (pixel data stays on disk) and returns a dataset object whose values
    /// read by keyword or tag: $ds.PatientID, $ds['PatientID'], $ds['(0010,0020)']. Sequences are lists of items, each wrapped when first read.
    /// The default display is a dcmdump-like listing; $ds.Elements lists elements as objects.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "DicomDataset", DefaultParameterSetName = "Path")]
    [OutputType(typeof(DicomDatasetView))]
    public sealed class GetDicomDatasetCommand : FileCmdletBase, IDisposable
    {
        private WindowedReading<DatasetRead>? _reading;

        /// <summary>Read only the header: stop before Pixel Data (faster; the result cannot be written back).</summary>
        [Parameter]
        public SwitchParameter HeaderOnly { get; set; }

        /// <summary>How many files are read at once (default: the number of processors). Results keep the input order.</summary>
        [Parameter]
        [ValidateRange(1, 64)]
        public int ThrottleLimit { get; set; } = Environment.ProcessorCount;

        /// <inheritdoc/>
        protected override void BeginProcessing() => DebugParameter.KeepFromPrompting(this);

        /// <inheritdoc/>
        protected override void ProcessRecord()
        {
            var options = HeaderOnly ? DicomReadOptions.HeaderOnly : DicomReadOptions.Default;
            // Read in windows on the worker threads, the objects built there too (as Get-DicomIdentifier's): PowerShell looks
            // the module's type data up when a member is used, on the thread using it. Windows end early when their headers
            // are large (RT structure sets of tens of megabytes): memory stays bounded.
            _reading ??= new WindowedReading<DatasetRead>(
                () => FileWindow<DatasetRead>.ForHeaders((string path, out long weight) => DatasetRead.Open(path, options, out weight), ThrottleLimit),
                Write, this, ProgressIds.GetDicomDataset);
            _reading.Read(ResolveFiles());
        }

        /// <inheritdoc/>
        protected override void EndProcessing() => _reading?.Finish();

        /// <summary>Stops a window still being read when the pipeline ends early (Select-Object -First, Ctrl+C, an error).</summary>
        public void Dispose() => _reading?.Dispose();

        // Only the reading is guarded: what WriteWarning/WriteObject throw (a stopped pipeline, -WarningAction Stop) is
        // PowerShell's and must stop the command, not become this file's error.
        private void Write(IReadOnlyList<FileWindowResult<DatasetRead>> results) =>
            Errors.WriteInOrder(this, results, (path, read) =>
            {
                foreach (var warning in read.Warnings) WriteWarning($"{path}: {warning}");
                WriteObject(read.Dataset);
            });

        /// <summary>One file read: its dataset object and what the reader warned about, handed to the pipeline thread in order.</summary>
        private sealed class DatasetRead
        {
            private DatasetRead(PSObject dataset, IReadOnlyList<string> warnings)
            {
                Dataset = dataset;
                Warnings = warnings;
            }

            public PSObject Dataset { get; }

            public IReadOnlyList<string> Warnings { get; }

            public static DatasetRead Open(string path, DicomReadOptions options, out long weight)
            {
                var file = DicomFile.Open(path, options);
                weight = HeaderWeight.Of(file);
                return new DatasetRead(DatasetObjects.WrapFile(new DicomDatasetView(file, path)), file.Warnings);
            }
        }
    }
}
