using System;
using System.Collections.Generic;

namespace Deid.Dicom
{
    /// <summary>
    /// A JPEG 2000 codestream's main header and its tiles' data (T.800 Annex A), read once per frame: the image and tile grid
    /// (SIZ), coding styles (COD, COC), quantization (QCD, QCC), region of interest shifts (RGN) and progression order changes
    /// (POC), from the main header and from each tile's first tile-part header. A JP2 file (boxes around the codestream, as some
    /// devices store it in a fragment) is unwrapped to its contiguous codestream box.
    /// </summary>
    /// <remarks>
    /// What the decoder does not implement is refused here, by name, before any sample is decoded: component subsampling
    /// (XRsiz or YRsiz other than 1), packed packet headers (PPM, PPT), and Part 2 extensions.
    /// </remarks>
    internal sealed class J2kCodestream
    {
        private J2kCodestream(ReadOnlyMemory<byte> data) => Data = data;

        /// <summary>The codestream's bytes (inside a JP2 file, the codestream box's contents).</summary>
        public ReadOnlyMemory<byte> Data { get; }

        /// <summary>The image area's left edge on the reference grid (XOsiz).</summary>
        public int X0 { get; private set; }

        /// <summary>The image area's top edge (YOsiz).</summary>
        public int Y0 { get; private set; }

        /// <summary>The image area's right edge, exclusive (Xsiz).</summary>
        public int X1 { get; private set; }

        /// <summary>The image area's bottom edge, exclusive (Ysiz).</summary>
        public int Y1 { get; private set; }

        /// <summary>The tile grid: tile width (XTsiz).</summary>
        public int TileWidth { get; private set; }

        /// <summary>The tile grid: tile height (YTsiz).</summary>
        public int TileHeight { get; private set; }

        /// <summary>The tile grid's origin, left (XTOsiz).</summary>
        public int TileX0 { get; private set; }

        /// <summary>The tile grid's origin, top (YTOsiz).</summary>
        public int TileY0 { get; private set; }

        /// <summary>Tiles across.</summary>
        public int TilesAcross { get; private set; }

        /// <summary>Tiles down.</summary>
        public int TilesDown { get; private set; }

        /// <summary>Bits per sample of each component.</summary>
        public int[] Precision { get; private set; } = Array.Empty<int>();

        /// <summary>Whether each component's samples are signed.</summary>
        public bool[] Signed { get; private set; } = Array.Empty<bool>();

        /// <summary>The number of components (Csiz).</summary>
        public int ComponentCount => Precision.Length;

        /// <summary>The main header's coding and quantization (the defaults of every tile).</summary>
        public J2kTileCoding Main { get; private set; } = null!;

        /// <summary>Each tile's coding (the main header's, overridden by its first tile-part header) and bytes, by tile index.</summary>
        public J2kTileData?[] Tiles { get; private set; } = Array.Empty<J2kTileData?>();

        /// <summary>Reads the headers of <paramref name="encoded"/> (a J2K codestream or a JP2 file).</summary>
        /// <exception cref="DicomFormatException">The codestream is broken or uses what the decoder does not implement.</exception>
        public static J2kCodestream Read(ReadOnlyMemory<byte> encoded)
        {
            var data = Unwrap(encoded);
            var cs = new J2kCodestream(data);
            cs.Parse();
            return cs;
        }

        internal static DicomFormatException Error(long offset, string message) =>
            new DicomFormatException(null, offset, DicomTag.PixelData, "JPEG 2000: " + message);

        // CAP (T.800 A.5.2): the Parts beyond Part 1 a decoder needs. Part 15 (high-throughput block coding, Pcap bit 15, 2^17)
        // is decoded; any other Part (2's extensions above all) is not.
        private static void ReadCap(ReadOnlySpan<byte> s, int offset)
        {
            if (s.Length < 4) throw Error(offset, "the capabilities marker (CAP) is shorter than its Pcap field.");
            uint parts = (uint)(s[0] << 24 | s[1] << 16 | s[2] << 8 | s[3]);
            const uint Part15 = 1u << (32 - 15);
            if ((parts & ~Part15) != 0)
                throw Unsupported(offset, $"the capabilities marker (CAP, Pcap {parts:X8}) asks for Parts beyond 1 and 15 (Part 2 extensions) that are not supported.");
        }

