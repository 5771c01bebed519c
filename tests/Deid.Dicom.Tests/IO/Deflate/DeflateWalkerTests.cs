using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text;
using Xunit;

namespace Deid.Dicom.Tests.IO.Deflate
{
    /// <summary>
    /// The deflate block walker (src/Deid.Dicom/IO/Deflate/DeflateWalker.cs) on hand-made blocks of each type, and against
    /// System.IO.Compression: what .NET compresses walks complete to its last byte and to its inflated length; every cut of it
    /// walks truncated; a damaged stream the walker calls complete is one .NET inflates, and one .NET refuses is never complete.
    /// </summary>
    public sealed class DeflateWalkerTests
    {
        private static DeflateWalk Walk(byte[] bytes) => DeflateWalker.Walk(new MemoryStream(bytes));

        private static byte[] Compress(byte[] data, CompressionLevel level)
        {
            var ms = new MemoryStream();
            using (var d = new DeflateStream(ms, level, leaveOpen: true)) d.Write(data, 0, data.Length);
            return ms.ToArray();
        }

        /// <summary>What .NET inflates <paramref name="compressed"/> to, or null when it refuses it.</summary>
        private static byte[]? Inflate(byte[] compressed)
        {
            try
            {
                var output = new MemoryStream();
                using (var d = new DeflateStream(new MemoryStream(compressed), CompressionMode.Decompress)) d.CopyTo(output);
                return output.ToArray();
            }
            catch (InvalidDataException)
            {
                return null;
            }
        }

        private static void AssertComplete(byte[] compressed, long inflated, long compressedLength = -1)
        {
            var walk = Walk(compressed);
            Assert.Equal(DeflateWalkOutcome.Complete, walk.Outcome);
            Assert.Equal(inflated, walk.InflatedLength);
            Assert.Equal(compressedLength < 0 ? compressed.Length : compressedLength, walk.CompressedLength);
        }

        /// <summary>Writes bits least significant first, as deflate packs them; Huffman codes go most significant bit first.</summary>
        private sealed class BitWriter
        {
            private readonly MemoryStream _bytes = new MemoryStream();
            private int _bits;
            private int _count;

            public BitWriter Bits(int value, int n)
            {
                for (int i = 0; i < n; i++) Bit((value >> i) & 1);
                return this;
            }

            public BitWriter Code(int code, int n)
            {
                for (int i = n - 1; i >= 0; i--) Bit((code >> i) & 1);
                return this;
            }

            /// <summary>A symbol of the fixed literal/length code (RFC 1951 §3.2.6).</summary>
            public BitWriter Fixed(int symbol) =>
                symbol < 144 ? Code(0x30 + symbol, 8) : symbol < 256 ? Code(0x190 + symbol - 144, 9) : symbol < 280 ? Code(symbol - 256, 7) : Code(0xC0 + symbol - 280, 8);

            public BitWriter Align()
            {
                while (_count != 0) Bit(0);
                return this;
            }

            public BitWriter Byte(byte b) => Bits(b, 8);

            public byte[] ToArray()
            {
                var copy = new MemoryStream();
                _bytes.WriteTo(copy);
                if (_count > 0) copy.WriteByte((byte)_bits);
                return copy.ToArray();
            }

            private void Bit(int bit)
            {
                _bits |= bit << _count;
                if (++_count < 8) return;
                _bytes.WriteByte((byte)_bits);
                _bits = _count = 0;
            }
        }

        private static BitWriter Stored(BitWriter w, bool final, byte[] data)
        {
            w.Bits(final ? 1 : 0, 1).Bits(0, 2).Align().Bits(data.Length, 16).Bits(~data.Length & 0xFFFF, 16);
            foreach (byte b in data) w.Byte(b);
            return w;
        }

        // ---- hand-made blocks ------------------------------------------------------------------------------------

