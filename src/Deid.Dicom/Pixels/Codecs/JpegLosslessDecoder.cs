using System;

namespace Deid.Dicom
{
    /// <summary>
    /// Decodes Process 14 (lossless, Huffman) frames, ITU-T T.81 Annex H, into interleaved little endian samples.
    /// </summary>
    /// <remarks>
    /// Written here rather than taken from JpegLibrary 0.4.32, whose lossless scan decoder predicts the first line of
    /// a scan (and of each restart interval) with the chosen predictor instead of Ra, so selection values 2, 3, 6 and 7
    /// (dcmcjpeg's default for .57 is 6) decode wrong. Samples are kept modulo 2^16 as the standard defines them.
    /// </remarks>
    internal static class JpegLosslessDecoder
    {
        public static void Decode(ReadOnlySpan<byte> data, JpegStreamInfo info, int bytesPerSample, Span<byte> destination)
        {
            int n = info.Components.Count, width = info.Width, height = info.Height;
            foreach (var c in info.Components)
            {
                if (c.H != 1 || c.V != 1)
                    throw new JpegDataException($"lossless JPEG with sampling factors {c.H}×{c.V} is not supported (only 1×1)", unsupported: true);
            }
            var planes = new int[n][];
            var decoded = new bool[n];
            for (int i = 0; i < n; i++) planes[i] = new int[width * height];
            var tables = new LosslessHuffmanTable?[4];
            int restartInterval = 0;
            int pos = 2;
            while (true)
            {
                while (pos < data.Length && data[pos] == 0xFF) pos++;
                byte marker = data[pos++];
                if (marker == 0xD9) break;
                int length = (data[pos] << 8) | data[pos + 1];
                var body = data.Slice(pos + 2, length - 2);
                pos += length;
                if (marker == 0xC4) ReadHuffmanTables(body, tables);
                else if (marker == 0xDD) restartInterval = (body[0] << 8) | body[1];
                else if (marker == 0xDA) pos = DecodeScan(data, pos, body, info, tables, restartInterval, planes, decoded);
            }
            for (int i = 0; i < n; i++)
            {
                if (!decoded[i]) throw new JpegDataException($"no scan holds component {i}");
            }
            int pixels = width * height, pt = info.PointTransform;
            for (int c = 0; c < n; c++)
            {
                var plane = planes[c];
                for (int i = 0; i < pixels; i++)
                {
                    int v = (plane[i] << pt) & 0xFFFF;
                    if (bytesPerSample == 1)
                    {
                        destination[i * n + c] = (byte)v;
                    }
                    else
                    {
                        int o = 2 * (i * n + c);
                        destination[o] = (byte)v;
                        destination[o + 1] = (byte)(v >> 8);
                    }
                }
            }
        }

        private static void ReadHuffmanTables(ReadOnlySpan<byte> body, LosslessHuffmanTable?[] tables)
        {
            // JpegStreamInfo has checked the segment's layout and code counts.
            int p = 0;
            while (p < body.Length)
            {
                int tc = body[p] >> 4, th = body[p] & 15;
                var counts = body.Slice(p + 1, 16);
                int total = 0;
                foreach (byte b in counts) total += b;
                // Lossless scans use only DC (class 0) tables; AC tables are legal in the segment but unused.
                if (tc == 0) tables[th] = new LosslessHuffmanTable(counts, body.Slice(p + 17, total));
                p += 17 + total;
            }
        }

        private static int DecodeScan(ReadOnlySpan<byte> data, int pos, ReadOnlySpan<byte> header, JpegStreamInfo info,
            LosslessHuffmanTable?[] tables, int restartInterval, int[][] planes, bool[] decoded)
        {
            int ns = header[0];
            if (ns < 1 || ns > info.Components.Count) throw new JpegDataException($"a scan names {ns} components");
            var index = new int[ns];
            var table = new LosslessHuffmanTable[ns];
            for (int k = 0; k < ns; k++)
            {
                int id = header[1 + 2 * k], td = header[2 + 2 * k] >> 4;
                index[k] = -1;
                for (int i = 0; i < info.Components.Count; i++)
                {
                    if (info.Components[i].Id == id) index[k] = i;
                }
                if (index[k] < 0) throw new JpegDataException($"a scan names component id {id}, which the frame does not have");
                table[k] = (td < 4 ? tables[td] : null) ?? throw new JpegDataException($"Huffman table {td} is used before it is defined");
                decoded[index[k]] = true;
            }
            int predictor = header[1 + 2 * ns];
            int pt = header[3 + 2 * ns] & 15;
            if (predictor < 1 || predictor > 7) throw new JpegDataException($"lossless predictor (selection value) {predictor} is not 1 to 7");
            int width = info.Width, height = info.Height;
            int initial = 1 << (info.Precision - pt - 1);
            var reader = new LosslessBitReader(data, pos);
            int mcusLeft = restartInterval;
            // The row whose samples are predicted from the left only (the first of the scan or of a restart interval).
            int resetRow = 0, resetColumn = 0;
            for (int y = 0; y < height; y++)
            {
                for (int x = 0; x < width; x++)
                {
                    if (restartInterval > 0)
                    {
                        if (mcusLeft == 0)
                        {
                            reader.ReadRestartMarker();
                            mcusLeft = restartInterval;
                            resetRow = y;
                            resetColumn = x;
                        }
                        mcusLeft--;
                    }
                    for (int k = 0; k < ns; k++)
                    {
                        int[] plane = planes[index[k]];
                        int at = y * width + x;
                        int px;
                        if (y == resetRow && x == resetColumn) px = initial;
                        else if (y == resetRow) px = plane[at - 1];
                        else if (x == 0) px = plane[at - width];
                        else px = Predict(predictor, plane[at - 1], plane[at - width], plane[at - width - 1]);
                        plane[at] = (px + reader.ReadDifference(table[k])) & 0xFFFF;
                    }
                }
            }
            return reader.EndOfScan();
        }

        private static int Predict(int predictor, int ra, int rb, int rc) => predictor switch
        {
            1 => ra,
            2 => rb,
            3 => rc,
            4 => ra + rb - rc,
            5 => ra + ((rb - rc) >> 1),
            6 => rb + ((ra - rc) >> 1),
            _ => (ra + rb) >> 1,
        };
    }
}
