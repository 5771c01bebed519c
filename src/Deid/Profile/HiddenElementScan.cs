using System;
using System.Buffers.Binary;
using Deid.Dicom;

namespace Deid.Profile
{
    /// <summary>
    /// Looks through a value's bytes for the header of an identifying element — an attribute PS3.15 Table E.1-1 lists, in
    /// explicit or implicit VR, in the byte orders a reader may read the file in (<see cref="HiddenScanMode"/>): the bytes of a
    /// patient's name as another DICOM reader lists them when it reads the file out of step with this one.
    /// </summary>
    /// <remarks>
    /// Why: eleven adversarial reviews of the reader (2026-12-07/08) each found files that dcmtk, gdcm or pydicom read
    /// differently from this reader, so that a name they list as an element was, here, bytes inside a value every recipe keeps
    /// (a Manufacturer, a File-set ID, a UN value). Each was closed by refusing its shape at the read; this looks at what is
    /// kept instead, whatever the shape: a header of an identifying attribute does not belong inside a value. What counts as a
    /// hit: the tag and a VR the standard defines, in explicit VR, with a length other than 0 (or cut off by the value's end);
    /// or the tag (with two other capital letters for a VR, or in implicit VR), a length that fits in the value holding it,
    /// and a value whose first 64 bytes are text (no control character but TAB, LF, FF, CR and ESC, no FFH; two letters or
    /// digits, or characters of another script, at least) or, in a value of 1 KB or less, hold four letters or digits in a
    /// row. Random bytes match about once in 6 GB (the explicit headers); Curve Data (50xx, every element of sixteen groups:
    /// one byte pair in 2,048) is not looked for, nor the command group. Pixel data are not random (a dark CT region is full of
    /// (0010,0010)-shaped pairs) and are left out by the caller. Twelfth review (2026-12-08): a hidden value running past the
    /// holding value, a name behind a control byte, a name under another VR and a header in a value's last 8 bytes were missed
    /// by the first version of these rules. Thirteenth: big endian headers are looked for only where a reader may read big endian
    /// (<see cref="HiddenScanMode.BigEndian"/>), and in binary numbers only the tag with its own VR counts
    /// (<see cref="HiddenScanMode.Numbers"/>): a surface mesh's float coordinates made both other kinds.
    /// </remarks>
    internal static class HiddenElementScan
    {
        /// <summary>The fewest bytes that can hold a hidden header: a tag and a VR, its length beyond the value's end.</summary>
        public const int ShortestHeader = 6;

        /// <summary>The bytes of a hidden value looked at to tell text from binary.</summary>
        public const int TextPrefix = 64;

        /// <summary>
        /// Bytes past a start position needed to judge it: the longest header (12 bytes) and <see cref="TextPrefix"/>. A value read a
        /// window at a time overlaps its windows by this much.
        /// </summary>
        public const int Reach = 12 + TextPrefix;

        // For each group, 0 when Table E.1-1 lists none of its attributes, else 1 + the index of its elements in GroupElements.
        private static readonly byte[] GroupIndex = new byte[65536];
        private static readonly ushort[]?[] GroupElements = BuildGroups();

        /// <summary>
        /// True when no listed tag is four printable ASCII bytes in either byte order (none is: each has a byte below 20H or above
        /// 7EH), so that a value of printable ASCII alone, as most text values are, holds no header and need not be looked through.
        /// </summary>
        public static bool PrintableTextHoldsNone { get; } = ComputePrintableTextHoldsNone();

        /// <summary>True when every byte of <paramref name="bytes"/> is printable ASCII (20H to 7EH).</summary>
        [System.Runtime.CompilerServices.MethodImpl(HotPath.Optimized)]
        public static bool IsPrintableAscii(ReadOnlySpan<byte> bytes)
        {
            for (int i = 0; i < bytes.Length; i++)
            {
                if ((uint)(bytes[i] - 0x20) > 0x5E) return false;
            }
            return true;
        }