        // A codestream using what this decoder does not implement: not broken, so the cmdlets recommend decompressing it.
        internal static DicomFormatException Unsupported(long offset, string message) =>
            DicomFormatException.Unsupported(null, offset, DicomTag.PixelData, "JPEG 2000: " + message);

        // A JP2 file: boxes (length, type); the codestream is the 'jp2c' box. A bare codestream starts with SOC (FF4F).
        private static ReadOnlyMemory<byte> Unwrap(ReadOnlyMemory<byte> encoded)
        {
            var span = encoded.Span;
            if (span.Length >= 2 && span[0] == 0xFF && span[1] == 0x4F) return encoded;
            if (span.Length >= 12 && span[4] == 0x6A && span[5] == 0x50 && span[6] == 0x20 && span[7] == 0x20)
            {
                int at = 0;
                while (at + 8 <= span.Length)
                {
                    long length = ReadUInt32(span, at);
                    int header = 8;
                    if (length == 1)
                    {
                        if (at + 16 > span.Length) break;
                        length = (long)((ulong)ReadUInt32(span, at + 8) << 32 | ReadUInt32(span, at + 12));
                        header = 16;
                    }
                    else if (length == 0)
                    {
                        length = span.Length - at;
                    }
                    if (length < header || at + length > span.Length) break;
                    if (span[at + 4] == 0x6A && span[at + 5] == 0x70 && span[at + 6] == 0x32 && span[at + 7] == 0x63)
                        return encoded.Slice(at + header, (int)length - header);
                    at += (int)length;
                }
                throw Error(0, "a JP2 file without a contiguous codestream box (jp2c).");
            }
            throw Error(0, "the frame starts with neither a codestream (SOC marker FF4F) nor a JP2 signature box.");
        }

        private void Parse()
        {
            var s = Data.Span;
            int at = 2;
            bool siz = false;
            var main = new J2kTileCoding();
            while (true)
            {
                if (at + 2 > s.Length) throw Error(at, "the main header ends before the first tile-part (SOT).");
                int marker = s[at] << 8 | s[at + 1];
                if (marker == 0xFF90) break; // SOT
                if (at + 4 > s.Length) throw Error(at, $"marker {marker:X4} has no length.");
                int length = s[at + 2] << 8 | s[at + 3];
                if (length < 2 || at + 2 + length > s.Length) throw Error(at, $"marker {marker:X4}'s length {length} runs past the codestream.");
                var segment = s.Slice(at + 4, length - 2);
                int offset = at + 4;
                switch (marker)
                {
                    case 0xFF51: ReadSiz(segment, offset); siz = true; break;
                    case 0xFF52: RequireSiz(siz, at); main.ReadCod(segment, offset, ComponentCount); break;
                    case 0xFF53: RequireSiz(siz, at); main.ReadCoc(segment, offset, ComponentCount); break;
                    case 0xFF5C: RequireSiz(siz, at); main.ReadQcd(segment, offset, ComponentCount); break;
                    case 0xFF5D: RequireSiz(siz, at); main.ReadQcc(segment, offset, ComponentCount); break;
                    case 0xFF5E: RequireSiz(siz, at); main.ReadRgn(segment, offset, ComponentCount); break;
                    case 0xFF5F: RequireSiz(siz, at); main.ReadPoc(segment, offset, ComponentCount); break;
                    case 0xFF60: throw Unsupported(at, "packed packet headers in the main header (PPM) are not supported.");
                    case 0xFF50: ReadCap(segment, offset); break;
                    case int m when m >= 0xFF70 && m <= 0xFF7F:
                        throw Unsupported(at, $"Part 2 marker {marker:X4} (multiple component transforms, DC offsets, wavelet kernels...) is not supported.");
                    default:
                        // TLM, PLM, CRG, COM and anything else with a length carry nothing the decoder needs.
                        break;
                }
                at += 2 + length;
            }
            if (!siz) throw Error(0, "the main header has no image and tile size marker (SIZ).");
            if (!main.HasCod) throw Error(0, "the main header has no coding style marker (COD).");
            if (!main.HasQcd) throw Error(0, "the main header has no quantization marker (QCD).");
            Main = main;
            ReadTileParts(at);
        }

