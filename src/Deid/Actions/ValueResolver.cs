using System;
using System.Collections.Generic;
using System.Globalization;
using System.Runtime.CompilerServices;
using Deid.Dicom;
using Deid.Fields;
using Deid.Identifiers;
using Deid.Profile;
using Deid.Recipes;
using Deid.Steps;

namespace Deid.Actions
{
    /// <summary>
    /// What an action's value means for one field, as deid's <c>parse_value</c> (deid/utils/actions.py) decides it: a literal, a
    /// <c>var:</c> of the file's variables, a <c>func:</c> the caller passed, or a <c>deid_func:</c> built-in (UIDs, jitter).
    /// </summary>
    internal sealed class ValueResolver
    {
        private readonly DicomFile _file;
        private readonly IReadOnlyDictionary<string, object?> _variables;
        private readonly string? _source;
        private readonly UidGenerator _uids;
        private readonly Action<DeidWarningKind, string?, string> _warn;

        /// <summary>The file's PatientID as read, before any action changed it: what <c>keyed_jitter</c> shifts by.</summary>
        private readonly string _patient;

        [MethodImpl(HotPath.Optimized)]
        public ValueResolver(FileStepContext context, UidGenerator uids, Action<DeidWarningKind, string?, string> warn)
        {
            _patient = context.File.Dataset.GetString(DicomTags.PatientID)?.Trim() ?? string.Empty;
            _file = context.File;
            _variables = context.Variables;
            _source = context.SourcePath;
            _uids = uids;
            _warn = warn;
        }

        /// <summary>
        /// The values the keyed functions read, by tag path, as the header held them before any action (null when the recipe
        /// has no keyed function): they are functions of the original, whatever an earlier line wrote.
        /// </summary>
        internal Dictionary<string, (string Text, string[] Values)>? Originals { get; set; }

        /// <summary>
        /// The recipe's <c>%values</c> groups as extracted from this file. deid keeps them in the same lookup as the variables
        /// (parser.py: <c>self.lookup[group] = extract_values_list(...)</c>, after the file's variables), so <c>var:GROUP</c>
        /// gives the group's values, and a group hides a variable of the same name.
        /// </summary>
        internal IReadOnlyDictionary<string, List<string>>? ValueGroups { get; set; }

        /// <summary>Our PS3.15 option functions for this file (null when the recipe uses none).</summary>
        internal ProfileFunctions? Profile { get; set; }

        [MethodImpl(HotPath.Optimized)]
        private void Warn(DeidWarningKind kind, string? field, string message) => _warn(kind, field, message);

        private static string Where(HeaderAction action) => ActionLocation.Describe(action);

        /// <summary>
        /// A var:/func: not given: the element it was for is left as it was (MissingVariable: the file is not Succeeded, its original
        /// value may identify the patient), or, for an ADD of an element the file does not have, nothing is added — nothing of
        /// the patient's remains, so it is no missing variable (deid's own recipe ADDs PatientID var:entity_id after its REMOVE
        /// PatientID, and every file read "not succeeded ... left unchanged"; QA).
        /// </summary>
        private void WarnMissing(bool absent, string fieldName, string what)
        {
            if (absent) Warn(DeidWarningKind.NotApplicable, fieldName, $"{what}; nothing added ({fieldName} is not in the file).");
            else Warn(DeidWarningKind.MissingVariable, fieldName, $"{what}; {fieldName} left unchanged.");
        }

        /// <summary>
        /// The character of <paramref name="text"/> that refuses the file (<see cref="LostCharacterException"/>), or null: U+FFFD,
        /// what a byte that was not UTF-8 became when the variable was read, before anything else; else the first control
        /// character a value of <paramref name="vr"/> may not hold (PS3.5 §6.1.3): none in short text, C1 controls in none; tab,
        /// line feed, form feed and carriage return in LT, ST, UT and UC. An escape is the character set's to write, never the text's.
        /// </summary>
        private static char? RefusedCharacter(string text, DicomVR vr)
        {
            if (text.IndexOf('\uFFFD') >= 0) return '\uFFFD';
            bool longText = vr == DicomVR.LT || vr == DicomVR.ST || vr == DicomVR.UT || vr == DicomVR.UC;
            foreach (char c in text)
            {
                // C1 controls (U+0080–U+009F) are no graphic character of any set either: they are what Windows-1252's ’ Œ Š €
                // become when Excel's "CSV" is read as Latin-1, and they were written raw into names (QA of 2026-12-07).
                if (c >= 0x20 && c != 0x7F && (c < 0x80 || c > 0x9F)) continue;
                if (longText && (c == '\t' || c == '\n' || c == '\f' || c == '\r')) continue;
                return c;
            }
            return null;
        }

