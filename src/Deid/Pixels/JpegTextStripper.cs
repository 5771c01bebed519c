using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using Deid.Dicom;

namespace Deid.Pixels
{
    /// <summary>
    /// Removes the parts of a JPEG (or JPEG-LS) codestream that can carry free text without decoding: a byte edit that leaves every
    /// other segment and all entropy-coded data exactly as they were, so the decoded image is the same. Removed: COM, the
    /// application segments APP0–APP15 a decoder does not need, the JPEG extension segments JPG0–JPG13 (0xFFF0–0xFFFD; JPEG-LS
    /// keeps its own SOF55 and LSE), and anything but padding after EOI. The APPn segments a decoder needs — JFIF (APP0), Adobe
    /// (APP14, which says whether colour is transformed) and, for JPEG-LS, HP's mrfx (APP8, its colour transform) — are cut to
    /// their fixed header: bytes a writer put after it (a JFIF thumbnail, or text) go too.
    /// </summary>
    internal static class JpegTextStripper
    {
        internal const byte Soi = 0xD8, Eoi = 0xD9, Sos = 0xDA;
        private const byte Com = 0xFE, App0 = 0xE0, App8 = 0xE8, App14 = 0xEE, App15 = 0xEF;
        private const byte Jpg0 = 0xF0, Jpg13 = 0xFD, Sof55 = 0xF7, Lse = 0xF8;

        // The fixed headers of the APPn segments a decoder reads (payload after the length): JFIF's identifier, version, units,
        // densities and thumbnail size; Adobe's identifier, version, two flag words and transform; mrfx's identifier and transform.
        private const int JfifHeader = 14, AdobeHeader = 12, MrfxHeader = 5;

        // JFIF's thumbnail width and height, within its header: set to 0 when the thumbnail is cut.
        private const int JfifThumbnailSize = 12;

        /// <summary>
        /// Strips the text-bearing segments of one encoded frame. Returns false (and <paramref name="stripped"/> null) when there
        /// were none, so a clean frame is never copied; otherwise the frame without them.
        /// </summary>
        /// <param name="frame">The encoded frame, from SOI (trailing padding after EOI is kept as it is).</param>
        /// <param name="jpegLs">True for JPEG-LS, whose APP8 "mrfx" segment is needed to decode colour.</param>
        /// <param name="stripped">The frame without the removed segments, or null when nothing was removed.</param>
        /// <param name="removed">How many segments were removed.</param>
        /// <param name="sourceName">The file, for the exception's message.</param>
        /// <exception cref="DicomFormatException">The frame does not start with SOI, or a segment's length runs past the frame.</exception>
        public static bool Strip(byte[] frame, bool jpegLs, out byte[]? stripped, out int removed, string? sourceName = null)
        {
            var edits = FindRemovable(frame, jpegLs, sourceName);
            removed = edits.Count;
            stripped = edits.Count == 0 ? null : CodestreamEdit.Apply(frame, edits);
            return stripped != null;
        }

        /// <summary>
        /// The edits that take the text out of <paramref name="frame"/> (held in memory), in order: segments removed, or cut to
        /// their header. See <see cref="Walk"/>.
        /// </summary>
        public static List<CodestreamEdit> FindRemovable(byte[] frame, bool jpegLs, string? sourceName = null)
        {
            if (frame == null) throw new ArgumentNullException(nameof(frame));
            var edits = new List<CodestreamEdit>();
            Walk(new JpegCodestream(frame, frame.Length), jpegLs, sourceName, edits);
            return edits;
        }

        /// <summary>
        /// How many segments would be removed from a frame of <paramref name="length"/> bytes read piecewise with
        /// <paramref name="read"/> through <paramref name="window"/>: the first look at every JPEG file, which must not hold a
        /// frame (megabytes, or gigabytes) to find that nearly every one is clean. Same walk, same errors as
        /// <see cref="FindRemovable"/>.
        /// </summary>
        public static int CountRemovable(long length, FrameReader read, byte[] window, bool jpegLs, string? sourceName = null) =>
            Walk(new JpegCodestream(length, read, window), jpegLs, sourceName, null);

