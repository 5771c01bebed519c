using System;

namespace Deid.Dicom
{
    /// <summary>
    /// The cleanup pass of the High-Throughput JPEG 2000 block coder (HTJ2K, T.814 | ISO/IEC 15444-15): turns the HT cleanup
    /// segment of one code-block back into coefficient magnitudes and signs, in the convention of
    /// <see cref="J2kCodeBlockDecoder"/> (twice the magnitude plus the half step of the last decoded plane, signed).
    /// </summary>
    /// <remarks>
    /// The block is coded in 2x2 quads, two sample rows at a time, quads taken in pairs along each row of quads. Three
    /// bit-streams share the segment: MagSgn forwards from its start, MEL forwards from the start of the suffix (the last
    /// Scup bytes), VLC backwards from its end. For each quad pair the VLC gives each quad's significance pattern rho, its
    /// EMB bits (e_k, e_1) and whether an exponent offset u follows (u_off), through a codeword chosen by the significance
    /// of the neighbours already decoded; a quad with no significant neighbour first asks the MEL whether it is empty at
    /// all. The U-VLC then gives u for the pair, and the quad's exponent bound is U = u + kappa, kappa predicted from the
    /// exponents of the row above (1 on the first row, or for a quad with one significant sample). Each significant sample
    /// then reads U - e_k bits of MagSgn: its sign, then its magnitude bits, with e_1 as the top bit when e_k says the bound
    /// is reached.
    /// <para>
    /// Bit-planes: the cleanup pass codes whole magnitudes, not one plane. The decoded integer mu has its least significant
    /// bit at magnitude bit-plane numBitPlanes - 1, where numBitPlanes = Kmax - P (P the packet header's "missing MSBs",
    /// plus one per three placeholder passes): what a refinement pass would add lies below it, and mu may be as wide as P +
    /// 1 planes. OpenJPH (<c>p = 30 - missing_msbs</c>, with samples aligned so that plane Kmax - 1 is bit 30) and
    /// openjpeg's ht_dec.c (<c>(2 mu + 1) &lt;&lt; (numbps - 1)</c>) agree; OpenJPH's encoder writes P = Kmax - 1, so its
    /// blocks have numBitPlanes = 1 and mu is the whole magnitude.
    /// </para>
    /// </remarks>
    internal static class J2kHtBlockDecoder
    {
        // T.814: Scup, the MEL+VLC suffix length, is at most 4079 bytes.
        private const int MaxScup = 4079;

