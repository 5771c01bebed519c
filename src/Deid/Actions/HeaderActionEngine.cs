using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.RegularExpressions;
using Deid.Configuration;
using Deid.Dicom;
using Deid.Fields;
using Deid.Identifiers;
using Deid.Recipes;

namespace Deid.Actions
{
    /// <summary>
    /// Applies a recipe's header actions to one file as deid 0.4.12's <c>DicomParser.parse</c> does: optional sequence and private
    /// removal, KEEP fields taken out of the candidates, %values and %fields groups extracted from the original, then every action in
    /// recipe order (ADD, REPLACE, REMOVE unless a REPLACE/JITTER also selects the element, BLANK, JITTER), on nested elements too.
    /// Where deid crashes or writes invalid DICOM, we warn and keep the file valid (docs/recipe-semantics.md lists each case).
    /// </summary>
    public sealed class HeaderActionEngine
    {
        /// <summary>pydicom's RE_VALID_UID_PREFIX: the prefixes generate_uid accepts.</summary>
        private static readonly Regex UidPrefix = new Regex(@"^(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*))*\.$", RegexOptions.CultureInvariant);

        private readonly DeidRecipe _recipe;
        private readonly DeidReplaceOptions _options;
        private readonly UidGenerator _uids;
        private readonly List<FieldSpec> _protectedFromRemoval = new List<FieldSpec>();

        /// <summary>Creates an engine for <paramref name="recipe"/>; <paramref name="uids"/> is shared by a batch for consistent UIDs.</summary>
        public HeaderActionEngine(DeidRecipe recipe, DeidReplaceOptions? options = null, UidGenerator? uids = null)
        {
            _recipe = recipe ?? throw new ArgumentNullException(nameof(recipe));
            _options = options ?? new DeidReplaceOptions();
            _uids = uids ?? new UidGenerator();
            foreach (var a in recipe.Header)
            {
                if (a.Action == HeaderActionKind.Replace || a.Action == HeaderActionKind.Jitter) _protectedFromRemoval.Add(a.Field);
            }
        }

        /// <summary>The recipe applied.</summary>
        public DeidRecipe Recipe => _recipe;

        /// <summary>The UID generator shared by the files this engine processes.</summary>
        public UidGenerator Uids => _uids;

        /// <summary>
        /// Applies the recipe to <paramref name="file"/> in place. <paramref name="variables"/> are the <c>var:</c> values (and
        /// <c>func:</c> functions) for this file; problems that do not stop the file are added to <paramref name="warnings"/>.
        /// </summary>
        public ReplaceStatistics Apply(DicomFile file, IReadOnlyDictionary<string, object?>? variables, ICollection<string> warnings, string? sourcePath = null)
        {
            if (file == null) throw new ArgumentNullException(nameof(file));
            var run = new Run(this, file, variables ?? new Dictionary<string, object?>(), warnings ?? new List<string>(), sourcePath ?? file.SourcePath);
            run.Execute();
            return run.Stats;
        }

        /// <summary>The state of one file's run.</summary>
        private sealed class Run
        {
            private readonly HeaderActionEngine _engine;
            private readonly DicomFile _file;
            private readonly IReadOnlyDictionary<string, object?> _variables;
            private readonly ICollection<string> _warnings;
            private readonly string? _source;
            private readonly Dictionary<string, List<string>> _valueLists = new Dictionary<string, List<string>>(StringComparer.Ordinal);
            private readonly Dictionary<string, List<DeidField>> _fieldLists = new Dictionary<string, List<DeidField>>(StringComparer.Ordinal);
            private readonly List<(DeidField Field, HeaderAction Remove)> _spared = new List<(DeidField, HeaderAction)>();
            private readonly HashSet<string> _changed = new HashSet<string>(StringComparer.Ordinal);
            private FieldList _fields = new FieldList();
            private HashSet<DeidField>? _protectedFields;
            private HashSet<DeidField>? _listedWhenProtected;

            public Run(HeaderActionEngine engine, DicomFile file, IReadOnlyDictionary<string, object?> variables, ICollection<string> warnings, string? source)
            {
                _engine = engine;
                _file = file;
                _variables = variables;
                _warnings = warnings;
                _source = source;
            }

            public ReplaceStatistics Stats { get; } = new ReplaceStatistics();

            private DeidRecipe Recipe => _engine._recipe;

