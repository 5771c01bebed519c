using System;
using System.Collections.Generic;
using System.Management.Automation;
using Deid.Batch;
using Deid.Identifiers;

namespace Deid.PowerShell.Commands
{
    /// <summary>
    /// Lists the identifiers in DICOM headers, as deid's get_identifiers does, ready to edit and replace.
    /// Reads each file's header (never its pixel data) and returns one object per file: Path, Fields (keyed
    /// like deid: (0010,0020), nested (0040,0275)__0__(0008,1110)__0__(0008,1155)), and an empty Variables table for the var: values
    /// of a recipe. Top-level keywords are also properties (PatientID, StudyInstanceUID, ...; numbers typed, dates with a
    /// [datetime] &lt;Keyword&gt;AsDateTime companion), so Select-Object, Export-Csv and
    /// ConvertTo-Json give flat, readable output. Pipe the objects (or a CSV with a Path column) into Invoke-DeidReplace.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "DicomIdentifier", DefaultParameterSetName = "Path")]
    [Alias("Get-DicomIdentifiers")]
    [OutputType(typeof(DicomIdentifiers))]
    public sealed class GetDicomIdentifierCommand : RecipeCmdletBase, IDisposable
    {
        /// <summary>Creates the cmdlet.</summary>
        public GetDicomIdentifierCommand()
        {
            // PowerShell makes the command before it binds the parameters: the reading code is compiled on the idle core
            // meanwhile, not on the first files (CommandWarmUp).
            CommandWarmUp.BeginIdentifiers(ids => DatasetObjects.Wrap(ids));
        }

        /// <summary>List only top-level elements (deid's expand_sequences=False).</summary>
        [Parameter]
        public SwitchParameter TopLevelOnly { get; set; }

        /// <summary>Leave private elements out.</summary>
        [Parameter]
        public SwitchParameter SkipPrivate { get; set; }

        /// <summary>Also list the fields deid protects by default (Pixel Data, LUT data, transfer syntax, ...).</summary>
        [Parameter]
        public SwitchParameter DisableSkip { get; set; }

        /// <summary>How many files are read at once (default: the number of processors). Results keep the input order.</summary>
        [Parameter]
        [ValidateRange(1, 64)]
        public int ThrottleLimit { get; set; } = Environment.ProcessorCount;

        private WindowedReading<PSObject>? _reading;

        /// <inheritdoc/>
        protected override void BeginProcessing() => DebugParameter.KeepFromPrompting(this);

        /// <inheritdoc/>
        protected override void ProcessRecord()
        {
            StrictRecipe.Enforce(this, Recipe, Strict);
            // The objects are built on the reading threads: PowerShell looks the module's type data up when a member is used,
            // from the thread using it, so an object made there behaves as one made here. With several threads the next window
            // is read while this thread writes the one before; with one, each file is read and written as it comes (a window
            // of one), so the first result is out before the second file is read.
            _reading ??= new WindowedReading<PSObject>(
                () => IdentifierExtractor.Window(new IdentifierOptions { ExpandSequences = !TopLevelOnly, SkipPrivate = SkipPrivate, DisableSkip = DisableSkip, Recipe = Recipe },
                    ThrottleLimit, DatasetObjects.Wrap),
                Write, this, ProgressIds.GetDicomIdentifier);
            _reading.Read(ResolveFiles());
        }

        /// <inheritdoc/>
        protected override void EndProcessing() => _reading?.Finish();

        /// <summary>Stops a window still being read when the pipeline ends early (Select-Object -First, Ctrl+C, an error).</summary>
        public void Dispose() => _reading?.Dispose();

        // Only reading is guarded: what WriteObject throws (a stopped pipeline) must stop the command.
        private void Write(IReadOnlyList<FileWindowResult<PSObject>> results) =>
            Errors.WriteInOrder(this, results, (_, read) => WriteObject(read));
    }
}
