using System;
using System.Collections.Generic;
using System.Globalization;
using System.Runtime.CompilerServices;
using Deid.Collections;
using Deid.Dicom;
using Deid.Fields;
using Deid.Recipes;
using Deid.Steps;

namespace Deid.Actions
{
    // REMOVE and BLANK: removals queued per action and applied in one pass, the elements a REPLACE or JITTER spares, and what is removed once every line has run.
    internal sealed partial class HeaderActionRun
    {
        /// <summary>
        /// deid spares an element from REMOVE when a REPLACE or JITTER selects it, and keeps its original value when that REPLACE
        /// or JITTER then changes nothing (missing variable, value the VR cannot take, empty date, a function returning None): the
        /// value the recipe asked to remove leaks. We remove such elements once all actions have run (docs/recipe-semantics.md §4).
        /// </summary>
        [MethodImpl(HotPath.Optimized)]
        private void RemoveSparedButUnchanged()
        {
            foreach (var (field, remove) in _spared)
            {
                if (_changed.Contains(field.TagPath) || !field.IsPresent || !_fields.Contains(field.TagPath)) continue;
                // An empty value leaks nothing: it stays, as deid leaves it (an empty Type 2 date stays present). So does one of
                // padding and delimiters only (a Referring Physician's Name of "^^^^" that its dummy line left as read).
                if (DummyValue.IsBlank(field)) continue;
                if (field.Tag == DicomTags.SpecificCharacterSet)
                {
                    // A change of set refused (the new one could not write the text) leaves the element as it was: removed, the
                    // text kept would read as other characters. It goes through the checked removal of REMOVE (review, F1).
                    (_characterSets ??= new List<(DeidField, HeaderAction)>()).Add((field, remove));
                    continue;
                }
                if (field.Holder.Remove(field.Tag))
                {
                    _fields.RemoveWithChildren(field.TagPath);
                    Stats.Removed++;
                    Warn(DeidWarningKind.RemovedAfterAll, field.TagPath, $"{Where(remove)}: {field.TagPath} was kept for a REPLACE or JITTER that left it unchanged; removed, as the REMOVE asks.");
                }
            }
        }

        /// <summary>
        /// <c>deid_func:remove_or_empty</c> (<see cref="RemoveOrEmpty"/>): emptied where this object needs the element present,
        /// else removed here and now — the REPLACE calling the function spares the element from every REMOVE line.
        /// </summary>
        private void RemoveOrEmptyField(DeidField field)
        {
            if (RemoveOrEmpty.MustStay(_file, field))
            {
                Blank(field);
                _changed.Add(field.TagPath);
                return;
            }
            if (QueueRemoval(field))
            {
                _fields.RemoveWithChildren(field.TagPath);
                Stats.Removed++;
            }
        }

        /// <summary>
        /// The state kept by tag path follows fields relisted under new paths (<see cref="FieldList.RelistChildren"/>): what
        /// was changed below <paramref name="sequencePath"/> is known by the new paths only (an old path may now name another
        /// element), and a REMOVE spared for a later REPLACE refers to the field where it now is.
        /// </summary>
        private void Moved(string sequencePath, Dictionary<string, DeidField> moved)
        {
            string below = sequencePath + FieldPath.Separator;
            var stale = new List<string>();
            foreach (string path in _changed)
            {
                if (path.StartsWith(below, StringComparison.Ordinal)) stale.Add(path);
            }
            foreach (string path in stale) _changed.Remove(path);
            foreach (string path in stale)
            {
                if (moved.TryGetValue(path, out var field)) _changed.Add(field.TagPath);
            }
            for (int i = 0; i < _spared.Count; i++)
            {
                if (moved.TryGetValue(_spared[i].Field.TagPath, out var field) && ReferenceEquals(field.Holder, _spared[i].Field.Holder))
                    _spared[i] = (field, _spared[i].Remove);
            }
        }

