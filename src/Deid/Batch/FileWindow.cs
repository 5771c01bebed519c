using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace Deid.Batch
{
    /// <summary>Reads one file and says how much of it the result holds (its header's bytes, say), for the window's budget.</summary>
    /// <typeparam name="T">What reading one file gives.</typeparam>
    public delegate T WeighedRead<T>(string path, out long weight);

    /// <summary>
    /// Reads files a window at a time for the cmdlets that give one result per file in input order (Get-DicomDataset, Get-DicomIdentifier,
    /// Test-DicomBurnedPixel): paths are gathered, read in parallel when the window is full, and come back in the order
    /// they were given, each with its value or the exception reading it raised (returned, never thrown, so the caller reports
    /// it in its place and goes on). With a budget, a window ends early once what it read weighs that much: the paths after it
    /// wait for the next window, so a folder of files with huge headers (RT structure sets of tens of megabytes) holds a few
    /// of them at a time, not a window's worth.
    /// </summary>
    /// <typeparam name="T">What reading one file gives.</typeparam>
    public sealed class FileWindow<T> : IDisposable
    {
        /// <summary>The budget of <see cref="ForHeaders(WeighedRead{T}, int)"/>: header bytes read per window.</summary>
        public const long HeaderBytesPerWindow = 16L << 20;

        private readonly WeighedRead<T> _read;
        private readonly int _throttleLimit;
        private readonly long _budget;
        private readonly List<string> _pending;
        private readonly CancellationTokenSource _cancel = new CancellationTokenSource();
        // The window being read in the background (Advance), whose results the next Advance or Drain returns.
        private Task<(FileWindowResult<T>[] Results, string[] Unread)>? _reading;
        private bool _disposed;

        /// <summary>
        /// A window of <paramref name="windowSize"/> paths, each read with <paramref name="read"/> on up to
        /// <paramref name="throttleLimit"/> threads.
        /// </summary>
        public FileWindow(Func<string, T> read, int throttleLimit, int windowSize)
            : this(Unweighed(read ?? throw new ArgumentNullException(nameof(read))), throttleLimit, windowSize, 0)
        {
        }

        /// <summary>
        /// A window of at most <paramref name="windowSize"/> paths, each read with <paramref name="read"/> on up to
        /// <paramref name="throttleLimit"/> threads, that ends once the weights of what it read reach <paramref name="budget"/>
        /// (0: no budget). At least one path is read each time, however heavy.
        /// </summary>
        public FileWindow(WeighedRead<T> read, int throttleLimit, int windowSize, long budget)
        {
            _read = read ?? throw new ArgumentNullException(nameof(read));
            _throttleLimit = Math.Max(1, throttleLimit);
            WindowSize = Math.Max(1, windowSize);
            _budget = Math.Max(0, budget);
            _pending = new List<string>(WindowSize);
        }

        /// <summary>
        /// A window for reading headers with <paramref name="read"/>: 8 files per thread, enough to keep every core busy without
        /// holding many results; with one thread, a window of one, so each file is read and handed on as it comes.
        /// </summary>
        /// <remarks>
        /// Why 8, not 32 as before: the results of two windows are alive at once (one read, one handed on), and with 32 a thread
        /// those were some 8 MB of listings on small CT files, which every young-generation collection traced and promoted.
        /// `EnumerateFiles | Get-DicomIdentifier | Measure-Object` over 2,000 small CT files, passes in one pwsh timed with
        /// GC.GetTotalPauseDuration (three processes a size), spent 160-260 ms
        /// a pass in collections with 32 (5 of them full) and 80-140 ms with 8 (none full), at 440-560 ms a pass against
        /// 600-700; 4 a thread measured no better than 8.
        /// </remarks>
        public static FileWindow<T> ForHeaders(Func<string, T> read, int throttleLimit) =>
            new FileWindow<T>(read, throttleLimit, HeaderWindowSize(throttleLimit));

        /// <summary>
        /// As <see cref="ForHeaders(Func{string, T}, int)"/>, with each window ending once the headers it read reach
        /// <see cref="HeaderBytesPerWindow"/> (<paramref name="read"/> gives each file's header bytes).
        /// </summary>
        public static FileWindow<T> ForHeaders(WeighedRead<T> read, int throttleLimit) =>
            new FileWindow<T>(read, throttleLimit, HeaderWindowSize(throttleLimit), HeaderBytesPerWindow);

        private static int HeaderWindowSize(int throttleLimit) => throttleLimit <= 1 ? 1 : 8 * throttleLimit;

        private static WeighedRead<T> Unweighed(Func<string, T> read) => (string path, out long weight) =>
        {
            weight = 0;
            return read(path);
        };

        /// <summary>How many paths are gathered before they are read.</summary>
        public int WindowSize { get; }

        /// <summary>True when enough paths wait for <see cref="Advance"/> (or <see cref="Flush"/>) to be called.</summary>
        public bool IsFull => _pending.Count >= WindowSize;

        /// <summary>Queues a path.</summary>
        public void Add(string path) => _pending.Add(path ?? throw new ArgumentNullException(nameof(path)));

        /// <summary>
        /// Reads every queued path and returns all the results in queue order: <see cref="Drain"/>'s windows joined, so every
        /// result is held at once. The cmdlets drain window by window instead.
        /// </summary>
        public IReadOnlyList<FileWindowResult<T>> Flush()
        {
            var all = new List<FileWindowResult<T>>();
            foreach (var window in Drain()) all.AddRange(window);
            return all;
        }

        /// <summary>
        /// The results of every queued path, a window at a time in queue order: first those of a window still being read in the
        /// background (<see cref="Advance"/>), then windows of the paths queued since (each within the budget). Call it at the end.
        /// </summary>
        public IEnumerable<IReadOnlyList<FileWindowResult<T>>> Drain()
        {
            var first = Collect();
            if (first.Length > 0) yield return first;
            while (_pending.Count > 0) yield return ReadNow(CancellationToken.None);
        }

        /// <summary>
        /// Returns the results of the window started by the call before, in queue order, waiting for them if they are not ready
        /// (none the first time), and starts reading the queued paths in the background (after the paths that window left
        /// unread over its budget). The caller hands one window's results
        /// on while the next is read: with <see cref="Flush"/> alone the thread writing results and the threads reading files
        /// took turns, and on two cores one of them stood idle half the time. With a throttle limit of one there is no thread to
        /// spare: the queued paths are read at once and their results returned. Call <see cref="Drain"/> at the end for the rest.
        /// </summary>
        public IReadOnlyList<FileWindowResult<T>> Advance()
        {
            if (_throttleLimit == 1) return ReadNow(_cancel.Token);
            // The window before first: paths it left unread over its budget go before the ones queued since.
            var previous = Collect();
            var paths = TakePending();
            if (paths.Length > 0)
            {
                var token = _cancel.Token;
                // The full limit, though this thread hands on the previous window meanwhile: windows are now read one after
                // another (the unread paths of one go first in the next), and with one thread fewer the cores stood idle
                // whenever reading was slower than handing on. Measured: 7,400-12,900 against 5,500-8,100 files/s.
                int threads = _throttleLimit;
                _reading = Task.Run(() => ReadAll(paths, threads, token), token);
            }
            return previous;
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

        /// <summary>The results of the window read in the background, its unread paths queued first again; none when there is none.</summary>
        private FileWindowResult<T>[] Collect()
        {
            var reading = _reading;
            _reading = null;
            if (reading == null) return Array.Empty<FileWindowResult<T>>();
            var read = reading.GetAwaiter().GetResult();
            if (read.Unread.Length > 0) _pending.InsertRange(0, read.Unread);
            return read.Results;
        }

        /// <summary>Reads the queued paths here, up to the budget; the rest stay queued, first.</summary>
        private FileWindowResult<T>[] ReadNow(CancellationToken cancel)
        {
            var read = ReadAll(TakePending(), _throttleLimit, cancel);
            if (read.Unread.Length > 0) _pending.InsertRange(0, read.Unread);
            return read.Results;
        }

        private string[] TakePending()
        {
            if (_pending.Count == 0) return Array.Empty<string>();
            var paths = _pending.ToArray();
            _pending.Clear();
            return paths;
        }

        /// <summary>
        /// Reads <paramref name="paths"/> on up to <paramref name="threads"/> threads, each taking the next path in order, until
        /// all are read or the weights reach the budget: what was read is then a prefix of the paths, returned in order, and the
        /// rest is returned unread.
        /// </summary>
        private (FileWindowResult<T>[] Results, string[] Unread) ReadAll(string[] paths, int threads, CancellationToken cancel)
        {
            var results = new FileWindowResult<T>[paths.Length];
            int next = 0;
            long weight = 0;
            void Work()
            {
                // The weight is read before each claim: once a file's weight brings the window to its budget, no thread claims
                // another, so the window ends with the file that reached it and at most one file begun on each other thread.
                while (_budget == 0 || Interlocked.Read(ref weight) < _budget)
                {
                    cancel.ThrowIfCancellationRequested();
                    int i = Interlocked.Increment(ref next) - 1;
                    if (i >= paths.Length) return;
                    results[i] = Read(paths[i]);
                    if (_budget > 0) Interlocked.Add(ref weight, results[i].Weight);
                }
            }
            int workers = Math.Min(threads, paths.Length);
            if (workers <= 1) Work();
            else Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers, CancellationToken = cancel }, _ => Work());
            // Every path claimed was read to the end, and paths are claimed in order: those read are the first ones.
            int read = Math.Min(next, paths.Length);
            if (read == paths.Length) return (results, Array.Empty<string>());
            var done = new FileWindowResult<T>[read];
            Array.Copy(results, done, read);
            var unread = new string[paths.Length - read];
            Array.Copy(paths, read, unread, 0, unread.Length);
            return (done, unread);
        }

        private FileWindowResult<T> Read(string path)
        {
            try
            {
                var value = _read(path, out long weight);
                // Results stay alive until handed on, so a collection finds the window's, not garbage alone; still, left to its own
                // budget the runtime lets the young generation grow to tens of megabytes first.
                AllocationPacer.Reading.AfterFile();
                return new FileWindowResult<T>(path, value, null, weight);
            }
            catch (Exception ex)
            {
                return new FileWindowResult<T>(path, default, ex, 0);
            }
        }
    }

    /// <summary>One file's outcome in a <see cref="FileWindow{T}"/>: its value, or the exception reading it raised.</summary>
    /// <typeparam name="T">What reading one file gives.</typeparam>
    public sealed class FileWindowResult<T>
    {
        internal FileWindowResult(string path, T? value, Exception? error, long weight)
        {
            Path = path;
            Value = value;
            Error = error;
            Weight = weight;
        }

        /// <summary>What reading said the value weighs (0 when the window has no budget).</summary>
        internal long Weight { get; }

        /// <summary>The file.</summary>
        public string Path { get; }

        /// <summary>What reading gave; default when <see cref="Error"/> is set.</summary>
        public T? Value { get; }

        /// <summary>What reading raised, or null.</summary>
        public Exception? Error { get; }
    }
}