        [Fact]
        public void An_empty_stream_is_one_fixed_block_of_end_of_block()
        {
            Assert.Equal(new byte[] { 0x03, 0x00 }, new BitWriter().Bits(1, 1).Bits(1, 2).Fixed(256).ToArray());
            AssertComplete(new byte[] { 0x03, 0x00 }, 0);
            // .NET writes nothing at all for nothing written, not even the final block: that is a truncated stream.
            var nothing = Compress(Array.Empty<byte>(), CompressionLevel.Optimal);
            Assert.Equal(nothing.Length == 0 ? DeflateWalkOutcome.Truncated : DeflateWalkOutcome.Complete, Walk(nothing).Outcome);
            Assert.Equal(DeflateWalkOutcome.Truncated, Walk(Array.Empty<byte>()).Outcome);
            Assert.Equal(DeflateWalkOutcome.Truncated, Walk(new byte[] { 0x03 }).Outcome);
        }

        [Fact]
        public void A_stored_block_is_walked_by_its_length()
        {
            var data = Encoding.ASCII.GetBytes("hello, stored");
            var bytes = Stored(new BitWriter(), true, data).ToArray();
            Assert.Equal(data, Inflate(bytes));
            AssertComplete(bytes, data.Length);
            for (int cut = 0; cut < bytes.Length; cut++)
                Assert.Equal(DeflateWalkOutcome.Truncated, Walk(bytes.AsSpan(0, cut).ToArray()).Outcome);

            var bad = (byte[])bytes.Clone();
            bad[3] ^= 1; // the length's complement
            Assert.Null(Inflate(bad));
            var walk = Walk(bad);
            Assert.Equal(DeflateWalkOutcome.Invalid, walk.Outcome);
            Assert.Contains("complement", walk.Error);
        }

        [Fact]
        public void A_fixed_block_with_a_copy_is_walked_to_its_inflated_length()
        {
            // "abc" then a copy of 6 bytes from 3 back (length symbol 260 = 6; distance symbol 2 = 3): "abcabcabc".
            var w = new BitWriter().Bits(1, 1).Bits(1, 2).Fixed('a').Fixed('b').Fixed('c').Fixed(260).Code(2, 5).Fixed(256);
            var bytes = w.ToArray();
            Assert.Equal(Encoding.ASCII.GetBytes("abcabcabc"), Inflate(bytes));
            AssertComplete(bytes, 9);

            // A copy from before the first byte: there is no preset dictionary.
            var tooFar = new BitWriter().Bits(1, 1).Bits(1, 2).Fixed('a').Fixed(257).Code(1, 5).Fixed(256).ToArray();
            Assert.Null(Inflate(tooFar));
            Assert.Equal(DeflateWalkOutcome.Invalid, Walk(tooFar).Outcome);

            // Length symbol 286 and distance symbol 30 have fixed codes but no meaning.
            Assert.Equal(DeflateWalkOutcome.Invalid, Walk(new BitWriter().Bits(1, 1).Bits(1, 2).Fixed(286).Fixed(256).ToArray()).Outcome);
            Assert.Equal(DeflateWalkOutcome.Invalid, Walk(new BitWriter().Bits(1, 1).Bits(1, 2).Fixed('a').Fixed(257).Code(30, 5).Fixed(256).ToArray()).Outcome);
        }

