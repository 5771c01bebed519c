using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using Deid.Dicom;

namespace Deid.Fuzz
{
    /// <summary>The kinds of damage a mutant carries; each case picks one (or two) by its seed.</summary>
    public enum FuzzMutation
    {
        Truncate,
        ByteFlips,
        LengthField,
        DeepNesting,
        HugePrivateBlock,
        EmptyItems,
        DeflateBomb,
        BadCharacterSet,
        PixelFragments,
        PixelGeometry,
        InflatedDataset,
    }

    /// <summary>Makes one mutant of a seed from a seeded random source: the same (seed, case) always gives the same bytes.</summary>
    public sealed partial class FuzzMutator
    {
        private static readonly DicomTag Nest = new DicomTag(0x0040, 0xA730);
        private readonly long _inflateLimit;
        private readonly int _maxPrivateElements;
        private readonly Dictionary<long, byte[]> _bombs = new Dictionary<long, byte[]>();

        /// <summary>
        /// Creates a mutator whose deflate bombs inflate past <paramref name="inflateLimit"/> and whose largest private
        /// block holds <paramref name="maxPrivateElements"/> elements.
        /// </summary>
        public FuzzMutator(long inflateLimit, int maxPrivateElements, int maxEmptyItems = 2_100_000)
        {
            _inflateLimit = inflateLimit;
            _maxPrivateElements = maxPrivateElements;
            _maxEmptyItems = maxEmptyItems;
        }

        private readonly int _maxEmptyItems;

        public byte[] Mutate(FuzzSeed seed, Random rnd, out string description)
        {
            var kind = (FuzzMutation)rnd.Next(Enum.GetValues(typeof(FuzzMutation)).Length);
            byte[] result = Apply(kind, seed, rnd, out description);
            description = kind + ": " + description;
            // One case in eight carries a second, unstructured mutation on top.
            if (rnd.Next(8) == 0 && result.Length > 0)
            {
                result = Flips(result, rnd, Math.Min(result.Length, 132), out var more);
                description += "; " + more;
            }
            return result;
        }

        private byte[] Apply(FuzzMutation kind, FuzzSeed seed, Random rnd, out string description)
        {
            var b = seed.Bytes;
            int start = seed.DatasetStart > 0 ? (int)seed.DatasetStart : Math.Min(132, b.Length);
            switch (kind)
            {
                case FuzzMutation.Truncate:
                    {
                        int at = rnd.Next(2) == 0 ? rnd.Next(b.Length) : Math.Max(0, b.Length - 1 - rnd.Next(Math.Min(b.Length, 64)));
                        description = $"truncated at {at}";
                        return b.AsSpan(0, at).ToArray();
                    }
                case FuzzMutation.ByteFlips:
                    return Flips(b, rnd, start, out description);
                case FuzzMutation.LengthField:
                    return LengthField(b, rnd, start, seed.Encoding, out description);
                case FuzzMutation.DeepNesting when seed.Encoding is DicomEncoding enc && !enc.IsBigEndian && !seed.Deflated:
                    {
                        int levels = new[] { 65, 300, 10_000 }[rnd.Next(3)];
                        bool closed = rnd.Next(2) == 0;
                        description = $"{levels} nested sequences ({(closed ? "closed" : "unclosed")}) inserted";
                        return Insert(b, InsertionPoint(seed, b), Nested(levels, closed, enc.IsExplicitVR));
                    }
                case FuzzMutation.HugePrivateBlock when seed.Encoding is DicomEncoding enc && !enc.IsBigEndian && !seed.Deflated:
                    return Insert(b, InsertionPoint(seed, b), PrivateBlock(rnd, enc.IsExplicitVR, _maxPrivateElements, out description));
                case FuzzMutation.EmptyItems when seed.Encoding is DicomEncoding enc && !enc.IsBigEndian && !seed.Deflated:
                    {
                        int items = new[] { 1_000, Math.Min(250_000, _maxEmptyItems), _maxEmptyItems }[rnd.Next(3)];
                        description = $"{items} empty items inserted";
                        return Insert(b, InsertionPoint(seed, b), EmptyItemFlood(items, enc.IsExplicitVR));
                    }
                case FuzzMutation.DeflateBomb:
                    return DeflateBomb(rnd, out description);
                case FuzzMutation.InflatedDataset:
                    return InflatedDataset(seed, rnd, out description);
                case FuzzMutation.BadCharacterSet:
                    return BadCharacterSet(seed, rnd, out description);
                case FuzzMutation.PixelFragments:
                    return PixelFragments(seed, rnd, out description);
                case FuzzMutation.PixelGeometry:
                    return PixelGeometry(seed, rnd, out description);
                default:
                    return Flips(b, rnd, start, out description);
            }
        }

