using System.Collections.Generic;
using System.Runtime.CompilerServices;

namespace Deid.Fields
{
    /// <summary>
    /// Positions in a field listing by key, in listing order (<see cref="FieldList"/>'s lookups by tag and by name). Most keys name
    /// one field, so the first position sits in one table and only keys with more (a tag at several depths, keyword and name
    /// alike) get a list: no list per key on the hot path. The tables are the subclass's: by tag a <see cref="Deid.Collections.UInt32Map{TValue}"/>
    /// (see its remarks for why not a Dictionary), by name a Dictionary with the caller's comparer.
    /// </summary>
    internal abstract class ListingIndex<TKey>
        where TKey : notnull
    {
        /// <summary>
        /// Adds <paramref name="position"/> under <paramref name="key"/>. Positions come in increasing order; one field often
        /// has the same text under two keys (a top-level keyword is also its keyword path), and a repeat of the last position
        /// is not added again, so the positions stay unique and increasing per key.
        /// </summary>
        [MethodImpl(HotPath.Optimized)]
        public void Add(TKey key, int position)
        {
            if (!TryGetFirst(key, out int first))
            {
                AddFirst(key, position);
                return;
            }
            if (first == position) return;
            var list = MoreOf(key);
            if (list.Count == 0 || list[list.Count - 1] != position) list.Add(position);
        }

        /// <summary>The first position under <paramref name="key"/> and the later ones (null when there are none).</summary>
        [MethodImpl(HotPath.Optimized)]
        public bool TryGet(TKey key, out int first, out List<int>? more)
        {
            more = null;
            if (!TryGetFirst(key, out first)) return false;
            TryGetMore(key, out more);
            return true;
        }

        /// <summary>The first position under the key, if the key is there.</summary>
        protected abstract bool TryGetFirst(TKey key, out int first);

        /// <summary>Records the first position under a key not yet there.</summary>
        protected abstract void AddFirst(TKey key, int position);

        /// <summary>The list of later positions under a key, made empty when there was none.</summary>
        protected abstract List<int> MoreOf(TKey key);

        /// <summary>The list of later positions under the key, if there is one.</summary>
        protected abstract bool TryGetMore(TKey key, out List<int>? more);
    }
}
