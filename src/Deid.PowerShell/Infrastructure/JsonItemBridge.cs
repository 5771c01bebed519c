using System;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Reflection;
using Deid.Inspection;

namespace Deid.PowerShell
{
    /// <summary>
    /// The way to the JObject sequence items of Deid.PowerShell.Json (DicomSequenceItem), which this assembly cannot reference
    /// (that one references this one) and must not hold: Import-Module lists every public type of the module's root assembly
    /// with its base types, and Windows PowerShell 5.1 has no Newtonsoft.Json (review 2026-12-06: the import would fail there).
    /// Found once, by name; unavailable (null delegates) where Newtonsoft.Json 13 is not loaded, and items are then plain views.
    /// </summary>
    internal static class JsonItemBridge
    {
        private static readonly Lazy<Bridge?> Loaded = new Lazy<Bridge?>(Load, System.Threading.LazyThreadSafetyMode.ExecutionAndPublication);

        /// <summary>Makes an item over a view, or null where JObject items are not available.</summary>
        public static Func<DicomDatasetView, object>? Create => Loaded.Value?.Create;

        /// <summary>
        /// Reads an item's view back, or null where JObject items are not available or none has been made: an item is made
        /// only through <see cref="Create"/>, so before that nothing can be one, and asking does not load Deid.PowerShell.Json
        /// (every string a replace is piped asked, and each run loaded the assembly).
        /// </summary>
        public static Func<object, DicomDatasetView?>? ViewOf => Loaded.IsValueCreated ? Loaded.Value?.ViewOf : null;

        /// <summary>
        /// Names the adapter that shows an item as a dataset view, once per runspace (type data are a runspace's), just before the
        /// runspace's first item is made: where JObject items are available only, since naming the item type loads it (and its
        /// JObject base).
        /// </summary>
        /// <remarks>
        /// Not at import: Update-TypeData is a command of Microsoft.PowerShell.Utility, and naming it there loaded that module
        /// into every session that imported this one. Import-Module took 268–331 ms against 145–188 without it (fresh pwsh, four
        /// alternating runs each), a cost every runbook paid and only a script reading sequence items needs. The first item a
        /// runspace makes now pays it. A runspace that cannot run the command (a constrained endpoint, or one busy on another
        /// thread) is not asked again: its items still work, shown by PowerShell's own adapter.
        /// </remarks>
        public static void EnsureAdapter()
        {
            var runspace = Runspace.DefaultRunspace;
            if (runspace == null) return;
            lock (Asked)
            {
                if (Asked.TryGetValue(runspace, out _)) return;
                Asked.Add(runspace, Asked);
            }

            var bridge = Loaded.Value;
            if (bridge == null) return;
            try
            {
                using var ps = System.Management.Automation.PowerShell.Create(RunspaceMode.CurrentRunspace);
                ps.AddCommand("Microsoft.PowerShell.Utility\\Update-TypeData")
                    .AddParameter("TypeName", bridge.ItemTypeName)
                    .AddParameter("TypeAdapter", bridge.AdapterType)
                    .AddParameter("Force");
                ps.Invoke();
            }
            catch (Exception ex) when (ex is RuntimeException || ex is PSInvalidOperationException || ex is InvalidOperationException)
            {
                // The items still work, shown by PowerShell's own adapter; reading a sequence must not fail for a display nicety.
            }
        }

        // The runspaces asked, held weakly: a closed runspace of ForEach-Object -Parallel is not kept alive by its entry.
        private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<Runspace, object> Asked =
            new System.Runtime.CompilerServices.ConditionalWeakTable<Runspace, object>();

        private static Bridge? Load()
        {
            try
            {
                var assembly = Assembly.Load(new AssemblyName("Deid.PowerShell.Json"));
                var items = assembly.GetType("Deid.PowerShell.JsonItems", throwOnError: true)!;
                if (!(bool)items.GetMethod("IsAvailable")!.Invoke(null, null)!) return null;
                return new Bridge(
                    (Func<DicomDatasetView, object>)items.GetMethod("Create")!.CreateDelegate(typeof(Func<DicomDatasetView, object>)),
                    (Func<object, DicomDatasetView?>)items.GetMethod("ViewOf")!.CreateDelegate(typeof(Func<object, DicomDatasetView?>)),
                    (string)items.GetProperty("ItemTypeName")!.GetValue(null)!,
                    (Type)items.GetProperty("AdapterType")!.GetValue(null)!);
            }
            catch (Exception ex) when (ex is System.IO.FileNotFoundException || ex is System.IO.FileLoadException || ex is TypeLoadException
                || ex is TargetInvocationException || ex is BadImageFormatException || ex is MissingMethodException)
            {
                return null;
            }
        }

        private sealed class Bridge
        {
            public Bridge(Func<DicomDatasetView, object> create, Func<object, DicomDatasetView?> viewOf, string itemTypeName, Type adapterType)
            {
                Create = create;
                ViewOf = viewOf;
                ItemTypeName = itemTypeName;
                AdapterType = adapterType;
            }

            public Func<DicomDatasetView, object> Create { get; }

            public Func<object, DicomDatasetView?> ViewOf { get; }

            public string ItemTypeName { get; }

            public Type AdapterType { get; }
        }
    }
}
