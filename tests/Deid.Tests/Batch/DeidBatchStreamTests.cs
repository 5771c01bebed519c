using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Deid.Actions;
using Deid.Batch;
using Deid.Dicom;
using Deid.Recipes;
using Deid.Samples;
using Xunit;

namespace Deid.Tests.Batch
{
    /// <summary>
    /// DeidBatchStream, the batch a PowerShell pipeline feeds one file at a time: results come back in submission order whatever
    /// order the files finish in; Pending counts what was submitted and not taken; disposing drops the files not started and waits
    /// for the running ones, which finish their write (so nothing is written after Dispose returns and nothing is half-written);
    /// cancelling does the same and makes Take report it.
    /// </summary>
    public sealed class DeidBatchStreamTests : IDisposable
    {
        // Each file's PatientID comes from a function that waits until the test lets that file go on.
        private const string HoldRecipe = "FORMAT dicom\n%header\nREPLACE PatientID func:hold\n";
        private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

        private readonly string _root = Path.Combine(Path.GetTempPath(), "deid-stream-" + Guid.NewGuid().ToString("N").Substring(0, 12));

        public DeidBatchStreamTests() => Directory.CreateDirectory(_root);

        public void Dispose() => Directory.Delete(_root, true);

        private string Out => Path.Combine(_root, "out");

        /// <summary>Input files, a gate per file, and requests whose func:hold waits for that file's gate.</summary>
        private (List<DeidFileRequest> Requests, ManualResetEventSlim[] Gates, ManualResetEventSlim[] Started) Setup(int count)
        {
            string dir = Path.Combine(_root, "in");
            Directory.CreateDirectory(dir);
            Directory.CreateDirectory(Out);
            var gates = Enumerable.Range(0, count).Select(_ => new ManualResetEventSlim(false)).ToArray();
            var started = Enumerable.Range(0, count).Select(_ => new ManualResetEventSlim(false)).ToArray();
            var requests = new List<DeidFileRequest>();
            for (int i = 0; i < count; i++)
            {
                var sample = DicomSampleGenerator.Create(i, new DicomSampleOptions { Seed = 5, Rows = 8, Columns = 8 });
                string input = Path.Combine(dir, sample.FileName);
                sample.File.Save(input);
                int index = i;
                DeidFunction hold = call =>
                {
                    started[index].Set();
                    Assert.True(gates[index].Wait(Patience), "the test never let file " + index + " go on");
                    return "HELD-" + index;
                };
                requests.Add(new DeidFileRequest(input, Path.Combine(Out, sample.FileName),
                    new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase) { ["hold"] = hold }));
            }
            return (requests, gates, started);
        }

        private static DeidBatch Batch() => new DeidBatch(new HeaderActionEngine(DeidRecipe.Parse(HoldRecipe)));

        private static string[] Written(string folder) => Directory.GetFiles(folder).Select(Path.GetFileName).OrderBy(n => n, StringComparer.Ordinal).ToArray()!;

        [Fact]
        public void ResultsComeBackInSubmissionOrderWhateverOrderTheyFinishIn()
        {
            var (requests, gates, started) = Setup(5);
            using var stream = new DeidBatchStream(Batch(), throttleLimit: 5);
            foreach (var r in requests) stream.Submit(r);
            Assert.Equal(5, stream.Pending);
            foreach (var s in started) Assert.True(s.Wait(Patience));

            // The last four finish first: nothing can be taken while the first is still running.
            for (int i = 4; i >= 1; i--) gates[i].Set();
            SpinWait.SpinUntil(() => Directory.GetFiles(Out, "*.dcm").Length == 4, Patience);
            Assert.False(stream.TryTake(out _));
            Assert.Equal(5, stream.Pending);

            gates[0].Set();
            var results = Enumerable.Range(0, 5).Select(_ => stream.Take()).ToList();
            Assert.Equal(requests.Select(r => r.SourcePath), results.Select(r => r.SourcePath));
            Assert.All(results, r => Assert.True(r.Succeeded && r.Written, r.Error?.ToString()));
            for (int i = 0; i < 5; i++) Assert.Equal("HELD-" + i, DicomFile.Open(results[i].OutputPath).Dataset.GetString(new DicomTag(0x0010, 0x0020)));
            Assert.Equal(0, stream.Pending);
            Assert.False(stream.TryTake(out _));
            Assert.Throws<InvalidOperationException>(() => stream.Take());
        }

