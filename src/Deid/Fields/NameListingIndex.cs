using System.Collections.Generic;
using System.Runtime.CompilerServices;

namespace Deid.Fields
{
    /// <summary>A <see cref="ListingIndex{TKey}"/> by name, with the caller's comparer.</summary>
    internal sealed class NameListingIndex : ListingIndex<string>
    {
        private readonly Dictionary<string, int> _first;
        private readonly IEqualityComparer<string> _comparer;
        private Dictionary<string, List<int>>? _more;

        public NameListingIndex(int capacity, IEqualityComparer<string> comparer)
        {
            _first = new Dictionary<string, int>(capacity, comparer);
            _comparer = comparer;
        }

        /// <inheritdoc/>
        [MethodImpl(HotPath.Optimized)]
        protected override bool TryGetFirst(string key, out int first) => _first.TryGetValue(key, out first);

        /// <inheritdoc/>
        [MethodImpl(HotPath.Optimized)]
        protected override void AddFirst(string key, int position) => _first[key] = position;

        /// <inheritdoc/>
        [MethodImpl(HotPath.Optimized)]
        protected override List<int> MoreOf(string key)
        {
            _more ??= new Dictionary<string, List<int>>(_comparer);
            if (!_more.TryGetValue(key, out var list))
            {
                list = new List<int>(2);
                _more[key] = list;
            }
            return list;
        }

        /// <inheritdoc/>
        [MethodImpl(HotPath.Optimized)]
        protected override bool TryGetMore(string key, out List<int>? more)
        {
            more = null;
            return _more != null && _more.TryGetValue(key, out more);
        }
    }
}
