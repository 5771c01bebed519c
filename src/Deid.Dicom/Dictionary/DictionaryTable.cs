using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Runtime.CompilerServices;
using System.Text;

namespace Deid.Dicom
{
    /// <summary>
    /// Reading and search helpers shared by the generated dictionary tables (see tools/Generate-Dictionary.ps1). A table is
    /// a UTF-8 string literal, so a span over the assembly's data that costs nothing until read; a row a line, fields
    /// separated by '|'. The generated lookup arrays answer searches; a row's text is read only to make its entry object.
    /// </summary>
    internal static class DictionaryTable
    {
        internal const byte Separator = (byte)'|';

        internal static readonly IReadOnlyList<DicomVR> NoVRs = new ReadOnlyCollection<DicomVR>(Array.Empty<DicomVR>());

        /// <summary>
        /// The start offset of every line from the generated line lengths, plus one entry past the end. The line end is LF
        /// as generated, or CRLF if a checkout converted the source file; anything else throws.
        /// </summary>
        [MethodImpl(HotPath.Optimized)]
        internal static int[] LineStarts(ReadOnlySpan<byte> table, ushort[] lengths, int expectedRows, string tableName)
        {
            if (lengths.Length != expectedRows) throw Mismatch(tableName);
            int newline = lengths.Length > 1 && lengths[0] < table.Length && table[lengths[0]] == (byte)'\r' ? 2 : 1;
            var starts = new int[lengths.Length + 1];
            int pos = 0;
            for (int i = 0; i < lengths.Length; i++)
            {
                starts[i] = pos;
                pos += lengths[i] + newline;
            }
            starts[lengths.Length] = pos;
            if (pos - newline != table.Length) throw Mismatch(tableName);
            return starts;
        }

        [MethodImpl(HotPath.Optimized)]
        internal static InvalidOperationException Mismatch(string tableName) =>
            new InvalidOperationException($"The {tableName} table does not match its lookup arrays. Regenerate it with tools/Generate-Dictionary.ps1.");

        /// <summary>Takes the next '|'-separated field off the front of <paramref name="rest"/>.</summary>
        [MethodImpl(HotPath.Optimized)]
        internal static ReadOnlySpan<byte> NextField(ref ReadOnlySpan<byte> rest)
        {
            // A loop, not span.IndexOf: fields are a few bytes, and under pwsh the framework's search stays in tiered PGO's
            // instrumented code for the whole run (see HotPath).
            int i = 0;
            while (i < rest.Length && rest[i] != Separator) i++;
            if (i == rest.Length)
            {
                var last = rest;
                rest = default;
                return last;
            }
            var field = rest.Slice(0, i);
            rest = rest.Slice(i + 1);
            return field;
        }

        /// <summary>A UTF-8 field as a string, sharing the instances of the commonest short values.</summary>
        [MethodImpl(HotPath.Optimized)]
        internal static string Text(ReadOnlySpan<byte> field)
        {
            if (field.IsEmpty) return string.Empty;
            if (field.Length == 1 && field[0] == (byte)'1') return "1";
            var chars = new char[field.Length];
            for (int i = 0; i < field.Length; i++)
            {
                byte b = field[i];
                if (b >= 0x80) return Encoding.UTF8.GetString(field.ToArray());
                chars[i] = (char)b;
            }
            return new string(chars);
        }

        /// <summary>True when the UTF-8 field holds exactly the ASCII text.</summary>
        [MethodImpl(HotPath.Optimized)]
        internal static bool Equals(ReadOnlySpan<byte> field, string ascii)
        {
            if (field.Length != ascii.Length) return false;
            for (int i = 0; i < field.Length; i++)
            {
                if (field[i] != ascii[i]) return false;
            }
            return true;
        }

        /// <summary>Parses "Y"/"N".</summary>
        [MethodImpl(HotPath.Optimized)]
        internal static bool Retired(ReadOnlySpan<byte> field)
        {
            if (field.Length == 1 && field[0] == (byte)'Y') return true;
            if (field.Length == 1 && field[0] == (byte)'N') return false;
            throw new InvalidOperationException($"Retired flag '{Text(field)}' is neither Y nor N.");
        }

        /// <summary>
        /// Parses an 8-digit hex tag pattern in which 'x' stands for any digit: the value has 0 and the mask 0 for each x.
        /// </summary>
        [MethodImpl(HotPath.Optimized)]
        internal static void Pattern(ReadOnlySpan<byte> field, out uint value, out uint mask)
        {
            if (field.Length != 8) throw new InvalidOperationException($"Tag pattern '{Text(field)}' is not 8 characters.");
            value = 0;
            mask = 0;
            foreach (byte c in field)
            {
                value <<= 4;
                mask <<= 4;
                if (c == (byte)'x') continue;
                int d = c >= '0' && c <= '9' ? c - '0' : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
                if (d < 0) throw new InvalidOperationException($"Tag pattern '{Text(field)}' has a character that is neither an upper-case hex digit nor x.");
                value |= (uint)d;
                mask |= 0xF;
            }
        }

