using System;
using System.Collections.Generic;

namespace Deid.Profile
{
    /// <summary>The option columns of PS3.15 Table E.3.4-1 that can change a content item's Basic Profile action.</summary>
    [Flags]
    internal enum ProfileOptions
    {
        None = 0,
        RetainUids = 1,
        RetainDeviceIdentity = 2,
        RetainInstitutionIdentity = 4,
        RetainPatientCharacteristics = 8,
        RetainLongitudinalFullDates = 16,
        RetainLongitudinalModifiedDates = 32,
        CleanDescriptors = 64,
    }

    /// <summary>What Table E.3.4-1 says to do with one content item: its action code (X, D, X/D, ..., K or C) and the row it came from.</summary>
    internal readonly struct StructuredContentAction
    {
        public StructuredContentAction(string code, string meaning)
        {
            Code = code;
            Meaning = meaning;
        }

        /// <summary>The action: a Basic Profile code (X, D, X/D, ...) or an option's K (keep) or C (clean).</summary>
        public string Code { get; }

        /// <summary>The row's code meaning, for messages.</summary>
        public string Meaning { get; }
    }

    /// <summary>
    /// PS3.15 Table E.3.4-1 (generated): content items by concept name code (coding scheme designator and code value, retired
    /// SNOMED designators SRT/SNM3/99SDM included as their own rows) and value type.
    /// </summary>
    internal static partial class StructuredContentTable
    {
        private static readonly ProfileOptions[] OptionColumns =
        {
            ProfileOptions.RetainUids, ProfileOptions.RetainDeviceIdentity, ProfileOptions.RetainInstitutionIdentity,
            ProfileOptions.RetainPatientCharacteristics, ProfileOptions.RetainLongitudinalFullDates,
            ProfileOptions.RetainLongitudinalModifiedDates, ProfileOptions.CleanDescriptors,
        };

        // Built on first use: the order in which the static fields of a partial class's files initialize is not defined.
        private static Dictionary<string, string[]>? _byKey;

        private static Dictionary<string, string[]> ByKey => _byKey ??= Index();

        // The rows of each concept name, whatever their value type.
        private static Dictionary<string, List<string[]>>? _byConcept;

        private static Dictionary<string, List<string[]>> ByConcept => _byConcept ??= IndexConcepts();

        private static Dictionary<string, List<string[]>> IndexConcepts()
        {
            var map = new Dictionary<string, List<string[]>>(StringComparer.Ordinal);
            foreach (var row in Rows)
            {
                string key = row[0].ToUpperInvariant() + "\u0001" + row[1];
                if (!map.TryGetValue(key, out var list)) map[key] = list = new List<string[]>();
                list.Add(row);
            }
            return map;
        }

        /// <summary>The number of rows (the retired designators counted).</summary>
        public static int Count => Rows.Length;

        private static Dictionary<string, string[]> Index()
        {
            var map = new Dictionary<string, string[]>(StringComparer.Ordinal);
            foreach (var row in Rows) map[Key(row[0], row[1], row[2])] = row;
            return map;
        }

        // A coding scheme designator is compared ignoring case: "dcm" is DCM as a writer meant it (leak QA 4: a Subject ID coded
        // (121030, dcm) was taken as not listed, cleaned as a descriptor, and an ID the header did not hold survived).
        private static string Key(string scheme, string value, string valueType) => scheme.ToUpperInvariant() + "\u0001" + value + "\u0001" + valueType;

        /// <summary>
        /// The action for a content item with concept name (<paramref name="scheme"/>, <paramref name="value"/>) and
        /// <paramref name="valueType"/> when <paramref name="options"/> apply: the first option with K or C in the row wins over the
        /// Basic Profile action (an option retains or cleans what the profile would remove). False when the table does not list it.
        /// </summary>
        /// <remarks>
        /// An item whose value type the table does not pair with its concept (a "Subject Name" written as TEXT, where the table
        /// lists PNAME) takes the most restrictive action of the concept's rows: its concept says what it holds, whatever type a
        /// writer gave it, and falling through to "not listed" kept any name the file held nowhere else.
        /// </remarks>
        public static bool TryGetAction(string scheme, string value, string valueType, ProfileOptions options, out StructuredContentAction action)
        {
            action = default;
            if (ByKey.TryGetValue(Key(scheme.Trim(), value.Trim(), valueType.Trim()), out var row))
            {
                action = new StructuredContentAction(CodeOf(row, options), row[3]);
                return true;
            }
            if (!ByConcept.TryGetValue(scheme.Trim().ToUpperInvariant() + "\u0001" + value.Trim(), out var rows)) return false;
            string[]? strictest = null;
            string strictestCode = string.Empty;
            foreach (var r in rows)
            {
                string code = CodeOf(r, options);
                if (strictest == null || Rank(code) > Rank(strictestCode))
                {
                    strictest = r;
                    strictestCode = code;
                }
            }
            action = new StructuredContentAction(strictestCode, strictest![3]);
            return true;
        }

        // The Basic Profile's code, or the first applying option's K or C.
        private static string CodeOf(string[] row, ProfileOptions options)
        {
            for (int i = 0; i < OptionColumns.Length; i++)
            {
                if ((options & OptionColumns[i]) != 0 && row[5 + i].Length > 0) return row[5 + i];
            }
            return row[4];
        }

        // How much of the item an action takes away: removal, a dummy, cleaning, keeping.
        private static int Rank(string code) => code == "X" ? 4 : code == "C" ? 2 : code == "K" ? 1 : 3;
    }
}
