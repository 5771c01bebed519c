using System;
using System.Collections.Generic;
using System.Threading;

namespace Deid.Batch
{
    /// <summary>One file to de-identify: where it is, where its copy goes, and its variables.</summary>
    public sealed class DeidFileRequest
    {
        private static long _created;

        /// <summary>Creates a request; with <paramref name="dryRun"/> the file is processed but nothing is written.</summary>
        public DeidFileRequest(string sourcePath, string outputPath, IReadOnlyDictionary<string, object?>? variables = null, bool dryRun = false)
        {
            DryRun = dryRun;
            SourcePath = sourcePath ?? throw new ArgumentNullException(nameof(sourcePath));
            OutputPath = outputPath ?? throw new ArgumentNullException(nameof(outputPath));
            Variables = variables ?? new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
        }

        /// <summary>The input file (never modified).</summary>
        public string SourcePath { get; }

        /// <summary>The output file.</summary>
        public string OutputPath { get; }

        /// <summary>The variables (<c>var:</c> values and <c>func:</c> functions) for this file.</summary>
        public IReadOnlyDictionary<string, object?> Variables { get; }

        /// <summary>
        /// Process this file but write nothing, as <see cref="DeidBatch.DryRun"/> does for a whole batch: set per file because
        /// -WhatIf and -Confirm decide file by file, and a what-if run still needs each file's counts and warnings.
        /// </summary>
        public bool DryRun { get; }

        /// <summary>
        /// The input's path below -RelativeTo or the -Recurse folder (the <c>{RelativePath}</c> token of
        /// <see cref="DeidBatch.OutputName"/>); null for a file given on its own, whose file name is used.
        /// </summary>
        public string? RelativePath { get; init; }

        /// <summary>
        /// The order requests were made in (a process-wide count): cmdlets make them in input order, so a warning given once a
        /// batch goes to the first file in input order that has it, however the workers are scheduled (<see cref="Steps.OnceGate"/>).
        /// </summary>
        internal long Sequence { get; } = Interlocked.Increment(ref _created);

        /// <summary>"source -> output" (what Export-Csv writes for a result's Request).</summary>
        public override string ToString() => SourcePath + " -> " + OutputPath;
    }
}
