using System;

namespace Deid.Ocr
{
    /// <summary>
    /// Grey-level erosion, dilation, opening and closing with a square window, in time proportional to the pixels whatever the
    /// window (van Herk / Gil-Werman: running minima or maxima over blocks of the window's length, so each output is the
    /// minimum or maximum of two precomputed values). Used to estimate the ground under text for <see cref="LocalContrast"/>.
    /// </summary>
    internal static class GreyMorphology
    {
        /// <summary>Removes every bright detail narrower than the window: the ground under light text, keeping larger shapes' edges.</summary>
        public static byte[] Open(byte[] grey, int width, int height, int radius) =>
            Filter(Filter(grey, width, height, radius, max: false), width, height, radius, max: true);

        /// <summary>Fills every dark detail narrower than the window: the ground under dark text.</summary>
        public static byte[] Close(byte[] grey, int width, int height, int radius) =>
            Filter(Filter(grey, width, height, radius, max: true), width, height, radius, max: false);

        /// <summary>The minimum (erosion) or maximum (dilation) over the (2·radius+1)² window around each pixel, clipped at the edges.</summary>
        public static byte[] Filter(byte[] grey, int width, int height, int radius, bool max)
        {
            var rows = new byte[width * height];
            var line = new Line(width, radius);
            for (int y = 0; y < height; y++) line.Run(grey.AsSpan(y * width, width), rows.AsSpan(y * width, width), max);
            return Columns(rows, width, height, radius, max);
        }

        /// <summary>
        /// The column pass, a whole row at a time: the same block prefixes and suffixes as <see cref="Line"/>, but each step
        /// combines two rows element by element, which walks memory in order (a column at a time would miss the cache on
        /// every pixel of a large frame).
        /// </summary>
        private static byte[] Columns(byte[] rows, int w, int h, int r, bool max)
        {
            int k = 2 * r + 1, m = h + 2 * r;
            byte identity = max ? (byte)0 : (byte)255;
            var prefix = new byte[m * w];
            var suffix = new byte[m * w];
            // Padded row j is source row j - r, or the identity outside the frame (which clips the window at the edges).
            for (int j = 0, b = 0; j < m; j++, b = b == k - 1 ? 0 : b + 1)
            {
                Span<byte> target = prefix.AsSpan(j * w, w);
                if (j < r || j >= r + h) target.Fill(identity);
                else rows.AsSpan((j - r) * w, w).CopyTo(target);
                if (b != 0) Combine(prefix.AsSpan((j - 1) * w, w), target, max);
            }
            for (int j = m - 1; j >= 0; j--)
            {
                Span<byte> target = suffix.AsSpan(j * w, w);
                if (j < r || j >= r + h) target.Fill(identity);
                else rows.AsSpan((j - r) * w, w).CopyTo(target);
                if (j != m - 1 && (j + 1) % k != 0) Combine(suffix.AsSpan((j + 1) * w, w), target, max);
            }
            // Output row i's window is padded rows [i, i+k-1]: at most two blocks, the suffix of one and the prefix of the next.
            var output = new byte[w * h];
            for (int i = 0; i < h; i++)
            {
                Span<byte> target = output.AsSpan(i * w, w);
                suffix.AsSpan(i * w, w).CopyTo(target);
                Combine(prefix.AsSpan((i + k - 1) * w, w), target, max);
            }
            return output;
        }

        /// <summary>target[x] = min or max(target[x], source[x]).</summary>
        private static void Combine(ReadOnlySpan<byte> source, Span<byte> target, bool max)
        {
            if (max)
            {
                for (int x = 0; x < target.Length; x++) if (source[x] > target[x]) target[x] = source[x];
            }
            else
            {
                for (int x = 0; x < target.Length; x++) if (source[x] < target[x]) target[x] = source[x];
            }
        }

        /// <summary>The buffers of one 1-D pass along a row, reused across the rows of an image.</summary>
        private sealed class Line
        {
            private readonly int _radius;
            private readonly byte[] _padded, _prefix, _suffix;

            public Line(int length, int radius)
            {
                _radius = radius;
                int m = length + 2 * radius;
                _padded = new byte[m];
                _prefix = new byte[m];
                _suffix = new byte[m];
            }

            public void Run(ReadOnlySpan<byte> source, Span<byte> destination, bool max)
            {
                int n = source.Length, r = _radius, k = 2 * r + 1, m = n + 2 * r;
                byte identity = max ? (byte)0 : (byte)255;
                _padded.AsSpan(0, r).Fill(identity);
                source.CopyTo(_padded.AsSpan(r, n));
                _padded.AsSpan(r + n, r).Fill(identity);
                for (int j = 0, b = 0; j < m; j++, b = b == k - 1 ? 0 : b + 1)
                {
                    byte v = _padded[j];
                    _prefix[j] = b == 0 ? v : Pick(_prefix[j - 1], v, max);
                }
                for (int j = m - 1; j >= 0; j--)
                {
                    byte v = _padded[j];
                    _suffix[j] = j == m - 1 || (j + 1) % k == 0 ? v : Pick(_suffix[j + 1], v, max);
                }
                for (int i = 0; i < n; i++) destination[i] = Pick(_suffix[i], _prefix[i + k - 1], max);
            }

            private static byte Pick(byte a, byte b, bool max) => max ? (a > b ? a : b) : (a < b ? a : b);
        }
    }
}
