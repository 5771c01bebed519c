using System.Collections.Generic;

namespace Deid.Fields
{
    /// <summary>
    /// Positions in a field listing by key, in listing order (<see cref="FieldList"/>'s lookups by tag and by name). Most keys name
    /// one field, so the first position sits in one table and only keys with more (a tag at several depths, keyword and name
    /// alike) get a list: no list per key on the hot path.
    /// </summary>
    internal sealed class ListingIndex<TKey>
        where TKey : notnull
    {
        private readonly Dictionary<TKey, int> _first;
        private readonly IEqualityComparer<TKey>? _comparer;
        private Dictionary<TKey, List<int>>? _more;

        public ListingIndex(int capacity, IEqualityComparer<TKey>? comparer = null)
        {
            _first = new Dictionary<TKey, int>(capacity, comparer);
            _comparer = comparer;
        }

        /// <summary>
        /// Adds <paramref name="position"/> under <paramref name="key"/>. Positions come in increasing order; one field often
        /// has the same text under two keys (a top-level keyword is also its keyword path), and a repeat of the last position
        /// is not added again, so the positions stay unique and increasing per key.
        /// </summary>
        public void Add(TKey key, int position)
        {
            if (!_first.TryGetValue(key, out int first))
            {
                _first[key] = position;
                return;
            }
            if (first == position) return;
            _more ??= new Dictionary<TKey, List<int>>(_comparer);
            if (!_more.TryGetValue(key, out var list))
            {
                list = new List<int>(2);
                _more[key] = list;
            }
            if (list.Count == 0 || list[list.Count - 1] != position) list.Add(position);
        }

        /// <summary>The first position under <paramref name="key"/> and the later ones (null when there are none).</summary>
        public bool TryGet(TKey key, out int first, out List<int>? more)
        {
            more = null;
            if (!_first.TryGetValue(key, out first)) return false;
            if (_more != null) _more.TryGetValue(key, out more);
            return true;
        }
    }
}
