using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Deid.Collections;
using Deid.Configuration;
using Deid.Dicom;
using Deid.Fields;
using Deid.Identifiers;
using Deid.Profile;
using Deid.Recipes;
using Deid.Steps;

namespace Deid.Actions
{
    /// <summary>
    /// The header recipe's work on one file (<see cref="HeaderActionEngine"/> holds what all files share): the field listing, the
    /// groups extracted from the original, which elements were changed or spared, and the counts.
    /// </summary>
    internal sealed partial class HeaderActionRun : IFileStepRun
    {
        private readonly HeaderActionEngine _engine;
        private readonly FileStepContext _context;
        private readonly DicomFile _file;
        private readonly string? _source;
        private readonly ValueResolver _values;
        /// <summary>Up to this many tags of one dataset are removed one by one (see <see cref="FlushRemovals"/>).</summary>
        private const int FewRemovals = 8;

        private readonly Dictionary<DicomDataset, UInt32Map<bool>> _pendingRemovals = new Dictionary<DicomDataset, UInt32Map<bool>>();
        private UInt32Map<bool> _firstRemovalTags = new UInt32Map<bool>();
        private DicomDataset? _firstRemovalHolder;
        private readonly Dictionary<string, List<string>> _valueLists = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        private readonly Dictionary<string, List<DeidField>> _fieldLists = new Dictionary<string, List<DeidField>>(StringComparer.Ordinal);
        private readonly List<(DeidField Field, HeaderAction Remove)> _spared = new List<(DeidField, HeaderAction)>();

        // Specific Character Set elements a REMOVE selected: removed once every action has run, and only where no text beyond
        // ASCII is left in the dataset it describes (RemoveCharacterSetsLast).
        private List<(DeidField Field, HeaderAction Remove)>? _characterSets;
        private List<(DeidField Field, HeaderAction Blank)>? _characterSetBlanks;
        private readonly HashSet<string> _changed = new HashSet<string>(StringComparer.Ordinal);
        // Tag paths a line emptied (BLANK, and the person-name net's BLANK before a dummy): deid_func:dummy fills those.
        private HashSet<string>? _blanked;
        private FieldList _fields = new FieldList();
        // By DeidField.ListIndex: whether a REPLACE or JITTER selects the field; fields listed after it was computed (ADD) are matched.
        private bool[]? _protectedFields;
        // Set once an action may have listed a field with a tag the file's listing did not have when the plan was made.
        private bool _listedNewFields;
        private readonly ProfileFunctions? _profile;

        [MethodImpl(HotPath.Optimized)]
        public HeaderActionRun(HeaderActionEngine engine, FileStepContext context)
        {
            _engine = engine;
            _context = context;
            _file = context.File;
            _source = context.SourcePath;
            _values = new ValueResolver(context, engine.Uids, Warn);
            // Our PS3.15 option functions read what identifies the patient from the header as read: now, before any step applies.
            _profile = ProfileFunctions.ForFile(engine.Recipe, _file.Dataset);
            _values.Profile = _profile;
            // Compared with the header as read, before any step changes it.
            if (context.Variables.Count > 0)
            {
                engine.KeywordVariables.Check(_file.Dataset, context.Variables, _source, context.Warn, context.Sequence);
                engine.SpreadsheetVariables.Check(context.Variables, _source, context.Warn, context.Sequence);
            }
        }

        public ReplaceStatistics Stats { get; } = new ReplaceStatistics();

        private DeidRecipe Recipe => _engine.Recipe;

        IStepStatistics IFileStepRun.Apply() => Apply();

