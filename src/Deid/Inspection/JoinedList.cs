using System.Collections.Generic;
using System.Collections.ObjectModel;

namespace Deid.Inspection
{
    /// <summary>
    /// A read-only list on a result object (the labels of a verdict, the steps of a file, the files a cleaning wrote) that prints
    /// as its items joined by "; ", so that Export-Csv and string expansion write <c>graylist; blacklist</c>, not a type name.
    /// Indexes, counts and enumerates as the array it stands for.
    /// </summary>
    /// <typeparam name="T">The item type; each prints with its own <see cref="object.ToString"/>.</typeparam>
    public sealed class JoinedList<T> : ReadOnlyCollection<T>
    {
        /// <summary>The separator between items in <see cref="ToString"/>.</summary>
        public const string Separator = "; ";

        /// <summary>Wraps <paramref name="items"/> (not copied: a live list shows its changes).</summary>
        public JoinedList(IList<T> items)
            : base(items)
        {
        }

        /// <summary>
        /// <paramref name="items"/> as a joined list: itself when it is one, wrapped when it is a list or an array (not copied), else
        /// copied.
        /// </summary>
        public static JoinedList<T> From(IReadOnlyList<T> items)
        {
            if (items == null) throw new System.ArgumentNullException(nameof(items));
            if (items is JoinedList<T> joined) return joined;
            if (items is IList<T> list) return new JoinedList<T>(list);
            var copy = new T[items.Count];
            for (int i = 0; i < copy.Length; i++) copy[i] = items[i];
            return new JoinedList<T>(copy);
        }

        /// <summary>The number of items, as an array's Length (scripts written against the array it replaced read it).</summary>
        public int Length => Count;

        /// <summary>The items' text joined by <see cref="Separator"/>; empty for no items.</summary>
        public override string ToString()
        {
            var parts = new string[Count];
            for (int i = 0; i < Count; i++) parts[i] = this[i]?.ToString() ?? "";
            return string.Join(Separator, parts);
        }
    }
}
