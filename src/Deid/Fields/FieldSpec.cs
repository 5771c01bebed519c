using System;
using System.Collections.Generic;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Deid.Dicom;

namespace Deid.Fields
{
    /// <summary>
    /// A recipe's name for one or more elements, parsed from the text written in a field position (<c>PatientID</c>,
    /// <c>(0010,0020)</c>, <c>endswith:Date</c>, <c>values:names</c>, ...). Parsing classifies the text; it does not look anything
    /// up in a dictionary or a dataset. Two specs are equal when their text is equal (ordinal), because deid's meaning depends only
    /// on the text.
    /// </summary>
    public sealed class FieldSpec : IEquatable<FieldSpec>
    {
        private static readonly Regex ParenthesizedTag = new Regex(@"^\(([0-9A-Fa-f]{4}),([0-9A-Fa-f]{4})\)$", RegexOptions.CultureInvariant);
        private static readonly Regex BareTag = new Regex(@"^[0-9A-Fa-f]{8}$", RegexOptions.CultureInvariant);
        private static readonly Regex HexTag = new Regex(@"^0[xX]([0-9A-Fa-f]{8})$", RegexOptions.CultureInvariant);
        private static readonly Regex CommaTag = new Regex(@"^([0-9A-Fa-f]{4}),([0-9A-Fa-f]{4})$", RegexOptions.CultureInvariant);
        private static readonly Regex PrivateCreatorSyntax = new Regex(
            @"^(?:\(([0-9A-Fa-f]{4}),""([^""]*)"",([0-9A-Fa-f]{2})\)|([0-9A-Fa-f]{4}),""([^""]*)"",([0-9A-Fa-f]{2}))$", RegexOptions.CultureInvariant);
        private static readonly Regex KeywordSyntax = new Regex(@"^[A-Za-z][A-Za-z0-9]*$", RegexOptions.CultureInvariant);

        private Regex? _regex;
        private uint[]? _exactTags;
        private int _exactTagsResolved;

        // The keyword's tag for ADD: 0 not looked up yet, 1 found (in _keywordTag), 2 not a keyword.
        private DicomTag _keywordTag;
        private int _keywordTagState;
        private ExpanderVerdicts? _verdicts;

        private FieldSpec(string text, FieldSpecKind kind)
        {
            Text = text;
            Kind = kind;
        }

        /// <summary>The text as written in the recipe; writing a recipe back writes exactly this.</summary>
        public string Text { get; }

        /// <summary>What the text names, and so which of deid's matching rules applies.</summary>
        public FieldSpecKind Kind { get; }

        /// <summary>
        /// The tag for <see cref="FieldSpecKind.Tag"/>; null for every other kind. A <see cref="FieldSpecKind.PrivateTag"/> has
        /// none: its element number depends on the block its creator holds in each file (<see cref="PrivateGroup"/>,
        /// <see cref="PrivateCreator"/> and <see cref="PrivateElementOffset"/> name it). It once gave block 00's (gggg,00ee),
        /// which is a private creator's own slot, so a script filtering Get-DeidAction by tag found the wrong element.
        /// </summary>
        public DicomTag? Tag { get; private set; }

        /// <summary>How a <see cref="FieldSpecKind.Tag"/> was spelled.</summary>
        public TagSpelling TagSpelling { get; private set; }

        /// <summary>The private creator string of a <see cref="FieldSpecKind.PrivateTag"/>, exactly as written between the quotes.</summary>
        public string? PrivateCreator { get; private set; }

        /// <summary>The group of a <see cref="FieldSpecKind.PrivateTag"/>.</summary>
        public ushort PrivateGroup { get; private set; }

        /// <summary>The element offset (low byte of the element number) of a <see cref="FieldSpecKind.PrivateTag"/>.</summary>
        public byte PrivateElementOffset { get; private set; }

        /// <summary>The expander name as written (<c>contains</c>, <c>StartsWith</c>, <c>values</c>, ...) for expander kinds; null otherwise.</summary>
        public string? Expander { get; private set; }

        /// <summary>The text after the expander's colon, as written (deid lower-cases it before use).</summary>
        public string? Expression { get; private set; }