            public void Execute()
            {
                var options = _engine._options;
                if (options.StripSequences) StripSequences();

                // KEEP: deid expands each KEEP field against every element and skips those tags when listing candidates.
                var keepTags = new HashSet<string>(StringComparer.Ordinal);
                var keepPaths = new HashSet<string>(StringComparer.Ordinal);
                var keepActions = Recipe.GetActions("KEEP");
                if (keepActions.Count > 0)
                {
                    var all = FieldList.Collect(_file);
                    foreach (var keep in keepActions)
                    {
                        foreach (var f in all.Select(keep.Field))
                        {
                            keepPaths.Add(f.TagPath);
                            if (!f.IsNested) keepTags.Add(f.TagPath);
                        }
                    }
                    Stats.Kept = keepPaths.Count;
                }

                if (options.RemovePrivate) RemovePrivate(_file.Dataset, keepTags, keepPaths, null);

                var skip = new HashSet<string>(keepTags, StringComparer.Ordinal);
                if (!options.DisableSkip)
                {
                    foreach (var s in DeidConfiguration.DefaultSkip) skip.Add(s);
                }
                _fields = FieldList.Collect(_file, skip, keepPaths);

                foreach (var group in Recipe.Values) _valueLists[group.Name] = GroupExtractor.ExtractValues(group, _fields);
                foreach (var group in Recipe.Fields) _fieldLists[group.Name] = GroupExtractor.ExtractFields(group, _fields);

                foreach (var action in Recipe.Header) Perform(action);
                RemoveSparedButUnchanged();
            }

            /// <summary>
            /// deid spares an element from REMOVE when a REPLACE or JITTER selects it, and keeps its original value when that REPLACE
            /// or JITTER then changes nothing (missing variable, value the VR cannot take, empty date, a function returning None): the
            /// value the recipe asked to remove leaks. We remove such elements once all actions have run (docs/recipe-semantics.md §4).
            /// </summary>
            private void RemoveSparedButUnchanged()
            {
                foreach (var (field, remove) in _spared)
                {
                    if (_changed.Contains(field.TagPath) || !field.IsPresent || !_fields.Contains(field.TagPath)) continue;
                    if (field.Holder.Remove(field.Tag))
                    {
                        _fields.RemoveWithChildren(field.TagPath);
                        Stats.Removed++;
                        Warn($"{Where(remove)}: {field.TagPath} was kept for a REPLACE or JITTER that left it unchanged; removed, as the REMOVE asks.");
                    }
                }
            }

            private void Warn(string message) => _warnings.Add(message);

            private string Where(HeaderAction action) =>
                action.Source != null && action.Line > 0
                    ? string.Format(CultureInfo.InvariantCulture, "{0} (recipe {1}:{2})", action, System.IO.Path.GetFileName(action.Source), action.Line)
                    : action.ToString();

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
            private void RemovePrivate(DicomDataset ds, HashSet<string> keepTags, HashSet<string> keepPaths, string? prefix)
            {
                var protectedCreators = new HashSet<uint>();
                for (int i = 0; i < ds.Count; i++)
                {
                    var e = ds.ElementAt(i);
                    string path = prefix == null ? e.Tag.ToString() : prefix + "__" + e.Tag.ToString();
                    if (e.Tag.IsPrivate && IsKept(e.Tag, path, keepTags, keepPaths) && e.Tag.Element >= 0x1000) protectedCreators.Add(e.Tag.PrivateCreatorTag.Value);
                }
                for (int i = ds.Count - 1; i >= 0; i--)
                {
                    var e = ds.ElementAt(i);
                    string path = prefix == null ? e.Tag.ToString() : prefix + "__" + e.Tag.ToString();
                    bool kept = IsKept(e.Tag, path, keepTags, keepPaths);
                    if (e.Tag.IsPrivate && !kept && !protectedCreators.Contains(e.Tag.Value))
                    {
                        ds.RemoveAt(i);
                        Stats.Removed++;
                        continue;
                    }
                    if (!kept && e.Sequence is DicomSequence seq)
                    {
                        for (int k = 0; k < seq.Count; k++) RemovePrivate(seq[k], keepTags, keepPaths, path + "__" + k.ToString(CultureInfo.InvariantCulture));
                    }
                }
            }

            private static bool IsKept(DicomTag tag, string path, HashSet<string> keepTags, HashSet<string> keepPaths) =>
                keepTags.Contains(tag.ToString()) || keepPaths.Contains(path);