        private static void RequireSiz(bool siz, int at)
        {
            if (!siz) throw Error(at, "a marker before the image and tile size marker (SIZ).");
        }

        private void ReadSiz(ReadOnlySpan<byte> s, int offset)
        {
            if (s.Length < 36) throw Error(offset, "the SIZ marker is too short.");
            // Rsiz (capabilities) is not checked: it only announces, and streams in the wild carry values there that say nothing
            // (openjpeg ignores it too). Part 2 features are refused where they appear: their markers and coding style values.
            X1 = Checked(ReadUInt32(s, 2), offset, "Xsiz");
            Y1 = Checked(ReadUInt32(s, 6), offset, "Ysiz");
            X0 = Checked(ReadUInt32(s, 10), offset, "XOsiz");
            Y0 = Checked(ReadUInt32(s, 14), offset, "YOsiz");
            TileWidth = Checked(ReadUInt32(s, 18), offset, "XTsiz");
            TileHeight = Checked(ReadUInt32(s, 22), offset, "YTsiz");
            TileX0 = Checked(ReadUInt32(s, 26), offset, "XTOsiz");
            TileY0 = Checked(ReadUInt32(s, 30), offset, "YTOsiz");
            int count = s[34] << 8 | s[35];
            if (X1 <= X0 || Y1 <= Y0) throw Error(offset, "the image area is empty.");
            if (TileWidth == 0 || TileHeight == 0) throw Error(offset, "a tile size of 0.");
            if (TileX0 > X0 || TileY0 > Y0 || TileX0 + TileWidth <= X0 || TileY0 + TileHeight <= Y0)
                throw Error(offset, "the tile grid does not cover the image's first sample.");
            if (count < 1 || count > 16384) throw Error(offset, $"{count} components.");
            if (s.Length < 36 + 3 * count) throw Error(offset, "the SIZ marker is too short for its components.");
            Precision = new int[count];
            Signed = new bool[count];
            for (int c = 0; c < count; c++)
            {
                int ssiz = s[36 + 3 * c];
                Precision[c] = (ssiz & 0x7F) + 1;
                Signed[c] = (ssiz & 0x80) != 0;
                if (Precision[c] > 31) throw Unsupported(offset, $"component {c} has {Precision[c]} bits per sample; more than 31 is not supported.");
                if (s[37 + 3 * c] != 1 || s[38 + 3 * c] != 1)
                    throw Unsupported(offset, $"component {c} is subsampled ({s[37 + 3 * c]}×{s[38 + 3 * c]}); subsampled components are not supported.");
            }
            TilesAcross = (int)(((long)X1 - TileX0 + TileWidth - 1) / TileWidth);
            TilesDown = (int)(((long)Y1 - TileY0 + TileHeight - 1) / TileHeight);
            if ((long)TilesAcross * TilesDown > 65535) throw Error(offset, $"{(long)TilesAcross * TilesDown} tiles.");
            Tiles = new J2kTileData?[TilesAcross * TilesDown];
        }

        private static int Checked(uint value, int offset, string name)
        {
            if (value > int.MaxValue / 2) throw Error(offset, $"{name} {value} is out of range.");
            return (int)value;
        }

