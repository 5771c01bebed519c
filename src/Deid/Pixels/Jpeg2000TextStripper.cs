using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using Deid.Dicom;

namespace Deid.Pixels
{
    /// <summary>
    /// Takes the text out of a JPEG 2000 (or HTJ2K) frame without decoding: the text of every comment segment (COM, 0xFF64, in the
    /// main header and in tile-part headers) is blanked to zeros in place, anything but padding after EOC goes, and in a frame
    /// wrapped in the JP2 file format (not what DICOM asks for, but written) the payloads of its XML, UUID and UUID-info boxes are
    /// blanked too. Blanking in place keeps every length: tile-part lengths (Psot), TLM and box lengths stay true, and the
    /// decoded image is the same.
    /// </summary>
    internal static class Jpeg2000TextStripper
    {
        private const byte Soc = 0x4F, Sot = 0x90, Sod = 0x93, Eoc = 0xD9, Com = 0x64;

        /// <summary>Length of a comment's header before its text: marker, Lcom and Rcom (the registration: binary or Latin-1).</summary>
        private const int CommentHeader = 6;

        private static readonly byte[] Jp2Signature = { 0x00, 0x00, 0x00, 0x0C, (byte)'j', (byte)'P', 0x20, 0x20, 0x0D, 0x0A, 0x87, 0x0A };

        /// <summary>
        /// The first bytes of a codestream (SOC followed by SIZ) or of a JP2 file, for finding frames by their start when the
        /// fragments do not map to frames.
        /// </summary>
        public static bool StartsFrame(ReadOnlySpan<byte> data) =>
            (data.Length >= 4 && data[0] == 0xFF && data[1] == Soc && data[2] == 0xFF && data[3] == 0x51)
            || (data.Length >= Jp2Signature.Length && data.Slice(0, Jp2Signature.Length).SequenceEqual(Jp2Signature));

        /// <summary>As <see cref="JpegTextStripper.Strip"/>, for a JPEG 2000 frame: false (and null) when it holds no text.</summary>
        public static bool Strip(byte[] frame, out byte[]? stripped, out int removed, string? sourceName = null)
        {
            var edits = FindRemovable(frame, sourceName);
            removed = edits.Count;
            stripped = edits.Count == 0 ? null : CodestreamEdit.Apply(frame, edits);
            return stripped != null;
        }

        /// <summary>The edits that take the text out of <paramref name="frame"/>, in order.</summary>
        public static List<CodestreamEdit> FindRemovable(byte[] frame, string? sourceName = null)
        {
            if (frame == null) throw new ArgumentNullException(nameof(frame));
            var edits = new List<CodestreamEdit>();
            Walk(new JpegCodestream(frame, frame.Length), sourceName, edits);
            return edits;
        }

        /// <summary>How many edits a frame read piecewise needs (see <see cref="JpegTextStripper.CountRemovable"/>).</summary>
        public static int CountRemovable(long length, FrameReader read, byte[] window, string? sourceName = null) =>
            Walk(new JpegCodestream(length, read, window), sourceName, null);

        [MethodImpl(HotPath.Optimized)]
        private static int Walk(JpegCodestream frame, string? sourceName, List<CodestreamEdit>? edits)
        {
            long length = frame.Length;
            if (length >= Jp2Signature.Length && IsJp2(frame)) return WalkBoxes(frame, sourceName, edits);
            return WalkCodestream(frame, 0, length, sourceName, edits, trailing: true);
        }

        private static bool IsJp2(JpegCodestream frame)
        {
            for (int i = 0; i < Jp2Signature.Length; i++)
            {
                if (frame[i] != Jp2Signature[i]) return false;
            }
            return true;
        }

        /// <summary>
        /// The JP2 boxes of a wrapped frame (ISO/IEC 15444-1 Annex I): the codestream box is walked as a codestream; XML, UUID and
        /// UUID-info boxes, which hold metadata a writer chose (XMP, Exif, GeoJP2, names), are blanked.
        /// </summary>
        private static int WalkBoxes(JpegCodestream frame, string? sourceName, List<CodestreamEdit>? edits)
        {
            int count = 0;
            long length = frame.Length;
            long p = 0;
            while (p + 8 <= length)
            {
                long box = Read32(frame, p);
                uint type = (uint)Read32(frame, p + 4);
                long header = 8;
                if (box == 1)
                {
                    if (p + 16 > length) throw Error(sourceName, p, "The JP2 box's extended length is cut off.");
                    box = (Read32(frame, p + 8) << 32) | Read32(frame, p + 12);
                    header = 16;
                }
                else if (box == 0)
                {
                    box = length - p; // the last box runs to the end
                }
                if (box < header || p + box > length) throw Error(sourceName, p, $"The JP2 box gives length {box}, which runs past the frame's {length} bytes.");
                if (type == Box("jp2c")) count += WalkCodestream(frame, p + header, p + box, sourceName, edits, trailing: false);
                else if (type == Box("xml ") || type == Box("uuid") || type == Box("uinf")) count += Blank(frame, p + header, box - header, edits);
                p += box;
            }
            if (p < length && !CodestreamEdit.IsPadding(frame, p, length))
            {
                count++;
                edits?.Add(CodestreamEdit.Remove(p, length - p));
            }
            return count;
        }

