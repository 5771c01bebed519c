using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Globalization;
using System.IO.Compression;
using System.Linq;
using FsCheck;
using FsCheck.Fluent;

namespace Deid.Dicom.Tests.Helpers
{
    /// <summary>What a generated dataset may contain, and how its values are encoded.</summary>
    public sealed class GenContext
    {
        public bool ExplicitVR { get; init; } = true;

        public bool BigEndian { get; init; }

        public int Depth { get; init; }

        /// <summary>Only what the dataset model can build (SetString, SetNumbers, SetRawValue, GetOrAddSequence, AddItem).</summary>
        public bool ForModel { get; init; }

        public GenContext Nested(bool explicitVR, bool bigEndian) =>
            new GenContext { ExplicitVR = explicitVR, BigEndian = bigEndian, Depth = Depth + 1, ForModel = ForModel };
    }

    /// <summary>
    /// FsCheck generators for DICOM datasets as <see cref="TElement"/> trees: every VR of PS3.5 with well-formed values
    /// (text padded by its VR's rule, numbers in the data's byte order), odd-length raw values, sequences and items of
    /// defined and undefined length, UN of undefined length holding implicit VR items, private blocks, group lengths and
    /// encapsulated pixel data.
    /// </summary>
    public static class DicomGen
    {
        public static readonly string[] ValueVRs =
        {
            "AE", "AS", "AT", "CS", "DA", "DS", "DT", "FD", "FL", "IS", "LO", "LT", "OB", "OD", "OF", "OL", "OV", "OW", "PN",
            "SH", "SL", "SS", "ST", "SV", "TM", "UC", "UI", "UL", "UN", "UR", "US", "UT", "UV",
        };

        private static readonly ushort[] PublicGroups = { 0x0008, 0x0010, 0x0018, 0x0020, 0x0028, 0x0032, 0x0040, 0x0054, 0x3006, 0x300A, 0x5000 };
        private static readonly ushort[] PrivateGroups = { 0x0009, 0x0011, 0x0029, 0x7FD1 };

        /// <summary>Sequence tags that any dictionary knows as SQ (so implicit VR data can hold them with a defined length).</summary>
        private static readonly DicomTag[] DictionarySequenceTags =
            new[] { new DicomTag(0x0008, 0x1110), new DicomTag(0x0008, 0x1115), new DicomTag(0x0008, 0x1140), new DicomTag(0x0040, 0xA730) }
                .Where(t => DicomDictionary.GetVR(t) == DicomVR.SQ).ToArray();

        public static readonly DicomTag SopClassUid = new DicomTag(0x0008, 0x0016);
        public static readonly DicomTag SopInstanceUid = new DicomTag(0x0008, 0x0018);

        // ---- small building blocks -------------------------------------------------------------------------------

        public static Gen<byte[]> Bytes(int min, int max) =>
            from n in Gen.Choose(min, max)
            from b in Gen.ArrayOf(Gen.Choose(0, 255).Select(i => (byte)i), n)
            select b;

        private static Gen<string> Chars(string alphabet, int min, int max) =>
            from n in Gen.Choose(min, max)
            from cs in Gen.ArrayOf(Gen.Elements(alphabet.ToCharArray()), n)
            select new string(cs);

        private static Gen<long> Long(long min, long max) =>
            from hi in Gen.Choose(0, int.MaxValue)
            from lo in Gen.Choose(0, int.MaxValue)
            select min + (long)((((ulong)hi << 31) | (uint)lo) % (ulong)(max - min + 1));

        private const string Upper = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
        private const string Digits = "0123456789";
        private const string Printable = " !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]^_`abcdefghijklmnopqrstuvwxyz{|}~";

