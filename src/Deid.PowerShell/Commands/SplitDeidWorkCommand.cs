using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using Deid.Batch;

namespace Deid.PowerShell.Commands
{
    /// <summary>
    /// Partitions files into shards by a hash of their StudyInstanceUID (headers only), so a study never spans shards and every
    /// machine computes the same split on its own: the fan-out step of a run over PowerShell remoting, jobs or
    /// ForEach-Object -Parallel. With -Shard only that shard's files are written, ready to pipe into Invoke-DeidReplace.
    /// </summary>
    [Cmdlet(VerbsCommon.Split, "DeidWork", DefaultParameterSetName = PathParameterSet)]
    [OutputType(typeof(DeidShard))]
    public sealed class SplitDeidWorkCommand : FileCmdletBase, IDisposable
    {
        private ShardPlanner? _planner;
        // Headers read in parallel windows, results in input order, as Get-DicomIdentifier reads (#14: read one after another,
        // unpaced, 20,000 files peaked 63 MB above 2,000).
        private WindowedReading<DeidShard>? _reading;

        /// <summary>How many shards (machines, processes) share the work.</summary>
        [Parameter(Mandatory = true)]
        [ValidateRange(1, 1024)]
        public int ShardCount { get; set; }

        /// <summary>Write only the files of this shard (0 to ShardCount-1); by default every file, with its Shard.</summary>
        [Parameter]
        [ValidateRange(0, 1023)]
        public int Shard
        {
            get => _shard ?? -1;
            set => _shard = value;
        }

        // An int, not int?: help and syntax showed the parameter as <Nullable> and its type as System.Nullable`1[[System.Int32,
        // System.Private.CoreLib ...]], an assembly Windows PowerShell does not have (QA 2026-12-07). Given or not, kept here.
        private int? _shard;

        /// <summary>How many files are read at once (default: the number of processors). Results keep the input order.</summary>
        [Parameter]
        [ValidateRange(1, 64)]
        public int ThrottleLimit { get; set; } = Environment.ProcessorCount;

        /// <inheritdoc/>
        protected override void BeginProcessing()
        {
            DebugParameter.KeepFromPrompting(this);
            if (_shard.HasValue && _shard.Value >= ShardCount)
            {
                ThrowTerminatingError(new ErrorRecord(new ArgumentException($"-Shard {Shard} is not below -ShardCount {ShardCount} (shards count from 0)."),
                    "ShardOutOfRange", ErrorCategory.InvalidArgument, Shard));
            }
            _planner = new ShardPlanner(ShardCount);
        }

        /// <inheritdoc/>
        protected override void ProcessRecord()
        {
            _reading ??= new WindowedReading<DeidShard>(
                () => FileWindow<DeidShard>.ForHeaders(p => _planner!.Assign(p), ThrottleLimit),
                Write, this, ProgressIds.SplitDeidWork);
            _reading.Read(ResolveFiles());
        }

        /// <inheritdoc/>
        protected override void EndProcessing() => _reading?.Finish();

        /// <summary>Stops a window still being read when the pipeline ends early (Select-Object -First, Ctrl+C, an error).</summary>
        public void Dispose() => _reading?.Dispose();

        // Only the reading is guarded: what WriteObject throws (a stopped pipeline) must stop the command.
        private void Write(IReadOnlyList<FileWindowResult<DeidShard>> results)
        {
            // A file no shard can read is said by one shard, the one its path hashes to (as a file without a study is placed):
            // every shard reads every header, and N shards said each such file N times (QA 2026-12-07).
            if (_shard.HasValue) results = results.Where(r => !(r.Error is Exception ex && Errors.IsPerFile(ex) && _planner!.ShardOf("path:" + r.Path) != _shard.Value)).ToList();
            Errors.WriteInOrder(this, results, (path, assignment) =>
            {
                if (!_shard.HasValue || assignment.Shard == _shard.Value) WriteObject(assignment);
            });
        }
    }
}
