using System;
using System.Collections.Generic;
using System.Threading.Tasks;

namespace Deid.Identifiers
{
    /// <summary>
    /// Get-DicomIdentifier's reading, several files at a time: paths are gathered into a window and read in parallel, and the
    /// results come back in the order the paths were given, each with the identifiers or the exception its file raised. Reading a
    /// header and listing its fields is most of the command's work, and one thread left the other core idle.
    /// </summary>
    public sealed class IdentifierBatch
    {
        private readonly IdentifierOptions _options;
        private readonly int _throttleLimit;
        private readonly List<string> _pending;

        /// <summary>A batch reading with <paramref name="options"/> on up to <paramref name="throttleLimit"/> threads.</summary>
        public IdentifierBatch(IdentifierOptions options, int throttleLimit)
        {
            _options = options ?? throw new ArgumentNullException(nameof(options));
            _throttleLimit = Math.Max(1, throttleLimit);
            // A window of a few dozen files per thread keeps every core busy without holding many results.
            WindowSize = _throttleLimit == 1 ? 1 : 32 * _throttleLimit;
            _pending = new List<string>(WindowSize);
        }

        /// <summary>How many paths are gathered before they are read.</summary>
        public int WindowSize { get; }

        /// <summary>True when enough paths wait for <see cref="Flush"/> to be worth calling.</summary>
        public bool IsFull => _pending.Count >= WindowSize;

        /// <summary>Queues a path.</summary>
        public void Add(string path) => _pending.Add(path ?? throw new ArgumentNullException(nameof(path)));

        /// <summary>Reads every queued path and returns the results in queue order (an exception is returned, never thrown).</summary>
        public IReadOnlyList<IdentifierResult> Flush()
        {
            if (_pending.Count == 0) return Array.Empty<IdentifierResult>();
            var paths = _pending.ToArray();
            _pending.Clear();
            var results = new IdentifierResult[paths.Length];
            if (paths.Length == 1 || _throttleLimit == 1)
            {
                for (int i = 0; i < paths.Length; i++) results[i] = Read(paths[i]);
                return results;
            }
            Parallel.For(0, paths.Length, new ParallelOptions { MaxDegreeOfParallelism = _throttleLimit }, i => results[i] = Read(paths[i]));
            return results;
        }

        private IdentifierResult Read(string path)
        {
            try
            {
                var ids = IdentifierExtractor.Extract(path, _options);
                return new IdentifierResult(path, ids, null, new List<KeyValuePair<string, object?>>(ids.NamedValues()));
            }
            catch (Exception ex)
            {
                return new IdentifierResult(path, null, ex, Array.Empty<KeyValuePair<string, object?>>());
            }
        }
    }

    /// <summary>One file's outcome in an <see cref="IdentifierBatch"/>: its identifiers, or the exception reading it raised.</summary>
    public sealed class IdentifierResult
    {
        internal IdentifierResult(string path, DicomIdentifiers? identifiers, Exception? error, IReadOnlyList<KeyValuePair<string, object?>> namedValues)
        {
            Path = path;
            Identifiers = identifiers;
            Error = error;
            NamedValues = namedValues;
        }

        /// <summary>The identifiers' <see cref="DicomIdentifiers.NamedValues"/>, listed by the thread that read the file (empty on error).</summary>
        public IReadOnlyList<KeyValuePair<string, object?>> NamedValues { get; }

        /// <summary>The file.</summary>
        public string Path { get; }

        /// <summary>Its identifiers, or null when reading failed.</summary>
        public DicomIdentifiers? Identifiers { get; }

        /// <summary>What reading raised, or null.</summary>
        public Exception? Error { get; }
    }
}