        /// <summary>Applies the recipe to the file in place.</summary>
        [MethodImpl(HotPath.Optimized)]
        public ReplaceStatistics Apply()
        {
            var options = _engine.Options;
            if (options.StripSequences) StripSequences();

            // KEEP: deid expands each KEEP field against every element and skips those tags when listing candidates.
            var keepTags = new HashSet<string>(StringComparer.Ordinal);
            var keepPaths = new HashSet<string>(StringComparer.Ordinal);
            var keepActions = new List<HeaderAction>();
            foreach (var a in Recipe.Header)
            {
                if (a.Action == HeaderActionKind.Keep) keepActions.Add(a);
            }
            if (keepActions.Count > 0)
            {
                foreach (var tagPath in KeptPaths(keepActions))
                {
                    keepPaths.Add(tagPath);
                    // deid's rule: a top-level KEEP covers the same tag at any depth. A private data element's tag names nothing
                    // without its creator: (0009,1001) of another creator in a nested item is another attribute, which the
                    // bare-tag rule kept (and spared from -RemovePrivate; QA). Its KEEP line already selected every element of
                    // that creator at any depth (or of any creator, when it named the bare tag), so the paths suffice.
                    if (!FieldPath.IsNested(tagPath) && !IsPrivateDataElement(tagPath)) keepTags.Add(tagPath);
                }
                Stats.Kept = keepPaths.Count;
                // A kept private element keeps its creator: without its reservation (gggg,00xx) the element is invalid (PS3.5
                // §7.8.1) and no later creator-named line can find it. REMOVE ALL or a contains: expander removed it (QA).
                var creators = new List<string>();
                foreach (var kept in keepPaths)
                {
                    if (CreatorPathOf(kept) is string creator) creators.Add(creator);
                }
                foreach (var creator in creators) keepPaths.Add(creator);
            }

            if (options.RemovePrivate) RemovePrivate(_file.Dataset, keepTags, keepPaths, null);

            // KEEP hides the element with everything inside it; the skip list only the element and the payloads below it.
            var skip = options.DisableSkip ? null : DeidConfiguration.DefaultSkipSet;
            _fields = FieldList.Collect(_file, skip, keepPaths, keep: keepTags);

            foreach (var group in Recipe.Values) _valueLists[group.Name] = GroupExtractor.ExtractValues(group, _fields);
            foreach (var group in Recipe.Fields) _fieldLists[group.Name] = GroupExtractor.ExtractFields(group, _fields);
            if (_valueLists.Count > 0) _values.ValueGroups = _valueLists;
            if (_engine.KeyedActions.Count > 0) _values.Originals = KeyedOriginals();

            // Only the lines that can select something in this file (TagPlan); once a line may have listed fields the file did not
            // have (an ADD, items relisted after a content tree was cleaned), every line after it is asked.
            var header = Recipe.Header;
            var asked = _engine.HeaderPlan.Mark(_fields);
            _listedNewFields = _engine.AskEveryLine;
            for (int i = 0; i < header.Count; i++)
            {
                if (!asked[i] && !_listedNewFields) continue;
                Perform(header[i]);
                FlushRemovals();
            }
            RemoveSparedButUnchanged();
            RemoveCharacterSetsLast();
            WarnOfMetaThatFollowsTheDataset();
            Stats.Removed += MalformedGroupLengths.Remove(_file, (path, what) => Warn(DeidWarningKind.RemovedUnfit, path,
                $"{path} is a group length that is no 4-byte UL ({what}): no reader takes it for a length, and its bytes may hold text a recipe cannot name; removed."));
            return Stats;
        }

        /// <summary>
        /// The values the keyed actions will read, as the header holds them now, before any action: keyed_id hashes the original
        /// ID and keyed_jitter shifts the original dates, even when an earlier line (a shipped recipe's REPLACE PatientID
        /// ANONYMOUS, a dummy date) changed them first. Otherwise every patient got the pseudonym of "ANONYMOUS".
        /// </summary>
        private Dictionary<string, (string Text, string[] Values)> KeyedOriginals()
        {
            var originals = new Dictionary<string, (string, string[])>(StringComparer.Ordinal);
            foreach (var action in _engine.KeyedActions)
            {
                foreach (var field in _fields.Select(action.Field))
                {
                    if (originals.ContainsKey(field.TagPath) || !field.TryGetElement(out var e)) continue;
                    originals[field.TagPath] = (PythonValue.Str(field.Holder, e) ?? string.Empty, field.Holder.GetStrings(e));
                }
            }
            return originals;
        }

        /// <summary>
        /// The tag paths the KEEP actions select: found by tag when every KEEP names its elements by tag alone (the shipped
        /// recipes' KEEP lines all do), else through a full listing of the file, as deid lists it.
        /// </summary>
        // A loop, not List.TrueForAll and a lambda: framework code that stays instrumented under pwsh (see HotPath), once a file.
        [MethodImpl(HotPath.Optimized)]
        private static bool AllSelectByTag(List<HeaderAction> actions)
        {
            for (int i = 0; i < actions.Count; i++)
            {
                if (!FieldList.SelectsByTag(actions[i].Field)) return false;
            }
            return true;
        }

        [MethodImpl(HotPath.Optimized)]
        private IEnumerable<string> KeptPaths(List<HeaderAction> keepActions)
        {
            if (AllSelectByTag(keepActions))
            {
                var tags = new UInt32Map<bool>();
                foreach (var keep in keepActions)
                {
                    foreach (uint tag in keep.Field.ExactTags!) tags.TryAdd(tag, true);
                }
                return FieldList.TagPathsOf(_file, tags);
            }
            var all = FieldList.Collect(_file);
            var paths = new List<string>();
            foreach (var keep in keepActions)
            {
                foreach (var f in all.Select(keep.Field)) paths.Add(f.TagPath);
            }
            return paths;
        }

