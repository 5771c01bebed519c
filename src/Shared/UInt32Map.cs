using System;
using System.Runtime.CompilerServices;

namespace Deid.Collections
{
    /// <summary>
    /// A hash table keyed by a 32-bit value (a tag, a group), in insertion order, with no removal: the lookups the per-element
    /// paths make by tag.
    /// </summary>
    /// <remarks>
    /// Why not <c>Dictionary&lt;uint, T&gt;</c> or <c>HashSet&lt;uint&gt;</c>: .NET precompiles (ReadyToRun) only the generic
    /// instantiations its own libraries use, so those over <c>uint</c> start as unoptimised tier-0 code and go through tiered
    /// compilation's instrumented stages, in every process, for thousands of files. This type is ours, so it is precompiled with
    /// the assembly and its hot methods are compiled optimised once (<see cref="HotPath"/>). One source file compiled into each
    /// assembly that links src/Shared. Open addressing with linear probing over a power-of-two bucket array, at most half full.
    /// </remarks>
    /// <typeparam name="TValue">The value kept per key.</typeparam>
    internal sealed class UInt32Map<TValue>
    {
        private int[] _buckets; // 0: empty; otherwise the entry's index + 1
        private uint[] _keys;
        private TValue[] _values;
        private int _count;

        /// <summary>Creates a map sized for <paramref name="capacity"/> keys before it grows.</summary>
        [MethodImpl(HotPath.Optimized)]
        public UInt32Map(int capacity = 4)
        {
            int size = 8;
            while (size < capacity * 2) size <<= 1;
            _buckets = new int[size];
            _keys = new uint[size / 2];
            _values = new TValue[size / 2];
        }

        /// <summary>Number of keys.</summary>
        public int Count => _count;

        /// <summary>The key added <paramref name="index"/>-th (0 ≤ index &lt; <see cref="Count"/>).</summary>
        public uint KeyAt(int index) => _keys[index];

        /// <summary>Whether <paramref name="key"/> is in the map.</summary>
        [MethodImpl(HotPath.Optimized)]
        public bool ContainsKey(uint key) => Find(key) >= 0;

        /// <summary>The value under <paramref name="key"/>, if there is one.</summary>
        [MethodImpl(HotPath.Optimized)]
        public bool TryGetValue(uint key, out TValue value)
        {
            int at = Find(key);
            if (at < 0)
            {
                value = default!;
                return false;
            }
            value = _values[at];
            return true;
        }

        /// <summary>Adds <paramref name="key"/> with <paramref name="value"/>; false (and no change) when the key is there.</summary>
        [MethodImpl(HotPath.Optimized)]
        public bool TryAdd(uint key, TValue value)
        {
            int mask = _buckets.Length - 1;
            int b = Bucket(key, mask);
            while (true)
            {
                int entry = _buckets[b];
                if (entry == 0) break;
                if (_keys[entry - 1] == key) return false;
                b = (b + 1) & mask;
            }
            if (_count == _keys.Length)
            {
                Grow();
                mask = _buckets.Length - 1;
                b = Bucket(key, mask);
                while (_buckets[b] != 0) b = (b + 1) & mask;
            }
            _keys[_count] = key;
            _values[_count] = value;
            _buckets[b] = ++_count;
            return true;
        }

        /// <summary>Sets the value under <paramref name="key"/>, adding the key when it is not there.</summary>
        [MethodImpl(HotPath.Optimized)]
        public void Set(uint key, TValue value)
        {
            int at = Find(key);
            if (at >= 0) _values[at] = value;
            else TryAdd(key, value);
        }

        /// <summary>Removes every key; the storage is kept for refilling.</summary>
        public void Clear()
        {
            Array.Clear(_buckets, 0, _buckets.Length);
            Array.Clear(_values, 0, _count); // let go of what reference values held
            _count = 0;
        }

        [MethodImpl(HotPath.Optimized)]
        private int Find(uint key)
        {
            int mask = _buckets.Length - 1;
            int b = Bucket(key, mask);
            while (true)
            {
                int entry = _buckets[b];
                if (entry == 0) return -1;
                if (_keys[entry - 1] == key) return entry - 1;
                b = (b + 1) & mask;
            }
        }

        // Fibonacci hashing: tags differ in their low bits within a group and in their high bits across groups; the multiply
        // spreads both over the bucket index.
        private static int Bucket(uint key, int mask)
        {
            uint h = key * 0x9E3779B1u;
            return (int)(h ^ (h >> 16)) & mask;
        }

        private void Grow()
        {
            var keys = new uint[_keys.Length * 2];
            var values = new TValue[keys.Length];
            Array.Copy(_keys, keys, _count);
            Array.Copy(_values, values, _count);
            _keys = keys;
            _values = values;
            _buckets = new int[keys.Length * 2];
            int mask = _buckets.Length - 1;
            for (int i = 0; i < _count; i++)
            {
                int b = Bucket(keys[i], mask);
                while (_buckets[b] != 0) b = (b + 1) & mask;
                _buckets[b] = i + 1;
            }
        }
    }
}
