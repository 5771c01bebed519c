using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading.Tasks;

namespace Deid.Dicom.Tests.Referee
{
    /// <summary>The two dcmdump runs the listing comparison uses for one file.</summary>
    public sealed class DumpRuns
    {
        public DumpRuns(ToolResult raw, ToolResult? utf8)
        {
            Raw = raw;
            Utf8 = utf8;
        }

        /// <summary>dcmdump with <see cref="Dcmdump.Options"/>: stored bytes, structure, VRs.</summary>
        public ToolResult Raw { get; }

        /// <summary>
        /// The same with +U8, run only when some text affected by Specific Character Set is not plain ASCII (for ASCII
        /// text the stored bytes are the characters, so the raw run already decides).
        /// </summary>
        public ToolResult? Utf8 { get; }
    }

    /// <summary>Runs dcmdump with the options the referee parses, and caches the runs per file for the test run.</summary>
    public static class Dcmdump
    {
        /// <summary>
        /// -Un: UIDs as numbers, not names. -dc: no "automatic data correction", so values are printed as stored
        /// (dcmtk would otherwise e.g. remove spaces from UIDs). +L: values printed completely, never cut with "...".
        /// +M: every value loaded, so none is "(not loaded)" (Pixel Data included; the listing is compared in full).
        /// -uc: UN of defined length stays UN and is printed as bytes, as it is stored (our VR is the stored VR too).
        /// +Qn: control and non-ASCII bytes printed as &amp;#n; and &lt; &gt; &amp; " ' as entities, so a value that holds
        /// newlines stays on one line and the quoting can be undone exactly (+Qo, octal, does not quote '\'). The
        /// default indented layout (-T) gives one line per element with nesting by indentation.
        /// </summary>
        public static readonly IReadOnlyList<string> Options = new[] { "-Un", "-dc", "+L", "+M", "-uc", "+Qn" };

        private static readonly ConcurrentDictionary<string, Lazy<Task<DumpRuns>>> Cache = new ConcurrentDictionary<string, Lazy<Task<DumpRuns>>>(StringComparer.Ordinal);

        // A text line of a VR affected by Specific Character Set with an ESC or a byte above 0x7F in its value.
        private static readonly Regex NonAsciiText = new Regex(
            @"^ *\([0-9a-f]{4},[0-9a-f]{4}\) (SH|LO|ST|LT|PN|UC|UT) .*&#(27|12[89]|1[3-9][0-9]|2[0-9][0-9]);", RegexOptions.Multiline | RegexOptions.CultureInvariant);

        /// <summary>Runs dcmdump on <paramref name="path"/> with <see cref="Options"/> and <paramref name="extra"/> options.</summary>
        public static Task<ToolResult> RunAsync(string path, params string[] extra) =>
            ToolRunner.RunAsync("dcmdump", Options.Concat(extra).Append(path).ToArray());

        /// <summary>The cached runs for a file, started now if they were not yet.</summary>
        public static Task<DumpRuns> Get(string fullPath) =>
            Cache.GetOrAdd(fullPath, p => new Lazy<Task<DumpRuns>>(() => Task.Run(() => RunBoth(p)))).Value;

        /// <summary>Starts the runs of every file in the background (two processes at a time), so a test waits less.</summary>
        public static void Prefetch(IEnumerable<string> fullPaths)
        {
            foreach (var p in fullPaths) Get(p);
        }

        private static async Task<DumpRuns> RunBoth(string path)
        {
            var raw = await RunAsync(path).ConfigureAwait(false);
            ToolResult? utf8 = null;
            if (raw.ExitCode == 0 && NonAsciiText.IsMatch(raw.Stdout)) utf8 = await RunAsync(path, "+U8").ConfigureAwait(false);
            return new DumpRuns(raw, utf8);
        }

        /// <summary>
        /// True when a +U8 run failed only because dcmtk's character set conversion (iconv here, ICU elsewhere) could not
        /// convert the file's character set: glibc's iconv has no ISO 2022 IR 87/159 (Japanese) code extensions. The
        /// decoded text cannot be refereed by dcmtk then; the stored bytes still are, by the raw run.
        /// </summary>
        public static bool IsConversionUnsupported(ToolResult utf8) =>
            utf8.ExitCode != 0
            && utf8.StderrLines("F: ").Any(l => l.Contains("Cannot open character encoding", StringComparison.Ordinal) || l.Contains("Cannot convert character encoding", StringComparison.Ordinal))
            && utf8.StderrLines("E: ").All(l => l.Contains("is not supported by the utilized character set conversion library", StringComparison.Ordinal) || l.Contains("dcmdump:", StringComparison.Ordinal));
    }
}
