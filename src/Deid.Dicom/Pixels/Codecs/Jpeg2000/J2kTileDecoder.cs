using System;
using System.Collections.Generic;

namespace Deid.Dicom
{
    /// <summary>
    /// Decodes one tile of a JPEG 2000 codestream (T.800 Annex B, D, E, F, G): lays out its tile-components, resolutions,
    /// subbands, precincts and code-blocks; reads every packet in the tile's progression order (tier 2); decodes each code-block's
    /// passes (<see cref="J2kCodeBlockDecoder"/>), dequantizes, undoes the wavelet (<see cref="J2kWavelet"/>), the component
    /// transform and the DC level shift; and writes the samples into the image's component planes.
    /// </summary>
    /// <remarks>
    /// Follows openjpeg 2.5 wherever the standard leaves an arithmetic choice (reconstruction at the middle of the last decoded
    /// bit-plane, rounding of the irreversible path), so that its output can be compared with <c>opj_decompress</c> sample for
    /// sample. Everything is decoded at full resolution and every layer.
    /// </remarks>
    internal static class J2kTileDecoder
    {
        /// <summary>
        /// Decodes tile <paramref name="tileIndex"/> into <paramref name="planes"/>: one int array per component, the image area
        /// row by row (<see cref="J2kCodestream.X1"/> − X0 samples a row), DC level shifted and clamped to each component's range.
        /// A null plane is allocated when first written (a tile covering the whole image becomes the plane).
        /// </summary>
        public static void Decode(J2kCodestream cs, int tileIndex, int[]?[] planes)
        {
            var tile = cs.Tiles[tileIndex];
            if (tile == null) throw J2kCodestream.Error(-1, $"tile {tileIndex} has no tile-part.");
            int p = tileIndex % cs.TilesAcross, q = tileIndex / cs.TilesAcross;
            int tx0 = Math.Max(cs.TileX0 + p * cs.TileWidth, cs.X0);
            int ty0 = Math.Max(cs.TileY0 + q * cs.TileHeight, cs.Y0);
            int tx1 = (int)Math.Min((long)cs.TileX0 + (long)(p + 1) * cs.TileWidth, cs.X1);
            int ty1 = (int)Math.Min((long)cs.TileY0 + (long)(q + 1) * cs.TileHeight, cs.Y1);
            var coding = tile.Coding;
            int count = cs.ComponentCount;
            var components = new TileComponent[count];
            for (int c = 0; c < count; c++) components[c] = new TileComponent(coding.Components[c], tx0, ty0, tx1, ty1, cs.Precision[c]);

            byte[] data = Join(tile.Parts);
            ReadPackets(coding, components, data);

            var ints = new int[count][];
            var floats = new float[count][];
            for (int c = 0; c < count; c++)
            {
                var tc = components[c];
                if (tc.Coding.Reversible) ints[c] = tc.DecodeReversible();
                else floats[c] = tc.DecodeIrreversible();
            }
            if (coding.ComponentTransform && count >= 3)
            {
                if (components[0].Width != components[1].Width || components[0].Width != components[2].Width
                    || components[0].Height != components[1].Height || components[0].Height != components[2].Height)
                    throw J2kCodestream.Error(-1, "the component transform joins components of different sizes.");
                bool reversible = components[0].Coding.Reversible;
                if (reversible != components[1].Coding.Reversible || reversible != components[2].Coding.Reversible)
                    throw J2kCodestream.Error(-1, "the component transform joins reversible and irreversible components.");
                if (reversible) J2kComponentTransform.InverseReversible(ints[0], ints[1], ints[2]);
                else J2kComponentTransform.InverseIrreversible(floats[0], floats[1], floats[2]);
            }
            int imageWidth = cs.X1 - cs.X0;
            for (int c = 0; c < count; c++)
            {
                var tc = components[c];
                int[] samples = ints[c] ?? new int[floats[c].Length];
                if (ints[c] != null) J2kComponentTransform.InverseDcLevelShift(samples, cs.Precision[c], cs.Signed[c]);
                else J2kComponentTransform.InverseDcLevelShift(floats[c], samples, cs.Precision[c], cs.Signed[c]);
                // One tile covering the image (the usual clinical stream) is the plane itself: no second copy of the frame.
                if (tc.Width == imageWidth && tc.Height == cs.Y1 - cs.Y0)
                {
                    planes[c] = samples;
                    continue;
                }
                int[] plane = planes[c] ??= new int[imageWidth * (cs.Y1 - cs.Y0)];
                for (int y = 0; y < tc.Height; y++)
                    Array.Copy(samples, y * tc.Width, plane, (ty0 - cs.Y0 + y) * imageWidth + (tx0 - cs.X0), tc.Width);
            }
        }

