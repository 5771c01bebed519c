using System;
using System.Runtime.CompilerServices;

namespace Deid.Collections
{
    /// <summary>
    /// A hash table keyed by a string compared ordinally, in insertion order, with no removal (a caller marks a key gone in its
    /// value): the per-element lookups by tag path.
    /// </summary>
    /// <remarks>
    /// Why not <c>Dictionary&lt;string, T&gt;</c>: under pwsh, a batch's calls into the framework's dictionary code stay in
    /// tiered PGO's instrumented tier for the whole run (see <see cref="HotPath"/>); this type is compiled optimised once. The
    /// hash (<see cref="OrdinalString.Hash"/>) is seeded per process, so a file whose paths were made to collide under one seed
    /// does not collide under the next.
    /// Open addressing with linear probing over a power-of-two bucket array, at most half full.
    /// </remarks>
    /// <typeparam name="TValue">The value kept per key.</typeparam>
    internal sealed class StringMap<TValue>
    {
        private int[] _buckets; // 0: empty; otherwise the entry's index + 1
        private uint[] _hashes;
        private string[] _keys;
        private TValue[] _values;
        private int _count;

        /// <summary>Creates a map sized for <paramref name="capacity"/> keys before it grows.</summary>
        [MethodImpl(HotPath.Optimized)]
        public StringMap(int capacity = 4)
        {
            int size = 8;
            while (size < capacity * 2) size <<= 1;
            _buckets = new int[size];
            _hashes = new uint[size / 2];
            _keys = new string[size / 2];
            _values = new TValue[size / 2];
        }

        /// <summary>Number of keys.</summary>
        public int Count => _count;

        /// <summary>The value under <paramref name="key"/>, if there is one.</summary>
        [MethodImpl(HotPath.Optimized)]
        public bool TryGetValue(string key, out TValue value)
        {
            int at = Find(key, OrdinalString.Hash(key), out _);
            if (at < 0)
            {
                value = default!;
                return false;
            }
            value = _values[at];
            return true;
        }

        /// <summary>Sets the value under <paramref name="key"/>, adding the key when it is not there.</summary>
        [MethodImpl(HotPath.Optimized)]
        public void Set(string key, TValue value) => GetValueRefOrAddDefault(key, out _) = value;

        /// <summary>
        /// The value under <paramref name="key"/> by reference, adding the key with the default value when it is not there
        /// (<paramref name="exists"/> false): a lookup and an add in one hash and one probe. The reference holds until the next
        /// key is added.
        /// </summary>
        [MethodImpl(HotPath.Optimized)]
        public ref TValue GetValueRefOrAddDefault(string key, out bool exists)
        {
            uint hash = OrdinalString.Hash(key);
            int at = Find(key, hash, out int b);
            exists = at >= 0;
            if (exists) return ref _values[at];
            if (_count == _keys.Length)
            {
                Grow();
                b = EmptyBucket(hash);
            }
            _hashes[_count] = hash;
            _keys[_count] = key;
            _values[_count] = default!;
            _buckets[b] = ++_count;
            return ref _values[_count - 1];
        }

        /// <summary>The entry of <paramref name="key"/>, or -1 with <paramref name="bucket"/> the empty bucket the probe ended at.</summary>
        [MethodImpl(HotPath.Optimized)]
        private int Find(string key, uint hash, out int bucket)
        {
            int mask = _buckets.Length - 1;
            int b = (int)hash & mask;
            while (true)
            {
                int entry = _buckets[b];
                if (entry == 0)
                {
                    bucket = b;
                    return -1;
                }
                if (_hashes[entry - 1] == hash && OrdinalString.Same(_keys[entry - 1], key))
                {
                    bucket = b;
                    return entry - 1;
                }
                b = (b + 1) & mask;
            }
        }

        /// <summary>The first empty bucket on <paramref name="hash"/>'s probe.</summary>
        [MethodImpl(HotPath.Optimized)]
        private int EmptyBucket(uint hash)
        {
            int mask = _buckets.Length - 1;
            int b = (int)hash & mask;
            while (_buckets[b] != 0) b = (b + 1) & mask;
            return b;
        }

        private void Grow()
        {
            int capacity = _keys.Length * 2;
            var hashes = new uint[capacity];
            var keys = new string[capacity];
            var values = new TValue[capacity];
            Array.Copy(_hashes, hashes, _count);
            Array.Copy(_keys, keys, _count);
            Array.Copy(_values, values, _count);
            _hashes = hashes;
            _keys = keys;
            _values = values;
            _buckets = new int[capacity * 2];
            for (int i = 0; i < _count; i++) _buckets[EmptyBucket(hashes[i])] = i + 1;
        }
    }
}
