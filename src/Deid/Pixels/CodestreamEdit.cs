using System;
using System.Collections.Generic;

namespace Deid.Pixels
{
    /// <summary>
    /// One byte edit of an encoded frame that takes text out of it: a run of bytes removed, or replaced by other bytes (a segment cut
    /// to its header, a comment's text blanked). Everything else in the frame is copied as it is.
    /// </summary>
    internal readonly struct CodestreamEdit
    {
        private CodestreamEdit(long start, long length, byte[]? replacement)
        {
            Start = start;
            Length = length;
            Replacement = replacement;
        }

        /// <summary>Where the edited run starts in the frame.</summary>
        public long Start { get; }

        /// <summary>How many bytes of the frame the edit takes out.</summary>
        public long Length { get; }

        /// <summary>What is written instead; null when the run is only removed.</summary>
        public byte[]? Replacement { get; }

        /// <summary>Removes <paramref name="length"/> bytes at <paramref name="start"/>.</summary>
        public static CodestreamEdit Remove(long start, long length) => new CodestreamEdit(start, length, null);

        /// <summary>Replaces <paramref name="length"/> bytes at <paramref name="start"/> with <paramref name="replacement"/>.</summary>
        public static CodestreamEdit Replace(long start, long length, byte[] replacement) => new CodestreamEdit(start, length, replacement);

        /// <summary>The frame with <paramref name="edits"/> (in order, not overlapping) made.</summary>
        public static byte[] Apply(byte[] frame, IReadOnlyList<CodestreamEdit> edits)
        {
            long size = frame.Length;
            foreach (var e in edits) size += (e.Replacement?.Length ?? 0) - e.Length;
            var output = new byte[size];
            int from = 0, to = 0;
            foreach (var e in edits)
            {
                int start = checked((int)e.Start);
                frame.AsSpan(from, start - from).CopyTo(output.AsSpan(to));
                to += start - from;
                if (e.Replacement != null)
                {
                    e.Replacement.CopyTo(output, to);
                    to += e.Replacement.Length;
                }
                from = checked((int)(e.Start + e.Length));
            }
            frame.AsSpan(from).CopyTo(output.AsSpan(to));
            return output;
        }

        /// <summary>
        /// True when the bytes from <paramref name="from"/> to <paramref name="to"/> are padding: 0x00 (what makes a fragment's
        /// length even) or 0xFF (fill). Anything else after the end of a codestream is where text can hide.
        /// </summary>
        public static bool IsPadding(JpegCodestream frame, long from, long to)
        {
            for (long i = from; i < to; i++)
            {
                if (!IsPaddingByte(frame[i])) return false;
            }
            return true;
        }

        /// <summary>A byte that may follow the end of a codestream as padding (<see cref="IsPadding"/>): 0x00 or 0xFF.</summary>
        public static bool IsPaddingByte(byte b) => b == 0x00 || b == 0xFF;
    }
}