        private static int InsertionPoint(FuzzSeed seed, byte[] b) =>
            seed.PixelDataOffset > 0 ? (int)seed.PixelDataOffset : b.Length;

        private static byte[] Insert(byte[] b, int at, byte[] what)
        {
            var r = new byte[b.Length + what.Length];
            b.AsSpan(0, at).CopyTo(r);
            what.CopyTo(r, at);
            b.AsSpan(at).CopyTo(r.AsSpan(at + what.Length));
            return r;
        }

        private static byte[] Flips(byte[] b, Random rnd, int start, out string description)
        {
            var r = (byte[])b.Clone();
            if (r.Length == 0)
            {
                description = "empty";
                return r;
            }
            int n = 1 + rnd.Next(8);
            var where = new List<string>();
            for (int i = 0; i < n; i++)
            {
                int at = start < r.Length ? start + rnd.Next(r.Length - start) : rnd.Next(r.Length);
                byte v = rnd.Next(4) switch { 0 => 0, 1 => 0xFF, 2 => (byte)(r[at] ^ (1 << rnd.Next(8))), _ => (byte)rnd.Next(256) };
                r[at] = v;
                where.Add($"{at}=0x{v:X2}");
            }
            description = "bytes " + string.Join(",", where);
            return r;
        }

        /// <summary>
        /// A deflated seed damaged inside its inflated dataset (cut short, a length field, bytes) and deflated again, so that the
        /// reader meets the damage in well-formed compressed data: the large values of a deflated file refer to the dataset
        /// inflated again when read (InflatedValueSource), and a value the data cut short must be refused where it starts.
        /// </summary>
        private static byte[] InflatedDataset(FuzzSeed seed, Random rnd, out string description)
        {
            var b = seed.Bytes;
            long deflatedStart = seed.DeflatedStart;
            string from = "";
            if (!seed.Deflated)
            {
                // Any seed that reads, written deflated first: the corpus holds few deflated files.
                try
                {
                    var file = DicomFile.Open(b);
                    file.ChangeTransferSyntax(TransferSyntax.DeflatedExplicitVRLittleEndian);
                    var written = new MemoryStream();
                    DicomWriter.Write(file, written);
                    b = written.ToArray();
                    deflatedStart = Deid.Audit.DeidAudit.MetaEnd(b, out _);
                    from = "written deflated, ";
                }
                catch (Exception ex) when (ex is DicomFormatException || ex is InvalidOperationException || ex is NotSupportedException || ex is ArgumentException)
                {
                    deflatedStart = -1;
                }
            }
            if (deflatedStart <= 0) return Flips(seed.Bytes, rnd, Math.Min(132, seed.Bytes.Length), out description);
            int start = (int)deflatedStart;
            byte[] inflated;
            try
            {
                using var d = new DeflateStream(new MemoryStream(b, start, b.Length - start), CompressionMode.Decompress);
                var ms = new MemoryStream();
                d.CopyTo(ms);
                inflated = ms.ToArray();
            }
            catch (InvalidDataException)
            {
                return Flips(b, rnd, start, out description);
            }
            byte[] mutated;
            string what;
            switch (rnd.Next(3))
            {
                case 0:
                    int at = rnd.Next(inflated.Length + 1);
                    mutated = inflated.AsSpan(0, at).ToArray();
                    what = $"cut at {at} of {inflated.Length}";
                    break;
                case 1:
                    mutated = LengthField(inflated, rnd, 0, new DicomEncoding(true, false), out what);
                    break;
                default:
                    mutated = Flips(inflated, rnd, 0, out what);
                    break;
            }
            var output = new MemoryStream();
            output.Write(b, 0, start);
            using (var d = new DeflateStream(output, CompressionLevel.Fastest, leaveOpen: true)) d.Write(mutated, 0, mutated.Length);
            description = from + "inflated dataset " + what + ", deflated again";
            return output.ToArray();
        }