        private static byte[] Join(List<ReadOnlyMemory<byte>> parts)
        {
            long total = 0;
            foreach (var part in parts) total += part.Length;
            if (total > int.MaxValue - 64) throw J2kCodestream.Error(-1, "a tile of more than 2 GB.");
            var all = new byte[total];
            int at = 0;
            foreach (var part in parts)
            {
                part.Span.CopyTo(all.AsSpan(at));
                at += part.Length;
            }
            return all;
        }

        // ---- tier 2 ----

        private static void ReadPackets(J2kTileCoding coding, TileComponent[] components, byte[] data)
        {
            int layers = coding.Layers;
            int maxResolutions = 0;
            foreach (var tc in components) maxResolutions = Math.Max(maxResolutions, tc.Resolutions.Length);
            var progressions = coding.ProgressionChanges.Count > 0
                ? coding.ProgressionChanges
                : new List<J2kProgression> { new J2kProgression(coding.Order, 0, 0, layers, maxResolutions, components.Length) };
            var done = new HashSet<long>();
            int position = 0;
            foreach (var progression in progressions)
            {
                foreach (var packet in Order(progression, components, layers))
                {
                    long key = ((((long)packet.Layer * 64 + packet.Resolution) * 16384 + packet.Component) << 21) + packet.Precinct;
                    if (!done.Add(key)) continue;
                    if (position >= data.Length)
                    {
                        // A stream that ends early (truncated, or its last layers dropped): what was read is decoded, as openjpeg does.
                        return;
                    }
                    position = ReadPacket(coding, components[packet.Component].Resolutions[packet.Resolution].Precincts[packet.Precinct], packet.Layer, data, position);
                }
            }
        }

        private readonly struct Packet
        {
            public Packet(int layer, int resolution, int component, int precinct)
            {
                Layer = layer;
                Resolution = resolution;
                Component = component;
                Precinct = precinct;
            }

            public int Layer { get; }

            public int Resolution { get; }

            public int Component { get; }

            public int Precinct { get; }
        }

        // The packets of one progression range in codestream order (T.800 B.12): the layer-major orders by their four loops, the
        // position-driven ones (RPCL, PCRL, CPRL) by sorting each precinct on where it starts on the reference grid, which is the
        // order in which the standard's sweep over the grid meets precincts.
        private static IEnumerable<Packet> Order(J2kProgression range, TileComponent[] components, int layers)
        {
            int layerEnd = Math.Min(range.LayerEnd, layers);
            int componentEnd = Math.Min(range.ComponentEnd, components.Length);
            int resolutionEnd = range.ResolutionEnd;
            switch (range.Order)
            {
                case 0: // LRCP
                    for (int l = 0; l < layerEnd; l++)
                    {
                        for (int r = range.ResolutionStart; r < resolutionEnd; r++)
                        {
                            for (int c = range.ComponentStart; c < componentEnd; c++)
                            {
                                if (r >= components[c].Resolutions.Length) continue;
                                int n = components[c].Resolutions[r].Precincts.Length;
                                for (int k = 0; k < n; k++) yield return new Packet(l, r, c, k);
                            }
                        }
                    }
                    yield break;
                case 1: // RLCP
                    for (int r = range.ResolutionStart; r < resolutionEnd; r++)
                    {
                        for (int l = 0; l < layerEnd; l++)
                        {
                            for (int c = range.ComponentStart; c < componentEnd; c++)
                            {
                                if (r >= components[c].Resolutions.Length) continue;
                                int n = components[c].Resolutions[r].Precincts.Length;
                                for (int k = 0; k < n; k++) yield return new Packet(l, r, c, k);
                            }
                        }
                    }
                    yield break;
                default:
                    var keyed = new List<(long a, long b, long c, long d, int r, int comp, int k)>();
                    for (int c = range.ComponentStart; c < componentEnd; c++)
                    {
                        var tc = components[c];
                        for (int r = range.ResolutionStart; r < Math.Min(resolutionEnd, tc.Resolutions.Length); r++)
                        {
                            var res = tc.Resolutions[r];
                            for (int k = 0; k < res.Precincts.Length; k++)
                            {
                                var prc = res.Precincts[k];
                                long x = prc.ReferenceX, y = prc.ReferenceY;
                                switch (range.Order)
                                {
                                    case 2: keyed.Add((r, y, x, c, r, c, k)); break; // RPCL
                                    case 3: keyed.Add((y, x, c, r, r, c, k)); break; // PCRL
                                    default: keyed.Add((c, y, x, r, r, c, k)); break; // CPRL
                                }
                            }
                        }
                    }
                    keyed.Sort((u, v) =>
                    {
                        int d = u.a.CompareTo(v.a);
                        if (d == 0) d = u.b.CompareTo(v.b);
                        if (d == 0) d = u.c.CompareTo(v.c);
                        if (d == 0) d = u.d.CompareTo(v.d);
                        if (d == 0) d = u.k.CompareTo(v.k);
                        return d;
                    });
                    foreach (var e in keyed)
                    {
                        for (int l = 0; l < layerEnd; l++) yield return new Packet(l, e.r, e.comp, e.k);
                    }
                    yield break;
            }
        }

