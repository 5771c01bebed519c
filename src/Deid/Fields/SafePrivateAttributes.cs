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
        // Keyed by value tuples, not joined text: every private element of every file is judged, and a text key per element was
        // most of the allocation of REMOVE select:private:unsafe over a large private block.
        private static readonly Lazy<(Dictionary<(ushort, string, byte), string> Elements, HashSet<(ushort, string)> Creators)> Sets =
            new Lazy<(Dictionary<(ushort, string, byte), string>, HashSet<(ushort, string)>)>(Build);

        /// <summary>Number of rows of the table.</summary>
        public static int Count => Sets.Value.Elements.Count;

        /// <summary>True when the table lists element <paramref name="elementByte"/> of <paramref name="creator"/>'s block in <paramref name="group"/>.</summary>
        public static bool IsSafeElement(string creator, ushort group, byte elementByte) =>
            Sets.Value.Elements.ContainsKey((group, NormalizeCreator(creator), elementByte));

        /// <summary>
        /// The VR the table gives a safe element ("" where it gives none), or null when the table does not list it: what the
        /// element's value must look like to be the kind of value the table calls safe (see <see cref="PrivateSafety"/>).
        /// </summary>
        public static string? SafeVR(string creator, ushort group, byte elementByte) =>
            Sets.Value.Elements.TryGetValue((group, NormalizeCreator(creator), elementByte), out var vr) ? vr : null;

        /// <summary>True when the table lists any element of <paramref name="creator"/> in <paramref name="group"/>: its creator element is kept.</summary>
        public static bool IsSafeCreator(string creator, ushort group) => Sets.Value.Creators.Contains((group, NormalizeCreator(creator)));

        /// <summary>
        /// A creator as compared: exact (case-sensitive, as PS3.5 7.8.1 reserves blocks by the value), without the trailing spaces
        /// that pad LO values and the trailing NULs some writers pad with.
        /// </summary>
        public static string NormalizeCreator(string creator) => (creator ?? string.Empty).TrimEnd(' ', '\0');

        private static (Dictionary<(ushort, string, byte), string>, HashSet<(ushort, string)>) Build()
        {
            // Value tuples compare their strings ordinally (EqualityComparer<string>.Default).
            var elements = new Dictionary<(ushort, string, byte), string>();
            var creators = new HashSet<(ushort, string)>();
            foreach (var line in Table.Split('\n'))
            {
                if (line.Length == 0) continue;
                var parts = line.Split(new[] { '|' }, 4);
                ushort group = ushort.Parse(parts[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                byte element = byte.Parse(parts[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                creators.Add((group, parts[3]));
                elements[(group, parts[3], element)] = parts[2];
            }
            if (elements.Count != TableRowCount) throw new InvalidOperationException($"The safe private table has {elements.Count} distinct rows, expected {TableRowCount}.");
            return (elements, creators);
        }
    }
}
