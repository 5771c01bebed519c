using System;
using System.Collections.Generic;
using System.IO;

namespace Deid.Dicom
{
    /// <summary>
    /// Walks a run of data elements the way forgiving readers (dcmtk, gdcm) take them, to tell whether they would list, as
    /// elements, bytes this reader takes for a value: every element header is read, sequences and items are entered (a UN value
    /// that starts with an item as Implicit VR items, as gdcm and <c>dcmdump +uc</c> read it), other values are skipped, and
    /// nothing is kept. What those readers pass and this reader refuses is passed too: VR bytes no standard names (dcmtk:
    /// "assuming 2 byte length", or 4 for two letters), elements of group 0000, stray delimiters, zeros.
    /// </summary>
    /// <remarks>
    /// Parser QA 2026-12-07 (F1) and two adversarial reviews of its fixes: a dataset whose first element looked like the other
    /// encoding than its transfer syntax declares was read as found, and a patient's name, ID and birth date that dcmtk and gdcm
    /// list as elements stayed inside a value this reader kept (Pixel Data, a Manufacturer), past every recipe and the audit.
    /// Trial readings as strict as this reader were defeated by one element it refuses and dcmtk passes; a walk that counted only
    /// dictionary tags with their dictionary VR, at the top level, by one with another VR or inside a sequence.
    /// </remarks>
    internal static class ForgivingWalk
    {
        /// <summary>Steps after which a walk counts as listing: a dataset of millions of tiny elements is not looked through.</summary>
        private const int MaxSteps = 1_000_000;

        /// <summary>Elements a walk may note for a later look (<c>Candidates</c>) before it counts as listing.</summary>
        private const int MaxCandidates = 4096;

        /// <summary>Sequence nesting after which a walk counts as listing.</summary>
        private const int MaxDepth = 64;

        /// <summary>
        /// True when the elements from <paramref name="start"/> to <paramref name="end"/> of <paramref name="stream"/>, walked in
        /// the given encoding, hold after the first, at any depth and before the walk fails, an element a reader lists as an
        /// attribute (<c>IsAttribute</c>, <c>IsNamedText</c>) where this reader's own reading, in the other encoding, has no
        /// element. dcmdump prints what it read before an error, so a walk that fails later still lists what it met. The
        /// stream's position is restored.
        /// </summary>
        public static bool Lists(Stream stream, long start, long end, bool explicitVR, bool bigEndian) =>
            Lists(stream, start, end, new DicomEncoding(explicitVR, bigEndian), new DicomEncoding(!explicitVR, false));

        /// <summary>
        /// As <see cref="Lists(Stream, long, long, bool, bool)"/>, walking in <paramref name="walk"/> against this reader's own
        /// reading in <paramref name="own"/> (the other byte order of a dataset whose syntax dcmtk guesses: sixth and seventh
        /// reviews of the parser QA fixes, 2026-12-07).
        /// </summary>
        public static bool Lists(Stream stream, long start, long end, DicomEncoding walk, DicomEncoding own)
        {
            long saved = stream.Position;
            try
            {
                return Lists(StreamReader(stream), start, end, walk, own);
            }
            finally
            {
                stream.Position = saved;
            }
        }

        private static Func<long, int, byte[]> StreamReader(Stream stream) => (at, count) =>
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
        };

        private static Func<long, int, byte[]> ArrayReader(byte[] bytes) =>
            (at, count) => new ReadOnlySpan<byte>(bytes, (int)at, (int)Math.Min(count, bytes.Length - at)).ToArray();

        /// <summary>
        /// As <see cref="Lists(Stream, long, long, bool, bool)"/> for an explicit VR little endian walk, as gdcm reads it: first
        /// and in its 16-bit retry, with VR bytes no standard names taken for UN when printable (<c>Walker.GdcmFirst</c>), and in its last reading of a
        /// broken explicit dataset, element by element, explicit where the VR bytes are a VR and implicit where not
        /// (<c>Walker.Hybrid</c>); each against this reader's implicit reading.
        /// </summary>
        public static bool ListsAsGdcmRetries(Stream stream, long start, long end)
        {
            long saved = stream.Position;
            try
            {
                var read = StreamReader(stream);
                return Lists(read, start, end, DicomEncoding.ExplicitLittle, DicomEncoding.ImplicitLittle, hybrid: true)
                    || Lists(read, start, end, DicomEncoding.ExplicitLittle, DicomEncoding.ImplicitLittle, gdcmFirst: true);
            }
            finally
            {
                stream.Position = saved;
            }
        }

