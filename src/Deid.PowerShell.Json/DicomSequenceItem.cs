using System;
using System.Collections;
using System.Collections.Generic;
using System.Dynamic;
using System.Linq.Expressions;
using System.Management.Automation;
using System.Reflection;
using System.Threading;
using Deid.Dicom;
using Deid.Inspection;
using Newtonsoft.Json.Linq;

namespace Deid.PowerShell
{
    /// <summary>
    /// One item of a sequence on a Get-DicomDataset object, as scripts and ConvertTo-Json both want it.
    /// <para>
    /// Why a JObject: PowerShell 7's ConvertTo-Json treats a fixed list of types as leaves and cuts any other object past -Depth
    /// (2 by default) to its text, with a "Resulting JSON is truncated" warning. An item holding a sequence or a multi-valued
    /// element is already at depth 3. The one container it writes whole at any depth is a Newtonsoft JObject (checked before the
    /// depth, since PowerShell 6), so an item is one, its JSON tokens built only when something reads them.
    /// </para>
    /// <para>
    /// For scripts it is what an item was: a NoteProperty per keyword with typed values (added by <see cref="DatasetObjects"/>),
    /// nested sequences as lists of items, the view's type name, members and indexers (<c>$item['PatientName']</c>,
    /// <c>$item['(0010,0010)']</c> give typed values, not JSON tokens). It is a non-generic IDictionary (of its place: Path,
    /// ItemPath, TransferSyntax, ElementCount), so the pipeline treats it as one object instead of unrolling its JSON properties;
    /// Deid.Format.ps1xml keeps the formatter from listing its entries and Deid.Types.ps1xml names
    /// <see cref="DicomSequenceItemAdapter"/>, which shows it as a dataset view.
    /// </para>
    /// </summary>
    public sealed class DicomSequenceItem : JObject, IDictionary
    {
        /// <summary>
        /// The dataset view's own properties, in the order a dataset object shows them: an item's dictionary entries, the
        /// properties its adapter shows, and the first JSON properties of every item (<see cref="JsonTokens"/>).
        /// </summary>
        internal static readonly string[] ViewPropertyNames = { nameof(DicomDatasetView.Path), nameof(DicomDatasetView.ItemPath), nameof(DicomDatasetView.TransferSyntax), nameof(DicomDatasetView.ElementCount) };

        /// <summary>The value of one of <see cref="ViewPropertyNames"/> (any case) on <paramref name="view"/>; null for another name.</summary>
        internal static object? ViewProperty(DicomDatasetView view, string name)
        {
            switch (name.ToUpperInvariant())
            {
                case "PATH": return view.Path;
                case "ITEMPATH": return view.ItemPath;
                case "TRANSFERSYNTAX": return view.TransferSyntax;
                case "ELEMENTCOUNT": return view.ElementCount;
                default: return null;
            }
        }

        private readonly DicomDatasetView _view;
        private readonly object _gate = new object();
        private WeakReference<List<JToken>>? _json;
        private List<JToken>? _building;

        /// <summary>An item of <paramref name="view"/>; its keyword NoteProperties are added by DatasetObjects.</summary>
        internal DicomSequenceItem(DicomDatasetView view)
        {
            _view = view;
        }

        /// <summary>The item as a dataset view.</summary>
        internal DicomDatasetView View => _view;

        /// <summary>The file the item was read from.</summary>
        public new string? Path => _view.Path;

        /// <summary>Where the item is in its file, such as <c>(0040,0275)__0</c>.</summary>
        public string? ItemPath => _view.ItemPath;

        /// <summary>Always null for an item (a file's transfer syntax is on the dataset); here so items read as datasets do.</summary>
        public TransferSyntax? TransferSyntax => _view.TransferSyntax;

        /// <summary>Elements in the item.</summary>
        public int ElementCount => _view.ElementCount;

        /// <summary>A value by keyword or by tag text (<c>(0010,0010)</c>, <c>00100010</c>), typed as the item's properties are.</summary>
        public new object? this[string keywordOrTag] => _view[keywordOrTag];

        /// <summary>A value by tag.</summary>
        public object? this[DicomTag tag] => _view[tag];

        /// <summary>The item's elements as rows (read as the hidden property Elements).</summary>
        public IReadOnlyList<DicomElementRow> GetElements() => _view.GetElements();

