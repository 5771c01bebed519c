using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Text;

namespace Deid.Dicom.Tests.Helpers
{
    /// <summary>A length (or reserved) field found in a file: where it is and how wide.</summary>
    public readonly record struct Field(int Offset, int Size, bool BigEndian, string What);

    /// <summary>
    /// A test-side walk over a file's element structure (independent of the codec's reader) that finds the length
    /// fields of elements, items and delimiters, so mutations can aim at them. It is a heuristic: it stops quietly
    /// where the data stop making sense.
    /// </summary>
    public static class Structure
    {
        /// <summary>
        /// The file as the codec sees its structure: for a deflated file, the header (preamble and meta) followed by the
        /// inflated dataset; otherwise the file itself. <paramref name="dataStart"/> is where the dataset begins.
        /// </summary>
        public static byte[] Logical(byte[] file, out int dataStart, out bool deflated)
        {
            var fields = new List<Field>();
            dataStart = WalkMeta(file, fields, out string? ts);
            deflated = ts == "1.2.840.10008.1.2.1.99";
            if (!deflated) return file;
            using var inflated = new MemoryStream();
            using (var d = new DeflateStream(new MemoryStream(file, dataStart, file.Length - dataStart), CompressionMode.Decompress)) d.CopyTo(inflated);
            var result = new byte[dataStart + inflated.Length];
            Array.Copy(file, result, dataStart);
            inflated.ToArray().CopyTo(result, dataStart);
            return result;
        }

        /// <summary>Turns a (mutated) logical file back into a file: the dataset part deflated again when it was deflated.</summary>
        public static byte[] Physical(byte[] logical, int dataStart, bool deflated)
        {
            if (!deflated || logical.Length <= dataStart) return logical;
            using var ms = new MemoryStream();
            ms.Write(logical, 0, dataStart);
            using (var d = new DeflateStream(ms, CompressionLevel.Optimal, leaveOpen: true)) d.Write(logical, dataStart, logical.Length - dataStart);
            return ms.ToArray();
        }

        /// <summary>Every length field (and reserved field of long explicit headers) in a logical file.</summary>
        public static List<Field> LengthFields(byte[] logical)
        {
            var fields = new List<Field>();
            int pos = WalkMeta(logical, fields, out string? ts);
            bool explicitVR = ts != "1.2.840.10008.1.2";
            bool be = ts == "1.2.840.10008.1.2.2";
            if (ts == null && pos + 6 <= logical.Length)
            {
                explicitVR = logical[pos + 4] is >= (byte)'A' and <= (byte)'Z' && logical[pos + 5] is >= (byte)'A' and <= (byte)'Z';
                be = explicitVR && logical[pos] == 0;
            }
            try
            {
                Walk(logical, ref pos, logical.Length, explicitVR, be, fields, untilItemDelimiter: false, depth: 0);
            }
            catch (Exception ex) when (ex is IndexOutOfRangeException or ArgumentOutOfRangeException or InvalidDataException)
            {
                // The walk is best effort.
            }
            return fields;
        }

        private static int WalkMeta(byte[] b, List<Field> fields, out string? ts)
        {
            ts = null;
            int pos = b.Length >= 132 && Encoding.ASCII.GetString(b, 128, 4) == "DICM" ? 132 : 0;
            while (pos + 8 <= b.Length && U16(b, pos, false) == 0x0002)
            {
                ushort el = U16(b, pos + 2, false);
                string vr = Encoding.ASCII.GetString(b, pos + 4, 2);
                int len, header;
                if (TestEncoder.IsLong(vr))
                {
                    fields.Add(new Field(pos + 6, 2, false, "reserved"));
                    fields.Add(new Field(pos + 8, 4, false, $"meta (0002,{el:X4}) length"));
                    len = (int)Math.Min(U32(b, pos + 8, false), int.MaxValue);
                    header = 12;
                }
                else
                {
                    fields.Add(new Field(pos + 6, 2, false, $"meta (0002,{el:X4}) length"));
                    len = U16(b, pos + 6, false);
                    header = 8;
                }
                if (pos + header + len > b.Length) break;
                if (el == 0x0010) ts = Encoding.ASCII.GetString(b, pos + header, len).TrimEnd('\0', ' ');
                pos += header + len;
            }
            return pos;
        }

