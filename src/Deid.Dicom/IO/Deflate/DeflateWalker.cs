using System;
using System.IO;

namespace Deid.Dicom
{
    /// <summary>
    /// Walks the blocks of a raw deflate stream (RFC 1951) without producing its output, to tell whether the final block is
    /// there whole. .NET's DeflateStream ends quietly when its input runs out before the final block (its strict check is a
    /// process-wide switch, and not on .NET Framework): a deflated DICOM file cut on an element boundary would read as a
    /// shorter, valid dataset. Finding where blocks end means decoding every Huffman code, so this is an inflater that keeps
    /// only counts: no window, memory flat whatever the size.
    /// </summary>
    internal static class DeflateWalker
    {
        // RFC 1951 §3.2.5: base lengths and extra bits of length symbols 257..285, base distances and extra bits of distance
        // symbols 0..29.
        private static readonly ushort[] LengthBase = { 3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258 };
        private static readonly byte[] LengthExtra = { 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0 };
        private static readonly ushort[] DistanceBase = { 1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577 };
        private static readonly byte[] DistanceExtra = { 0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13 };

        // RFC 1951 §3.2.7: the order in which a dynamic block gives the lengths of the code length code.
        private static readonly byte[] CodeLengthOrder = { 16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15 };

        /// <summary>Walks the deflate stream in the first <paramref name="length"/> bytes of <paramref name="compressed"/>.</summary>
        public static DeflateWalk Walk(Stream compressed, long length = long.MaxValue) => new Walker(new DeflateBitReader(compressed, length)).Run();

        /// <summary>One walk's state: the tables are built once and rebuilt for each dynamic block.</summary>
        private sealed class Walker
        {
            private readonly DeflateBitReader _bits;
            private readonly DeflateHuffman _literals = new DeflateHuffman(288);
            private readonly DeflateHuffman _distances = new DeflateHuffman(32);
            private readonly DeflateHuffman _codeLengths = new DeflateHuffman(19);
            private readonly byte[] _lengths = new byte[288 + 32];
            private long _inflated;

            public Walker(DeflateBitReader bits) => _bits = bits;

            public DeflateWalk Run()
            {
                while (true)
                {
                    if (!_bits.TryRead(3, out uint header)) return Truncated();
                    string? error;
                    switch (header >> 1)
                    {
                        case 0:
                            error = Stored();
                            break;
                        case 1:
                            error = Fixed() ?? Codes();
                            break;
                        case 2:
                            error = Dynamic() ?? Codes();
                            break;
                        default:
                            error = "a block of the reserved type 3";
                            break;
                    }
                    if (ReferenceEquals(error, EndOfData)) return Truncated();
                    if (error != null) return new DeflateWalk(DeflateWalkOutcome.Invalid, _bits.BytesUsed, _inflated, error);
                    if ((header & 1) != 0) return new DeflateWalk(DeflateWalkOutcome.Complete, _bits.BytesUsed, _inflated, null);
                }
            }

            // Returned by the block readers when the data end: compared by reference, never shown.
            private static readonly string EndOfData = new string('!', 1);

            private DeflateWalk Truncated() => new DeflateWalk(DeflateWalkOutcome.Truncated, _bits.BytesRead, _inflated, null);

            private string? Stored()
            {
                _bits.AlignToByte();
                if (!_bits.TryRead(16, out uint length) || !_bits.TryRead(16, out uint complement)) return EndOfData;
                if (length != (~complement & 0xFFFF)) return "a stored block whose length and its complement disagree";
                if (!_bits.TrySkipBytes(length)) return EndOfData;
                _inflated += length;
                return null;
            }

            private string? Fixed()
            {
                // RFC 1951 §3.2.6. Symbols 286, 287 and distances 30, 31 have codes but are invalid where they appear.
                Array.Clear(_lengths, 0, _lengths.Length);
                for (int i = 0; i < 288; i++) _lengths[i] = (byte)(i < 144 ? 8 : i < 256 ? 9 : i < 280 ? 7 : 8);
                for (int i = 288; i < 320; i++) _lengths[i] = 5;
                return _literals.Build(new ReadOnlySpan<byte>(_lengths, 0, 288), true) ?? _distances.Build(new ReadOnlySpan<byte>(_lengths, 288, 32), true);
            }

