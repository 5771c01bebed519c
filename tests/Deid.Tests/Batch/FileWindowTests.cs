using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Deid.Batch;
using Xunit;

namespace Deid.Tests.Batch
{
    /// <summary>
    /// <see cref="FileWindow{T}"/>: windows read in parallel, results in input order whichever way they are collected — each
    /// window when full (Flush) or the next window read in the background while the one before is handed on (Advance).
    /// </summary>
    public sealed class FileWindowTests
    {
        private static IEnumerable<string> Names(int count) => Enumerable.Range(0, count).Select(i => "f" + i.ToString("D3", System.Globalization.CultureInfo.InvariantCulture));

        [Fact]
        public void Advance_HandsBackThePreviousWindow_AndFlushTheRest_InInputOrder()
        {
            using var window = new FileWindow<string>(p => p.ToUpperInvariant(), throttleLimit: 2, windowSize: 4);
            var seen = new List<string>();
            var handedBack = new List<int>();
            foreach (var name in Names(10))
            {
                window.Add(name);
                if (!window.IsFull) continue;
                var results = window.Advance();
                handedBack.Add(results.Count);
                seen.AddRange(results.Select(r => r.Value!));
            }
            // The first full window is only started; the second hands back the first.
            Assert.Equal(new[] { 0, 4 }, handedBack);
            seen.AddRange(window.Flush().Select(r => r.Value!));
            Assert.Equal(Names(10).Select(n => n.ToUpperInvariant()), seen);
            Assert.Empty(window.Flush());
        }

        [Fact]
        public void AFailure_ComesBackInItsPlace_FromABackgroundWindow()
        {
            using var window = new FileWindow<int>(p => p == "f002" ? throw new InvalidOperationException("broken " + p) : p.Length, 3, 3);
            foreach (var name in Names(3)) window.Add(name);
            Assert.Empty(window.Advance());
            var results = window.Flush();
            Assert.Equal(Names(3), results.Select(r => r.Path));
            Assert.Null(results[0].Error);
            Assert.Equal("broken f002", Assert.IsType<InvalidOperationException>(results[2].Error).Message);
        }

        [Fact]
        public async Task Dispose_StopsAWindowBeingReadInTheBackground()
        {
            int read = 0;
            using var gate = new SemaphoreSlim(0);
            using var started = new ManualResetEventSlim();
            var window = new FileWindow<int>(
                p =>
                {
                    if (Interlocked.Increment(ref read) == 1) started.Set();
                    gate.Wait();
                    return 0;
                },
                throttleLimit: 2,
                windowSize: 50);
            foreach (var name in Names(50)) window.Add(name);
            window.Advance();
            started.Wait();
            // Let the first read finish once Dispose has asked the window to stop; the other 49 are never read.
            var release = Task.Run(() =>
            {
                Thread.Sleep(100);
                gate.Release(50);
            });
            window.Dispose();
            await release;
            Assert.InRange(read, 1, 5);
            window.Dispose(); // a second Dispose (PowerShell's, after the caller's) does nothing
            Assert.InRange(read, 1, 5);
        }
    }
}
