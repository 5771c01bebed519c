using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Runtime.CompilerServices;
using Deid.Identifiers;

namespace Deid.PowerShell
{
    /// <summary>
    /// Notices keyword properties changed on Get-DicomIdentifier objects before they are piped to a replace. Such a property
    /// shows what the file holds and is never written (as in deid, only the recipe writes, with the object's Variables for its
    /// var: values), so `$id.PatientName = 'ANON'` with a recipe that leaves Patient's Name alone would keep the real name in
    /// the copy while the script reads as if it had changed it. Each keyword is reported once per command.
    /// </summary>
    internal sealed class KeywordEdits
    {
        // The keyword properties each live identifier object was made with (name, value shown), for as long as the object lives.
        // Kept beside the object rather than in it: the core's DicomIdentifiers knows nothing of PowerShell's objects.
        private static readonly ConditionalWeakTable<DicomIdentifiers, KeyValuePair<string, object?>[]> Shown =
            new ConditionalWeakTable<DicomIdentifiers, KeyValuePair<string, object?>[]>();

        private readonly HashSet<string> _reported = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

        /// <summary>Records the keyword properties <paramref name="ids"/>'s object was made with.</summary>
        public static void Remember(DicomIdentifiers ids, KeyValuePair<string, object?>[] shown) => Shown.Add(ids, shown);

        /// <summary>
        /// The keywords of <paramref name="ids"/> whose property on <paramref name="input"/> no longer holds the value it was made
        /// with and that were not reported before; empty when there is none.
        /// </summary>
        public List<string> NewlyChanged(PSObject input, DicomIdentifiers ids)
        {
            var changed = new List<string>();
            if (!Shown.TryGetValue(ids, out var shown)) return changed;
            foreach (var note in shown)
            {
                var property = input.Properties[note.Key];
                // A property removed or replaced by another kind of member is not an edit of the value.
                if (!(property is PSNoteProperty current) || SameValue(current.Value, note.Value)) continue;
                if (_reported.Add(note.Key)) changed.Add(note.Key);
            }
            return changed;
        }

        /// <summary>The warning for <paramref name="changed"/> keywords of the identifiers of <paramref name="path"/>.</summary>
        public static string Message(string path, IReadOnlyList<string> changed)
        {
            string names = string.Join(", ", changed);
            string first = changed[0];
            return $"{path}: {names} {(changed.Count == 1 ? "was" : "were")} changed on its Get-DicomIdentifier object, but keyword " +
                "properties only show what the file holds and are not written to the copy (reported once per keyword). To write a " +
                $"value, set a variable ($id.Variables.new{first} = '...') and name it in the recipe (REPLACE {first} var:new{first}).";
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