        private void ReadTileParts(int at)
        {
            var s = Data.Span;
            while (at + 2 <= s.Length)
            {
                int marker = s[at] << 8 | s[at + 1];
                if (marker == 0xFFD9) return; // EOC
                if (marker != 0xFF90) throw Error(at, $"expected a tile-part (SOT) or the end of the codestream (EOC), found {marker:X4}.");
                if (at + 12 > s.Length) throw Error(at, "the SOT marker is truncated.");
                int lsot = s[at + 2] << 8 | s[at + 3];
                if (lsot != 10) throw Error(at, $"the SOT marker's length is {lsot}, not 10.");
                int tile = s[at + 4] << 8 | s[at + 5];
                long psot = ReadUInt32(s, at + 6);
                if (tile >= Tiles.Length) throw Error(at, $"tile index {tile} outside the {Tiles.Length} tiles.");
                int end = psot == 0 ? s.Length : (int)Math.Min(s.Length, at + psot);
                // A Psot running past the data is tolerated as the last tile-part of a truncated stream (openjpeg does the same).
                if (psot != 0 && psot < 14) throw Error(at, $"a tile-part length of {psot}.");
                var data = Tiles[tile];
                bool first = data == null;
                if (data == null) Tiles[tile] = data = new J2kTileData(Main.Clone());
                int p = at + 12;
                while (true)
                {
                    if (p + 2 > end) throw Error(p, "a tile-part header without its start of data (SOD).");
                    int m = s[p] << 8 | s[p + 1];
                    if (m == 0xFF93) { p += 2; break; }
                    if (p + 4 > end) throw Error(p, $"marker {m:X4} has no length.");
                    int length = s[p + 2] << 8 | s[p + 3];
                    if (length < 2 || p + 2 + length > end) throw Error(p, $"marker {m:X4}'s length {length} runs past the tile-part.");
                    var segment = s.Slice(p + 4, length - 2);
                    int offset = p + 4;
                    var coding = data.Coding;
                    switch (m)
                    {
                        case 0xFF52: RequireFirst(first, p); coding.ReadCod(segment, offset, ComponentCount); break;
                        case 0xFF53: RequireFirst(first, p); coding.ReadCoc(segment, offset, ComponentCount); break;
                        case 0xFF5C: RequireFirst(first, p); coding.ReadQcd(segment, offset, ComponentCount); break;
                        case 0xFF5D: RequireFirst(first, p); coding.ReadQcc(segment, offset, ComponentCount); break;
                        case 0xFF5E: RequireFirst(first, p); coding.ReadRgn(segment, offset, ComponentCount); break;
                        case 0xFF5F: coding.ReadPoc(segment, offset, ComponentCount); break;
                        case 0xFF61: throw Unsupported(p, "packed packet headers in a tile-part header (PPT) are not supported.");
                        default: break; // PLT, COM
                    }
                    p += 2 + length;
                }
                data.Parts.Add(Data.Slice(p, end - p));
                at = end;
            }
        }

        private static void RequireFirst(bool first, int at)
        {
            // COD, COC, QCD, QCC and RGN may only appear in a tile's first tile-part header (T.800 A.4.2).
            if (!first) throw Error(at, "a coding or quantization marker in a tile-part header other than the tile's first.");
        }

        internal static uint ReadUInt32(ReadOnlySpan<byte> s, int at) =>
            (uint)(s[at] << 24 | s[at + 1] << 16 | s[at + 2] << 8 | s[at + 3]);
    }

    /// <summary>One tile's coding parameters and the bytes of its tile-parts, in codestream order.</summary>
    internal sealed class J2kTileData
    {
        public J2kTileData(J2kTileCoding coding) => Coding = coding;

        /// <summary>The tile's coding (main header defaults, overridden by its first tile-part header).</summary>
        public J2kTileCoding Coding { get; }

        /// <summary>The packet data of each tile-part (after SOD), in order.</summary>
        public List<ReadOnlyMemory<byte>> Parts { get; } = new List<ReadOnlyMemory<byte>>();
    }

    /// <summary>A component's coding style (COD/COC): decomposition levels, code-block size and style, transform, precincts.</summary>
    internal sealed class J2kComponentCoding
    {
        /// <summary>Decomposition levels (NL).</summary>
        public int Levels;

        /// <summary>Code-block width exponent (xcb, 2..10).</summary>
        public int BlockWidthExponent;

        /// <summary>Code-block height exponent (ycb).</summary>
        public int BlockHeightExponent;

        /// <summary>Code-block style bits (<see cref="J2kCodeBlockDecoder"/>'s constants).</summary>
        public int BlockStyle;

        /// <summary>True for the reversible 5/3 wavelet, false for the irreversible 9/7.</summary>
        public bool Reversible;

        /// <summary>Precinct width exponents (PPx) by resolution, 0 = lowest.</summary>
        public int[] PrecinctWidthExponents = Array.Empty<int>();

