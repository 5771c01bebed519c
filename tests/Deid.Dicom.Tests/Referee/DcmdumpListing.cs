using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Deid.Dicom.Tests.Referee
{
    /// <summary>What a listing row stands for.</summary>
    public enum RowKind
    {
        /// <summary>A data element with a value (possibly empty).</summary>
        Element,

        /// <summary>A sequence element (SQ, or UN of undefined length holding items).</summary>
        Sequence,

        /// <summary>An item of a sequence.</summary>
        Item,

        /// <summary>Encapsulated pixel data: the element holding the fragments.</summary>
        PixelSequence,

        /// <summary>One item of encapsulated pixel data (the Basic Offset Table first).</summary>
        Fragment,
    }

    /// <summary>
    /// One line of a dcmdump listing, reduced to what the referee compares: a path naming the element and the item it
    /// is in, the VR as dcmdump printed it, and the value with dcmdump's quoting undone.
    /// </summary>
    public sealed class DumpRow
    {
        public DumpRow(string path, RowKind kind, string vr, string? value, bool bracketed, long length, int count, bool undefinedLength, string line)
        {
            Path = path;
            Kind = kind;
            VR = vr;
            Value = value;
            Bracketed = bracketed;
            Length = length;
            Count = count;
            UndefinedLength = undefinedLength;
            Line = line;
        }

        /// <summary>"meta/(0002,0010)", "(0008,1115)[0]/(0008,1150)", "(7fe0,0010)/frag[1]"; a repeated tag gets "#2".</summary>
        public string Path { get; }

        public RowKind Kind { get; }

        /// <summary>The VR as printed: a PS3.5 VR, or dcmtk's "up", "xs", "ox", "lt", "na", "pi", "??".</summary>
        public string VR { get; }

        /// <summary>
        /// The value text with dcmdump's +Qn quoting undone (each char is one byte of the value, or one UTF-16 unit of
        /// the UTF-8 text with +U8), brackets removed; null for "(no value available)" and for structure rows.
        /// </summary>
        public string? Value { get; }

        /// <summary>True when dcmdump printed the value in brackets (character strings).</summary>
        public bool Bracketed { get; }

        /// <summary>The value length dcmdump printed; -1 for "u/l" (undefined).</summary>
        public long Length { get; }

        /// <summary>For sequences, items and pixel sequences: the "#=N" count (items, or elements of an item).</summary>
        public int Count { get; }

        /// <summary>For sequences and items: "with undefined length".</summary>
        public bool UndefinedLength { get; }

        /// <summary>The line as dcmdump printed it, for messages.</summary>
        public string Line { get; }

        public override string ToString() => Line;
    }

    /// <summary>
    /// Parses the listing of <c>dcmdump -Un -dc +L +M -uc +Qn</c> (indented, one line per element): tag, VR, value,
    /// "# length, VM name". Nesting is read from the indentation (two spaces a level); item and delimiter lines give
    /// structure. Delimiter lines are not rows: dcmdump prints them for every item and sequence, real or synthesised
    /// "for re-encoding", and the item and sequence lines already say whether the length was undefined.
    /// </summary>
    public static class DcmdumpListing
    {
        // The value is everything between the VR and the last '#': names never contain '#', values may.
        private static readonly Regex ElementLine = new Regex(
            @"^(?<indent> *)\((?<g>[0-9a-f]{4}),(?<e>[0-9a-f]{4})\) (?<vr>\S\S) (?<value>.*?) *# *(?<len>\d+|u/l), *(?<vm>\d+)(?: [^#]*)?$",
            RegexOptions.CultureInvariant);

        private static readonly Regex Counted = new Regex(@"#=(?<n>\d+)", RegexOptions.CultureInvariant);

        /// <summary>Parses a whole listing into rows of the meta header (paths "meta/...") and of the dataset.</summary>
        /// <exception cref="FormatException">A line that is neither a comment nor an element line.</exception>
        public static List<DumpRow> Parse(string stdout, bool datasetIsMeta = false)
        {
            var rows = new List<DumpRow>();
            string section = datasetIsMeta ? "meta/" : string.Empty;
            // Per depth: the prefix of elements at that depth, and their tags seen so far (for repeated tags).
            var prefixes = new List<string> { section };
            var seen = new List<Dictionary<string, int>> { new Dictionary<string, int>() };
            // Per depth: the sequence (or pixel sequence) most recently opened there, and its items so far.
            var openSequence = new Dictionary<int, (string Path, bool Pixel)>();
            var itemIndex = new Dictionary<int, int>();

            foreach (string rawLine in stdout.Split('\n'))
            {
                string line = rawLine.TrimEnd('\r');
                string trimmed = line.TrimStart(' ');
                if (trimmed.Length == 0) continue;
                if (trimmed[0] == '#')
                {
                    if (trimmed.StartsWith("# Dicom-Meta-Information-Header", StringComparison.Ordinal)) section = "meta/";
                    else if (trimmed.StartsWith("# Dicom-Data-Set", StringComparison.Ordinal)) section = datasetIsMeta ? "meta/" : string.Empty;
                    else continue;
                    prefixes = new List<string> { section };
                    seen = new List<Dictionary<string, int>> { new Dictionary<string, int>() };
                    openSequence.Clear();
                    itemIndex.Clear();
                    continue;
                }

                var m = ElementLine.Match(line);
                if (!m.Success) throw new FormatException("Not a dcmdump element line: " + line);
                int indent = m.Groups["indent"].Length;
                if (indent % 2 != 0) throw new FormatException("Odd indentation: " + line);
                int depth = indent / 2;
                string tag = "(" + m.Groups["g"].Value + "," + m.Groups["e"].Value + ")";
                string vr = m.Groups["vr"].Value;
                string value = m.Groups["value"].Value;
                long length = m.Groups["len"].Value == "u/l" ? -1 : long.Parse(m.Groups["len"].Value, CultureInfo.InvariantCulture);

                if (tag == "(fffe,e00d)" || tag == "(fffe,e0dd)") continue;

                if (tag == "(fffe,e000)")
                {
                    if (depth == 0 || !openSequence.TryGetValue(depth - 1, out var parent))
                        throw new FormatException("An item outside a sequence: " + line);
                    int index = itemIndex[depth - 1]++;
                    if (parent.Pixel)
                    {
                        string fragPath = parent.Path + "/frag[" + index.ToString(CultureInfo.InvariantCulture) + "]";
                        rows.Add(ValueRow(fragPath, RowKind.Fragment, vr, value, length, line));
                        continue;
                    }
                    string itemPath = parent.Path + "[" + index.ToString(CultureInfo.InvariantCulture) + "]";
                    // "(Item with explicit length #=7)", "(Item with undefined length #=2)", or in a DICOMDIR
                    // "\"Directory Record\" PATIENT #=7", which does not say how the item was encoded.
                    var count = Counted.Match(value);
                    rows.Add(new DumpRow(itemPath, RowKind.Item, vr, null, false, length, count.Success ? int.Parse(count.Groups["n"].Value, CultureInfo.InvariantCulture) : -1,
                        value.Contains("undefined length", StringComparison.Ordinal), line));
                    SetLevel(prefixes, seen, depth + 1, itemPath + "/");
                    continue;
                }

                if (depth >= prefixes.Count) throw new FormatException("An element nested deeper than its item: " + line);
                var names = seen[depth];
                names.TryGetValue(tag, out int occurrence);
                names[tag] = ++occurrence;
                string path = prefixes[depth] + tag + (occurrence > 1 ? "#" + occurrence.ToString(CultureInfo.InvariantCulture) : string.Empty);

                if (value.StartsWith("(Sequence with ", StringComparison.Ordinal))
                {
                    var count = Counted.Match(value);
                    rows.Add(new DumpRow(path, RowKind.Sequence, vr, null, false, length, int.Parse(count.Groups["n"].Value, CultureInfo.InvariantCulture),
                        value.Contains("undefined length", StringComparison.Ordinal), line));
                    openSequence[depth] = (path, false);
                    itemIndex[depth] = 0;
                    continue;
                }
                if (value.StartsWith("(PixelSequence", StringComparison.Ordinal))
                {
                    var count = Counted.Match(value);
                    rows.Add(new DumpRow(path, RowKind.PixelSequence, vr, null, false, length, int.Parse(count.Groups["n"].Value, CultureInfo.InvariantCulture), true, line));
                    openSequence[depth] = (path, true);
                    itemIndex[depth] = 0;
                    continue;
                }
                rows.Add(ValueRow(path, RowKind.Element, vr, value, length, line));
            }
            return rows;
        }

        private static void SetLevel(List<string> prefixes, List<Dictionary<string, int>> seen, int depth, string prefix)
        {
            while (prefixes.Count > depth)
            {
                prefixes.RemoveAt(prefixes.Count - 1);
                seen.RemoveAt(seen.Count - 1);
            }
            while (prefixes.Count < depth)
            {
                // The level of the item line itself holds no elements.
                prefixes.Add("?");
                seen.Add(new Dictionary<string, int>());
            }
            prefixes.Add(prefix);
            seen.Add(new Dictionary<string, int>());
        }

        private static DumpRow ValueRow(string path, RowKind kind, string vr, string value, long length, string line)
        {
            if (value == "(no value available)") return new DumpRow(path, kind, vr, null, false, length, -1, false, line);
            if (value == "(not loaded)") throw new FormatException("dcmdump did not load a value (+M missing?): " + line);
            bool bracketed = value.Length >= 2 && value[0] == '[' && value[value.Length - 1] == ']';
            string text = bracketed ? value.Substring(1, value.Length - 2) : value;
            return new DumpRow(path, kind, vr, Unquote(text), bracketed, length, -1, false, line);
        }

        /// <summary>
        /// Undoes dcmdump's +Qn quoting (OFStandard::convertToMarkupStream): &amp;lt; &amp;gt; &amp;amp; &amp;quot; &amp;apos;
        /// and &amp;#n; for control and non-ASCII bytes. Since '&amp;' itself is quoted, this is exact, unlike +Qo (octal),
        /// which leaves '\' alone so that "\101" in a multi-valued IS would be ambiguous.
        /// </summary>
        public static string Unquote(string text)
        {
            if (text.IndexOf('&') < 0) return text;
            var sb = new StringBuilder(text.Length);
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                if (c != '&')
                {
                    sb.Append(c);
                    continue;
                }
                int end = text.IndexOf(';', i);
                if (end < 0) throw new FormatException("Unterminated markup in dcmdump value: " + text);
                string entity = text.Substring(i + 1, end - i - 1);
                switch (entity)
                {
                    case "lt": sb.Append('<'); break;
                    case "gt": sb.Append('>'); break;
                    case "amp": sb.Append('&'); break;
                    case "quot": sb.Append('"'); break;
                    case "apos": sb.Append('\''); break;
                    default:
                        if (entity.Length < 2 || entity[0] != '#' || !int.TryParse(entity.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out int code) || code > 255)
                            throw new FormatException($"Unknown markup '&{entity};' in dcmdump value: {text}");
                        sb.Append((char)code);
                        break;
                }
                i = end;
            }
            return sb.ToString();
        }
    }
}