            // ---- actions (deid/dicom/parser.py) ----

            private IReadOnlyList<DeidField> Expand(HeaderAction action)
            {
                var spec = action.Field;
                if (spec.Kind == FieldSpecKind.Values)
                {
                    if (!_valueLists.TryGetValue(spec.GroupName ?? string.Empty, out var values) || values.Count == 0)
                    {
                        Warn($"{Where(action)}: the %values group '{spec.GroupName}' found no values in this file; nothing selected.");
                        return Array.Empty<DeidField>();
                    }
                    return FindByValues(values);
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
                            foreach (var f in _fields.FindExact(contender.Tag.ToHexString()))
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
                    if (!f.TryGetElement(out var e) || e.IsSequence || e.Fragments != null || e.ValueRef != null) continue;
                    // deid searches str(value): a multi-valued element as one Python list, bytes as b'...'.
                    string? text = PythonValue.Str(f.Holder, e);
                    if (text != null && ((regex != null && regex.IsMatch(text)) || literal.IsMatch(text))) result.Add(f);
                }
                return result;
            }

            private void Perform(HeaderAction action)
            {
                if (action.Action == HeaderActionKind.Keep) return;
                if (action.Action == HeaderActionKind.Add)
                {
                    Add(action);
                    return;
                }
                foreach (var field in Expand(action))
                {
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
                            Blank(field);
                            break;
                        case HeaderActionKind.Jitter:
                            Jitter(action, field);
                            break;
                    }
                }
            }

            private void Replace(HeaderAction action, DeidField field)
            {
                if (!field.TryGetElement(out var e)) return;
                if (e.IsSequence)
                {
                    Warn($"{Where(action)}: {field.TagPath} is a sequence; a value cannot replace its items, so it was left as it is.");
                    return;
                }
                if (!TryResolve(action, field, FieldName(field), out var value)) return;
                string? problem = ValueSetter.TrySet(field.Holder, field.Tag, e.VR, value!);
                if (problem != null)
                {
                    Warn($"{Where(action)}: {field.TagPath} left unchanged: {problem}");
                    return;
                }
                _changed.Add(field.TagPath);
                Stats.Replaced++;
            }

            private void Remove(HeaderAction action, DeidField field)
            {
                if (action.Value != null)
                {
                    if (!TryResolve(action, field, FieldName(field), out var condition, warnMissing: false)) return;
                    // deid's parse_value types only a literal by the element's VR (convert_value); a variable's or function's value is
                    // taken as it is, so "0" from a variable is a true condition.
                    if (!IsTrue(condition, action.Value.Kind == ActionValueKind.Literal ? field : null)) return;
                }
                // A REPLACE or JITTER selecting the element wins over REMOVE, whatever their order (deid's excluded_from_deletion);
                // if it then changes nothing, the element is removed at the end (RemoveSparedButUnchanged).
                if (IsProtectedFromRemoval(field))
                {
                    _spared.Add((field, action));
                    return;
                }
                if (field.Holder.Remove(field.Tag))
                {
                    _fields.RemoveWithChildren(field.TagPath);
                    Stats.Removed++;
                }
            }

            /// <summary>
            /// Whether a REPLACE or JITTER field spec selects <paramref name="field"/>. Matching depends only on the field's names, so
            /// the answer for every listed field is computed once (through the exact-name index, not by matching each spec against
            /// each removed field); fields an ADD listed later are matched spec by spec.
            /// </summary>
            private bool IsProtectedFromRemoval(DeidField field)
            {
                if (_protectedFields == null)
                {
                    _protectedFields = new HashSet<DeidField>();
                    _listedWhenProtected = new HashSet<DeidField>(_fields);
                    foreach (var spec in _engine._protectedFromRemoval)
                    {
                        foreach (var f in _fields.Select(spec)) _protectedFields.Add(f);
                    }
                }
                if (_listedWhenProtected!.Contains(field)) return _protectedFields.Contains(field);
                foreach (var spec in _engine._protectedFromRemoval)
                {
                    if (FieldMatcher.Matches(spec, field)) return true;
                }
                return false;
            }

            private void Blank(DeidField field)
            {
                if (!field.TryGetElement(out var e)) return;
                field.Holder.SetEmpty(field.Tag, e.VR);
                _fields.RemoveChildren(field.TagPath);
                Stats.Blanked++;
            }

