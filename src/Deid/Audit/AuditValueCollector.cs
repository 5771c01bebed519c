using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Text;
using Deid.Actions;
using Deid.Dicom;
using Deid.Fields;
using Deid.Recipes;

namespace Deid.Audit
{
    /// <summary>
    /// Lists the identifying values of an original file (<see cref="AuditRules"/>): every element, nested and private ones and
    /// the file meta included, and printable text in the preamble. What the recipe KEEPs is left out: an element a KEEP selects
    /// (with everything nested in it; a top-level KEEP also covers the same tag in nested items, as deid's skip list does),
    /// any other value equal to a kept one, since the output legitimately holds it, and any value or form equal to text the
    /// recipe itself writes.
    /// </summary>
    internal static class AuditValueCollector
    {
        /// <summary>Printable runs shorter than this in binary values and the preamble are chance, not text.</summary>
        private const int MinimumBinaryRun = 8;

        /// <summary>Text values at least this long that were left on disk when the original was read are read for the audit.</summary>
        private const int MaxTextRead = 4 * 1024 * 1024;

        /// <summary>
        /// The identifying values of <paramref name="original"/>, and in <paramref name="written"/> the text the recipe writes as
        /// it stands, which an output holds on purpose (<see cref="ExplainedMatches"/>).
        /// </summary>
        [MethodImpl(HotPath.Optimized)]
        public static List<AuditValue> Collect(DicomFile original, DeidRecipe? recipe, out HashSet<string> written)
        {
            var fields = FieldList.Collect(original);
            var keptPaths = new HashSet<string>(StringComparer.Ordinal);
            var keptTags = new HashSet<uint>();
            var cleanedPaths = new HashSet<string>(StringComparer.Ordinal);
            written = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            // Each literal with the tags it is written to in this file (Excused).
            var writtenTo = new Dictionary<string, HashSet<uint>>(StringComparer.OrdinalIgnoreCase);
            if (recipe != null)
            {
                foreach (var action in recipe.Header)
                {
                    AddWrittenLiteral(action, written, fields, writtenTo);
                    if (IsRetainedCleaned(action))
                    {
                        // A Clean option's text (deid_func:clean_*) stays on purpose with its identifying spans replaced: its own
                        // value is not a leak, but it is not "kept" either — values equal to it elsewhere are still looked for.
                        foreach (var f in fields.Select(action.Field)) cleanedPaths.Add(f.TagPath);
                        continue;
                    }
                    if (action.Action != HeaderActionKind.Keep) continue;
                    foreach (var f in fields.Select(action.Field))
                    {
                        keptPaths.Add(f.TagPath);
                        if (!f.IsNested) keptTags.Add(f.Tag.Value);
                    }
                }
            }

            var values = new List<AuditValue>();
            var keptValues = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var field in fields)
            {
                if (field.VR == DicomVR.SQ || AuditRules.IsExempt(field.Tag) || !field.TryGetElement(out var element)) continue;
                bool kept = keptTags.Contains(field.Tag.Value) || IsUnderKeptPath(field.TagPath, keptPaths);
                if (!kept && IsUnderKeptPath(field.TagPath, cleanedPaths)) continue;
                var target = kept ? null : values;
                foreach (var v in Read(field, element))
                {
                    if (kept) keptValues.Add(v.Value);
                    else target!.Add(v);
                }
            }

            AddPreamble(original, values);
            values.RemoveAll(v => keptValues.Contains(v.Value));
            foreach (var v in values)
            {
                AuditForms.Add(v);
                if (writtenTo.Count == 0) continue;
                // The element's own tag; 0 for the preamble, which no literal is written to.
                uint own = ExplainedMatches.OwnTag(v.ElementPath).Value;
                v.Forms.RemoveAll(f => Excused(writtenTo, f, own, v.VRCode));
                v.WordForms.RemoveWhere(f => Excused(writtenTo, f, own, v.VRCode));
            }
            values.RemoveAll(v => v.Forms.Count == 0);
            return values;
        }

