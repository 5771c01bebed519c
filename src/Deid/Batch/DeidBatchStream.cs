using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Deid.Steps;

namespace Deid.Batch
{
    /// <summary>
    /// A batch fed one file at a time: <see cref="Submit"/> starts a file as soon as a worker is free, <see cref="TryTake"/> and
    /// <see cref="Take"/> hand results back in submission order. A PowerShell pipeline uses it to start writing while
    /// Get-ChildItem is still enumerating, and to keep memory flat: <see cref="SubmitBounded"/> takes before it submits more, so
    /// what is in flight stays bounded however many files come.
    /// </summary>
    /// <remarks>
    /// Workers are pool threads, at most <c>throttleLimit</c> at once, each running files until none wait. Disposing (or the
    /// cancellation token) drops the files not yet started and waits for the running ones, which finish their atomic write or leave
    /// nothing; no worker outlives the stream.
    /// </remarks>
    public sealed class DeidBatchStream : IDisposable
    {
        private readonly DeidBatch _batch;
        private readonly int _throttleLimit;
        private readonly CancellationTokenSource _stop;
        private readonly CancellationTokenRegistration _wake;
        private readonly object _gate = new object();
        private readonly Queue<(long Index, DeidFileRequest Request)> _waiting = new Queue<(long, DeidFileRequest)>();
        private readonly Dictionary<long, DeidFileResult> _done = new Dictionary<long, DeidFileResult>();
        private readonly HashSet<long> _running = new HashSet<long>();
        private long _submitted;
        private long _taken;
        // The last index Take waits for (every result up to it must be done), or -1 when nobody waits: a worker wakes the taker
        // only when its result completes that run, not at every file.
        private long _awaited = -1;
        private int _workers;
        private bool _disposed;

        /// <summary>Creates a stream that runs files through <paramref name="batch"/> on up to <paramref name="throttleLimit"/> threads.</summary>
        public DeidBatchStream(DeidBatch batch, int throttleLimit, CancellationToken cancellation = default)
        {
            _batch = batch ?? throw new ArgumentNullException(nameof(batch));
            if (throttleLimit < 1) throw new ArgumentOutOfRangeException(nameof(throttleLimit), "At least one worker is needed.");
            _throttleLimit = throttleLimit;
            _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
            _wake = _stop.Token.Register(Cancel);
        }

        /// <summary>Files submitted and not yet taken (running, waiting for a worker, or done and waiting for their turn).</summary>
        public int Pending
        {
            get
            {
                lock (_gate) return (int)(_submitted - _taken);
            }
        }

        /// <summary>Queues a file; it starts at once when fewer than the throttle limit are running.</summary>
        public void Submit(DeidFileRequest request)
        {
            if (request == null) throw new ArgumentNullException(nameof(request));
            lock (_gate)
            {
                if (_disposed) throw new ObjectDisposedException(nameof(DeidBatchStream));
                _stop.Token.ThrowIfCancellationRequested();
                _waiting.Enqueue((_submitted++, request));
                if (_workers >= _throttleLimit) return;
                _workers++;
            }
            Task.Run(Work);
        }

        /// <summary>
        /// Submits <paramref name="request"/> with what is in flight bounded (see <see cref="DeidBatch.InFlightWindow"/>): while the
        /// window is full, waits for and yields the oldest results; then submits, and yields whatever results are ready. Enumerate it to
        /// the end; the request is submitted only when the enumeration gets that far.
        /// </summary>
        /// <remarks>
        /// Lazy on purpose: the caller handles each result before the next file is submitted, so a result that stops the caller
        /// (-ErrorAction Stop on a bad file) stops the batch before more files start.
        /// <para>When the window is full it waits for the oldest half of it at once, not for one file at a time: the taking thread then
        /// sleeps and wakes once per half window instead of once per file (each wake-up is a context switch on both sides),
        /// and the workers still have the other half queued while it hands the results on and submits more.</para>
        /// </remarks>
        public IEnumerable<DeidFileResult> SubmitBounded(DeidFileRequest request)
        {
            int window = DeidBatch.InFlightWindow(_throttleLimit);
            if (Pending >= window)
            {
                WaitForOldest(Math.Max(1, window / 2));
                while (TryTake(out var oldest)) yield return oldest;
            }
            while (Pending >= window) yield return Take();
            Submit(request);
            while (TryTake(out var ready)) yield return ready;
        }

