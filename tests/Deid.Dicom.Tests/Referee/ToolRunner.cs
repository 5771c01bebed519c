using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace Deid.Dicom.Tests.Referee
{
    /// <summary>What one run of an external tool produced.</summary>
    public sealed class ToolResult
    {
        internal ToolResult(string tool, IReadOnlyList<string> arguments, int exitCode, string stdout, string stderr, bool timedOut, TimeSpan elapsed)
        {
            Tool = tool;
            Arguments = arguments;
            ExitCode = exitCode;
            Stdout = stdout;
            Stderr = stderr;
            TimedOut = timedOut;
            Elapsed = elapsed;
        }

        public string Tool { get; }

        public IReadOnlyList<string> Arguments { get; }

        /// <summary>The exit code; -1 when the tool was killed after its timeout.</summary>
        public int ExitCode { get; }

        /// <summary>Standard output, decoded as Latin-1 so that every byte survives as one char.</summary>
        public string Stdout { get; }

        /// <summary>Standard error, decoded as Latin-1.</summary>
        public string Stderr { get; }

        public bool TimedOut { get; }

        public TimeSpan Elapsed { get; }

        /// <summary>The lines of standard error that start with <paramref name="prefix"/> (dcmtk's "E:", "F:", "W:").</summary>
        public IEnumerable<string> StderrLines(string prefix) =>
            Stderr.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.StartsWith(prefix, StringComparison.Ordinal));

        /// <summary>The command line, quoted for a shell, for failure messages.</summary>
        public string CommandLine => Tool + " " + string.Join(" ", Arguments.Select(a => a.Any(char.IsWhiteSpace) || a.Contains('\'') ? "'" + a.Replace("'", "'\\''") + "'" : a));

        /// <summary>A summary for assertion messages: command, exit code and the start of standard error.</summary>
        public string Describe(int maxStderr = 2000)
        {
            string err = Stderr.Length > maxStderr ? Stderr.Substring(0, maxStderr) + "..." : Stderr;
            return $"{CommandLine}\n  exit code {ExitCode}{(TimedOut ? " (killed after timeout)" : "")}, {Elapsed.TotalMilliseconds:F0} ms\n  stderr: {err.TrimEnd()}";
        }
    }

    /// <summary>
    /// Runs the referee tools (dcmtk, dicom3tools) with a timeout, capturing exit code, standard output and standard
    /// error. At most two tools run at once in the whole test run, because the machines these tests run on have two
    /// cores shared with other builds.
    /// </summary>
    public static class ToolRunner
    {
        /// <summary>The most tool processes alive at once, across all tests.</summary>
        public const int MaxParallel = 2;

        private static readonly SemaphoreSlim Slots = new SemaphoreSlim(MaxParallel, MaxParallel);
        private static readonly Encoding Latin1 = Encoding.Latin1;
        private static readonly Dictionary<string, string?> Located = new Dictionary<string, string?>(StringComparer.Ordinal);

        /// <summary>The default time one tool run may take before it is killed.</summary>
        public static TimeSpan DefaultTimeout { get; } = TimeSpan.FromSeconds(60);

        /// <summary>
        /// The full path of <paramref name="tool"/> on PATH; throws with an install hint when it is missing, since CI
        /// (.ci/run) installs these tools and a referee that silently skips proves nothing.
        /// </summary>
        public static string Require(string tool)
        {
            lock (Located)
            {
                if (!Located.TryGetValue(tool, out var found))
                {
                    found = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
                        .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
                        .Select(dir => Path.Combine(dir, tool))
                        .FirstOrDefault(File.Exists);
                    Located[tool] = found;
                }
                if (found != null) return found;
            }
            string package = tool switch
            {
                "dciodvfy" => "dicom3tools",
                _ when tool.StartsWith("gdcm", StringComparison.Ordinal) => "libgdcm-tools",
                _ => "dcmtk",
            };
            throw new InvalidOperationException(
                $"The referee tool '{tool}' is not on PATH. Install it (apt-get install {package}); .ci/run installs it for CI. These tests do not skip without it.");
        }

        /// <summary>Runs a tool and waits for it, holding one of the <see cref="MaxParallel"/> slots while it runs.</summary>
        public static async Task<ToolResult> RunAsync(string tool, IReadOnlyList<string> arguments, TimeSpan? timeout = null)
        {
            string exe = Require(tool);
            var limit = timeout ?? DefaultTimeout;
            await Slots.WaitAsync().ConfigureAwait(false);
            try
            {
                var psi = new ProcessStartInfo(exe)
                {
                    RedirectStandardOutput = true,
                    RedirectStandardError = true,
                    RedirectStandardInput = false,
                    UseShellExecute = false,
                    CreateNoWindow = true,
                    StandardOutputEncoding = Latin1,
                    StandardErrorEncoding = Latin1,
                };
                foreach (var a in arguments) psi.ArgumentList.Add(a);
                // dcmtk looks for its data dictionary through DCMDICTPATH; a stray value from a developer shell would
                // change what it prints, so the installed default is used.
                psi.Environment.Remove("DCMDICTPATH");
                var clock = Stopwatch.StartNew();
                using var process = Process.Start(psi) ?? throw new InvalidOperationException($"Could not start {exe}.");
                var stdout = process.StandardOutput.ReadToEndAsync();
                var stderr = process.StandardError.ReadToEndAsync();
                bool timedOut = false;
                using (var cts = new CancellationTokenSource(limit))
                {
                    try
                    {
                        await process.WaitForExitAsync(cts.Token).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException)
                    {
                        timedOut = true;
                        try
                        {
                            process.Kill(entireProcessTree: true);
                        }
                        catch (InvalidOperationException)
                        {
                            // It exited between the timeout and the kill.
                        }
                        process.WaitForExit();
                    }
                }
                string outText = await stdout.ConfigureAwait(false);
                string errText = await stderr.ConfigureAwait(false);
                return new ToolResult(tool, arguments.ToArray(), timedOut ? -1 : process.ExitCode, outText, errText, timedOut, clock.Elapsed);
            }
            finally
            {
                Slots.Release();
            }
        }

        /// <summary>Runs a tool synchronously; see <see cref="RunAsync"/>.</summary>
        public static ToolResult Run(string tool, IReadOnlyList<string> arguments, TimeSpan? timeout = null) =>
            RunAsync(tool, arguments, timeout).GetAwaiter().GetResult();
    }
}