        /// <summary>Finds what looks like an element or item header and sets its length to 0, odd, 0xFFFFFFFE or past the end.</summary>
        private static byte[] LengthField(byte[] b, Random rnd, int start, DicomEncoding? encoding, out string description)
        {
            var candidates = new List<(int Offset, int Size)>();
            bool explicitVR = encoding?.IsExplicitVR ?? true;
            for (int i = start; i + 12 <= b.Length; i += 2)
            {
                ushort group = BinaryPrimitives.ReadUInt16LittleEndian(b.AsSpan(i));
                if (group == 0xFFFE && b[i + 3] == 0xE0) candidates.Add((i + 4, 4));
                else if (explicitVR && (group & 1) == 0 && group != 0 && b[i + 4] is >= (byte)'A' and <= (byte)'Z' && b[i + 5] is >= (byte)'A' and <= (byte)'Z')
                {
                    var vr = DicomVR.FromBytes(b[i + 4], b[i + 5]);
                    if (!vr.IsKnown) continue;
                    candidates.Add(vr.HasLongLength ? (i + 8, 4) : (i + 6, 2));
                }
                else if (!explicitVR && group is 0x0008 or 0x0010 or 0x0018 or 0x0020 or 0x0028 or 0x0040 or 0x7FE0) candidates.Add((i + 4, 4));
                if (candidates.Count > 4096) break;
            }
            if (candidates.Count == 0) return Flips(b, rnd, start, out description);
            var (offset, size) = candidates[rnd.Next(candidates.Count)];
            uint remaining = (uint)(b.Length - offset - size);
            uint value = rnd.Next(7) switch
            {
                0 => 0,
                1 => (uint)(rnd.Next(1, 200) | 1),
                2 => 0xFFFFFFFE,
                3 => 0xFFFFFFFF,
                4 => remaining + 1 + (uint)rnd.Next(16),
                5 => remaining | 1,
                _ => (uint)rnd.Next(),
            };
            var r = (byte[])b.Clone();
            if (size == 4) BinaryPrimitives.WriteUInt32LittleEndian(r.AsSpan(offset), value);
            else BinaryPrimitives.WriteUInt16LittleEndian(r.AsSpan(offset), (ushort)value);
            description = $"length at {offset} ({size} bytes) = 0x{value:X}";
            return r;
        }

        private static void Header(Stream s, DicomTag tag, string vr, uint length, bool explicitVR)
        {
            Span<byte> h = stackalloc byte[12];
            BinaryPrimitives.WriteUInt16LittleEndian(h, tag.Group);
            BinaryPrimitives.WriteUInt16LittleEndian(h.Slice(2), tag.Element);
            if (!explicitVR)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(h.Slice(4), length);
                s.Write(h.Slice(0, 8));
                return;
            }
            h[4] = (byte)vr[0];
            h[5] = (byte)vr[1];
            if (vr is "OB" or "OW" or "SQ" or "UN" or "UT" or "UC")
            {
                h[6] = 0;
                h[7] = 0;
                BinaryPrimitives.WriteUInt32LittleEndian(h.Slice(8), length);
                s.Write(h);
            }
            else
            {
                BinaryPrimitives.WriteUInt16LittleEndian(h.Slice(6), (ushort)length);
                s.Write(h.Slice(0, 8));
            }
        }

        private static void Item(Stream s, uint tag, uint length)
        {
            Span<byte> h = stackalloc byte[8];
            BinaryPrimitives.WriteUInt32LittleEndian(h, (tag >> 16) | (tag << 16));
            BinaryPrimitives.WriteUInt32LittleEndian(h.Slice(4), length);
            s.Write(h);
        }

        private static byte[] Nested(int levels, bool closed, bool explicitVR)
        {
            var ms = new MemoryStream();
            for (int i = 0; i < levels; i++)
            {
                Header(ms, Nest, "SQ", 0xFFFFFFFF, explicitVR);
                Item(ms, 0xFFFEE000, 0xFFFFFFFF);
            }
            if (closed)
            {
                for (int i = 0; i < levels; i++)
                {
                    Item(ms, 0xFFFEE00D, 0);
                    Item(ms, 0xFFFEE0DD, 0);
                }
            }
            return ms.ToArray();
        }