        /// <summary>Formats a tag pattern as "(gggg,eeee)", upper-case hex, with 'x' for each digit the mask leaves out.</summary>
        [MethodImpl(HotPath.Optimized)]
        internal static string FormatPattern(uint value, uint mask)
        {
            const string digits = "0123456789ABCDEF";
            var chars = new char[11];
            chars[0] = '(';
            chars[5] = ',';
            chars[10] = ')';
            for (int nibble = 0; nibble < 8; nibble++)
            {
                int shift = 28 - (4 * nibble);
                int at = nibble < 4 ? 1 + nibble : 2 + nibble;
                chars[at] = ((mask >> shift) & 0xF) == 0 ? 'x' : digits[(int)((value >> shift) & 0xF)];
            }
            return new string(chars);
        }

        /// <summary>Index of <paramref name="value"/> in the ascending array, or -1.</summary>
        [MethodImpl(HotPath.Optimized)]
        internal static int BinarySearch(uint[] sorted, uint value)
        {
            int lo = 0, hi = sorted.Length - 1;
            while (lo <= hi)
            {
                int mid = (int)((uint)(lo + hi) >> 1);
                uint m = sorted[mid];
                if (m == value) return mid;
                if (m < value) lo = mid + 1;
                else hi = mid - 1;
            }
            return -1;
        }

        /// <summary>Index of <paramref name="value"/> in the ascending range [lo, hi) of the array, or -1.</summary>
        [MethodImpl(HotPath.Optimized)]
        internal static int BinarySearch(ulong[] sorted, int lo, int hi, ulong value)
        {
            hi--;
            while (lo <= hi)
            {
                int mid = (int)((uint)(lo + hi) >> 1);
                ulong m = sorted[mid];
                if (m == value) return mid;
                if (m < value) lo = mid + 1;
                else hi = mid - 1;
            }
            return -1;
        }

        /// <summary>Index of <paramref name="key"/> in the array sorted by ordinal comparison, or -1. Does not allocate.</summary>
        [MethodImpl(HotPath.Optimized)]
        internal static int BinarySearch(string[] sorted, ReadOnlySpan<char> key)
        {
            int lo = 0, hi = sorted.Length - 1;
            while (lo <= hi)
            {
                int mid = (int)((uint)(lo + hi) >> 1);
                int c = CompareOrdinal(key, sorted[mid]);
                if (c == 0) return mid;
                if (c > 0) lo = mid + 1;
                else hi = mid - 1;
            }
            return -1;
        }

        /// <summary>
        /// <see cref="string.CompareOrdinal(string, string)"/> for a span, by UTF-16 code unit; a plain loop, because the
        /// keys are short and the vectorised library routine costs more to compile at first use than it saves.
        /// </summary>
        [MethodImpl(HotPath.Optimized)]
        private static int CompareOrdinal(ReadOnlySpan<char> a, string b)
        {
            int n = Math.Min(a.Length, b.Length);
            for (int i = 0; i < n; i++)
            {
                if (a[i] != b[i]) return a[i] - b[i];
            }
            return a.Length - b.Length;
        }

        /// <summary>The text without trailing spaces and NULs, the padding DICOM string values carry.</summary>
        [MethodImpl(HotPath.Optimized)]
        internal static ReadOnlySpan<char> TrimPadding(string text)
        {
            int n = text.Length;
            while (n > 0 && (text[n - 1] == ' ' || text[n - 1] == '\0')) n--;
            return text.AsSpan(0, n);
        }

        /// <summary>Whether the VR is one of PS3.5's; unlike <see cref="DicomVR.IsKnown"/>, with no generic comparer to set up.</summary>
        [MethodImpl(HotPath.Optimized)]
        private static bool IsDefined(DicomVR vr)
        {
            foreach (var known in DicomVR.All)
            {
                if (known == vr) return true;
            }
            return false;
        }

        /// <summary>
        /// Turns '/'-separated VR lists ("US/SS"; empty for none) into read-only lists, one shared instance per distinct
        /// list. Thread-safe.
        /// </summary>
        internal sealed class VRLists
        {
            private readonly List<KeyValuePair<string, IReadOnlyList<DicomVR>>> _lists = new List<KeyValuePair<string, IReadOnlyList<DicomVR>>>();

            internal IReadOnlyList<DicomVR> Get(ReadOnlySpan<byte> field)
            {
                if (field.IsEmpty) return NoVRs;
                lock (_lists)
                {
                    foreach (var pair in _lists)
                    {
                        if (DictionaryTable.Equals(field, pair.Key)) return pair.Value;
                    }
                    string text = Text(field);
                    string[] parts = text.Split('/');
                    var vrs = new DicomVR[parts.Length];
                    for (int i = 0; i < parts.Length; i++)
                    {
                        vrs[i] = parts[i].Length == 2 ? DicomVR.FromBytes((byte)parts[i][0], (byte)parts[i][1]) : DicomVR.None;
                        if (!IsDefined(vrs[i])) throw new InvalidOperationException($"'{text}' is not a list of VRs.");
                    }
                    var list = new ReadOnlyCollection<DicomVR>(vrs);
                    _lists.Add(new KeyValuePair<string, IReadOnlyList<DicomVR>>(text, list));
                    return list;
                }
            }
        }
    }
}
