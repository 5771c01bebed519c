using System.Collections.Generic;
using System.Management.Automation;
using Deid.Identifiers;
using Deid.Inspection;

namespace Deid.PowerShell
{
    /// <summary>
    /// Wraps dataset views and identifiers in PSObjects with one NoteProperty per keyword, so <c>$ds.PatientID</c>, Select-Object,
    /// Sort-Object, Export-Csv, ConvertTo-Json and tab completion work on them; sequences become lists of items wrapped when read. Values
    /// are typed for scripts (<see cref="ScriptValue"/>): numbers as numbers, dates as text with a [datetime] companion.
    /// </summary>
    internal static class DatasetObjects
    {
        public static PSObject Wrap(DicomDatasetView view)
        {
            var pso = new PSObject(view);
            AddAll(pso, view.NamedValues());
            return pso;
        }

        /// <summary>
        /// A Get-DicomDataset object: as <see cref="Wrap(DicomDatasetView)"/>, its keyword properties remembered so that a replace it
        /// is piped to can say which were changed (<see cref="KeywordEdits"/>).
        /// </summary>
        public static PSObject WrapFile(DicomDatasetView view)
        {
            var pso = new PSObject(view);
            KeywordEdits.Remember(view, AddAll(pso, view.NamedValues(), typeof(DicomDatasetView), record: true)!);
            return pso;
        }

        /// <summary>
        /// The identifiers with Path first (so Export-Csv writes it as the first column), then one NoteProperty per top-level
        /// keyword (<see cref="DicomIdentifiers.NamedValues"/>); Fields and Variables stay the object's own.
        /// </summary>
        public static PSObject Wrap(DicomIdentifiers ids)
        {
            var pso = new PSObject(ids);
            pso.Properties.Add(new PSNoteProperty(nameof(DicomIdentifiers.Path), ids.Path));
            KeywordEdits.Remember(ids, AddAll(pso, ids.NamedValues(), typeof(DicomIdentifiers), record: true)!);
            return pso;
        }

        /// <summary>
        /// A sequence item: a DicomSequenceItem (Deid.PowerShell.Json), which ConvertTo-Json writes whole at its default -Depth,
        /// where Newtonsoft.Json 13 is loaded (PowerShell 7.2 and later, whose ConvertTo-Json is built on it); elsewhere (Windows
        /// PowerShell 5.1, whose ConvertTo-Json does not warn) a plain view, as the dataset is.
        /// </summary>
        public static PSObject WrapItem(DicomDatasetView item)
        {
            var create = JsonItemBridge.Create;
            if (create == null) return Wrap(item);
            JsonItemBridge.EnsureAdapter();
            var pso = new PSObject(create(item));
            AddAll(pso, item.NamedValues(), typeof(DicomDatasetView));
            return pso;
        }

        /// <summary>
        /// The dataset view behind a Get-DicomDataset object's base object: the view itself, or a sequence item's; null for
        /// anything else. Cmdlets taking datasets read them through this, so an item is taken as a dataset is.
        /// </summary>
        public static DicomDatasetView? AsView(object? baseObject) =>
            baseObject as DicomDatasetView ?? (baseObject != null && JsonItemBridge.ViewOf is { } viewOf ? viewOf(baseObject) : null);

        /// <summary>Whether <paramref name="baseObject"/> (an item's base object) is <paramref name="view"/> or its wrapping.</summary>
        public static bool IsViewOf(object baseObject, DicomDatasetView view) => ReferenceEquals(AsView(baseObject), view);

        private static void AddAll(PSObject pso, IEnumerable<KeyValuePair<string, object?>> values) => AddAll(pso, values, pso.BaseObject.GetType());

        private static void AddAll(PSObject pso, IEnumerable<KeyValuePair<string, object?>> values, System.Type ownType) =>
            AddAll(pso, values, ownType, record: false);

        // ownType: the type whose members a keyword may not shadow (an item's are the dataset view's).
        // Marked (see HotPath): it runs once per object, a note per keyword; unmarked, it ran as tiered PGO's instrumented code
        // for a whole run under pwsh.
        [System.Runtime.CompilerServices.MethodImpl(HotPath.Optimized)]
        // With record, returns the notes added (name, value as shown), for KeywordEdits; otherwise null.
        private static KeyValuePair<string, object?>[]? AddAll(PSObject pso, IEnumerable<KeyValuePair<string, object?>> values, System.Type ownType, bool record)
        {
            // The names already taken are known without asking the object: the base type's own properties (a keyword never
            // shadows them; the identifiers' Path note is added on purpose, before) and the keywords added so far. Added
            // pre-validated, PowerShell skips the lookup through the object's members and type data it makes for each note:
            // Get-DicomIdentifier in a fresh pwsh went from 4,802-5,430 to 5,996-8,136 files/s on the cookies.
            // One set per thread, cleared for each object (objects are built on the reading threads, one after another); a
            // fresh one should building an object ever start another on the same thread. A set per object, grown from a few
            // names to a hundred keywords, was some 5 KB of each small CT file's listing.
            var taken = _takenNames;
            _takenNames = null;
            if (taken == null) taken = new HashSet<string>(System.StringComparer.OrdinalIgnoreCase);
            try
            {
                taken.Clear();
                taken.UnionWith(OwnNames(ownType));
                List<KeyValuePair<string, object?>>? shown = record ? new List<KeyValuePair<string, object?>>(values is ICollection<KeyValuePair<string, object?>> c ? c.Count : 16) : null;
                foreach (var kv in values)
                {
                    if (!taken.Add(kv.Key)) continue;
                    object? value = Convert(kv.Value);
                    pso.Properties.Add(new PSNoteProperty(kv.Key, value), preValidated: true);
                    shown?.Add(new KeyValuePair<string, object?>(kv.Key, value));
                }
                return shown?.ToArray();
            }
            finally
            {
                taken.Clear();
                _takenNames = taken;
            }
        }

        [System.ThreadStatic]
        private static HashSet<string>? _takenNames;

        /// <summary>A fresh set of the names no keyword property may take on an object of <paramref name="ownType"/> (any case).</summary>
        internal static HashSet<string> TakenNames(System.Type ownType) => new HashSet<string>(OwnNames(ownType), System.StringComparer.OrdinalIgnoreCase);

        private static readonly System.Collections.Concurrent.ConcurrentDictionary<System.Type, string[]> Own = new System.Collections.Concurrent.ConcurrentDictionary<System.Type, string[]>();

        /// <summary>The public properties and fields PowerShell shows on objects of <paramref name="type"/> (indexers as Item).</summary>
        private static string[] OwnNames(System.Type type) => Own.GetOrAdd(type, t =>
        {
            var names = new List<string>();
            foreach (var p in t.GetProperties(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance)) names.Add(p.Name);
            foreach (var f in t.GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance)) names.Add(f.Name);
            return names.ToArray();
        });

        private static object? Convert(object? value)
        {
            // Items are wrapped when read: a sequence of thousands costs nothing until a script looks inside it.
            return value is DicomDatasetView[] items ? new DatasetItemList(items) : value;
        }
    }
}