        [Fact]
        public void A_dynamic_block_is_walked()
        {
            var text = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Range(0, 400).Select(i => $"element {i * 7919 % 1000} of the dataset; ")));
            var bytes = Compress(text, CompressionLevel.Optimal);
            Assert.Equal(2, (bytes[0] >> 1) & 3); // BTYPE of the first block: dynamic Huffman
            AssertComplete(bytes, text.Length);
        }

        [Fact]
        public void Blocks_after_non_final_blocks_are_walked_and_only_the_final_one_ends_the_stream()
        {
            var w = Stored(new BitWriter(), false, new byte[] { 1, 2, 3 });
            w.Bits(0, 1).Bits(1, 2).Fixed('x').Fixed(256); // a fixed block, not final
            Stored(w, false, Array.Empty<byte>());
            Stored(w, true, new byte[] { 4 });
            var bytes = w.ToArray();
            Assert.Equal(new byte[] { 1, 2, 3, (byte)'x', 4 }, Inflate(bytes));
            AssertComplete(bytes, 5);

            // Without its final block the stream is truncated, though every block in it is whole.
            var withoutFinal = bytes.AsSpan(0, bytes.Length - 6).ToArray();
            Assert.Equal(DeflateWalkOutcome.Truncated, Walk(withoutFinal).Outcome);

            // .NET's flushes write empty stored blocks between the dynamic ones.
            var ms = new MemoryStream();
            var data = new byte[200_000];
            new Random(5).NextBytes(data.AsSpan(0, 50_000));
            using (var d = new DeflateStream(ms, CompressionLevel.Optimal, leaveOpen: true))
            {
                for (int at = 0; at < data.Length; at += 30_000)
                {
                    d.Write(data, at, Math.Min(30_000, data.Length - at));
                    d.Flush();
                }
            }
            AssertComplete(ms.ToArray(), data.Length);
        }

        [Fact]
        public void Bytes_after_the_final_block_are_not_the_streams()
        {
            var bytes = Compress(Encoding.ASCII.GetBytes("some data some data some data"), CompressionLevel.Optimal);
            var trailing = new byte[bytes.Length + 7];
            bytes.CopyTo(trailing, 0);
            trailing.AsSpan(bytes.Length).Fill(0xAB);
            AssertComplete(trailing, 29, bytes.Length);
            // The walker reads no more than it is given.
            Assert.Equal(DeflateWalkOutcome.Truncated, DeflateWalker.Walk(new MemoryStream(trailing), bytes.Length - 1).Outcome);
        }

        [Fact]
        public void Reserved_block_types_and_broken_dynamic_headers_are_invalid()
        {
            Assert.Equal(DeflateWalkOutcome.Invalid, Walk(new byte[] { 0x07, 0, 0, 0 }).Outcome);
            // A dynamic block with 287 literal/length codes (HLIT 30): more than deflate has.
            var tooMany = new BitWriter().Bits(1, 1).Bits(2, 2).Bits(30, 5).Bits(0, 5).Bits(0, 4).Bits(0, 32).ToArray();
            Assert.Null(Inflate(tooMany));
            Assert.Equal(DeflateWalkOutcome.Invalid, Walk(tooMany).Outcome);
            // A code length code that repeats a length before any (symbol 16 first): lengths 1 for 16 and 0 only.
            var w = new BitWriter().Bits(1, 1).Bits(2, 2).Bits(0, 5).Bits(0, 5).Bits(0, 4);
            w.Bits(1, 3).Bits(0, 3).Bits(0, 3).Bits(1, 3); // order 16, 17, 18, 0
            w.Code(1, 1).Bits(0, 2).Bits(0, 32); // 16 (code 1) first
            var repeatFirst = w.ToArray();
            Assert.Null(Inflate(repeatFirst));
            Assert.Equal(DeflateWalkOutcome.Invalid, Walk(repeatFirst).Outcome);
        }

        // ---- against System.IO.Compression ----------------------------------------------------------------------

        /// <summary>Data of a kind: random, runs, text, a short repeated pattern, or a mix, as images and headers are.</summary>
        private static byte[] Data(Random rnd, int kind, int length)
        {
            var data = new byte[length];
            switch (kind)
            {
                case 0:
                    rnd.NextBytes(data);
                    break;
                case 1:
                    for (int i = 0; i < length;)
                    {
                        byte b = (byte)rnd.Next(256);
                        for (int run = rnd.Next(1, 2000); run > 0 && i < length; run--) data[i++] = b;
                    }
                    break;
                case 2:
                    var words = new[] { "PATIENT", "^", "DOE", "JANE", " ", "1.2.840.10008", ".", "\0", "CT", "ORIGINAL\\PRIMARY" };
                    for (int i = 0; i < length; i++)
                    {
                        foreach (char c in words[rnd.Next(words.Length)])
                        {
                            if (i >= length) break;
                            data[i++] = (byte)c;
                        }
                    }
                    break;
                case 3:
                    int period = rnd.Next(1, 300);
                    for (int i = 0; i < length; i++) data[i] = (byte)((i % period) * 31 + (i / 5000));
                    break;
                default:
                    for (int i = 0; i < length; i++) data[i] = rnd.Next(8) == 0 ? (byte)rnd.Next(256) : (byte)(i / 97);
                    break;
            }
            return data;
        }

        private static readonly CompressionLevel[] Levels = { CompressionLevel.NoCompression, CompressionLevel.Fastest, CompressionLevel.Optimal, CompressionLevel.SmallestSize };

        [Fact]
        public void What_dotnet_compresses_walks_complete_to_its_last_byte_and_its_inflated_length()
        {
            var rnd = new Random(1951);
            for (int i = 0; i < 200; i++)
            {
                int length = i % 10 == 0 ? rnd.Next(100_000, 400_000) : rnd.Next(0, 20_000);
                var data = Data(rnd, i % 5, length);
                var level = Levels[rnd.Next(Levels.Length)];
                var bytes = Compress(data, level);
                var walk = Walk(bytes);
                Assert.True(walk.Outcome == DeflateWalkOutcome.Complete, $"case {i}: kind {i % 5}, {length} bytes at {level}: {walk.Outcome} {walk.Error}");
                Assert.Equal(bytes.Length, walk.CompressedLength);
                Assert.Equal(data.Length, walk.InflatedLength);
            }
        }

        [Fact]
        public void Every_cut_of_a_stream_walks_truncated()
        {
            var rnd = new Random(1950);
            for (int i = 0; i < 10; i++)
            {
                var bytes = Compress(Data(rnd, i % 5, rnd.Next(1000, 30_000)), Levels[i % Levels.Length]);
                if (bytes.Length > 3000) bytes = Compress(Data(rnd, 2, 4000), CompressionLevel.Optimal);
                for (int cut = 0; cut < bytes.Length; cut++)
                {
                    var walk = DeflateWalker.Walk(new MemoryStream(bytes), cut);
                    Assert.True(walk.Outcome == DeflateWalkOutcome.Truncated, $"case {i}, cut at {cut} of {bytes.Length}: {walk.Outcome}");
                    Assert.Equal(cut, walk.CompressedLength);
                }
            }
        }

        [Fact]
        public void A_damaged_stream_the_walker_calls_complete_is_one_dotnet_inflates_and_one_dotnet_refuses_is_not()
        {
            var rnd = new Random(1952);
            int refused = 0, complete = 0;
            for (int i = 0; i < 3000; i++)
            {
                var bytes = Compress(Data(rnd, i % 5, rnd.Next(0, 5000)), Levels[rnd.Next(Levels.Length)]);
                for (int flips = rnd.Next(1, 4); flips > 0; flips--) bytes[rnd.Next(bytes.Length)] ^= (byte)(1 << rnd.Next(8));
                var walk = Walk(bytes);
                var inflated = Inflate(bytes);
                if (walk.Outcome == DeflateWalkOutcome.Complete)
                {
                    complete++;
                    Assert.True(inflated != null, $"case {i}: complete for the walker, refused by .NET");
                    Assert.Equal(walk.InflatedLength, inflated!.Length);
                }
                if (inflated == null)
                {
                    refused++;
                    Assert.True(walk.Outcome == DeflateWalkOutcome.Invalid, $"case {i}: refused by .NET, {walk.Outcome} for the walker");
                }
            }
            // Both kinds were met, or the test says nothing.
            Assert.InRange(refused, 100, 3000);
            Assert.InRange(complete, 100, 3000);
        }
    }
}