        private static int ReadPacket(J2kTileCoding coding, Precinct precinct, int layer, byte[] data, int position)
        {
            // An SOP marker segment (FF91, length 4, packet number) may precede the packet.
            if (coding.StartOfPacket && position + 6 <= data.Length && data[position] == 0xFF && data[position + 1] == 0x91) position += 6;
            var bits = new J2kPacketBits(data, position);
            // Each block the header includes, with the first of its segments this packet gives passes to.
            var included = new List<(CodeBlock Block, int FirstSegment)>();
            bool empty = bits.ReadBit() == 0;
            if (!empty)
            {
                foreach (var band in precinct.Bands)
                {
                    for (int i = 0; i < band.Blocks.Length; i++)
                    {
                        var block = band.Blocks[i];
                        bool include;
                        if (!block.Included) include = band.Inclusion!.Decode(ref bits, i, layer + 1);
                        else include = bits.ReadBit() != 0;
                        if (!include) continue;
                        if (!block.Included)
                        {
                            int zero = 0;
                            while (!band.ZeroBitPlanes!.Decode(ref bits, i, zero + 1))
                            {
                                zero++;
                                if (zero > 74) throw J2kCodestream.Error(position, "a code-block with more than 74 zero bit-planes.");
                            }
                            block.NumBitPlanes = band.Info.MagnitudeBits - zero;
                            block.Included = true;
                        }
                        int passes = ReadPassCount(ref bits);
                        while (bits.ReadBit() != 0) block.LBlock++;
                        int first = -1;
                        for (int left = passes; left > 0;)
                        {
                            var segment = block.OpenSegment(band.Info.Style);
                            if (first < 0) first = block.Segments.Count - 1;
                            int take = Math.Min(segment.MaxPasses - segment.Passes, left);
                            segment.NewPasses = take;
                            segment.NewLength = bits.ReadBits(block.LBlock + FloorLog2(take));
                            left -= take;
                        }
                        included.Add((block, first));
                    }
                }
            }
            bits.Align();
            position = bits.Position;
            if (coding.EndOfPacketHeader)
            {
                if (position + 2 <= data.Length && data[position] == 0xFF && data[position + 1] == 0x92) position += 2;
            }
            foreach (var (block, firstSegment) in included)
            {
                for (int s = firstSegment; s < block.Segments.Count; s++)
                {
                    var segment = block.Segments[s];
                    if (position + segment.NewLength > data.Length)
                        throw J2kCodestream.Error(position, "a code-block's data runs past the tile's data (truncated codestream).");
                    block.Append(data, position, segment.NewLength);
                    position += segment.NewLength;
                    segment.Length += segment.NewLength;
                    segment.Passes += segment.NewPasses;
                    block.Passes += segment.NewPasses;
                    segment.NewLength = 0;
                    segment.NewPasses = 0;
                }
            }
            return position;
        }

        // T.800 Table B.4.
        private static int ReadPassCount(ref J2kPacketBits bits)
        {
            if (bits.ReadBit() == 0) return 1;
            if (bits.ReadBit() == 0) return 2;
            int v = bits.ReadBits(2);
            if (v != 3) return 3 + v;
            v = bits.ReadBits(5);
            if (v != 31) return 6 + v;
            return 37 + bits.ReadBits(7);
        }

