using System;
using System.Collections.Generic;
using System.Globalization;
using Deid.Dicom;

namespace Deid.Fields
{
    /// <summary>
    /// Which tags an exact field text names, decided once per recipe field instead of once per element of every file: deid's exact
    /// lookup compares the text with each element's nested keyword path, "(gggg,eeee)", "ggggeeee", dictionary name, keyword, tag
    /// path and private creator syntax (<see cref="FieldMatcher.MatchesExactly"/>). For a text without "__" (no nested path can equal
    /// it) and without quotes or brackets (no private creator syntax or private element name can), every one of those names is a
    /// function of the tag alone, so the text selects exactly the elements whose tag is in a set known from the dictionary.
    /// </summary>
    internal static class ExactTagResolver
    {
        // Dictionary keywords and whitespace-free names, compared ignoring case (deid lower-cases both sides), to the tags they name;
        // null marks a name a repeating-group row also has (its tags are a pattern, not a list: left to the per-element lookup).
        private static readonly Lazy<Dictionary<string, List<uint>?>> Names = new Lazy<Dictionary<string, List<uint>?>>(BuildNames);

        /// <summary>
        /// The tags, ascending, whose elements <paramref name="text"/> selects under deid's exact lookup wherever they are; null when the
        /// text may also name an element by something other than its tag (a nested path, a private creator or private name, a
        /// repeating-group name), so that the caller must compare names element by element.
        /// </summary>
        public static uint[]? Resolve(string text)
        {
            if (text.Length == 0 || text.IndexOf(FieldPath.Separator, StringComparison.Ordinal) >= 0) return null;
            foreach (char c in text)
            {
                // Quotes: private creator syntax; brackets: a known private element's name ("[Name]"); whitespace: "Private
                // Creator", "Private tag data" and every other name with a space (the recipe parser refuses such fields anyway).
                if (c == '"' || c == '[' || c == ']' || char.IsWhiteSpace(c) || c >= 0x80) return null;
            }
            var tags = new List<uint>(1);
            if (TryParseTagString(text, out uint tag)) tags.Add(tag);
            if (text.Length == 8 && uint.TryParse(text, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out uint bare)) tags.Add(bare);
            if (Names.Value.TryGetValue(text, out var named))
            {
                if (named == null) return null;
                tags.AddRange(named);
            }
            tags.Sort();
            for (int i = tags.Count - 1; i > 0; i--)
            {
                if (tags[i] == tags[i - 1]) tags.RemoveAt(i);
            }
            return tags.ToArray();
        }

        // "(gggg,eeee)" in any case: Tag.ToString() of the element, which is also its top-level tag path.
        private static bool TryParseTagString(string text, out uint tag)
        {
            tag = 0;
            if (text.Length != 11 || text[0] != '(' || text[5] != ',' || text[10] != ')') return false;
            if (!ushort.TryParse(text.Substring(1, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out ushort group)
                || !ushort.TryParse(text.Substring(6, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out ushort element)) return false;
            tag = ((uint)group << 16) | element;
            return true;
        }

        private static Dictionary<string, List<uint>?> BuildNames()
        {
            var names = new Dictionary<string, List<uint>?>(LowerInvariantComparer.Instance);
            foreach (var entry in DicomDictionary.Entries)
            {
                if (entry.IsRepeating)
                {
                    // pydicom gives repeating-group elements no keyword, but their name (DeidField.NameOf): any text equal to it
                    // names a whole family of tags.
                    if (IsMatchable(entry.Name)) names[entry.Name] = null;
                    continue;
                }
                // A row's own keyword and name, as DeidField.KeywordOf and NameOf give them for its tag.
                Add(names, entry.Keyword, entry.Tag.Value);
                Add(names, entry.Name, entry.Tag.Value);
            }
            return names;
        }

        private static bool IsMatchable(string name)
        {
            if (name.Length == 0) return false;
            foreach (char c in name)
            {
                if (char.IsWhiteSpace(c)) return false;
            }
            return true;
        }

        private static void Add(Dictionary<string, List<uint>?> names, string name, uint tag)
        {
            if (!IsMatchable(name)) return;
            if (names.TryGetValue(name, out var list))
            {
                if (list != null && !list.Contains(tag)) list.Add(tag);
                return;
            }
            names[name] = new List<uint>(1) { tag };
        }
    }
}