        /// <summary>
        /// Finds the first hidden header starting in <paramref name="bytes"/> before <paramref name="startsBefore"/>: a window of a
        /// value whose first byte is the value's byte <paramref name="windowStart"/>, of a value <paramref name="valueLength"/>
        /// bytes long. The window holds the value's bytes to its end or at least <see cref="Reach"/> bytes past
        /// <paramref name="startsBefore"/>.
        /// </summary>
        [System.Runtime.CompilerServices.MethodImpl(HotPath.Optimized)]
        public static bool Find(ReadOnlySpan<byte> bytes, int startsBefore, long windowStart, long valueLength, HiddenScanMode mode, out HiddenHeader found)
        {
            int last = Math.Min(startsBefore, bytes.Length - ShortestHeader + 1);
            var groups = GroupIndex;
            // Big endian headers only where a reader reads big endian: in a big endian file, or one whose byte order a reader
            // guesses. Numbers in a little endian file's float array made them often (thirteenth review: a surface mesh's
            // coordinates 4.5, 9.0 read as (4000,0010) AT in big endian).
            int bigMask = mode.BigEndian ? -1 : 0;
            for (int i = 0; i < last; i++)
            {
                // Both byte orders' groups tested by one table look-up each before the tag is looked for.
                int lo = bytes[i], hi = bytes[i + 1];
                int little = groups[lo | (hi << 8)], big = groups[(lo << 8) | hi] & bigMask;
                if ((little | big) == 0) continue;
                if (little != 0 && Listed(little, bytes[i + 2] | (bytes[i + 3] << 8)) && Try(bytes, i, littleEndian: true, windowStart, valueLength, mode.Numbers, out found)) return true;
                if (big != 0 && Listed(big, (bytes[i + 2] << 8) | bytes[i + 3]) && Try(bytes, i, littleEndian: false, windowStart, valueLength, mode.Numbers, out found)) return true;
            }
            found = default;
            return false;
        }

        private static bool Listed(int group, int element)
        {
            var elements = GroupElements[group - 1];
            return elements == null || Array.BinarySearch(elements, (ushort)element) >= 0;
        }

        private static bool Try(ReadOnlySpan<byte> bytes, int i, bool littleEndian, long windowStart, long valueLength, bool numbers, out HiddenHeader found)
        {
            found = default;
            var tag = new DicomTag(U16(bytes, i, littleEndian), U16(bytes, i + 2, littleEndian));
            int have = bytes.Length - i;
            // Bytes of the holding value after this position: a hidden value must end inside it, unless its header is a strong one.
            long left = valueLength - (windowStart + i);
            byte v0 = bytes[i + 4], v1 = bytes[i + 5];
            if (IsCapital(v0) && IsCapital(v1))
            {
                var vr = DicomVR.FromBytes(v0, v1);
                // In binary numbers (floats on a grid, above all: low bytes 00H, high bytes 40H-44H) only the tag with its own VR
                // counts; its value's bytes tell nothing there.
                if (numbers && !(vr.IsKnown && IsOwnVR(tag, vr))) return false;
                if (vr.IsKnown)
                {
                    // The tag and a VR the standard defines are six bytes noise makes about once in 6 GB: found whatever follows
                    // (a value running on past the holding value into the next element, a name behind a byte of binary, a name
                    // under another VR than its own), and at the holding value's very end, its length then read from beyond.
                    long length = have < (vr.HasLongLength ? 12 : 8) ? -1
                        : vr.HasLongLength ? U32(bytes, i + 8, littleEndian) : U16(bytes, i + 6, littleEndian);
                    if (length != 0)
                    {
                        found = new HiddenHeader(tag, windowStart + i, littleEndian, explicitVR: true, vr, length);
                        return true;
                    }
                }
                else
                {
                    // Two capital letters no standard names: explicit VR to pydicom (any two) and to gdcm (read as UN, with a
                    // 4-byte length, or again with a 2-byte one).
                    uint shortLength = have >= 9 ? U16(bytes, i + 6, littleEndian) : 0u;
                    if (shortLength != 0 && IsText(bytes, i + 8, shortLength, left - 8))
                    {
                        found = new HiddenHeader(tag, windowStart + i, littleEndian, explicitVR: true, vr, shortLength);
                        return true;
                    }
                    uint longLength = have >= 13 ? U32(bytes, i + 8, littleEndian) : 0u;
                    if (longLength != 0 && IsText(bytes, i + 12, longLength, left - 12))
                    {
                        found = new HiddenHeader(tag, windowStart + i, littleEndian, explicitVR: true, vr, longLength);
                        return true;
                    }
                }
            }
            if (have < 9 || numbers) return false;
            uint implicitLength = U32(bytes, i + 4, littleEndian);
            if (IsText(bytes, i + 8, implicitLength, left - 8))
            {
                found = new HiddenHeader(tag, windowStart + i, littleEndian, explicitVR: false, DicomVR.None, implicitLength);
                return true;
            }
            return false;
        }