        /// <summary>
        /// For <see cref="FieldSpecKind.Contains"/>, <see cref="FieldSpecKind.StartsWith"/>, <see cref="FieldSpecKind.EndsWith"/> and
        /// <see cref="FieldSpecKind.Except"/>: the regular expression deid searches with — the expression lower-cased, anchored as
        /// <c>^(e)</c> or <c>(e)$</c> for startswith and endswith — always applied ignoring case.
        /// </summary>
        public string? Pattern { get; private set; }

        /// <summary>The attribute of a <see cref="FieldSpecKind.Select"/> in upper case (<c>VR</c>, <c>GROUP</c> or another word that selects nothing).</summary>
        public string? SelectAttribute { get; private set; }

        /// <summary>The value of a <see cref="FieldSpecKind.Select"/> as deid uses it: for VR the first two letters in upper case, for GROUP the lower-cased text.</summary>
        public string? SelectValue { get; private set; }

        /// <summary>The group number selected by <c>select:group:gggg</c>.</summary>
        public ushort? SelectGroup { get; private set; }

        /// <summary>The group name of a <see cref="FieldSpecKind.Values"/> or <see cref="FieldSpecKind.Fields"/> reference.</summary>
        public string? GroupName { get; private set; }

        /// <summary>True when the spec can select more than one element (every kind except keyword, tag, private tag, path and other).</summary>
        public bool IsExpander =>
            Kind == FieldSpecKind.All || Kind == FieldSpecKind.Contains || Kind == FieldSpecKind.StartsWith || Kind == FieldSpecKind.EndsWith
            || Kind == FieldSpecKind.Except || Kind == FieldSpecKind.Select || Kind == FieldSpecKind.Values || Kind == FieldSpecKind.Fields
            || Kind == FieldSpecKind.UnknownExpander;

