using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace Deid.Dicom
{
    /// <summary>
    /// The character set named by Specific Character Set (0008,0005): decodes and encodes the values of SH, LO, ST, LT,
    /// PN, UC and UT, including the ISO 2022 code extensions of PS3.5 §6.1.2.5 (Japanese, Korean, Chinese, and switching
    /// between single-byte sets). Instances are immutable, shared and thread-safe.
    /// </summary>
    /// <remarks>
    /// Decoding follows pydicom wherever PS3.5 leaves room: bytes above 0x7F with no set to read them decode as Latin-1,
    /// bad bytes become U+FFFD and nothing throws. In values with code extensions the state returns to the initial set
    /// (value 1) at every control character other than ESC, at the backslash between values (not in LT, ST, UT) and,
    /// in PN, at '^' and '='; delimiters are recognized only in single-byte code, never inside a two-byte character.
    /// </remarks>
    public sealed partial class DicomCharacterSet
    {
        private const byte Esc = 0x1B;
        private const int StackLimit = 256;
        private const int CacheLimit = 256;

        private static readonly System.Text.Encoding Latin1 = CodePages.Get(28591);
        private static readonly ConcurrentDictionary<string, DicomCharacterSet> ByTerms = new ConcurrentDictionary<string, DicomCharacterSet>(StringComparer.Ordinal);
        // The value is a class, not a tuple: .NET precompiles ConcurrentDictionary over reference types only (see HotPath).
        private static readonly ConcurrentDictionary<string, Resolution> ByValues =
            new ConcurrentDictionary<string, Resolution>(StringComparer.Ordinal);

        private readonly Mode _mode;
        private readonly string _name;
        private readonly CodeElement _initialG0;
        private readonly CodeElement? _initialG1;
        private readonly CodeElement[] _designatable; // every element an escape sequence may switch to
        private readonly CodeElement[] _writable;     // the elements the encoder may switch to, in order of preference
        private readonly System.Text.Encoding? _wholeValueEncoding;

        private DicomCharacterSet(CharacterSetTerm[] terms, string[] names, string key)
        {
            Terms = names;
            _name = key.Length == 0 ? "ISO_IR 6" : key;

            var first = terms[0];
            _initialG0 = first.G0 != null && first.G0.Kind == CodeElementKind.G0Single ? first.G0 : CodeElement.Ascii;
            _initialG1 = first.G1;
            if (first.IsStandAlone)
            {
                _mode = Mode.WholeValue;
                _wholeValueEncoding = CodePages.Get(first.CodePage);
                IsUtf8 = first.CodePage == 65001;
            }
            else
            {
                _mode = terms.Length > 1 || first.IsIso2022Form ? Mode.Iso2022 : Mode.SingleByte;
            }

            var designatableList = new List<CodeElement> { CodeElement.Ascii };
            var writableList = new List<CodeElement>();
            foreach (var term in terms)
            {
                AddOnce(designatableList, term.G0);
                AddOnce(designatableList, term.G1);
                AddOnce(writableList, term.G1);
                if (term.G0 != null && term.G0.IsDoubleByte) AddOnce(writableList, term.G0);
            }

            _designatable = designatableList.ToArray();
            _writable = writableList.ToArray();
        }

        private enum Mode
        {
            SingleByte, // one non-ISO 2022 single-byte term (or none): every byte is one character
            Iso2022,    // code extensions: escape sequences switch G0 and G1
            WholeValue, // UTF-8, GB18030, GBK: a code page decodes the whole value
        }

        /// <summary>The default repertoire, ISO-IR 6 (no or an empty Specific Character Set).</summary>
        public static DicomCharacterSet Default { get; } = Create(new[] { CharacterSetTerm.Find("")! });

        /// <summary>ISO_IR 192, UTF-8: the set to switch to when a value cannot be encoded in the dataset's set.</summary>
        public static DicomCharacterSet Utf8 { get; } = Create(new[] { CharacterSetTerm.Find("ISO_IR 192")! });

        /// <summary>The defined terms in effect, spelt as the standard spells them; empty for <see cref="Default"/>.</summary>
        public IReadOnlyList<string> Terms { get; }

        /// <summary>True for ISO_IR 192, where a value is UTF-8 and the encoding can represent any text.</summary>
        public bool IsUtf8 { get; }

        /// <summary>
        /// True when every byte decodes to one character and bytes below 0x80 are ASCII: the default repertoire and the
        /// single-byte sets written without code extensions (ISO_IR 100, ISO_IR 144, ISO_IR 13, ...).
        /// </summary>
        public bool IsAsciiCompatibleSingleByte => _mode == Mode.SingleByte;

        /// <summary>True when the set uses ISO 2022 code extensions: values may contain escape sequences.</summary>
        public bool UsesCodeExtensions => _mode == Mode.Iso2022;

        /// <summary>
        /// True when an escape sequence may switch G0 to a two-byte set (ISO 2022 IR 87, JIS X 0208; ISO 2022 IR 159,
        /// JIS X 0212): bytes 0x21–0x7E then come in pairs, each a character that is no ASCII text.
        /// </summary>
        public bool HasTwoByteG0 => Array.Exists(_designatable, e => e.Kind == CodeElementKind.G0Double);

        /// <summary>
        /// Returns the character set for the values of (0008,0005), e.g. <c>["", "ISO 2022 IR 87"]</c>, <c>["ISO_IR 192"]</c>.
        /// Never throws for bad values: misspelt terms are corrected, an unknown value 1 falls back to the default
        /// repertoire, unknown or misplaced extension terms are dropped, each with a warning, as pydicom does.
        /// </summary>
        /// <param name="specificCharacterSetValues">The values of (0008,0005); padding around each is ignored.</param>
        /// <param name="warnings">What was corrected or ignored; empty when the values were valid.</param>
        [MethodImpl(HotPath.Optimized)]
        public static DicomCharacterSet FromTerms(IReadOnlyList<string> specificCharacterSetValues, out IReadOnlyList<string> warnings)
        {
            if (specificCharacterSetValues == null) throw new ArgumentNullException(nameof(specificCharacterSetValues));
            warnings = Array.Empty<string>();
            int count = specificCharacterSetValues.Count;
            if (count == 0) return Default;

            string key = count == 1 ? Trim(specificCharacterSetValues[0]) : JoinTrimmed(specificCharacterSetValues);
            if (ByValues.TryGetValue(key, out var cached))
            {
                warnings = cached.Warnings;
                return cached.Set;
            }

            var messages = new List<string>();
            var set = Create(Resolve(specificCharacterSetValues, messages));
            var warningArray = messages.Count == 0 ? Array.Empty<string>() : messages.ToArray();
            if (ByValues.Count < CacheLimit) ByValues.TryAdd(key, new Resolution(set, warningArray));
            warnings = warningArray;
            return set;
        }

        /// <summary>
        /// Decodes a whole element value, backslash-separated values included; trims nothing (callers trim padding).
        /// VRs other than SH, LO, ST, LT, PN, UC and UT are in the default repertoire whatever the set, and decode as
        /// ASCII with Latin-1 for bytes above 0x7F, as pydicom decodes them.
        /// </summary>
        [MethodImpl(HotPath.Optimized)]
        public string Decode(ReadOnlySpan<byte> value, DicomVR vr)
        {
            if (value.IsEmpty) return string.Empty;
            if (!vr.UsesSpecificCharacterSet) return DecodeLatin1(value);
            switch (_mode)
            {
                case Mode.SingleByte:
                    return DecodeSingleByte(value);
                case Mode.WholeValue:
                    return IsAscii(value) ? DecodeLatin1(value) : DecodeWholeValue(value);
                default:
                    // Without an escape sequence the initial set holds throughout, so delimiters need no attention.
                    if ((_initialG1 == null || !_initialG1.IsDoubleByte) && value.IndexOf(Esc) < 0) return DecodeSingleByte(value);
                    return DecodeIso2022(value, vr);
            }
        }

        /// <summary>
        /// Encodes text for an element value. The result decodes back to <paramref name="text"/>. With code extensions,
        /// escape sequences switch to the sets that hold the characters and the initial set is restored before every
        /// delimiter and at the end, as PS3.5 §6.1.2.5.3 requires.
        /// </summary>
        /// <exception cref="ArgumentException">A character is not in the set (or, for VRs outside the Specific Character
        /// Set's reach, not ASCII); the message names it. The caller may switch the dataset to <see cref="Utf8"/>.</exception>
        public byte[] Encode(string text, DicomVR vr)
        {
            if (text == null) throw new ArgumentNullException(nameof(text));
            var bytes = TryEncode(text, vr, out int bad);
            if (bytes != null) return bytes;

            int codePoint = char.IsHighSurrogate(text[bad]) && bad + 1 < text.Length && char.IsLowSurrogate(text[bad + 1])
                ? char.ConvertToUtf32(text[bad], text[bad + 1])
                : text[bad];
            string shown = codePoint < 0x20 || (codePoint >= 0xD800 && codePoint <= 0xDFFF) ? string.Empty : "'" + char.ConvertFromUtf32(codePoint) + "' ";
            string where = vr.UsesSpecificCharacterSet ? "Specific Character Set " + _name : "the default repertoire of VR " + vr;
            throw new ArgumentException(
                string.Format(CultureInfo.InvariantCulture, "Character {0}(U+{1:X4}) at index {2} cannot be encoded in {3}.", shown, codePoint, bad, where),
                nameof(text));
        }

        /// <summary>True when <see cref="Encode"/> can write the text in an SH, LO, ST, LT, PN, UC or UT value.</summary>
        public bool CanEncode(string text) => CanEncode(text, DicomVR.LO);

        /// <summary>True when <see cref="Encode"/> can write the text in a value of the given VR.</summary>
        public bool CanEncode(string text, DicomVR vr)
        {
            if (text == null) throw new ArgumentNullException(nameof(text));
            return TryEncode(text, vr, out _) != null;
        }

        /// <summary>
        /// The bytes of <paramref name="text"/> as a writer that ignores PS3.5 §6.2.1's rule for a person name's first component
        /// group writes them (pydicom does: escape sequences and all), or null when the set cannot hold the text. Files from
        /// such writers hold names so; this is for searching bytes, where <see cref="Encode"/> is for writing them.
        /// </summary>
        public byte[]? EncodeForSearch(string text, DicomVR vr)
        {
            if (text == null) throw new ArgumentNullException(nameof(text));
            return TryEncode(text, vr, out _, alphabeticGroupRule: false);
        }

        /// <summary>The terms joined by backslashes, as (0008,0005) holds them; "ISO_IR 6" for the default.</summary>
        public override string ToString() => _name;

        // An empty value 1 and ISO_IR 6 alone name the default repertoire; ISO 2022 IR 6 also allows escape sequences.
        private static bool IsDefaultRepertoire(CharacterSetTerm[] terms) =>
            terms.Length == 1 && terms[0].G0 == CodeElement.Ascii && terms[0].G1 == null && !terms[0].IsIso2022Form;

        private static DicomCharacterSet Create(CharacterSetTerm[] terms)
        {
            var names = new string[terms.Length];
            for (int i = 0; i < terms.Length; i++) names[i] = terms[i].Term;
            if (IsDefaultRepertoire(terms)) names = Array.Empty<string>();
            string key = string.Join("\\", names);
            if (ByTerms.TryGetValue(key, out var set)) return set;
            set = new DicomCharacterSet(terms, names, key);
            return ByTerms.Count < CacheLimit ? ByTerms.GetOrAdd(key, set) : set;
        }

        private static CharacterSetTerm[] Resolve(IReadOnlyList<string> values, List<string> warnings)
        {
            var terms = new List<CharacterSetTerm>();
            for (int i = 0; i < values.Count; i++)
            {
                string value = Trim(values[i]);
                var term = CharacterSetTerm.Find(value);
                if (term == null)
                {
                    term = CharacterSetTerm.FindCorrected(value);
                    if (term != null)
                    {
                        warnings.Add($"Incorrect value for Specific Character Set '{value}' - assuming '{term.Term}'");
                    }
                    else if (i == 0 && (term = CharacterSetTerm.FindEncodingName(value)) != null)
                    {
                        if (values.Count > 1)
                        {
                            // pydicom reads such a value 1 with the code extensions after it (their escape sequences decoded);
                            // taken as stand-alone, the extensions were dropped and names written in them never found (charset
                            // QA round 2, F1). Read as the default repertoire with its extensions.
                            warnings.Add($"Specific Character Set '{value}' is no defined term of PS3.3 C.12.1.1.2 - read as the default repertoire with the code extensions after it");
                            term = CharacterSetTerm.Find("")!;
                        }
                        else
                        {
                            warnings.Add($"Specific Character Set '{value}' is no defined term of PS3.3 C.12.1.1.2 - read as the encoding of that name, as pydicom reads it; a copy that needs new characters is written in ISO_IR 192");
                        }
                    }
                    else if (i == 0)
                    {
                        warnings.Add($"Unknown Specific Character Set '{value}' - using the default repertoire (ISO_IR 6) instead");
                        term = CharacterSetTerm.Find("")!;
                    }
                    else
                    {
                        warnings.Add($"Unknown Specific Character Set '{value}' - ignoring it");
                        continue;
                    }
                }

                if (i == 0 && term.IsStandAlone && values.Count > 1)
                {
                    var rest = new string[values.Count - 1];
                    for (int j = 1; j < values.Count; j++) rest[j - 1] = Trim(values[j]);
                    warnings.Add($"Value '{term.Term}' for Specific Character Set does not allow code extensions, ignoring: {string.Join(", ", rest)}");
                    terms.Add(term);
                    break;
                }

                if (i > 0 && term.IsStandAlone)
                {
                    warnings.Add($"Value '{term.Term}' cannot be used as code extension, ignoring it");
                    continue;
                }

                terms.Add(term);
            }

            return terms.ToArray();
        }

        [MethodImpl(HotPath.Optimized)]
        private static string Trim(string? value) => value == null ? string.Empty : value.Trim(' ', '\0');

        private static string JoinTrimmed(IReadOnlyList<string> values)
        {
            var sb = new StringBuilder();
            for (int i = 0; i < values.Count; i++)
            {
                if (i > 0) sb.Append('\\');
                sb.Append(Trim(values[i]));
            }

            return sb.ToString();
        }

        private static void AddOnce(List<CodeElement> list, CodeElement? element)
        {
            if (element != null && !list.Contains(element)) list.Add(element);
        }

        private sealed class Resolution
        {
            public Resolution(DicomCharacterSet set, string[] warnings)
            {
                Set = set;
                Warnings = warnings;
            }

            public DicomCharacterSet Set { get; }

            public string[] Warnings { get; }
        }
    }
}
