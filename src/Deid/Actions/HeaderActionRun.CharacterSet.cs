using System;
using System.Collections.Generic;
using System.Globalization;
using Deid.Dicom;
using Deid.Recipes;
using Deid.Steps;

namespace Deid.Actions
{
    // Specific Character Set (0008,0005): set, blanked or removed after the text written in it, never so that kept text reads as other characters.
    internal sealed partial class HeaderActionRun
    {
        /// <summary>
        /// Specific Character Set (0008,0005) says how the text of its dataset is written. REMOVE ALL (or a REMOVE naming it)
        /// that took it away while text beyond ASCII stays — a kept description in JIS or GB18030, a name an ADD wrote after the
        /// REMOVE — left those bytes to be read as ASCII: mojibake, and an ADD of such text refused. So the element is removed
        /// last, after every action has written with it, and only where no such text is left; otherwise it stays, and is said so.
        /// BLANK of it is the default repertoire, also last (<see cref="TrySetCharacterSet"/>: taken where the text left reads
        /// the same in it).
        /// </summary>
        private void RemoveCharacterSetsLast()
        {
            if (_characterSetBlanks != null)
            {
                foreach (var (field, blank) in _characterSetBlanks)
                {
                    if (field.IsPresent && _fields.Contains(field.TagPath) && TrySetCharacterSet(blank, field.Holder, field.TagPath, null)) Stats.Blanked++;
                }
            }
            if (_characterSets == null) return;
            foreach (var (field, remove) in _characterSets)
            {
                if (!field.IsPresent || !_fields.Contains(field.TagPath)) continue;
                if (HoldsTextBeyondAscii(field.Holder))
                {
                    Warn(DeidWarningKind.NotApplicable, field.TagPath, $"{Where(remove)}: {field.TagPath} (Specific Character Set) kept: text this file keeps is written in it, and would read as other characters without it.");
                    continue;
                }
                if (field.Holder.Remove(field.Tag))
                {
                    _fields.RemoveWithChildren(field.TagPath);
                    Stats.Removed++;
                }
            }
        }

        // Text values of the dataset (and of its items that declare no character set of their own) holding a byte beyond ASCII or
        // an escape; a value left in the file is assumed to.
        private static bool HoldsTextBeyondAscii(DicomDataset dataset)
        {
            foreach (var (_, e, _) in Utf8Conversion.TextOf(dataset))
            {
                if (!e.IsLoaded || !Utf8Conversion.IsAscii(e.RawValue.Span)) return true;
            }
            return false;
        }

        /// <summary>
        /// Specific Character Set says how the text of its dataset is written: a new value (REPLACE, ADD, BLANK) rewrites that
        /// text in the new set, as pydicom does, instead of relabelling bytes written in the old one (a Latin-1 name under
        /// ISO_IR 192 read as J�r�me; differential QA against deid, H1). Text the new set cannot write keeps the old set, said
        /// so, where pydicom writes '?' for it. Null <paramref name="value"/> is BLANK: the default repertoire. False when kept.
        /// </summary>
        private bool TrySetCharacterSet(HeaderAction action, DicomDataset holder, string tagPath, object? value)
        {
            string text = value == null ? "" : CharacterSetValue(value);
            if (CharacterSetChange.TryApply(holder, text, out string? refusal))
            {
                // A BLANK queued for the end (applied last) gives way to this later line, as recipe order says.
                if (value != null) _characterSetBlanks?.RemoveAll(b => ReferenceEquals(b.Field.Holder, holder));
                foreach (string problem in CharacterSetChange.TermProblems(text))
                    Warn(DeidWarningKind.RecipeProblem, tagPath, $"{Where(action)}: {tagPath} (Specific Character Set) written as '{text}': {problem}");
                return true;
            }
            Warn(DeidWarningKind.NotApplicable, tagPath, $"{Where(action)}: {tagPath} (Specific Character Set) kept as it was, and the text written in it: {refusal}.");
            return false;
        }

        // A value for (0008,0005) from a literal, a variable or a function: one text, or several terms joined by backslashes.
        private static string CharacterSetValue(object value)
        {
            if (value is string s) return s;
            if (value is System.Collections.IEnumerable items)
            {
                var terms = new List<string>();
                foreach (var item in items) terms.Add(Convert.ToString(item, CultureInfo.InvariantCulture) ?? "");
                return string.Join("\\", terms);
            }
            return Convert.ToString(value, CultureInfo.InvariantCulture) ?? "";
        }
    }
}
