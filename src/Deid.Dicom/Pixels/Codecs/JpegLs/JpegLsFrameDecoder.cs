using System;

namespace Deid.Dicom
{
    /// <summary>
    /// Walks the markers of a JPEG-LS codestream (T.87 Annex C: SOI, SOF55, LSE, DRI, SOS, APPn, COM, EOI) and hands
    /// each scan to <see cref="JpegLsScanDecoder"/>.
    /// </summary>
    internal static class JpegLsFrameDecoder
    {
        private const int Soi = 0xD8, Eoi = 0xD9, Sos = 0xDA, Dri = 0xDD, Com = 0xFE;
        private const int Sof55 = 0xF7, Lse = 0xF8;

        /// <summary>Decodes <paramref name="data"/>, one frame, into <paramref name="destination"/> as <paramref name="geometry"/> lays it out.</summary>
        public static void Decode(ReadOnlySpan<byte> data, PixelFrameGeometry geometry, Span<byte> destination) => Walk(data, geometry, destination, headerOnly: false);

        /// <summary>
        /// Reads the segments up to the SOF55 frame header and checks it against <paramref name="geometry"/> (size, components,
        /// precision), decoding nothing: what a caller sizing a frame buffer from the geometry must know first.
        /// </summary>
        public static void CheckHeader(ReadOnlySpan<byte> data, PixelFrameGeometry geometry) => Walk(data, geometry, Span<byte>.Empty, headerOnly: true);

        private static void Walk(ReadOnlySpan<byte> data, PixelFrameGeometry geometry, Span<byte> destination, bool headerOnly)
        {
            if (data.Length < 2 || data[0] != 0xFF || data[1] != Soi)
                throw JpegLsErrors.Create(0, "the frame does not start with an SOI marker (FFD8); it is not a JPEG-LS codestream.");
            int position = 2;
            int[]? componentIds = null;
            bool[]? decoded = null;
            int precision = 0, decodedCount = 0, restartInterval = 0;
            JpegLsOutput output = default;
            var presets = default(JpegLsPresets);

            while (true)
            {
                int markerAt = position;
                int code = ReadMarker(data, ref position);
                if (code == Eoi) break;
                if (code >= 0xD0 && code <= 0xD7)
                    throw JpegLsErrors.Create(markerAt, $"restart marker FF{code:X2} outside entropy-coded data.");
                if (code == 0x01 || code == Soi)
                    throw JpegLsErrors.Create(markerAt, $"unexpected marker FF{code:X2}.");

                // Every other marker starts a segment with a 16-bit length that counts itself (T.81 §B.1.1.4).
                if (position + 2 > data.Length) throw JpegLsErrors.Create(position, "the codestream ends inside a marker segment (truncated).");
                int length = (data[position] << 8) | data[position + 1];
                if (length < 2 || position + length > data.Length)
                    throw JpegLsErrors.Create(position, $"the FF{code:X2} segment of {length} bytes runs past the end of the frame (truncated).");
                var body = data.Slice(position + 2, length - 2);
                int bodyAt = position + 2;
                position += length;

                switch (code)
                {
                    case Sof55:
                        if (componentIds != null) throw JpegLsErrors.Create(markerAt, "a second SOF55 frame header.");
                        componentIds = ReadFrameHeader(body, bodyAt, geometry, out precision, out output);
                        if (headerOnly) return;
                        decoded = new bool[componentIds.Length];
                        break;
                    case Lse:
                        presets = ReadPresets(body, bodyAt);
                        break;
                    case Dri:
                        restartInterval = ReadRestartInterval(body, bodyAt);
                        break;
                    case Sos:
                        if (componentIds == null || decoded == null) throw JpegLsErrors.Create(markerAt, "a scan (SOS) before the SOF55 frame header.");
                        var scan = ReadScanHeader(body, bodyAt, componentIds, decoded, out int near, out int interleave);
                        var parameters = JpegLsCodingParameters.Create(precision, near, presets, bodyAt);
                        position = JpegLsScanDecoder.Decode(data, position, scan, interleave, parameters, restartInterval, output, destination);
                        foreach (int c in scan) decoded[c] = true;
                        decodedCount += scan.Length;
                        break;
                    case Com:
                        break;
                    default:
                        if (code >= 0xE0 && code <= 0xEF)
                        {
                            CheckApplicationSegment(code, body, bodyAt);
                            break;
                        }
                        if (code >= 0xC0 && code <= 0xCF && code != 0xC4 && code != 0xC8 && code != 0xCC)
                            throw JpegLsErrors.Create(markerAt, $"the frame header is SOF{code - 0xC0} (FF{code:X2}), a JPEG (ITU-T T.81) process, not JPEG-LS SOF55 (FFF7).");
                        throw JpegLsErrors.Create(markerAt, $"unexpected marker FF{code:X2} in a JPEG-LS codestream.");
                }
            }

            if (componentIds == null) throw JpegLsErrors.Create(position, "the codestream has no SOF55 frame header.");
            if (decodedCount < componentIds.Length)
                throw JpegLsErrors.Create(position, $"the scans decode {decodedCount} of the frame's {componentIds.Length} components before EOI.");
        }