        /// <summary>Text values of one VR: no leading or trailing spaces (those are padding), no backslash unless single-valued.</summary>
        private static Gen<string> OneText(string vr)
        {
            switch (vr)
            {
                case "AE": return Chars(Upper + Digits + "_ ", 1, 16).Select(s => s.Trim());
                case "AS": return from n in Chars(Digits, 3, 3) from u in Gen.Elements('D', 'W', 'M', 'Y') select n + u;
                case "CS": return Chars(Upper + Digits + "_ ", 0, 16).Select(s => s.Trim());
                case "DA": return from y in Gen.Choose(1900, 2099) from m in Gen.Choose(1, 12) from d in Gen.Choose(1, 28) select $"{y:0000}{m:00}{d:00}";
                case "DS":
                    return Gen.OneOf(
                        Gen.Choose(-99999999, 99999999).Select(i => (i / 1000.0).ToString("R", CultureInfo.InvariantCulture)),
                        Gen.Choose(-9999, 9999).Select(i => i.ToString(CultureInfo.InvariantCulture) + "e" + (i % 7)));
                case "DT":
                    return from d in OneText("DA")
                           from h in Gen.Choose(0, 23)
                           from mi in Gen.Choose(0, 59)
                           from f in Gen.Choose(0, 999999)
                           from z in Gen.Elements("", "+0100", "-0530")
                           select $"{d}{h:00}{mi:00}00.{f:000000}{z}";
                case "IS": return Gen.Choose(-99999999, 99999999).Select(i => i.ToString(CultureInfo.InvariantCulture));
                case "TM": return from h in Gen.Choose(0, 23) from mi in Gen.Choose(0, 59) from s in Gen.Choose(0, 59) from f in Gen.Choose(0, 999) select $"{h:00}{mi:00}{s:00}.{f:000}";
                case "UI": return from n in Gen.Choose(2, 8) from parts in Gen.ArrayOf(Gen.Choose(0, 99999), n) select "1.2." + string.Join(".", parts);
                case "PN":
                    return from fam in Chars(Upper, 1, 12)
                           from giv in Chars(Upper + "abcdefgh", 0, 12)
                           from ideo in Gen.Elements("", "=", "==")
                           select (fam + "^" + giv + ideo).TrimEnd('^');
                case "SH": return Chars(Upper + Digits + "abc -_.", 0, 16).Select(s => s.Trim());
                case "LO": return Chars(Upper + Digits + "abcdefg -_.()", 0, 64).Select(s => s.Trim());
                case "UC": return Chars(Upper + Digits + "abcdefg -_.", 0, 200).Select(s => s.Trim());
                case "ST": return Chars(Printable + "\\\r\n", 0, 1024).Select(s => s.Trim(' '));
                case "LT": return Chars(Printable + "\\\r\n", 0, 3000).Select(s => s.Trim(' '));
                case "UT": return Chars(Printable + "\\\r\n", 0, 3000).Select(s => s.Trim(' '));
                case "UR": return Chars(Upper + Digits + "abcdefghijklmnop/._~-%", 0, 60).Select(s => "http://example.org/" + s);
                default: throw new ArgumentException(vr);
            }
        }

        private static bool SingleValued(string vr) => vr is "LT" or "ST" or "UT" or "UR";

        /// <summary>A text element: values joined by backslashes, padded to even length (NUL for UI, space otherwise).</summary>
        private static Gen<TElement> TextElement(DicomTag tag, string vr)
        {
            var count = SingleValued(vr) ? Gen.Constant(1) : Gen.Frequency((6, Gen.Constant(1)), (3, Gen.Choose(2, 4)), (1, Gen.Constant(0)));
            return from n in count
                   from values in Gen.ArrayOf(OneText(vr), n)
                   select MakeText(tag, vr, values);
        }

        private static TElement MakeText(DicomTag tag, string vr, string[] values)
        {
            string joined = string.Join("\\", values);
            var bytes = TestEncoder.Text(joined, vr == "UI" ? '\0' : ' ');
            // What a reader reports: no values for an empty element, else one per backslash-separated part.
            string[] expected = joined.Length == 0 ? Array.Empty<string>() : SingleValued(vr) ? new[] { joined } : joined.Split('\\');
            return new TElement(tag, vr) { Value = bytes, Strings = expected };
        }

