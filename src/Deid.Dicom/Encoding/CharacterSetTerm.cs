using System;
using System.Collections.Generic;

namespace Deid.Dicom
{
    /// <summary>
    /// One defined term of Specific Character Set (0008,0005) (PS3.3 Tables C.12-2 to C.12-5): the code elements it
    /// brings, or the code page of a stand-alone multi-byte encoding that allows no code extensions.
    /// </summary>
    internal sealed class CharacterSetTerm
    {
        private static readonly Dictionary<string, CharacterSetTerm> Known = BuildKnown();

        private CharacterSetTerm(string term, CodeElement? g0, CodeElement? g1, int codePage)
        {
            Term = term;
            G0 = g0;
            G1 = g1;
            CodePage = codePage;
        }

        /// <summary>The defined term, spelt as the standard spells it.</summary>
        public string Term { get; }

        /// <summary>The G0 element the term designates, or null when it only brings a G1 element.</summary>
        public CodeElement? G0 { get; }

        /// <summary>The G1 element the term designates, or null for ASCII and the two-byte G0 sets.</summary>
        public CodeElement? G1 { get; }

        /// <summary>For ISO_IR 192, GB18030 and GBK, the code page that decodes whole values; otherwise 0.</summary>
        public int CodePage { get; }

        /// <summary>True for the encodings that cannot be combined with code extensions (PS3.5 §6.1.2.5.4 d).</summary>
        public bool IsStandAlone => CodePage != 0;

        /// <summary>True for the "ISO 2022 ..." spellings, which announce code extensions even as the only value.</summary>
        public bool IsIso2022Form => Term.StartsWith("ISO 2022", StringComparison.Ordinal);

        /// <summary>Returns the term for an exact defined term, or null.</summary>
        public static CharacterSetTerm? Find(string term) => Known.TryGetValue(term, out var t) ? t : null;

        /// <summary>
        /// Repairs the misspellings pydicom repairs ("ISO IR 100", "ISO-IR 144" for ISO_IR; "ISO_2022-IR 100" for
        /// ISO 2022 IR), and wrong letter case; returns null when the repaired term is not defined either.
        /// </summary>
        public static CharacterSetTerm? FindCorrected(string term)
        {
            string? patched = null;
            if (term.Length > 6 && term.StartsWith("ISO", StringComparison.Ordinal) && term[3] != '_' && string.CompareOrdinal(term, 4, "IR", 0, 2) == 0)
            {
                patched = "ISO_IR" + term.Substring(6);
            }
            else if (term.Length > 12 && term.StartsWith("ISO", StringComparison.Ordinal) && string.CompareOrdinal(term, 4, "2022", 0, 4) == 0
                && string.CompareOrdinal(term, 9, "IR", 0, 2) == 0 && !term.StartsWith("ISO 2022 IR ", StringComparison.Ordinal))
            {
                patched = "ISO 2022 IR " + term.Substring(12);
            }

            if (patched != null) return Find(patched);
            foreach (var known in Known.Values)
            {
                if (known.Term.Length > 0 && string.Equals(known.Term, term, StringComparison.OrdinalIgnoreCase)) return known;
            }

            return null;
        }

        /// <summary>
        /// A term that names an encoding as Python does (<c>UTF-8</c>, <c>GB2312</c>, <c>latin_1</c>): read by that encoding's code
        /// page, as pydicom reads it (its <c>codecs.lookup</c> fallback), rather than as the default repertoire, which decoded a
        /// Chinese or UTF-8 file's text as Latin-1 and, once a new value switched the file to UTF-8, wrote that misreading into
        /// every element (charset QA 2026-12-06, F1). Null when no such encoding exists.
        /// </summary>
        public static CharacterSetTerm? FindEncodingName(string term)
        {
            int codePage = CodePages.FindByName(term);
            return codePage == 0 ? null : new CharacterSetTerm(term, null, null, codePage);
        }

        private static Dictionary<string, CharacterSetTerm> BuildKnown()
        {
            var known = new Dictionary<string, CharacterSetTerm>(StringComparer.Ordinal);
            void Add(string term, CodeElement? g0, CodeElement? g1, int codePage = 0) => known.Add(term, new CharacterSetTerm(term, g0, g1, codePage));
            void Both(string number, CodeElement? g0, CodeElement g1)
            {
                Add("ISO_IR " + number, g0, g1);
                Add("ISO 2022 IR " + number, g0, g1);
            }

            Add("", CodeElement.Ascii, null);
            Add("ISO_IR 6", CodeElement.Ascii, null); // not a defined term, but common and what pydicom accepts
            Add("ISO 2022 IR 6", CodeElement.Ascii, null);
            Both("100", CodeElement.Ascii, CodeElement.Latin1);
            Both("101", CodeElement.Ascii, CodeElement.Latin2);
            Both("109", CodeElement.Ascii, CodeElement.Latin3);
            Both("110", CodeElement.Ascii, CodeElement.Latin4);
            Both("126", CodeElement.Ascii, CodeElement.Greek);
            Both("127", CodeElement.Ascii, CodeElement.Arabic);
            Both("138", CodeElement.Ascii, CodeElement.Hebrew);
            Both("144", CodeElement.Ascii, CodeElement.Cyrillic);
            Both("148", CodeElement.Ascii, CodeElement.Latin5);
            Both("166", CodeElement.Ascii, CodeElement.Thai);
            Both("203", CodeElement.Ascii, CodeElement.Latin9);
            Both("13", CodeElement.JisRoman, CodeElement.JisKatakana);
            Add("ISO 2022 IR 87", CodeElement.JisX0208, null);
            Add("ISO 2022 IR 159", CodeElement.JisX0212, null);
            Add("ISO 2022 IR 149", null, CodeElement.KsX1001);
            Add("ISO 2022 IR 58", null, CodeElement.Gb2312);
            Add("ISO 2022 58", null, CodeElement.Gb2312); // spelling of CP 1234's draft, accepted by pydicom
            Add("ISO_IR 192", null, null, 65001);
            Add("GB18030", null, null, 54936);
            Add("GBK", null, null, 936);
            Add("ISO 2022 GBK", null, null, 936); // as "ISO 2022 58"
            return known;
        }
    }
}
