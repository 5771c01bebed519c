using System;
using System.IO;
using System.Management.Automation;
using Deid.Samples;

namespace Deid.PowerShell.Commands
{
    /// <summary>
    /// Writes synthetic DICOM files with fake PHI, for demos and tests.
    /// Writes realistic files with fake patient identity in the header (names, IDs, dates,
    /// institution, physicians, UIDs, referenced and request sequences, a private block) and burned into the pixels.
    /// The same -Seed gives the same bytes.
    /// </summary>
    [Cmdlet(VerbsCommon.New, "DicomSample", SupportsShouldProcess = true)]
    [OutputType(typeof(FileInfo))]
    public sealed class NewDicomSampleCommand : PSCmdlet
    {
        /// <summary>
        /// The output folder the files are written into (created when missing); a folder, not a file name. Alias -OutputFolder,
        /// the name the other writing cmdlets use.
        /// </summary>
        [Parameter(Mandatory = true, Position = 0)]
        [Alias("OutputFolder")]
        [ValidateNotNullOrEmpty]
        public string Path { get; set; } = string.Empty;

        /// <summary>How many files to write.</summary>
        [Parameter]
        [ValidateRange(1, 1000000)]
        public int Count { get; set; } = 1;

        /// <summary>The modality.</summary>
        [Parameter]
        public SampleModality Modality
        {
            get => (SampleModality)_modality;
            set => _modality = (int)value;
        }

        // Held as its underlying int: a field of an engine enum would make PowerShell's scan of this assembly's types at import
        // bind Deid.dll before ModuleInitializer can bind its precompiled copy.
        private int _modality = (int)SampleModality.CT;

        /// <summary>The transfer syntax, by name or UID: ExplicitVRLittleEndian (default), ImplicitVRLittleEndian, ExplicitVRBigEndian, DeflatedExplicitVRLittleEndian.</summary>
        [Parameter]
        [ArgumentCompleter(typeof(TransferSyntaxCompleter))]
        public string TransferSyntax { get; set; } = "ExplicitVRLittleEndian";

        /// <summary>The seed: the same seed gives the same files.</summary>
        [Parameter]
        public int Seed { get; set; }

        /// <summary>How many consecutive files share a patient, study and series.</summary>
        [Parameter]
        [ValidateRange(1, 100000)]
        public int InstancesPerSeries { get; set; } = 1;

        /// <summary>
        /// Plant a unique marker in every identifying value (text, dates, times, UIDs, person names; nested sequences, a private
        /// block, file meta and preamble included); each file's markers are in its PhiMarkers property.
        /// </summary>
        [Parameter]
        public SwitchParameter PhiMarkers { get; set; }

        /// <summary>
        /// Burn the patient's name, ID and birth date (a printed form) and device labels into 512×512 pixels in an OCR-legible size,
        /// at positions, sizes and greys that vary with the seed, instead of the small default band; each file's texts and boxes
        /// are in its BurnedText property. A corpus for testing -Ocr.
        /// </summary>
        [Parameter]
        public SwitchParameter LegibleText { get; set; }

        /// <summary>Replace files that already exist.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <inheritdoc/>
        protected override void BeginProcessing() => DebugParameter.KeepFromPrompting(this);

        /// <inheritdoc/>
        protected override void ProcessRecord()
        {
            var ts = TransferSyntaxCompleter.Resolve(TransferSyntax);
            if (ts == null)
            {
                ThrowTerminatingError(new ErrorRecord(new ArgumentException($"Unknown transfer syntax '{TransferSyntax}'. Use one of: {string.Join(", ", TransferSyntaxCompleter.Names)}."), "UnknownTransferSyntax", ErrorCategory.InvalidArgument, TransferSyntax));
                return;
            }
            string folder = FileSystemPath.Resolve(this, Path, nameof(Path));
            // `New-DicomSample -Path ./x.dcm` reads as "write this file"; it names the folder, and an existing file there would
            // otherwise fail once per sample with an error about creating a directory.
            if (File.Exists(folder))
            {
                ThrowTerminatingError(new ErrorRecord(new IOException($"-Path (alias -OutputFolder) is the folder to write the samples into, but '{folder}' is a file."), "OutputFolderIsFile", ErrorCategory.InvalidArgument, Path));
                return;
            }
            var options = new DicomSampleOptions
            {
                Modality = Modality,
                TransferSyntax = ts,
                Seed = Seed,
                InstancesPerSeries = InstancesPerSeries,
                PhiMarkers = PhiMarkers,
                LegibleText = LegibleText,
                Rows = LegibleText ? 512 : 128,
                Columns = LegibleText ? 512 : 128
            };
            // Made one at a time, the garbage of each collected before the next (CreateMany): memory stays flat in -Count.
            using (var samples = DicomSampleGenerator.CreateMany(options, Count).GetEnumerator())
            {
                try
                {
                    // A combination the generator refuses (JPEG Baseline of 12-bit CT) is one error before any file, not one a file.
                    if (!samples.MoveNext()) return;
                }
                catch (NotSupportedException ex)
                {
                    ThrowTerminatingError(new ErrorRecord(ex, "UnsupportedSample", ErrorCategory.InvalidArgument, TransferSyntax));
                    return;
                }
                int i = 0;
                do
                {
                    Write(samples.Current, folder, i++);
                }
                while (samples.MoveNext());
            }
            if (Count > 1) WriteProgress(new ProgressRecord(ProgressIds.NewDicomSample, "New-DicomSample", "Done") { RecordType = ProgressRecordType.Completed });
        }

        /// <summary>Writes sample <paramref name="i"/> into <paramref name="folder"/> and its file object to the pipeline.</summary>
        private void Write(DicomSample sample, string folder, int i)
        {
            string target = System.IO.Path.Combine(folder, sample.FileName);
            if (Count > 1) WriteProgress(new ProgressRecord(ProgressIds.NewDicomSample, "New-DicomSample", $"Writing {sample.FileName}") { PercentComplete = i * 100 / Count });
            if (!ShouldProcess(target, "Write synthetic DICOM sample")) return;
            if (!Force && File.Exists(target))
            {
                WriteError(new ErrorRecord(new IOException($"'{target}' already exists; it is replaced only with -Force."), "OutputExists", ErrorCategory.ResourceExists, target));
                return;
            }
            // Only the write is guarded: what the provider and WriteObject throw is PowerShell's and must stop the command.
            try
            {
                Directory.CreateDirectory(folder);
                sample.File.Save(target, Force);
            }
            catch (Exception ex) when (Errors.IsPerFile(ex))
            {
                WriteError(Errors.ForFile(ex, target));
                return;
            }
            // Through the provider, so the object carries the PS* properties Get-Item's output has (and shows the same).
            foreach (var item in InvokeProvider.Item.Get(new[] { target }, false, true))
            {
                if (PhiMarkers) item.Properties.Add(new PSNoteProperty("PhiMarkers", sample.Markers));
                if (LegibleText) item.Properties.Add(new PSNoteProperty("BurnedText", sample.BurnedText));
                WriteObject(item);
            }
        }
    }
}
