using System;
using System.Collections.Generic;
using System.Threading;
using Deid.Dicom;

namespace Deid.Steps
{
    /// <summary>What every step of one file shares: the opened file, its variables, and where warnings go.</summary>
    public sealed class FileStepContext
    {
        private static readonly IReadOnlyDictionary<string, object?> NoVariables = new Dictionary<string, object?>();
        private readonly ICollection<DeidWarning> _warnings;
        private List<IDisposable>? _afterWrite;
        private List<Action>? _onWritten;
        private List<Action>? _beforeOutput;

        /// <summary>Creates the context of one file.</summary>
        public FileStepContext(DicomFile file, string? sourcePath, IReadOnlyDictionary<string, object?>? variables, ICollection<DeidWarning> warnings, CancellationToken cancellation = default)
        {
            File = file ?? throw new ArgumentNullException(nameof(file));
            SourcePath = sourcePath ?? file.SourcePath;
            Variables = variables ?? NoVariables;
            _warnings = warnings ?? throw new ArgumentNullException(nameof(warnings));
            Cancellation = cancellation;
        }

        /// <summary>The file, changed in memory by each step in turn.</summary>
        public DicomFile File { get; }

        /// <summary>The input path, for messages (null for a file read from memory without a name).</summary>
        public string? SourcePath { get; }

        /// <summary>The <c>var:</c> values and <c>func:</c> functions for this file.</summary>
        public IReadOnlyDictionary<string, object?> Variables { get; }

        /// <summary>Stops a long step (a cine of many frames) when the batch is stopped.</summary>
        public CancellationToken Cancellation { get; }

        /// <summary>Where the file will be written (null when the caller did not say: a dry run, an in-memory use).</summary>
        public string? OutputPath { get; init; }

        /// <summary>The request's place in input order (<see cref="Deid.Batch.DeidFileRequest"/>), for warnings given once a batch.</summary>
        internal long Sequence { get; init; }

        /// <summary>True when nothing is to be written (-WhatIf): a step computes what it would change and writes no side files.</summary>
        public bool IsDryRun { get; init; }

        /// <summary>
        /// What a step leaves for the steps after it, keyed by the step's name: the pixel step's decision, which the preview step
        /// reads to draw only flagged files. Steps do not know each other's runs, so this is their one channel.
        /// </summary>
        public IDictionary<string, object> Shared { get; } = new Dictionary<string, object>(StringComparer.Ordinal);

        /// <summary>
        /// Keeps <paramref name="resource"/> alive until the file has been written, then disposes it: new pixel data is spooled to
        /// a temporary file that the writer copies from, so it cannot be deleted when the step ends.
        /// </summary>
        public void DisposeAfterWrite(IDisposable resource) => (_afterWrite ??= new List<IDisposable>()).Add(resource ?? throw new ArgumentNullException(nameof(resource)));

        /// <summary>Disposes what <see cref="DisposeAfterWrite"/> was given, last first (called by the batch once the file is written or has failed).</summary>
        public void DisposeResources()
        {
            if (_afterWrite == null) return;
            for (int i = _afterWrite.Count - 1; i >= 0; i--) _afterWrite[i].Dispose();
            _afterWrite = null;
        }

        /// <summary>
        /// Runs <paramref name="action"/> once the output has been written (not for a dry run, a skipped or a failed file): what a
        /// step promises about the outputs themselves — the crosswalk rows of a file — is kept only for files that exist.
        /// </summary>
        public void OnWritten(Action action) => (_onWritten ??= new List<Action>()).Add(action ?? throw new ArgumentNullException(nameof(action)));

        /// <summary>
        /// Runs <paramref name="action"/> once the output's bytes are complete, before the output appears under its name (not for a
        /// dry run, a skipped or a failed file): what must be on disk before an output may exist — the journal of the crosswalk rows
        /// that lead back from it — is written here. If it throws, the file fails and no output appears.
        /// </summary>
        public void BeforeOutputAppears(Action action) => (_beforeOutput ??= new List<Action>()).Add(action ?? throw new ArgumentNullException(nameof(action)));

        /// <summary>What <see cref="BeforeOutputAppears"/> was given, as one action for the writer; null when nothing was.</summary>
        internal Action? OutputComplete => _beforeOutput == null ? null : RunBeforeOutputAppears;

        private void RunBeforeOutputAppears()
        {
            if (_beforeOutput == null) return;
            foreach (var action in _beforeOutput) action();
        }

        /// <summary>Runs what <see cref="OnWritten"/> was given, in order (called by the batch right after the output is written).</summary>
        public void Written()
        {
            if (_onWritten == null) return;
            foreach (var action in _onWritten) action();
            _onWritten = null;
        }

        /// <summary>
        /// Whether a step may leave its look at the encoded pixel data to the write (<see cref="LookWhileWriting"/>): set by the
        /// batch for a file it will write, never for a dry run, whose counts must be known without writing.
        /// </summary>
        internal bool CanLookWhileWriting { get; init; }

        /// <summary>The look a step left to the write, if any (<see cref="LookWhileWriting"/>).</summary>
        internal PixelLookOnWrite? LookOnWrite { get; private set; }

        /// <summary>
        /// Leaves a step's look at the encoded pixel data to the write, which shows it the fragments as it copies them
        /// (<paramref name="observer"/>). Should the observer not be certain, the write is abandoned, <paramref name="instead"/>
        /// (the step's own look, and any change it makes) runs in its place, its statistics replace
        /// <paramref name="provisional"/>, and the file is written again.
        /// </summary>
        internal void LookWhileWriting(IFragmentObserver observer, Func<IStepStatistics> instead, IStepStatistics provisional) =>
            LookOnWrite = new PixelLookOnWrite(observer, instead, provisional);

        /// <summary>Records a problem that does not stop the file.</summary>
        public void Warn(DeidWarning warning) => _warnings.Add(warning ?? throw new ArgumentNullException(nameof(warning)));
    }
}