        private static Gen<double> Number(string vr)
        {
            switch (vr)
            {
                case "US": case "OW": return Gen.Choose(0, 65535).Select(i => (double)i);
                case "SS": return Gen.Choose(short.MinValue, short.MaxValue).Select(i => (double)i);
                case "UL": case "OL": return Long(0, uint.MaxValue).Select(i => (double)i);
                case "SL": return Long(int.MinValue, int.MaxValue).Select(i => (double)i);
                case "FL": case "OF": return Gen.Choose(-1 << 20, 1 << 20).Select(i => (double)(float)(i / 64.0));
                case "FD": case "OD": return Long(-(1L << 52), 1L << 52).Select(i => i / 1024.0);
                case "SV": return Long(-(1L << 53), 1L << 53).Select(i => (double)i);
                case "UV": case "OV": return Long(0, 1L << 53).Select(i => (double)i);
                case "AT": return from g in Gen.Choose(0, 0xFFFF) from e in Gen.Choose(0, 0xFFFF) select (double)(((uint)g << 16) | (uint)e);
                default: throw new ArgumentException(vr);
            }
        }

        private static int Size(string vr) => vr switch
        {
            "US" or "OW" or "SS" => 2,
            "UL" or "OL" or "SL" or "FL" or "OF" or "AT" => 4,
            _ => 8,
        };

        /// <summary>Encodes numbers of a binary VR in the given byte order (test side, independent of the codec).</summary>
        public static byte[] EncodeNumbers(string vr, double[] values, bool be)
        {
            int size = Size(vr);
            var b = new byte[values.Length * size];
            for (int i = 0; i < values.Length; i++)
            {
                var s = b.AsSpan(i * size, size);
                double v = values[i];
                switch (vr)
                {
                    case "US": case "OW": if (be) BinaryPrimitives.WriteUInt16BigEndian(s, (ushort)v); else BinaryPrimitives.WriteUInt16LittleEndian(s, (ushort)v); break;
                    case "SS": if (be) BinaryPrimitives.WriteInt16BigEndian(s, (short)v); else BinaryPrimitives.WriteInt16LittleEndian(s, (short)v); break;
                    case "UL": case "OL": if (be) BinaryPrimitives.WriteUInt32BigEndian(s, (uint)v); else BinaryPrimitives.WriteUInt32LittleEndian(s, (uint)v); break;
                    case "SL": if (be) BinaryPrimitives.WriteInt32BigEndian(s, (int)v); else BinaryPrimitives.WriteInt32LittleEndian(s, (int)v); break;
                    case "FL":
                    case "OF":
                        int fb = BitConverter.SingleToInt32Bits((float)v);
                        if (be) BinaryPrimitives.WriteInt32BigEndian(s, fb); else BinaryPrimitives.WriteInt32LittleEndian(s, fb);
                        break;
                    case "FD":
                    case "OD":
                        long db = BitConverter.DoubleToInt64Bits(v);
                        if (be) BinaryPrimitives.WriteInt64BigEndian(s, db); else BinaryPrimitives.WriteInt64LittleEndian(s, db);
                        break;
                    case "SV": if (be) BinaryPrimitives.WriteInt64BigEndian(s, (long)v); else BinaryPrimitives.WriteInt64LittleEndian(s, (long)v); break;
                    case "UV": case "OV": if (be) BinaryPrimitives.WriteUInt64BigEndian(s, (ulong)v); else BinaryPrimitives.WriteUInt64LittleEndian(s, (ulong)v); break;
                    case "AT":
                        uint t = (uint)v;
                        if (be)
                        {
                            BinaryPrimitives.WriteUInt16BigEndian(s, (ushort)(t >> 16));
                            BinaryPrimitives.WriteUInt16BigEndian(s.Slice(2), (ushort)t);
                        }
                        else
                        {
                            BinaryPrimitives.WriteUInt16LittleEndian(s, (ushort)(t >> 16));
                            BinaryPrimitives.WriteUInt16LittleEndian(s.Slice(2), (ushort)t);
                        }
                        break;
                }
            }
            return b;
        }

        private static bool IsText(string vr) => vr is "AE" or "AS" or "CS" or "DA" or "DS" or "DT" or "IS" or "LO" or "LT" or "PN" or "SH" or "ST" or "TM" or "UC" or "UI" or "UR" or "UT";

