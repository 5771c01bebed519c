using System.Management.Automation;
using Deid.Inspection;

namespace Deid.PowerShell
{
    /// <summary>
    /// Wraps dataset views in PSObjects with one NoteProperty per keyword, so <c>$ds.PatientID</c>, Select-Object,
    /// Export-Csv, ConvertTo-Json and tab completion work on them; sequences become arrays of wrapped items.
    /// </summary>
    internal static class DatasetObjects
    {
        public static PSObject Wrap(DicomDatasetView view)
        {
            var pso = new PSObject(view);
            foreach (var kv in view.NamedValues())
            {
                if (pso.Properties[kv.Key] != null) continue;
                pso.Properties.Add(new PSNoteProperty(kv.Key, Convert(kv.Value)));
            }
            return pso;
        }

        private static object? Convert(object? value)
        {
            if (value is DicomDatasetView[] items)
            {
                var wrapped = new PSObject[items.Length];
                for (int i = 0; i < items.Length; i++) wrapped[i] = Wrap(items[i]);
                return wrapped;
            }
            return value;
        }
    }
}
