using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text;

namespace Deid.Dicom.Tests.Helpers
{
    /// <summary>
    /// One element of a test dataset: a value (bytes exactly as they go in the file), items, or encapsulated
    /// fragments. Written by <see cref="TestEncoder"/>, which shares no code with the codec, so that reading its
    /// output and writing it back with the codec proves something about both halves.
    /// </summary>
    public sealed class TElement
    {
        public TElement(DicomTag tag, string vr)
        {
            Tag = tag;
            VR = vr;
        }

        public DicomTag Tag { get; }

        /// <summary>The two VR letters written in explicit VR headers.</summary>
        public string VR { get; }

        /// <summary>The value bytes as written (padding included, may be odd), for plain elements.</summary>
        public byte[]? Value { get; set; }

        /// <summary>Items, for SQ and for UN of undefined length.</summary>
        public List<TItem>? Items { get; set; }

        /// <summary>Encapsulated pixel data items: the Basic Offset Table first, then fragments.</summary>
        public List<byte[]>? Fragments { get; set; }

        public bool UndefinedLength { get; set; }

        /// <summary>For (gggg,0000): compute the value from the elements that follow in the group; else use <see cref="Value"/>.</summary>
        public bool ComputeGroupLength { get; set; }

        /// <summary>The decoded text values the codec should report (null: not checked).</summary>
        public string[]? Strings { get; set; }

        /// <summary>The decoded numbers the codec should report (null: not checked).</summary>
        public double[]? Numbers { get; set; }

        public bool IsSequence => Items != null;

        public override string ToString() => $"{Tag} {VR}{(UndefinedLength ? " U" : "")}";
    }

    public sealed class TItem
    {
        public List<TElement> Elements { get; set; } = new List<TElement>();

        public bool UndefinedLength { get; set; }
    }

    /// <summary>A whole test file: preamble and meta (optional), transfer syntax and dataset.</summary>
    public sealed class TFile
    {
        public byte[]? Preamble { get; set; }

        public bool HasMeta { get; set; } = true;

        public string TransferSyntaxUid { get; set; } = "1.2.840.10008.1.2.1";

        public bool ExplicitVR { get; set; } = true;

        public bool BigEndian { get; set; }

        public bool Deflated { get; set; }

        public CompressionLevel DeflateLevel { get; set; } = CompressionLevel.Optimal;

        public List<TElement> Dataset { get; set; } = new List<TElement>();

        public override string ToString() => Describe + "\n" + TestEncoder.ExpectedDump(Dataset, ExplicitVR, BigEndian, withVR: true);

        public string Describe => $"{(Preamble != null ? "preamble+" : "")}{(HasMeta ? "meta+" : "")}{TransferSyntaxUid} {(ExplicitVR ? "explicit" : "implicit")}{(BigEndian ? " BE" : " LE")}{(Deflated ? " deflated" : "")}";
    }

    /// <summary>An independent DICOM encoder for tests: PS3.5 §7 element encoding, §7.5 items, §A.4 fragments, PS3.10 §7 meta.</summary>
    public static class TestEncoder
    {
        public const uint Undefined = 0xFFFFFFFF;

        public static byte[] Encode(TFile file)
        {
            using var ms = new MemoryStream();
            if (file.Preamble != null)
            {
                ms.Write(file.Preamble, 0, 128);
                ms.Write(Encoding.ASCII.GetBytes("DICM"), 0, 4);
            }
            if (file.HasMeta)
            {
                var meta = MetaElements(file.TransferSyntaxUid, SopInstance(file.Dataset));
                var bytes = EncodeDataset(meta, explicitVR: true, bigEndian: false);
                ms.Write(bytes, 0, bytes.Length);
            }
            var data = EncodeDataset(file.Dataset, file.ExplicitVR, file.BigEndian);
            if (file.Deflated)
            {
                using (var deflate = new DeflateStream(ms, file.DeflateLevel, leaveOpen: true)) deflate.Write(data, 0, data.Length);
            }
            else
            {
                ms.Write(data, 0, data.Length);
            }
            return ms.ToArray();
        }

        private static string? SopInstance(List<TElement> ds)
        {
            var e = ds.FirstOrDefault(x => x.Tag.Value == 0x00080018 && x.Value != null);
            return e == null ? null : Encoding.ASCII.GetString(e.Value!).TrimEnd('\0', ' ');
        }