        private static int FloorLog2(int v)
        {
            int n = 0;
            while (v > 1)
            {
                v >>= 1;
                n++;
            }
            return n;
        }

        internal static int CeilDivPow2(int a, int e) => (int)(((long)a + (1L << e) - 1) >> e);

        internal static int FloorDivPow2(int a, int e) => a >> e;

        // ---- the tile's structure ----

        private sealed class TileComponent
        {
            public TileComponent(J2kComponentCoding coding, int x0, int y0, int x1, int y1, int precision)
            {
                Coding = coding;
                X0 = x0;
                Y0 = y0;
                Width = x1 - x0;
                Height = y1 - y0;
                int levels = coding.Levels;
                Resolutions = new Resolution[levels + 1];
                Rects = new J2kRect[levels + 1];
                for (int r = 0; r <= levels; r++)
                {
                    int e = levels - r;
                    Rects[r] = new J2kRect(CeilDivPow2(x0, e), CeilDivPow2(y0, e), CeilDivPow2(x1, e), CeilDivPow2(y1, e));
                }
                for (int r = 0; r <= levels; r++) Resolutions[r] = new Resolution(this, r, precision);
            }

            public J2kComponentCoding Coding { get; }

            public int X0 { get; }

            public int Y0 { get; }

            public int Width { get; }

            public int Height { get; }

            public Resolution[] Resolutions { get; }

            /// <summary>Each resolution's rectangle on its own grid.</summary>
            public J2kRect[] Rects { get; }

            public int[] DecodeReversible()
            {
                var buffer = new int[Math.Max(1, Width * Height)];
                var scratch = new int[4096];
                foreach (var (band, block) in CodedBlocks())
                {
                    // Reversible: the coefficient is the decoded value without its half bit (openjpeg's "/ 2").
                    var values = block.Decode(band, Coding.RoiShift, scratch, out int left, out int top, out int w, out int h);
                    int row = top * Width + left;
                    for (int y = 0; y < h; y++, row += Width)
                    {
                        for (int x = 0; x < w; x++) buffer[row + x] = values[y * w + x] / 2;
                    }
                }
                if (Width > 0 && Height > 0) J2kWavelet.InverseReversible(buffer, Width, Rects);
                return buffer;
            }

            public float[] DecodeIrreversible()
            {
                var buffer = new float[Math.Max(1, Width * Height)];
                var scratch = new int[4096];
                foreach (var (band, block) in CodedBlocks())
                {
                    // Irreversible: the value (twice the quantization index, half bit included) times half the band's step size.
                    float step = (float)(band.Info.StepSize * 0.5);
                    var values = block.Decode(band, Coding.RoiShift, scratch, out int left, out int top, out int w, out int h);
                    int row = top * Width + left;
                    for (int y = 0; y < h; y++, row += Width)
                    {
                        for (int x = 0; x < w; x++) buffer[row + x] = values[y * w + x] * step;
                    }
                }
                if (Width > 0 && Height > 0) J2kWavelet.InverseIrreversible(buffer, Width, Rects);
                return buffer;
            }

            // Every code-block that received coding passes, with its band; where it goes in the buffer is the block's to say.
            private IEnumerable<(Band Band, CodeBlock Block)> CodedBlocks()
            {
                foreach (var res in Resolutions)
                {
                    foreach (var prc in res.Precincts)
                    {
                        foreach (var band in prc.Bands)
                        {
                            foreach (var block in band.Blocks)
                            {
                                if (block.Passes > 0) yield return (band, block);
                            }
                        }
                    }
                }
            }
        }

