using System;
using System.Collections.Generic;
using System.Collections.Specialized;
using System.Globalization;
using System.Linq;

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
    }

    /// <summary>The var: values of a file, names ignoring case; prints as <c>name=value; …</c> in name order.</summary>
    internal sealed class VariableTable : Dictionary<string, object?>
    {
        public VariableTable()
            : base(StringComparer.OrdinalIgnoreCase)
        {
        }

        public override string ToString() =>
            string.Join("; ", this.OrderBy(kv => kv.Key, StringComparer.OrdinalIgnoreCase).Select(kv => kv.Key + "=" + Convert.ToString(kv.Value, CultureInfo.InvariantCulture)));

        /// <summary>
        /// The variables <see cref="ToString"/> wrote (what Export-Csv puts in a Variables column), read back: each
        /// <c>name=value</c> part; a part without '=' continues the value before it (a value that held "; "). Null when the
        /// text is not of that form (its first part has no name).
        /// </summary>
        public static Dictionary<string, string>? Parse(string text)
        {
            var variables = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            if (text.Trim().Length == 0) return variables;
            string? current = null;
            foreach (string part in text.Split(new[] { "; " }, StringSplitOptions.None))
            {
                int equals = part.IndexOf('=');
                if (equals > 0)
                {
                    current = part.Substring(0, equals).Trim();
                    variables[current] = part.Substring(equals + 1);
                }
                else if (current == null)
                {
                    return null;
                }
                else
                {
                    variables[current] += "; " + part;
                }
            }
            return variables;
        }
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
