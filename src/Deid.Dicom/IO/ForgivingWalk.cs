using System;
using System.IO;

namespace Deid.Dicom
{
    /// <summary>
    /// Walks a run of data elements the way forgiving readers (dcmtk, gdcm) take them, to tell whether they would read bytes as
    /// elements where this reader reads them another way: every element header is passed over, its value skipped, and nothing is
    /// kept. What those readers pass that this reader refuses is passed here too: VR bytes no standard names (dcmtk: "assuming
    /// 2 byte length"), elements of group 0000, stray item and sequence delimiters, zeros at the end.
    /// </summary>
    /// <remarks>
    /// A dataset whose first element looks like the other encoding than its transfer syntax says is read as found (pydicom does,
    /// and mislabelled files exist), unless it also holds as declared: then dcmtk and gdcm list as elements what this reader would
    /// take for one value, and a patient's name, ID and birth date hidden so passed every recipe and the audit (parser QA
    /// 2026-12-07, F1; adversarial review of that fix: a trial read as strict as this reader was defeated by one element it
    /// refuses and dcmtk passes). The walk is linear: an item or a value of undefined length is entered, its delimiters passed.
    /// </remarks>
    internal static class ForgivingWalk
    {
        /// <summary>Steps after which a walk that has listed nothing gives up (a dataset of millions of tiny elements).</summary>
        private const int MaxSteps = 4_000_000;

        /// <summary>
        /// True when the elements from <paramref name="start"/> to <paramref name="end"/> of <paramref name="stream"/>, walked in
        /// the given encoding, hold an attribute after the first element: a tag the dictionary knows (in explicit VR with its
        /// dictionary VR) whose value lies within the run, met before the walk fails. Such a reader lists it, whatever follows
        /// (dcmdump prints what it read before an error). Garbage walked as elements (a mislabelled file read as declared) names
        /// a known tag with its VR about once in billions of steps; zeros name none. The stream's position is restored.
        /// </summary>
        public static bool Lists(Stream stream, long start, long end, bool explicitVR, bool bigEndian)
        {
            long saved = stream.Position;
            try
            {
                return Walk(start, end, explicitVR, bigEndian, wholeRun: true, (at, count) =>
                {
                    stream.Position = at;
                    var bytes = new byte[count];
                    int got = 0;
                    while (got < count)
                    {
                        int n = stream.Read(bytes, got, count - got);
                        if (n <= 0) break;
                        got += n;
                    }
                    if (got < count) Array.Resize(ref bytes, got);
                    return bytes;
                });
            }
            finally
            {
                stream.Position = saved;
            }
        }

        /// <summary>
        /// As <see cref="Lists(Stream, long, long, bool, bool)"/>, over bytes held in memory: a UN value's items
        /// (<paramref name="wholeRun"/>), or the first part of a dataset that cannot be read twice, where a walk that reaches the
        /// end of the part without failing counts as listing (what follows cannot be looked at; a mislabelled file fails at once).
        /// </summary>
        public static bool Lists(byte[] bytes, bool explicitVR, bool bigEndian, bool wholeRun) =>
            Walk(0, bytes.Length, explicitVR, bigEndian, wholeRun, (at, count) => new ReadOnlySpan<byte>(bytes, (int)at, (int)Math.Min(count, bytes.Length - at)).ToArray());

        private static bool Walk(long start, long end, bool explicitVR, bool bigEndian, bool wholeRun, Func<long, int, byte[]> read)
        {
            long p = start;
            bool first = true, fragments = false;
            for (int steps = 0; p < end; steps++)
            {
                if (steps > MaxSteps) return false;
                long remaining = end - p;
                if (remaining < 8) return !wholeRun && !AllZero(read(p, (int)remaining));
                byte[] h = read(p, (int)Math.Min(12, remaining));
                if (h.Length < 8) return false;
                ushort group = U16(h, 0, bigEndian), element = U16(h, 2, bigEndian);
                if (AllZero(h))
                {
                    // Zeros read as elements (0000,0000) of no length, eight bytes at a time: passed over at once, to where
                    // something else starts on an element boundary, or to the end (padding).
                    long data = FirstNonZero(p, end, read);
                    if (data >= end) return false;
                    p += (data - p) / 8 * 8;
                    first = false;
                    continue;
                }
                int headerLength;
                uint length;
                DicomVR vr = default;
                if (group == 0xFFFE || !explicitVR)
                {
                    headerLength = 8;
                    length = U32(h, 4, bigEndian);
                }
                else
                {
                    vr = DicomVR.FromBytes(h[4], h[5]);
                    if (vr.IsKnown && vr.HasLongLength)
                    {
                        if (h.Length < 12) return !wholeRun;
                        headerLength = 12;
                        length = U32(h, 8, bigEndian);
                    }
                    else
                    {
                        headerLength = 8;
                        length = U16(h, 6, bigEndian);
                    }
                }
                bool fits = length == 0xFFFFFFFF || length <= end - p - headerLength;
                if (!first && fits && IsAttribute(group, element, explicitVR, vr)) return true;
                if (group != 0xFFFE) first = false;
                if (group == 0xFFFE && element == 0xE0DD) fragments = false;
                if (length == 0xFFFFFFFF)
                {
                    // An item, a sequence or encapsulated pixel data of undefined length: its content follows, walked in turn.
                    if (group == 0x7FE0) fragments = true;
                    p += headerLength;
                    continue;
                }
                if (!fits) return false;
                // An item of a sequence is entered, its elements walked (a UN value's items); a fragment of pixel data is not.
                bool enter = group == 0xFFFE && element == 0xE000 && !fragments;
                p += headerLength + (enter ? 0 : length);
            }
            return !wholeRun && p >= end;
        }

        // An element a reader lists as an attribute: a tag the dictionary knows, outside the command and file meta groups and the
        // item tags, in explicit VR with the VR the dictionary gives it.
        private static bool IsAttribute(ushort group, ushort element, bool explicitVR, DicomVR vr)
        {
            if (group < 0x0008 || group == 0xFFFE) return false;
            if (!DicomDictionary.TryGetEntry(new DicomTag(group, element), out var entry)) return false;
            if (!explicitVR) return true;
            foreach (var allowed in entry.AllowedVRs)
            {
                if (allowed == vr) return true;
            }
            return false;
        }

        private static long FirstNonZero(long p, long end, Func<long, int, byte[]> read)
        {
            while (p < end)
            {
                byte[] chunk = read(p, (int)Math.Min(65536, end - p));
                if (chunk.Length == 0) return end;
                for (int i = 0; i < chunk.Length; i++)
                {
                    if (chunk[i] != 0) return p + i;
                }
                p += chunk.Length;
            }
            return end;
        }

        private static bool AllZero(byte[] bytes)
        {
            foreach (byte b in bytes)
            {
                if (b != 0) return false;
            }
            return true;
        }

        private static ushort U16(byte[] b, int at, bool bigEndian) =>
            bigEndian ? (ushort)((b[at] << 8) | b[at + 1]) : (ushort)(b[at] | (b[at + 1] << 8));

        private static uint U32(byte[] b, int at, bool bigEndian) =>
            bigEndian
                ? ((uint)b[at] << 24) | ((uint)b[at + 1] << 16) | ((uint)b[at + 2] << 8) | b[at + 3]
                : b[at] | ((uint)b[at + 1] << 8) | ((uint)b[at + 2] << 16) | ((uint)b[at + 3] << 24);
    }
}
