using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;

namespace Deid.PowerShell
{
    /// <summary>
    /// Reads an identifier-shaped pipeline object: a Get-DicomIdentifier result after Export-Clixml/Import-Clixml, Start-Job or
    /// Invoke-Command (a PSObject typed <c>Deserialized.Deid.Identifiers.DicomIdentifiers</c>), or any object whose Variables
    /// property holds a Hashtable, dictionary or PSCustomObject. Such an object is bound by property name: its Path is the file
    /// and its Variables are the file's variables, exactly as for a live DicomIdentifiers; its other properties (Fields, the
    /// keyword columns) are not variables.
    /// </summary>
    internal static class IdentifierInput
    {
        private const string DeserializedTypeName = "Deserialized.Deid.Identifiers.DicomIdentifiers";

        /// <summary>True when <paramref name="input"/> is identifier-shaped; then <paramref name="path"/> (null when it has none) and its variables are read.</summary>
        public static bool TryRead(PSObject input, out string? path, out Dictionary<string, object?> variables)
        {
            variables = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
            path = null;
            bool deserialized = input.TypeNames.Contains(DeserializedTypeName);
            object? raw = Value(input, "Variables");
            if (!deserialized && !IsTable(raw)) return false;
            path = (Value(input, "Path") ?? Value(input, "FullName"))?.ToString();
            Read(raw, variables);
            return true;
        }

        /// <summary>
        /// A hashtable row: an identifier object read back as one (<c>ConvertFrom-Json -AsHashtable</c>), whose Variables key
        /// holds a table, gives its Path and that table, as a live object does; any other hashtable gives its Path (or
        /// FullName) and its other keys as variables.
        /// </summary>
        public static void ReadDictionary(IDictionary table, out string? path, out Dictionary<string, object?> variables)
        {
            variables = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
            path = null;
            object? nested = null;
            foreach (DictionaryEntry entry in table)
            {
                string name = entry.Key?.ToString() ?? string.Empty;
                if (name.Equals("Variables", StringComparison.OrdinalIgnoreCase) && IsTable(entry.Value)) nested = entry.Value;
            }
            foreach (DictionaryEntry entry in table)
            {
                string name = entry.Key?.ToString() ?? string.Empty;
                object? value = VariableValue(entry.Value);
                if (IsPathName(name))
                {
                    path ??= value?.ToString();
                    continue;
                }
                if (nested == null) variables[name] = value;
            }
            if (nested != null) Read(nested, variables);
        }

        /// <summary>
        /// The PSPath an object names its file by (Get-ChildItem's objects and the module's own results carry one; an object made
        /// by a script may carry only that), provider-qualified as it is: the file resolver reads such a path, and refuses one
        /// of another provider, as for -LiteralPath. Null when it has none.
        /// </summary>
        public static string? ProviderPath(PSObject input)
        {
            string? text = Value(input, "PSPath")?.ToString();
            return string.IsNullOrEmpty(text) ? null : text;
        }

        /// <summary>
        /// What an input that cannot be used is, for an error record's target: its type and how many properties (or keys) it has,
        /// never their values — and not their names either: a crosswalk read without its header row has the first row's values
        /// (a name, an ID) as property names, and deid's ids table has file paths, often named after patients, as keys. The input
        /// itself holds originals, and an error's target goes wherever the error does: $Error, transcripts, JSON sent to central
        /// logging (QA).
        /// </summary>
        public static string Shape(PSObject input)
        {
            object baseObject = input.BaseObject;
            if (baseObject is IDictionary table) return $"{baseObject.GetType().Name} with {table.Count} key(s)";
            int count = 0;
            foreach (var _ in input.Properties) count++;
            return $"{(baseObject is PSCustomObject ? "PSCustomObject" : baseObject.GetType().Name)} with {count} propert{(count == 1 ? "y" : "ies")}";
        }

        /// <summary>Whether a column, property or key named <paramref name="name"/> names the file a row is for: Path or FullName.</summary>
        public static bool IsPathName(string name) =>
            name.Equals("Path", StringComparison.OrdinalIgnoreCase) || name.Equals("FullName", StringComparison.OrdinalIgnoreCase);

        private static object? Value(PSObject input, string name)
        {
            var property = input.Properties[name];
            if (property == null || !property.IsGettable) return null;
            try
            {
                return property.Value;
            }
            catch (GetValueException)
            {
                return null;
            }
        }

        private static bool IsTable(object? raw) =>
            raw is IDictionary || (raw is PSObject p && (p.BaseObject is IDictionary || p.BaseObject is PSCustomObject));

        private static void Read(object? raw, Dictionary<string, object?> into)
        {
            object? table = raw is PSObject p && !(p.BaseObject is PSCustomObject) ? p.BaseObject : raw;
            if (table is IDictionary dictionary)
            {
                foreach (DictionaryEntry e in dictionary) into[e.Key?.ToString() ?? string.Empty] = VariableValue(e.Value);
            }
            else if (table is PSObject custom)
            {
                foreach (var property in custom.Properties)
                {
                    if (property.IsGettable) into[property.Name] = VariableValue(property.Value);
                }
            }
        }

        /// <summary>
        /// A variable's value as the engine takes it (one that went through serialization and came back as a PSObject around a
        /// primitive is that primitive; a func: ScriptBlock comes back as its text and cannot be called). PowerShell wraps values
        /// in PSObjects at the top and inside lists
        /// (<c>@(Get-Content names.txt)</c>, a list built in a pipeline), and the engine tells text, numbers and dates from
        /// objects by their own types: a list of [pscustomobject]s was written as "@{a=1}\@{b=2}" (QA, 2026-12-07). An object
        /// stays what it is (a PSCustomObject), for the engine to refuse with a warning.
        /// </summary>
        public static object? VariableValue(object? value)
        {
            if (value is PSObject p) value = p.BaseObject;
            if (!(value is IList list) || value is byte[] || value is string) return value;
            object?[]? unwrapped = null;
            for (int i = 0; i < list.Count; i++)
            {
                if (!(list[i] is PSObject item)) continue;
                if (unwrapped == null)
                {
                    unwrapped = new object?[list.Count];
                    list.CopyTo(unwrapped, 0);
                }
                unwrapped[i] = item.BaseObject;
            }
            return unwrapped ?? value;
        }
    }
}
