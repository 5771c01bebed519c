using System.Runtime.CompilerServices;

namespace Deid
{
    /// <summary>
    /// The method attribute value for per-element code (the codec's reading, writing and values; the engine's actions, field
    /// lists and matching; the leak audit's forms, needles and search): compiled fully optimised on first call, never re-tiered.
    /// </summary>
    /// <remarks>
    /// Why: a batch is one process that reads a few thousand files and ends. The ReadyToRun code of a method that gets hot is
    /// recompiled by .NET's tiered compilation, first with instrumentation (Tiered PGO), then optimised; on two cores that cycle
    /// took about 10,000 small files, which ran at twice their final cost meanwhile (docs/benchmarks.md, "Where the time goes").
    /// Methods marked with this skip ReadyToRun and tiering alike: one optimised JIT compilation when first called. Kept to the
    /// paths that run per element; cold code stays precompiled. The framework's own methods cannot be marked: under pwsh its
    /// hot ones (dictionary lookups, string searches, path normalisation, BigInteger formatting) stayed in the instrumented tier
    /// for more than 16,000 files (each first call of a method pauses tiering for another 100 ms, and a batch keeps making
    /// them), so per-element code keeps out of them where a short loop of ours will do (docs/benchmarks.md, 2026-12-06). The value is <c>MethodImplOptions.AggressiveOptimization</c>,
    /// which netstandard2.0 does not name; .NET Framework ignores it. One source file, compiled into each assembly that links
    /// src/Shared (the type is internal).
    /// </remarks>
    internal static class HotPath
    {
        /// <summary><c>MethodImplOptions.AggressiveOptimization</c> (512).</summary>
        internal const MethodImplOptions Optimized = (MethodImplOptions)512;
    }
}
