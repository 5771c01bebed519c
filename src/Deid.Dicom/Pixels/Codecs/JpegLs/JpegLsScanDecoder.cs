using System;

namespace Deid.Dicom
{
    /// <summary>Where decoded lines go: the frame's native little endian layout.</summary>
    internal readonly struct JpegLsOutput
    {
        public JpegLsOutput(int width, int height, int components, int bytesPerSample, bool planar)
        {
            Width = width;
            Height = height;
            Components = components;
            BytesPerSample = bytesPerSample;
            Planar = planar;
        }

        public int Width { get; }

        public int Height { get; }

        public int Components { get; }

        public int BytesPerSample { get; }

        public bool Planar { get; }

        /// <summary>
        /// Copies the samples of line <paramref name="y"/> of frame component <paramref name="component"/> from
        /// <paramref name="line"/> (pixel 1 onwards, <paramref name="stride"/> samples a pixel, starting at
        /// <paramref name="offset"/>) into <paramref name="destination"/>.
        /// </summary>
        public void WriteLine(Span<byte> destination, ReadOnlySpan<int> line, int stride, int offset, int y, int component)
        {
            int start, step;
            if (Planar)
            {
                start = (component * Height + y) * Width;
                step = 1;
            }
            else
            {
                start = y * Width * Components + component;
                step = Components;
            }
            int from = stride + offset;
            if (BytesPerSample == 1)
            {
                var target = destination.Slice(start, (Width - 1) * step + 1);
                for (int x = 0, t = 0; x < Width; x++, t += step, from += stride) target[t] = (byte)line[from];
            }
            else
            {
                var target = destination.Slice(start * 2, ((Width - 1) * step + 1) * 2);
                for (int x = 0, t = 0; x < Width; x++, t += step * 2, from += stride)
                {
                    int v = line[from];
                    target[t] = (byte)v;
                    target[t + 1] = (byte)(v >> 8);
                }
            }
        }
    }

    /// <summary>
    /// Decodes one scan (T.87 Annex A with the interleaving of §B.2/§B.3 and the restart intervals of §D.2), from the
    /// first byte after its SOS header to the marker that ends it.
    /// </summary>
    internal static class JpegLsScanDecoder
    {
        /// <summary>
        /// Decodes the scan whose entropy-coded data starts at <paramref name="position"/> and writes its components
        /// (frame component indexes <paramref name="components"/>) into <paramref name="destination"/>. Returns the
        /// offset of the marker after the scan.
        /// </summary>
        public static int Decode(ReadOnlySpan<byte> data, int position, int[] components, int interleave,
            JpegLsCodingParameters parameters, int restartInterval, JpegLsOutput output, Span<byte> destination)
        {
            int width = output.Width, height = output.Height, count = components.Length;
            // ILV 2 keeps the samples of a pixel together; ILV 1 decodes each component's line in turn with its own
            // line buffers and RUNindex but shared contexts (T.87 §B.2.2, §B.3).
            int pixelSamples = interleave == 2 && count > 1 ? count : 1;
            int lineSets = interleave == 1 ? count : 1;
            int lineLength = (width + 2) * pixelSamples;
            var buffer = new int[lineSets * 2 * lineLength];
            var runIndex = new int[lineSets];
            var contexts = new int[pixelSamples];
            var model = new JpegLsContextModel();
            model.Initialize(parameters.Range);

            int end = FindMarker(data, position);
            var decoder = new JpegLsLineDecoder(parameters, model, new JpegLsBitReader(data.Slice(position, end - position), position));
            int restarts = 0;
            for (int y = 0; y < height; y++)
            {
                if (restartInterval > 0 && y > 0 && y % restartInterval == 0)
                {
                    // T.87 §D.2: a restart marker ends each interval; coding restarts as at the start of the scan.
                    position = SkipRestartMarker(data, end, restarts++);
                    end = FindMarker(data, position);
                    decoder.Bits = new JpegLsBitReader(data.Slice(position, end - position), position);
                    model.Initialize(parameters.Range);
                    Array.Clear(runIndex, 0, runIndex.Length);
                    Array.Clear(buffer, 0, buffer.Length);
                }
                for (int s = 0; s < lineSets; s++)
                {
                    var pair = buffer.AsSpan(s * 2 * lineLength, 2 * lineLength);
                    var previous = (y & 1) == 0 ? pair.Slice(0, lineLength) : pair.Slice(lineLength);
                    var current = (y & 1) == 0 ? pair.Slice(lineLength) : pair.Slice(0, lineLength);
                    decoder.RunIndex = runIndex[s];
                    if (pixelSamples == 1)
                    {
                        decoder.DecodeLine(previous, current, width);
                        output.WriteLine(destination, current, 1, 0, y, components[s]);
                    }
                    else
                    {
                        decoder.DecodeInterleavedLine(previous, current, width, pixelSamples, contexts);
                        for (int c = 0; c < pixelSamples; c++) output.WriteLine(destination, current, pixelSamples, c, y, components[c]);
                    }
                    runIndex[s] = decoder.RunIndex;
                }
            }
            return end;
        }

        /// <summary>
        /// The offset of the first marker at or after <paramref name="from"/>: a 0xFF followed by a byte of 0x80 or more
        /// (inside entropy-coded data 0xFF is always followed by a stuffed 0 bit). The end of data when there is none.
        /// </summary>
        public static int FindMarker(ReadOnlySpan<byte> data, int from)
        {
            int i = from;
            while (i < data.Length)
            {
                int k = data.Slice(i).IndexOf((byte)0xFF);
                if (k < 0 || i + k + 1 >= data.Length) return data.Length;
                i += k;
                if (data[i + 1] >= 0x80) return i;
                i += 2;
            }
            return data.Length;
        }

        private static int SkipRestartMarker(ReadOnlySpan<byte> data, int at, int restartCount)
        {
            int i = at;
            while (i < data.Length && data[i] == 0xFF) i++;
            if (i >= data.Length) throw JpegLsErrors.Create(at, "the codestream ends where a restart marker is expected (truncated).");
            int expected = 0xD0 + (restartCount & 7);
            if (data[i] != expected)
                throw JpegLsErrors.Create(i - 1, $"expected restart marker FF{expected:X2} after {restartCount + 1} restart interval(s), found FF{data[i]:X2}.");
            return i + 1;
        }
    }
}
