using System;
using System.Collections.Generic;

namespace Deid.Dicom
{
    /// <summary>
    /// A Person Name (PN) value split as PS3.5 §6.2.1 defines it: up to three component groups (alphabetic, ideographic,
    /// phonetic) separated by '=', each of up to five components (family, given, middle, prefix, suffix) separated by '^'.
    /// </summary>
    public sealed class DicomPersonName
    {
        private DicomPersonName(string text, string[][] groups)
        {
            Text = text;
            Groups = groups;
        }

        /// <summary>The value as written (decoded text).</summary>
        public string Text { get; }

        /// <summary>The component groups, each a list of components.</summary>
        public IReadOnlyList<IReadOnlyList<string>> Groups { get; }

        /// <summary>Family name of the alphabetic group.</summary>
        public string FamilyName => Component(0, 0);

        /// <summary>Given name of the alphabetic group.</summary>
        public string GivenName => Component(0, 1);

        /// <summary>Middle name of the alphabetic group.</summary>
        public string MiddleName => Component(0, 2);

        /// <summary>Name prefix of the alphabetic group.</summary>
        public string NamePrefix => Component(0, 3);

        /// <summary>Name suffix of the alphabetic group.</summary>
        public string NameSuffix => Component(0, 4);

        /// <summary>The ideographic group as written (e.g. kanji), or empty.</summary>
        public string Ideographic => Group(1);

        /// <summary>The phonetic group as written (e.g. hiragana), or empty.</summary>
        public string Phonetic => Group(2);

        /// <summary>Component <paramref name="component"/> of group <paramref name="group"/>, or empty.</summary>
        public string Component(int group, int component) =>
            group < Groups.Count && component < Groups[group].Count ? Groups[group][component] : string.Empty;

        private string Group(int group) => group < Groups.Count ? string.Join("^", Groups[group]) : string.Empty;

        /// <summary>Splits one PN value (a single value, not a backslash-separated list).</summary>
        public static DicomPersonName Parse(string text)
        {
            if (text == null) throw new ArgumentNullException(nameof(text));
            var groupTexts = text.Split('=');
            var groups = new string[Math.Min(groupTexts.Length, 3)][];
            for (int g = 0; g < groups.Length; g++) groups[g] = groupTexts[g].Split('^');
            return new DicomPersonName(text, groups);
        }

        /// <summary>The value as written.</summary>
        public override string ToString() => Text;
    }
}
