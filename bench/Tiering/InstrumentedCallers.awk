# Samples in tiered PGO's instrumented code, by the first Deid frame above them (issue 14). Input: `perf script -F ip,sym,dso`
# of a `perf record -g` taken with DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0 (so that jitted frames have names):
#   DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0 perf record -F 2000 -g -o p.data -- dotnet pwsh bench/Tiering/Passes.ps1 -Corpus C
#   perf script -i p.data -F ip,sym,dso | awk -f bench/Tiering/InstrumentedCallers.awk | sort -rn | head -30
# A sample counts when its leaf is instrumented code or runtime code it called (the count probes) - taken as any sample with
# an instrumented frame among its first three.
BEGIN { RS = "" }
{
    n = split($0, frames, "\n")
    leaf = ""
    for (i = 1; i <= n && i <= 3; i++) if (frames[i] ~ /\[InstrumentedTier/) { leaf = frames[i]; break }
    total++
    if (leaf == "") next
    caller = "(no Deid frame)"
    for (i = 1; i <= n; i++) if (frames[i] ~ /\[Deid|Deid\.[A-Z]/) { caller = frames[i]; break }
    sub(/^[ \t]*[0-9a-f]+ /, "", leaf); sub(/\(.*/, "", leaf); sub(/.*\] /, "", leaf)
    sub(/^[ \t]*[0-9a-f]+ /, "", caller); sub(/\(.*/, "", caller); sub(/.*\] /, "", caller)
    count[caller " <- " leaf]++
    instrumented++
}
END {
    for (k in count) print count[k], k
    printf "%d of %d samples (%.1f %%) in or under instrumented code\n", instrumented, total, 100 * instrumented / total
}