        // A value of `length` bytes from `start` that ends inside the holding value and reads as text (see the class remarks).
        private static bool IsText(ReadOnlySpan<byte> bytes, int start, long length, long left)
        {
            if (length <= 0 || length > left || length == 0xFFFFFFFF) return false;
            int seen = (int)Math.Min(Math.Min(length, TextPrefix), bytes.Length - start);
            if (seen <= 0) return false;
            int end = seen;
            // Padding counts only where the value's end is seen: a value "DOE^J\0" or "DOE " is text, "\0\0\0\0" is not.
            if (seen == length)
            {
                while (end > 0 && (bytes[start + end - 1] == 0 || bytes[start + end - 1] == (byte)' ')) end--;
            }
            // Two characters at least: two ASCII letters or digits, or characters of another script (a UTF-8 sequence, or a byte
            // pair of the East Asian sets, A1H-FEH twice); a lone byte above 7FH does not count. Why so strict: 16-bit samples
            // of small values in a private raw-data block read as (0010,0010) and a length often enough.
            // Or, in a value of 1 KB or less, whatever else it holds (a control byte before a name, FFH after it), four ASCII
            // letters or digits in a row: 16-bit samples never make them (their high bytes are 00H or FFH), and the name a reader
            // lists shows. (Not in longer ones: random bytes of a large blob would, once in a gigabyte or so.)
            int characters = 0, run = 0, runs = length <= 1024 ? 4 : int.MaxValue;
            bool clean = true;
            for (int k = 0; k < end; k++)
            {
                byte b = bytes[start + k];
                bool word = (b >= (byte)'0' && b <= (byte)'9') || ((b | 0x20) >= (byte)'a' && (b | 0x20) <= (byte)'z');
                run = word ? run + 1 : 0;
                if (run >= runs) return true;
                if (b < 0x20)
                {
                    if (b != 0x09 && b != 0x0A && b != 0x0C && b != 0x0D && b != 0x1B) clean = false;
                }
                else if (b == 0x7F || b == 0xFF)
                {
                    // DEL, and a byte no character set DICOM names uses (ÿ of ISO 8859-1 aside), which a small negative 16-bit
                    // sample has for its high byte.
                    clean = false;
                }
                else if (b < 0x80)
                {
                    if (word) characters++;
                }
                else
                {
                    int wide = WideCharacter(bytes.Slice(start + k, end - k));
                    if (wide > 0)
                    {
                        characters++;
                        k += wide - 1;
                    }
                }
            }
            return clean && characters >= 2;
        }

        // The bytes of one character of another script starting with `b[0]` (above 7FH): a well-formed UTF-8 sequence, or a
        // pair of bytes A1H-FEH (GB 2312/GBK/GB 18030, KS X 1001, JIS X 0208 as EUC, Big5's common range); 0 when neither.
        private static int WideCharacter(ReadOnlySpan<byte> b)
        {
            int more = b[0] >= 0xC2 && b[0] <= 0xDF ? 1 : b[0] >= 0xE0 && b[0] <= 0xEF ? 2 : b[0] >= 0xF0 && b[0] <= 0xF4 ? 3 : 0;
            if (more > 0 && b.Length > more)
            {
                bool sequence = true;
                for (int k = 1; k <= more; k++) sequence &= b[k] >= 0x80 && b[k] <= 0xBF;
                if (sequence) return more + 1;
            }
            return b.Length >= 2 && b[0] >= 0xA1 && b[0] <= 0xFE && b[1] >= 0xA1 && b[1] <= 0xFE ? 2 : 0;
        }

