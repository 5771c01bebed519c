using System;
using System.Collections.Generic;

namespace Deid.Dicom
{
    /// <summary>
    /// What the marker segments of one JPEG codestream say, found by walking every segment from SOI to EOI before the
    /// library decodes anything. The walk does the checks the decoder library does not: segment lengths that run past
    /// the data, Huffman tables whose code counts overflow the code space, a missing EOI (a truncated frame, which the
    /// library would otherwise decode as zeros), and frames that are not the transfer syntax's kind.
    /// </summary>
    internal sealed class JpegStreamInfo
    {
        private JpegStreamInfo(byte sofMarker, int precision, int width, int height, JpegComponentInfo[] components)
        {
            SofMarker = sofMarker;
            Precision = precision;
            Width = width;
            Height = height;
            Components = components;
        }

        /// <summary>The second byte of the SOF marker: 0xC0 baseline, 0xC1 extended, 0xC2 progressive, 0xC3 lossless.</summary>
        public byte SofMarker { get; }

        /// <summary>Sample precision P of the frame, in bits.</summary>
        public int Precision { get; }

        /// <summary>Samples per line of the frame.</summary>
        public int Width { get; }

        /// <summary>Lines of the frame (0 would mean a DNL marker, which is refused).</summary>
        public int Height { get; }

        /// <summary>The frame's components in frame header order.</summary>
        public IReadOnlyList<JpegComponentInfo> Components { get; }

        /// <summary>True for a Process 14 (lossless, Huffman) frame.</summary>
        public bool IsLossless => SofMarker == 0xC3;

        /// <summary>True when an APP0 JFIF segment is present (it implies YCbCr for three components).</summary>
        public bool HasJfif { get; private set; }

        /// <summary>The Adobe APP14 transform flag (0 none/RGB, 1 YCbCr, 2 YCCK), or -1 without an Adobe segment.</summary>
        public int AdobeTransform { get; private set; } = -1;

        /// <summary>The restart interval in force when the first scan starts (0 for none).</summary>
        public int RestartInterval { get; private set; }

        /// <summary>The first scan's Ss: the predictor (selection value) of a lossless scan.</summary>
        public int Predictor { get; private set; }

        /// <summary>The first scan's Al: the point transform of a lossless scan.</summary>
        public int PointTransform { get; private set; }

        /// <summary>Largest horizontal sampling factor of the frame.</summary>
        public int MaxH { get; private set; }

        /// <summary>Largest vertical sampling factor of the frame.</summary>
        public int MaxV { get; private set; }

        /// <summary>Walks the codestream; throws <see cref="JpegDataException"/> with a reason when it is malformed.</summary>
        public static JpegStreamInfo Parse(ReadOnlySpan<byte> data)
        {
            if (data.Length < 4 || data[0] != 0xFF || data[1] != 0xD8)
                throw new JpegDataException("the frame does not start with a JPEG SOI marker (FF D8)");
            JpegStreamInfo? info = null;
            int restart = 0;
            bool scanSeen = false, jfif = false;
            int adobe = -1;
            int pos = 2;
            while (true)
            {
                pos = NextMarker(data, pos, out byte marker);
                if (marker == 0xD9)
                {
                    if (info == null) throw new JpegDataException("EOI comes before any frame header (SOF)");
                    if (!scanSeen) throw new JpegDataException("EOI comes before any scan (SOS)");
                    info.HasJfif = jfif;
                    info.AdobeTransform = adobe;
                    return info;
                }
                if (marker >= 0xD0 && marker <= 0xD7) throw new JpegDataException($"restart marker RST{marker - 0xD0} outside a scan");
                if (marker == 0x01) continue;
                if (pos + 2 > data.Length) throw Truncated(pos);
                int length = (data[pos] << 8) | data[pos + 1];
                if (length < 2) throw new JpegDataException($"marker FF {marker:X2} at byte {pos - 2} has length {length}, less than 2");
                if (pos + length > data.Length) throw Truncated(pos);
                var body = data.Slice(pos + 2, length - 2);
                pos += length;
                switch (marker)
                {
                    case 0xC0:
                    case 0xC1:
                    case 0xC2:
                    case 0xC3:
                    case 0xC9:
                    case 0xCA:
                    case 0xCB:
                        if (info != null) throw new JpegDataException("the codestream has more than one frame header (SOF)");
                        info = ReadFrameHeader(marker, body);
                        break;
                    case 0xC5:
                    case 0xC6:
                    case 0xC7:
                    case 0xCD:
                    case 0xCE:
                    case 0xCF:
                    case 0xDE:
                        throw new JpegDataException($"hierarchical JPEG (marker FF {marker:X2}) is not a DICOM transfer syntax");
                    case 0xC4:
                        CheckHuffmanTables(body);
                        break;
                    case 0xDD:
                        if (body.Length < 2) throw new JpegDataException("the DRI segment is shorter than 2 bytes");
                        restart = (body[0] << 8) | body[1];
                        break;
                    case 0xE0:
                        if (body.Length >= 5 && body[0] == (byte)'J' && body[1] == (byte)'F' && body[2] == (byte)'I' && body[3] == (byte)'F' && body[4] == 0)
                            jfif = true;
                        break;
                    case 0xEE:
                        // "Adobe", version (2), flags0 (2), flags1 (2), transform (1): libjpeg's reading of APP14.
                        if (body.Length >= 12 && body[0] == (byte)'A' && body[1] == (byte)'d' && body[2] == (byte)'o' && body[3] == (byte)'b' && body[4] == (byte)'e')
                            adobe = body[11];
                        break;
                    case 0xDA:
                        if (info == null) throw new JpegDataException("a scan (SOS) comes before the frame header (SOF)");
                        if (!scanSeen) info.ReadFirstScanHeader(body, restart);
                        scanSeen = true;
                        pos = SkipEntropyCodedData(data, pos);
                        break;
                }
            }
        }

