using System.Collections.Generic;
using System.Runtime.CompilerServices;

namespace Deid.Audit
{
    /// <summary>
    /// What the audit works out once and meets again with the next pair (a study's values are in each of its files): one store
    /// for all threads (one per thread, the thread pool's many threads each held their own, and 20,000 pairs peaked 25 MB
    /// higher), bounded so that memory stays flat over any corpus. Two halves: when the newer is full, the older is dropped
    /// and the newer takes its place, and what is asked for from the older moves back to the newer, so that what every file
    /// of a study has stays while what one file had goes. What it holds is never changed once stored.
    /// </summary>
    internal sealed class BoundedStore<TKey, TValue>
        where TKey : notnull
        where TValue : class
    {
        private readonly object _gate = new object();
        private readonly int _half;
        private Dictionary<TKey, TValue> _newer;
        private Dictionary<TKey, TValue> _older;

        public BoundedStore(int capacity, IEqualityComparer<TKey>? comparer = null)
        {
            comparer ??= EqualityComparer<TKey>.Default;
            _half = capacity / 2;
            _newer = new Dictionary<TKey, TValue>(comparer);
            _older = new Dictionary<TKey, TValue>(comparer);
        }

        /// <summary>The most it holds.</summary>
        public int Capacity => _half * 2;

        /// <summary>How many it holds now.</summary>
        public int Count
        {
            get
            {
                lock (_gate) return _newer.Count + _older.Count;
            }
        }

        [MethodImpl(HotPath.Optimized)]
        public bool TryGet(TKey key, out TValue? value)
        {
            lock (_gate)
            {
                if (_newer.TryGetValue(key, out value)) return true;
                if (!_older.TryGetValue(key, out value)) return false;
                _older.Remove(key);
                Add(key, value);
                return true;
            }
        }

        /// <summary>Stores <paramref name="value"/>, made outside the lock: two threads may make equal ones, and either is kept.</summary>
        [MethodImpl(HotPath.Optimized)]
        public void Set(TKey key, TValue value)
        {
            lock (_gate)
            {
                _older.Remove(key);
                if (!_newer.ContainsKey(key)) Add(key, value);
            }
        }

        [MethodImpl(HotPath.Optimized)]
        private void Add(TKey key, TValue value)
        {
            if (_newer.Count >= _half)
            {
                var emptied = _older;
                emptied.Clear();
                _older = _newer;
                _newer = emptied;
            }
            _newer.Add(key, value);
        }
    }
}