        /// <summary>
        /// The text a REPLACE or ADD writes as it stands (a dummy such as ANONYMOUS, 19000101 or 000000): every output of the
        /// recipe holds it whatever the original said, so an original value or form equal to it is not a leak (a patient
        /// already named "Anonymous", a birth time of 000000). Values that only contain it are still looked for.
        /// </summary>
        private static void AddWrittenLiteral(HeaderAction action, HashSet<string> written, FieldList fields, Dictionary<string, HashSet<uint>> writtenTo)
        {
            if ((action.Action != HeaderActionKind.Replace && action.Action != HeaderActionKind.Add) || action.Value == null) return;
            // deid_func:dummy value=TEXT writes TEXT as a literal would, where the element has a value.
            string? text = action.Value.Kind == ActionValueKind.Literal ? action.Value.Text
                : DummyValue.IsCalledBy(action.Value) ? action.Value.GetArgument(DummyValue.ValueArgument) : null;
            if (text == null) return;
            HashSet<uint>? tags = null;
            foreach (string part in text.Split('\\'))
            {
                string v = part.Trim();
                if (v.Length == 0) continue;
                tags ??= TagsOf(action, fields);
                Add(v);
                // deid writes quotes as they stand ("REDACTED" with its quotes): the text between them is written too.
                if (v.Length > 2 && (v[0] == '"' || v[0] == '\'') && v[v.Length - 1] == v[0]) Add(v.Substring(1, v.Length - 2).Trim());
                // A person name's trailing component delimiters name nothing (ANONYMOUS^ is the family name ANONYMOUS), so the
                // name without them is written too: a patient already named ANONYMOUS is not a leak of the dummy ANONYMOUS^.
                string name = v.TrimEnd('^');
                if (name.Length > 0 && name.Length < v.Length) Add(name);
            }

            void Add(string literal)
            {
                written.Add(literal);
                if (!writtenTo.TryGetValue(literal, out var to)) writtenTo.Add(literal, to = new HashSet<uint>());
                to.UnionWith(tags!);
            }
        }

        // The tags the action writes to: this file's elements it selects, and the tag it names (an ADD of one not there yet).
        private static HashSet<uint> TagsOf(HeaderAction action, FieldList fields)
        {
            var tags = new HashSet<uint>();
            foreach (var f in fields.Select(action.Field)) tags.Add(f.Tag.Value);
            if (action.Field.ExactTags is uint[] exact) tags.UnionWith(exact);
            return tags;
        }

        /// <summary>
        /// Whether an original value's <paramref name="form"/> is a literal the recipe writes and so not a leak: in an attribute
        /// the literal is written to, always; in another, only when the literal could be a dummy there — it has no digit but 0
        /// (ANONYMOUS, 000000) or the value is a date or time (19000101). A literal with other digits equal to another
        /// attribute's value is this file's identifier hard-coded into the recipe (leak QA 6, HIGH-4: the accession number
        /// written into Patient ID passed with -Recipe).
        /// </summary>
        [MethodImpl(HotPath.Optimized)]
        private static bool Excused(Dictionary<string, HashSet<uint>> writtenTo, string form, uint own, DicomVR vr)
        {
            if (!writtenTo.TryGetValue(form, out var tags)) return false;
            if (tags.Contains(own)) return true;
            if (vr == DicomVR.DA || vr == DicomVR.TM || vr == DicomVR.DT) return true;
            foreach (char c in form)
            {
                if (c >= '1' && c <= '9') return false;
            }
            return true;
        }

        private static bool IsRetainedCleaned(HeaderAction action) =>
            action.Action == HeaderActionKind.Replace && Deid.Profile.ProfileFunctions.IsProfileFunction(action.Value);

        private static bool IsUnderKeptPath(string path, HashSet<string> kept)
        {
            if (kept.Count == 0) return false;
            if (kept.Contains(path)) return true;
            for (int i = path.IndexOf(FieldPath.Separator, StringComparison.Ordinal); i >= 0; i = path.IndexOf(FieldPath.Separator, i + 1, StringComparison.Ordinal))
            {
                if (kept.Contains(path.Substring(0, i))) return true;
            }
            return false;
        }

