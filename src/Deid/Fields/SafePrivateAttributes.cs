using System;
using System.Collections.Generic;
using System.Globalization;

namespace Deid.Fields
{
    /// <summary>
    /// PS3.15 Table E.3.10-1, the private attributes the Retain Safe Private Option keeps: a private creator, its group and the
    /// element within the block (the low byte), in whichever block the creator occupies in a given file. Read once from the
    /// generated <c>Table</c> (tools/Generate-SafePrivateTable.ps1).
    /// </summary>
    internal static partial class SafePrivateAttributes
    {
        private static readonly Lazy<(HashSet<string> Elements, HashSet<string> Creators)> Sets = new Lazy<(HashSet<string>, HashSet<string>)>(Build);

        /// <summary>Number of rows of the table.</summary>
        public static int Count => Sets.Value.Elements.Count;

        /// <summary>True when the table lists element <paramref name="elementByte"/> of <paramref name="creator"/>'s block in <paramref name="group"/>.</summary>
        public static bool IsSafeElement(string creator, ushort group, byte elementByte) =>
            Sets.Value.Elements.Contains(Key(group, NormalizeCreator(creator)) + "|" + elementByte.ToString("X2", CultureInfo.InvariantCulture));

        /// <summary>True when the table lists any element of <paramref name="creator"/> in <paramref name="group"/>: its creator element is kept.</summary>
        public static bool IsSafeCreator(string creator, ushort group) => Sets.Value.Creators.Contains(Key(group, NormalizeCreator(creator)));

        /// <summary>
        /// A creator as compared: exact (case-sensitive, as PS3.5 7.8.1 reserves blocks by the value), without the trailing spaces
        /// that pad LO values and the trailing NULs some writers pad with.
        /// </summary>
        public static string NormalizeCreator(string creator) => (creator ?? string.Empty).TrimEnd(' ', '\0');

        private static string Key(ushort group, string creator) => group.ToString("X4", CultureInfo.InvariantCulture) + "|" + creator;

        private static (HashSet<string>, HashSet<string>) Build()
        {
            var elements = new HashSet<string>(StringComparer.Ordinal);
            var creators = new HashSet<string>(StringComparer.Ordinal);
            foreach (var line in Table.Split('\n'))
            {
                if (line.Length == 0) continue;
                var parts = line.Split(new[] { '|' }, 4);
                ushort group = ushort.Parse(parts[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                string creator = Key(group, parts[3]);
                creators.Add(creator);
                elements.Add(creator + "|" + parts[1]);
            }
            if (elements.Count != TableRowCount) throw new InvalidOperationException($"The safe private table has {elements.Count} distinct rows, expected {TableRowCount}.");
            return (elements, creators);
        }
    }
}