        [MethodImpl(HotPath.Optimized)]
        private void Warn(DeidWarningKind kind, string? field, string message) =>
            _context.Warn(new DeidWarning(kind, message, _source, field, HeaderActionEngine.StepName));

        [MethodImpl(HotPath.Optimized)]
        private static string Where(HeaderAction action) => ActionLocation.Describe(action);

        // ---- actions (deid/dicom/parser.py) ----

        [MethodImpl(HotPath.Optimized)]
        private IReadOnlyList<DeidField> Expand(HeaderAction action)
        {
            var spec = action.Field;
            if (spec.Kind == FieldSpecKind.Values)
            {
                if (!_valueLists.TryGetValue(spec.GroupName ?? string.Empty, out var values) || values.Count == 0)
                {
                    // Once a batch per group: the clean options' person_names group finds nothing in every file whose names are
                    // in Chinese or Japanese (two-character parts), and a warning per file buried the batch (charset QA F8).
                    _context.Warn(new DeidWarning(DeidWarningKind.EmptyGroup, $"{Where(action)}: the %values group '{spec.GroupName}' found no values in this file; nothing selected (said for the first such file of the batch).", _source, spec.Text, HeaderActionEngine.StepName)
                    { OnceKey = nameof(DeidWarningKind.EmptyGroup) + ":" + spec.GroupName });
                    return Array.Empty<DeidField>();
                }
                return spec.Expander == "words" ? FindByWords(values) : FindByValues(values);
            }
            if (spec.Kind == FieldSpecKind.Fields)
            {
                var result = new List<DeidField>();
                var seen = new HashSet<string>(StringComparer.Ordinal);
                if (_fieldLists.TryGetValue(spec.GroupName ?? string.Empty, out var listed))
                {
                    foreach (var contender in listed)
                    {
                        // deid re-selects each listed field by its bare tag, which finds that tag at every depth.
                        foreach (var f in _fields.FindByTag(contender.Tag))
                        {
                            if (seen.Add(f.TagPath)) result.Add(f);
                        }
                    }
                }
                return result;
            }
            return _fields.Select(spec);
        }