        /// <summary>Precinct height exponents (PPy) by resolution.</summary>
        public int[] PrecinctHeightExponents = Array.Empty<int>();

        /// <summary>Quantization style: 0 none, 1 scalar derived, 2 scalar expounded.</summary>
        public int QuantizationStyle;

        /// <summary>Guard bits.</summary>
        public int GuardBits;

        /// <summary>Exponents by subband (LL, then HL, LH, HH of each resolution from the lowest); one only when derived.</summary>
        public int[] Exponents = Array.Empty<int>();

        /// <summary>Mantissas by subband, as <see cref="Exponents"/>.</summary>
        public int[] Mantissas = Array.Empty<int>();

        /// <summary>The region of interest max-shift (RGN), 0 when none.</summary>
        public int RoiShift;

        /// <summary>A copy for a tile's header to override (its arrays are replaced, never written into, so they are shared).</summary>
        public J2kComponentCoding Clone() => (J2kComponentCoding)MemberwiseClone();
    }

    /// <summary>A progression order and the range it covers (the COD order, or one POC entry).</summary>
    internal readonly struct J2kProgression
    {
        public J2kProgression(int order, int resolutionStart, int componentStart, int layerEnd, int resolutionEnd, int componentEnd)
        {
            Order = order;
            ResolutionStart = resolutionStart;
            ComponentStart = componentStart;
            LayerEnd = layerEnd;
            ResolutionEnd = resolutionEnd;
            ComponentEnd = componentEnd;
        }

        /// <summary>0 LRCP, 1 RLCP, 2 RPCL, 3 PCRL, 4 CPRL.</summary>
        public int Order { get; }

        public int ResolutionStart { get; }

        public int ComponentStart { get; }

        /// <summary>Exclusive.</summary>
        public int LayerEnd { get; }

        /// <summary>Exclusive.</summary>
        public int ResolutionEnd { get; }

        /// <summary>Exclusive.</summary>
        public int ComponentEnd { get; }
    }

    /// <summary>Coding parameters that apply to one tile: COD's tile-wide fields, each component's style, the POC list.</summary>
    internal sealed class J2kTileCoding
    {
        public bool HasCod;
        public bool HasQcd;

        /// <summary>Progression order (0..4).</summary>
        public int Order;

        /// <summary>Quality layers.</summary>
        public int Layers;

        /// <summary>Whether the multiple component transform applies to components 0 to 2.</summary>
        public bool ComponentTransform;

        /// <summary>SOP marker segments may precede packets.</summary>
        public bool StartOfPacket;

        /// <summary>EPH markers end packet headers.</summary>
        public bool EndOfPacketHeader;

        /// <summary>Each component's coding.</summary>
        public J2kComponentCoding[] Components = Array.Empty<J2kComponentCoding>();

        // Which components a COC or QCC set, so that a later COD or QCD (of the same header) does not override them.
        private bool[] _cocSet = Array.Empty<bool>();
        private bool[] _qccSet = Array.Empty<bool>();

        /// <summary>Progression order changes, in order; empty when none.</summary>
        public List<J2kProgression> ProgressionChanges = new List<J2kProgression>();

        public J2kTileCoding Clone()
        {
            var c = (J2kTileCoding)MemberwiseClone();
            c.Components = new J2kComponentCoding[Components.Length];
            for (int i = 0; i < Components.Length; i++) c.Components[i] = Components[i].Clone();
            // A tile-part header's COD/QCD override the main header's COC/QCC (T.800 A.6.1: tile COD > main COC).
            c._cocSet = new bool[Components.Length];
            c._qccSet = new bool[Components.Length];
            // The main header's POC applies to a tile until its own header brings one (which replaces them all).
            c.ProgressionChanges = new List<J2kProgression>(ProgressionChanges);
            c._inheritedProgressions = true;
            return c;
        }

        private void Ensure(int count)
        {
            if (Components.Length == count) return;
            Components = new J2kComponentCoding[count];
            for (int i = 0; i < count; i++) Components[i] = new J2kComponentCoding();
            _cocSet = new bool[count];
            _qccSet = new bool[count];
        }