        /// <summary>Every element of the item, nested ones included (the hidden property AllElements).</summary>
        public IReadOnlyList<DicomElementRow> GetAllElements() => _view.GetAllElements();

        /// <summary>Null: an item has no file meta information.</summary>
        public DicomDatasetView? GetFileMetaInformation() => _view.GetFileMetaInformation();

        /// <summary>Null: an item is not a file.</summary>
        public DicomFile? GetFile() => _view.GetFile();

        /// <summary>The item's dataset.</summary>
        public DicomDataset GetDataset() => _view.GetDataset();

        /// <summary>The dcmdump-like listing of the item.</summary>
        public string ToDumpString(int maxValueWidth = 64) => _view.ToDumpString(maxValueWidth);

        /// <summary>The item path.</summary>
        public override string ToString() => _view.ToString();

        /// <summary>
        /// The JSON properties, made from the view when something reads them and held only weakly: ConvertTo-Json copies an item
        /// as it reads it, and a dataset kept in a variable would otherwise keep a second, larger copy of every item it ever
        /// converted (a 12 MB RT structure set: 355 MB of managed memory after one ConvertTo-Json, against 120 MB).
        /// </summary>
        /// <remarks>
        /// A reader holds the properties it walks by their links (Next, Parent), not by this list, so a list collected during a
        /// read is only made again for that read's last-property check. Readers on several threads share one list, which
        /// nothing changes once made.
        /// </remarks>
        protected override IList<JToken> ChildrenTokens
        {
            get
            {
                // While this thread fills the list, adding a property asks for the list being filled.
                var building = _building;
                if (building != null && Monitor.IsEntered(_gate)) return building;
                if (_json != null && _json.TryGetTarget(out var made)) return made;
                lock (_gate)
                {
                    if (_json != null && _json.TryGetTarget(out made)) return made;
                    var list = new List<JToken>();
                    _building = list;
                    try
                    {
                        JsonTokens.Fill(this, _view, depth: 1);
                    }
                    finally
                    {
                        _building = null;
                    }
                    _json = new WeakReference<List<JToken>>(list);
                    return list;
                }
            }
        }

        /// <summary>
        /// Member access goes to PowerShell's own binding (the NoteProperties, then this type's members): JObject's dynamic proxy
        /// would answer <c>$item.InstanceNumber</c> with a JSON token. Indexing goes to the typed indexers.
        /// </summary>
        protected override DynamicMetaObject GetMetaObject(Expression parameter) => new Meta(parameter, this);

        // The typed value for PowerShell's $item[key]: a keyword or tag text, a DicomTag, or several keys (an array of values).
        private object? IndexValue(object? key)
        {
            key = key is PSObject pso ? pso.BaseObject : key;
            switch (key)
            {
                case null:
                    return null;
                case DicomTag tag:
                    return _view[tag];
                case string text:
                    return Lookup(text);
                case IList many:
                    var values = new object?[many.Count];
                    for (int i = 0; i < values.Length; i++) values[i] = IndexValue(many[i]);
                    return values;
                default:
                    return Lookup(System.Convert.ToString(key, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty);
            }
        }

        // As $dataset['NoSuchKeyword'] is: PowerShell gives $null where the dataset's indexer throws for a name that is neither a
        // keyword nor a tag, and this binding bypasses the place where PowerShell does that.
        private object? Lookup(string keywordOrTag)
        {
            try
            {
                return _view[keywordOrTag];
            }
            catch (ArgumentException)
            {
                return null;
            }
        }

        private sealed class Meta : DynamicMetaObject
        {
            private static readonly MethodInfo Index = typeof(DicomSequenceItem).GetMethod(nameof(IndexValue), BindingFlags.NonPublic | BindingFlags.Instance)!;

            public Meta(Expression expression, DicomSequenceItem value)
                : base(expression, BindingRestrictions.Empty, value)
            {
            }

            public override DynamicMetaObject BindGetIndex(GetIndexBinder binder, DynamicMetaObject[] indexes)
            {
                if (indexes.Length != 1) return base.BindGetIndex(binder, indexes);
                var call = Expression.Call(
                    Expression.Convert(Expression, typeof(DicomSequenceItem)),
                    Index,
                    Expression.Convert(indexes[0].Expression, typeof(object)));
                return new DynamicMetaObject(call, BindingRestrictions.GetTypeRestriction(Expression, typeof(DicomSequenceItem)));
            }
        }