        /// <summary>Decodes the HT cleanup pass (the only pass) of one code-block.</summary>
        /// <param name="data">The cleanup segment, Lcup bytes: MagSgn, then MEL and VLC; the last 12 bits hold Scup.</param>
        /// <param name="width">The code-block's width (1 to 1024).</param>
        /// <param name="height">The code-block's height (1 to 1024; width * height at most 4096).</param>
        /// <param name="numBitPlanes">Kmax - P (less one per three placeholder passes), 1 to 30: the cleanup pass's least
        /// significant magnitude bit-plane is numBitPlanes - 1.</param>
        /// <param name="output">width * height values, row-major, overwritten: 0 for an insignificant sample, else
        /// sign * (2 * mu + 1) * 2^(numBitPlanes - 1), twice the magnitude plus the half step of the cleanup pass's plane.</param>
        /// <exception cref="DicomFormatException">Bad arguments, a bad Scup, or a segment that decodes to samples outside the
        /// block or to magnitudes beyond 30 bit-planes.</exception>
        internal static void DecodeCleanup(ReadOnlySpan<byte> data, int width, int height, int numBitPlanes, Span<int> output)
        {
            if (width < 1 || width > 1024 || height < 1 || height > 1024 || width * height > 4096)
                throw Error($"code-block size {width}x{height} is out of range");
            if (numBitPlanes < 1 || numBitPlanes > 30) throw Error($"{numBitPlanes} magnitude bit-planes are out of range (1 to 30)");
            if (output.Length < width * height) throw Error("the output is smaller than the code-block");
            int lcup = data.Length;
            if (lcup < 2) throw Error($"an HT cleanup segment of {lcup} bytes (at least 2)");
            int scup = (data[lcup - 1] << 4) | (data[lcup - 2] & 0xF);
            if (scup < 2 || scup > lcup || scup > MaxScup)
                throw Error($"an HT cleanup segment of {lcup} bytes says its MEL and VLC take {scup} (2 to {Math.Min(lcup, MaxScup)})");

            output = output.Slice(0, width * height);
            output.Clear();
            int start = lcup - scup;
            var mel = new J2kHtMelDecoder(data, start);
            var vlc = new J2kHtVlcReader(data, start);
            var magSgn = new J2kHtMagSgnReader(data.Slice(0, start));

            // The exponents E (bit length of 2 mu - 1; 0 when insignificant or outside the block) of the bottom samples of
            // the quad row above, by column + 1, and those of the row being decoded: the row above gives both the contexts
            // and kappa, and the row being decoded must not overwrite it while its neighbours to the right still need it.
            Span<byte> above = stackalloc byte[width + 3];
            Span<byte> below = stackalloc byte[width + 3];
            above.Clear();
            below.Clear();

            // U beyond this leaves no room in 31 bits for the magnitude and its half step (checked exactly per sample).
            int maxBound = 32 - numBitPlanes;
            int shift = numBitPlanes - 1;
            for (int y = 0; y < height; y += 2)
            {
                bool initial = y == 0;
                ushort[] table = initial ? J2kHtTables.InitialRow : J2kHtTables.OtherRows;
                bool twoRows = y + 1 < height;
                int left = 0; // rho of the quad to the left
                for (int x = 0; x < width; x += 4)
                {
                    bool pair = x + 2 < width;
                    int quad0 = DecodeQuad(ref vlc, ref mel, table, Context(initial, left, above, x));
                    int rho0 = (quad0 >> J2kHtTables.RhoShift) & 0xF;
                    int quad1 = pair ? DecodeQuad(ref vlc, ref mel, table, Context(initial, rho0, above, x + 2)) : 0;
                    int rho1 = (quad1 >> J2kHtTables.RhoShift) & 0xF;
                    CheckInside(rho0, x, width, twoRows);
                    CheckInside(rho1, x + 2, width, twoRows);

                    DecodeU(ref vlc, ref mel, initial, (quad0 & J2kHtTables.UOffBit) != 0, (quad1 & J2kHtTables.UOffBit) != 0, out int u0, out int u1);
                    int bound0 = u0 + Kappa(initial, rho0, above, x);
                    int bound1 = u1 + Kappa(initial, rho1, above, x + 2);
                    if (bound0 > maxBound || bound1 > maxBound)
                        throw Error($"an HT quad's exponent bound {Math.Max(bound0, bound1)} exceeds {maxBound} with {numBitPlanes} bit-planes below it");

                    DecodeSamples(ref magSgn, quad0, bound0, output, below, x, y, width, shift);
                    if (pair) DecodeSamples(ref magSgn, quad1, bound1, output, below, x + 2, y, width, shift);
                    left = rho1;
                }
                var swap = above;
                above = below;
                below = swap;
            }
        }

