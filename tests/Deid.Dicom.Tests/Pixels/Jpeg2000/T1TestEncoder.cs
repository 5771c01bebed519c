using System;
using System.Collections.Generic;

namespace Deid.Dicom.Tests.Pixels.Jpeg2000
{
    /// <summary>
    /// A tier-1 encoder for tests (T.800 Annex D run forwards): codes a block of integer coefficients into the coding passes
    /// and codeword segments of a given code-block style. Contexts are worked out from the neighbours' state directly, row
    /// by row of Tables D.1, D.3 and D.4, not through the decoder's flag words and tables, so the two check each other.
    /// </summary>
    internal sealed class T1TestEncoder
    {
        private readonly int[] _magnitude;
        private readonly bool[] _negative;
        private readonly bool[] _significant;
        private readonly bool[] _visited;
        private readonly bool[] _refined;
        private readonly int _width;
        private readonly int _height;
        private readonly int _orientation;
        private readonly bool _vsc;
        private MqTestEncoder _mq = new MqTestEncoder();
        private RawTestWriter _raw = new RawTestWriter();
        private bool _rawMode;

        private T1TestEncoder(int[] coefficients, int width, int height, int orientation, int style)
        {
            _width = width;
            _height = height;
            _orientation = orientation;
            _vsc = (style & J2kCodeBlockDecoder.VerticallyCausal) != 0;
            int n = width * height;
            _magnitude = new int[n];
            _negative = new bool[n];
            _significant = new bool[n];
            _visited = new bool[n];
            _refined = new bool[n];
            for (int i = 0; i < n; i++)
            {
                _magnitude[i] = Math.Abs(coefficients[i]);
                _negative[i] = coefficients[i] < 0;
            }
        }

        /// <summary>The passes of <paramref name="planes"/> bit-planes: 3 * planes - 2, or none.</summary>
        public static int PassCount(int planes) => planes == 0 ? 0 : 3 * planes - 2;

        /// <summary>How the passes split into codeword segments, as the brief to the tier-2 code has it (D.6, Table D.9).</summary>
        public static List<int> SegmentPasses(int style, int passes)
        {
            var segments = new List<int>();
            if ((style & J2kCodeBlockDecoder.TerminateAll) != 0)
            {
                for (int i = 0; i < passes; i++) segments.Add(1);
            }
            else if ((style & J2kCodeBlockDecoder.Bypass) != 0)
            {
                segments.Add(Math.Min(10, passes));
                int done = segments[0];
                bool rawNext = true;
                while (done < passes)
                {
                    int n = Math.Min(rawNext ? 2 : 1, passes - done);
                    segments.Add(n);
                    done += n;
                    rawNext = !rawNext;
                }
            }
            else if (passes > 0)
            {
                segments.Add(passes);
            }
            return segments;
        }

        /// <summary>Codes every pass; returns each segment's bytes and pass count.</summary>
        public static List<(byte[] Bytes, int Passes)> Encode(int[] coefficients, int width, int height, int orientation, int style, int planes)
        {
            var encoder = new T1TestEncoder(coefficients, width, height, orientation, style);
            return encoder.Run(style, planes);
        }

        private List<(byte[] Bytes, int Passes)> Run(int style, int planes)
        {
            bool bypass = (style & J2kCodeBlockDecoder.Bypass) != 0;
            bool reset = (style & J2kCodeBlockDecoder.ResetContexts) != 0;
            bool segsym = (style & J2kCodeBlockDecoder.SegmentationSymbols) != 0;
            var result = new List<(byte[] Bytes, int Passes)>();
            _mq.ResetContexts();
            int pass = 0;
            int bitPlane = planes - 1; // the plane the next pass codes (b - 1 of the decoder)
            int kind = 2;              // 0 significance, 1 refinement, 2 cleanup
            foreach (int count in SegmentPasses(style, PassCount(planes)))
            {
                _rawMode = bypass && pass >= 10 && kind != 2;
                if (_rawMode) _raw = new RawTestWriter();
                else _mq.Start();
                for (int p = 0; p < count; p++)
                {
                    if (kind == 0) SignificancePass(bitPlane);
                    else if (kind == 1) RefinementPass(bitPlane);
                    else
                    {
                        CleanupPass(bitPlane);
                        if (segsym)
                        {
                            for (int i = 1; i <= 4; i++) _mq.Encode(i % 2, 18);
                        }
                    }
                    if (reset && !_rawMode) _mq.ResetContexts();
                    pass++;
                    if (++kind == 3)
                    {
                        kind = 0;
                        bitPlane--;
                    }
                }
                result.Add((_rawMode ? _raw.Flush() : _mq.Flush(), count));
            }
            return result;
        }

        private int Bit(int i, int plane) => (_magnitude[i] >> plane) & 1;

        private void Code(int bit, int context)
        {
            if (_rawMode) _raw.Write(bit);
            else _mq.Encode(bit, context);
        }

        /// <summary>Whether the neighbour at (y + dy, x + dx) counts as significant for the sample at (y, x).</summary>
        private bool Sig(int y, int x, int dy, int dx)
        {
            int ny = y + dy, nx = x + dx;
            if (ny < 0 || ny >= _height || nx < 0 || nx >= _width) return false;
            // Vertically causal: the stripe below is not looked at from a stripe's last row.
            if (_vsc && dy == 1 && y % 4 == 3) return false;
            return _significant[ny * _width + nx];
        }

