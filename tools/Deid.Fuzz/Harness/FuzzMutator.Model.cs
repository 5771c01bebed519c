using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Text;
using Deid.Dicom;

namespace Deid.Fuzz
{
    public sealed partial class FuzzMutator
    {
        private static readonly string[] CharacterSets =
        {
            "ISO 2022 IR 87", "ISO_IR 192", @"\\\", "ISO 2022 IR 149\\ISO 2022 IR 87", "GB18030\\ISO 2022 IR 58", "ISO_IR 999",
            "\\ISO 2022 IR 87\\ISO 2022 IR 159\\ISO 2022 IR 13", "ISO 2022 IR 6\\ISO 2022 IR 100\\ISO 2022 IR 126\\ISO 2022 IR 166",
            "ISO_IR 13\\ISO_IR 13", "GBK", "  ", "ISO 2022 IR 100\\ISO_IR 192",
        };

        /// <summary>Reads the seed to edit it through the model; null when it does not read (the caller flips bytes instead).</summary>
        private static DicomFile? TryOpen(FuzzSeed seed)
        {
            try
            {
                return DicomFile.Open(seed.Bytes, new DicomReadOptions { LargeValueThreshold = int.MaxValue }, seed.Name);
            }
            catch (DicomFormatException)
            {
                return null;
            }
        }

        private static byte[] Written(DicomFile file)
        {
            using var ms = new MemoryStream();
            DicomWriter.Write(file, ms);
            return ms.ToArray();
        }

        /// <summary>A bad or hostile Specific Character Set, and text values of random bytes and escape sequences.</summary>
        private static byte[] BadCharacterSet(FuzzSeed seed, Random rnd, out string description)
        {
            var file = TryOpen(seed);
            if (file == null) return Flips(seed.Bytes, rnd, 132, out description);
            var ds = file.Dataset;
            byte[] charset;
            if (rnd.Next(4) == 0)
            {
                charset = new byte[rnd.Next(1, 200)];
                rnd.NextBytes(charset);
            }
            else
            {
                charset = Encoding.ASCII.GetBytes(CharacterSets[rnd.Next(CharacterSets.Length)]);
            }
            ds.SetRawValue(new DicomTag(0x0008, 0x0005), DicomVR.CS, charset);
            var text = new List<byte>();
            for (int i = 0, n = rnd.Next(1, 40); i < n; i++)
            {
                switch (rnd.Next(5))
                {
                    case 0: text.AddRange(new byte[] { 0x1B, (byte)'$', (byte)'B' }); break;
                    case 1: text.AddRange(new byte[] { 0x1B, (byte)'(', (byte)'J' }); break;
                    case 2: text.Add((byte)rnd.Next(0x80, 0x100)); break;
                    case 3: text.Add((byte)'^'); break;
                    default: text.Add((byte)rnd.Next(0x20, 0x7F)); break;
                }
            }
            foreach (var (tag, vr) in new[] { (new DicomTag(0x0010, 0x0010), DicomVR.PN), (new DicomTag(0x0008, 0x0080), DicomVR.LO), (new DicomTag(0x0008, 0x1030), DicomVR.LO), (new DicomTag(0x0020, 0x4000), DicomVR.LT) })
            {
                if (rnd.Next(2) == 0) ds.SetRawValue(tag, vr, text.ToArray());
            }
            description = $"Specific Character Set = {Convert.ToHexString(charset, 0, Math.Min(charset.Length, 40))}, text = {Convert.ToHexString(text.ToArray(), 0, Math.Min(text.Count, 40))}";
            return Written(file);
        }

