using System;
using System.Collections.Generic;
using System.Globalization;
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
    internal sealed class HeaderActionRun : IFileStepRun
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

        // The file meta's copies of the dataset's SOP UIDs a line changed (usually none).
        private List<(HeaderAction Action, DicomTag Tag, bool Added)>? _metaUidChanges;

        private void NoteMetaChange(HeaderAction action, DicomTag tag, bool added)
        {
            if (WhatTheWriterWrites(tag) != null) (_metaUidChanges ??= new List<(HeaderAction, DicomTag, bool)>()).Add((action, tag, added));
        }

        /// <summary>
        /// For a file meta element the writer writes itself (<see cref="DicomFile.SynchronizeFileMeta"/>): what it writes it as,
        /// for the warning a line changing it gets; null for every other element.
        /// </summary>
        private static string? WhatTheWriterWrites(DicomTag tag)
        {
            if (tag == DicomTags.MediaStorageSOPClassUID) return "is written equal to the dataset's SOPClassUID (PS3.10), and goes when that goes";
            if (tag == DicomTags.MediaStorageSOPInstanceUID) return "is written equal to the dataset's SOPInstanceUID (PS3.10), and goes when that goes";
            if (tag == DicomTag.TransferSyntaxUid) return "says how the dataset is encoded (PS3.10), and is written as the encoding it is written in";
            if (tag == DicomTags.ImplementationClassUID || tag == DicomTags.ImplementationVersionName)
                return "names the program that writes the file (PS3.7 D.3.3.2), and is written as this module's";
            return null;
        }

        private static bool IsMediaStorageUid(DicomTag tag) => tag == DicomTags.MediaStorageSOPClassUID || tag == DicomTags.MediaStorageSOPInstanceUID;

        /// <summary>
        /// The file meta's Media Storage SOP Class and Instance UIDs are written equal to the dataset's SOP Class and Instance UIDs
        /// (PS3.10 §7.1; <see cref="DicomFile.SynchronizeFileMeta"/>): a line that changes the meta's copy alone — deid's own
        /// file-meta example, <c>REPLACE MediaStorageSOPInstanceUID new-id</c> — has no effect on the file written. Said, and not
        /// counted as a replacement (QA: "replaced 1" and the meta as it was).
        /// </summary>
        private void WarnOfMetaThatFollowsTheDataset()
        {
            if (_metaUidChanges == null) return;
            foreach (var change in _metaUidChanges)
            {
                if (!IsMediaStorageUid(change.Tag))
                {
                    WarnOfWriterOwnedMeta(change.Action, change.Tag, change.Added);
                    continue;
                }
                var datasetTag = change.Tag == DicomTags.MediaStorageSOPInstanceUID ? DicomTags.SOPInstanceUID : DicomTags.SOPClassUID;
                string? data = _file.Dataset.GetString(datasetTag)?.TrimEnd('\0', ' ');
                string? meta = _file.FileMetaInformation.GetString(change.Tag)?.TrimEnd('\0', ' ');
                if (data == null || string.Equals(data, meta, StringComparison.Ordinal)) continue;
                if (change.Added) Stats.Added--;
                else Stats.Replaced--;
                // The recipe changes the dataset's UID too (every shipped recipe has both lines): the meta follows that change, and
                // advice to make it was noise on every file whose meta and dataset disagreed (referee sweep 2026-12-06).
                if (_changed.Contains(datasetTag.ToString())) continue;
                string metaName = DeidField.KeywordOf(change.Tag), dataName = DeidField.KeywordOf(datasetTag);
                Warn(DeidWarningKind.NotApplicable, change.Tag.ToString(),
                    $"{Where(change.Action)}: the file meta's {metaName} is written equal to the dataset's {dataName} (PS3.10), so this line changes nothing in the file written; change {dataName} (REPLACE {dataName} ...) and the file meta follows.");
            }
        }

        /// <summary>
        /// Implementation Version Name (0002,0013), like the Class UID, names the program that wrote the file (PS3.7 D.3.3.2):
        /// the writer stamps this module's, so a line setting it changed nothing in the file written, yet read "replaced 1"
        /// (differential QA against deid 0.4.12, H4: deid writes the recipe's value). Said, and not counted. The Class UID is in
        /// deid's skip list (<see cref="DeidConfiguration.DefaultSkip"/>): only a recipe without skipping reaches it; so is the
        /// Transfer Syntax UID, which the writer writes as the encoding the dataset is written in (deid writes any UID there, and a
        /// file whose meta no longer describes its bytes; deid's test suite against ours, 2026-12-06).
        /// </summary>
        private void WarnOfWriterOwnedMeta(HeaderAction action, DicomTag tag, bool added)
        {
            string ours = tag == DicomTag.TransferSyntaxUid ? _file.TransferSyntax.Uid : tag == DicomTags.ImplementationClassUID ? DicomImplementation.ClassUid : DicomImplementation.VersionName;
            if (string.Equals(_file.FileMetaInformation.GetString(tag)?.TrimEnd('\0', ' '), ours, StringComparison.Ordinal)) return;
            if (added) Stats.Added--;
            else Stats.Replaced--;
            Warn(DeidWarningKind.NotApplicable, tag.ToString(), $"{Where(action)}: the file meta's {DeidField.KeywordOf(tag)} {WhatTheWriterWrites(tag)} ({ours}); this line changes nothing in the file written.");
        }

        /// <summary>
        /// REMOVE and BLANK of a file meta element the writer writes itself — the SOP Class and Instance UIDs it copies from the
        /// dataset, the Transfer Syntax UID of the encoding, the Implementation Class UID and Version Name — were counted and then
        /// undone when the file was written (review of the change, F6). Applied as deid applies them (the dataset in memory stays
        /// deid's, element for element), not counted, and said when the line names the element itself (an expander such as ALL
        /// reaching it says nothing).
        /// </summary>
        private bool RewrittenByTheWriter(HeaderAction action, DeidField field)
        {
            string? why = field.IsFileMeta ? WhatTheWriterWrites(field.Tag) : null;
            if (why == null) return false;
            if (action.Field.IsExpander) return true;
            Warn(DeidWarningKind.NotApplicable, field.Tag.ToString(), $"{Where(action)}: the file meta's {DeidField.KeywordOf(field.Tag)} {why}; this line changes nothing in the file written.");
            return true;
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
                // An empty value leaks nothing: it stays, as deid leaves it (an empty Type 2 date stays present).
                if (field.TryGetElement(out var kept) && kept.IsLoaded && kept.RawValue.Length == 0) continue;
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

        [MethodImpl(HotPath.Optimized)]
        private void Warn(DeidWarningKind kind, string? field, string message) =>
            _context.Warn(new DeidWarning(kind, message, _source, field, HeaderActionEngine.StepName));

        [MethodImpl(HotPath.Optimized)]
        private static string Where(HeaderAction action) => ActionLocation.Describe(action);

        private void StripSequences()
        {
            var ds = _file.Dataset;
            for (int i = ds.Count - 1; i >= 0; i--)
            {
                if (ds.ElementAt(i).IsSequence)
                {
                    ds.RemoveAt(i);
                    Stats.Removed++;
                }
            }
        }

        /// <summary>Removes private elements at every depth, except KEEP-protected ones and the creators they need.</summary>
        [MethodImpl(HotPath.Optimized)]
        private void RemovePrivate(DicomDataset ds, HashSet<string> keepTags, HashSet<string> keepPaths, string? prefix)
        {
            var protectedCreators = new UInt32Map<bool>();
            for (int i = 0; i < ds.Count; i++)
            {
                var e = ds.ElementAt(i);
                string path = FieldPath.Child(prefix, e.Tag.ToString());
                if (e.Tag.IsPrivate && IsKept(e.Tag, path, keepTags, keepPaths) && e.Tag.Element >= 0x1000) protectedCreators.TryAdd(e.Tag.GetPrivateCreatorTag().Value, true);
            }
            for (int i = ds.Count - 1; i >= 0; i--)
            {
                var e = ds.ElementAt(i);
                string path = FieldPath.Child(prefix, e.Tag.ToString());
                bool kept = IsKept(e.Tag, path, keepTags, keepPaths);
                if (e.Tag.IsPrivate && !kept && !protectedCreators.ContainsKey(e.Tag.Value))
                {
                    ds.RemoveAt(i);
                    Stats.Removed++;
                    continue;
                }
                if (!kept && e.Sequence is DicomSequence seq)
                {
                    for (int k = 0; k < seq.Count; k++) RemovePrivate(seq[k], keepTags, keepPaths, FieldPath.Item(path, k));
                }
            }
        }

        // The private data element (gggg,xxee) a tag path ends in, gggg an odd group above 0008 and xx at least 0x10, or null.
        private static DicomTag? PrivateDataElementOf(string tagPath)
        {
            if (tagPath.Length < 11 || !DicomTag.TryParse(tagPath.Substring(tagPath.Length - 11), out var tag)) return null;
            return tag.IsPrivate && tag.Group > 0x0008 && tag.Element >= 0x1000 ? tag : (DicomTag?)null;
        }

        private static bool IsPrivateDataElement(string tagPath) => PrivateDataElementOf(tagPath).HasValue;

        // The path of the Private Creator element that reserves the private data element at tagPath; null for any other element.
        private static string? CreatorPathOf(string tagPath) =>
            PrivateDataElementOf(tagPath) is DicomTag tag ? tagPath.Substring(0, tagPath.Length - 11) + tag.GetPrivateCreatorTag().ToString() : null;

        [MethodImpl(HotPath.Optimized)]
        private static bool IsKept(DicomTag tag, string path, HashSet<string> keepTags, HashSet<string> keepPaths) =>
            keepTags.Contains(tag.ToString()) || keepPaths.Contains(path);

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
            _fields.RemoveChildren(field.TagPath);
            if (action == null || !RewrittenByTheWriter(action, field)) Stats.Blanked++;
            if (field.Tag == EncapsulatedDocument) KeepDocumentLengthTrue(field.Holder);
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

        [MethodImpl(HotPath.Optimized)]
        private static string FieldName(DeidField field) => field.KeywordPath.Length > 0 && !FieldPath.EndsWithEmptySegment(field.KeywordPath) && field.Keyword.Length > 0
            ? field.KeywordPath
            : field.TagPath;

    }
}
