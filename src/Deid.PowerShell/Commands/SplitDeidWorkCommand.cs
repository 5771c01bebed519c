using System;
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
    public sealed class SplitDeidWorkCommand : FileCmdletBase
    {
        private ShardPlanner? _planner;

        /// <summary>How many shards (machines, processes) share the work.</summary>
        [Parameter(Mandatory = true)]
        [ValidateRange(1, 1024)]
        public int ShardCount { get; set; }

        /// <summary>Write only the files of this shard (0 to ShardCount-1); by default every file, with its Shard.</summary>
        [Parameter]
        [ValidateRange(0, 1023)]
        public int? Shard { get; set; }

        /// <inheritdoc/>
        protected override void BeginProcessing()
        {
            DebugParameter.KeepFromPrompting(this);
            if (Shard.HasValue && Shard.Value >= ShardCount)
            {
                ThrowTerminatingError(new ErrorRecord(new ArgumentException($"-Shard {Shard} is not below -ShardCount {ShardCount} (shards count from 0)."),
                    "ShardOutOfRange", ErrorCategory.InvalidArgument, Shard));
            }
            _planner = new ShardPlanner(ShardCount);
        }

        /// <inheritdoc/>
        protected override void ProcessRecord()
        {
            foreach (var path in ResolveFiles())
            {
                DeidShard assignment;
                try
                {
                    assignment = _planner!.Assign(path);
                }
                catch (Exception ex) when (Errors.IsPerFile(ex))
                {
                    WriteError(Errors.ForFile(ex, path));
                    continue;
                }
                if (!Shard.HasValue || assignment.Shard == Shard.Value) WriteObject(assignment);
            }
        }
    }
}