        /// <summary>
        /// The compiled <see cref="Pattern"/> (ignore case, culture invariant), or null for kinds without one.
        /// .NET and Python agree on the regular expression syntax recipes use (alternation, classes, anchors, quantifiers).
        /// </summary>
        public Regex? Regex
        {
            [MethodImpl(HotPath.Optimized)]
            get
            {
                if (Pattern == null) return null;
                return _regex ??= new Regex(Pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
            }
        }

        /// <summary>
        /// For the exact kinds (keyword, tag, path, other): the tags, ascending, of the elements the text selects wherever they are,
        /// or null when it must be compared with each element's names (<see cref="ExactTagResolver"/>). Resolved once per spec.
        /// </summary>
        internal uint[]? ExactTags
        {
            [MethodImpl(HotPath.Optimized)]
            get
            {
                if (System.Threading.Volatile.Read(ref _exactTagsResolved) == 0)
                {
                    _exactTags = IsExpander ? null : ExactTagResolver.Resolve(Text);
                    System.Threading.Volatile.Write(ref _exactTagsResolved, 1);
                }
                return _exactTags;
            }
        }

        /// <summary>
        /// The tag the text names as a dictionary keyword, its exact case first, then ignoring case (what ADD writes); false when
        /// it is no keyword. Looked up once per spec: an ADD line asks it in every file.
        /// </summary>
        [MethodImpl(HotPath.Optimized)]
        internal bool TryGetKeywordTag(out DicomTag tag)
        {
            int state = System.Threading.Volatile.Read(ref _keywordTagState);
            if (state == 0)
            {
                bool found = DicomDictionary.TryGetTag(Text, out var resolved) || DicomDictionary.TryGetTagIgnoreCase(Text, out resolved);
                _keywordTag = resolved;
                state = found ? 1 : 2;
                System.Threading.Volatile.Write(ref _keywordTagState, state);
            }
            tag = _keywordTag;
            return state == 1;
        }

        /// <summary>
        /// The dictionary keyword of the standard element a <see cref="FieldSpecKind.Tag"/> names (<c>StudyDate</c> for
        /// <c>(0008,0020)</c>); null for other kinds, and for a private, repeating-group or unknown tag. Shipped recipes name most
        /// fields by tag: this is how a listing says which element a line is about.
        /// </summary>
        public string? Keyword =>
            Kind == FieldSpecKind.Tag && Tag is DicomTag tag && DicomDictionary.TryGetEntry(tag, out var entry) && !entry.IsRepeating
            && entry.Keyword.Length > 0 ? entry.Keyword : null;

        /// <summary>
        /// The texts this field is known by: <see cref="Text"/>, and for a field naming one standard element also its other name —
        /// a tag's keyword (<see cref="Keyword"/>), or a keyword's tag as <c>(gggg,eeee)</c>. For finding a recipe's lines by
        /// either name (<c>Get-DeidAction -Field StudyDate</c> finds <c>BLANK (0008,0020)</c>).
        /// </summary>
        public IReadOnlyList<string> Names
        {
            get
            {
                if (Keyword is string keyword) return new[] { Text, keyword };
                if (Kind == FieldSpecKind.Keyword && TryGetKeywordTag(out var tag)) return new[] { Text, tag.ToString() };
                return new[] { Text };
            }
        }

        /// <summary>An expander's verdicts on the parts of an element's names that depend on its tag alone, shared by every file.</summary>
        internal ExpanderVerdicts Verdicts
        {
            [MethodImpl(HotPath.Optimized)]
            get => _verdicts ??= new ExpanderVerdicts();
        }

        // ^, then hexadecimal digits and classes of them, each maybe quantified, then $: nothing else.
        private static readonly Regex HexDigitsOnlyPattern = new Regex(
            @"^\^(?:(?:[0-9a-f]|\[(?:[0-9a-f](?:-[0-9a-f])?)+\])(?:\{[0-9]+(?:,[0-9]*)?\}|[?*+])?)+\$$", RegexOptions.CultureInvariant);

        private int _hexDigitsOnly; // 0 not yet known, 1 no, 2 yes

        /// <summary>
        /// True when <see cref="Pattern"/> matches only text made of hexadecimal digits, anchored at both ends (the shipped recipes'
        /// patterns for Table E.1-1's repeating groups and private attributes, <c>^50[0-9a-f]{6}$</c>): it can match a tag's
        /// 8-digit string, never a nested keyword path, which holds the "__" separator.
        /// </summary>
        internal bool MatchesHexDigitsOnly
        {
            get
            {
                if (_hexDigitsOnly == 0) _hexDigitsOnly = Pattern != null && HexDigitsOnlyPattern.IsMatch(Pattern) ? 2 : 1;
                return _hexDigitsOnly == 2;
            }
        }

        /// <summary>
        /// A filter's field as deid reads <c>missing</c>, <c>present</c> and <c>empty</c>: the whole rest of the line, spaces and
        /// all (<c>parse_member</c>: <c>field = member.strip()</c>). Such text is no keyword, so it names no element.
        /// </summary>
        internal static FieldSpec WholeText(string text) => new FieldSpec(text, FieldSpecKind.Other);

        /// <summary>Parses field text; throws <see cref="FormatException"/> saying what was expected when the text cannot be a field.</summary>
        public static FieldSpec Parse(string text)
        {
            if (TryParse(text, out var spec, out var error)) return spec;
            throw new FormatException(error);
        }

        /// <summary>Parses field text, returning false with a message saying what was expected when it cannot be a field.</summary>
        public static bool TryParse(string? text, out FieldSpec spec, out string? error)
        {
            spec = null!;
            error = null;
            if (text == null || text.Length == 0)
            {
                error = "expected a field: a keyword, a tag such as (0010,0010), or an expander such as contains:Name";
                return false;
            }

            for (int i = 0; i < text.Length; i++)
            {
                if (char.IsWhiteSpace(text[i]) && !InsideQuotes(text, i))
                {
                    error = $"expected a field without spaces, found '{text}'";
                    return false;
                }
            }

            if (string.Equals(text, "all", StringComparison.OrdinalIgnoreCase))
            {
                spec = new FieldSpec(text, FieldSpecKind.All);
                return true;
            }

            // deid's header actions test the raw text with re.search("^values", field) / "^fields": case-sensitive prefixes.
            if (text.StartsWith("values:", StringComparison.Ordinal))
            {
                spec = new FieldSpec(text, FieldSpecKind.Values) { Expander = "values", Expression = text.Substring(7), GroupName = text.Substring(7) };
                return true;
            }
            // Ours: a %values group matched as whole words (Deid.PowerShell extension; deid 0.4.12 has no such expander).
            if (text.StartsWith("words:", StringComparison.Ordinal))
            {
                spec = new FieldSpec(text, FieldSpecKind.Values) { Expander = "words", Expression = text.Substring(6), GroupName = text.Substring(6) };
                return true;
            }
            if (text.StartsWith("fields:", StringComparison.Ordinal))
            {
                spec = new FieldSpec(text, FieldSpecKind.Fields) { Expander = "fields", Expression = text.Substring(7), GroupName = text.Substring(7) };
                return true;
            }

            int colon = FirstColonOutsideQuotes(text);
            if (colon >= 0) return TryParseExpander(text, colon, out spec, out error);

            var m = ParenthesizedTag.Match(text);
            if (m.Success)
            {
                spec = new FieldSpec(text, FieldSpecKind.Tag) { Tag = new DicomTag(Hex16(m.Groups[1].Value), Hex16(m.Groups[2].Value)), TagSpelling = TagSpelling.Parenthesized };
                return true;
            }
            if (BareTag.IsMatch(text))
            {
                spec = new FieldSpec(text, FieldSpecKind.Tag) { Tag = new DicomTag(Hex32(text)), TagSpelling = TagSpelling.Bare };
                return true;
            }
            m = HexTag.Match(text);
            if (m.Success)
            {
                spec = new FieldSpec(text, FieldSpecKind.Tag) { Tag = new DicomTag(Hex32(m.Groups[1].Value)), TagSpelling = TagSpelling.Hex };
                return true;
            }
            m = CommaTag.Match(text);
            if (m.Success)
            {
                spec = new FieldSpec(text, FieldSpecKind.Tag) { Tag = new DicomTag(Hex16(m.Groups[1].Value), Hex16(m.Groups[2].Value)), TagSpelling = TagSpelling.Comma };
                return true;
            }
            m = PrivateCreatorSyntax.Match(text);
            if (m.Success)
            {
                bool paren = m.Groups[1].Success;
                ushort group = Hex16(m.Groups[paren ? 1 : 4].Value);
                byte offset = (byte)Hex16(m.Groups[paren ? 3 : 6].Value);
                spec = new FieldSpec(text, FieldSpecKind.PrivateTag)
                {
                    PrivateGroup = group,
                    PrivateElementOffset = offset,
                    PrivateCreator = m.Groups[paren ? 2 : 5].Value,
                };
                return true;
            }
            if (text.IndexOf("__", StringComparison.Ordinal) > 0)
            {
                spec = new FieldSpec(text, FieldSpecKind.Path);
                return true;
            }
            spec = new FieldSpec(text, KeywordSyntax.IsMatch(text) ? FieldSpecKind.Keyword : FieldSpecKind.Other);
            return true;
        }

        private static bool TryParseExpander(string text, int colon, out FieldSpec spec, out string? error)
        {
            spec = null!;
            error = null;
            string expander = text.Substring(0, colon);
            string expression = text.Substring(colon + 1);
            string lowered = expression.ToLowerInvariant();
            FieldSpecKind kind;
            string? pattern = null;
            switch (expander.ToLowerInvariant())
            {
                case "contains":
                    kind = FieldSpecKind.Contains;
                    pattern = lowered;
                    break;
                case "startswith":
                    kind = FieldSpecKind.StartsWith;
                    pattern = "^(" + lowered + ")";
                    break;
                case "endswith":
                    kind = FieldSpecKind.EndsWith;
                    pattern = "(" + lowered + ")$";
                    break;
                case "except":
                    kind = FieldSpecKind.Except;
                    pattern = lowered;
                    break;
                case "select":
                    return TryParseSelect(text, expander, expression, out spec, out error);
                default:
                    spec = new FieldSpec(text, FieldSpecKind.UnknownExpander) { Expander = expander, Expression = expression };
                    return true;
            }

            try
            {
                _ = new Regex(pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
            }
            catch (ArgumentException ex)
            {
                error = $"expected a regular expression after '{expander}:', found '{expression}' ({ex.Message})";
                return false;
            }
            spec = new FieldSpec(text, kind) { Expander = expander, Expression = expression, Pattern = pattern };
            return true;
        }

        private static bool TryParseSelect(string text, string expander, string expression, out FieldSpec spec, out string? error)
        {
            spec = null!;
            error = null;
            // select_matches lower-cases the expression, splits it on the first colon and upper-cases the attribute.
            string lowered = expression.ToLowerInvariant();
            int colon = lowered.IndexOf(':');
            if (colon < 0)
            {
                error = $"expected select:ATTRIBUTE:VALUE such as select:VR:PN or select:group:0010, found '{text}'";
                return false;
            }
            string attribute = lowered.Substring(0, colon).ToUpperInvariant();
            string value = lowered.Substring(colon + 1);
            var s = new FieldSpec(text, FieldSpecKind.Select) { Expander = expander, Expression = expression, SelectAttribute = attribute };
            if (attribute == "VR")
            {
                s.SelectValue = (value.Length > 2 ? value.Substring(0, 2) : value).ToUpperInvariant();
            }
            else if (attribute == "GROUP")
            {
                if (!TryParsePythonHex(value, out uint group))
                {
                    error = $"expected a hexadecimal group number after 'select:group:', found '{value}'";
                    return false;
                }
                s.SelectValue = value;
                // A number above FFFF is valid Python and simply never equals a 16-bit group: keep SelectGroup null (selects nothing).
                s.SelectGroup = group <= 0xFFFF ? (ushort)group : null;
            }
            else
            {
                s.SelectValue = value;
            }
            spec = s;
            return true;
        }

        // int(value, 16) in Python: surrounding whitespace, an optional sign, an optional 0x prefix and single underscores between digits.
        private static bool TryParsePythonHex(string value, out uint number)
        {
            number = 0;
            string s = value.Trim();
            if (s.StartsWith("+", StringComparison.Ordinal)) s = s.Substring(1);
            if (s.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
            {
                s = s.Substring(2);
                if (s.StartsWith("_", StringComparison.Ordinal)) s = s.Substring(1);
            }
            if (s.Length == 0 || s.StartsWith("_", StringComparison.Ordinal) || s.EndsWith("_", StringComparison.Ordinal)
                || s.IndexOf("__", StringComparison.Ordinal) >= 0) return false;
            s = s.Replace("_", "");
            if (s.Length > 8) { s = s.TrimStart('0'); if (s.Length == 0) s = "0"; }
            if (s.Length > 8)
            {
                // Python has no overflow; anything this long is larger than any group and selects nothing.
                foreach (char c in s) if (!Uri.IsHexDigit(c)) return false;
                number = uint.MaxValue;
                return true;
            }
            return uint.TryParse(s, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out number);
        }

        /// <summary>The index of the first ':' that is not between double quotes (deid's <c>_split_expander_expression</c>), or -1.</summary>
        internal static int FirstColonOutsideQuotes(string text)
        {
            bool inQuotes = false;
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                if (c == '"') inQuotes = !inQuotes;
                else if (c == ':' && !inQuotes) return i;
            }
            return -1;
        }

        private static bool InsideQuotes(string text, int index)
        {
            bool inDouble = false, inSingle = false;
            for (int i = 0; i < index; i++)
            {
                if (text[i] == '"' && !inSingle) inDouble = !inDouble;
                else if (text[i] == '\'' && !inDouble) inSingle = !inSingle;
            }
            return inDouble || inSingle;
        }

        private static ushort Hex16(string s) => ushort.Parse(s, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);

        private static uint Hex32(string s) => uint.Parse(s, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);

        /// <summary>Returns <see cref="Text"/>, the spec as a recipe writes it.</summary>
        public override string ToString() => Text;

        /// <inheritdoc/>
        public bool Equals(FieldSpec? other) => other is not null && string.Equals(Text, other.Text, StringComparison.Ordinal);

        /// <inheritdoc/>
        public override bool Equals(object? obj) => Equals(obj as FieldSpec);

        /// <inheritdoc/>
        public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Text);

        /// <summary>Spec equality (same text).</summary>
        public static bool operator ==(FieldSpec? a, FieldSpec? b) => a is null ? b is null : a.Equals(b);

        /// <summary>Spec inequality.</summary>
        public static bool operator !=(FieldSpec? a, FieldSpec? b) => !(a == b);

        /// <summary>Parses field text (PowerShell converts strings to field specs through this).</summary>
        public static implicit operator FieldSpec(string text) => Parse(text);
    }
}