        /// <summary>
        /// Waits until the <paramref name="count"/> oldest pending results are all done (or as many as are pending), or the
        /// stream is cancelled; takes nothing.
        /// </summary>
        private void WaitForOldest(int count)
        {
            lock (_gate)
            {
                long last = Math.Min(_submitted, _taken + count) - 1;
                while (!_stop.IsCancellationRequested && !DoneThrough(last))
                {
                    _awaited = last;
                    Monitor.Wait(_gate);
                }
                _awaited = -1;
            }
        }

        /// <summary>Whether every result from the oldest pending one to <paramref name="last"/> is done (under the gate).</summary>
        private bool DoneThrough(long last)
        {
            for (long i = last; i >= _taken; i--)
            {
                if (!_done.ContainsKey(i)) return false;
            }
            return true;
        }

        /// <summary>Waits for and yields every pending result, in submission order.</summary>
        public IEnumerable<DeidFileResult> TakeAll()
        {
            while (Pending > 0) yield return Take();
        }

        /// <summary>The next result in submission order when it is ready; false when it is not (or nothing is pending).</summary>
        public bool TryTake(out DeidFileResult result)
        {
            lock (_gate)
            {
                return TakeReady(out result);
            }
        }

        /// <summary>Waits for the next result in submission order.</summary>
        /// <exception cref="InvalidOperationException">Nothing is pending.</exception>
        /// <exception cref="OperationCanceledException">The stream was cancelled before that file started.</exception>
        public DeidFileResult Take()
        {
            lock (_gate)
            {
                if (_taken == _submitted) throw new InvalidOperationException("No file is pending.");
                while (true)
                {
                    if (TakeReady(out var result)) return result;
                    // After cancelling, a file already running still finishes and is reported; one that never started is not.
                    if (_stop.IsCancellationRequested && !_running.Contains(_taken)) _stop.Token.ThrowIfCancellationRequested();
                    _awaited = _taken;
                    Monitor.Wait(_gate);
                    _awaited = -1;
                }
            }
        }

        /// <summary>Drops the files not yet started and waits for the running ones to finish.</summary>
        public void Dispose()
        {
            lock (_gate)
            {
                if (_disposed) return;
                _disposed = true;
            }
            _stop.Cancel();
            lock (_gate)
            {
                while (_workers > 0) Monitor.Wait(_gate);
            }
            _wake.Dispose();
            _stop.Dispose();
        }

        private bool TakeReady(out DeidFileResult result)
        {
            if (_done.TryGetValue(_taken, out var ready))
            {
                _done.Remove(_taken);
                _taken++;
                result = ready;
                return true;
            }
            result = null!;
            return false;
        }

        private void Cancel()
        {
            lock (_gate)
            {
                _waiting.Clear();
                Monitor.PulseAll(_gate);
            }
        }

        private void Work()
        {
            while (true)
            {
                long index;
                DeidFileRequest request;
                lock (_gate)
                {
                    if (_waiting.Count == 0 || _stop.IsCancellationRequested)
                    {
                        _workers--;
                        Monitor.PulseAll(_gate);
                        return;
                    }
                    (index, request) = _waiting.Dequeue();
                    _running.Add(index);
                }
                DeidFileResult result;
                try
                {
                    result = _batch.ProcessOne(request, _stop.Token);
                }
                catch (OperationCanceledException)
                {
                    // Cancelled before it started: no result, and Take reports the cancellation.
                    lock (_gate)
                    {
                        _running.Remove(index);
                        Monitor.PulseAll(_gate);
                    }
                    continue;
                }
                catch (Exception ex)
                {
                    // ProcessOne turns a file's failures into its result; what escapes (out of memory) still must not leave a
                    // worker uncounted, or Dispose would wait for it forever.
                    result = new DeidFileResult(request, Array.Empty<IStepStatistics>(), Array.Empty<DeidWarning>(), ex, false);
                }
                lock (_gate)
                {
                    _running.Remove(index);
                    _done[index] = result;
                    if (_awaited >= 0 && index <= _awaited && DoneThrough(_awaited)) Monitor.PulseAll(_gate);
                }
            }
        }
    }
}
