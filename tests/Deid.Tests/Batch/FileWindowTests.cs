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

        [Theory]
        [InlineData(1, false)]
        [InlineData(2, false)]
        [InlineData(2, true)]
        [InlineData(4, true)]
        public void ABudget_EndsAWindowEarly_TheRestComeInLaterWindows_InInputOrder(int throttleLimit, bool overlap)
        {
            // Files weigh 1, except every fifth, which weighs 10; a window stops reading once it holds 12. Whether windows are
            // read in the background (Advance) or here (Drain), every file comes back once, in order, and no window holds much
            // more than the budget (each thread may finish the file it had begun).
            var names = Names(103).ToList();
            long Weight(string p) => int.Parse(p.Substring(1), System.Globalization.CultureInfo.InvariantCulture) % 5 == 0 ? 10 : 1;
            using var window = new FileWindow<string>((string p, out long w) =>
            {
                w = Weight(p);
                return p.ToUpperInvariant();
            }, throttleLimit, windowSize: 16, budget: 12);
            var seen = new List<string>();
            var windows = new List<IReadOnlyList<FileWindowResult<string>>>();
            foreach (var name in names)
            {
                window.Add(name);
                if (!window.IsFull) continue;
                if (overlap) windows.Add(window.Advance());
                else windows.AddRange(window.Drain());
            }
            windows.AddRange(window.Drain());
            foreach (var w in windows) seen.AddRange(w.Select(r => r.Value!));
            Assert.Equal(names.Select(n => n.ToUpperInvariant()), seen);
            Assert.Contains(windows, w => w.Count > 1);
            foreach (var w in windows.Where(w => w.Count > 0))
            {
                long held = w.Sum(r => Weight(r.Path));
                // Before the budget was reached the window held less than it; after, only files already begun were finished,
                // one a thread at most: what it holds less its throttleLimit heaviest files is under the budget.
                long begun = w.Select(r => Weight(r.Path)).OrderByDescending(x => x).Take(throttleLimit).Sum();
                Assert.True(held - begun < 12, $"a window of {w.Count} files weighing {held}");
            }
            Assert.Empty(window.Flush());
        }

        [Fact]
        public void ABudget_StillReadsOneHeavyFileAWindow()
        {
            using var window = new FileWindow<int>((string p, out long w) =>
            {
                w = 1000;
                return p.Length;
            }, throttleLimit: 1, windowSize: 8, budget: 10);
            foreach (var name in Names(8)) window.Add(name);
            Assert.True(window.IsFull);
            var windows = new List<int> { window.Advance().Count };
            windows.AddRange(window.Drain().Select(w => w.Count));
            Assert.Equal(Enumerable.Repeat(1, 8), windows);
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