        /// <summary>A plain (non-sequence) element of <paramref name="vr"/> with a well-formed value, or now and then an odd-length raw one.</summary>
        public static Gen<TElement> PlainElement(DicomTag tag, string vr, GenContext c)
        {
            Gen<TElement> wellFormed;
            if (IsText(vr))
            {
                wellFormed = TextElement(tag, vr);
            }
            else if (vr is "OB" or "UN")
            {
                wellFormed = Bytes(0, 24).Select(b => new TElement(tag, vr) { Value = b.Length % 2 == 1 ? b.Concat(new byte[1]).ToArray() : b });
            }
            else
            {
                wellFormed = from n in Gen.Choose(0, 4)
                             from values in Gen.ArrayOf(Number(vr), n)
                             select new TElement(tag, vr) { Value = EncodeNumbers(vr, values, c.BigEndian), Numbers = values };
            }
            if (c.ForModel) return wellFormed;
            // Odd lengths and junk happen in real files; they must survive a round trip untouched. Not 13: gdcm reads an implicit
            // VR value of length 13 as one of 10, and the reader refuses such a file (ReaderDifferentialGdcmTests).
            var raw = Bytes(1, 15).Select(b => b.Length % 2 == 0 ? b.Take(b.Length - 1).ToArray() : b)
                .Select(b => new TElement(tag, vr) { Value = b.Length == 13 ? b.Take(11).ToArray() : b });
            return Gen.Frequency((9, wellFormed), (1, raw));
        }

        // ---- tags ----------------------------------------------------------------------------------------------

        private static bool DictionarySaysSequence(DicomTag t) => !t.IsPrivate && DicomDictionary.GetVR(t) == DicomVR.SQ;

        /// <summary>A public tag after SOP Instance UID and before Pixel Data; in implicit VR never one the dictionary calls a sequence.</summary>
        private static Gen<DicomTag> PublicTag(GenContext c) =>
            (from g in Gen.Elements(PublicGroups)
             from e in Gen.Choose(0x0020, 0xFFFF)
             select new DicomTag(g, (ushort)e))
            .Where(t => !DictionarySaysSequence(t) && t != DicomTag.SpecificCharacterSet);

        private static Gen<string> AnyValueVR => Gen.Elements(ValueVRs);

        // ---- elements and datasets -----------------------------------------------------------------------------

        private static Gen<TElement> Plain(GenContext c) =>
            from t in PublicTag(c)
            from vr in AnyValueVR
            from e in PlainElement(t, vr, c)
            select e;

        private static Gen<TItem> Item(GenContext itemContext, int size) =>
            from undefined in Gen.Elements(true, false)
            from elements in Elements(itemContext, size)
            select new TItem { UndefinedLength = undefined, Elements = elements };

        private static Gen<TElement> Sequence(GenContext c, int size)
        {
            var inner = c.Nested(c.ExplicitVR, c.BigEndian);
            Gen<(DicomTag, bool)> tagAndLength;
            if (c.ForModel)
            {
                tagAndLength = PublicTag(c).Select(t => (t, true));
            }
            else if (c.ExplicitVR)
            {
                tagAndLength = from t in Gen.OneOf(PublicTag(c), PrivateDataTag())
                               from u in Gen.Elements(true, false)
                               select (t, u);
            }
            else
            {
                // Implicit VR: only the dictionary says an element is a sequence, unless its length is undefined (then a tag the
                // dictionary does not know: one it gives another VR is refused, since pydicom reads it otherwise).
                var undefinedOnes = PublicTag(c).Where(t => !DicomDictionary.TryGetEntry(t, out _)).Select(t => (t, true));
                tagAndLength = DictionarySequenceTags.Length == 0 ? undefinedOnes
                    : Gen.OneOf(undefinedOnes, Gen.Elements(DictionarySequenceTags).SelectMany(t => Gen.Elements((t, true), (t, false))));
            }
            return from tl in tagAndLength
                   from n in Gen.Frequency((1, Gen.Constant(0)), (4, Gen.Choose(1, 3)))
                   from items in Gen.ArrayOf(Item(inner, size / 2), n)
                   select new TElement(tl.Item1, "SQ") { UndefinedLength = tl.Item2, Items = items.ToList() };
        }