        // A marker: 0xFF, any 0xFF fill bytes (T.81 §B.1.1.2), then the code.
        private static int ReadMarker(ReadOnlySpan<byte> data, ref int position)
        {
            if (position >= data.Length) throw JpegLsErrors.Create(position, "the codestream ends without an EOI marker (truncated).");
            if (data[position] != 0xFF)
                throw JpegLsErrors.Create(position, $"expected a marker (FFxx), found byte {data[position]:X2}.");
            while (position < data.Length && data[position] == 0xFF) position++;
            if (position >= data.Length) throw JpegLsErrors.Create(position, "the codestream ends inside a marker (truncated).");
            return data[position++];
        }

        // T.87 §C.2.2: SOF55 is P, Y, X, Nf, then Ci, Hi/Vi, Tqi for each component.
        private static int[] ReadFrameHeader(ReadOnlySpan<byte> body, int at, PixelFrameGeometry geometry, out int precision, out JpegLsOutput output)
        {
            if (body.Length < 6) throw JpegLsErrors.Create(at, "the SOF55 segment is too short.");
            precision = body[0];
            int height = (body[1] << 8) | body[2];
            int width = (body[3] << 8) | body[4];
            int count = body[5];
            if (body.Length != 6 + 3 * count)
                throw JpegLsErrors.Create(at, $"the SOF55 segment holds {body.Length} bytes, not the {6 + 3 * count} that {count} component(s) need.");
            if (precision < 2 || precision > 16) throw JpegLsErrors.Create(at, $"sample precision P={precision} is outside 2..16.");
            if (height == 0) throw JpegLsErrors.Unsupported(at, "the frame height is 0 (defined later by DNL or LSE), which is not supported.");
            if (width == 0) throw JpegLsErrors.Unsupported(at, "the frame width is 0 (an LSE oversize-image segment), which is not supported.");

            // The codestream must describe the frame the dataset's Image Pixel module announces.
            if (width != geometry.Columns || height != geometry.Rows || count != geometry.SamplesPerPixel)
                throw JpegLsErrors.Create(at, $"the codestream is {width} × {height} with {count} component(s), but the image is {geometry.Columns} × {geometry.Rows} with {geometry.SamplesPerPixel} sample(s) per pixel.");
            if (geometry.BitsAllocated != 8 && geometry.BitsAllocated != 16)
                throw JpegLsErrors.Create(at, $"Bits Allocated {geometry.BitsAllocated} cannot hold JPEG-LS samples; 8 or 16 is required.");
            if (precision > geometry.BitsAllocated)
                throw JpegLsErrors.Create(at, $"{precision}-bit samples do not fit Bits Allocated {geometry.BitsAllocated}.");
            long expected = (long)width * height * count * (geometry.BitsAllocated / 8);
            if (geometry.FrameLength != expected)
                throw JpegLsErrors.Create(at, $"a decoded frame takes {expected} bytes, but the geometry ({geometry}) expects {geometry.FrameLength}.");

            var ids = new int[count];
            for (int i = 0; i < count; i++)
            {
                int id = body[6 + 3 * i];
                int sampling = body[7 + 3 * i];
                if (Array.IndexOf(ids, id, 0, i) >= 0) throw JpegLsErrors.Create(at, $"component identifier {id} appears twice in SOF55.");
                if (sampling != 0x11)
                    throw JpegLsErrors.Unsupported(at, $"component {id} has sampling factors {sampling >> 4}×{sampling & 15}; subsampled JPEG-LS is not supported.");
                ids[i] = id;
            }
            output = new JpegLsOutput(width, height, count, geometry.BitsAllocated / 8, geometry.PlanarConfiguration == 1 && count > 1);
            return ids;
        }