        private sealed class Resolution
        {
            public Resolution(TileComponent tc, int r, int precision)
            {
                var coding = tc.Coding;
                var rect = tc.Rects[r];
                int ppx = coding.PrecinctWidthExponents[r], ppy = coding.PrecinctHeightExponents[r];
                int levelNo = coding.Levels - r;
                int startX = FloorDivPow2(rect.X0, ppx) << ppx, startY = FloorDivPow2(rect.Y0, ppy) << ppy;
                int across = rect.X0 == rect.X1 ? 0 : (int)((((long)CeilDivPow2(rect.X1, ppx) << ppx) - startX) >> ppx);
                int down = rect.Y0 == rect.Y1 ? 0 : (int)((((long)CeilDivPow2(rect.Y1, ppy) << ppy) - startY) >> ppy);
                if ((long)across * down > 1 << 20) throw J2kCodestream.Error(-1, $"{(long)across * down} precincts in one resolution.");
                // The bands of this resolution, on their own grids, and where each sits in the tile-component's in-place layout.
                int bandCount = r == 0 ? 1 : 3;
                var bands = new BandInfo[bandCount];
                for (int b = 0; b < bandCount; b++)
                {
                    int orientation = r == 0 ? 0 : b + 1;
                    int xob = orientation & 1, yob = orientation >> 1;
                    int n = r == 0 ? coding.Levels : levelNo + 1;
                    int bx0, by0, bx1, by1;
                    if (r == 0)
                    {
                        bx0 = rect.X0; by0 = rect.Y0; bx1 = rect.X1; by1 = rect.Y1;
                    }
                    else
                    {
                        long half = 1L << (n - 1);
                        bx0 = CeilDivLong(tc.X0 - half * xob, n);
                        by0 = CeilDivLong(tc.Y0 - half * yob, n);
                        bx1 = CeilDivLong(tc.X0 + tc.Width - half * xob, n);
                        by1 = CeilDivLong(tc.Y0 + tc.Height - half * yob, n);
                    }
                    int offsetX = 0, offsetY = 0;
                    if (r > 0)
                    {
                        var lower = tc.Rects[r - 1];
                        if ((orientation & 1) != 0) offsetX = lower.X1 - lower.X0;
                        if ((orientation & 2) != 0) offsetY = lower.Y1 - lower.Y0;
                    }
                    int bandIndex = r == 0 ? 0 : 3 * (r - 1) + b + 1;
                    int exponent, mantissa;
                    if (coding.QuantizationStyle == 1)
                    {
                        exponent = Math.Max(0, coding.Exponents[0] - (r == 0 ? 0 : r - 1));
                        mantissa = coding.Mantissas[0];
                    }
                    else
                    {
                        if (bandIndex >= coding.Exponents.Length) throw J2kCodestream.Error(-1, $"the quantization marker lists {coding.Exponents.Length} subbands; subband {bandIndex} has none.");
                        exponent = coding.Exponents[bandIndex];
                        mantissa = coding.Mantissas[bandIndex];
                    }
                    int gain = orientation == 0 ? 0 : orientation == 3 ? 2 : 1;
                    double step = (1.0 + mantissa / 2048.0) * Math.Pow(2.0, precision + gain - exponent);
                    bands[b] = new BandInfo(orientation, bx0, by0, bx1, by1, offsetX, offsetY, coding.GuardBits + exponent - 1, step, coding.BlockStyle);
                }
                int cbgx = r == 0 ? ppx : ppx - 1, cbgy = r == 0 ? ppy : ppy - 1;
                int cbw = Math.Min(coding.BlockWidthExponent, cbgx), cbh = Math.Min(coding.BlockHeightExponent, cbgy);
                int bandStartX = r == 0 ? startX : CeilDivPow2(startX, 1), bandStartY = r == 0 ? startY : CeilDivPow2(startY, 1);
                Precincts = new Precinct[across * down];
                for (int k = 0; k < Precincts.Length; k++)
                {
                    int px = k % across, py = k / across;
                    var prcBands = new Band[bandCount];
                    for (int b = 0; b < bandCount; b++)
                    {
                        var info = bands[b];
                        int gx0 = bandStartX + (px << cbgx), gy0 = bandStartY + (py << cbgy);
                        int x0 = Math.Max(gx0, info.X0), y0 = Math.Max(gy0, info.Y0);
                        int x1 = Math.Min(gx0 + (1 << cbgx), info.X1), y1 = Math.Min(gy0 + (1 << cbgy), info.Y1);
                        prcBands[b] = new Band(info, x0, y0, x1, y1, cbw, cbh);
                    }
                    // Where the standard's sweep over the reference grid meets this precinct (T.800 B.12.1.3): its top-left,
                    // scaled up to the reference grid, but never before the tile's own edge.
                    int prx0 = (FloorDivPow2(rect.X0, ppx) + px) << ppx, pry0 = (FloorDivPow2(rect.Y0, ppy) + py) << ppy;
                    long refX = Math.Max((long)tc.X0, (long)prx0 << levelNo), refY = Math.Max((long)tc.Y0, (long)pry0 << levelNo);
                    Precincts[k] = new Precinct(prcBands, refX, refY);
                }
            }

