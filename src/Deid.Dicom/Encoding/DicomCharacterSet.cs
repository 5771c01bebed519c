using System;
using System.Buffers;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.Runtime.InteropServices;
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
    public sealed class DicomCharacterSet
    {
        private const byte Esc = 0x1B;
        private const int StackLimit = 256;
        private const int CacheLimit = 256;

        private static readonly System.Text.Encoding Latin1 = CodePages.Get(28591);
        private static readonly ConcurrentDictionary<string, DicomCharacterSet> ByTerms = new ConcurrentDictionary<string, DicomCharacterSet>(StringComparer.Ordinal);
        private static readonly ConcurrentDictionary<string, (DicomCharacterSet Set, string[] Warnings)> ByValues =
            new ConcurrentDictionary<string, (DicomCharacterSet, string[])>(StringComparer.Ordinal);

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
        /// Returns the character set for the values of (0008,0005), e.g. <c>["", "ISO 2022 IR 87"]</c>, <c>["ISO_IR 192"]</c>.
        /// Never throws for bad values: misspelt terms are corrected, an unknown value 1 falls back to the default
        /// repertoire, unknown or misplaced extension terms are dropped, each with a warning, as pydicom does.
        /// </summary>
        /// <param name="specificCharacterSetValues">The values of (0008,0005); padding around each is ignored.</param>
        /// <param name="warnings">What was corrected or ignored; empty when the values were valid.</param>
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
            if (ByValues.Count < CacheLimit) ByValues.TryAdd(key, (set, warningArray));
            warnings = warningArray;
            return set;
        }

        /// <summary>
        /// Decodes a whole element value, backslash-separated values included; trims nothing (callers trim padding).
        /// VRs other than SH, LO, ST, LT, PN, UC and UT are in the default repertoire whatever the set, and decode as
        /// ASCII with Latin-1 for bytes above 0x7F, as pydicom decodes them.
        /// </summary>
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

        private static bool IsAscii(ReadOnlySpan<byte> value)
        {
            ulong high = 0;
            foreach (ulong word in MemoryMarshal.Cast<byte, ulong>(value)) high |= word;
            for (int i = value.Length & ~7; i < value.Length; i++) high |= value[i];
            return (high & 0x8080808080808080UL) == 0;
        }

        // True for the bytes before which PS3.5 §6.1.2.5.3 makes the initial set active again.
        private static bool IsDelimiter(int b, bool personName, bool multiValued) =>
            b < 0x20 ? b != Esc : (b == '\\' && multiValued) || (personName && (b == '^' || b == '='));

        // Bytes above 0x7F read through value 1's G1 set, or as Latin-1 when it has none (pydicom's default encoding).
        private string DecodeSingleByte(ReadOnlySpan<byte> value)
        {
            if (_initialG1 == null || _initialG1 == CodeElement.Latin1 || IsAscii(value)) return DecodeLatin1(value);
            var table = _initialG1.Table;
            char[]? rented = null;
            Span<char> chars = value.Length <= StackLimit ? stackalloc char[value.Length] : (rented = ArrayPool<char>.Shared.Rent(value.Length));
            for (int i = 0; i < value.Length; i++) chars[i] = table[value[i]];
            string result = chars.Slice(0, value.Length).ToString();
            if (rented != null) ArrayPool<char>.Shared.Return(rented);
            return result;
        }

        // Copying to widen with the runtime's vectorized Latin-1 decoder beats a table loop by about two to one.
        private static string DecodeLatin1(ReadOnlySpan<byte> value) => GetString(Latin1, value);

        private string DecodeWholeValue(ReadOnlySpan<byte> value) => GetString(_wholeValueEncoding!, value);

        private static string GetString(System.Text.Encoding encoding, ReadOnlySpan<byte> value)
        {
            // netstandard2.0 has no Encoding.GetString(ReadOnlySpan<byte>).
            byte[] rented = ArrayPool<byte>.Shared.Rent(value.Length);
            value.CopyTo(rented);
            string result = encoding.GetString(rented, 0, value.Length);
            ArrayPool<byte>.Shared.Return(rented);
            return result;
        }

        private string DecodeIso2022(ReadOnlySpan<byte> value, DicomVR vr)
        {
            bool personName = vr == DicomVR.PN, multiValued = !vr.IsSingleValuedText;
            char[]? rented = null;
            Span<char> chars = value.Length <= StackLimit ? stackalloc char[value.Length] : (rented = ArrayPool<char>.Shared.Rent(value.Length));
            int n = 0;
            CodeElement g0 = _initialG0;
            CodeElement? g1 = _initialG1;
            int i = 0;
            while (i < value.Length)
            {
                byte b = value[i];
                if (b == Esc)
                {
                    var element = MatchEscape(value.Slice(i), out int length);
                    if (element != null)
                    {
                        if (element.IsG0)
                        {
                            g0 = element;
                        }
                        else
                        {
                            // Strictly a G1 designation leaves G0 alone, but pydicom writes katakana as ESC ) I after
                            // kanji without leaving JIS X 0208 and reads its bytes, delimiters included, as JIS X 0201.
                            g1 = element;
                            if (g0.IsDoubleByte) g0 = _initialG0;
                        }

                        i += length;
                    }
                    else
                    {
                        // An unknown escape, or one for a set (0008,0005) does not name: like pydicom, keep the ESC as a
                        // character and read on in the initial set.
                        g0 = _initialG0;
                        g1 = _initialG1;
                        chars[n++] = '\u001B';
                        i++;
                    }

                    continue;
                }

                if (b < 0x80)
                {
                    if (g0.IsDoubleByte && b > 0x20 && b < 0x7F)
                    {
                        i += DecodePair(value, i, g0, 0x00, out chars[n++]);
                        continue;
                    }

                    if (IsDelimiter(b, personName, multiValued))
                    {
                        g0 = _initialG0;
                        g1 = _initialG1;
                    }

                    chars[n++] = (char)b;
                    i++;
                    continue;
                }

                if (g1 != null && g1.IsDoubleByte)
                {
                    i += DecodePair(value, i, g1, 0x80, out chars[n++]);
                    continue;
                }

                chars[n++] = (g1 ?? CodeElement.Latin1).DecodeSingle(b);
                i++;
            }

            string result = chars.Slice(0, n).ToString();
            if (rented != null) ArrayPool<char>.Shared.Return(rented);
            return result;
        }

        // Decodes the two-byte character at i, both bytes in 0x21–0x7E plus half (0 for G0, 0x80 for G1), or gives U+FFFD
        // for a first byte without a valid second one. Returns how many bytes it read.
        private static int DecodePair(ReadOnlySpan<byte> value, int i, CodeElement set, int half, out char c)
        {
            if (i + 1 < value.Length && IsPairByte(value[i], half) && IsPairByte(value[i + 1], half))
            {
                c = set.DecodeDouble(value[i], value[i + 1]);
                return 2;
            }

            c = '\uFFFD';
            return 1;
        }

        private static bool IsPairByte(byte b, int half) => (b & 0x80) == half && (b & 0x7F) > 0x20 && (b & 0x7F) < 0x7F;

        // Matches ESC, intermediate bytes 0x20–0x2F and a final byte 0x30–0x7E against the designatable elements.
        private CodeElement? MatchEscape(ReadOnlySpan<byte> value, out int length)
        {
            length = 1;
            while (length < value.Length && value[length] >= 0x20 && value[length] <= 0x2F) length++;
            if (length == 1 || length >= value.Length || value[length] < 0x30 || value[length] > 0x7E) return null;
            length++;
            var sequence = value.Slice(0, length);
            foreach (var element in _designatable)
            {
                if (sequence.SequenceEqual(element.Escape)) return element;
            }

            return null;
        }

        private byte[]? TryEncode(string text, DicomVR vr, out int bad)
        {
            bad = -1;
            if (text.Length == 0) return Array.Empty<byte>();

            bool charsetVr = vr.UsesSpecificCharacterSet;
            bool plain = true;
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                if (c >= 0x80 || (c == Esc && _mode == Mode.Iso2022 && charsetVr))
                {
                    plain = false;
                    if (!charsetVr)
                    {
                        bad = i;
                        return null;
                    }

                    break;
                }
            }

            if (plain)
            {
                var ascii = new byte[text.Length];
                for (int i = 0; i < text.Length; i++) ascii[i] = (byte)text[i];
                return ascii;
            }

            switch (_mode)
            {
                case Mode.SingleByte:
                    return EncodeSingleByte(text, out bad);
                case Mode.WholeValue:
                    return EncodeWholeValue(text, out bad);
                default:
                    return EncodeIso2022(text, vr, out bad);
            }
        }

        private byte[]? EncodeSingleByte(string text, out int bad)
        {
            var bytes = new byte[text.Length];
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                if (c < 0x80)
                {
                    bytes[i] = (byte)c;
                }
                else if (_initialG1 != null && _initialG1.TryEncode(c, out ushort code))
                {
                    bytes[i] = (byte)code;
                }
                else
                {
                    bad = i;
                    return null;
                }
            }

            bad = -1;
            return bytes;
        }

        private byte[]? EncodeWholeValue(string text, out int bad)
        {
            bad = -1;
            try
            {
                return _wholeValueEncoding!.GetBytes(text);
            }
            catch (EncoderFallbackException e)
            {
                // The exception's index is relative to the encoder's internal buffer; find the character in the text.
                bad = e.CharUnknown != '\0' ? text.IndexOf(e.CharUnknown) : text.IndexOf(e.CharUnknownHigh);
                if (bad < 0) bad = 0;
                return null;
            }
        }

        private byte[]? EncodeIso2022(string text, DicomVR vr, out int bad)
        {
            bool personName = vr == DicomVR.PN, multiValued = !vr.IsSingleValuedText;
            var output = new ByteBuilder(text.Length * 2);
            CodeElement g0 = _initialG0;
            CodeElement? g1 = _initialG1;

            // Readers disagree on G1 after a delimiter (PS3.5 resets it, pydicom's text path does not) and after a G0
            // escape (pydicom decodes each escape's fragment with that one set). While that is so, the next G1 character
            // gets its escape sequence even if G1 should already hold its set, and every reader agrees.
            bool g1Unsure = false;
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                if (c < 0x80)
                {
                    if (c == Esc)
                    {
                        bad = i;
                        return null;
                    }

                    bool delimiter = IsDelimiter(c, personName, multiValued);
                    if (g0 != _initialG0 && (delimiter || g0.IsDoubleByte))
                    {
                        // Back to the initial G0 before a delimiter (PS3.5 §6.1.2.5.3), or for ASCII after two-byte code.
                        output.Append(_initialG0.Escape);
                        g0 = _initialG0;
                        g1Unsure = true;
                    }

                    if (delimiter)
                    {
                        // The delimiter itself makes the initial G1 active again; no escape sequence says so.
                        g1Unsure |= g1 != _initialG1;
                        g1 = _initialG1;
                    }

                    output.Append((byte)c);
                    continue;
                }

                CodeElement? target = null;
                bool designate = false;
                ushort code;
                if (g0.IsDoubleByte && g0.TryEncode(c, out code))
                {
                    target = g0;
                }
                else if (g1 != null && g1.TryEncode(c, out code))
                {
                    target = g1;
                    designate = g1Unsure;
                }
                else
                {
                    code = 0;
                    foreach (var element in _writable)
                    {
                        if (element.TryEncode(c, out code))
                        {
                            target = element;
                            designate = true;
                            break;
                        }
                    }

                    if (target == null)
                    {
                        bad = i;
                        return null;
                    }
                }

                if (!target.IsG0 && g0.IsDoubleByte)
                {
                    // G1 bytes after two-byte G0 code are valid ISO 2022, but readers that decode an escape's whole
                    // fragment with the G0 set (pydicom via Python's iso2022_jp) reject them.
                    output.Append(_initialG0.Escape);
                    g0 = _initialG0;
                    designate = true;
                }

                if (designate)
                {
                    output.Append(target.Escape);
                    if (target.IsG0)
                    {
                        g0 = target;
                        g1Unsure = true;
                    }
                    else
                    {
                        g1 = target;
                        g1Unsure = false;
                    }
                }

                AppendCode(ref output, target, code);
            }

            if (g0 != _initialG0) output.Append(_initialG0.Escape);
            bad = -1;
            return output.ToArray();
        }

        private static void AppendCode(ref ByteBuilder output, CodeElement element, ushort code)
        {
            switch (element.Kind)
            {
                case CodeElementKind.G1Single:
                    output.Append((byte)code);
                    break;
                case CodeElementKind.G0Double:
                    output.Append((byte)(code >> 8));
                    output.Append((byte)code);
                    break;
                default:
                    output.Append((byte)((code >> 8) | 0x80));
                    output.Append((byte)(code | 0x80));
                    break;
            }
        }

        /// <summary>A growable byte buffer for the encoder's output.</summary>
        private struct ByteBuilder
        {
            private byte[] _buffer;
            private int _length;

            public ByteBuilder(int capacity)
            {
                _buffer = new byte[Math.Max(capacity, 16)];
                _length = 0;
            }

            public void Append(byte b)
            {
                if (_length == _buffer.Length) Array.Resize(ref _buffer, _buffer.Length * 2);
                _buffer[_length++] = b;
            }

            public void Append(byte[] bytes)
            {
                foreach (byte b in bytes) Append(b);
            }

            public byte[] ToArray()
            {
                var result = new byte[_length];
                Buffer.BlockCopy(_buffer, 0, result, 0, _length);
                return result;
            }
        }
    }
}