        [MethodImpl(HotPath.Optimized)]
        private void Remove(HeaderAction action, DeidField field)
        {
            if (action.Value != null)
            {
                if (!_values.TryResolve(action, field, FieldName(field), out var condition, warnMissing: false)) return;
                // deid's parse_value types only a literal by the element's VR (convert_value); a variable's or function's value is
                // taken as it is, so "0" from a variable is a true condition.
                if (!PythonConversions.IsTrue(condition, action.Value.Kind == ActionValueKind.Literal ? field : null)) return;
            }
            // A REPLACE or JITTER selecting the element wins over REMOVE, whatever their order (deid's excluded_from_deletion);
            // if it then changes nothing, the element is removed at the end (RemoveSparedButUnchanged).
            if (IsProtectedFromRemoval(field))
            {
                _spared.Add((field, action));
                return;
            }
            if (field.Tag == DicomTags.SpecificCharacterSet)
            {
                (_characterSets ??= new List<(DeidField, HeaderAction)>()).Add((field, action));
                return;
            }
            if (QueueRemoval(field))
            {
                _fields.RemoveWithChildren(field.TagPath);
                if (!RewrittenByTheWriter(action, field)) Stats.Removed++;
            }
        }

        /// <summary>
        /// Says which values of a multi-valued element a date shift left as they were, by their shape: beside dates that moved,
        /// a value that did not may be the same date written another way.
        /// </summary>
        internal static string PartlyShifted(HeaderAction action, string tagPath, string what, string[] left) =>
            $"{Where(action)}: {what} shifted {tagPath} but left {(left.Length == 1 ? "one value" : left.Length.ToString(CultureInfo.InvariantCulture) + " values")} it cannot read as a date as written ({DateShape(left)}); check that none is a date.";

        /// <summary>
        /// The shape of date values for a message, never the values (a date left unshifted is the patient's): each character a
        /// digit is 9, a letter A, anything else itself — "99999999-99999999" for a range, "9999" for a year.
        /// </summary>
        internal static string DateShape(string[] values)
        {
            var sb = new System.Text.StringBuilder();
            foreach (string v in values)
            {
                if (sb.Length > 0) sb.Append('\\');
                foreach (char c in v) sb.Append(char.IsDigit(c) ? '9' : char.IsLetter(c) ? 'A' : c);
            }
            return "'" + sb + "'";
        }

        /// <summary>
        /// Marks <paramref name="field"/>'s element for removal when the current action ends; false when it is absent or already
        /// marked. One action (REMOVE select:private:unsafe, REMOVE select:VR:PN) can remove most of a large dataset: removed one
        /// at a time, each removal shifted the rest of the element array, quadratic in the dataset (a fuzzed file with 400,000
        /// private elements ran for minutes). The expanded field list is a snapshot, so nothing in the action reads the dataset's
        /// element order in between.
        /// </summary>
        [MethodImpl(HotPath.Optimized)]
        private bool QueueRemoval(DeidField field)
        {
            if (!field.Holder.Contains(field.Tag)) return false;
            // The first dataset an action removes from (most often the only one: the top level) keeps its table here, reused
            // from action to action; only a second dataset goes to the dictionary, whose code stays instrumented under pwsh
            // (see HotPath).
            if (_firstRemovalHolder == null) _firstRemovalHolder = field.Holder;
            UInt32Map<bool>? tags;
            if (ReferenceEquals(field.Holder, _firstRemovalHolder))
            {
                tags = _firstRemovalTags;
            }
            else if (!_pendingRemovals.TryGetValue(field.Holder, out tags))
            {
                tags = new UInt32Map<bool>();
                _pendingRemovals.Add(field.Holder, tags);
            }
            return tags.TryAdd(field.Tag.Value, true);
        }