        /// <summary>
        /// deid's <c>find_by_values</c>: one unescaped regular expression of the values, searched (any case) in each value —
        /// and, ours, the values as literal text too: an extracted name such as <c>DOE^JOHN</c> is an anchored pattern that
        /// matches nothing in deid, which would let the name through; a value is never matched by less than itself.
        /// </summary>
        [MethodImpl(HotPath.Optimized)]
        private List<DeidField> FindByValues(List<string> values)
        {
            var escaped = new List<string>(values.Count);
            foreach (var v in values) escaped.Add(Regex.Escape(v));
            var literal = new Regex("(" + string.Join("|", escaped) + ")", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
            Regex? regex;
            try
            {
                regex = new Regex("(" + string.Join("|", values) + ")", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
            }
            catch (ArgumentException)
            {
                regex = null; // deid raises on a value that is not a valid pattern; the literal match still applies
            }
            var result = new List<DeidField>();
            foreach (var f in _fields)
            {
                // Sequences are never matched by value: replacing one with text is what makes deid crash.
                if (!f.TryGetElement(out var e) || !e.IsLoaded) continue;
                // deid searches str(value): a multi-valued element as one Python list, bytes as b'...'.
                string? text = PythonValue.Str(f.Holder, e);
                if (text != null && ((regex != null && regex.IsMatch(text)) || literal.IsMatch(text))) result.Add(f);
            }
            return result;
        }

        /// <summary>
        /// Ours, <c>words:GROUP</c>: the elements whose value holds one of the group's values as a word of its own (as Clean
        /// Descriptors strikes them: "MARY" in "seen by Mary", not in the image type "ORIGINAL\PRIMARY"). The shipped recipes'
        /// person-name net uses it: deid's substring match (<c>values:</c>) emptied a Type 1 Image Type for every patient named
        /// Mary, and most retained code strings for any name part they happened to contain. Coded values (CodeValue,
        /// CodingSchemeDesignator, ...) are never selected: a code names a concept.
        /// </summary>
        private List<DeidField> FindByWords(List<string> values)
        {
            var parts = new List<string>(values.Count);
            foreach (var v in values)
            {
                if (v.Length > 0) parts.Add(Deid.Profile.DescriptorCleaner.Bounded(v));
            }
            var result = new List<DeidField>();
            if (parts.Count == 0) return result;
            var regex = new Regex(string.Join("|", parts), RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
            foreach (var f in _fields)
            {
                if (IsCodedValue(f.Tag) || !f.TryGetElement(out var e) || !e.IsLoaded) continue;
                string? text = PythonValue.Str(f.Holder, e);
                if (text != null && regex.IsMatch(text)) result.Add(f);
            }
            return result;
        }

        // A code names a concept, not a person: a patient named Test does not make the coding scheme TEST identifying (emptied,
        // the Type 1C designator left the code unreadable).
        private static bool IsCodedValue(DicomTag tag) =>
            tag == DicomTags.CodeValue || tag == DicomTags.CodingSchemeDesignator || tag == DicomTags.CodingSchemeVersion
            || tag == DicomTags.LongCodeValue || tag == DicomTags.URNCodeValue || tag == DicomTags.ContextIdentifier || tag == DicomTags.MappingResource;

        [MethodImpl(HotPath.Optimized)]
        private void Perform(HeaderAction action)
        {
            if (action.Action == HeaderActionKind.Keep) return;
            if (action.Action == HeaderActionKind.Add)
            {
                Add(action);
                return;
            }
            var fields = Expand(action);
            for (int i = 0; i < fields.Count; i++)
            {
                var field = fields[i];
                if (!field.IsPresent) continue;
                switch (action.Action)
                {
                    case HeaderActionKind.Replace:
                        Replace(action, field);
                        break;
                    case HeaderActionKind.Remove:
                        Remove(action, field);
                        break;
                    case HeaderActionKind.Blank:
                        Blank(field, action);
                        break;
                    case HeaderActionKind.Jitter:
                        Jitter(action, field);
                        break;
                }
            }
        }

        [MethodImpl(HotPath.Optimized)]
        private void Replace(HeaderAction action, DeidField field)
        {
            if (!field.TryGetElement(out var e)) return;
            if (RemoveOrEmpty.IsCalledBy(action.Value))
            {
                RemoveOrEmptyField(field);
                return;
            }
            if (e.IsSequence)
            {
                if (_profile != null && action.Value is ActionValue f && ProfileFunctions.IsProfileFunction(f))
                {
                    // Our option functions clean a sequence's items in place (docs/recipe-semantics.md §8).
                    // Items removed: the items left are listed again under their new paths, for the lines after this one.
                    if (_profile.CleanSequence(f.Name!, field.Holder, field.Tag))
                    {
                        Moved(field.TagPath, _fields.RelistChildren(field));
                        _listedNewFields = true;
                    }
                    _changed.Add(field.TagPath);
                    Stats.Replaced++;
                    return;
                }
                Warn(DeidWarningKind.NotApplicable, field.TagPath, $"{Where(action)}: {field.TagPath} is a sequence; a value cannot replace its items, so it was left as it is.");
                return;
            }
            if (KeepsItsEmptyValue(action, field)) return;
            if (!_values.TryResolve(action, field, FieldName(field), out var value))
            {
                // deid_func:jitter changes nothing where it finds no date; in a VR the attribute never has, that value must not stay.
                if (action.Value is { Kind: ActionValueKind.DeidFunction, Name: "jitter" }) RemoveIfForeignVR(action, field, e, "deid_func:jitter cannot shift it");
                return;
            }
            if (!Store(action, field, e, value!)) return;
            _changed.Add(field.TagPath);
            Stats.Replaced++;
            if (field.IsFileMeta) NoteMetaChange(action, field.Tag, added: false);
            if (field.Tag == EncapsulatedDocument) KeepDocumentLengthTrue(field.Holder);
        }

        [MethodImpl(HotPath.Optimized)]
        private void Jitter(HeaderAction action, DeidField field)
        {
            if (!field.TryGetElement(out var e) || !e.IsLoaded || e.RawValue.Length == 0) return;
            if (!_values.TryResolve(action, field, FieldName(field), out var daysValue)) return;
            if (!PythonConversions.TryDays(daysValue, out int days))
            {
                Warn(DeidWarningKind.ValueRejected, field.TagPath, $"{Where(action)}: '{daysValue}' is not a whole number of days; {field.TagPath} left unchanged.");
                return;
            }
            var values = field.Holder.GetStrings(e);
            if (!DateJitter.TryShiftAll(values, e.VR, days, out var left))
            {
                if (ChangeWriter.HasForeignVR(field.Tag, DicomDataset.GetEffectiveVR(e)))
                {
                    RemoveIfForeignVR(action, field, e, "JITTER cannot shift it");
                    return;
                }
                Warn(DeidWarningKind.NotApplicable, field.TagPath, $"{Where(action)}: JITTER does not apply to {field.TagPath} (its {e.VR} value is no date it can shift: {DateShape(values)}); left unchanged.");
                return;
            }
            if (left.Length > 0) Warn(DeidWarningKind.NotApplicable, field.TagPath, PartlyShifted(action, field.TagPath, "JITTER", left));
            if (!Store(action, field, e, string.Join("\\", values))) return;
            _changed.Add(field.TagPath);
            Stats.Jittered++;
        }

        [MethodImpl(HotPath.Optimized)]
        private void Add(HeaderAction action)
        {
            var spec = action.Field;
            if (!AddTarget.TryResolve(_file.Dataset, spec, out var tag, out var vr, out var why))
            {
                Warn(DeidWarningKind.RecipeProblem, spec.Text, $"{Where(action)}: {why}");
                return;
            }
            if (tag.Group == 0x0002 && !_file.HasFileMetaInformation)
            {
                // deid adds it to an empty file_meta, and pydicom writes it before the dataset without preamble, in another
                // encoding than the dataset's: a file no reader can rely on. A file without meta stays without.
                Warn(DeidWarningKind.NotApplicable, tag.ToString(), $"{Where(action)}: {tag} belongs to the file meta, which {_source ?? "this file"} does not have; nothing added.");
                return;
            }
            var target = tag.Group == 0x0002 ? _file.FileMetaInformation : _file.Dataset;
            string tagPath = tag.ToString();
            var existing = _fields[tagPath];
            var targetVR = target.TryGetElement(tag, out var before) ? before.VR : vr;
            bool present = target.TryGetElement(tag, out var current);
            if (!_values.TryResolve(action, existing, existing != null ? FieldName(existing) : spec.Text, out var value, targetVR: targetVR, absent: !present)) return;
            if (present && current.IsSequence)
            {
                Warn(DeidWarningKind.NotApplicable, tagPath, $"{Where(action)}: {tagPath} is a sequence; a value cannot replace its items, so it was left as it is.");
                return;
            }
            if (present && existing != null)
            {
                if (KeepsItsEmptyValue(action, existing)) return;
                // Over a present element ADD says change, as REPLACE does: the original must not remain.
                if (!Store(action, existing, current, value!)) return;
                Stats.Replaced++;
                if (tag.Group == 0x0002) NoteMetaChange(action, tag, added: false);
                if (tag == EncapsulatedDocument) KeepDocumentLengthTrue(target);
                return;
            }
            if (tag == DicomTags.SpecificCharacterSet && !TrySetCharacterSet(action, target, tagPath, value!)) return;
            string? problem = tag == DicomTags.SpecificCharacterSet ? null : ValueSetter.TrySet(target, tag, present ? current.VR : vr, value!);
            if (problem != null)
            {
                Warn(DeidWarningKind.ValueRejected, tagPath, $"{Where(action)}: {tagPath} not set: {problem}");
                return;
            }
            RefuseUnwritable(action, target, tag, tagPath, present ? current.VR : vr, value!);
            WarnIfTooLong(action, tagPath, present ? current.VR : vr, value!);
            WarnIfNoDate(action, tagPath, present ? current.VR : vr, value!);
            if (present) Stats.Replaced++; else Stats.Added++;
            if (tag.Group == 0x0002) NoteMetaChange(action, tag, added: !present);
            if (existing == null && target.TryGetElement(tag, out var added))
            {
                _fields.Add(new DeidField(target, added, DeidField.KeywordOf(tag), tagPath, tag.Group == 0x0002));
                _listedNewFields = true;
            }
        }

        /// <summary>
        /// True when <paramref name="action"/> writes a dummy (<c>deid_func:dummy</c>) and <paramref name="field"/> is empty as
        /// the file was read: it stays empty (<see cref="DummyValue"/>). A value an earlier line emptied or changed is the
        /// recipe's, not the original's, and gets the dummy (a Type 1 label the person-name net blanked stays present).
        /// </summary>
        [MethodImpl(HotPath.Optimized)]
        private bool KeepsItsEmptyValue(HeaderAction action, DeidField field) =>
            DummyValue.IsCalledBy(action.Value) && DummyValue.IsBlank(field)
            && !_changed.Contains(field.TagPath) && (_blanked == null || !_blanked.Contains(field.TagPath));

        [MethodImpl(HotPath.Optimized)]
        private static string FieldName(DeidField field) => field.KeywordPath.Length > 0 && !FieldPath.EndsWithEmptySegment(field.KeywordPath) && field.Keyword.Length > 0
            ? field.KeywordPath
            : field.TagPath;
    }
}