        private static JpegStreamInfo ReadFrameHeader(byte marker, ReadOnlySpan<byte> body)
        {
            if (body.Length < 6) throw new JpegDataException("the frame header (SOF) is shorter than 6 bytes");
            int precision = body[0];
            int height = (body[1] << 8) | body[2];
            int width = (body[3] << 8) | body[4];
            int count = body[5];
            if (count < 1 || count > 4) throw new JpegDataException($"the frame header declares {count} components (1 to 4 are allowed)");
            if (body.Length < 6 + 3 * count) throw new JpegDataException("the frame header (SOF) is shorter than its component list");
            bool lossless = marker == 0xC3;
            if (lossless ? precision < 2 || precision > 16 : precision != 8 && precision != 12)
                throw new JpegDataException($"sample precision {precision} is not allowed for this JPEG process");
            if (width == 0 || height == 0) throw new JpegDataException($"the frame header gives {width} × {height} samples (a DNL marker is not supported)", unsupported: true);
            var components = new JpegComponentInfo[count];
            int maxH = 1, maxV = 1;
            for (int i = 0; i < count; i++)
            {
                int h = body[7 + 3 * i] >> 4, v = body[7 + 3 * i] & 15;
                if (h < 1 || h > 4 || v < 1 || v > 4) throw new JpegDataException($"component {i} has sampling factors {h}×{v} (1 to 4 are allowed)");
                components[i] = new JpegComponentInfo(body[6 + 3 * i], h, v);
                maxH = Math.Max(maxH, h);
                maxV = Math.Max(maxV, v);
            }
            foreach (var c in components)
            {
                // The library upsamples by bit shifts, so only power-of-two ratios decode correctly.
                int rh = maxH / c.H, rv = maxV / c.V;
                if (maxH % c.H != 0 || maxV % c.V != 0 || (rh & (rh - 1)) != 0 || (rv & (rv - 1)) != 0)
                    throw new JpegDataException($"sampling factors {c.H}×{c.V} against {maxH}×{maxV} are not a power-of-two ratio");
            }
            return new JpegStreamInfo(marker, precision, width, height, components) { MaxH = maxH, MaxV = maxV };
        }

        private void ReadFirstScanHeader(ReadOnlySpan<byte> body, int restart)
        {
            if (body.Length < 1 || body.Length < 1 + 2 * body[0] + 3) throw new JpegDataException("the scan header (SOS) is shorter than its component list");
            int n = body[0];
            Predictor = body[1 + 2 * n];
            PointTransform = body[3 + 2 * n] & 15;
            RestartInterval = restart;
            if (IsLossless && (Predictor < 1 || Predictor > 7)) throw new JpegDataException($"lossless predictor (selection value) {Predictor} is not 1 to 7");
            if (IsLossless && PointTransform >= Precision) throw new JpegDataException($"point transform {PointTransform} is not below the precision {Precision}");
        }

