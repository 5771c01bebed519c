using System;
using System.Collections.Generic;
using System.Threading.Tasks;

namespace Deid.Batch
{
    /// <summary>
    /// Reads files a window at a time for the cmdlets that give one result per file in input order (Get-DicomIdentifier,
    /// Test-DicomBurnedPixel -Ocr): paths are gathered, read in parallel when the window is full, and come back in the order
    /// they were given, each with its value or the exception reading it raised (returned, never thrown, so the caller reports
    /// it in its place and goes on).
    /// </summary>
    /// <typeparam name="T">What reading one file gives.</typeparam>
    public sealed class FileWindow<T>
    {
        private readonly Func<string, T> _read;
        private readonly int _throttleLimit;
        private readonly List<string> _pending;

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

        /// <summary>How many paths are gathered before they are read.</summary>
        public int WindowSize { get; }

        /// <summary>True when enough paths wait for <see cref="Flush"/> to be called.</summary>
        public bool IsFull => _pending.Count >= WindowSize;

        /// <summary>Queues a path.</summary>
        public void Add(string path) => _pending.Add(path ?? throw new ArgumentNullException(nameof(path)));

        /// <summary>Reads every queued path and returns the results in queue order.</summary>
        public IReadOnlyList<FileWindowResult<T>> Flush()
        {
            if (_pending.Count == 0) return Array.Empty<FileWindowResult<T>>();
            var paths = _pending.ToArray();
            _pending.Clear();
            var results = new FileWindowResult<T>[paths.Length];
            if (paths.Length == 1 || _throttleLimit == 1)
            {
                for (int i = 0; i < paths.Length; i++) results[i] = Read(paths[i]);
                return results;
            }
            Parallel.For(0, paths.Length, new ParallelOptions { MaxDegreeOfParallelism = _throttleLimit }, i => results[i] = Read(paths[i]));
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