        private static byte[] PrivateBlock(Random rnd, bool explicitVR, int maxElements, out string description)
        {
            var ms = new MemoryStream();
            if (rnd.Next(2) == 0)
            {
                // One huge private value.
                int size = Math.Min((1 + rnd.Next(8)) << 20, maxElements * 20);
                Header(ms, new DicomTag(0x0009, 0x0010), "LO", 4, explicitVR);
                ms.Write("FUZZ"u8);
                Header(ms, new DicomTag(0x0009, 0x1000), "OB", (uint)size, explicitVR);
                var value = new byte[size];
                rnd.NextBytes(value.AsSpan(0, Math.Min(size, 4096)));
                ms.Write(value);
                description = $"private value of {size} bytes inserted";
                return ms.ToArray();
            }
            int count = new[] { Math.Min(5_000, maxElements), Math.Min(50_000, maxElements), maxElements }[rnd.Next(3)];
            for (int k = 0; k < count; k++)
            {
                ushort group = (ushort)(0x0009 + 2 * (k / 256 % 0x7F00));
                if (k % 256 == 0)
                {
                    Header(ms, new DicomTag(group, 0x0010), "LO", 4, explicitVR);
                    ms.Write("FUZZ"u8);
                }
                Header(ms, new DicomTag(group, (ushort)(0x1000 | (k % 256))), "LO", 2, explicitVR);
                ms.Write("AB"u8);
            }
            description = $"{count} private elements inserted";
            return ms.ToArray();
        }

        private static byte[] EmptyItemFlood(int items, bool explicitVR)
        {
            var ms = new MemoryStream(items * 8 + 32);
            Header(ms, new DicomTag(0x0009, 0x0010), "LO", 4, explicitVR);
            ms.Write("FUZZ"u8);
            Header(ms, new DicomTag(0x0009, 0x1001), explicitVR ? "SQ" : "UN", 0xFFFFFFFF, explicitVR);
            for (int i = 0; i < items; i++) Item(ms, 0xFFFEE000, 0);
            Item(ms, 0xFFFEE0DD, 0);
            return ms.ToArray();
        }

        /// <summary>A deflated file whose dataset inflates past the limit (cached: compressing is the slow part).</summary>
        private byte[] DeflateBomb(Random rnd, out string description)
        {
            long size = _inflateLimit * (1 + rnd.Next(2)) + 1024;
            if (!_bombs.TryGetValue(size, out var bomb))
            {
                var meta = new MemoryStream();
                meta.Write(new byte[128]);
                meta.Write("DICM"u8);
                var ts = "1.2.840.10008.1.2.1.99\0"u8.ToArray();
                var elements = new MemoryStream();
                Header(elements, new DicomTag(0x0002, 0x0001), "OB", 2, true);
                elements.Write(new byte[] { 0, 1 });
                Header(elements, new DicomTag(0x0002, 0x0010), "UI", (uint)ts.Length, true);
                elements.Write(ts);
                Header(meta, new DicomTag(0x0002, 0x0000), "UL", 4, true);
                meta.Write(BitConverter.GetBytes((uint)elements.Length));
                elements.WriteTo(meta);
                using (var deflate = new DeflateStream(meta, CompressionLevel.Fastest, leaveOpen: true))
                {
                    Header(deflate, new DicomTag(0x0008, 0x0016), "UI", 4, true);
                    deflate.Write("1.2\0"u8);
                    Header(deflate, new DicomTag(0x0011, 0x1010), "OB", (uint)Math.Min(size, 0xFFFFFFF0), true);
                    var zeros = new byte[1 << 20];
                    for (long left = size; left > 0; left -= zeros.Length) deflate.Write(zeros, 0, (int)Math.Min(zeros.Length, left));
                }
                bomb = meta.ToArray();
                _bombs[size] = bomb;
            }
            description = $"deflate bomb of {bomb.Length} bytes inflating to {size}";
            return bomb;
        }
    }
}