            private string? Dynamic()
            {
                if (!_bits.TryRead(14, out uint counts)) return EndOfData;
                int literals = (int)(counts & 31) + 257, distances = (int)((counts >> 5) & 31) + 1, codeLengths = (int)(counts >> 10) + 4;
                // zlib refuses the counts RFC 1951's fields can hold but its codes cannot use.
                if (literals > 286 || distances > 30) return "a dynamic block with too many length or distance codes";

                Array.Clear(_lengths, 0, _lengths.Length);
                for (int i = 0; i < codeLengths; i++)
                {
                    if (!_bits.TryRead(3, out uint length)) return EndOfData;
                    _lengths[CodeLengthOrder[i]] = (byte)length;
                }
                var error = _codeLengths.Build(new ReadOnlySpan<byte>(_lengths, 0, 19), false);
                if (error != null) return "a dynamic block's code length code has " + error;

                Array.Clear(_lengths, 0, 19);
                int total = literals + distances;
                for (int at = 0; at < total;)
                {
                    int symbol = _codeLengths.Decode(_bits);
                    if (symbol == DeflateHuffman.Truncated) return EndOfData;
                    if (symbol < 0) return "a dynamic block with an invalid code length code";
                    if (symbol < 16)
                    {
                        _lengths[at++] = (byte)symbol;
                        continue;
                    }
                    byte repeated = 0;
                    uint extra;
                    int times;
                    if (symbol == 16)
                    {
                        if (at == 0) return "a dynamic block that repeats a code length before the first";
                        repeated = _lengths[at - 1];
                        if (!_bits.TryRead(2, out extra)) return EndOfData;
                        times = 3 + (int)extra;
                    }
                    else if (symbol == 17)
                    {
                        if (!_bits.TryRead(3, out extra)) return EndOfData;
                        times = 3 + (int)extra;
                    }
                    else
                    {
                        if (!_bits.TryRead(7, out extra)) return EndOfData;
                        times = 11 + (int)extra;
                    }
                    if (at + times > total) return "a dynamic block whose code lengths run past their count";
                    for (int i = 0; i < times; i++) _lengths[at++] = repeated;
                }
                if (_lengths[256] == 0) return "a dynamic block without an end-of-block code";
                // Lengths and distances are one sequence (a repeat may cross from one to the other), two codes.
                error = _literals.Build(new ReadOnlySpan<byte>(_lengths, 0, literals), true);
                if (error != null) return "a dynamic block's literal/length code has " + error;
                error = _distances.Build(new ReadOnlySpan<byte>(_lengths, literals, distances), true);
                return error == null ? null : "a dynamic block's distance code has " + error;
            }

            /// <summary>The symbols of a fixed or dynamic block, through its end-of-block code.</summary>
            private string? Codes()
            {
                while (true)
                {
                    int symbol = _literals.Decode(_bits);
                    if (symbol < 256)
                    {
                        if (symbol == DeflateHuffman.Truncated) return EndOfData;
                        if (symbol < 0) return "an invalid literal/length code";
                        _inflated++;
                        continue;
                    }
                    if (symbol == 256) return null;
                    symbol -= 257;
                    if (symbol >= 29) return "an invalid literal/length code";
                    if (!_bits.TryRead(LengthExtra[symbol], out uint lengthExtra)) return EndOfData;
                    int distanceSymbol = _distances.Decode(_bits);
                    if (distanceSymbol == DeflateHuffman.Truncated) return EndOfData;
                    if (distanceSymbol < 0 || distanceSymbol >= 30) return "an invalid distance code";
                    if (!_bits.TryRead(DistanceExtra[distanceSymbol], out uint distanceExtra)) return EndOfData;
                    // With no preset dictionary (deflate in DICOM has none), a copy cannot reach before the first byte.
                    if (DistanceBase[distanceSymbol] + distanceExtra > _inflated) return "a distance too far back";
                    _inflated += LengthBase[symbol] + lengthExtra;
                }
            }
        }
    }
}