        /// <summary>
        /// Walks the marker segments from SOI to the first SOS, skips that scan's entropy-coded data, and goes on through any
        /// segments between scans (DHT, DNL, a COM a writer put there) until EOI or the end of the frame; counts the segments to
        /// remove and, with <paramref name="drop"/>, lists them.
        /// </summary>
        [MethodImpl(HotPath.Optimized)]
        private static int Walk(JpegCodestream frame, bool jpegLs, string? sourceName, List<CodestreamEdit>? drop)
        {
            int count = 0;
            long length = frame.Length;
            if (length < 2 || frame[0] != 0xFF || frame[1] != Soi)
                throw Error(sourceName, 0, "The encoded frame does not start with a JPEG SOI marker.");
            long p = 2;
            while (p < length)
            {
                if (frame[p] != 0xFF) throw Error(sourceName, p, $"Expected a JPEG marker, found 0x{frame[p]:X2}.");
                // Any number of 0xFF fill bytes may precede a marker (ITU-T T.81 §B.1.1.2).
                while (p + 1 < length && frame[p + 1] == 0xFF) p++;
                if (p + 1 >= length) throw Error(sourceName, p, "The frame ends inside a JPEG marker.");
                byte marker = frame[p + 1];
                if (marker == Eoi)
                {
                    // What follows EOI is padding (a fragment's even length) or a place to hide text: kept only when it is padding.
                    long end = p + 2;
                    if (!CodestreamEdit.IsPadding(frame, end, length))
                    {
                        count++;
                        drop?.Add(CodestreamEdit.Remove(end, length - end));
                    }
                    break;
                }
                if (IsStandalone(marker))
                {
                    p += 2;
                    continue;
                }
                if (p + 4 > length) throw Error(sourceName, p, $"The JPEG segment 0xFF{marker:X2} has no length.");
                int segment = (frame[p + 2] << 8) | frame[p + 3];
                if (segment < 2 || p + 2 + segment > length)
                    throw Error(sourceName, p, $"The JPEG segment 0xFF{marker:X2} gives length {segment}, which runs past the frame's {length} bytes.");
                // Only the first bytes of a segment tell what it is (JFIF, Adobe, mrfx): the rest is skipped, never read.
                int keep = Keep(marker, frame.Slice(p + 4, Math.Min(segment - 2, 5)), jpegLs);
                if (keep < 0)
                {
                    count++;
                    drop?.Add(CodestreamEdit.Remove(p, segment + 2));
                }
                else if (keep < segment - 2)
                {
                    count++;
                    drop?.Add(CutSegment(frame, p, segment, keep, marker == App0));
                }
                p += 2 + segment;
                if (marker == Sos) p = frame.IndexOfMarker(p); // the scan's entropy-coded data, up to the next marker
            }
            return count;
        }

        /// <summary>
        /// How much of a segment's payload stays: -1 to remove it (COM, an APPn a decoder does not need, a JPEG extension
        /// segment), the fixed header's length for the APPn segments a decoder reads (more than the payload when it is all
        /// header), or <see cref="int.MaxValue"/> for every other segment.
        /// </summary>
        internal static int Keep(byte marker, ReadOnlySpan<byte> payload, bool jpegLs)
        {
            if (marker == Com) return -1;
            if (marker >= Jpg0 && marker <= Jpg13) return jpegLs && (marker == Sof55 || marker == Lse) ? int.MaxValue : -1;
            if (marker < App0 || marker > App15) return int.MaxValue;
            // JFXX (APP0) is only a thumbnail, which no decoder of the image needs: it goes, with whatever it holds.
            if (marker == App0) return StartsWith(payload, "JFIF\0") ? JfifHeader : -1;
            if (marker == App14) return StartsWith(payload, "Adobe") ? AdobeHeader : -1;
            if (marker == App8 && jpegLs) return StartsWith(payload, "mrfx") ? MrfxHeader : -1;
            return -1;
        }

        /// <summary>
        /// The segment at <paramref name="position"/> (its length field <paramref name="segment"/>) cut to its first
        /// <paramref name="keep"/> payload bytes, its length rewritten.
        /// </summary>
        private static CodestreamEdit CutSegment(JpegCodestream frame, long position, int segment, int keep, bool jfif)
        {
            var header = frame.Slice(position, 4 + keep).ToArray();
            int length = keep + 2;
            header[2] = (byte)(length >> 8);
            header[3] = (byte)length;
            if (jfif)
            {
                // No thumbnail is left, so none is announced.
                header[4 + JfifThumbnailSize] = 0;
                header[4 + JfifThumbnailSize + 1] = 0;
            }
            return CodestreamEdit.Replace(position, segment + 2, header);
        }

        /// <summary>A marker with no segment after it: TEM, the restart markers, SOI.</summary>
        internal static bool IsStandalone(byte marker) => marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7) || marker == Soi;

        private static bool StartsWith(ReadOnlySpan<byte> payload, string ascii)
        {
            if (payload.Length < ascii.Length) return false;
            for (int i = 0; i < ascii.Length; i++)
            {
                if (payload[i] != ascii[i]) return false;
            }
            return true;
        }

        private static DicomFormatException Error(string? sourceName, long position, string message) => JpegCodestream.FrameError(sourceName, position, message);
    }
}