        /// <summary>As <see cref="ListsAsGdcmRetries(Stream, long, long)"/>, over bytes held in memory.</summary>
        public static bool ListsAsGdcmRetries(byte[] bytes) =>
            Lists(ArrayReader(bytes), 0, bytes.Length, DicomEncoding.ExplicitLittle, DicomEncoding.ImplicitLittle, hybrid: true)
            || Lists(ArrayReader(bytes), 0, bytes.Length, DicomEncoding.ExplicitLittle, DicomEncoding.ImplicitLittle, gdcmFirst: true);

        /// <summary>As <see cref="Lists(Stream, long, long, DicomEncoding, DicomEncoding)"/>, over bytes held in memory.</summary>
        public static bool Lists(byte[] bytes, DicomEncoding walk, DicomEncoding own) =>
            Lists(ArrayReader(bytes), 0, bytes.Length, walk, own);

        private static bool Lists(Func<long, int, byte[]> read, long start, long end, DicomEncoding walk, DicomEncoding own, bool hybrid = false, bool gdcmFirst = false)
        {
            // The walk first notes what it would list (nearly always nothing); only then does the same walk of this reader's own
            // reading record, at those places alone, the elements it has there, their tags and where they end. Recording every
            // element first held a dictionary entry per element: 60 MB more for each read of a file without a syntax and with
            // 400,000 elements (fuzz seed 1 case 38).
            var candidates = new List<(long At, uint Tag, long End)>();
            var walker = new Walker(walk.IsBigEndian, read) { Candidates = candidates, PublicOnly = walk.IsBigEndian != own.IsBigEndian, Hybrid = hybrid, GdcmFirst = gdcmFirst };
            if (walker.Run(start, end, walk.IsExplicitVR, 0) == Outcome.Listed) return true;
            if (candidates.Count == 0) return false;
            var places = new HashSet<long>();
            foreach (var c in candidates) places.Add(c.At);
            var found = new Dictionary<long, (uint Tag, long End)>();
            new Walker(own.IsBigEndian, read) { Found = found, FoundOnlyAt = places }.Run(start, end, own.IsExplicitVR, 0);
            // An element both readings have (a mislabelled file's second element, after an empty first) hides nothing: the same
            // tag, starting and ending at the same place. The same place alone is not enough: big endian tags read little endian
            // are other tags (sixth review of the parser QA fixes, 2026-12-07: explicit big endian names whose bytes, read as
            // implicit little endian elements, began and ended at the same places went uncounted); nor the same tag of another
            // length (seventh review: a Patient's Name running, in one reading, over a kept element of the other that held names).
            foreach (var c in candidates)
            {
                if (!found.TryGetValue(c.At, out var ours) || ours.Tag != c.Tag || ours.End != c.End) return true;
            }
            return false;
        }

        /// <summary>
        /// As <see cref="Lists(Stream, long, long, bool, bool)"/>, over bytes held in memory (a UN value's items, the first
        /// megabyte of a dataset in a stream that cannot seek), without the exemption of this reader's own element positions.
        /// </summary>
        public static bool Lists(byte[] bytes, bool explicitVR, bool bigEndian) =>
            new Walker(bigEndian, (at, count) => new ReadOnlySpan<byte>(bytes, (int)at, (int)Math.Min(count, bytes.Length - at)).ToArray())
                .Run(0, bytes.Length, explicitVR, 0) == Outcome.Listed;

        /// <summary>
        /// The length dcmtk (3.6.7) gives the value of an element with VR bytes no standard names: two upper-case letters, and
        /// the lower-case "ox", "lt" and "px" it knows, are taken for a VR of a 4-byte length (as UN); anything else (other
        /// lower-case pairs, digits, NULs) for one of a 2-byte length (dcmdump: "assuming 4 byte length field"; third review:
        /// 26 pairs probed).
        /// </summary>
        internal static bool HasLongLengthWhenUnknown(byte a, byte b) =>
            (IsUpper(a) && IsUpper(b)) || (a == 'o' && b == 'x') || (a == 'l' && b == 't') || (a == 'p' && b == 'x');

        /// <summary>
        /// Whether dcmtk's dictionary (3.6.7) knows a tag: this reader's dictionary, with the curve (50xx) and overlay (60xx)
        /// repeating groups over every even xx (dcmdump names (5020,2000) AudioType and (60FE,0010) OverlayRows, where PS3.5 §7.6
        /// and this dictionary stop at xx = 1E). Used where a reader's guess of the encoding turns on the tags it knows.
        /// </summary>
        internal static bool IsKnownToDcmtk(ushort group, ushort element)
        {
            if (DicomDictionary.TryGetEntry(new DicomTag(group, element), out _)) return true;
            int high = group & 0xFF00;
            return (high == 0x5000 || high == 0x6000) && (group & 1) == 0 && DicomDictionary.TryGetEntry(new DicomTag((ushort)high, element), out _);
        }

