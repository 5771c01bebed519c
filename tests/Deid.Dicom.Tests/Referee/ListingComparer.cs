using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace Deid.Dicom.Tests.Referee
{
    /// <summary>
    /// Compares dcmdump's listing of a file with our reader's view of it, element by element, on decoded values.
    /// Every rule that lets two different spellings count as equal is here, with the reason for it:
    /// <list type="number">
    /// <item>VR "up" is dcmtk's internal name for UL offsets of a DICOMDIR ((0004,1200), (0004,1202), (0004,1400),
    /// (0004,1420)); it is printed even for explicit VR files whose header says UL (DICOMDIR).</item>
    /// <item>A UN element of undefined length holding items (CP-246, PS3.5 §6.2.2) is printed as "SQ": dcmtk turns
    /// it into a sequence; we keep VR UN and expose the items.</item>
    /// <item>Implicit VR only (the VR is not in the data, both sides take it from a dictionary): "??" (not in dcmtk's
    /// dictionary) is UN; "xs" (US or SS), "ox" (OB or OW) and "lt" (US, SS or OW) are dcmtk's unresolved
    /// ambiguous VRs and match any of theirs; where PS3.6 allows several VRs and the two sides chose differently
    /// (dcmtk resolves US/SS from Pixel Representation, OB/OW from the element), the VRs match when both are allowed
    /// and our bytes are decoded with dcmtk's choice; for private data elements, whose VR comes from two different
    /// private dictionaries, a UN on either side matches and our bytes are decoded with the other side's VR.</item>
    /// <item>Text is compared byte for byte (dcmdump -dc prints the stored bytes, quoted by +Qn) after removing
    /// trailing padding (spaces, NULs) from the whole value, since dcmtk drops the padding byte; then our decoded
    /// values (<see cref="DicomDataset.GetStrings(in DicomElement)"/>) are compared with dcmdump's text split at
    /// backslashes and trimmed by PS3.5's padding rules (<see cref="SplitText"/>).</item>
    /// <item>Encapsulated pixel data stored as OW is printed as OB by dcmtk (PS3.5 §A.4 requires OB).</item>
    /// <item>Numbers are compared as numbers: dcmdump prints FL with 9 significant digits and OW as hex words, we
    /// print shortest round-trip decimals. -0 equals 0 (dcmdump drops the sign), and FD/OD may differ by one unit in
    /// the last place, because dcmtk's own double formatting is sometimes one ulp off (see CompareValue).</item>
    /// <item>Item and sequence delimiters are not compared as lines (dcmdump prints synthesised ones "for
    /// re-encoding"); the undefined-length flags of sequences and items and their counts are compared instead.
    /// DICOMDIR records are printed as "Directory Record" items that do not say how their length was encoded.</item>
    /// </list>
    /// </summary>
    public static class ListingComparer
    {
        private static readonly Encoding Latin1 = Encoding.Latin1;

        /// <summary>The VRs Specific Character Set applies to (PS3.5 §6.1.2.3); the others are the default repertoire.</summary>
        public static bool UsesCharacterSet(string vr) => vr is "SH" or "LO" or "ST" or "LT" or "PN" or "UC" or "UT";

        /// <summary>Compares the listing of a dcmdump run without +U8 (raw bytes) with ours; returns the differences.</summary>
        public static List<string> Compare(IReadOnlyList<DumpRow> dump, IReadOnlyList<OurRow> ours)
        {
            var diffs = new List<string>();
            var byPath = new Dictionary<string, OurRow>(StringComparer.Ordinal);
            foreach (var o in ours) byPath[o.Path] = o;
            var listed = new HashSet<string>(StringComparer.Ordinal);
            // A sequence stored as UN of defined length (CP-246): dcmdump -uc prints its bytes, which begin with an item tag; we
            // read its items (so that actions reach them). The structure below it is ours alone; the bytes are checked by the
            // round-trip tests, which write it back as it was.
            var unSequences = new List<string>();
            foreach (var d in dump)
            {
                listed.Add(d.Path);
                if (!byPath.TryGetValue(d.Path, out var o))
                {
                    diffs.Add($"{d.Path}: only dcmdump lists it: {d.Line.Trim()}");
                    continue;
                }
                if (d.Kind == RowKind.Element && d.VR == "UN" && o.Kind == RowKind.Sequence && o.Element.VR == DicomVR.UN
                    && (d.Value ?? string.Empty).StartsWith("fe\\ff\\00\\e0", StringComparison.Ordinal))
                {
                    unSequences.Add(d.Path + "[");
                    continue;
                }
                try
                {
                    CompareRow(d, o, diffs);
                }
                catch (Exception ex) when (ex is FormatException or OverflowException or ArgumentException or InvalidOperationException)
                {
                    diffs.Add($"{d.Path}: cannot compare ({ex.Message}): {d.Line.Trim()}");
                }
            }
            foreach (var o in ours)
            {
                if (!listed.Contains(o.Path) && !unSequences.Exists(p => o.Path.StartsWith(p, StringComparison.Ordinal)))
                    diffs.Add($"{o.Path}: only we list it ({o.Kind}, VR {o.Element.VR})");
            }
            return diffs;
        }

        /// <summary>
        /// Compares the text of a dcmdump +U8 run (values converted to UTF-8 by dcmtk) with our decoding, for elements
        /// whose VR is affected by Specific Character Set on both sides. Structure is not compared here.
        /// </summary>
        public static List<string> CompareDecodedText(IReadOnlyList<DumpRow> dumpUtf8, IReadOnlyList<OurRow> ours, out int compared)
        {
            compared = 0;
            var diffs = new List<string>();
            var byPath = new Dictionary<string, OurRow>(StringComparer.Ordinal);
            foreach (var o in ours) byPath[o.Path] = o;
            foreach (var d in dumpUtf8)
            {
                if (d.Kind != RowKind.Element || !UsesCharacterSet(d.VR) || !byPath.TryGetValue(d.Path, out var o)) continue;
                var vr = DicomDataset.GetEffectiveVR(o.Element);
                if (!UsesCharacterSet(vr.ToString()) || !o.Element.IsLoaded) continue;
                string theirs = Encoding.UTF8.GetString(Latin1.GetBytes(d.Value ?? string.Empty));
                var expected = SplitText(theirs, vr.ToString());
                var actual = o.Owner.GetStrings(o.Element);
                compared++;
                if (!expected.SequenceEqual(actual, StringComparer.Ordinal))
                    diffs.Add($"{d.Path}: decoded {vr} differs: dcmdump +U8 [{string.Join("\\", expected)}], we [{string.Join("\\", actual)}]");
            }
            return diffs;
        }

        private static void CompareRow(DumpRow d, OurRow o, List<string> diffs)
        {
            var e = o.Element;
            if (d.Kind != o.Kind)
            {
                diffs.Add($"{d.Path}: dcmdump has a {d.Kind}, we have a {o.Kind} (VR {e.VR}): {d.Line.Trim()}");
                return;
            }
            switch (d.Kind)
            {
                case RowKind.Sequence:
                    {
                        if (!VRsAgree(d, o, out _, out string why)) diffs.Add($"{d.Path}: VR dcmdump {d.VR}, we {e.VR}{why}");
                        int count = e.Sequence!.Count;
                        if (d.Count != count) diffs.Add($"{d.Path}: dcmdump counts {d.Count} items, we {count}");
                        if (d.UndefinedLength != e.HasUndefinedLength) diffs.Add($"{d.Path}: undefined length dcmdump {d.UndefinedLength}, we {e.HasUndefinedLength}");
                        return;
                    }
                case RowKind.Item:
                    {
                        var item = o.Item!;
                        if (d.Count >= 0 && d.Count != item.Count) diffs.Add($"{d.Path}: dcmdump counts {d.Count} elements in the item, we {item.Count}");
                        if (d.Line.Contains("length #=", StringComparison.Ordinal) && d.UndefinedLength != item.ItemHasUndefinedLength)
                            diffs.Add($"{d.Path}: item undefined length dcmdump {d.UndefinedLength}, we {item.ItemHasUndefinedLength}");
                        return;
                    }
                case RowKind.PixelSequence:
                    {
                        if (!VRsAgree(d, o, out _, out string why)) diffs.Add($"{d.Path}: VR dcmdump {d.VR}, we {e.VR}{why}");
                        int count = e.Fragments!.Items.Count;
                        if (d.Count != count) diffs.Add($"{d.Path}: dcmdump counts {d.Count} pixel items, we {count}");
                        return;
                    }
                case RowKind.Fragment:
                    {
                        var fragment = e.Fragments!.Items[o.FragmentIndex];
                        byte[] ours = fragment.Reference != null ? fragment.Reference.ReadAll() : fragment.Bytes.ToArray();
                        if (d.Length != ours.Length) diffs.Add($"{d.Path}: fragment length dcmdump {d.Length}, we {ours.Length}");
                        else if (!HexBytes(d.Value).AsSpan().SequenceEqual(ours)) diffs.Add($"{d.Path}: fragment bytes differ");
                        return;
                    }
            }

            if (!VRsAgree(d, o, out var vr, out string reason))
            {
                diffs.Add($"{d.Path}: VR dcmdump {d.VR}, we {e.VR}{reason}: {d.Line.Trim()}");
                return;
            }
            byte[] bytes = e.IsLoaded ? e.RawValue.ToArray() : e.ValueRef!.ReadAll();
            if (d.Length != bytes.Length)
            {
                diffs.Add($"{d.Path}: length dcmdump {d.Length}, we {bytes.Length}");
                return;
            }
            // Decode with our own API when the VR we decode with is the element's; otherwise (an ambiguous VR that
            // dcmtk resolved differently) with our decoder and dcmtk's VR.
            bool ownVR = vr == e.VR && vr == DicomDataset.GetEffectiveVR(e) && e.IsLoaded;
            bool be = o.Owner.Encoding.IsBigEndian;
            string vrName = vr.ToString();
            string? problem = CompareValue(d, vr, bytes, ownVR ? o.Owner.GetStrings(e) : null, be);
            if (problem != null) diffs.Add($"{d.Path} {vrName}: {problem}: {Shorten(d.Line.Trim())}");
        }

        private static string? CompareValue(DumpRow d, DicomVR vr, byte[] bytes, string[]? ourStrings, bool bigEndian)
        {
            string vrName = vr.ToString();
            string theirs = d.Value ?? string.Empty;
            if (vr.IsString)
            {
                string raw = Latin1.GetString(bytes).TrimEnd(' ', '\0');
                if (raw != theirs.TrimEnd(' ', '\0')) return $"stored text differs: we [{Shorten(raw)}]";
                // Decoded values: for default-repertoire VRs and for pure ASCII text, the bytes are the characters
                // in every character set; other text is compared with the +U8 run.
                if (UsesCharacterSet(vrName) && !IsAsciiWithoutEscape(bytes)) return null;
                var expected = SplitText(theirs, vrName);
                var actual = ourStrings ?? SplitText(raw, vrName);
                return expected.SequenceEqual(actual, StringComparer.Ordinal) ? null : $"decoded values differ: dcmdump [{string.Join("\\", expected)}], we [{string.Join("\\", actual)}]";
            }
            if (vr == DicomVR.AT)
            {
                var expected = Split(theirs).Select(ParseTag).ToArray();
                var actual = (ourStrings ?? DicomValueDecoder.DecodeTags(bytes, bigEndian).Select(t => t.ToString()))
                    .Select(ParseTag).ToArray();
                return expected.SequenceEqual(actual) ? null : $"tags differ: we {string.Join("\\", actual.Select(t => t.ToString("X8", CultureInfo.InvariantCulture)))}";
            }
            if (vr == DicomVR.FL || vr == DicomVR.OF || vr == DicomVR.FD || vr == DicomVR.OD)
            {
                bool single = vr == DicomVR.FL || vr == DicomVR.OF;
                var expected = Split(theirs).Select(ParseDouble).ToArray();
                var actual = ourStrings != null ? ourStrings.Select(ParseDouble).ToArray() : DicomValueDecoder.DecodeNumbers(bytes, vr, bigEndian);
                if (expected.Length != actual.Length) return $"{actual.Length} numbers, dcmdump {expected.Length}";
                for (int i = 0; i < expected.Length; i++)
                {
                    // Numeric equality, so -0 equals 0: dcmdump prints a stored -0.0 as "0" (dicomdirtests/77654033/CT2/17106,
                    // (0027,1046) FL, bytes 00 00 00 80). dcmtk formats doubles with its own OFStandard::ftoa, which can be
                    // one unit in the last place off: GREYSCALE_IMAGE.dcm (0018,602c) FD stores 0x3F7A95BFFF498423
                    // (0.0064904689685088305, so pydicom too) and dcmdump prints 0.0064904689685088313, the next double.
                    // So FD and OD may differ by one ulp; FL and OF (printed %.9g, exact) must be equal.
                    double a = expected[i], b = actual[i];
                    bool same = single
                        ? (float)a == (float)b || (float.IsNaN((float)a) && float.IsNaN((float)b))
                        : a == b || (double.IsNaN(a) && double.IsNaN(b)) || Math.BitIncrement(a) == b || Math.BitDecrement(a) == b;
                    if (!same) return $"number {i} differs: dcmdump {expected[i].ToString("R", CultureInfo.InvariantCulture)}, we {actual[i].ToString("R", CultureInfo.InvariantCulture)}";
                }
                return null;
            }
            if (vr == DicomVR.OB || vr == DicomVR.UN)
            {
                return HexBytes(d.Value).AsSpan().SequenceEqual(bytes) ? null : "bytes differ";
            }
            if (vr.IsBinaryNumber)
            {
                // US SS UL SL SV UV OL OV OW: integers, exactly. dcmdump prints OW as 16-bit hex words.
                var expected = vr == DicomVR.OW
                    ? Split(theirs).Select(w => (decimal)ushort.Parse(w, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture)).ToArray()
                    : Split(theirs).Select(s => decimal.Parse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture)).ToArray();
                decimal[] actual = ourStrings != null
                    ? ourStrings.Select(s => decimal.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture)).ToArray()
                    : DecodeIntegers(bytes, vr, bigEndian);
                if (expected.Length != actual.Length) return $"{actual.Length} numbers, dcmdump {expected.Length}";
                for (int i = 0; i < expected.Length; i++)
                {
                    if (expected[i] != actual[i]) return $"number {i} differs: dcmdump {expected[i]}, we {(ourStrings != null ? ourStrings[i] : actual[i].ToString(CultureInfo.InvariantCulture))}";
                }
                return null;
            }
            return $"no comparison rule for VR {vrName}";
        }

        private static decimal[] DecodeIntegers(byte[] bytes, DicomVR vr, bool bigEndian)
        {
            var values = DicomValueDecoder.DecodeIntegers(bytes, vr, bigEndian);
            // UV and OV come back as the same 64 bits in a long.
            bool unsigned = vr == DicomVR.UV || vr == DicomVR.OV;
            return values.Select(v => unsigned ? (decimal)unchecked((ulong)v) : v).ToArray();
        }

        /// <summary>Decides whether dcmdump's VR and ours are the same or equivalent (see the class rules) and which VR to decode with.</summary>
        private static bool VRsAgree(DumpRow d, OurRow o, out DicomVR decodeWith, out string reason)
        {
            var ours = o.Element.VR;
            decodeWith = ours;
            reason = string.Empty;
            string theirs = d.VR;
            if (theirs == ours.ToString()) return true;
            if (theirs == "up" && ours == DicomVR.UL) return true;
            // Encapsulated pixel data stored with VR OW (MR_small_jp2klossless.dcm, rtdose_rle.dcm, 693_J2KI.dcm): dcmtk
            // always prints a pixel sequence as OB, which PS3.5 §A.4 requires; we report the VR that is stored (and
            // write it back unchanged).
            if (o.Kind == RowKind.PixelSequence && theirs == "OB" && ours == DicomVR.OW) return true;
            if (o.Kind == RowKind.Sequence && theirs == "SQ" && ours == DicomVR.UN) return true;
            if (o.Owner.Encoding.IsExplicitVR)
            {
                reason = " (explicit VR: the VR is in the data)";
                return false;
            }
            var tag = o.Element.Tag;
            DicomVR[] allowed = theirs switch
            {
                "??" => new[] { DicomVR.UN },
                "xs" => new[] { DicomVR.US, DicomVR.SS },
                "ox" => new[] { DicomVR.OB, DicomVR.OW },
                "lt" => new[] { DicomVR.US, DicomVR.SS, DicomVR.OW },
                _ => Array.Empty<DicomVR>(),
            };
            if (allowed.Contains(ours)) return true;
            bool concrete = DicomVR.TryParse(theirs, out var theirVR) && theirs == theirs.ToUpperInvariant();
            if (!concrete)
            {
                reason = " (implicit VR: dcmtk's VR code does not cover ours)";
                return false;
            }
            if (tag.IsPrivate)
            {
                if (ours == DicomVR.UN || theirVR == DicomVR.UN)
                {
                    if (theirVR != DicomVR.UN) decodeWith = theirVR;
                    return true;
                }
                reason = " (implicit VR private element: both private dictionaries know it, differently)";
                return false;
            }
            if (DicomDictionary.TryGetEntry(tag, out var entry) && entry.AllowedVRs.Contains(ours) && entry.AllowedVRs.Contains(theirVR))
            {
                decodeWith = theirVR;
                return true;
            }
            reason = " (implicit VR: not an ambiguous dictionary VR)";
            return false;
        }

        /// <summary>
        /// The referee's own reading of a text value (PS3.5 §6.2): split at backslashes except for the single-valued
        /// LT, ST, UT and UR; trailing spaces and NULs are padding; leading spaces are insignificant only in AE, CS,
        /// DS and IS, and not allowed in DA, DT, TM, UI and AS, so they are trimmed there and kept elsewhere.
        /// </summary>
        public static string[] SplitText(string text, string vr)
        {
            if (text.Length == 0) return Array.Empty<string>();
            bool single = vr is "LT" or "ST" or "UT" or "UR";
            bool trimLeading = vr is "AE" or "CS" or "DS" or "IS" or "DA" or "DT" or "TM" or "UI" or "AS";
            var parts = single ? new[] { text } : text.Split('\\');
            return parts.Select(p =>
            {
                p = p.TrimEnd(' ', '\0');
                return trimLeading ? p.TrimStart(' ') : p;
            }).ToArray();
        }

        private static bool IsAsciiWithoutEscape(byte[] bytes)
        {
            foreach (byte b in bytes)
            {
                if (b >= 0x80 || b == 0x1B) return false;
            }
            return true;
        }

        private static string[] Split(string text) => text.Length == 0 ? Array.Empty<string>() : text.Split('\\');

        private static uint ParseTag(string text)
        {
            text = text.Trim();
            if (text.Length != 11 || text[0] != '(' || text[5] != ',' || text[10] != ')') throw new FormatException("Not a tag: " + text);
            return (uint.Parse(text.AsSpan(1, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture) << 16)
                | uint.Parse(text.AsSpan(6, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
        }

        private static double ParseDouble(string text) => text.Trim().ToLowerInvariant() switch
        {
            "nan" or "-nan" => double.NaN,
            "inf" or "+inf" or "infinity" => double.PositiveInfinity,
            "-inf" or "-infinity" => double.NegativeInfinity,
            var s => double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture),
        };

        private static byte[] HexBytes(string? text)
        {
            if (string.IsNullOrEmpty(text)) return Array.Empty<byte>();
            var parts = text.Split('\\');
            var bytes = new byte[parts.Length];
            for (int i = 0; i < parts.Length; i++) bytes[i] = byte.Parse(parts[i], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
            return bytes;
        }

        private static string Shorten(string s) => s.Length <= 200 ? s : s.Substring(0, 200) + "...";
    }
}
