using System;
using System.Globalization;

namespace Deid.Dicom
{
    /// <summary>A DICOM attribute tag (group, element) packed into one 32-bit value, ordered as the standard orders tags.</summary>
    public readonly struct DicomTag : IEquatable<DicomTag>, IComparable<DicomTag>
    {
        /// <summary>Creates a tag from its packed value (group in the high 16 bits).</summary>
        public DicomTag(uint value) => Value = value;

        /// <summary>Creates a tag from its group and element numbers.</summary>
        public DicomTag(ushort group, ushort element) => Value = ((uint)group << 16) | element;

        /// <summary>The packed value: group in the high 16 bits, element in the low 16 bits.</summary>
        public uint Value { get; }

        /// <summary>The group number.</summary>
        public ushort Group => (ushort)(Value >> 16);

        /// <summary>The element number.</summary>
        public ushort Element => (ushort)Value;

        /// <summary>
        /// True for every odd group, as pydicom counts them. PS3.5 reserves odd groups above 0008 for private data and forbids
        /// 0001-0007; files still carry those, and for de-identification they are as opaque as private data.
        /// </summary>
        public bool IsPrivate => (Group & 1) == 1;

        /// <summary>True for a private creator element (gggg,0010)-(gggg,00FF) that reserves a block of the group.</summary>
        public bool IsPrivateCreator => IsPrivate && Element >= 0x0010 && Element <= 0x00FF;

        /// <summary>For a private data element (gggg,xxee) with xx ≥ 0x10, the creator element (gggg,00xx) that owns its block.</summary>
        /// <remarks>A method, not a property: a tag whose property is a tag nests without end for anything that walks properties
        /// (ConvertTo-Json -Depth 20 of one element row wrote the same tag twenty times).</remarks>
        public DicomTag GetPrivateCreatorTag() => new DicomTag(Group, (ushort)(Element >> 8));

        /// <summary>True for a group length element (gggg,0000).</summary>
        public bool IsGroupLength => Element == 0x0000;

        /// <summary>True for the item, item delimitation and sequence delimitation tags of group FFFE.</summary>
        public bool IsDelimiter => Group == 0xFFFE;

        /// <summary>Item (FFFE,E000).</summary>
        public static readonly DicomTag Item = DicomTags.Item;

        /// <summary>Item Delimitation Item (FFFE,E00D).</summary>
        public static readonly DicomTag ItemDelimitationItem = DicomTags.ItemDelimitationItem;

        /// <summary>Sequence Delimitation Item (FFFE,E0DD).</summary>
        public static readonly DicomTag SequenceDelimitationItem = DicomTags.SequenceDelimitationItem;

        /// <summary>Pixel Data (7FE0,0010).</summary>
        public static readonly DicomTag PixelData = DicomTags.PixelData;

        /// <summary>Specific Character Set (0008,0005).</summary>
        public static readonly DicomTag SpecificCharacterSet = DicomTags.SpecificCharacterSet;

        /// <summary>Transfer Syntax UID (0002,0010).</summary>
        public static readonly DicomTag TransferSyntaxUid = DicomTags.TransferSyntaxUID;

        /// <summary>Formats as "(gggg,eeee)" with upper-case hex digits, the spelling dcmdump and deid use.</summary>
        [System.Runtime.CompilerServices.MethodImpl(HotPath.Optimized)]
        public override string ToString()
        {
            // Every listing, error and identifier names its elements this way, file after file, and a result kept by the caller
            // (Get-DicomIdentifier's objects) keeps each text: one shared string per tag spares the allocation and the memory.
            int slot = (int)((Value * 2654435761u) >> (32 - TextCacheBits));
            var cached = System.Threading.Volatile.Read(ref TextCache[slot]);
            if (cached != null && cached.Tag == Value) return cached.Text;
            string text = Format();
            // One reference per slot, published with release semantics: a reader on another thread sees either the old entry or
            // the new one, each whole (tag and text together), never a tag with another tag's text.
            System.Threading.Volatile.Write(ref TextCache[slot], new CachedText(Value, text));
            return text;
        }

        private const int TextCacheBits = 12;
        private static readonly CachedText?[] TextCache = new CachedText?[1 << TextCacheBits];

        private sealed class CachedText
        {
            public CachedText(uint tag, string text)
            {
                Tag = tag;
                Text = text;
            }

            public uint Tag { get; }

            public string Text { get; }
        }

        private string Format()
        {
            var chars = new char[11];
            chars[0] = '(';
            WriteHex(chars, 1, Group);
            chars[5] = ',';
            WriteHex(chars, 6, Element);
            chars[10] = ')';
            return new string(chars);
        }

        /// <summary>Formats as eight hex digits "GGGGEEEE".</summary>
        public string ToHexString() => Value.ToString("X8", CultureInfo.InvariantCulture);

        private static void WriteHex(char[] dest, int at, ushort v)
        {
            const string digits = "0123456789ABCDEF";
            dest[at] = digits[(v >> 12) & 0xF];
            dest[at + 1] = digits[(v >> 8) & 0xF];
            dest[at + 2] = digits[(v >> 4) & 0xF];
            dest[at + 3] = digits[v & 0xF];
        }

        /// <summary>
        /// Parses "(gggg,eeee)", "gggg,eeee", "ggggeeee", "0xggggeeee" or "(0xgggg, 0xeeee)"; whitespace is ignored.
        /// </summary>
        public static bool TryParse(string? text, out DicomTag tag)
        {
            tag = default;
            if (text == null) return false;
            Span<char> buf = stackalloc char[32];
            int n = 0;
            foreach (char c in text)
            {
                if (char.IsWhiteSpace(c) || c == '(' || c == ')') continue;
                if (n == buf.Length) return false;
                buf[n++] = c;
            }
            var s = buf.Slice(0, n);
            int comma = s.IndexOf(',');
            if (comma >= 0)
            {
                if (!TryParseHex16(s.Slice(0, comma), out ushort g) || !TryParseHex16(s.Slice(comma + 1), out ushort e)) return false;
                tag = new DicomTag(g, e);
                return true;
            }
            if (s.Length > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) s = s.Slice(2);
            if (s.Length != 8) return false;
            if (!TryParseHex16(s.Slice(0, 4), out ushort g2) || !TryParseHex16(s.Slice(4), out ushort e2)) return false;
            tag = new DicomTag(g2, e2);
            return true;
        }

        /// <summary>Parses a tag as <see cref="TryParse"/> does, throwing <see cref="FormatException"/> on failure.</summary>
        public static DicomTag Parse(string text) =>
            TryParse(text, out var tag) ? tag : throw new FormatException($"'{text}' is not a DICOM tag; expected (gggg,eeee).");

        private static bool TryParseHex16(ReadOnlySpan<char> s, out ushort value)
        {
            value = 0;
            if (s.Length > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) s = s.Slice(2);
            if (s.Length == 0 || s.Length > 4) return false;
            int v = 0;
            foreach (char c in s)
            {
                int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
                if (d < 0) return false;
                v = (v << 4) | d;
            }
            value = (ushort)v;
            return true;
        }

        /// <inheritdoc/>
        public bool Equals(DicomTag other) => Value == other.Value;

        /// <inheritdoc/>
        public override bool Equals(object? obj) => obj is DicomTag t && t.Value == Value;

        /// <inheritdoc/>
        public override int GetHashCode() => (int)Value;

        /// <inheritdoc/>
        public int CompareTo(DicomTag other) => Value.CompareTo(other.Value);

        /// <summary>Tag equality.</summary>
        public static bool operator ==(DicomTag a, DicomTag b) => a.Value == b.Value;

        /// <summary>Tag inequality.</summary>
        public static bool operator !=(DicomTag a, DicomTag b) => a.Value != b.Value;

        /// <summary>Tag order.</summary>
        public static bool operator <(DicomTag a, DicomTag b) => a.Value < b.Value;

        /// <summary>Tag order.</summary>
        public static bool operator >(DicomTag a, DicomTag b) => a.Value > b.Value;
    }
}