        /// <summary>File meta elements (group length computed), Explicit VR Little Endian.</summary>
        public static List<TElement> MetaElements(string tsUid, string? sopInstance)
        {
            var list = new List<TElement>
            {
                new TElement(new DicomTag(0x0002, 0x0000), "UL") { ComputeGroupLength = true },
                new TElement(new DicomTag(0x0002, 0x0001), "OB") { Value = new byte[] { 0, 1 } },
                new TElement(new DicomTag(0x0002, 0x0002), "UI") { Value = Text("1.2.840.10008.5.1.4.1.1.7", '\0') },
            };
            if (sopInstance != null) list.Add(new TElement(new DicomTag(0x0002, 0x0003), "UI") { Value = Text(sopInstance, '\0') });
            list.Add(new TElement(new DicomTag(0x0002, 0x0010), "UI") { Value = Text(tsUid, '\0') });
            list.Add(new TElement(new DicomTag(0x0002, 0x0012), "UI") { Value = Text("1.2.3.4.5.6.7", '\0') });
            list.Add(new TElement(new DicomTag(0x0002, 0x0013), "SH") { Value = Text("DEID_TESTS", ' ') });
            return list;
        }

        /// <summary>ASCII text padded to even length with <paramref name="pad"/>.</summary>
        public static byte[] Text(string s, char pad)
        {
            var b = Encoding.ASCII.GetBytes(s);
            if ((b.Length & 1) == 0) return b;
            Array.Resize(ref b, b.Length + 1);
            b[b.Length - 1] = (byte)pad;
            return b;
        }

        public static byte[] EncodeDataset(IReadOnlyList<TElement> elements, bool explicitVR, bool bigEndian)
        {
            using var ms = new MemoryStream();
            for (int i = 0; i < elements.Count; i++)
            {
                var e = elements[i];
                if (e.ComputeGroupLength)
                {
                    long n = 0;
                    for (int k = i + 1; k < elements.Count && elements[k].Tag.Group == e.Tag.Group; k++)
                        n += EncodeElement(elements[k], explicitVR, bigEndian).Length;
                    var v = new byte[4];
                    if (bigEndian) BinaryPrimitives.WriteUInt32BigEndian(v, (uint)n); else BinaryPrimitives.WriteUInt32LittleEndian(v, (uint)n);
                    var withValue = new TElement(e.Tag, e.VR) { Value = v };
                    Write(ms, EncodeElement(withValue, explicitVR, bigEndian));
                    continue;
                }
                Write(ms, EncodeElement(e, explicitVR, bigEndian));
            }
            return ms.ToArray();
        }

        public static byte[] EncodeElement(TElement e, bool explicitVR, bool bigEndian)
        {
            using var ms = new MemoryStream();
            byte[] body;
            uint length;
            if (e.Items != null)
            {
                // UN of undefined length holds Implicit VR Little Endian items (PS3.5 §6.2.2), also inside big endian data.
                bool itemsImplicit = e.VR == "UN" && explicitVR;
                bool ie = itemsImplicit ? false : bigEndian;
                bool iexplicit = !itemsImplicit && explicitVR;
                using var b = new MemoryStream();
                foreach (var item in e.Items)
                {
                    var content = EncodeDataset(item.Elements, iexplicit, ie);
                    Write(b, TagLength(0xFFFEE000, item.UndefinedLength ? Undefined : (uint)content.Length, ie));
                    Write(b, content);
                    if (item.UndefinedLength) Write(b, TagLength(0xFFFEE00D, 0, ie));
                }
                if (e.UndefinedLength) Write(b, TagLength(0xFFFEE0DD, 0, ie));
                body = b.ToArray();
                length = e.UndefinedLength ? Undefined : (uint)body.Length;
            }
            else if (e.Fragments != null)
            {
                using var b = new MemoryStream();
                foreach (var f in e.Fragments)
                {
                    Write(b, TagLength(0xFFFEE000, (uint)f.Length, bigEndian));
                    Write(b, f);
                }
                Write(b, TagLength(0xFFFEE0DD, 0, bigEndian));
                body = b.ToArray();
                length = Undefined;
            }
            else
            {
                body = e.Value ?? Array.Empty<byte>();
                length = (uint)body.Length;
            }

            var h = new byte[12];
            WriteU16(h, 0, e.Tag.Group, bigEndian);
            WriteU16(h, 2, e.Tag.Element, bigEndian);
            if (!explicitVR)
            {
                WriteU32(h, 4, length, bigEndian);
                ms.Write(h, 0, 8);
            }
            else if (IsLong(e.VR))
            {
                h[4] = (byte)e.VR[0];
                h[5] = (byte)e.VR[1];
                WriteU32(h, 8, length, bigEndian);
                ms.Write(h, 0, 12);
            }
            else
            {
                if (length > 0xFFFF) throw new InvalidOperationException($"test encoder: {e} is too long for a 16-bit length");
                h[4] = (byte)e.VR[0];
                h[5] = (byte)e.VR[1];
                WriteU16(h, 6, (ushort)length, bigEndian);
                ms.Write(h, 0, 8);
            }
            Write(ms, body);
            return ms.ToArray();
        }

