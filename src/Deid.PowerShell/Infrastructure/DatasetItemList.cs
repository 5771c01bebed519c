using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Threading;
using Deid.Inspection;

namespace Deid.PowerShell
{
    /// <summary>
    /// The items of a sequence on a dataset object: each item becomes a dataset object (keyword properties, typed values) when it
    /// is first read, not when the file is. An RT structure set's thousands of contour items took 300 ms a file to wrap for
    /// a listing that seldom looks inside them. Indexes, counts and enumerates as the array it replaces did.
    /// </summary>
    public sealed class DatasetItemList : IList, IReadOnlyList<PSObject>
    {
        private readonly DicomDatasetView[] _views;
        private readonly PSObject?[] _items;

        internal DatasetItemList(DicomDatasetView[] views)
        {
            _views = views;
            _items = new PSObject?[views.Length];
        }

        /// <summary>The number of items.</summary>
        public int Count => _views.Length;

        /// <summary>"(2 items)": what Export-Csv writes for a sequence (its items are objects of their own, not one cell's text).</summary>
        public override string ToString() => "(" + _views.Length.ToString(System.Globalization.CultureInfo.InvariantCulture) + (_views.Length == 1 ? " item)" : " items)");

        /// <summary>The number of items, as an array's Length (scripts written against the array read it).</summary>
        public int Length => _views.Length;

        /// <summary>The item at <paramref name="index"/> (from 0), wrapped once and kept.</summary>
        public PSObject this[int index]
        {
            get
            {
                // Threads racing here wrap the same item; the first object published is the one everybody gets.
                return Volatile.Read(ref _items[index])
                    ?? Interlocked.CompareExchange(ref _items[index], DatasetObjects.WrapItem(_views[index]), null)
                    ?? _items[index]!;
            }
        }

        bool IList.IsReadOnly => true;

        bool IList.IsFixedSize => true;

        bool ICollection.IsSynchronized => false;

        object ICollection.SyncRoot => _views;

        object? IList.this[int index]
        {
            get => this[index];
            set => throw ReadOnly();
        }

        /// <summary>The items in order.</summary>
        public IEnumerator<PSObject> GetEnumerator()
        {
            for (int i = 0; i < _views.Length; i++) yield return this[i];
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        bool IList.Contains(object? value) => ((IList)this).IndexOf(value) >= 0;

        int IList.IndexOf(object? value)
        {
            for (int i = 0; i < _views.Length; i++)
            {
                if (ReferenceEquals(_items[i], value) || (value is PSObject pso && DatasetObjects.IsViewOf(pso.BaseObject, _views[i]))) return i;
            }
            return -1;
        }

        void ICollection.CopyTo(Array array, int index)
        {
            for (int i = 0; i < _views.Length; i++) array.SetValue(this[i], index + i);
        }

        int IList.Add(object? value) => throw ReadOnly();

        void IList.Clear() => throw ReadOnly();

        void IList.Insert(int index, object? value) => throw ReadOnly();

        void IList.Remove(object? value) => throw ReadOnly();

        void IList.RemoveAt(int index) => throw ReadOnly();

        private static NotSupportedException ReadOnly() => new NotSupportedException("The items of a sequence read from a file cannot be changed here.");
    }
}
