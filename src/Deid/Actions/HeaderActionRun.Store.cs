using System;
using System.Collections.Generic;
using System.Globalization;
using System.Runtime.CompilerServices;
using Deid.Dicom;
using Deid.Fields;
using Deid.Recipes;
using Deid.Steps;

namespace Deid.Actions
{
    // A changed value stored: re-encoded or removed when its VR cannot take it, refused when the copy cannot hold it, and said when validators would flag it.
    internal sealed partial class HeaderActionRun
    {
        private static readonly DicomTag EncapsulatedDocument = new DicomTag(0x0042, 0x0011);
        private static readonly DicomTag EncapsulatedDocumentLength = new DicomTag(0x0042, 0x0015);

        /// <summary>
        /// Encapsulated Document Length (0042,0015) says how long the document is without its pad byte: once the document was
        /// replaced or emptied it described a document that is gone (leak QA 7, F3). It now gives the new document's length.
        /// </summary>
        private static void KeepDocumentLengthTrue(DicomDataset holder)
        {
            if (!holder.Contains(EncapsulatedDocumentLength) || !holder.TryGetElement(EncapsulatedDocument, out var document)) return;
            holder.SetNumbers(EncapsulatedDocumentLength, DicomVR.UL, new double[] { document.Length });
        }

        /// <summary>
        /// Stores the value of an action that says change, re-encoded with the dictionary's VR or else removing the element when the
        /// element's VR cannot take it (<see cref="ChangeWriter"/>): the original value never remains. False when removed.
        /// </summary>
        [MethodImpl(HotPath.Optimized)]
        private bool Store(HeaderAction action, DeidField field, in DicomElement e, object value)
        {
            if (field.Tag == DicomTags.SpecificCharacterSet) return TrySetCharacterSet(action, field.Holder, field.TagPath, value);
            var outcome = ChangeWriter.Write(field.Holder, field.Tag, e.VR, value, out var problem, out var written);
            if (outcome != ChangeOutcome.Removed)
            {
                RefuseUnwritable(action, field.Holder, field.Tag, field.TagPath, written, value);
                WarnIfTooLong(action, field.TagPath, written, value);
                WarnIfNoDate(action, field.TagPath, written, value);
            }
            if (outcome == ChangeOutcome.ReEncoded)
            {
                Warn(DeidWarningKind.ReEncoded, field.TagPath, $"{Where(action)}: {field.TagPath} re-encoded as {written}, its dictionary VR: its own VR {e.VR} cannot take the new value ({problem})");
            }
            else if (outcome == ChangeOutcome.Removed)
            {
                RemovedUnfit(action, field, $"the new value fits neither its VR {e.VR} nor the dictionary's ({problem})");
                return false;
            }
            return true;
        }

        /// <summary>
        /// Refuses the file when a value just stored cannot be written: longer than a 16-bit length field holds (65,535 bytes)
        /// where the copy is explicit VR — the file meta, the dataset of an explicit VR file, and the SOP Class and Instance UIDs,
        /// which the meta repeats. The writer would refuse it too, naming only the element; here the error names the line.
        /// </summary>
        [MethodImpl(HotPath.Optimized)]
        private void RefuseUnwritable(HeaderAction action, DicomDataset holder, DicomTag tag, string tagPath, DicomVR vr, object value)
        {
            // At most a few bytes a character (an escape sequence, a four-byte character): 8,192 characters stay well within.
            if (vr.HasLongLength || (value is string s && s.Length <= 8192)) return;
            if (!holder.TryGetElement(tag, out var stored) || stored.Length <= 0xFFFF) return;
            bool topLevel = ReferenceEquals(holder, _file.Dataset);
            bool explicitVR = _file.TransferSyntax.IsExplicitVR || tag.Group == 0x0002
                || (topLevel && (tag == DicomTags.SOPInstanceUID || tag == DicomTags.SOPClassUID));
            if (explicitVR) throw new ValueTooLongException(Where(action), tagPath, vr, stored.Length);
        }

        /// <summary>
        /// Says when a value just written is longer than its VR allows (a func: returning 560 characters for a PN; QA): written as
        /// given, but validators flag it and some readers refuse it. Costs nothing for a value within the limit's length whole.
        /// </summary>
        [MethodImpl(HotPath.Optimized)]
        private void WarnIfTooLong(HeaderAction action, string tagPath, DicomVR vr, object value)
        {
            int max = vr.MaxLength;
            if (max == 0 || vr.Descriptor.ValueKind != DicomValueKind.Text) return;
            string? longest = null;
            if (value is string s)
            {
                if (s.Length <= max) return;
                longest = LongestPart(s, vr);
            }
            else if (value is System.Collections.IEnumerable items && !(value is byte[]))
            {
                foreach (var item in items)
                {
                    if (!(item is string text) || text.Length <= max) continue;
                    string part = LongestPart(text, vr);
                    if (longest == null || part.Length > longest.Length) longest = part;
                }
            }
            // Characters, not UTF-16 code units: 40 emoji are 40 characters (charset QA round 2, F7).
            int characters = longest == null ? 0 : Deid.Characters.Count(longest);
            if (characters <= max) return;
            Warn(DeidWarningKind.ValueTooLong, tagPath, $"{Where(action)}: the new value of {tagPath} has a {(vr == DicomVR.PN ? "component group" : "value")} of {characters} characters, where {vr} allows {max}; written as given, which validators flag and some readers refuse.");
        }