        /// <summary>
        /// Decodes the exponent offsets u of a quad pair from the U-VLC (T.814 Table 3), after the pair's CxtVLC codewords.
        /// </summary>
        /// <param name="vlc">The VLC stream.</param>
        /// <param name="mel">The MEL, which on the initial quad row says whether both u exceed 2 when both are coded.</param>
        /// <param name="initialRow">The pair is on the block's first quad row (kappa is 1 there, and both u are coded jointly).</param>
        /// <param name="uOff0">The first quad's u is coded (else it is 0).</param>
        /// <param name="uOff1">The second quad's u is coded.</param>
        /// <param name="u0">The first quad's u.</param>
        /// <param name="u1">The second quad's u.</param>
        /// <exception cref="DicomFormatException">A u so large that it needs the 4-bit extension: no 31-bit magnitude has
        /// it.</exception>
        internal static void DecodeU(ref J2kHtVlcReader vlc, ref J2kHtMelDecoder mel, bool initialRow, bool uOff0, bool uOff1, out int u0, out int u1)
        {
            u0 = 0;
            u1 = 0;
            if (uOff0 && uOff1)
            {
                if (initialRow && mel.Decode() == 1)
                {
                    // Both u are at least 3: each is coded less 2. The prefixes come first, then the suffixes.
                    int prefix0 = DecodeUPrefix(ref vlc);
                    int prefix1 = DecodeUPrefix(ref vlc);
                    u0 = 2 + DecodeUSuffix(ref vlc, prefix0);
                    u1 = 2 + DecodeUSuffix(ref vlc, prefix1);
                }
                else
                {
                    int prefix0 = DecodeUPrefix(ref vlc);
                    if (initialRow && prefix0 > 2)
                    {
                        // The MEL said not both exceed 2, and the first does: the second is 1 or 2, one bit.
                        u1 = 1 + (int)vlc.Read(1);
                        u0 = DecodeUSuffix(ref vlc, prefix0);
                    }
                    else
                    {
                        int prefix1 = DecodeUPrefix(ref vlc);
                        u0 = DecodeUSuffix(ref vlc, prefix0);
                        u1 = DecodeUSuffix(ref vlc, prefix1);
                    }
                }
            }
            else if (uOff0)
            {
                u0 = DecodeUSuffix(ref vlc, DecodeUPrefix(ref vlc));
            }
            else if (uOff1)
            {
                u1 = DecodeUSuffix(ref vlc, DecodeUPrefix(ref vlc));
            }
        }

        /// <summary>The U-VLC prefix: "1" is 1, "01" is 2, "001" is 3, "000" is 5 (first bit read on the left).</summary>
        internal static int DecodeUPrefix(ref J2kHtVlcReader vlc)
        {
            uint bits = vlc.Peek(3);
            if ((bits & 1) != 0)
            {
                vlc.Skip(1);
                return 1;
            }
            if ((bits & 2) != 0)
            {
                vlc.Skip(2);
                return 2;
            }
            vlc.Skip(3);
            return (bits & 4) != 0 ? 3 : 5;
        }

        /// <summary>
        /// Adds the U-VLC suffix to <paramref name="prefix"/>: none after 1 and 2, one bit after 3, five after 5 (values 5 to
        /// 36).
        /// </summary>
        /// <exception cref="DicomFormatException">A value above 32, which T.814 extends by 4 more bits: no exponent bound
        /// that large fits a 31-bit magnitude.</exception>
        internal static int DecodeUSuffix(ref J2kHtVlcReader vlc, int prefix)
        {
            if (prefix < 3) return prefix;
            int u = prefix + (int)vlc.Read(prefix == 3 ? 1 : 5);
            if (u > 32) throw Error($"an HT exponent offset u of {u} or more (extended): magnitudes that wide are not decodable");
            return u;
        }

        // A quad's CxtVLC codeword (table entry; 0 for a quad the MEL says is empty).
        private static int DecodeQuad(ref J2kHtVlcReader vlc, ref J2kHtMelDecoder mel, ushort[] table, int context)
        {
            // With no significant neighbour, the MEL first says whether the quad has any significant sample: the runs of
            // empty quads in flat areas then cost a fraction of a bit each.
            if (context == 0 && mel.Decode() == 0) return 0;
            int entry = table[(context << 7) | (int)vlc.Peek(7)];
            vlc.Skip(entry & J2kHtTables.LengthMask);
            return entry;
        }

