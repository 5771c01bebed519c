using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Runtime.CompilerServices;

namespace Deid.PowerShell
{
    /// <summary>
    /// Notices keyword properties changed on Get-DicomIdentifier and Get-DicomDataset objects before they are piped to a
    /// replace. Such a property shows what the file holds and is never written (as in deid, only the recipe writes, with the
    /// object's Variables for its var: values), so `$id.PatientName = 'ANON'` with a recipe that leaves Patient's Name alone
    /// would keep the real name in the copy while the script reads as if it had changed it. Each keyword is reported once per
    /// command. What is remembered per object (a reference per keyword) is small beside the object's own notes.
    /// </summary>
    internal sealed class KeywordEdits
    {
        // The keyword properties each live object was made with (name, value shown), keyed by its base object (DicomIdentifiers or
        // DicomDatasetView), for as long as that lives. Kept beside the object rather than in it: the core's types know nothing of
        // PowerShell's objects.
        private static readonly ConditionalWeakTable<object, KeyValuePair<string, object?>[]> Shown =
            new ConditionalWeakTable<object, KeyValuePair<string, object?>[]>();

        private readonly HashSet<string> _reported = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        private bool _reportedInMemory;

        /// <summary>Records the keyword properties the object around <paramref name="baseObject"/> was made with.</summary>
        public static void Remember(object baseObject, KeyValuePair<string, object?>[] shown)
        {
            // Wrapped again (a script that wraps the same identifiers twice): the newer object's values are the ones it shows.
            Shown.Remove(baseObject);
            Shown.Add(baseObject, shown);
        }

        /// <summary>
        /// The keywords whose property on <paramref name="input"/> (around <paramref name="baseObject"/>) no longer holds the value
        /// it was made with and that were not reported before; empty when there is none.
        /// </summary>
        public List<string> NewlyChanged(PSObject input, object baseObject)
        {
            var changed = new List<string>();
            if (!Shown.TryGetValue(baseObject, out var shown)) return changed;
            foreach (var note in shown)
            {
                var property = input.Properties[note.Key];
                // A property removed or replaced by another kind of member is not an edit of the value.
                if (!(property is PSNoteProperty current) || SameValue(current.Value, note.Value)) continue;
                if (_reported.Add(note.Key)) changed.Add(note.Key);
            }
            return changed;
        }

        /// <summary>
        /// The warning, the first time only, for a Get-DicomDataset object whose dataset was changed in memory through the API
        /// ($ds.GetDataset().SetString(...)): its copy is made from the file, as every input's is. Null otherwise.
        /// </summary>
        public string? ChangedInMemory(Deid.Inspection.DicomDatasetView view)
        {
            if (_reportedInMemory || view.GetFile()?.IsModified != true) return null;
            _reportedInMemory = true;
            return $"{view.Path}: its Get-DicomDataset object was changed in memory (GetDataset()), but the copy is made from the file and the recipe, as for every input; the change is not written (reported once). To write a value, name it in the recipe with a var: and give it with -Variables.";
        }

        /// <summary>The warning for <paramref name="changed"/> keywords of the <paramref name="command"/> object of <paramref name="path"/>.</summary>
        public static string Message(string path, string command, IReadOnlyList<string> changed)
        {
            string names = string.Join(", ", changed);
            string first = changed[0];
            // An identifier object carries its own variables; a dataset object does not, and takes them from -Variables.
            string variable = command == "Get-DicomIdentifier"
                ? $"set a variable ($id.Variables.new{first} = '...')"
                : $"give a variable (-Variables @{{ new{first} = '...' }}, or pipe Get-DicomIdentifier objects with theirs)";
            return $"{path}: {names} {(changed.Count == 1 ? "was" : "were")} changed on its {command} object, but keyword " +
                "properties only show what the file holds and are not written to the copy (reported once per keyword). To write a " +
                $"value, {variable} and name it in the recipe (REPLACE {first} var:new{first}).";
        }

        // The same object, or an equal value put back (a script that assigns every property, or re-reads one): only a different
        // value is an edit. Lists (multi-valued elements) compare item by item.
        private static bool SameValue(object? now, object? made)
        {
            if (ReferenceEquals(now, made)) return true;
            if (now is PSObject p) now = p.BaseObject;
            if (now == null || made == null) return false;
            if (now is IList a && made is IList b && !(now is string) && !(made is string))
            {
                if (a.Count != b.Count) return false;
                for (int i = 0; i < a.Count; i++)
                {
                    if (!Equals(a[i], b[i])) return false;
                }
                return true;
            }
            return now.Equals(made);
        }
    }
}