            public Precinct[] Precincts { get; }

            private static int CeilDivLong(long a, int e) => (int)((a + (1L << e) - 1) >> e);
        }

        private sealed class BandInfo
        {
            public BandInfo(int orientation, int x0, int y0, int x1, int y1, int offsetX, int offsetY, int magnitudeBits, double stepSize, int style)
            {
                Orientation = orientation;
                X0 = x0;
                Y0 = y0;
                X1 = x1;
                Y1 = y1;
                OffsetX = offsetX;
                OffsetY = offsetY;
                MagnitudeBits = magnitudeBits;
                StepSize = stepSize;
                Style = style;
            }

            public int Orientation { get; }

            public int X0 { get; }

            public int Y0 { get; }

            public int X1 { get; }

            public int Y1 { get; }

            public int OffsetX { get; }

            public int OffsetY { get; }

            public int MagnitudeBits { get; }

            public double StepSize { get; }

            public int Style { get; }
        }

        private sealed class Precinct
        {
            public Precinct(Band[] bands, long referenceX, long referenceY)
            {
                Bands = bands;
                ReferenceX = referenceX;
                ReferenceY = referenceY;
            }

            public Band[] Bands { get; }

            public long ReferenceX { get; }

            public long ReferenceY { get; }
        }

        /// <summary>A subband's part inside one precinct: its code-blocks and their tag trees.</summary>
        private sealed class Band
        {
            public Band(BandInfo info, int x0, int y0, int x1, int y1, int cbw, int cbh)
            {
                Info = info;
                if (x1 <= x0 || y1 <= y0)
                {
                    Blocks = Array.Empty<CodeBlock>();
                    return;
                }
                int startX = FloorDivPow2(x0, cbw) << cbw, startY = FloorDivPow2(y0, cbh) << cbh;
                int across = (int)((((long)CeilDivPow2(x1, cbw) << cbw) - startX) >> cbw);
                int down = (int)((((long)CeilDivPow2(y1, cbh) << cbh) - startY) >> cbh);
                Blocks = new CodeBlock[across * down];
                for (int i = 0; i < Blocks.Length; i++)
                {
                    int bx = startX + ((i % across) << cbw), by = startY + ((i / across) << cbh);
                    Blocks[i] = new CodeBlock(new J2kRect(Math.Max(bx, x0), Math.Max(by, y0), Math.Min(bx + (1 << cbw), x1), Math.Min(by + (1 << cbh), y1)));
                }
                Inclusion = new J2kTagTree(across, down);
                ZeroBitPlanes = new J2kTagTree(across, down);
            }

            public BandInfo Info { get; }

            public CodeBlock[] Blocks { get; }

            public J2kTagTree? Inclusion { get; }

            public J2kTagTree? ZeroBitPlanes { get; }
        }

        private sealed class Segment
        {
            public int MaxPasses;
            public int Passes;
            public int Length;
            public int NewPasses;
            public int NewLength;
        }

        private sealed class CodeBlock
        {
            private byte[] _data = Array.Empty<byte>();
            private int _length;

            private readonly J2kRect _area;

            /// <summary>A code-block covering <paramref name="area"/> of its subband's grid.</summary>
            public CodeBlock(J2kRect area) => _area = area;

            public int X0 => _area.X0;

            public int Y0 => _area.Y0;

            public int X1 => _area.X1;

            public int Y1 => _area.Y1;

            public bool Included;
            public int NumBitPlanes;
            public int LBlock = 3;
            public int Passes;
            public readonly List<Segment> Segments = new List<Segment>();

            /// <summary>
            /// The segment the next passes go to: the last one while it has room (only the last can take passes: a new one is
            /// opened when it is full), else a new one (T.800 D.4.1, openjpeg's opj_t2_init_seg).
            /// </summary>
            public Segment OpenSegment(int style)
            {
                if (Segments.Count > 0)
                {
                    var last = Segments[Segments.Count - 1];
                    if (last.Passes + last.NewPasses < last.MaxPasses) return last;
                }
                int max;
                // T.814: an HT code-block's cleanup pass is a segment of its own; its SigProp and MagRef passes share the next.
                if ((style & J2kCodeBlockDecoder.HighThroughput) != 0) max = Segments.Count == 0 ? 1 : 2;
                else if ((style & J2kCodeBlockDecoder.TerminateAll) != 0) max = 1;
                else if ((style & J2kCodeBlockDecoder.Bypass) != 0)
                {
                    if (Segments.Count == 0) max = 10;
                    else
                    {
                        int previous = Segments[Segments.Count - 1].MaxPasses;
                        max = previous == 1 || previous == 10 ? 2 : 1;
                    }
                }
                else max = 109;
                var segment = new Segment { MaxPasses = max };
                Segments.Add(segment);
                return segment;
            }