        // The CxtVLC context of the quad at column x (T.814 eqs 1 and 2). Quad samples are numbered down each column: 0 top
        // left, 1 bottom left, 2 top right, 3 bottom right. On the first quad row only the quad to the left is known: bit 0
        // for its left column, bit 1 its top right, bit 2 its bottom right. Below it, bit 0 is the samples above-left and
        // above the quad's top left (nw, n), bit 1 the quad to the left's right column (w, sw), bit 2 the samples above the
        // top right and beyond it (ne, nf).
        private static int Context(bool initial, int left, ReadOnlySpan<byte> above, int x)
        {
            if (initial) return ((left & 0x3) != 0 ? 1 : 0) | ((left >> 1) & 0x6);
            int context = (above[x] | above[x + 1]) != 0 ? 1 : 0;
            if ((left & 0xC) != 0) context |= 2;
            if ((above[x + 2] | above[x + 3]) != 0) context |= 4;
            return context;
        }

        // kappa: 1 on the first quad row and for a quad with at most one significant sample; else the largest exponent of
        // the four samples above (columns x - 1 to x + 2) less 1, at least 1.
        private static int Kappa(bool initial, int rho, ReadOnlySpan<byte> above, int x)
        {
            if (initial || (rho & (rho - 1)) == 0) return 1;
            int e = Math.Max(Math.Max(above[x], above[x + 1]), Math.Max(above[x + 2], above[x + 3]));
            return e > 2 ? e - 1 : 1;
        }

        // A valid encoder never marks a sample outside the block significant: such a quad is corrupt data.
        private static void CheckInside(int rho, int x, int width, bool twoRows)
        {
            int inside = 0xF;
            if (!twoRows) inside &= 0x5;
            if (x + 1 >= width) inside &= 0x3;
            if ((rho & ~inside) != 0) throw Error("an HT quad has significant samples outside the code-block");
        }

        // Reads the sign and magnitude of each significant sample of a quad from MagSgn, and records the exponents of its
        // bottom samples for the next quad row. (scoped: the stack-allocated row cannot be stored in the reader.)
        private static void DecodeSamples(ref J2kHtMagSgnReader magSgn, int quad, int bound, Span<int> output, scoped Span<byte> below,
            int x, int y, int width, int shift)
        {
            int rho = (quad >> J2kHtTables.RhoShift) & 0xF;
            int e1 = (quad >> J2kHtTables.E1Shift) & 0xF;
            int ek = (quad >> J2kHtTables.EkShift) & 0xF;
            for (int n = 0; n < 4; n++)
            {
                int column = x + (n >> 1);
                int exponent = 0;
                if (((rho >> n) & 1) != 0)
                {
                    // v = 2 (mu - 1) + sign has at most U bits; when e_k says it has exactly U, its top bit is e_1 and is not
                    // sent.
                    int m = bound - ((ek >> n) & 1);
                    uint v = magSgn.Read(m) | ((uint)((e1 >> n) & 1) << m);
                    long value = ((long)(v | 1) + 2) << shift; // (2 mu + 1) * 2^shift
                    if (value > int.MaxValue) throw Error("an HT sample's magnitude needs more than 30 bit-planes");
                    output[((y + (n & 1)) * width) + column] = (v & 1) != 0 ? -(int)value : (int)value;
                    exponent = BitLength(v | 1);
                }
                if ((n & 1) != 0 && column < width) below[column + 1] = (byte)exponent;
            }
        }

        private static int BitLength(uint v)
        {
            int n = 0;
            if (v >= 1u << 16)
            {
                n += 16;
                v >>= 16;
            }
            if (v >= 1u << 8)
            {
                n += 8;
                v >>= 8;
            }
            if (v >= 1u << 4)
            {
                n += 4;
                v >>= 4;
            }
            if (v >= 1u << 2)
            {
                n += 2;
                v >>= 2;
            }
            if (v >= 1u << 1)
            {
                n += 1;
                v >>= 1;
            }
            return n + (int)v;
        }

        private static DicomFormatException Error(string message) => J2kCodestream.Error(-1, message);
    }
}