        [MethodImpl(HotPath.Optimized)]
        public bool TryResolve(HeaderAction action, DeidField? field, string fieldName, out object? value, bool warnMissing = true, DicomVR targetVR = default, bool absent = false)
        {
            value = null;
            var v = action.Value;
            if (v == null)
            {
                Warn(DeidWarningKind.RecipeProblem, fieldName, $"{Where(action)}: no value given.");
                return false;
            }
            switch (v.Kind)
            {
                case ActionValueKind.Variable:
                    if (ValueGroups != null && ValueGroups.TryGetValue(v.Name ?? string.Empty, out var group))
                    {
                        // A list: one value each, as deid sets the element to the group's list.
                        if (warnMissing && group.Count == 0)
                            Warn(DeidWarningKind.EmptyGroup, fieldName, $"{Where(action)}: the %values group '{v.Name}' found no values in {_source ?? "this file"}; {fieldName} gets an empty value.");
                        value = group.ToArray();
                        return true;
                    }
                    _variables.TryGetValue(v.Name ?? string.Empty, out value);
                    bool databaseNull = value is DBNull;
                    // A DBNull is no value, a character its text; a table, a list of lists or a script block is none to write.
                    value = VariableValue.Normalize(value, out string? notAValue);
                    if (notAValue != null)
                    {
                        if (warnMissing) WarnMissing(absent, fieldName, $"{Where(action)}: variable '{v.Name}' of {_source ?? "this file"} holds {notAValue}");
                        return false;
                    }
                    if (value == null)
                    {
                        if (warnMissing)
                        {
                            WarnMissing(absent, fieldName, databaseNull
                                ? $"{Where(action)}: variable '{v.Name}' is a database NULL (DBNull) for {_source ?? "this file"}"
                                : $"{Where(action)}: variable '{v.Name}' is not defined for {_source ?? "this file"}");
                        }
                        return false;
                    }
                    if (warnMissing && value is string text && text.Trim().Length == 0)
                        Warn(DeidWarningKind.EmptyVariable, fieldName, $"{Where(action)}: variable '{v.Name}' is empty for {_source ?? "this file"}; {fieldName} gets an empty value (an empty crosswalk cell?).");
                    // U+FFFD is what a byte that was not UTF-8 became when the variable was read (a CSV saved as Windows-1252 and
                    // read by Import-Csv): written on, the letter meant is lost, and the copy no longer matches its crosswalk
                    // (QA 2026-12-06: a pseudonym M�ller was written with a warning). The file is refused, as a recipe is.
                    // A control character (a NUL or an escape from a stray byte in a crosswalk cell) was written raw (QA 2026-12-07).
                    if (warnMissing && value is string typed && RefusedCharacter(typed, targetVR == DicomVR.None && field != null ? field.VR : targetVR) is char refused)
                        throw new LostCharacterException(Where(action), v.Name ?? string.Empty, fieldName, refused);
                    return true;
                case ActionValueKind.Function:
                    if (!_variables.TryGetValue(v.Name ?? string.Empty, out var fn) || !(fn is DeidFunction function))
                    {
                        WarnMissing(absent, fieldName, $"{Where(action)}: function '{v.Name}' was not given (pass it among the variables)");
                        return false;
                    }
                    value = VariableValue.Normalize(function(new DeidFunctionCall(_file, field, fieldName, v.Text, _variables, _source)), out string? notReturned);
                    if (notReturned != null)
                    {
                        WarnMissing(absent, fieldName, $"{Where(action)}: function '{v.Name}' returned {notReturned}");
                        return false;
                    }
                    return value != null;
                case ActionValueKind.DeidFunction:
                    value = DeidBuiltIn(action, v, field, fieldName, targetVR == DicomVR.None && field != null ? field.VR : targetVR);
                    return value != null;
                default:
                    value = v.Text;
                    return true;
            }
        }