        private static bool IsOwnVR(DicomTag tag, DicomVR vr)
        {
            if (vr == DicomVR.UN) return true;
            if (!DicomDictionary.TryGetEntry(tag, out var entry)) return false;
            foreach (var allowed in entry.AllowedVRs)
            {
                if (allowed == vr) return true;
            }
            return false;
        }

        private static bool IsCapital(byte b) => b >= (byte)'A' && b <= (byte)'Z';

        private static ushort U16(ReadOnlySpan<byte> b, int at, bool littleEndian) =>
            littleEndian ? BinaryPrimitives.ReadUInt16LittleEndian(b.Slice(at)) : BinaryPrimitives.ReadUInt16BigEndian(b.Slice(at));

        private static uint U32(ReadOnlySpan<byte> b, int at, bool littleEndian) =>
            littleEndian ? BinaryPrimitives.ReadUInt32LittleEndian(b.Slice(at)) : BinaryPrimitives.ReadUInt32BigEndian(b.Slice(at));

        // Over the tags looked for (GroupIndex, GroupElements): a group and an element whose two bytes are both printable (then
        // they are in either byte order) would make a printable tag.
        private static bool ComputePrintableTextHoldsNone()
        {
            for (int group = 0; group < GroupIndex.Length; group++)
            {
                if (GroupIndex[group] == 0 || !IsPrintable(group)) continue;
                var elements = GroupElements[GroupIndex[group] - 1];
                if (elements == null || Array.Exists(elements, e => IsPrintable(e))) return false;
            }
            return true;
        }

        private static bool IsPrintable(int pair) => (uint)((pair >> 8) - 0x20) <= 0x5E && (uint)((pair & 0xFF) - 0x20) <= 0x5E;

        private static ushort[]?[] BuildGroups()
        {
            var lists = new System.Collections.Generic.List<ushort[]?>();
            foreach (var (group, elements) in ListedAttributes.ByGroup())
            {
                // The command group's two UIDs belong to DIMSE messages, not files; every pair of zero bytes would be a candidate.
                // Curve Data (retired in 2004) lists every element of its sixteen groups: one random byte pair in 2,048, and a line
                // feed before a "P" in text (twelfth review: a 20 KB log of lines "PHASE n" was refused).
                if (group == 0x0000 || (group >= 0x5000 && group <= 0x501E)) continue;
                lists.Add(elements);
                GroupIndex[group] = checked((byte)lists.Count);
            }
            return lists.ToArray();
        }
    }

    /// <summary>How a value is looked through: in which byte orders, and whether it holds binary numbers.</summary>
    internal readonly struct HiddenScanMode
    {
        public HiddenScanMode(bool bigEndian, bool numbers)
        {
            BigEndian = bigEndian;
            Numbers = numbers;
        }

        /// <summary>Big endian headers are looked for too (little endian ones always).</summary>
        public bool BigEndian { get; }

        /// <summary>The value is binary numbers (OF, FD, SL, ...): only a header with its tag's own VR, in explicit VR, counts.</summary>
        public bool Numbers { get; }
    }

    /// <summary>Where a hidden header starts in the value holding it, and how it reads.</summary>
    internal readonly struct HiddenHeader
    {
        public HiddenHeader(DicomTag tag, long offset, bool littleEndian, bool explicitVR, DicomVR vr, long length)
        {
            Tag = tag;
            Offset = offset;
            LittleEndian = littleEndian;
            ExplicitVR = explicitVR;
            VR = vr;
            Length = length;
        }

        public DicomTag Tag { get; }

        public long Offset { get; }

        public bool LittleEndian { get; }

        public bool ExplicitVR { get; }

        public DicomVR VR { get; }

        public long Length { get; }

        /// <summary>The encoding it reads in, e.g. "explicit VR (PN) little endian".</summary>
        public string Encoding => (ExplicitVR ? $"explicit VR ({VR})" : "implicit VR") + (LittleEndian ? " little endian" : " big endian");
    }
}
