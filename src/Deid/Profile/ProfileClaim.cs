using System;
using System.Collections.Generic;
using System.Globalization;
using Deid.Dicom;
using Deid.Fields;
using Deid.Recipes;

namespace Deid.Profile
{
    /// <summary>
    /// What a recipe declares it does, read from the recipe itself: the PS3.16 CID 7050 code meanings its last
    /// <c>ADD DeidentificationMethod</c> writes (the shipped profile recipes write "Basic Application Confidentiality Profile" and
    /// their option). A recipe declares the profile when that value is made only of CID 7050 meanings, the Basic Profile's
    /// among them; any other text (the default recipe's "Deid.PowerShell default recipe", a user's own words) declares nothing,
    /// so such recipes are written exactly as deid writes them.
    /// </summary>
    internal sealed class ProfileClaim
    {
        private static readonly DicomTag DeidentificationMethod = new DicomTag(0x0012, 0x0063);

        private ProfileClaim(string method, IReadOnlyList<DeidentificationMethodCode> codes, DeidRecipe recipe)
        {
            Method = method;
            Codes = codes;
            Options = ToOptions(codes);
            foreach (var a in recipe.Header)
            {
                if (a.Action == HeaderActionKind.Jitter) Jitters.Add(a);
                else if (a.Action == HeaderActionKind.Keep && KeepsDate(a.Field)) KeepsDates = true;
            }
        }

        /// <summary>The De-identification Method text the recipe adds (values separated by backslashes).</summary>
        public string Method { get; }

        /// <summary>The CID 7050 codes of <see cref="Method"/>, in its order.</summary>
        public IReadOnlyList<DeidentificationMethodCode> Codes { get; }

        /// <summary>The options of Table E.3.4-1 the claim names.</summary>
        public ProfileOptions Options { get; }

        /// <summary>The recipe's JITTER actions: dates shifted.</summary>
        internal List<HeaderAction> Jitters { get; } = new List<HeaderAction>();

        /// <summary>True when the recipe KEEPs a date attribute (DA or DT): dates retained.</summary>
        internal bool KeepsDates { get; }

        /// <summary>The claim of <paramref name="recipe"/>, or null when it declares no PS3.15 profile.</summary>
        public static ProfileClaim? FromRecipe(DeidRecipe recipe)
        {
            if (recipe == null) throw new ArgumentNullException(nameof(recipe));
            HeaderAction? last = null;
            foreach (var a in recipe.Header)
            {
                if (a.Action == HeaderActionKind.Add && a.Value != null && a.Value.Kind == ActionValueKind.Literal && IsMethodField(a.Field)) last = a;
            }
            if (last == null) return null;
            var codes = new List<DeidentificationMethodCode>();
            bool basic = false;
            foreach (var part in last.Value!.Text.Split('\\'))
            {
                if (!DeidentificationMethodCodes.TryGetByMeaning(part, out var code)) return null;
                if (code.Value == DeidentificationMethodCodes.BasicProfile) basic = true;
                if (!codes.Exists(c => c.Value == code.Value)) codes.Add(code);
            }
            return basic ? new ProfileClaim(last.Value.Text, codes, recipe) : null;
        }

        private static bool IsMethodField(FieldSpec field) =>
            field.Text == "DeidentificationMethod" || (field.Tag.HasValue && field.Tag.Value == DeidentificationMethod);

        private static bool KeepsDate(FieldSpec field)
        {
            DicomTag tag;
            if (field.Tag.HasValue) tag = field.Tag.Value;
            else if (!DicomDictionary.TryGetTag(field.Text, out tag)) return false;
            var vr = DicomDictionary.GetVR(tag);
            return vr == DicomVR.DA || vr == DicomVR.DT;
        }

        private static ProfileOptions ToOptions(IReadOnlyList<DeidentificationMethodCode> codes)
        {
            var options = ProfileOptions.None;
            foreach (var c in codes)
            {
                options |= c.Value switch
                {
                    "113105" => ProfileOptions.CleanDescriptors,
                    "113106" => ProfileOptions.RetainLongitudinalFullDates,
                    "113107" => ProfileOptions.RetainLongitudinalModifiedDates,
                    "113108" => ProfileOptions.RetainPatientCharacteristics,
                    "113109" => ProfileOptions.RetainDeviceIdentity,
                    "113110" => ProfileOptions.RetainUids,
                    "113112" => ProfileOptions.RetainInstitutionIdentity,
                    _ => ProfileOptions.None,
                };
            }
            return options;
        }

        /// <summary>
        /// Longitudinal Temporal Information Modified (0028,0303) as the recipe treats dates for a file with these
        /// <paramref name="variables"/>: MODIFIED when it shifts them by a number of days other than 0 (a JITTER whose variable
        /// is missing shifts nothing: UNMODIFIED), UNMODIFIED when it keeps them, REMOVED when it replaces or removes them.
        /// </summary>
        public string Temporal(IReadOnlyDictionary<string, object?> variables)
        {
            if (Jitters.Count > 0)
            {
                foreach (var j in Jitters)
                {
                    if (ShiftsDays(j.Value, variables)) return "MODIFIED";
                }
                return "UNMODIFIED";
            }
            return KeepsDates ? "UNMODIFIED" : "REMOVED";
        }

        private static bool ShiftsDays(ActionValue? value, IReadOnlyDictionary<string, object?> variables)
        {
            if (value == null) return false;
            object? days = value.Text;
            if (value.Kind == ActionValueKind.Variable && !variables.TryGetValue(value.Name ?? string.Empty, out days)) return false;
            if (value.Kind == ActionValueKind.Function || value.Kind == ActionValueKind.DeidFunction) return true;
            string? text = Convert.ToString(days, CultureInfo.InvariantCulture);
            return text != null && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) && d != 0;
        }
    }
}