        /// <summary>
        /// Says when a new DA, TM, DT or AS value a script or recipe gave is no date, time or age of its VR ("1/1/2020", "43831": what a spreadsheet
        /// makes of a date column; QA): written as given, as deid writes it, but validators flag it and readers cannot use it.
        /// The message gives the value's shape, not the value (it may be a real date of the patient).
        /// </summary>
        [MethodImpl(HotPath.Optimized)]
        private void WarnIfNoDate(HeaderAction action, string tagPath, DicomVR vr, object value)
        {
            if (vr != DicomVR.DA && vr != DicomVR.TM && vr != DicomVR.DT && vr != DicomVR.AS) return;
            // Only a value the script or the recipe gave: JITTER and the deid functions write dates of their own making, and
            // keep what they could not shift, which they have already said (PartlyShifted) about the original's values.
            if (action.Action == HeaderActionKind.Jitter || action.Value is { Kind: ActionValueKind.DeidFunction }) return;
            string[] parts;
            if (value is string text) parts = text.Split('\\');
            else if (value is System.Collections.IEnumerable items && !(value is byte[]))
            {
                var list = new List<string>();
                foreach (var item in items)
                {
                    if (!(TextOf(item) is string one)) return;
                    list.Add(one);
                }
                parts = list.ToArray();
            }
            else if (TextOf(value) is string one) parts = new[] { one };
            else return;
            foreach (string part in parts)
            {
                string p = part.Trim();
                if (p.Length == 0) continue;
                // The reader's parsers also take the retired ACR-NEMA forms (12:30:00, 2020.01.02), which a file may hold but a
                // new value may not: a spreadsheet writes times that way (QA of 2026-12-07: 08:30:00 went into a TM unsaid).
                bool valid = vr == DicomVR.DA ? DicomDateTime.TryParseDate(p, out _) && Profile.IdentifierVariants.IsAllDigits(p)
                    : vr == DicomVR.TM ? DicomDateTime.TryParseTime(p, out _) && p.IndexOf(':') < 0
                    : vr == DicomVR.AS ? IsAge(p)
                    : DicomDateTime.TryParseDateTime(p, out _, out _) && p.IndexOf(':') < 0;
                if (valid) continue;
                string form = vr == DicomVR.DA ? "YYYYMMDD" : vr == DicomVR.TM ? "HHMMSS" : vr == DicomVR.AS ? "nnnY, nnnM, nnnW or nnnD" : "YYYYMMDDHHMMSS";
                string what = vr == DicomVR.DA ? "date" : vr == DicomVR.TM ? "time" : vr == DicomVR.AS ? "age" : "date-time";
                string cause = vr == DicomVR.AS ? "a spreadsheet may have made an age a plain number" : $"a spreadsheet may have reformatted a {what} column: format it as Text";
                // Once per recipe line and batch: a spreadsheet's date column gives every row the same fault.
                string where = Where(action);
                _context.Warn(new DeidWarning(DeidWarningKind.ValueNotOfItsVR,
                    $"{where}: the new value of {tagPath}, {DateShape(parts)}, is no {vr} {what} ({form}); written as given, which validators flag and readers cannot use ({cause}, or give {form}). Warned once per recipe line.",
                    _source, tagPath, HeaderActionEngine.StepName)
                { OnceKey = nameof(DeidWarningKind.ValueNotOfItsVR) + ":" + where });
                return;
            }
        }

        // The text a value other than a date is written as (a number, a TimeSpan: their invariant text); null for a date,
        // which is written by its VR's rules, and for anything else.
        private static string? TextOf(object? item) => item switch
        {
            string s => s,
            DateTime _ => null,
            DateTimeOffset _ => null,
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => null,
        };

        // An Age String (PS3.5): three digits and D, W, M or Y ("045Y"); a bare number ("45") or a TimeSpan's text is none.
        private static bool IsAge(string s) =>
            s.Length == 4 && s[0] >= '0' && s[0] <= '9' && s[1] >= '0' && s[1] <= '9' && s[2] >= '0' && s[2] <= '9' && (s[3] == 'D' || s[3] == 'W' || s[3] == 'M' || s[3] == 'Y');

        // The longest single value (between backslashes) or, for PN, component group (between '=').
        private static string LongestPart(string text, DicomVR vr)
        {
            string longest = "";
            foreach (var value in text.Split('\\'))
            {
                foreach (var part in vr == DicomVR.PN ? value.Split('=') : new[] { value })
                {
                    if (part.Length > longest.Length) longest = part;
                }
            }
            return longest;
        }

        /// <summary>Removes an element whose VR is none its attribute may have and whose value the action could not work on.</summary>
        [MethodImpl(HotPath.Optimized)]
        private void RemoveIfForeignVR(HeaderAction action, DeidField field, in DicomElement e, string why)
        {
            if (e.RawValue.Length == 0 && e.IsLoaded) return;
            var vr = DicomDataset.GetEffectiveVR(e);
            if (!ChangeWriter.HasForeignVR(field.Tag, vr) || !field.Holder.Remove(field.Tag)) return;
            RemovedUnfit(action, field, $"{why} in VR {vr}, which the attribute never has");
        }

        [MethodImpl(HotPath.Optimized)]
        private void RemovedUnfit(HeaderAction action, DeidField field, string why)
        {
            _fields.RemoveWithChildren(field.TagPath);
            Stats.Removed++;
            Warn(DeidWarningKind.RemovedUnfit, field.TagPath, $"{Where(action)}: {field.TagPath} removed so that its original value does not remain: {why}.");
        }
    }
}