        // T.87 §C.2.4.1: LSE. Only ID 1 (preset coding parameters) is supported; mapping tables (palettised images) and
        // oversize dimensions are not used by DICOM.
        private static JpegLsPresets ReadPresets(ReadOnlySpan<byte> body, int at)
        {
            if (body.Length < 1) throw JpegLsErrors.Create(at, "the LSE segment is empty.");
            int id = body[0];
            if (id == 2 || id == 3) throw JpegLsErrors.Unsupported(at, "LSE mapping tables (palettised JPEG-LS) are not supported.");
            if (id == 4) throw JpegLsErrors.Unsupported(at, "LSE oversize image dimensions are not supported.");
            if (id != 1) throw JpegLsErrors.Create(at, $"LSE parameter ID {id} is not defined by T.87.");
            if (body.Length != 11) throw JpegLsErrors.Create(at, $"the LSE preset parameters segment holds {body.Length} bytes, not 11.");
            return new JpegLsPresets(U16(body, 1), U16(body, 3), U16(body, 5), U16(body, 7), U16(body, 9));
        }

        // T.87 §C.2.5: DRI's Ri may take 2, 3 or 4 bytes; it counts lines.
        private static int ReadRestartInterval(ReadOnlySpan<byte> body, int at)
        {
            if (body.Length < 2 || body.Length > 4) throw JpegLsErrors.Create(at, $"the DRI segment holds {body.Length} bytes, not 2 to 4.");
            long ri = 0;
            foreach (byte b in body) ri = (ri << 8) | b;
            return (int)Math.Min(ri, int.MaxValue);
        }

        // T.87 §C.2.3: SOS is Ns, then Csj and Tmj for each component, NEAR, ILV and the point transform.
        private static int[] ReadScanHeader(ReadOnlySpan<byte> body, int at, int[] componentIds, bool[] decoded, out int near, out int interleave)
        {
            if (body.Length < 1) throw JpegLsErrors.Create(at, "the SOS segment is empty.");
            int count = body[0];
            if (count < 1 || count > componentIds.Length)
                throw JpegLsErrors.Create(at, $"the scan has {count} component(s); the frame has {componentIds.Length}.");
            if (body.Length != 4 + 2 * count)
                throw JpegLsErrors.Create(at, $"the SOS segment holds {body.Length} bytes, not the {4 + 2 * count} that {count} component(s) need.");
            var scan = new int[count];
            for (int j = 0; j < count; j++)
            {
                int id = body[1 + 2 * j];
                int index = Array.IndexOf(componentIds, id);
                if (index < 0) throw JpegLsErrors.Create(at, $"the scan names component {id}, which the frame header does not define.");
                if (decoded[index] || Array.IndexOf(scan, index, 0, j) >= 0)
                    throw JpegLsErrors.Create(at, $"component {id} is coded more than once.");
                if (body[2 + 2 * j] != 0) throw JpegLsErrors.Unsupported(at, "mapping tables (palettised JPEG-LS) are not supported.");
                scan[j] = index;
            }
            near = body[1 + 2 * count];
            interleave = body[2 + 2 * count];
            int pointTransform = body[3 + 2 * count];
            if (interleave > 2) throw JpegLsErrors.Create(at, $"interleave mode ILV={interleave} is not 0, 1 or 2.");
            if (interleave == 0 && count != 1) throw JpegLsErrors.Create(at, $"a non-interleaved scan (ILV=0) must hold one component, not {count}.");
            if (pointTransform != 0) throw JpegLsErrors.Unsupported(at, $"point transform {pointTransform & 15} is not supported.");
            return scan;
        }

        // APP8 "mrfx" announces an HP colour transform (HP1-HP3), which would have to be inverted after decoding.
        private static void CheckApplicationSegment(int code, ReadOnlySpan<byte> body, int at)
        {
            if (code == 0xE8 && body.Length >= 5 && body[0] == (byte)'m' && body[1] == (byte)'r' && body[2] == (byte)'f' && body[3] == (byte)'x' && body[4] != 0)
                throw JpegLsErrors.Unsupported(at, $"the HP colour transform {body[4]} (APP8 \"mrfx\") is not supported.");
        }

        private static int U16(ReadOnlySpan<byte> b, int i) => (b[i] << 8) | b[i + 1];
    }
}