        // The JSON members of a JObject, hidden from PowerShell ([Hidden] on a member of the same name wins over the inherited one
        // and over an interface's): without these, Select-Object *, Export-Csv and Format-List * of an item list First, Parent,
        // AllowNew and the rest beside the keywords. The type adapter (DicomSequenceItemAdapter) covers Get-Member and display.
#pragma warning disable CS1591 // Members that exist only to be hidden.
        [Hidden] public override JTokenType Type => base.Type;
        [Hidden] public override bool HasValues => base.HasValues;
        [Hidden] public override JToken? First => base.First;
        [Hidden] public override JToken? Last => base.Last;
        [Hidden] public new int Count => 1; // what $item.Count was: PowerShell's count of one object, as for any item
        [Hidden] public new JContainer? Parent => base.Parent;
        [Hidden] public new JToken Root => base.Root;
        [Hidden] public new JToken? Next => base.Next;
        [Hidden] public new JToken? Previous => base.Previous;
        [Hidden] public int LineNumber => ((Newtonsoft.Json.IJsonLineInfo)this).LineNumber;
        [Hidden] public int LinePosition => ((Newtonsoft.Json.IJsonLineInfo)this).LinePosition;
        [Hidden] public bool IsReadOnly => true;
        [Hidden] public bool IsFixedSize => true;
        [Hidden] public bool AllowNew => false;
        [Hidden] public bool AllowEdit => false;
        [Hidden] public bool AllowRemove => false;
        [Hidden] public bool SupportsChangeNotification => false;
        [Hidden] public bool SupportsSearching => false;
        [Hidden] public bool SupportsSorting => false;
        [Hidden] public bool IsSorted => false;
        [Hidden] public System.ComponentModel.PropertyDescriptor? SortProperty => null;
        [Hidden] public System.ComponentModel.ListSortDirection SortDirection => System.ComponentModel.ListSortDirection.Ascending;
        [Hidden] public object SyncRoot => _gate;
        [Hidden] public bool IsSynchronized => false;
        [Hidden] public ICollection Keys => Entries().Keys;
        [Hidden] public ICollection Values => Entries().Values;
        [Hidden] public bool? RequireRegisteredTypes => null;
#pragma warning restore CS1591

        // IDictionary, so that PowerShell does not unroll an item in the pipeline (a JObject alone would be unrolled into its JSON
        // properties). Its entries are the view's own four properties only, not the keywords: Export-Csv and ConvertTo-Csv write
        // a dictionary's keys and then its NoteProperties (the keywords), and would write each keyword twice; Export-Clixml writes
        // the entries and then the NoteProperties, so both survive the trip. A key whose value is null is not contained, since
        // Export-Csv calls ToString() on the value of every key contained.
        IEnumerator IEnumerable.GetEnumerator() => ((IDictionary)this).GetEnumerator();

        IDictionaryEnumerator IDictionary.GetEnumerator() => Entries().GetEnumerator();

        object? IDictionary.this[object key]
        {
            get => key is string name ? Entry(name) : null;
            set => throw ReadOnly();
        }

        bool IDictionary.IsFixedSize => true;

        bool IDictionary.IsReadOnly => true;

        ICollection IDictionary.Keys => Entries().Keys;

        ICollection IDictionary.Values => Entries().Values;

        int ICollection.Count => Entries().Count;

        bool ICollection.IsSynchronized => false;

        object ICollection.SyncRoot => _gate;

        void IDictionary.Add(object key, object? value) => throw ReadOnly();

        void IDictionary.Clear() => throw ReadOnly();

        bool IDictionary.Contains(object key) => key is string name && Entry(name) != null;

        void IDictionary.Remove(object key) => throw ReadOnly();

        void ICollection.CopyTo(Array array, int index) => ((ICollection)Entries()).CopyTo(array, index);

        private object? Entry(string name) => ViewProperty(_view, name);

        private System.Collections.Specialized.OrderedDictionary Entries()
        {
            var entries = new System.Collections.Specialized.OrderedDictionary(ViewPropertyNames.Length);
            foreach (var name in ViewPropertyNames)
            {
                if (Entry(name) is object value) entries.Add(name, value);
            }
            return entries;
        }

        private static NotSupportedException ReadOnly() => new NotSupportedException("The items of a sequence read from a file cannot be changed here.");
    }
}
