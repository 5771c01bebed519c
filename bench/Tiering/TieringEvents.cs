using System;
using System.Collections.Concurrent;
using System.Diagnostics.Tracing;

/// <summary>
/// The runtime's own account of tiered compilation in this process (bench/Tiering/Events.ps1 compiles it with Add-Type):
/// each method compiled (with its tier), each ReadyToRun method looked up for its first call, and each pause and resume of
/// tiering's background work, with times, while <see cref="On"/>.
/// </summary>
public sealed class TieringEvents : EventListener
{
    // JIT (0x10), TieredCompilation (0x1000000000) and CompilationDiagnostic (0x2000000000) keywords.
    private const long Keywords = 0x10 | 0x1000000000 | 0x2000000000;

    /// <summary>One line an event: time, kind, detail.</summary>
    public readonly ConcurrentQueue<string> Lines = new ConcurrentQueue<string>();

    /// <summary>Whether events are recorded.</summary>
    public volatile bool On;

    protected override void OnEventSourceCreated(EventSource source)
    {
        if (source.Name == "Microsoft-Windows-DotNETRuntime") EnableEvents(source, EventLevel.Verbose, (EventKeywords)Keywords);
    }

    protected override void OnEventWritten(EventWrittenEventArgs e)
    {
        if (!On || e.EventName == null) return;
        string time = e.TimeStamp.ToUniversalTime().ToString("HH:mm:ss.fff");
        if (e.EventName.StartsWith("MethodLoadVerbose", StringComparison.Ordinal))
        {
            // MethodFlags bits 7-9: 1 MinOpts, 2 Optimized (AggressiveOptimization), 3 tier 0, 4 tier 1, 5 tier-1 OSR,
            // 6 tier 0 instrumented, 7 tier 1 instrumented.
            long tier = (Convert.ToInt64(e.Payload![5]) >> 7) & 7;
            Lines.Enqueue(time + " jit" + tier + " " + e.Payload[6] + "." + e.Payload[7]);
        }
        else if (e.EventName.StartsWith("R2RGetEntryPoint", StringComparison.Ordinal))
        {
            Lines.Enqueue(time + " r2r " + e.Payload![1] + "." + e.Payload[2]);
        }
        else if (e.EventName == "TieredCompilationPause" || e.EventName == "TieredCompilationResume")
        {
            Lines.Enqueue(time + " " + e.EventName);
        }
    }
}