        /// <summary>A UUID as the UID PS3.5 §B.2 derives from it: "2.25." and the UUID's 128 bits as a decimal integer.</summary>
        [MethodImpl(HotPath.Optimized)]
        internal static string UuidAsUid(string uuid)
        {
            // The UUID's 32 hexadecimal digits in their written order are its 128 bits, most significant first.
            string hex = Guid.Parse(uuid).ToString("N");
            var bytes = new byte[16];
            for (int i = 0; i < 16; i++) bytes[i] = (byte)((HexValue(hex[2 * i]) << 4) | HexValue(hex[2 * i + 1]));
            return "2.25." + BigEndianDecimal.Format(bytes);
        }

        [MethodImpl(HotPath.Optimized)]
        private static int HexValue(char c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;

        [MethodImpl(HotPath.Optimized)]
        private static string SuffixGuid(string suffixed) => suffixed.Substring(suffixed.Length - 36);

        /// <summary>
        /// The new value of a UID function: <paramref name="asUid"/> maps one UID to what a UI element holding it gets, and
        /// <paramref name="asText"/> (default the same) maps deid's whole-value text for other VRs. A UR, UT, LT, ST or LO value
        /// holding UIDs has each remapped in place (the same new UID as in a UI element, the rest of the text kept); a UI element's
        /// values are remapped one by one (deid hashes a multi-valued UI as its Python list, into one value); with
        /// <c>keep_registered=true</c> registered UIDs stay. Other values follow deid: one new value from <c>str(value)</c>.
        /// </summary>
        [MethodImpl(HotPath.Optimized)]
        private static string Remap(ActionValue v, DeidField? field, DicomVR targetVR, string original, Func<string, string> asUid, Func<string, string>? asText = null)
        {
            // No UID is no UID: an element whose UID is empty stays empty, rather than every file without one sharing the same new
            // UID (two files with an empty Media Storage SOP Instance UID came out as one instance; referee sweep 2026-12-06; deid
            // hashes ""). An ADD of an absent element still gets a new UID.
            if (targetVR == DicomVR.UI && field != null && field.IsPresent && original.Trim('\0', ' ').Length == 0) return string.Empty;
            bool keepRegistered = v.GetArgument("keep_registered") == "true";
            bool embeds = UidRemapping.EmbedsUids(targetVR);
            // A multi-valued UI element is remapped value by value, each value to what a single-valued element holding it gets. deid
            // hashes str(list) into one UID: the element lost its other values and every link to the instances they named (a
            // FailedSOPInstanceUIDList, an IrradiationEventUID of two events; QA 2026-12-07). str() of a UI value starts with '['
            // exactly when it holds more than one value (a UID never does).
            bool multiValued = targetVR == DicomVR.UI && original.Length > 0 && original[0] == '[';
            // The value's text is decoded only where it is used: most UID lines hit single-valued UI elements without the argument.
            string? text = (embeds || (targetVR == DicomVR.UI && (keepRegistered || multiValued))) && field != null && field.TryGetElement(out var e) && e.IsLoaded
                ? field.Holder.GetString(e)
                : null;
            if (text != null && embeds && UidRemapping.TryReplaceEmbedded(text, asUid, keepRegistered, out var replaced)) return replaced;
            if (targetVR == DicomVR.UI) return text != null ? UidRemapping.MapValues(text, asUid, keepRegistered) : asUid(original);
            return (asText ?? asUid)(original);
        }

        [MethodImpl(HotPath.Optimized)]
        private object? DeidBuiltIn(HeaderAction action, ActionValue v, DeidField? field, string fieldName, DicomVR targetVR)
        {
            // deid hashes str(field.element.value): for a multi-valued element the Python list, e.g. "['1.2', '1.3']".
            string original = field != null && field.TryGetElement(out var current) ? PythonValue.Str(field.Holder, current) ?? string.Empty : string.Empty;
            var uids = _uids;
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
                            return Remap(v, field, targetVR, original, o => uids.PydicomUuid(o, "2.25.", stableRemapping: false));
                        }
                        if (prefix != null && !UidRoot.IsPrefix(prefix))
                        {
                            // pydicom refuses the prefix (deid stops on the file); a UID under the default root still hides the original.
                            Warn(DeidWarningKind.Substituted, fieldName, $"{Where(action)}: '{prefix}' is not a UID prefix (digits and dots, ending with a dot, at most {UidRoot.MaxLength + 1} characters); {uids.DefaultPrefix} used for {fieldName}.");
                            prefix = null;
                        }
                        return Remap(v, field, targetVR, original, o => uids.PydicomUuid(o, prefix, stable));
                    }
                case "dicom_uuid":
                    {
                        string root = v.GetArgument("org_root") ?? "anonymous-organization";
                        // deid writes "anonymous-organization.123..." into a UI element: not a UID. A random UID under 2.25 is.
                        string uidRoot = UidRoot.IsPrefix(root + ".") ? root : "2.25";
                        if (targetVR == DicomVR.UI && uidRoot != root)
                        {
                            Warn(DeidWarningKind.Substituted, fieldName, $"{Where(action)}: org_root '{root}' cannot start a UID; {fieldName} gets a UID under 2.25.");
                        }
                        return Remap(v, field, targetVR, original, o => uids.DicomUuid(o, uidRoot), o => uids.DicomUuid(o, root));
                    }
                case "basic_uuid":
                    return Remap(v, field, targetVR, original, o => UuidAsUid(uids.BasicUuid(o)), o => uids.BasicUuid(o));
                case "suffix_uuid":
                    // "fieldname-<uuid>" cannot be a UID; a UI element gets the UUID as a UID under 2.25 (PS3.5 B.2).
                    return Remap(v, field, targetVR, original, o => UuidAsUid(SuffixGuid(uids.SuffixUuid(fieldName, o))), o => uids.SuffixUuid(fieldName, o));
                case "jitter":
                    if (field == null || !field.TryGetElement(out var e))
                    {
                        Warn(DeidWarningKind.NotApplicable, fieldName, $"{Where(action)}: deid_func:jitter needs an existing date element.");
                        return null;
                    }
                    int days = 1;
                    if (int.TryParse(v.GetArgument("days"), NumberStyles.Integer, CultureInfo.InvariantCulture, out int d)) days = d;
                    if (int.TryParse(v.GetArgument("years"), NumberStyles.Integer, CultureInfo.InvariantCulture, out int y)) days += y * 365;
                    var values = field.Holder.GetStrings(e);
                    if (!DateJitter.TryShiftAll(values, e.VR, days, out var left))
                    {
                        // As JITTER: nothing to shift (empty, a TM, no date) is no change, and deid returns None for an empty value.
                        if (values.Length > 0) Warn(DeidWarningKind.NotApplicable, field.TagPath, $"{Where(action)}: deid_func:jitter does not apply to {field.TagPath} (its {e.VR} value is no date it can shift: {HeaderActionRun.DateShape(values)}); left unchanged.");
                        return null;
                    }
                    if (left.Length > 0) Warn(DeidWarningKind.NotApplicable, field.TagPath, HeaderActionRun.PartlyShifted(action, field.TagPath, "deid_func:jitter", left));
                    return string.Join("\\", values);
                case "keyed_id":
                    {
                        // Ours: prefix + digits of a keyed hash of the original (docs/recipe-semantics.md §8).
                        string prefix = v.GetArgument("prefix") ?? string.Empty;
                        int digits = 10;
                        if (v.GetArgument("digits") is string dt && (!int.TryParse(dt, NumberStyles.Integer, CultureInfo.InvariantCulture, out digits) || digits < 1 || digits > 38))
                        {
                            Warn(DeidWarningKind.Substituted, fieldName, $"{Where(action)}: digits={dt} is not a number from 1 to 38; 10 used.");
                            digits = 10;
                        }
                        if (!uids.IsKeyed) WarnUnkeyed(action, fieldName);
                        string keyedFrom = field != null && Originals != null && Originals.TryGetValue(field.TagPath, out var first) ? first.Text : original;
                        // No ID is no ID: an empty original stays empty, rather than every file without one sharing a pseudonym.
                        if (keyedFrom.Trim().Length == 0) return string.Empty;
                        return uids.KeyedId(keyedFrom, prefix, digits);
                    }
                case "keyed_jitter":
                    {
                        if (field == null || !field.TryGetElement(out var de))
                        {
                            Warn(DeidWarningKind.NotApplicable, fieldName, $"{Where(action)}: deid_func:keyed_jitter needs an existing date element.");
                            return null;
                        }
                        int min = ReadDays(action, fieldName, v, "min", -365), max = ReadDays(action, fieldName, v, "max", -1);
                        if (max < min) (min, max) = (max, min);
                        if (!uids.IsKeyed) WarnUnkeyed(action, fieldName);
                        int shift = uids.DateShiftDays(_patient, min, max);
                        // The dates as read, shifted: a dummy an earlier line wrote (19000101) is not the patient's date.
                        var dates = Originals != null && Originals.TryGetValue(field.TagPath, out var firstDates) ? (string[])firstDates.Values.Clone() : field.Holder.GetStrings(de);
                        if (!DateJitter.TryShiftAll(dates, de.VR, shift, out var leftDates))
                        {
                            if (dates.Length > 0) Warn(DeidWarningKind.NotApplicable, field.TagPath, $"{Where(action)}: deid_func:keyed_jitter does not apply to {field.TagPath} (its {de.VR} value is no date it can shift: {HeaderActionRun.DateShape(dates)}); left unchanged.");
                            return null;
                        }
                        if (leftDates.Length > 0) Warn(DeidWarningKind.NotApplicable, field.TagPath, HeaderActionRun.PartlyShifted(action, field.TagPath, "deid_func:keyed_jitter", leftDates));
                        return string.Join("\\", dates);
                    }
                case ProfileFunctions.CleanDescriptor:
                case ProfileFunctions.CleanStructuredContent:
                    // Ours (docs/recipe-semantics.md §8); on a sequence the header step calls ProfileFunctions directly.
                    if (Profile == null || field == null || !field.TryGetElement(out var text))
                    {
                        Warn(DeidWarningKind.NotApplicable, fieldName, $"{Where(action)}: deid_func:{v.Name} cleans an element that is present; nothing done.");
                        return null;
                    }
                    string? cleaned = Profile.CleanText(field.Holder, text, v.Name == ProfileFunctions.CleanDescriptor ? o => uids.PydicomUuid(o) : null);
                    // Binary values that spell a name are emptied (ProfileFunctions.CleanText): as bytes, since an empty text is no
                    // number for an FL or SL, which would then be removed with a warning instead.
                    if (cleaned != null && cleaned.Length == 0 && !DicomDataset.GetEffectiveVR(text).IsString) return Array.Empty<byte>();
                    return cleaned;
                case DummyDocument.FunctionName:
                    // Ours: a valid empty document of the kind the file's MIME type names (bytes, whatever the VR).
                    return DummyDocument.For(field?.Holder.GetString(EncapsulatedDocumentMimeType));
                case DummyValue.FunctionName:
                    {
                        // Ours: the dummy; the header step leaves an element that was empty as read (DummyValue).
                        string? dummy = v.GetArgument(DummyValue.ValueArgument);
                        if (dummy == null)
                        {
                            Warn(DeidWarningKind.RecipeProblem, fieldName, $"{Where(action)}: deid_func:{v.Name} needs the dummy as {DummyValue.ValueArgument}=TEXT (deid_func:{v.Name} {DummyValue.ValueArgument}=ANONYMOUS); nothing done.");
                            return null;
                        }
                        return dummy;
                    }
                case RemoveOrEmpty.FunctionName:
                    // Only REPLACE calls it on the element itself (HeaderActionRun); as an ADD's value or a REMOVE's condition it has no value to give.
                    Warn(DeidWarningKind.RecipeProblem, fieldName, $"{Where(action)}: deid_func:{v.Name} removes or empties the element a REPLACE selects and gives no value; nothing done.");
                    return null;
                default:
                    Warn(DeidWarningKind.RecipeProblem, fieldName, $"{Where(action)}: '{v.Name}' is not a deid function; nothing done.");
                    return null;
            }
        }

        private static readonly DicomTag EncapsulatedDocumentMimeType = new DicomTag(0x0042, 0x0012);

        [MethodImpl(HotPath.Optimized)]
        private void WarnUnkeyed(HeaderAction action, string fieldName) =>
            Warn(DeidWarningKind.Substituted, fieldName, $"{Where(action)}: deid_func:{action.Value?.Name} without a key (-Key/-KeyFile) gives random values that agree within this run only; give a key so that every run and shard agrees.");

        [MethodImpl(HotPath.Optimized)]
        private int ReadDays(HeaderAction action, string fieldName, ActionValue v, string name, int fallback)
        {
            string? text = v.GetArgument(name);
            if (text == null) return fallback;
            if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int days) && Math.Abs((long)days) <= 36500) return days;
            Warn(DeidWarningKind.Substituted, fieldName, $"{Where(action)}: {name}={text} is not a whole number of days (at most 100 years); {fallback} used.");
            return fallback;
        }
    }
}
