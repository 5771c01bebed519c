using System;
using System.Collections.Generic;
using Deid.Fields;
using Deid.Recipes;

namespace Deid.Identifiers
{
    /// <summary>
    /// deid's <c>extract_values_list</c> and <c>extract_fields_list</c> (deid/dicom/groups.py): what a <c>%values</c> or
    /// <c>%fields</c> group finds among a file's fields. Used by the replace engine and by the identifier preview.
    /// </summary>
    internal static class GroupExtractor
    {
        /// <summary>
        /// The distinct values the group's actions extract: FIELD adds each non-empty value (multi-values one by one); SPLIT splits
        /// the value's text as deid prints it (Python's <c>str()</c>: a multi-valued element prints as <c>['A', 'B']</c>, names as
        /// <c>[DOE^J, ROE^JANE]</c>, bytes as <c>b'...'</c>; see <see cref="PythonValue"/>) and keeps parts of at least
        /// <c>minlength</c> characters. Sequences and values left on disk are not values.
        /// </summary>
        public static List<string> ExtractValues(ValuesGroup group, FieldList fields)
        {
            var values = new List<string>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var action in group.Actions)
            {
                foreach (var f in fields.Select(action.Field))
                {
                    if (!f.TryGetElement(out var e) || !e.IsLoaded) continue;
                    if (action.Action == GroupActionKind.Field)
                    {
                        foreach (var p in PythonValue.FieldValues(f.Holder, e) ?? new List<string>())
                        {
                            if (seen.Add(p)) values.Add(p);
                        }
                        continue;
                    }
                    // deid splits str(value): a multi-valued element prints as a Python list, ['A', 'B'] or [DOE^J, ROE^JANE].
                    string text = PythonValue.Str(f.Holder, e) ?? string.Empty;
                    var split = action.Split ?? new SplitOptions();
                    foreach (var p in text.Split(new[] { split.By }, StringSplitOptions.None))
                    {
                        if (p.Length >= split.MinLength && seen.Add(p)) values.Add(p);
                    }
                }
            }
            return values;
        }

        /// <summary>The fields the group's FIELD actions select, once each, in order.</summary>
        public static List<DeidField> ExtractFields(FieldsGroup group, FieldList fields)
        {
            var result = new List<DeidField>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var action in group.Actions)
            {
                if (action.Action != GroupActionKind.Field) continue;
                foreach (var f in fields.Select(action.Field))
                {
                    if (seen.Add(f.TagPath)) result.Add(f);
                }
            }
            return result;
        }
    }
}