        private static bool IsPrintable(byte c) => c >= 0x20 && c <= 0x7E;

        private static bool IsUpper(byte c) => c >= 'A' && c <= 'Z';

        private static bool IsLetter(byte c) => IsUpper(c) || (c >= 'a' && c <= 'z');

        private enum Outcome
        {
            Completed,
            Failed,
            Listed,
        }

        private sealed class Walker
        {
            private readonly bool _bigEndian;
            private readonly Func<long, int, byte[]> _read;
            private bool _first = true;
            private int _steps;

            /// <summary>Where a run for a UN's items ended: after its sequence delimiter; -1 when it reached its end without one.</summary>
            public long StoppedAt { get; private set; } = -1;

            /// <summary>
            /// When set, the walk lists nothing and records where each element header it reads starts, with its tag and where
            /// its value ends (-1 for undefined length).
            /// </summary>
            public Dictionary<long, (uint Tag, long End)>? Found { get; set; }

            /// <summary>
            /// When set, an explicit VR walk takes an element whose VR bytes are no standard VR for an implicit VR one (its length
            /// the four bytes after the tag), as gdcm (3.0) reads an explicit dataset again, element by element, after its
            /// explicit reading failed (eighth review of the parser QA fixes, 2026-12-07).
            /// </summary>
            public bool Hybrid { get; set; }

            /// <summary>
            /// When set, an explicit VR walk reads as gdcm (3.0) reads an explicit dataset, first and in its "VR16" retry after
            /// an element its first reading stopped at: VR bytes no standard names, both printable, are taken for UN (a 4-byte
            /// length after two reserved bytes), other such bytes for a VR of a 2-byte length.
            /// </summary>
            public bool GdcmFirst { get; set; }

            /// <summary>When set with <see cref="Found"/>, only elements starting at these places are recorded.</summary>
            public HashSet<long>? FoundOnlyAt { get; set; }

            /// <summary>
            /// When set, an element the walk would list is noted here and the walk goes on (up to <see cref="MaxCandidates"/>;
            /// more count as listing), for the caller to compare with this reader's own elements at those places.
            /// </summary>
            public List<(long At, uint Tag, long End)>? Candidates { get; set; }

            /// <summary>
            /// When set, only a public attribute the dictionary knows counts (<see cref="IsPublicAttribute"/>): for data walked in
            /// the other byte order, where item tags read as private creators ((FFFE,E000) as (FEFF,00E0)) and VR bytes stay
            /// standard, so that any tag with a standard VR would count noise.
            /// </summary>
            public bool PublicOnly { get; set; }

            public Walker(bool bigEndian, Func<long, int, byte[]> read)
            {
                _bigEndian = bigEndian;
                _read = read;
            }

