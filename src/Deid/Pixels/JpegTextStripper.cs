using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using Deid.Dicom;

namespace Deid.Pixels
{
    /// <summary>
    /// Removes the marker segments of a JPEG (or JPEG-LS) codestream that can carry free text — COM and the application segments
    /// APP0–APP15 — without decoding: a byte edit that leaves every other segment and all entropy-coded data exactly as they were,
    /// so the decoded image is the same. Only the APPn segments a decoder needs are kept: JFIF/JFXX (APP0), Adobe (APP14, which
    /// says whether colour is transformed) and, for JPEG-LS, HP's mrfx (APP8, its colour transform).
    /// </summary>
    internal static class JpegTextStripper
    {
        private const byte Soi = 0xD8, Eoi = 0xD9, Sos = 0xDA, Com = 0xFE, App0 = 0xE0, App8 = 0xE8, App14 = 0xEE, App15 = 0xEF;

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
            var drop = FindRemovable(frame, jpegLs, sourceName);
            removed = drop.Count;
            stripped = null;
            if (drop.Count == 0) return false;
            int dropped = 0;
            foreach (var (_, length) in drop) dropped += length;
            var output = new byte[frame.Length - dropped];
            int from = 0, to = 0;
            foreach (var (start, length) in drop)
            {
                frame.AsSpan(from, start - from).CopyTo(output.AsSpan(to));
                to += start - from;
                from = start + length;
            }
            frame.AsSpan(from).CopyTo(output.AsSpan(to));
            stripped = output;
            return true;
        }

        /// <summary>
        /// The (start, length) of every segment to remove from <paramref name="frame"/> (held in memory), in order. See
        /// <see cref="Walk"/>.
        /// </summary>
        public static List<(int Start, int Length)> FindRemovable(byte[] frame, bool jpegLs, string? sourceName = null)
        {
            if (frame == null) throw new ArgumentNullException(nameof(frame));
            var drop = new List<(int, int)>();
            Walk(new JpegCodestream(frame, frame.Length), jpegLs, sourceName, drop);
            return drop;
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
        private static int Walk(JpegCodestream frame, bool jpegLs, string? sourceName, List<(int, int)>? drop)
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
                if (marker == Eoi) break; // EOI and whatever padding follows it are kept as they are.
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
                if (IsRemovable(marker, frame.Slice(p + 4, Math.Min(segment - 2, 5)), jpegLs))
                {
                    count++;
                    drop?.Add(((int)p, segment + 2));
                }
                p += 2 + segment;
                if (marker == Sos) p = frame.IndexOfMarker(p); // the scan's entropy-coded data, up to the next marker
            }
            return count;
        }

        /// <summary>COM, and every APPn that is not one a decoder needs.</summary>
        private static bool IsRemovable(byte marker, ReadOnlySpan<byte> payload, bool jpegLs)
        {
            if (marker == Com) return true;
            if (marker < App0 || marker > App15) return false;
            if (marker == App0) return !(StartsWith(payload, "JFIF\0") || StartsWith(payload, "JFXX\0"));
            if (marker == App14) return !StartsWith(payload, "Adobe");
            if (marker == App8 && jpegLs) return !StartsWith(payload, "mrfx");
            return true;
        }

        private static bool IsStandalone(byte marker) => marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7) || marker == Soi;

        private static bool StartsWith(ReadOnlySpan<byte> payload, string ascii)
        {
            if (payload.Length < ascii.Length) return false;
            for (int i = 0; i < ascii.Length; i++)
            {
                if (payload[i] != ascii[i]) return false;
            }
            return true;
        }

        // The position is within the frame, not the file, so the message says it and the exception's file offset is unknown.
        private static DicomFormatException Error(string? sourceName, long position, string message) => new DicomFormatException(sourceName, -1, DicomTag.PixelData, message + $" (frame byte {position})");
    }
}
