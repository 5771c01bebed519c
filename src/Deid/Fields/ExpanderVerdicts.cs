using System;
using System.Runtime.CompilerServices;
using System.Threading;
using Deid.Collections;

namespace Deid.Fields
{
    /// <summary>
    /// What a name expander (contains:, startswith:, endswith:, except:) said about the names of an element that follow from its tag
    /// and private creator alone — "(gggg,eeee)", "ggggeeee", dictionary name and keyword, creator syntax, and at the top level the
    /// keyword path, which is then the keyword. A recipe's expanders meet the same few hundred tags in every file of a corpus, so
    /// each regular expression runs once per tag instead of five to seven times per element per file. Bounded, so a file with
    /// 400,000 distinct private tags costs the plain matching, not memory that is never given back.
    /// </summary>
    /// <remarks>
    /// Each thread of a batch keeps its own table (the same verdicts, found once per thread): lookups take no lock, and the table
    /// is a type of ours, which .NET precompiles, where a ConcurrentDictionary keyed by a struct of ours ran as unoptimised code
    /// for thousands of files (see HotPath).
    /// </remarks>
    internal sealed class ExpanderVerdicts
    {
        /// <summary>Entries kept at most per thread; beyond this, verdicts are computed and not stored.</summary>
        internal const int Capacity = 16384;

        // Not trackAllValues: with it, .NET keeps the table of every thread that ever asked, also after the thread has ended, for
        // as long as the recipe is cached (ParsedRecipeCache keeps the parsed recipe, and with it these verdicts, for the process).
        // A runbook or service calling a cmdlet every few minutes gets fresh pool threads nearly every call, so each call left
        // some 14 KB (up to 1.7 MB for a thread that met many private tags) that was never given back (QA 2026-12-07).
        private readonly ThreadLocal<VerdictTable> _tables = new ThreadLocal<VerdictTable>(() => new VerdictTable(), trackAllValues: false);

        // The table this thread used last, and whose: a file asks one expander about each of its elements in a row, so the
        // ThreadLocal lookup (framework code that stays in tiered PGO's instrumented tier under pwsh, see HotPath) is made once per
        // expander and file, not per element. Holds at most one table per thread beyond its expander's life.
        [ThreadStatic]
        private static ExpanderVerdicts? _lastOwner;

        [ThreadStatic]
        private static VerdictTable? _lastTable;

        /// <summary>The stored verdict for the tag, creator and depth, if there is one.</summary>
        [MethodImpl(HotPath.Optimized)]
        public bool TryGet(uint tag, string? creator, bool nested, out bool verdict) => Table().TryGet(tag, creator, nested, out verdict);

        /// <summary>Stores a verdict while there is room.</summary>
        [MethodImpl(HotPath.Optimized)]
        public void Store(uint tag, string? creator, bool nested, bool verdict)
        {
            var table = Table();
            if (table.Count < Capacity) table.TryAdd(tag, creator, nested, verdict);
        }

        [MethodImpl(HotPath.Optimized)]
        private VerdictTable Table()
        {
            if (ReferenceEquals(_lastOwner, this)) return _lastTable!;
            var table = _tables.Value!;
            _lastTable = table;
            _lastOwner = this;
            return table;
        }

        /// <summary>Number of verdicts this thread has stored (for tests: the bound holds).</summary>
        internal int Count => _tables.IsValueCreated ? _tables.Value!.Count : 0;

        /// <summary>This thread's table (for tests: it is given back when the thread ends).</summary>
        internal object CurrentTable => Table();

        /// <summary>Open addressing with linear probing over a power-of-two array, at most half full; one thread's.</summary>
        private sealed class VerdictTable
        {
            private uint[] _tags = new uint[64];
            private string?[] _creators = new string?[64];
            private byte[] _slots = new byte[64]; // 0: empty; 1 | 2 (nested) | 4 (verdict)

            public int Count { get; private set; }

            [MethodImpl(HotPath.Optimized)]
            public bool TryGet(uint tag, string? creator, bool nested, out bool verdict)
            {
                int mask = _slots.Length - 1;
                int at = Start(tag, creator, mask);
                byte want = (byte)(nested ? 3 : 1);
                while (true)
                {
                    byte slot = _slots[at];
                    if (slot == 0)
                    {
                        verdict = false;
                        return false;
                    }
                    if ((slot & 3) == want && _tags[at] == tag && OrdinalString.Same(_creators[at], creator))
                    {
                        verdict = (slot & 4) != 0;
                        return true;
                    }
                    at = (at + 1) & mask;
                }
            }

            [MethodImpl(HotPath.Optimized)]
            public void TryAdd(uint tag, string? creator, bool nested, bool verdict)
            {
                if (TryGet(tag, creator, nested, out _)) return;
                if ((Count + 1) * 2 > _slots.Length) Grow();
                Put(tag, creator, (byte)((nested ? 3 : 1) | (verdict ? 4 : 0)));
                Count++;
            }

            private void Put(uint tag, string? creator, byte slot)
            {
                int mask = _slots.Length - 1;
                int at = Start(tag, creator, mask);
                while (_slots[at] != 0) at = (at + 1) & mask;
                _tags[at] = tag;
                _creators[at] = creator;
                _slots[at] = slot;
            }

            private void Grow()
            {
                var tags = _tags;
                var creators = _creators;
                var slots = _slots;
                _tags = new uint[tags.Length * 2];
                _creators = new string?[tags.Length * 2];
                _slots = new byte[tags.Length * 2];
                for (int i = 0; i < slots.Length; i++)
                {
                    if (slots[i] != 0) Put(tags[i], creators[i], slots[i]);
                }
            }

            // The creator counts: a corpus from many vendors meets one private tag under many creators.
            [MethodImpl(HotPath.Optimized)]
            private static int Start(uint tag, string? creator, int mask)
            {
                uint h = tag * 0x9E3779B1u;
                if (creator != null) h ^= OrdinalString.Hash(creator);
                return (int)(h ^ (h >> 16)) & mask;
            }
        }
    }
}