        /// <summary>VRs with the 12-byte explicit header (2 reserved bytes, 32-bit length), PS3.5 Table 7.1-1.</summary>
        public static bool IsLong(string vr) => vr is "OB" or "OD" or "OF" or "OL" or "OV" or "OW" or "SQ" or "SV" or "UC" or "UN" or "UR" or "UT" or "UV";

        public static byte[] TagLength(uint tag, uint length, bool bigEndian)
        {
            var b = new byte[8];
            WriteU16(b, 0, (ushort)(tag >> 16), bigEndian);
            WriteU16(b, 2, (ushort)tag, bigEndian);
            WriteU32(b, 4, length, bigEndian);
            return b;
        }

        public static void WriteU16(byte[] b, int at, ushort v, bool be)
        {
            if (be) BinaryPrimitives.WriteUInt16BigEndian(b.AsSpan(at), v); else BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(at), v);
        }

        public static void WriteU32(byte[] b, int at, uint v, bool be)
        {
            if (be) BinaryPrimitives.WriteUInt32BigEndian(b.AsSpan(at), v); else BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(at), v);
        }

        private static void Write(Stream s, byte[] b) => s.Write(b, 0, b.Length);

        /// <summary>
        /// The text <see cref="Dump.Of(DicomDataset, int, bool)"/> should produce for these elements when read as
        /// <paramref name="explicitVR"/>/<paramref name="bigEndian"/>; with <paramref name="withVR"/> false, VRs of implicit VR
        /// data (which come from the dictionary) are left out.
        /// </summary>
        public static string ExpectedDump(IReadOnlyList<TElement> elements, bool explicitVR, bool bigEndian, bool withVR)
        {
            var sb = new StringBuilder();
            AppendExpected(sb, elements, explicitVR, bigEndian, 0, withVR);
            return sb.ToString();
        }

        private static void AppendExpected(StringBuilder sb, IReadOnlyList<TElement> elements, bool explicitVR, bool bigEndian, int indent, bool withVR)
        {
            for (int i = 0; i < elements.Count; i++)
            {
                var e = elements[i];
                sb.Append(' ', indent * 2).Append(e.Tag);
                if (withVR || explicitVR) sb.Append(' ').Append(e.VR);
                sb.Append(e.UndefinedLength || e.Fragments != null ? " U" : " D");
                if (e.Items != null)
                {
                    bool itemsImplicit = e.VR == "UN" && explicitVR;
                    bool iexplicit = !itemsImplicit && explicitVR;
                    bool ibe = !itemsImplicit && bigEndian;
                    sb.Append(" SQ ").Append(e.Items.Count).Append('\n');
                    foreach (var item in e.Items)
                    {
                        sb.Append(' ', indent * 2 + 1).Append("item ").Append(item.UndefinedLength ? "U " : "D ")
                            .Append((iexplicit ? "Explicit" : "Implicit") + (ibe ? " Big Endian" : " Little Endian")).Append('\n');
                        AppendExpected(sb, item.Elements, iexplicit, ibe, indent + 1, withVR);
                    }
                }
                else if (e.Fragments != null)
                {
                    sb.Append(" FRAGS ").Append(e.Fragments.Count).Append('\n');
                    foreach (var f in e.Fragments) sb.Append(' ', indent * 2 + 1).Append(Dump.Hex(f)).Append('\n');
                }
                else
                {
                    byte[] v = e.Value ?? Array.Empty<byte>();
                    if (e.ComputeGroupLength)
                    {
                        long n = 0;
                        for (int k = i + 1; k < elements.Count && elements[k].Tag.Group == e.Tag.Group; k++)
                            n += EncodeElement(elements[k], explicitVR, bigEndian).Length;
                        v = new byte[4];
                        WriteU32(v, 0, (uint)n, bigEndian);
                    }
                    sb.Append(" = ").Append(Dump.Hex(v)).Append('\n');
                }
            }
        }
    }
}
