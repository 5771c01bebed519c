using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;

namespace Deid.Fuzz
{
    /// <summary>What a run is asked to do.</summary>
    public sealed class FuzzSettings
    {
        /// <summary>The run's seed: case i of seed s is always the same input.</summary>
        public int Seed { get; init; } = 1;

        /// <summary>The first case index (to replay one case: First = i, Cases = 1).</summary>
        public long First { get; init; }

        public long Cases { get; init; } = 10_000;

        /// <summary>A case running longer than this is a hang.</summary>
        public TimeSpan CaseTimeout { get; init; } = TimeSpan.FromSeconds(30);

        /// <summary>Deflate bombs inflate past this, and the harness reads with it as DicomReadOptions.MaxInflatedLength.</summary>
        public long InflateLimit { get; init; } = 32L << 20;

        /// <summary>
        /// A case may allocate at most this, plus <see cref="AllocationPerInputByte"/> times its input size, plus
        /// <see cref="AllocationPerElement"/> times the elements its header holds.
        /// </summary>
        public long AllocationAllowance { get; init; } = 384L << 20;

        public int AllocationPerInputByte { get; init; } = 48;

        /// <summary>
        /// What the six entry points may allocate per element together (about 340 bytes each: an element's listing, its dump line,
        /// its identifier). Per byte alone, a block of 400,000 ten-byte private elements had less than 500 bytes per element for
        /// everything; measured, such a block costs 2.0-2.1 KB an element over the allowance across all six (seed 2 case 331:
        /// 1.23 GB for 401,642 elements). The two audits (Test-DeidOutput of the mutant as an output, and of the replace's output
        /// against the mutant) add about 1.5 KB an element, linearly (seed 105 case 339 with 100,000, 200,000 and 400,000 private
        /// elements: 109, 218 and 437 MiB for the second), and the two comparisons (Compare-DicomDataset of the seed and the
        /// mutant, and of the mutant and the output) 1.4 KB more (seed 106 case 290: 286 and 257 MiB for 400,000). An
        /// amplification (quadratic work, a copy per element of something file-sized) still exceeds this by far.
        /// </summary>
        public int AllocationPerElement { get; init; } = 5120;

        /// <summary>The largest private block inserted (elements). 400,000 finds a quadratic removal in the engine (see README).</summary>
        public int MaxPrivateElements { get; init; } = 400_000;

        /// <summary>The largest flood of empty items inserted; the default passes DicomReadOptions.MaxElementCount.</summary>
        public int MaxEmptyItems { get; init; } = 2_100_000;

        /// <summary>Stop after this many failures (a broken build fails every case).</summary>
        public int MaxFailures { get; init; } = 50;
    }

    /// <summary>One case that broke a rule: an undocumented exception, a hang, or too much memory.</summary>
    public sealed record FuzzFinding(int Seed, long Case, string Input, string Mutation, string Problem)
    {
        public override string ToString() => $"seed {Seed} case {Case} ({Input}; {Mutation}): {Problem}";
    }

    /// <summary>The outcome of a run.</summary>
    public sealed class FuzzReport
    {
        public long Cases { get; set; }

        /// <summary>Cases whose input Invoke-DeidReplace refused (a documented exception), as opposed to writing an output.</summary>
        public long Refused { get; set; }

        public long MaxAllocated { get; set; }

        public List<FuzzFinding> Findings { get; } = new List<FuzzFinding>();

        public Dictionary<string, long> ByMutation { get; } = new Dictionary<string, long>(StringComparer.Ordinal);

        public override string ToString() =>
            $"{Cases} cases ({Refused} refused, {Cases - Refused - Findings.Count} written), {Findings.Count} findings, largest allocation of one case {MaxAllocated / (1 << 20)} MB; by mutation: "
            + string.Join(", ", ByMutation);
    }

