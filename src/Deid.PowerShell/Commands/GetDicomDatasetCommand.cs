using System;
using System.Management.Automation;
using Deid.Dicom;
using Deid.Inspection;

namespace Deid.PowerShell.Commands
{
    /// <summary>
    /// Reads DICOM files and returns their datasets for browsing.
    /// Reads each file (pixel data stays on disk) and returns a dataset object whose values
    /// read by keyword or tag: $ds.PatientID, $ds['PatientID'], $ds['(0010,0020)']. Sequences are arrays of items.
    /// The default display is a dcmdump-like listing; $ds.Elements lists elements as objects.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "DicomDataset", DefaultParameterSetName = "Path")]
    [OutputType(typeof(DicomDatasetView))]
    public sealed class GetDicomDatasetCommand : PathCmdletBase
    {
        /// <summary>Read only the header: stop before Pixel Data (faster; the result cannot be written back).</summary>
        [Parameter]
        public SwitchParameter HeaderOnly { get; set; }

        /// <inheritdoc/>
        protected override void ProcessRecord()
        {
            foreach (var path in ResolveFiles())
            {
                DicomFile file;
                PSObject dataset;
                // Only the reading is guarded: what WriteWarning/WriteObject throw (a stopped pipeline, -WarningAction Stop) is
                // PowerShell's and must stop the command, not become this file's error.
                try
                {
                    file = DicomFile.Open(path, HeaderOnly ? DicomReadOptions.HeaderOnly : DicomReadOptions.Default);
                    dataset = DatasetObjects.Wrap(new DicomDatasetView(file, path));
                }
                catch (Exception ex) when (Errors.IsPerFile(ex))
                {
                    WriteError(Errors.ForFile(ex, path));
                    continue;
                }
                foreach (var warning in file.Warnings) WriteWarning($"{path}: {warning}");
                WriteObject(dataset);
            }
        }
    }
}