        [Fact]
        public void AFullWindowWaitsForItsOldestHalfBeforeTakingMore()
        {
            // One worker: a window of four. The fifth file waits until the two oldest are done, and then both come back at
            // once; the taker is not woken for the first alone.
            var (requests, gates, started) = Setup(6);
            using var stream = new DeidBatchStream(Batch(), throttleLimit: 1);
            for (int i = 0; i < 4; i++) Assert.Empty(stream.SubmitBounded(requests[i]).ToList());
            List<DeidFileResult> fifth = new List<DeidFileResult>();
            using var returned = new ManualResetEventSlim(false);
            var taker = new Thread(() =>
            {
                fifth = stream.SubmitBounded(requests[4]).ToList();
                returned.Set();
            });
            taker.Start();
            gates[0].Set();
            Assert.True(started[1].Wait(Patience));
            Assert.True(File.Exists(requests[0].OutputPath));
            Assert.False(returned.Wait(TimeSpan.FromMilliseconds(300)), "the taker came back with the oldest file alone");
            gates[1].Set();
            Assert.True(returned.Wait(Patience));
            taker.Join();
            Assert.Equal(requests.Take(2).Select(r => r.SourcePath), fifth.Select(r => r.SourcePath));
            Assert.Equal(3, stream.Pending);
            foreach (var g in gates) g.Set();
            var rest = stream.SubmitBounded(requests[5]).Concat(stream.TakeAll()).ToList();
            Assert.Equal(requests.Skip(2).Select(r => r.SourcePath), rest.Select(r => r.SourcePath));
            Assert.All(fifth.Concat(rest), r => Assert.True(r.Succeeded && r.Written, r.Error?.ToString()));
        }

        [Fact]
        public void NoMoreThanTheThrottleLimitRunAtOnce()
        {
            var (requests, gates, started) = Setup(4);
            using var stream = new DeidBatchStream(Batch(), throttleLimit: 2);
            foreach (var r in requests) stream.Submit(r);
            Assert.True(started[0].Wait(Patience));
            Assert.True(started[1].Wait(Patience));
            Assert.False(started[2].Wait(TimeSpan.FromMilliseconds(300)));
            gates[0].Set();
            Assert.True(started[2].Wait(Patience));
            Assert.False(started[3].IsSet);
            foreach (var g in gates) g.Set();
            Assert.Equal(requests.Select(r => r.SourcePath), Enumerable.Range(0, 4).Select(_ => stream.Take().SourcePath));
        }

        [Fact]
        public void DisposeDropsTheFilesNotStartedAndWaitsForTheRunningOne()
        {
            var (requests, gates, started) = Setup(4);
            var stream = new DeidBatchStream(Batch(), throttleLimit: 1);
            foreach (var r in requests) stream.Submit(r);
            Assert.True(started[0].Wait(Patience));
            int released = 0;
            var release = Task.Run(() =>
            {
                Thread.Sleep(200);
                // Marked before the gate opens: the task itself may be reported complete a moment after Dispose returns.
                Volatile.Write(ref released, 1);
                gates[0].Set();
            });
            stream.Dispose();

            // The running file finished its write before Dispose returned (so after its gate opened); the others never
            // started; nothing is half-written.
            Assert.Equal(1, Volatile.Read(ref released));
            var afterDispose = Written(Out);
            Assert.Equal(new[] { Path.GetFileName(requests[0].OutputPath) }, afterDispose);
            Assert.True(DicomFile.Open(requests[0].OutputPath).Dataset.Count > 0);
            foreach (var g in gates) g.Set();
            Thread.Sleep(200);
            Assert.Equal(afterDispose, Written(Out));
            Assert.False(started[1].IsSet);
            Assert.Throws<ObjectDisposedException>(() => stream.Submit(requests[1]));
        }

        [Fact]
        public void CancellingLetsTheRunningFileFinishAndTakeReportsTheRest()
        {
            var (requests, gates, started) = Setup(3);
            using var cancel = new CancellationTokenSource();
            using var stream = new DeidBatchStream(Batch(), throttleLimit: 1, cancel.Token);
            foreach (var r in requests) stream.Submit(r);
            Assert.True(started[0].Wait(Patience));
            cancel.Cancel();
            gates[0].Set();

            var first = stream.Take();
            Assert.True(first.Succeeded && first.Written);
            Assert.Throws<OperationCanceledException>(() => stream.Take());
            Assert.Throws<OperationCanceledException>(() => stream.Submit(requests[0]));
            Assert.Equal(new[] { Path.GetFileName(requests[0].OutputPath) }, Written(Out));
        }

        [Fact]
        public void RunWithAWindowGivesTheSameResultsAsOneFileAtATime()
        {
            var (requests, gates, _) = Setup(12);
            foreach (var g in gates) g.Set();
            var parallel = new DeidBatch(new HeaderActionEngine(DeidRecipe.Parse(HoldRecipe))) { ThrottleLimit = 3 }.Run(requests).ToList();
            Assert.Equal(requests.Select(r => r.SourcePath), parallel.Select(r => r.SourcePath));
            Assert.All(parallel, r => Assert.True(r.Written, r.Error?.ToString()));
            Assert.Equal(12, DeidBatch.InFlightWindow(3));
        }
    }
}