        public void ReadCod(ReadOnlySpan<byte> s, int offset, int components)
        {
            Ensure(components);
            if (s.Length < 10) throw J2kCodestream.Error(offset, "the COD marker is too short.");
            int scod = s[0];
            Order = s[1];
            if (Order > 4) throw J2kCodestream.Error(offset, $"progression order {Order}.");
            Layers = s[2] << 8 | s[3];
            if (Layers == 0) throw J2kCodestream.Error(offset, "0 quality layers.");
            int mct = s[4];
            if (mct > 1) throw J2kCodestream.Unsupported(offset, $"multiple component transform {mct} (Part 2) is not supported.");
            ComponentTransform = mct == 1;
            StartOfPacket = (scod & 2) != 0;
            EndOfPacketHeader = (scod & 4) != 0;
            for (int c = 0; c < components; c++)
            {
                if (_cocSet[c]) continue;
                ReadStyle(Components[c], s.Slice(5), (scod & 1) != 0, offset + 5);
            }
            HasCod = true;
        }

        public void ReadCoc(ReadOnlySpan<byte> s, int offset, int components)
        {
            Ensure(components);
            int c = Component(s, offset, components, "COC", 1, out int n);
            ReadStyle(Components[c], s.Slice(n + 1), (s[n] & 1) != 0, offset + n + 1);
            _cocSet[c] = true;
        }

        private static void ReadStyle(J2kComponentCoding c, ReadOnlySpan<byte> s, bool precincts, int offset)
        {
            if (s.Length < 5) throw J2kCodestream.Error(offset, "a coding style is too short.");
            c.Levels = s[0];
            if (c.Levels > 32) throw J2kCodestream.Error(offset, $"{c.Levels} decomposition levels.");
            c.BlockWidthExponent = (s[1] & 0x0F) + 2;
            c.BlockHeightExponent = (s[2] & 0x0F) + 2;
            if (c.BlockWidthExponent > 10 || c.BlockHeightExponent > 10 || c.BlockWidthExponent + c.BlockHeightExponent > 12)
                throw J2kCodestream.Error(offset, $"a code-block of 2^{c.BlockWidthExponent} × 2^{c.BlockHeightExponent}.");
            c.BlockStyle = s[3];
            // Bit 6 alone: every code-block is high-throughput (HTJ2K, T.814); with bit 7, a code-block may be either ("mixed").
            if ((c.BlockStyle & J2kCodeBlockDecoder.MixedHighThroughput) != 0)
                throw J2kCodestream.Unsupported(offset, "mixed high-throughput and Part 1 code-blocks (HTJ2K MIXED) are not supported.");
            if (s[4] > 1) throw J2kCodestream.Unsupported(offset, $"wavelet transform {s[4]} (Part 2) is not supported.");
            c.Reversible = s[4] == 1;
            int resolutions = c.Levels + 1;
            c.PrecinctWidthExponents = new int[resolutions];
            c.PrecinctHeightExponents = new int[resolutions];
            for (int r = 0; r < resolutions; r++)
            {
                if (precincts)
                {
                    if (s.Length < 5 + resolutions) throw J2kCodestream.Error(offset, "the precinct sizes are missing.");
                    int b = s[5 + r];
                    c.PrecinctWidthExponents[r] = b & 0x0F;
                    c.PrecinctHeightExponents[r] = b >> 4;
                    if (r > 0 && (c.PrecinctWidthExponents[r] == 0 || c.PrecinctHeightExponents[r] == 0))
                        throw J2kCodestream.Error(offset, "a precinct size of 1 above the lowest resolution.");
                }
                else
                {
                    c.PrecinctWidthExponents[r] = 15;
                    c.PrecinctHeightExponents[r] = 15;
                }
            }
        }

        public void ReadQcd(ReadOnlySpan<byte> s, int offset, int components)
        {
            Ensure(components);
            for (int c = 0; c < components; c++)
            {
                if (_qccSet[c]) continue;
                ReadQuantization(Components[c], s, offset);
            }
            HasQcd = true;
        }

        public void ReadQcc(ReadOnlySpan<byte> s, int offset, int components)
        {
            Ensure(components);
            int c = Component(s, offset, components, "QCC", 1, out int n);
            ReadQuantization(Components[c], s.Slice(n), offset + n);
            _qccSet[c] = true;
        }