            private void Jitter(HeaderAction action, DeidField field)
            {
                if (!field.TryGetElement(out var e) || !e.IsLoaded || e.RawValue.Length == 0) return;
                if (!TryResolve(action, field, FieldName(field), out var daysValue)) return;
                if (!TryDays(daysValue, out int days))
                {
                    Warn($"{Where(action)}: '{daysValue}' is not a number of days; {field.TagPath} left unchanged.");
                    return;
                }
                var values = field.Holder.GetStrings(e);
                if (!DateJitter.TryShiftAll(values, e.VR, days))
                {
                    Warn($"{Where(action)}: JITTER does not apply to {field.TagPath} ({e.VR} value '{string.Join("\\", values)}'); left unchanged.");
                    return;
                }
                string? problem = ValueSetter.TrySet(field.Holder, field.Tag, e.VR, string.Join("\\", values));
                if (problem != null)
                {
                    Warn($"{Where(action)}: {field.TagPath} left unchanged: {problem}");
                    return;
                }
                _changed.Add(field.TagPath);
                Stats.Jittered++;
            }

            private void Add(HeaderAction action)
            {
                var spec = action.Field;
                if (!TryAddTarget(spec, out var tag, out var vr, out var why))
                {
                    Warn($"{Where(action)}: {why}");
                    return;
                }
                if (tag.Group == 0x0002 && !_file.HasFileMetaInformation)
                {
                    // deid adds it to an empty file_meta, and pydicom writes it before the dataset without preamble, in another
                    // encoding than the dataset's: a file no reader can rely on. A file without meta stays without.
                    Warn($"{Where(action)}: {tag} belongs to the file meta, which {_source ?? "this file"} does not have; nothing added.");
                    return;
                }
                var target = tag.Group == 0x0002 ? _file.FileMetaInformation : _file.Dataset;
                string tagPath = tag.ToString();
                var existing = _fields[tagPath];
                var targetVR = target.TryGetElement(tag, out var before) ? before.VR : vr;
                if (!TryResolve(action, existing, existing != null ? FieldName(existing) : spec.Text, out var value, targetVR: targetVR)) return;
                bool present = target.TryGetElement(tag, out var current);
                if (present && current.IsSequence)
                {
                    Warn($"{Where(action)}: {tagPath} is a sequence; a value cannot replace its items, so it was left as it is.");
                    return;
                }
                string? problem = ValueSetter.TrySet(target, tag, present ? current.VR : vr, value!);
                if (problem != null)
                {
                    Warn($"{Where(action)}: {tagPath} not set: {problem}");
                    return;
                }
                if (present) Stats.Replaced++; else Stats.Added++;
                if (existing == null && target.TryGetElement(tag, out var added))
                {
                    _fields.Add(new DeidField(target, added, DeidField.KeywordOf(tag), tagPath, tag.Group == 0x0002));
                }
            }

            /// <summary>
            /// The element an ADD names: a keyword (its dictionary VR), a tag "ggggeeee" or "(gggg,eeee)" (dictionary VR, else ST as
            /// deid's add_tag), or a private creator spec whose creator reserves a block in the dataset.
            /// </summary>
            private bool TryAddTarget(FieldSpec spec, out DicomTag tag, out DicomVR vr, out string why)
            {
                tag = default;
                vr = DicomVR.ST;
                why = string.Empty;
                switch (spec.Kind)
                {
                    case FieldSpecKind.Keyword:
                    case FieldSpecKind.Other:
                        if (DicomDictionary.TryGetTag(spec.Text, out tag) || DicomDictionary.TryGetTagIgnoreCase(spec.Text, out tag))
                        {
                            vr = DictionaryVR(tag);
                            return true;
                        }
                        why = $"'{spec.Text}' is not a DICOM keyword; nothing added.";
                        return false;
                    case FieldSpecKind.Tag when spec.Tag.HasValue:
                        tag = spec.Tag.Value;
                        vr = DictionaryVR(tag);
                        return true;
                    case FieldSpecKind.PrivateTag:
                        if (spec.PrivateCreator != null && _file.Dataset.TryFindPrivateTag(spec.PrivateGroup, spec.PrivateCreator, spec.PrivateElementOffset, out tag))
                        {
                            vr = PrivateDictionary.TryGetEntry(spec.PrivateCreator, tag, out var p) && p.VR != DicomVR.None ? p.VR : DicomVR.UN;
                            return true;
                        }
                        why = $"no private block of creator '{spec.PrivateCreator}' in group {spec.PrivateGroup:X4}; nothing added.";
                        return false;
                    default:
                        why = $"ADD needs one element (a keyword or a tag), not '{spec.Text}'; nothing added.";
                        return false;
                }
            }

