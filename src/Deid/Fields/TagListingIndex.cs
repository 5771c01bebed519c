using System.Collections.Generic;
using System.Runtime.CompilerServices;
using Deid.Collections;

namespace Deid.Fields
{
    /// <summary>A <see cref="ListingIndex{TKey}"/> by tag value.</summary>
    internal sealed class TagListingIndex : ListingIndex<uint>
    {
        private readonly UInt32Map<int> _first;
        private UInt32Map<List<int>>? _more;

        public TagListingIndex(int capacity) => _first = new UInt32Map<int>(capacity);

        /// <summary>Number of distinct tags indexed (a removed field's tag stays indexed).</summary>
        public int TagCount => _first.Count;

        /// <summary>The <paramref name="index"/>-th distinct tag indexed, in the order first listed.</summary>
        public uint TagAt(int index) => _first.KeyAt(index);

        /// <inheritdoc/>
        [MethodImpl(HotPath.Optimized)]
        protected override bool TryGetFirst(uint key, out int first) => _first.TryGetValue(key, out first);

        /// <inheritdoc/>
        [MethodImpl(HotPath.Optimized)]
        protected override void AddFirst(uint key, int position) => _first.TryAdd(key, position);

        /// <inheritdoc/>
        [MethodImpl(HotPath.Optimized)]
        protected override List<int> MoreOf(uint key)
        {
            _more ??= new UInt32Map<List<int>>();
            if (!_more.TryGetValue(key, out var list))
            {
                list = new List<int>(2);
                _more.TryAdd(key, list);
            }
            return list;
        }

        /// <inheritdoc/>
        [MethodImpl(HotPath.Optimized)]
        protected override bool TryGetMore(uint key, out List<int>? more)
        {
            more = null;
            return _more != null && _more.TryGetValue(key, out more);
        }
    }
}