        private static void ReadQuantization(J2kComponentCoding c, ReadOnlySpan<byte> s, int offset)
        {
            if (s.Length < 2) throw J2kCodestream.Error(offset, "a quantization marker is too short.");
            c.QuantizationStyle = s[0] & 0x1F;
            c.GuardBits = s[0] >> 5;
            var rest = s.Slice(1);
            switch (c.QuantizationStyle)
            {
                case 0:
                    c.Exponents = new int[rest.Length];
                    c.Mantissas = new int[rest.Length];
                    for (int i = 0; i < rest.Length; i++) c.Exponents[i] = rest[i] >> 3;
                    break;
                case 1:
                case 2:
                    if (rest.Length < 2 || rest.Length % 2 != 0) throw J2kCodestream.Error(offset, "scalar quantization values of an odd length.");
                    int n = c.QuantizationStyle == 1 ? 1 : rest.Length / 2;
                    c.Exponents = new int[n];
                    c.Mantissas = new int[n];
                    for (int i = 0; i < n; i++)
                    {
                        int v = rest[2 * i] << 8 | rest[2 * i + 1];
                        c.Exponents[i] = v >> 11;
                        c.Mantissas[i] = v & 0x7FF;
                    }
                    break;
                default:
                    throw J2kCodestream.Error(offset, $"quantization style {c.QuantizationStyle}.");
            }
        }

        public void ReadRgn(ReadOnlySpan<byte> s, int offset, int components)
        {
            Ensure(components);
            int c = Component(s, offset, components, "RGN", 2, out int n);
            if (s[n] != 0) throw J2kCodestream.Error(offset, $"region of interest style {s[n]}.");
            Components[c].RoiShift = s[n + 1];
            if (Components[c].RoiShift > 30) throw J2kCodestream.Error(offset, $"a region of interest shift of {Components[c].RoiShift}.");
        }

        private bool _inheritedProgressions;

        // A component index in COC, QCC, RGN and POC: one byte when the image has fewer than 257 components, else two (A.6).
        private static int ComponentIndexWidth(int components) => components < 257 ? 1 : 2;

        private static int ReadComponentIndex(ReadOnlySpan<byte> s, int at, int width) => width == 1 ? s[at] : s[at] << 8 | s[at + 1];

        // The component a COC, QCC or RGN marker is about, checked, with the index's width; the marker holds at least
        // fixedBytes more after it.
        private static int Component(ReadOnlySpan<byte> s, int offset, int components, string marker, int fixedBytes, out int width)
        {
            width = ComponentIndexWidth(components);
            if (s.Length < width + fixedBytes) throw J2kCodestream.Error(offset, $"the {marker} marker is too short.");
            int c = ReadComponentIndex(s, 0, width);
            if (c >= components) throw J2kCodestream.Error(offset, $"{marker} for component {c} of {components}.");
            return c;
        }

        public void ReadPoc(ReadOnlySpan<byte> s, int offset, int components)
        {
            if (_inheritedProgressions)
            {
                ProgressionChanges.Clear();
                _inheritedProgressions = false;
            }
            int n = ComponentIndexWidth(components);
            int entry = 5 + 2 * n;
            if (s.Length < entry || s.Length % entry != 0) throw J2kCodestream.Error(offset, "the POC marker's length is not a whole number of changes.");
            for (int at = 0; at < s.Length; at += entry)
            {
                int rs = s[at];
                int cs = ReadComponentIndex(s, at + 1, n);
                int lye = s[at + 1 + n] << 8 | s[at + 2 + n];
                int re = s[at + 3 + n];
                int ce = ReadComponentIndex(s, at + 4 + n, n);
                if (ce == 0) ce = 256; // CEpoc 0 means 256 (T.800 Table A.32)
                int order = s[at + 4 + 2 * n];
                if (order > 4) throw J2kCodestream.Error(offset, $"progression order {order} in a POC.");
                ProgressionChanges.Add(new J2kProgression(order, rs, cs, lye, re, Math.Min(ce, components)));
            }
        }
    }
}