        /// <summary>
        /// UN of undefined length (explicit VR little endian only: in big endian data the reader refuses it, since pydicom reads its
        /// items big endian): its items are Implicit VR Little Endian.
        /// </summary>
        private static Gen<TElement> UnSequence(GenContext c, int size)
        {
            var inner = c.Nested(false, false);
            return from t in Gen.OneOf(PublicTag(c), PrivateDataTag())
                   from n in Gen.Choose(0, 3)
                   from items in Gen.ArrayOf(Item(inner, size / 2), n)
                   select new TElement(t, "UN") { UndefinedLength = true, Items = items.ToList() };
        }

        private static Gen<DicomTag> PrivateDataTag() =>
            from g in Gen.Elements(PrivateGroups)
            from block in Gen.Choose(0x10, 0x12)
            from e in Gen.Choose(0, 0xFF)
            select new DicomTag(g, (ushort)((block << 8) | e));

        /// <summary>A private creator (gggg,00bb) LO and a few elements (gggg,bbxx) of its block.</summary>
        private static Gen<TElement[]> PrivateBlock(GenContext c) =>
            from g in Gen.Elements(PrivateGroups)
            from block in Gen.Choose(0x10, 0x12)
            from n in Gen.Choose(1, 4)
            from offsets in Gen.ArrayOf(Gen.Choose(0, 0xFF), n)
            from vrs in Gen.ArrayOf(AnyValueVR, n)
            from values in Gen.CollectToArray(Enumerable.Range(0, n).Select(i => PlainElement(new DicomTag(g, (ushort)((block << 8) | offsets[i])), vrs[i], c)))
            select new[] { MakeText(new DicomTag(g, (ushort)block), "LO", new[] { $"DEID TEST CREATOR {g:X4} {block:X2}" }) }.Concat(values).ToArray();

        /// <summary>Encapsulated pixel data: a Basic Offset Table (empty or with offsets) and one or more fragments.</summary>
        public static Gen<TElement> Encapsulated(DicomTag tag) =>
            from frames in Gen.Choose(1, 3)
            from fragments in Gen.ArrayOf(Bytes(0, 40).Select(b => b.Length % 2 == 1 ? b.Concat(new byte[] { 0xD9 }).ToArray() : b), frames)
            from withTable in Gen.Elements(true, false)
            select new TElement(tag, "OB")
            {
                UndefinedLength = true,
                Fragments = new[] { withTable ? OffsetTable(fragments) : Array.Empty<byte>() }.Concat(fragments).ToList(),
            };

        private static byte[] OffsetTable(byte[][] fragments)
        {
            var table = new byte[fragments.Length * 4];
            uint at = 0;
            for (int i = 0; i < fragments.Length; i++)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(table.AsSpan(i * 4), at);
                at += 8 + (uint)fragments[i].Length;
            }
            return table;
        }

        /// <summary>The elements of one dataset or item: sorted, unique tags, with group lengths now and then.</summary>
        public static Gen<List<TElement>> Elements(GenContext c, int size)
        {
            int max = Math.Max(0, Math.Min(size, 12));
            var kinds = new List<(int, Gen<TElement[]>)> { (10, Plain(c).Select(e => new[] { e })), (2, PrivateBlock(c)) };
            if (c.Depth < 3 && size > 1)
            {
                kinds.Add((3, Sequence(c, size).Select(e => new[] { e })));
                if (c.ExplicitVR && !c.BigEndian && !c.ForModel) kinds.Add((1, UnSequence(c, size).Select(e => new[] { e })));
            }
            var one = Gen.Frequency(kinds.ToArray());
            return from n in Gen.Choose(0, max)
                   from parts in Gen.ArrayOf(one, n)
                   from groupLengths in Gen.Elements(0, 0, 0, 1, 2)
                   from wrongLength in Bytes(4, 4)
                   select Assemble(parts.SelectMany(p => p), c.ForModel ? 0 : groupLengths, wrongLength);
        }