        /// <summary>
        /// Removes the elements the last action marked (every copy of a duplicated tag, as Remove does): a few tags of a dataset
        /// in tag order by binary search, one after another; more, or a dataset out of order, in one pass over the dataset.
        /// </summary>
        /// <remarks>
        /// Most of a recipe's REMOVE lines remove one element or none, and a pass over every element for each of them was the
        /// engine's largest single cost on small files; an action that removes most of a large dataset still takes one pass.
        /// </remarks>
        [MethodImpl(HotPath.Optimized)]
        private void FlushRemovals()
        {
            if (_firstRemovalHolder == null) return;
            RemovePending(_firstRemovalHolder, _firstRemovalTags);
            // Cleared for the next action; a table grown by a large removal is let go instead, or every later action's clearing
            // would cost its size.
            if (_firstRemovalTags.Count > 64) _firstRemovalTags = new UInt32Map<bool>();
            else _firstRemovalTags.Clear();
            _firstRemovalHolder = null;
            if (_pendingRemovals.Count == 0) return;
            foreach (var pair in _pendingRemovals) RemovePending(pair.Key, pair.Value);
            _pendingRemovals.Clear();
        }

        [MethodImpl(HotPath.Optimized)]
        private static void RemovePending(DicomDataset dataset, UInt32Map<bool> tags)
        {
            if (tags.Count <= FewRemovals && dataset.IsInTagOrder)
            {
                for (int i = 0; i < tags.Count; i++) dataset.Remove(new DicomTag(tags.KeyAt(i)));
                return;
            }
            dataset.RemoveAll(IsPending);

            // A local function rather than a lambda, so that it can be marked: it runs once per element of the dataset.
            [MethodImpl(HotPath.Optimized)]
            bool IsPending(DicomElement e) => tags.ContainsKey(e.Tag.Value);
        }

        /// <summary>
        /// Whether a REPLACE or JITTER field spec selects <paramref name="field"/>. Matching depends only on the field's names, so
        /// the answer for every listed field is computed once (through the exact-name index, not by matching each spec against
        /// each removed field); fields an ADD listed later are matched spec by spec.
        /// </summary>
        [MethodImpl(HotPath.Optimized)]
        private bool IsProtectedFromRemoval(DeidField field)
        {
            if (_protectedFields == null)
            {
                _protectedFields = new bool[_fields.Listed];
                var specs = _engine.ProtectedFromRemoval;
                var asked = _engine.ProtectionPlan.Mark(_fields);
                for (int s = 0; s < specs.Count; s++)
                {
                    if (!asked[s] && !_engine.AskEveryLine) continue;
                    var selected = _fields.Select(specs[s]);
                    for (int i = 0; i < selected.Count; i++) _protectedFields[selected[i].ListIndex] = true;
                }
            }
            if (field.ListIndex >= 0 && field.ListIndex < _protectedFields.Length) return _protectedFields[field.ListIndex];
            foreach (var spec in _engine.ProtectedFromRemoval)
            {
                if (FieldMatcher.Matches(spec, field)) return true;
            }
            return false;
        }

        [MethodImpl(HotPath.Optimized)]
        private void Blank(DeidField field, HeaderAction? action = null)
        {
            if (!field.TryGetElement(out var e)) return;
            if (field.Tag == DicomTags.SpecificCharacterSet && action != null)
            {
                // Last, as REMOVE of it is: BLANK ALL blanks (0008,0005) before the text written in it.
                (_characterSetBlanks ??= new List<(DeidField, HeaderAction)>()).Add((field, action));
                return;
            }
            field.Holder.SetEmpty(field.Tag, e.VR);
            (_blanked ??= new HashSet<string>(StringComparer.Ordinal)).Add(field.TagPath);
            _fields.RemoveChildren(field.TagPath);
            if (action == null || !RewrittenByTheWriter(action, field)) Stats.Blanked++;
            if (field.Tag == EncapsulatedDocument) KeepDocumentLengthTrue(field.Holder);
        }
    }
}