            /// <summary>Walks [<paramref name="p"/>, <paramref name="end"/>) in one encoding; sequences and UN items recursively.</summary>
            public Outcome Run(long p, long end, bool explicitVR, int depth, bool toSequenceEnd = false)
            {
                if (depth > MaxDepth) return Outcome.Listed;
                bool fragments = false;
                // Sequences of undefined length opened in this run and not yet closed; a run for a UN's items ends at the
                // delimiter that closes it (StoppedAt).
                int open = 0;
                while (p < end)
                {
                    if (++_steps > MaxSteps) return Outcome.Listed;
                    long remaining = end - p;
                    if (remaining < 8) return AllZero(_read(p, (int)remaining)) ? Outcome.Completed : Outcome.Failed;
                    byte[] h = _read(p, (int)Math.Min(12, remaining));
                    if (h.Length < 8) return Outcome.Failed;
                    if (AllZero(h))
                    {
                        // Zeros read as elements (0000,0000) of no length, eight bytes at a time: passed over at once, to where
                        // something else starts on an element boundary, or to the end (padding).
                        long data = FirstNonZero(p, end);
                        if (data >= end) return Outcome.Completed;
                        p += Math.Max(8, (data - p) / 8 * 8);
                        _first = false;
                        continue;
                    }
                    ushort group = U16(h, 0), element = U16(h, 2);
                    int headerLength;
                    uint length;
                    bool sequence = false, un = false;
                    bool itemTag = group == 0xFFFE && (element == 0xE000 || element == 0xE00D || element == 0xE0DD);
                    // gdcm's last reading of a broken explicit dataset takes an element whose VR bytes are no VR for an implicit
                    // one (Hybrid).
                    bool implicitElement = !explicitVR || (Hybrid && !DicomVR.FromBytes(h[4], h[5]).IsKnown);
                    if (itemTag || implicitElement)
                    {
                        headerLength = 8;
                        length = U32(h, 4);
                    }
                    else
                    {
                        var vr = DicomVR.FromBytes(h[4], h[5]);
                        // gdcm takes VR bytes no standard names for UN when both are printable (a 4-byte length after two reserved
                        // bytes); at others its first reading stops, and its retry from there takes a 2-byte length (ninth review
                        // of the parser QA fixes, 2026-12-07). Walked as the retry: up to the stop, the same elements.
                        bool longLength = vr.IsKnown ? vr.HasLongLength : GdcmFirst ? IsPrintable(h[4]) && IsPrintable(h[5]) : HasLongLengthWhenUnknown(h[4], h[5]);
                        sequence = vr == DicomVR.SQ;
                        un = vr == DicomVR.UN || !vr.IsKnown;
                        if (longLength)
                        {
                            if (h.Length < 12) return Outcome.Failed;
                            headerLength = 12;
                            length = U32(h, 8);
                        }
                        else
                        {
                            headerLength = 8;
                            length = U16(h, 6);
                        }
                    }
                    bool undefined = length == 0xFFFFFFFF;
                    bool fits = undefined || length <= end - p - headerLength;
                    if (!fits) return Outcome.Failed;
                    uint tag = ((uint)group << 16) | element;
                    long valueEnd = undefined ? -1 : p + headerLength + length;
                    if (Found != null)
                    {
                        if (FoundOnlyAt == null || FoundOnlyAt.Contains(p)) Found[p] = (tag, valueEnd);
                    }
                    else if (!_first && ((PublicOnly ? IsPublicAttribute(group, element, !implicitElement, h) : IsAttribute(group, element, !implicitElement, h)) || IsNamedText(group, element, !implicitElement, h, value: p + headerLength, length)))
                    {
                        if (Candidates == null || Candidates.Count >= MaxCandidates) return Outcome.Listed;
                        Candidates.Add((p, tag, valueEnd));
                    }
                    if (!itemTag) _first = false;
                    long value = p + headerLength;
                    if (itemTag)
                    {
                        if (element == 0xE0DD)
                        {
                            fragments = false;
                            if (open == 0 && toSequenceEnd)
                            {
                                StoppedAt = value;
                                return Outcome.Completed;
                            }
                            if (open > 0) open--;
                        }
                        // An item is entered (its elements follow); a fragment of pixel data is skipped; delimiters are passed.
                        p = element == 0xE000 && fragments && !undefined ? value + length : value;
                        continue;
                    }
                    if (undefined)
                    {
                        // A sequence or encapsulated pixel data of undefined length: its items follow, walked in turn (those of a
                        // UN in Implicit VR, to its sequence delimiter).
                        if (group == 0x7FE0 && element == 0x0010) fragments = true;
                        if (un && explicitVR)
                        {
                            StoppedAt = -1;
                            var inner = Run(value, end, explicitVR: false, depth + 1, toSequenceEnd: true);
                            if (inner != Outcome.Completed || StoppedAt < 0) return inner;
                            p = StoppedAt;
                            continue;
                        }
                        open++;
                        p = value;
                        continue;
                    }
                    // Recording this reader's own elements, a value is entered as this reader enters it: an SQ, or in implicit VR
                    // a tag the dictionary makes one (fourth review: a Pixel Data or a Manufacturer made to begin like an item
                    // recorded positions inside it as this reader's elements, and names there went uncounted).
                    bool enters = Found != null
                        ? sequence || (!explicitVR && (group & 1) == 0 && DicomDictionary.GetVR(new DicomTag(group, element)) == DicomVR.SQ)
                        : sequence || StartsWithItem(value);
                    if (length >= 8 && enters)
                    {
                        // A value of defined length that holds items (a sequence, a UN or unknown value read as one): entered,
                        // in the encoding its items are in (a UN's in Implicit VR).
                        var inner = Run(value, value + length, explicitVR && !un, depth + 1);
                        if (inner == Outcome.Listed) return inner;
                    }
                    p = value + length;
                }
                return Outcome.Completed;
            }

