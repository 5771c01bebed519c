using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace Deid.Batch
{
    /// <summary>
    /// Reads files a window at a time for the cmdlets that give one result per file in input order (Get-DicomDataset, Get-DicomIdentifier,
    /// Test-DicomBurnedPixel): paths are gathered, read in parallel when the window is full, and come back in the order
    /// they were given, each with its value or the exception reading it raised (returned, never thrown, so the caller reports
    /// it in its place and goes on).
    /// </summary>
    /// <typeparam name="T">What reading one file gives.</typeparam>
    public sealed class FileWindow<T> : IDisposable
    {
        private readonly Func<string, T> _read;
        private readonly int _throttleLimit;
        private readonly List<string> _pending;
        private readonly CancellationTokenSource _cancel = new CancellationTokenSource();
        // The window being read in the background (Advance), whose results the next Advance or Flush returns.
        private Task<FileWindowResult<T>[]>? _reading;
        private bool _disposed;

        /// <summary>
        /// A window of <paramref name="windowSize"/> paths, each read with <paramref name="read"/> on up to
        /// <paramref name="throttleLimit"/> threads.
        /// </summary>
        public FileWindow(Func<string, T> read, int throttleLimit, int windowSize)
        {
            _read = read ?? throw new ArgumentNullException(nameof(read));
            _throttleLimit = Math.Max(1, throttleLimit);
            WindowSize = Math.Max(1, windowSize);
            _pending = new List<string>(WindowSize);
        }

        /// <summary>
        /// A window for reading headers with <paramref name="read"/>: 32 files per thread, enough to keep every core busy without
        /// holding many results; with one thread, a window of one, so each file is read and handed on as it comes.
        /// </summary>
        public static FileWindow<T> ForHeaders(Func<string, T> read, int throttleLimit) =>
            new FileWindow<T>(read, throttleLimit, throttleLimit <= 1 ? 1 : 32 * throttleLimit);

        /// <summary>How many paths are gathered before they are read.</summary>
        public int WindowSize { get; }

        /// <summary>True when enough paths wait for <see cref="Flush"/> to be called.</summary>
        public bool IsFull => _pending.Count >= WindowSize;

        /// <summary>Queues a path.</summary>
        public void Add(string path) => _pending.Add(path ?? throw new ArgumentNullException(nameof(path)));

        /// <summary>
        /// Reads every queued path and returns the results in queue order: first those of a window still being read in the
        /// background (<see cref="Advance"/>), then those of the paths queued since. Call it at the end.
        /// </summary>
        public IReadOnlyList<FileWindowResult<T>> Flush()
        {
            var reading = _reading;
            _reading = null;
            var rest = ReadAll(TakePending(), _throttleLimit, CancellationToken.None);
            if (reading == null) return rest;
            var first = reading.GetAwaiter().GetResult();
            if (rest.Length == 0) return first;
            var all = new FileWindowResult<T>[first.Length + rest.Length];
            first.CopyTo(all, 0);
            rest.CopyTo(all, first.Length);
            return all;
        }

        /// <summary>
        /// Starts reading the queued paths in the background and returns the results of the window started by the call before,
        /// in queue order, waiting for them if they are not ready (none the first time). The caller hands one window's results
        /// on while the next is read: with <see cref="Flush"/> alone the thread writing results and the threads reading files
        /// took turns, and on two cores one of them stood idle half the time. With a throttle limit of one there is no thread to
        /// spare: the queued paths are read at once and their results returned, as <see cref="Flush"/> does. Call
        /// <see cref="Flush"/> at the end for the rest.
        /// </summary>
        public IReadOnlyList<FileWindowResult<T>> Advance()
        {
            if (_throttleLimit == 1) return Flush();
            var previous = _reading;
            _reading = null;
            var paths = TakePending();
            if (paths.Length > 0)
            {
                var token = _cancel.Token;
                // One thread fewer than the limit: this thread is busy handing on the previous window meanwhile.
                int threads = _throttleLimit - 1;
                _reading = Task.Run(() => ReadAll(paths, threads, token), token);
            }
            return previous == null ? Array.Empty<FileWindowResult<T>>() : previous.GetAwaiter().GetResult();
        }

        /// <summary>Stops a window still being read in the background (its files are left unread) and waits for it to end.</summary>
        public void Dispose()
        {
            if (_disposed) return;
            _disposed = true;
            _cancel.Cancel();
            try
            {
                _reading?.Wait();
            }
            catch (AggregateException)
            {
                // Cancelled: nobody wants these results any more.
            }
            _reading = null;
            _cancel.Dispose();
        }

        private string[] TakePending()
        {
            if (_pending.Count == 0) return Array.Empty<string>();
            var paths = _pending.ToArray();
            _pending.Clear();
            return paths;
        }

        private FileWindowResult<T>[] ReadAll(string[] paths, int threads, CancellationToken cancel)
        {
            var results = new FileWindowResult<T>[paths.Length];
            if (paths.Length <= 1 || threads == 1)
            {
                for (int i = 0; i < paths.Length; i++)
                {
                    cancel.ThrowIfCancellationRequested();
                    results[i] = Read(paths[i]);
                }
                return results;
            }
            Parallel.For(0, paths.Length, new ParallelOptions { MaxDegreeOfParallelism = threads, CancellationToken = cancel }, i => results[i] = Read(paths[i]));
            return results;
        }

        private FileWindowResult<T> Read(string path)
        {
            try
            {
                return new FileWindowResult<T>(path, _read(path), null);
            }
            catch (Exception ex)
            {
                return new FileWindowResult<T>(path, default, ex);
            }
        }
    }

    /// <summary>One file's outcome in a <see cref="FileWindow{T}"/>: its value, or the exception reading it raised.</summary>
    /// <typeparam name="T">What reading one file gives.</typeparam>
    public sealed class FileWindowResult<T>
    {
        internal FileWindowResult(string path, T? value, Exception? error)
        {
            Path = path;
            Value = value;
            Error = error;
        }

        /// <summary>The file.</summary>
        public string Path { get; }

        /// <summary>What reading gave; default when <see cref="Error"/> is set.</summary>
        public T? Value { get; }

        /// <summary>What reading raised, or null.</summary>
        public Exception? Error { get; }
    }
}