        /// <summary>Hostile compressed data: RLE headers, JPEG / JPEG-LS markers and lengths, fragment sizes.</summary>
        private static byte[] PixelFragments(FuzzSeed seed, Random rnd, out string description)
        {
            var file = TryOpen(seed);
            if (file == null || !file.Dataset.TryGetElement(DicomTag.PixelData, out var element) || element.Fragments is not DicomFragments frags || frags.Items.Count < 2)
                return Flips(seed.Bytes, rnd, seed.PixelDataOffset > 0 ? (int)seed.PixelDataOffset : 132, out description);
            int index = 1 + rnd.Next(frags.Items.Count - 1);
            var fragment = frags.Items[index].Reference?.ReadAll() ?? frags.Items[index].Bytes.ToArray();
            string what;
            switch (rnd.Next(6))
            {
                case 0:
                    {
                        // RLE header: segment count and offsets (PS3.5 §G.5).
                        if (fragment.Length < 64) Array.Resize(ref fragment, 64);
                        int field = rnd.Next(16);
                        uint v = rnd.Next(4) switch { 0 => 0, 1 => (uint)rnd.Next(16), 2 => 0xFFFFFFFF, _ => (uint)rnd.Next(fragment.Length * 2) };
                        BinaryPrimitives.WriteUInt32LittleEndian(fragment.AsSpan(field * 4), v);
                        what = $"RLE header field {field} = 0x{v:X}";
                        break;
                    }
                case 1:
                    {
                        // A JPEG / JPEG-LS frame header (SOF0-3, SOF55): height, width, components, precision.
                        int sof = FindMarker(fragment, m => m is >= 0xC0 and <= 0xC3 || m == 0xF7);
                        if (sof < 0 || sof + 10 > fragment.Length) goto default;
                        int field = rnd.Next(4);
                        int at = sof + new[] { 4, 5, 7, 9 }[field];
                        byte v = rnd.Next(3) switch { 0 => 0, 1 => 0xFF, _ => (byte)rnd.Next(256) };
                        fragment[at] = v;
                        if (field is 1 or 2) fragment[at - 1] = rnd.Next(2) == 0 ? (byte)0 : (byte)0xFF;
                        what = $"SOF field {field} at {at} = 0x{v:X2}";
                        break;
                    }
                case 2:
                    {
                        // A marker segment length (DHT, DQT, SOS, LSE, ...).
                        int m = FindMarker(fragment, x => x is 0xC4 or 0xDB or 0xDA or 0xF8 or 0xDD or 0xFE);
                        if (m < 0 || m + 4 > fragment.Length) goto default;
                        ushort v = rnd.Next(3) switch { 0 => 0, 1 => 0xFFFF, _ => (ushort)rnd.Next(0x10000) };
                        BinaryPrimitives.WriteUInt16BigEndian(fragment.AsSpan(m + 2), v);
                        what = $"segment 0xFF{fragment[m + 1]:X2} length = {v}";
                        break;
                    }
                case 3:
                    {
                        int keep = fragment.Length == 0 ? 0 : rnd.Next(fragment.Length);
                        Array.Resize(ref fragment, keep);
                        what = $"fragment cut to {keep} bytes";
                        break;
                    }
                case 4:
                    {
                        // Random bytes at the start, where the headers are.
                        if (fragment.Length == 0) fragment = new byte[16];
                        int n = 1 + rnd.Next(6);
                        for (int i = 0; i < n; i++) fragment[rnd.Next(Math.Min(fragment.Length, 256))] = (byte)rnd.Next(256);
                        what = $"{n} header bytes changed";
                        break;
                    }
                default:
                    {
                        if (fragment.Length == 0) fragment = new byte[16];
                        int n = 1 + rnd.Next(16);
                        for (int i = 0; i < n; i++) fragment[rnd.Next(fragment.Length)] = (byte)rnd.Next(256);
                        what = $"{n} bytes changed";
                        break;
                    }
            }
            var builder = new List<byte[]>();
            for (int i = 0; i < frags.Items.Count; i++) builder.Add(i == index ? fragment : frags.Items[i].Reference?.ReadAll() ?? frags.Items[i].Bytes.ToArray());
            description = $"fragment {index} of {frags.Items.Count}: {what}";
            return Encapsulate(seed.Bytes, file, builder);
        }

        private static int FindMarker(byte[] b, Func<byte, bool> which)
        {
            for (int i = 0; i + 1 < b.Length; i++)
            {
                if (b[i] == 0xFF && which(b[i + 1])) return i;
            }
            return -1;
        }