            /// <summary>
            /// A tag the dictionary gives a text VR, under VR bytes no standard names, with a value of text: dcmdump lists
            /// it by its name ("?? PatientName"), gdcmdump prints the text, and dcmconv +ti writes it as a PN (fourth review).
            /// Noise walked as elements names small known tags often but seldom holds text.
            /// </summary>
            private bool IsNamedText(ushort group, ushort element, bool explicitVR, byte[] header, long value, uint length)
            {
                if (!explicitVR || length == 0 || length == 0xFFFFFFFF || group < 0x0008 || group == 0xFFFE || element == 0) return false;
                if (DicomVR.FromBytes(header[4], header[5]).IsKnown) return false;
                if (!DicomDictionary.TryGetEntry(new DicomTag(group, element), out var entry) || !entry.VR.IsString) return false;
                // Text: letters, digits and punctuation, characters of another set (bytes from 0xA0, escapes of ISO 2022),
                // padding (spaces, NULs); no other control byte, and three letters at least. The fifth review hid names behind
                // a NUL pad, a Latin-1 letter and an escape, each of which a printable-ASCII test refused.
                byte[] text = _read(value, (int)Math.Min(length, 256));
                int letters = 0;
                foreach (byte c in text)
                {
                    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c >= 0xA0) letters++;
                    else if (c < 0x20 && c != 0x00 && c != 0x1B) return false;
                    else if (c >= 0x7F && c < 0xA0) return false;
                }
                return letters >= 3;
            }

            private bool StartsWithItem(long at)
            {
                byte[] b = _read(at, 4);
                return b.Length == 4 && U16(b, 0) == 0xFFFE && U16(b, 2) == 0xE000;
            }

            private long FirstNonZero(long p, long end)
            {
                while (p < end)
                {
                    byte[] chunk = _read(p, (int)Math.Min(65536, end - p));
                    if (chunk.Length == 0) return end;
                    for (int i = 0; i < chunk.Length; i++)
                    {
                        if (chunk[i] != 0) return p + i;
                    }
                    p += chunk.Length;
                }
                return end;
            }

            private ushort U16(byte[] b, int at) =>
                _bigEndian ? (ushort)((b[at] << 8) | b[at + 1]) : (ushort)(b[at] | (b[at + 1] << 8));

            private uint U32(byte[] b, int at) =>
                _bigEndian
                    ? ((uint)b[at] << 24) | ((uint)b[at + 1] << 16) | ((uint)b[at + 2] << 8) | b[at + 3]
                    : b[at] | ((uint)b[at + 1] << 8) | ((uint)b[at + 2] << 16) | ((uint)b[at + 3] << 24);
        }

        // An element a reader lists as an attribute, not of the command or file meta groups, not an item tag and not a group
        // length (it names no one). In explicit VR: any tag with a standard VR (dcmdump prints an unknown (0010,9999) PN as a
        // name), or a tag the dictionary knows with VR bytes of two letters; in implicit VR, a tag the dictionary knows. Noise
        // walked as elements (16-bit pixels name small groups and elements, so known tags) seldom has a standard VR.
        private static bool IsAttribute(ushort group, ushort element, bool explicitVR, byte[] header)
        {
            // Groups 0004 to 0007 count too (a File-set ID of group 0004 held names in the eighth review), and a group length
            // whose VR is a standard one but UL (an OB covering the rest of a dataset steered gdcm there): a real group length
            // names no one.
            if (group < 0x0004 || group == 0xFFFE) return false;
            if (element == 0x0000)
            {
                var vr = explicitVR ? DicomVR.FromBytes(header[4], header[5]) : DicomVR.UL;
                return vr.IsKnown && vr != DicomVR.UL;
            }
            if (!explicitVR) return IsKnownToDcmtk(group, element);
            if (DicomVR.FromBytes(header[4], header[5]).IsKnown) return true;
            return IsLetter(header[4]) && IsLetter(header[5]) && IsKnownToDcmtk(group, element);
        }

        // A public attribute the dictionary knows (not a group length or private creator), under a standard VR or two letters in
        // explicit VR: what a planted name, ID or date is, read in the other byte order.
        private static bool IsPublicAttribute(ushort group, ushort element, bool explicitVR, byte[] header)
        {
            if (group < 0x0008 || (group & 1) == 1 || group == 0xFFFE || element == 0x0000 || !IsKnownToDcmtk(group, element)) return false;
            return !explicitVR || DicomVR.FromBytes(header[4], header[5]).IsKnown || (IsLetter(header[4]) && IsLetter(header[5]));
        }

        private static bool AllZero(byte[] bytes)
        {
            foreach (byte b in bytes)
            {
                if (b != 0) return false;
            }
            return true;
        }
    }
}
