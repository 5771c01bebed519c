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

        /// <summary>Reads an item's view back, or null where JObject items are not available.</summary>
        public static Func<object, DicomDatasetView?>? ViewOf => Loaded.Value?.ViewOf;

        /// <summary>
        /// Names the adapter that shows an item as a dataset view, in the runspace importing the module (type data are a
        /// runspace's): where JObject items are available only, since naming the item type loads it (and its JObject base).
        /// </summary>
        public static void RegisterAdapter()
        {
            var bridge = Loaded.Value;
            if (bridge == null || Runspace.DefaultRunspace == null) return;
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
                // A session that cannot run Update-TypeData (a constrained endpoint): the items still work, shown by PowerShell's
                // own adapter; the import must not fail for a display nicety.
            }
        }

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