        /// <summary>
        /// Checks a DHT segment: every table's class and id, that its symbols fit the segment, and that its code counts
        /// fit the code space (a corrupted count gives codes the decoder would read as garbage or past its tables).
        /// </summary>
        private static void CheckHuffmanTables(ReadOnlySpan<byte> body)
        {
            int p = 0;
            while (p < body.Length)
            {
                if (p + 17 > body.Length) throw new JpegDataException("a Huffman table (DHT) is cut short");
                int tc = body[p] >> 4, th = body[p] & 15;
                if (tc > 1 || th > 3) throw new JpegDataException($"Huffman table class {tc} id {th} is not allowed");
                int total = 0;
                long code = 0;
                for (int len = 1; len <= 16; len++)
                {
                    int count = body[p + len];
                    total += count;
                    code += count;
                    if (code > (1L << len)) throw new JpegDataException($"Huffman table class {tc} id {th} has more codes of length {len} than fit");
                    code <<= 1;
                }
                if (total > 256) throw new JpegDataException($"Huffman table class {tc} id {th} has {total} symbols (at most 256)");
                if (p + 17 + total > body.Length) throw new JpegDataException($"Huffman table class {tc} id {th} runs past its DHT segment");
                p += 17 + total;
            }
        }

        /// <summary>Finds the next marker at or after <paramref name="pos"/>, skipping fill bytes; returns the position after it.</summary>
        private static int NextMarker(ReadOnlySpan<byte> data, int pos, out byte marker)
        {
            if (pos >= data.Length) throw Truncated(pos);
            if (data[pos] != 0xFF) throw new JpegDataException($"expected a marker at byte {pos}, found {data[pos]:X2}");
            while (pos < data.Length && data[pos] == 0xFF) pos++;
            if (pos >= data.Length) throw Truncated(pos);
            marker = data[pos];
            if (marker == 0x00) throw new JpegDataException($"a stuffed zero byte at {pos} where a marker was expected");
            return pos + 1;
        }

        /// <summary>Skips entropy-coded bytes (with stuffed zeros and restart markers) up to the next real marker.</summary>
        private static int SkipEntropyCodedData(ReadOnlySpan<byte> data, int pos)
        {
            while (true)
            {
                int ff = data.Slice(pos).IndexOf((byte)0xFF);
                if (ff < 0) throw Truncated(data.Length);
                pos += ff;
                int next = pos + 1;
                while (next < data.Length && data[next] == 0xFF) next++;
                if (next >= data.Length) throw Truncated(data.Length);
                byte b = data[next];
                if (b == 0x00 || (b >= 0xD0 && b <= 0xD7))
                {
                    pos = next + 1;
                    continue;
                }
                return next - 1;
            }
        }

        private static JpegDataException Truncated(int pos) =>
            new JpegDataException($"the codestream ends at byte {pos} before its EOI marker (truncated frame)");
    }

    /// <summary>One component of a JPEG frame header.</summary>
    internal readonly struct JpegComponentInfo
    {
        public JpegComponentInfo(int id, int h, int v)
        {
            Id = id;
            H = h;
            V = v;
        }

        /// <summary>Component identifier Ci.</summary>
        public int Id { get; }

        /// <summary>Horizontal sampling factor Hi.</summary>
        public int H { get; }

        /// <summary>Vertical sampling factor Vi.</summary>
        public int V { get; }
    }

    /// <summary>A malformed JPEG codestream; the codec turns it into a <see cref="DicomFormatException"/>.</summary>
    internal sealed class JpegDataException : Exception
    {
        public JpegDataException(string message, bool unsupported = false) : base(message)
        {
            Unsupported = unsupported;
        }

        /// <summary>True when the stream uses what the decoder does not implement, rather than being broken.</summary>
        public bool Unsupported { get; }

        /// <summary>The DicomFormatException a codec throws for this: "broken" or, for a refusal, "cannot be decoded".</summary>
        public DicomFormatException ToFormatException() => Unsupported
            ? DicomFormatException.Unsupported(null, -1, DicomTag.PixelData, $"JPEG frame cannot be decoded: {Message}.")
            : new DicomFormatException(null, -1, DicomTag.PixelData, $"JPEG frame is broken: {Message}.");
    }
}