            private static DicomVR DictionaryVR(DicomTag tag) =>
                DicomDictionary.TryGetEntry(tag, out var entry) && entry.VR != DicomVR.None ? entry.VR : DicomVR.ST;

            private static string FieldName(DeidField field) => field.KeywordPath.Length > 0 && !field.KeywordPath.EndsWith("__", StringComparison.Ordinal) && field.Keyword.Length > 0
                ? field.KeywordPath
                : field.TagPath;

            // ---- values (deid/utils/actions.py: parse_value) ----

            private bool TryResolve(HeaderAction action, DeidField? field, string fieldName, out object? value, bool warnMissing = true, DicomVR targetVR = default)
            {
                value = null;
                var v = action.Value;
                if (v == null)
                {
                    Warn($"{Where(action)}: no value given.");
                    return false;
                }
                switch (v.Kind)
                {
                    case ActionValueKind.Variable:
                        if (!_variables.TryGetValue(v.Name ?? string.Empty, out value) || value == null)
                        {
                            if (warnMissing) Warn($"{Where(action)}: variable '{v.Name}' is not defined for {_source ?? "this file"}; {fieldName} left unchanged.");
                            value = null;
                            return false;
                        }
                        return true;
                    case ActionValueKind.Function:
                        if (!_variables.TryGetValue(v.Name ?? string.Empty, out var fn) || !(fn is DeidFunction function))
                        {
                            Warn($"{Where(action)}: function '{v.Name}' was not given (pass it among the variables); {fieldName} left unchanged.");
                            return false;
                        }
                        value = function(new DeidFunctionCall(_file, field, fieldName, v.Text, _variables, _source));
                        return value != null;
                    case ActionValueKind.DeidFunction:
                        value = DeidBuiltIn(action, v, field, fieldName, targetVR == DicomVR.None && field != null ? field.VR : targetVR);
                        return value != null;
                    default:
                        value = v.Text;
                        return true;
                }
            }

            private static bool IsUidPrefix(string prefix) => prefix.Length <= 54 && UidPrefix.IsMatch(prefix);

            /// <summary>A UUID as the UID PS3.5 §B.2 derives from it: "2.25." and the UUID's 128 bits as a decimal integer.</summary>
            private static string UuidAsUid(string uuid) =>
                "2.25." + System.Numerics.BigInteger.Parse("0" + Guid.Parse(uuid).ToString("N"), NumberStyles.HexNumber, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture);