        /// <summary>The seed's bytes up to Pixel Data, then the Pixel Data element rebuilt from <paramref name="fragments"/>.</summary>
        private static byte[] Encapsulate(byte[] original, DicomFile file, List<byte[]> fragments)
        {
            var header = DicomFile.Open(original, DicomReadOptions.HeaderOnly, null);
            var ms = new MemoryStream();
            ms.Write(original, 0, (int)header.PixelDataOffset);
            Header(ms, DicomTag.PixelData, "OB", 0xFFFFFFFF, file.Dataset.Encoding.IsExplicitVR);
            foreach (var f in fragments)
            {
                Item(ms, 0xFFFEE000, (uint)f.Length);
                ms.Write(f);
            }
            Item(ms, 0xFFFEE0DD, 0);
            return ms.ToArray();
        }

        /// <summary>Image attributes that contradict the pixel data: rows, columns, bits, samples, frames, planar configuration.</summary>
        private static byte[] PixelGeometry(FuzzSeed seed, Random rnd, out string description)
        {
            var file = TryOpen(seed);
            if (file == null || !file.Dataset.Contains(DicomTag.PixelData)) return Flips(seed.Bytes, rnd, 132, out description);
            var ds = file.Dataset;
            var changes = new List<string>();
            for (int i = 0, n = 1 + rnd.Next(3); i < n; i++)
            {
                switch (rnd.Next(7))
                {
                    case 0: Set(ds, 0x0028, 0x0010, DicomVR.US, rnd.Next(3) switch { 0 => 0, 1 => 65535, _ => rnd.Next(1, 4096) }, changes); break;
                    case 1: Set(ds, 0x0028, 0x0011, DicomVR.US, rnd.Next(3) switch { 0 => 0, 1 => 65535, _ => rnd.Next(1, 4096) }, changes); break;
                    case 2: Set(ds, 0x0028, 0x0100, DicomVR.US, new[] { 0, 1, 7, 12, 24, 32, 64, 255 }[rnd.Next(8)], changes); break;
                    case 3: Set(ds, 0x0028, 0x0002, DicomVR.US, new[] { 0, 2, 3, 4, 200 }[rnd.Next(5)], changes); break;
                    case 4:
                        ds.SetString(new DicomTag(0x0028, 0x0008), DicomVR.IS, new[] { "0", "-1", "100000", "2147483647", "x" }[rnd.Next(5)]);
                        changes.Add("NumberOfFrames");
                        break;
                    case 5: Set(ds, 0x0028, 0x0006, DicomVR.US, rnd.Next(3), changes); break;
                    default:
                        ds.SetString(new DicomTag(0x0028, 0x0004), DicomVR.CS, new[] { "YBR_FULL_422", "PALETTE COLOR", "RGB", "YBR_PARTIAL_420", "XYZ" }[rnd.Next(5)]);
                        changes.Add("PhotometricInterpretation");
                        break;
                }
            }
            // Drawn after the others, so the cases of earlier seeds keep their first changes: an overlay declared as embedded in
            // the pixels' high bits, at a bit position that may be free, an image bit or out of range.
            if (rnd.Next(4) == 0)
            {
                Set(ds, 0x6000, 0x0100, DicomVR.US, new[] { 1, 8, 16, 32 }[rnd.Next(4)], changes);
                Set(ds, 0x6000, 0x0102, DicomVR.US, new[] { 0, 7, 12, 15, 31, 64, 65535 }[rnd.Next(7)], changes);
                if (rnd.Next(2) == 0) ds.Remove(new DicomTag(0x6000, 0x3000));
            }
            description = "geometry: " + string.Join(", ", changes);
            return Written(file);
        }

        private static void Set(DicomDataset ds, ushort group, ushort element, DicomVR vr, int value, List<string> changes)
        {
            ds.SetNumbers(new DicomTag(group, element), vr, value);
            changes.Add($"({group:X4},{element:X4})={value}");
        }
    }
}
