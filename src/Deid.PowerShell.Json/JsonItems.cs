using System;
using Deid.Inspection;

namespace Deid.PowerShell
{
    /// <summary>
    /// What the module's root assembly asks of this one, found by name (it cannot reference this assembly, which references it):
    /// make a sequence item, read its view back, and name the adapter PowerShell is to use for it.
    /// </summary>
    public static class JsonItems
    {
        /// <summary>True when Newtonsoft.Json 13, which <see cref="DicomSequenceItem"/> derives from, is loaded (PowerShell 7.2 and later).</summary>
        public static bool IsAvailable()
        {
            try
            {
                return Probe();
            }
            catch (Exception ex) when (ex is System.IO.FileNotFoundException || ex is System.IO.FileLoadException || ex is TypeLoadException)
            {
                return false;
            }
        }

        // Its own method, never inlined: where Newtonsoft.Json is missing, compiling it fails, and IsAvailable catches that.
        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
        private static bool Probe() => typeof(DicomSequenceItem).BaseType == typeof(Newtonsoft.Json.Linq.JObject);

        /// <summary>A sequence item over <paramref name="view"/> (its keyword NoteProperties are added by the caller).</summary>
        public static object Create(DicomDatasetView view) => new DicomSequenceItem(view);

        /// <summary>The view of an item <see cref="Create"/> made, or null for any other object.</summary>
        public static DicomDatasetView? ViewOf(object baseObject) => (baseObject as DicomSequenceItem)?.View;

        /// <summary>The item type's full name, which the type data names.</summary>
        public static string ItemTypeName => typeof(DicomSequenceItem).FullName!;

        /// <summary>The adapter that shows an item as a dataset view.</summary>
        public static Type AdapterType => typeof(DicomSequenceItemAdapter);
    }
}