            // An HT code-block as encoders write it for one quality layer: one cleanup pass, which codes each sample's whole
            // magnitude at once, its lowest bit at plane NumBitPlanes - 1 (T.814; OpenJPH's encoder leaves one plane, P = Kmax - 1).
            // Refinement passes (SigProp, MagRef) and the placeholder passes that move the cleanup pass down (they would take
            // floor((Z - 1) / 3) from NumBitPlanes) are refused by name rather than decoded by code no referee stream exercises.
            private void DecodeHighThroughput(int roiShift, Span<int> output)
            {
                if (Passes != 1)
                    throw J2kCodestream.Unsupported(-1, $"an HTJ2K code-block with {Passes} coding passes (SigProp or MagRef refinement, or placeholder passes) is not supported; only the cleanup pass is decoded.");
                if (roiShift > 0)
                    throw J2kCodestream.Unsupported(-1, "a region of interest (RGN) over HTJ2K code-blocks is not supported.");
                J2kHtBlockDecoder.DecodeCleanup(_data.AsSpan(0, Segments[0].Length), X1 - X0, Y1 - Y0, NumBitPlanes, output);
            }

            public void Append(byte[] source, int at, int count)
            {
                if (_length + count > _data.Length)
                {
                    var grown = new byte[Math.Max(_length + count, Math.Max(64, _data.Length * 2))];
                    Buffer.BlockCopy(_data, 0, grown, 0, _length);
                    _data = grown;
                }
                Buffer.BlockCopy(source, at, _data, _length, count);
                _length += count;
            }

            /// <summary>
            /// Decodes the block into the start of <paramref name="scratch"/> and says where its top-left sample goes in the
            /// tile-component's in-place layout (<paramref name="x"/>, <paramref name="y"/>).
            /// </summary>
            public Span<int> Decode(Band band, int roiShift, int[] scratch, out int x, out int y, out int width, out int height)
            {
                width = X1 - X0;
                height = Y1 - Y0;
                var values = scratch.AsSpan(0, width * height);
                Decode(band, roiShift, values);
                x = X0 - band.Info.X0 + band.Info.OffsetX;
                y = Y0 - band.Info.Y0 + band.Info.OffsetY;
                return values;
            }

            private void Decode(Band band, int roiShift, Span<int> output)
            {
                int n = Segments.Count;
                Span<int> lengths = n <= 128 ? stackalloc int[n] : new int[n];
                Span<int> passes = n <= 128 ? stackalloc int[n] : new int[n];
                int used = 0;
                for (int i = 0; i < n; i++)
                {
                    lengths[i] = Segments[i].Length;
                    passes[i] = Segments[i].Passes;
                    if (passes[i] == 0) lengths[i] = 0;
                    used += passes[i];
                }
                if (NumBitPlanes + roiShift <= 0)
                    throw J2kCodestream.Error(-1, "a code-block with coding passes but no magnitude bit-planes left.");
                if ((band.Info.Style & J2kCodeBlockDecoder.HighThroughput) != 0)
                {
                    DecodeHighThroughput(roiShift, output);
                    return;
                }
                J2kCodeBlockDecoder.Decode(_data.AsSpan(0, _length), lengths, passes, X1 - X0, Y1 - Y0, band.Info.Orientation, band.Info.Style, NumBitPlanes, roiShift, output);
                if (roiShift > 0)
                {
                    int threshold = 1 << roiShift;
                    for (int i = 0; i < output.Length; i++)
                    {
                        int v = output[i];
                        int magnitude = v < 0 ? -v : v;
                        if (magnitude >= threshold)
                        {
                            magnitude >>= roiShift;
                            output[i] = v < 0 ? -magnitude : magnitude;
                        }
                    }
                }
            }
        }
    }
}