        private static uint Box(string name) => (uint)((name[0] << 24) | (name[1] << 16) | (name[2] << 8) | name[3]);

        /// <summary>
        /// The marker segments of one codestream between <paramref name="start"/> and <paramref name="end"/>: the main header, then
        /// each tile-part's header (its data skipped by the tile-part's length), up to EOC.
        /// </summary>
        private static int WalkCodestream(JpegCodestream frame, long start, long end, string? sourceName, List<CodestreamEdit>? edits, bool trailing)
        {
            int count = 0;
            if (end - start < 2 || frame[start] != 0xFF || frame[start + 1] != Soc)
                throw Error(sourceName, start, "The encoded frame does not start with a JPEG 2000 SOC marker.");
            long p = start + 2;
            while (p < end)
            {
                if (p + 2 > end || frame[p] != 0xFF) throw Error(sourceName, p, $"Expected a JPEG 2000 marker, found 0x{frame[p]:X2}.");
                byte marker = frame[p + 1];
                if (marker == Eoc)
                {
                    long after = p + 2;
                    if (trailing && after < end && !CodestreamEdit.IsPadding(frame, after, end))
                    {
                        count++;
                        edits?.Add(CodestreamEdit.Remove(after, end - after));
                    }
                    return count;
                }
                if (marker == Sot)
                {
                    p = TilePart(frame, p, end, sourceName, edits, ref count);
                    continue;
                }
                long segment = SegmentLength(frame, p, end, sourceName);
                if (marker == Com) count += BlankComment(frame, p, segment, edits);
                p += 2 + segment;
            }
            return count;
        }

        /// <summary>One tile-part from its SOT: its header's segments up to SOD, then its data, skipped by Psot. Returns where the next marker is.</summary>
        private static long TilePart(JpegCodestream frame, long sot, long end, string? sourceName, List<CodestreamEdit>? edits, ref int count)
        {
            long lsot = SegmentLength(frame, sot, end, sourceName);
            if (lsot < 10) throw Error(sourceName, sot, $"The JPEG 2000 SOT segment gives length {lsot}, not 10.");
            long psot = Read32(frame, sot + 6);
            long next = psot == 0 ? end : sot + psot;
            if (psot != 0 && (psot < lsot + 4 || next > end))
                throw Error(sourceName, sot, $"The JPEG 2000 tile-part gives length {psot}, which runs past the frame's {end} bytes.");
            long p = sot + 2 + lsot;
            while (true)
            {
                if (p + 2 > next || frame[p] != 0xFF) throw Error(sourceName, p, "A JPEG 2000 tile-part header does not end with SOD.");
                byte marker = frame[p + 1];
                if (marker == Sod) break;
                long segment = SegmentLength(frame, p, next, sourceName);
                if (marker == Com) count += BlankComment(frame, p, segment, edits);
                p += 2 + segment;
            }
            // Psot 0: the last tile-part, running to EOC. Its data never holds 0xFF followed by a byte from 0x90 up (bit
            // stuffing), and the in-stream SOP and EPH markers are below 0xC0, so the first marker from 0xC0 up is EOC — not the
            // end of the frame, where text may have been put after it.
            return psot != 0 ? next : Math.Min(frame.IndexOfMarker(p + 2), end);
        }

        private static long SegmentLength(JpegCodestream frame, long p, long end, string? sourceName)
        {
            if (p + 4 > end) throw Error(sourceName, p, $"The JPEG 2000 segment 0xFF{frame[p + 1]:X2} has no length.");
            long segment = (frame[p + 2] << 8) | frame[p + 3];
            if (segment < 2 || p + 2 + segment > end)
                throw Error(sourceName, p, $"The JPEG 2000 segment 0xFF{frame[p + 1]:X2} gives length {segment}, which runs past the frame's {end} bytes.");
            return segment;
        }

        // A comment keeps its marker, length and registration; its text becomes zeros (nothing to do when it already is).
        private static int BlankComment(JpegCodestream frame, long p, long segment, List<CodestreamEdit>? edits) =>
            Blank(frame, p + CommentHeader, segment + 2 - CommentHeader, edits);

        private static int Blank(JpegCodestream frame, long start, long length, List<CodestreamEdit>? edits)
        {
            if (length <= 0) return 0;
            bool text = false;
            for (long i = start; i < start + length && !text; i++) text = frame[i] != 0;
            if (!text) return 0;
            if (length > int.MaxValue) throw DicomFormatException.Unsupported(null, -1, DicomTag.PixelData, "A JPEG 2000 metadata box over 2 GB cannot be blanked.");
            edits?.Add(CodestreamEdit.Replace(start, length, new byte[length]));
            return 1;
        }

        private static long Read32(JpegCodestream frame, long p) =>
            ((long)frame[p] << 24) | ((long)frame[p + 1] << 16) | ((long)frame[p + 2] << 8) | frame[p + 3];

        private static DicomFormatException Error(string? sourceName, long position, string message) => JpegCodestream.FrameError(sourceName, position, message);
    }
}
