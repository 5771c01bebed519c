using System;
using System.Collections.Generic;
using System.Collections.Specialized;
using System.Globalization;
using System.Linq;
using System.Text;

namespace Deid.Identifiers
{
    // The tables of a DicomIdentifiers print as what they hold, not as their type name, so that Export-Csv and string
    // conversions of a Get-DicomIdentifier result write readable text in the Fields, Variables, Values and FieldGroups columns.

    /// <summary>deid's fields keyed by tag path; prints as its count.</summary>
    internal sealed class IdentifierFieldTable : OrderedDictionary
    {
        // Sized for the fields it will hold: grown by rehashing from the default, its hashtable's buckets were the largest
        // single allocation of Get-DicomIdentifier (about 7 KB a small CT file of the 17 KB of buckets with the object's own).
        public IdentifierFieldTable(int capacity)
            : base(capacity, StringComparer.Ordinal)
        {
        }

        public override string ToString() => Count.ToString(CultureInfo.InvariantCulture) + (Count == 1 ? " field" : " fields");

        /// <summary>Whether <paramref name="text"/> is what <see cref="ToString"/> writes: a count and "field" or "fields".</summary>
        public static bool IsCountText(string text)
        {
            int space = text.IndexOf(' ');
            if (space <= 0) return false;
            for (int i = 0; i < space; i++)
            {
                if (text[i] < '0' || text[i] > '9') return false;
            }
            string word = text.Substring(space + 1);
            return word == "field" || word == "fields";
        }
    }

    /// <summary>
    /// The var: values of a file, names ignoring case; prints as <c>name=value; …</c> in name order, a backslash before a ';'
    /// or a backslash of a name or value, and a date as its round-trip form, so that the text reads back as the table
    /// (<see cref="Parse"/>: Export-Csv writes it, Import-Csv gives it back to Invoke-DeidReplace).
    /// </summary>
    internal sealed class VariableTable : Dictionary<string, object?>
    {
        public VariableTable()
            : base(StringComparer.OrdinalIgnoreCase)
        {
        }

        public override string ToString() =>
            string.Join("; ", this.OrderBy(kv => kv.Key, StringComparer.OrdinalIgnoreCase).Select(kv => Escape(kv.Key) + "=" + Escape(Text(kv.Value))));

        // A date as the round-trip form ("o"), which Parse turns back into a date: its text (01/02/2020 00:00:00) was written
        // into a DA as it stood (QA 2026-12-07), where the live value gives the date in the element's own form.
        private static string Text(object? value) =>
            value is DateTime d ? d.ToString("o", CultureInfo.InvariantCulture) : Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty;

        private static string Escape(string text) =>
            text.IndexOf('\\') < 0 && text.IndexOf(';') < 0 ? text : text.Replace("\\", "\\\\").Replace(";", "\\;");

        /// <summary>
        /// The variables <see cref="ToString"/> wrote, read back: each <c>name=value</c> part, split at a "; " that no backslash
        /// escapes (a value holding "; id=X" added a variable id: QA 2026-12-07), a date's round-trip form a date again. A part
        /// without '=' continues the value before it (text written before the escaping). Null when the text is not of that
        /// form (its first part has no name).
        /// </summary>
        public static Dictionary<string, object>? Parse(string text)
        {
            var parts = new List<string>();
            var part = new StringBuilder();
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                if (c == '\\' && i + 1 < text.Length && (text[i + 1] == '\\' || text[i + 1] == ';'))
                {
                    part.Append(text[++i]);
                    continue;
                }
                if (c == ';' && i + 1 < text.Length && text[i + 1] == ' ')
                {
                    parts.Add(part.ToString());
                    part.Clear();
                    i++;
                    continue;
                }
                part.Append(c);
            }
            parts.Add(part.ToString());
            var variables = new Dictionary<string, object>(StringComparer.OrdinalIgnoreCase);
            if (parts.Count == 1 && parts[0].Trim().Length == 0) return variables;
            string? current = null;
            foreach (string p in parts)
            {
                int equals = p.IndexOf('=');
                if (equals > 0)
                {
                    current = p.Substring(0, equals).Trim();
                    variables[current] = Value(p.Substring(equals + 1));
                }
                else if (current == null)
                {
                    return null;
                }
                else
                {
                    variables[current] = Convert.ToString(variables[current], CultureInfo.InvariantCulture) + "; " + p;
                }
            }
            return variables;
        }

        private static object Value(string text) =>
            text.Length >= 27 && text[4] == '-' && text[10] == 'T'
            && DateTime.TryParseExact(text, "o", CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var date) ? date : text;
    }

    /// <summary>What each %values or %fields group finds; prints as <c>group: a, b; …</c>.</summary>
    internal sealed class GroupTable : Dictionary<string, IReadOnlyList<string>>
    {
        public GroupTable()
            : base(StringComparer.Ordinal)
        {
        }

        public override string ToString() => string.Join("; ", this.Select(kv => kv.Key + ": " + string.Join(", ", kv.Value)));
    }
}