    /// <summary>Runs seeded mutants through <see cref="FuzzTargets"/>, each on its own thread with a timeout and an allocation bound.</summary>
    public sealed class FuzzRunner
    {
        private readonly IReadOnlyList<FuzzSeed> _seeds;
        private readonly FuzzTargets _targets;
        private readonly FuzzSettings _settings;
        private readonly FuzzMutator _mutator;

        public FuzzRunner(IReadOnlyList<FuzzSeed> seeds, FuzzTargets targets, FuzzSettings settings)
        {
            if (seeds.Count == 0) throw new ArgumentException("No seeds.", nameof(seeds));
            _seeds = seeds;
            _targets = targets;
            _settings = settings;
            _mutator = new FuzzMutator(settings.InflateLimit, settings.MaxPrivateElements, settings.MaxEmptyItems);
        }

        /// <summary>The input of one case, for replaying it outside the harness.</summary>
        public byte[] Mutant(long caseIndex, out FuzzSeed seed, out string mutation)
        {
            var rnd = new Random(unchecked((int)(_settings.Seed * 1_000_003L + caseIndex * 7919L)));
            seed = _seeds[rnd.Next(_seeds.Count)];
            return _mutator.Mutate(seed, rnd, out mutation);
        }

        public FuzzReport Run(string workFolder, Action<string>? log = null)
        {
            Directory.CreateDirectory(workFolder);
            var report = new FuzzReport();
            string path = Path.Combine(workFolder, "case.dcm");
            string seedPath = Path.Combine(workFolder, "seed.dcm");
            for (long i = _settings.First; i < _settings.First + _settings.Cases; i++)
            {
                var bytes = Mutant(i, out var seed, out var mutation);
                string kind = mutation.Split(':', 2)[0];
                report.ByMutation[kind] = report.ByMutation.TryGetValue(kind, out var n) ? n + 1 : 1;
                File.WriteAllBytes(path, bytes);
                File.WriteAllBytes(seedPath, seed.Bytes);
                report.Cases++;
                var problem = RunOne(path, seedPath, i, bytes.Length, report);
                if (problem != null)
                {
                    var finding = new FuzzFinding(_settings.Seed, i, seed.Name, mutation, problem);
                    report.Findings.Add(finding);
                    log?.Invoke("FINDING " + finding);
                    if (problem.StartsWith("hang", StringComparison.Ordinal))
                    {
                        // The hung thread still runs and holds the file; go on with a new one.
                        path = Path.Combine(workFolder, $"case-{i}.dcm");
                        seedPath = Path.Combine(workFolder, $"seed-{i}.dcm");
                    }
                    if (report.Findings.Count >= _settings.MaxFailures) break;
                }
                if (log != null && (i + 1) % 1000 == 0) log($"{i + 1 - _settings.First} cases, {report.Findings.Count} findings");
            }
            return report;
        }

        private string? RunOne(string path, string seedPath, long caseIndex, long inputLength, FuzzReport report)
        {
            Exception? failure = null;
            long allocated = 0;
            bool written = false;
            long elements = 0;
            var thread = new Thread(() =>
            {
                long before = GC.GetAllocatedBytesForCurrentThread();
                try
                {
                    written = _targets.Run(path, seedPath, caseIndex, out elements);
                }
                catch (Exception ex)
                {
                    failure = ex;
                }
                allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            }, 1 << 20)
            { IsBackground = true, Name = "fuzz case " + caseIndex };
            thread.Start();
            if (!thread.Join(_settings.CaseTimeout)) return $"hang: no result within {_settings.CaseTimeout.TotalSeconds} s";
            report.MaxAllocated = Math.Max(report.MaxAllocated, allocated);
            if (failure == null && !written) report.Refused++;
            if (failure != null) return failure is FuzzFailure ? failure.Message + Environment.NewLine + failure.InnerException?.StackTrace : failure.ToString();
            long bound = _settings.AllocationAllowance + _settings.AllocationPerInputByte * inputLength + _settings.AllocationPerElement * elements;
            if (allocated > bound) return $"memory: allocated {allocated} bytes for a {inputLength}-byte input of {elements} elements (bound {bound})";
            return null;
        }
    }
}