            private object? DeidBuiltIn(HeaderAction action, ActionValue v, DeidField? field, string fieldName, DicomVR targetVR)
            {
                // deid hashes str(field.element.value): for a multi-valued element the Python list, e.g. "['1.2', '1.3']".
                string original = field != null && field.TryGetElement(out var current) ? PythonValue.Str(field.Holder, current) ?? string.Empty : string.Empty;
                var uids = _engine._uids;
                switch (v.Name)
                {
                    case "pydicom_uuid":
                        {
                            // parse_keyvalue_pairs: "true"/"false" become booleans, "none"/"null" None; pydicom_uuid remaps stably only
                            // when stable_remapping is absent or exactly "true" (deid tests `is True`).
                            string? prefix = v.GetArgument("prefix");
                            string? stableText = v.GetArgument("stable_remapping");
                            bool stable = stableText == null || stableText == "true";
                            if (prefix == "none" || prefix == "null")
                            {
                                // generate_uid(prefix=None): a random UUID under 2.25, whatever the entropy.
                                return uids.PydicomUuid(original, "2.25.", stableRemapping: false);
                            }
                            if (prefix != null && !IsUidPrefix(prefix))
                            {
                                // pydicom refuses the prefix (deid stops on the file); a UID under the default root still hides the original.
                                Warn($"{Where(action)}: '{prefix}' is not a UID prefix (digits and dots, ending with a dot, at most 54 characters); {uids.DefaultPrefix} used for {fieldName}.");
                                prefix = null;
                            }
                            return uids.PydicomUuid(original, prefix, stable);
                        }
                    case "dicom_uuid":
                        {
                            string root = v.GetArgument("org_root") ?? "anonymous-organization";
                            if (targetVR == DicomVR.UI && !IsUidPrefix(root + "."))
                            {
                                // deid writes "anonymous-organization.123..." into the UI element: not a UID. A random UID under 2.25 is.
                                Warn($"{Where(action)}: org_root '{root}' cannot start a UID; {fieldName} gets a UID under 2.25.");
                                root = "2.25";
                            }
                            return uids.DicomUuid(original, root);
                        }
                    case "basic_uuid":
                        return targetVR == DicomVR.UI ? UuidAsUid(uids.BasicUuid(original)) : uids.BasicUuid(original);
                    case "suffix_uuid":
                        {
                            string value = uids.SuffixUuid(fieldName, original);
                            // "fieldname-<uuid>" cannot be a UID; a UI element gets the UUID as a UID under 2.25 (PS3.5 B.2).
                            return targetVR == DicomVR.UI ? UuidAsUid(value.Substring(value.Length - 36)) : value;
                        }
                    case "jitter":
                        if (field == null || !field.TryGetElement(out var e))
                        {
                            Warn($"{Where(action)}: deid_func:jitter needs an existing date element.");
                            return null;
                        }
                        int days = 1;
                        if (int.TryParse(v.GetArgument("days"), NumberStyles.Integer, CultureInfo.InvariantCulture, out int d)) days = d;
                        if (int.TryParse(v.GetArgument("years"), NumberStyles.Integer, CultureInfo.InvariantCulture, out int y)) days += y * 365;
                        var values = field.Holder.GetStrings(e);
                        if (!DateJitter.TryShiftAll(values, e.VR, days))
                        {
                            // As JITTER: nothing to shift (empty, a TM, no date) is no change, and deid returns None for an empty value.
                            if (values.Length > 0) Warn($"{Where(action)}: deid_func:jitter does not apply to {field.TagPath} ({e.VR} value '{string.Join("\\", values)}'); left unchanged.");
                            return null;
                        }
                        return string.Join("\\", values);
                    default:
                        Warn($"{Where(action)}: '{v.Name}' is not a deid function; nothing done.");
                        return null;
                }
            }

            /// <summary>
            /// Python truthiness of a REMOVE condition; with <paramref name="typedBy"/> (a literal's element) text is first typed by the
            /// element's VR as deid's convert_value types it.
            /// </summary>
            private static bool IsTrue(object? condition, DeidField? typedBy)
            {
                switch (condition)
                {
                    case null:
                        return false;
                    case bool b:
                        return b;
                    case string s when typedBy == null:
                        return s.Length > 0;
                    case string s:
                        var vr = typedBy.VR;
                        if (vr == DicomVR.FL || vr == DicomVR.FD)
                            return double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double dv) && dv != 0;
                        if (vr == DicomVR.US || vr == DicomVR.SS || vr == DicomVR.UL || vr == DicomVR.SL || vr == DicomVR.SV || vr == DicomVR.UV)
                            return long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out long lv) && lv != 0;
                        return s.Length > 0;
                    case IConvertible c when !(condition is DateTime):
                        try
                        {
                            return c.ToDouble(CultureInfo.InvariantCulture) != 0;
                        }
                        catch (FormatException)
                        {
                            return true;
                        }
                        catch (InvalidCastException)
                        {
                            return true;
                        }
                    case System.Collections.ICollection coll:
                        return coll.Count > 0;
                    default:
                        return true;
                }
            }

            private static bool TryDays(object? value, out int days)
            {
                days = 0;
                switch (value)
                {
                    case null:
                        return false;
                    case string s:
                        if (!double.TryParse(s.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out double d) || double.IsNaN(d) || Math.Abs(d) > 3_650_000) return false;
                        days = (int)Math.Truncate(d);
                        return true;
                    case IConvertible c when !(value is DateTime) && !(value is bool):
                        try
                        {
                            double x = c.ToDouble(CultureInfo.InvariantCulture);
                            if (double.IsNaN(x) || Math.Abs(x) > 3_650_000) return false;
                            days = (int)Math.Truncate(x);
                            return true;
                        }
                        catch (FormatException)
                        {
                            return false;
                        }
                    default:
                        return false;
                }
            }
        }
    }
}
