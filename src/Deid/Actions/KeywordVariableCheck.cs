using System;
using System.Collections;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using Deid.Dicom;
using Deid.Recipes;
using Deid.Steps;

namespace Deid.Actions
{
    /// <summary>
    /// Notices a variable named after a top-level DICOM keyword whose value differs from what the file holds there, while the
    /// recipe names no <c>var:</c> (or <c>func:</c>) of that name: a crosswalk exported from Get-DicomIdentifier and edited in a
    /// spreadsheet (its PatientID column changed), or <c>-Variables @{ PatientID = 'X' }</c>. As in deid, a variable is written
    /// only where the recipe names it, so the copy silently kept what the recipe makes of the element; a script or a
    /// spreadsheet that reads as if it had set it is told so, once per variable and batch. And when the recipe names no variable
    /// at all (a shipped recipe given where the site's own was meant), that none of the variables given is written, once,
    /// naming the edited ones first.
    /// </summary>
    /// <remarks>
    /// Values are compared as the identifier objects show them (their text, values joined by backslashes; numbers as numbers),
    /// so an unedited export read back (<c>Import-Csv</c>) matches every file: only a changed cell warns. Neither value is
    /// quoted in the warning (the file's is the patient's).
    /// </remarks>
    internal sealed class KeywordVariableCheck
    {
        private readonly HashSet<string> _named;
        // Each warning goes to the first file in input order that has it (OnceGate), whatever order the workers finish in.
        private readonly ConcurrentDictionary<string, OnceGate> _reported = new ConcurrentDictionary<string, OnceGate>(StringComparer.OrdinalIgnoreCase);
        private readonly OnceGate _noneNamed = new OnceGate();

        /// <summary>A check for files de-identified with <paramref name="recipe"/>: the variables its header actions name are exempt.</summary>
        public KeywordVariableCheck(DeidRecipe recipe) => _named = recipe.HeaderValueNames(functionsToo: true);

        /// <summary>
        /// Gives <paramref name="warn"/> a warning for each variable of <paramref name="variables"/> that names a top-level keyword,
        /// differs from <paramref name="dataset"/>'s value, is named by no recipe line and was not reported before.
        /// </summary>
        public void Check(DicomDataset dataset, IReadOnlyDictionary<string, object?>? variables, string? source, Action<DeidWarning> warn, long sequence = 0)
        {
            if (variables == null || variables.Count == 0) return;
            if (_named.Count == 0 && _noneNamed.Admit(sequence))
            {
                // A recipe with no var: or func: at all (the shipped ones, or the wrong file passed) writes none of the variables.
                // An exported crosswalk has some 80 columns: the edited ones, which the user meant to write, are named first.
                var edited = new List<string>();
                var others = new List<string>();
                foreach (var v in variables) (Edited(dataset, v.Key, v.Value) ? edited : others).Add(v.Key);
                var names = new List<string>(edited);
                names.AddRange(others);
                if (names.Count > 5) names.RemoveRange(5, names.Count - 5);
                if (edited.Count + others.Count > 5) names.Add("…");
                warn(new DeidWarning(DeidWarningKind.UnusedVariables,
                    $"the recipe names no var: or func: value, so the variables given ({string.Join(", ", names)}) are written nowhere: a crosswalk's columns, -Variables and an identifier object's Variables take effect only where a recipe line names them (REPLACE PatientID var:id). Warned once per batch.",
                    source, null, HeaderActionEngine.StepName)
                { OnceKey = nameof(DeidWarningKind.UnusedVariables) });
            }
            // Then, as with any recipe, each keyword column that differs from a file (edited to set it) is named with the line that
            // would write it: the batch's first file may not be the row that was edited.
            foreach (var variable in variables)
            {
                string name = variable.Key;
                if (_named.Contains(name)) continue;
                var gate = _reported.GetOrAdd(name, _ => new OnceGate());
                if (!gate.MayAdmit(sequence) || !KeywordTag(name, out var tag) || SameAsFile(dataset, tag, variable.Value) || !gate.Admit(sequence)) continue;
                warn(new DeidWarning(DeidWarningKind.UnusedKeywordVariable,
                    $"the variable '{name}' (a crosswalk column or -Variables) differs from this file's {name}, but the recipe names no var:{name}: a variable is written only where the recipe names it, so the copy's {name} is what the recipe makes of it. To write it, add 'REPLACE {name} var:{name}' to the recipe. Warned once per variable.",
                    source, tag.ToString(), HeaderActionEngine.StepName)
                { OnceKey = nameof(DeidWarningKind.UnusedKeywordVariable) + ":" + name });
            }
        }

        // A top-level keyword outside the file meta, whose value a recipe line could write.
        private static bool KeywordTag(string name, out DicomTag tag) => DicomDictionary.TryGetTag(name, out tag) && tag.Group != 0x0002;

        private static bool Edited(DicomDataset dataset, string name, object? value) => KeywordTag(name, out var tag) && !SameAsFile(dataset, tag, value);

        /// <summary>
        /// True when <paramref name="value"/> says what the file holds at <paramref name="tag"/> (or cannot be compared: a function,
        /// an object, a binary or sequence value), so that no warning is due.
        /// </summary>
        internal static bool SameAsFile(DicomDataset dataset, DicomTag tag, object? value)
        {
            var given = Parts(value);
            if (given == null) return true;
            string[] held;
            if (dataset.TryGetElement(tag, out var element))
            {
                // Text and numbers only: a sequence, bytes (OB, OF, ...) and tags (AT) are shown in forms of their own.
                var d = DicomDataset.GetEffectiveVR(element).Descriptor;
                if (!d.IsText && (!d.IsBinaryNumber || d.IsOther || d.NumberType == DicomNumberType.Tag)) return true;
                held = dataset.GetStrings(element);
            }
            else
            {
                held = Array.Empty<string>();
            }
            return SameParts(given, held);
        }

        // The value's parts as text: a string split at backslashes, a list item by item, a number as itself; null for anything else.
        private static List<string>? Parts(object? value)
        {
            switch (value)
            {
                case null:
                    return new List<string>();
                case string s:
                    return new List<string>(s.Split('\\'));
                case IConvertible c when !(value is bool) && !(value is char):
                    return new List<string> { c.ToString(CultureInfo.InvariantCulture) };
                case IEnumerable many:
                    var list = new List<string>();
                    foreach (var item in many)
                    {
                        if (item is IConvertible ic && !(item is bool)) list.Add(ic.ToString(CultureInfo.InvariantCulture));
                        else return null;
                    }
                    return list;
                default:
                    return null;
            }
        }

        private static bool SameParts(List<string> given, string[] held)
        {
            // Trailing empty values say nothing ("" for an absent element, "A\" for "A").
            int g = given.Count, h = held.Length;
            while (g > 0 && Trim(given[g - 1]).Length == 0) g--;
            while (h > 0 && Trim(held[h - 1]).Length == 0) h--;
            if (g != h) return false;
            for (int i = 0; i < g; i++)
            {
                string a = Trim(given[i]), b = Trim(held[i]);
                if (string.Equals(a, b, StringComparison.Ordinal)) continue;
                if (Number(a) is double x && Number(b) is double y && x.Equals(y)) continue;
                return false;
            }
            return true;
        }

        private static string Trim(string s) => s.Trim(' ', '\0');

        // A number written either way: "0.5", or "0,5" from a spreadsheet in a culture with a decimal comma.
        private static double? Number(string s) =>
            double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) ? v
            : double.TryParse(s, NumberStyles.Float, CultureInfo.CurrentCulture, out v) ? v : (double?)null;
    }
}