        private static IEnumerable<AuditValue> Read(DeidField field, DicomElement element)
        {
            var holder = field.Holder;
            // By the attribute's own VR: a PatientID written as CS or OB is still the patient's ID (leak QA 3, HIGH-2).
            var vr = DicomDataset.GetAttributeVR(element);
            if (AuditRules.IsTextCandidate(vr))
            {
                if (field.Tag.IsPrivateCreator && AuditRules.IsKnownCreator(holder.GetString(element) ?? string.Empty)) yield break;
                bool undecodable = false;
                foreach (string s in Strings(holder, element, vr))
                {
                    string value = s.Trim();
                    undecodable |= value.IndexOf('\uFFFD') >= 0;
                    if (!AuditRules.IsTrivial(value, vr)) yield return new AuditValue(field.TagPath, field.KeywordPath, vr, value, holder.CharacterSet, CategoryOf(field, vr));
                }
                // Bytes the declared set cannot decode (Latin-1 written under ISO_IR 192, a common mislabel) read as U+FFFD, which
                // no encoding gives back: the value's own bytes are looked for too, as Latin-1 text (which is each byte as it is).
                if (undecodable)
                {
                    foreach (string raw in RawValues(element))
                    {
                        if (!AuditRules.IsTrivial(raw, vr)) yield return new AuditValue(field.TagPath, field.KeywordPath, vr, raw, DicomCharacterSet.Default, CategoryOf(field, vr));
                    }
                }
            }
            else if (AuditRules.IsBinaryCandidate(field.Tag, vr))
            {
                byte[] bytes = element.IsLoaded ? element.RawValue.ToArray() : ReadSmall(element);
                foreach (string run in PrintableRuns(bytes))
                    yield return new AuditValue(field.TagPath, field.KeywordPath, vr, run, DicomCharacterSet.Default,
                        CategoryOf(field, vr) == LeakCategory.Identifying ? LeakCategory.Identifying : LeakCategory.NotKnownSafe);
            }
        }

        /// <summary>
        /// Identifying: a person name, or an attribute Table E.1-1 lists or nested in one it lists. Not known to be safe: private
        /// elements, tags the dictionary does not know, the file meta's own elements. Retained: any other standard attribute.
        /// </summary>
        [MethodImpl(HotPath.Optimized)]
        private static LeakCategory CategoryOf(DeidField field, DicomVR vr)
        {
            // One walk of the path, the element's own tag last: is it, or a sequence holding it, listed; is any of them private.
            bool listed = false, privateOnPath = false;
            foreach (var tag in FieldPath.Tags(field.TagPath))
            {
                listed |= Deid.Profile.ListedAttributes.Contains(tag);
                privateOnPath |= tag.IsPrivate;
            }
            if (vr == DicomVR.PN || listed) return LeakCategory.Identifying;
            if (privateOnPath || field.IsFileMeta || !DicomDictionary.TryGetEntry(field.Tag, out _)) return LeakCategory.NotKnownSafe;
            return LeakCategory.Retained;
        }

        private static string[] Strings(DicomDataset holder, DicomElement element, DicomVR vr)
        {
            if (element.IsLoaded) return holder.GetStrings(element, vr);
            byte[] bytes = ReadSmall(element);
            return bytes.Length == 0 ? Array.Empty<string>() : holder.CharacterSet.Decode(bytes, vr).Split('\\');
        }

        /// <summary>The values of a text element as its bytes stand, one character a byte, split at backslashes and trimmed.</summary>
        private static IEnumerable<string> RawValues(DicomElement element)
        {
            byte[] bytes = element.IsLoaded ? element.RawValue.ToArray() : ReadSmall(element);
            foreach (string part in Latin1.GetString(bytes).Split('\\'))
            {
                string v = part.Trim(' ', '\0');
                if (v.Length > 0) yield return v;
            }
        }

        private static readonly Encoding Latin1 = Encoding.GetEncoding(28591);

        private static byte[] ReadSmall(DicomElement element) =>
            element.ValueRef is DicomValueRef r && r.Length <= MaxTextRead ? r.ReadAll() : Array.Empty<byte>();

        private static void AddPreamble(DicomFile original, List<AuditValue> values)
        {
            if (original.Preamble == null) return;
            foreach (string run in PrintableRuns(original.Preamble))
                values.Add(new AuditValue("Preamble", "Preamble", DicomVR.None, run, DicomCharacterSet.Default));
        }

        /// <summary>Runs of printable ASCII (letters, digits, punctuation, space) of at least <see cref="MinimumBinaryRun"/> bytes.</summary>
        internal static List<string> PrintableRuns(byte[] bytes)
        {
            var runs = new List<string>();
            int start = -1;
            for (int i = 0; i <= bytes.Length; i++)
            {
                bool printable = i < bytes.Length && bytes[i] >= 0x20 && bytes[i] < 0x7F;
                if (printable && start < 0) start = i;
                if (printable || start < 0) continue;
                string run = Encoding.ASCII.GetString(bytes, start, i - start).Trim();
                if (run.Length >= MinimumBinaryRun) runs.Add(run);
                start = -1;
            }
            return runs;
        }
    }
}