        private int SignOf(int y, int x, int dy, int dx)
        {
            if (!Sig(y, x, dy, dx)) return 0;
            return _negative[(y + dy) * _width + x + dx] ? -1 : 1;
        }

        private bool AnyNeighbour(int y, int x)
        {
            for (int dy = -1; dy <= 1; dy++)
            {
                for (int dx = -1; dx <= 1; dx++)
                {
                    if ((dy != 0 || dx != 0) && Sig(y, x, dy, dx)) return true;
                }
            }
            return false;
        }

        private int ZeroCodingContext(int y, int x)
        {
            int h = (Sig(y, x, 0, -1) ? 1 : 0) + (Sig(y, x, 0, 1) ? 1 : 0);
            int v = (Sig(y, x, -1, 0) ? 1 : 0) + (Sig(y, x, 1, 0) ? 1 : 0);
            int d = (Sig(y, x, -1, -1) ? 1 : 0) + (Sig(y, x, -1, 1) ? 1 : 0) + (Sig(y, x, 1, -1) ? 1 : 0) + (Sig(y, x, 1, 1) ? 1 : 0);
            if (_orientation == 3)
            {
                // Table D.1, HH column: diagonal neighbours first.
                int hv = h + v;
                if (d >= 3) return 8;
                if (d == 2) return hv >= 1 ? 7 : 6;
                if (d == 1) return hv >= 2 ? 5 : hv == 1 ? 4 : 3;
                return hv >= 2 ? 2 : hv;
            }
            if (_orientation == 1)
            {
                // HL: the LL/LH column with horizontal and vertical exchanged.
                int t = h;
                h = v;
                v = t;
            }
            if (h == 2) return 8;
            if (h == 1) return v >= 1 ? 7 : d >= 1 ? 6 : 5;
            if (v == 2) return 4;
            if (v == 1) return 3;
            return d >= 2 ? 2 : d;
        }

        private void CodeSign(int y, int x)
        {
            int h = Math.Max(-1, Math.Min(1, SignOf(y, x, 0, -1) + SignOf(y, x, 0, 1)));
            int v = Math.Max(-1, Math.Min(1, SignOf(y, x, -1, 0) + SignOf(y, x, 1, 0)));
            // Table D.3, row by row.
            (int context, int xor) = (h, v) switch
            {
                (1, 1) => (13, 0),
                (1, 0) => (12, 0),
                (1, -1) => (11, 0),
                (0, 1) => (10, 0),
                (0, 0) => (9, 0),
                (0, -1) => (10, 1),
                (-1, 1) => (11, 1),
                (-1, 0) => (12, 1),
                _ => (13, 1),
            };
            int sign = _negative[y * _width + x] ? 1 : 0;
            if (_rawMode) _raw.Write(sign);
            else _mq.Encode(sign ^ xor, context);
        }

        private void SignificancePass(int plane)
        {
            for (int top = 0; top < _height; top += 4)
            {
                for (int x = 0; x < _width; x++)
                {
                    for (int y = top; y < Math.Min(top + 4, _height); y++)
                    {
                        int i = y * _width + x;
                        if (_significant[i] || !AnyNeighbour(y, x)) continue;
                        int bit = Bit(i, plane);
                        Code(bit, ZeroCodingContext(y, x));
                        if (bit != 0)
                        {
                            CodeSign(y, x);
                            _significant[i] = true;
                        }
                        _visited[i] = true;
                    }
                }
            }
        }

        private void RefinementPass(int plane)
        {
            for (int top = 0; top < _height; top += 4)
            {
                for (int x = 0; x < _width; x++)
                {
                    for (int y = top; y < Math.Min(top + 4, _height); y++)
                    {
                        int i = y * _width + x;
                        if (!_significant[i] || _visited[i]) continue;
                        // Table D.4.
                        int context = _refined[i] ? 16 : AnyNeighbour(y, x) ? 15 : 14;
                        Code(Bit(i, plane), context);
                        _refined[i] = true;
                    }
                }
            }
        }

        private void CleanupPass(int plane)
        {
            for (int top = 0; top < _height; top += 4)
            {
                for (int x = 0; x < _width; x++)
                {
                    int start = top;
                    if (top + 3 < _height)
                    {
                        bool quiet = true;
                        for (int y = top; y < top + 4; y++)
                        {
                            int i = y * _width + x;
                            if (_significant[i] || _visited[i] || AnyNeighbour(y, x)) quiet = false;
                        }
                        if (quiet)
                        {
                            int first = -1;
                            for (int y = top; y < top + 4 && first < 0; y++)
                            {
                                if (Bit(y * _width + x, plane) != 0) first = y - top;
                            }
                            _mq.Encode(first >= 0 ? 1 : 0, 17);
                            if (first < 0) continue;
                            _mq.Encode(first >> 1, 18);
                            _mq.Encode(first & 1, 18);
                            CodeSign(top + first, x);
                            _significant[(top + first) * _width + x] = true;
                            start = top + first + 1;
                        }
                    }
                    for (int y = start; y < Math.Min(top + 4, _height); y++)
                    {
                        int i = y * _width + x;
                        if (!_significant[i] && !_visited[i])
                        {
                            int bit = Bit(i, plane);
                            _mq.Encode(bit, ZeroCodingContext(y, x));
                            if (bit != 0)
                            {
                                CodeSign(y, x);
                                _significant[i] = true;
                            }
                        }
                    }
                    for (int y = top; y < Math.Min(top + 4, _height); y++) _visited[y * _width + x] = false;
                }
            }
        }
    }
}
