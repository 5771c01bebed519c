using System;
using System.Collections.Concurrent;

namespace Deid.Fields
{
    /// <summary>
    /// What a name expander (contains:, startswith:, endswith:, except:) said about the names of an element that follow from its tag
    /// and private creator alone — "(gggg,eeee)", "ggggeeee", dictionary name and keyword, creator syntax, and at the top level the
    /// keyword path, which is then the keyword. A recipe's expanders meet the same few hundred tags in every file of a corpus, so
    /// each regular expression runs once per tag instead of five to seven times per element per file. Shared by the threads of a
    /// batch; bounded, so a file with 400,000 distinct private tags costs the plain matching, not memory that is never given back.
    /// </summary>
    internal sealed class ExpanderVerdicts
    {
        /// <summary>Entries kept at most; beyond this, verdicts are computed and not stored.</summary>
        internal const int Capacity = 16384;

        private readonly ConcurrentDictionary<Key, bool> _verdicts = new ConcurrentDictionary<Key, bool>();
        private int _count;

        /// <summary>The stored verdict for the tag, creator and depth, if there is one.</summary>
        public bool TryGet(uint tag, string? creator, bool nested, out bool verdict) => _verdicts.TryGetValue(new Key(tag, creator, nested), out verdict);

        /// <summary>Stores a verdict while there is room.</summary>
        public void Store(uint tag, string? creator, bool nested, bool verdict)
        {
            // ConcurrentDictionary.Count takes every lock: count our own additions instead.
            if (System.Threading.Volatile.Read(ref _count) >= Capacity) return;
            if (_verdicts.TryAdd(new Key(tag, creator, nested), verdict)) System.Threading.Interlocked.Increment(ref _count);
        }

        /// <summary>Number of stored verdicts (for tests: the bound holds).</summary>
        internal int Count => System.Threading.Volatile.Read(ref _count);

        private readonly struct Key : IEquatable<Key>
        {
            private readonly uint _tag;
            private readonly string? _creator;
            private readonly bool _nested;

            public Key(uint tag, string? creator, bool nested)
            {
                _tag = tag;
                _creator = creator;
                _nested = nested;
            }

            public bool Equals(Key other) => _tag == other._tag && _nested == other._nested && string.Equals(_creator, other._creator, StringComparison.Ordinal);

            public override bool Equals(object? obj) => obj is Key k && Equals(k);

            public override int GetHashCode() => unchecked((int)_tag * 31 + (_nested ? 1 : 0) + (_creator == null ? 0 : StringComparer.Ordinal.GetHashCode(_creator) * 17));
        }
    }
}