        private static List<TElement> Assemble(IEnumerable<TElement> elements, int groupLengths, byte[] wrongLength)
        {
            var list = elements.GroupBy(e => e.Tag.Value).Select(g => g.First()).OrderBy(e => e.Tag.Value).ToList();
            if (groupLengths > 0 && list.Count > 0)
            {
                // A group length for the first group: computed right (1) or a stale value the reader must not care about (2).
                var g = list[0].Tag.Group;
                var gl = new TElement(new DicomTag(g, 0x0000), "UL");
                if (groupLengths == 1) gl.ComputeGroupLength = true; else gl.Value = wrongLength;
                list.Insert(0, gl);
            }
            return list;
        }

        /// <summary>A whole top-level dataset: SOP Class/Instance UIDs first, random elements, optional Pixel Data and trailing padding.</summary>
        public static Gen<List<TElement>> TopLevel(GenContext c) =>
            Gen.Sized(size =>
                from uid in OneText("UI")
                from body in Elements(c, Math.Max(2, size / 3))
                from pixel in c.ForModel ? Gen.Constant(0) : Gen.Elements(0, 0, 1, 1, 2)
                from frags in Encapsulated(DicomTag.PixelData)
                from plainPixel in Bytes(0, 64)
                from trailer in c.ForModel ? Gen.Constant(false) : Gen.Frequency((9, Gen.Constant(false)), (1, Gen.Constant(true)))
                select Top(uid, body, pixel, frags, plainPixel, trailer));

        private static List<TElement> Top(string uid, List<TElement> body, int pixel, TElement frags, byte[] plainPixel, bool trailer)
        {
            var list = new List<TElement>
            {
                MakeText(SopClassUid, "UI", new[] { "1.2.840.10008.5.1.4.1.1.7" }),
                MakeText(SopInstanceUid, "UI", new[] { uid }),
            };
            // A group length for group 0008 would have to come first; drop one generated for it.
            list.AddRange(body.Where(e => !(e.Tag.Group == 0x0008 && e.Tag.Element == 0)));
            if (pixel == 1) list.Add(frags);
            if (pixel == 2) list.Add(new TElement(DicomTag.PixelData, "OW") { Value = plainPixel.Length % 2 == 1 ? plainPixel.Skip(1).ToArray() : plainPixel });
            if (trailer) list.Add(new TElement(new DicomTag(0xFFFC, 0xFFFC), "OB") { Value = new byte[6] });
            return list;
        }

        /// <summary>The four transfer syntaxes of the reader's four dataset decoders, plus bare datasets without meta.</summary>
        public static Gen<TFile> File() =>
            from kind in Gen.Choose(0, 3)
            from bare in Gen.Frequency((5, Gen.Constant(0)), (1, Gen.Constant(1)), (1, Gen.Constant(2)))
            from preamble in Bytes(128, 128)
            from level in Gen.Elements(CompressionLevel.Optimal, CompressionLevel.Fastest, CompressionLevel.NoCompression)
            from file in MakeFile(kind, bare, preamble, level)
            select file;

        private static Gen<TFile> MakeFile(int kind, int bare, byte[] preamble, CompressionLevel level)
        {
            bool explicitVR = kind != 0, be = kind == 2, deflated = kind == 3;
            string ts = kind switch { 0 => "1.2.840.10008.1.2", 1 => "1.2.840.10008.1.2.1", 2 => "1.2.840.10008.1.2.2", _ => "1.2.840.10008.1.2.1.99" };
            // Deflated data need the meta to say so; the others may come bare (1: no preamble, 2: "DICM" but no meta).
            if (deflated) bare = 0;
            var c = new GenContext { ExplicitVR = explicitVR, BigEndian = be };
            return TopLevel(c).Select(ds => new TFile
            {
                Preamble = bare == 1 ? null : preamble,
                HasMeta = bare == 0,
                TransferSyntaxUid = ts,
                ExplicitVR = explicitVR,
                BigEndian = be,
                Deflated = deflated,
                DeflateLevel = level,
                Dataset = ds,
            });
        }
    }
}