        private static void Walk(byte[] b, ref int pos, int end, bool explicitVR, bool be, List<Field> fields, bool untilItemDelimiter, int depth)
        {
            while (pos + 8 <= end && depth < 32)
            {
                var tag = new DicomTag(U16(b, pos, be), U16(b, pos + 2, be));
                if (tag == DicomTag.ItemDelimitationItem)
                {
                    fields.Add(new Field(pos + 4, 4, be, "item delimiter length"));
                    pos += 8;
                    if (untilItemDelimiter) return;
                    continue;
                }
                string vr = explicitVR ? Encoding.ASCII.GetString(b, pos + 4, 2) : "";
                uint len;
                if (explicitVR && TestEncoder.IsLong(vr))
                {
                    fields.Add(new Field(pos + 6, 2, be, $"{tag} reserved"));
                    fields.Add(new Field(pos + 8, 4, be, $"{tag} {vr} length"));
                    len = U32(b, pos + 8, be);
                    pos += 12;
                }
                else if (explicitVR)
                {
                    fields.Add(new Field(pos + 6, 2, be, $"{tag} {vr} length"));
                    len = U16(b, pos + 6, be);
                    pos += 8;
                }
                else
                {
                    fields.Add(new Field(pos + 4, 4, be, $"{tag} length"));
                    len = U32(b, pos + 4, be);
                    pos += 8;
                }
                if (len == 0xFFFFFFFF)
                {
                    if (tag == DicomTag.PixelData || vr == "OB" || vr == "OW") Fragments(b, ref pos, be, fields);
                    else Items(b, ref pos, -1, !(vr == "UN") && explicitVR, vr != "UN" && be, fields, depth);
                    continue;
                }
                if (pos + len > end) return;
                bool looksLikeItems = len >= 8 && U16(b, pos, be) == 0xFFFE && U16(b, pos + 2, be) == 0xE000;
                if (vr == "SQ" || (!explicitVR && looksLikeItems)) Items(b, ref pos, pos + (int)len, explicitVR, be, fields, depth);
                else pos += (int)len;
            }
        }

        private static void Items(byte[] b, ref int pos, int end, bool explicitVR, bool be, List<Field> fields, int depth)
        {
            while (pos + 8 <= b.Length && (end < 0 || pos < end))
            {
                var tag = new DicomTag(U16(b, pos, be), U16(b, pos + 2, be));
                uint len = U32(b, pos + 4, be);
                if (tag == DicomTag.SequenceDelimitationItem)
                {
                    fields.Add(new Field(pos + 4, 4, be, "sequence delimiter length"));
                    pos += 8;
                    return;
                }
                if (tag != DicomTag.Item) return;
                fields.Add(new Field(pos + 4, 4, be, "item length"));
                pos += 8;
                if (len == 0xFFFFFFFF) Walk(b, ref pos, b.Length, explicitVR, be, fields, untilItemDelimiter: true, depth + 1);
                else
                {
                    int itemEnd = (int)Math.Min(pos + (long)len, b.Length);
                    Walk(b, ref pos, itemEnd, explicitVR, be, fields, untilItemDelimiter: false, depth + 1);
                    pos = itemEnd;
                }
            }
        }

        private static void Fragments(byte[] b, ref int pos, bool be, List<Field> fields)
        {
            while (pos + 8 <= b.Length)
            {
                var tag = new DicomTag(U16(b, pos, be), U16(b, pos + 2, be));
                uint len = U32(b, pos + 4, be);
                fields.Add(new Field(pos + 4, 4, be, tag == DicomTag.SequenceDelimitationItem ? "fragments delimiter length" : "fragment length"));
                pos += 8;
                if (tag != DicomTag.Item) return;
                if (pos + (long)len > b.Length) return;
                pos += (int)len;
            }
        }

        public static ushort U16(byte[] b, int at, bool be) => be ? BinaryPrimitives.ReadUInt16BigEndian(b.AsSpan(at)) : BinaryPrimitives.ReadUInt16LittleEndian(b.AsSpan(at));

        public static uint U32(byte[] b, int at, bool be) => be ? BinaryPrimitives.ReadUInt32BigEndian(b.AsSpan(at)) : BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(at));
    }
}
