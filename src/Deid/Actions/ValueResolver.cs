using System;
using System.Collections.Generic;
using System.Globalization;
using Deid.Dicom;
using Deid.Fields;
using Deid.Identifiers;
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

        public ValueResolver(FileStepContext context, UidGenerator uids, Action<DeidWarningKind, string?, string> warn)
        {
            _file = context.File;
            _variables = context.Variables;
            _source = context.SourcePath;
            _uids = uids;
            _warn = warn;
        }

        private void Warn(DeidWarningKind kind, string? field, string message) => _warn(kind, field, message);

        private static string Where(HeaderAction action) => ActionLocation.Describe(action);

        public bool TryResolve(HeaderAction action, DeidField? field, string fieldName, out object? value, bool warnMissing = true, DicomVR targetVR = default)
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
                    if (!_variables.TryGetValue(v.Name ?? string.Empty, out value) || value == null)
                    {
                        if (warnMissing) Warn(DeidWarningKind.MissingVariable, fieldName, $"{Where(action)}: variable '{v.Name}' is not defined for {_source ?? "this file"}; {fieldName} left unchanged.");
                        value = null;
                        return false;
                    }
                    if (warnMissing && value is string text && text.Trim().Length == 0)
                        Warn(DeidWarningKind.EmptyVariable, fieldName, $"{Where(action)}: variable '{v.Name}' is empty for {_source ?? "this file"}; {fieldName} gets an empty value (an empty crosswalk cell?).");
                    return true;
                case ActionValueKind.Function:
                    if (!_variables.TryGetValue(v.Name ?? string.Empty, out var fn) || !(fn is DeidFunction function))
                    {
                        Warn(DeidWarningKind.MissingVariable, fieldName, $"{Where(action)}: function '{v.Name}' was not given (pass it among the variables); {fieldName} left unchanged.");
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

        /// <summary>A UUID as the UID PS3.5 §B.2 derives from it: "2.25." and the UUID's 128 bits as a decimal integer.</summary>
        private static string UuidAsUid(string uuid) =>
            "2.25." + System.Numerics.BigInteger.Parse("0" + Guid.Parse(uuid).ToString("N"), NumberStyles.HexNumber, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture);

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
                            return uids.PydicomUuid(original, "2.25.", stableRemapping: false);
                        }
                        if (prefix != null && !UidRoot.IsPrefix(prefix))
                        {
                            // pydicom refuses the prefix (deid stops on the file); a UID under the default root still hides the original.
                            Warn(DeidWarningKind.Substituted, fieldName, $"{Where(action)}: '{prefix}' is not a UID prefix (digits and dots, ending with a dot, at most {UidRoot.MaxLength + 1} characters); {uids.DefaultPrefix} used for {fieldName}.");
                            prefix = null;
                        }
                        return uids.PydicomUuid(original, prefix, stable);
                    }
                case "dicom_uuid":
                    {
                        string root = v.GetArgument("org_root") ?? "anonymous-organization";
                        if (targetVR == DicomVR.UI && !UidRoot.IsPrefix(root + "."))
                        {
                            // deid writes "anonymous-organization.123..." into the UI element: not a UID. A random UID under 2.25 is.
                            Warn(DeidWarningKind.Substituted, fieldName, $"{Where(action)}: org_root '{root}' cannot start a UID; {fieldName} gets a UID under 2.25.");
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
                        Warn(DeidWarningKind.NotApplicable, fieldName, $"{Where(action)}: deid_func:jitter needs an existing date element.");
                        return null;
                    }
                    int days = 1;
                    if (int.TryParse(v.GetArgument("days"), NumberStyles.Integer, CultureInfo.InvariantCulture, out int d)) days = d;
                    if (int.TryParse(v.GetArgument("years"), NumberStyles.Integer, CultureInfo.InvariantCulture, out int y)) days += y * 365;
                    var values = field.Holder.GetStrings(e);
                    if (!DateJitter.TryShiftAll(values, e.VR, days))
                    {
                        // As JITTER: nothing to shift (empty, a TM, no date) is no change, and deid returns None for an empty value.
                        if (values.Length > 0) Warn(DeidWarningKind.NotApplicable, field.TagPath, $"{Where(action)}: deid_func:jitter does not apply to {field.TagPath} ({e.VR} value '{string.Join("\\", values)}'); left unchanged.");
                        return null;
                    }
                    return string.Join("\\", values);
                default:
                    Warn(DeidWarningKind.RecipeProblem, fieldName, $"{Where(action)}: '{v.Name}' is not a deid function; nothing done.");
                    return null;
            }
        }
    }
}
