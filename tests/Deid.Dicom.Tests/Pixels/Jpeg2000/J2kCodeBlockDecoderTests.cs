using System;
using System.Collections.Generic;
using System.Diagnostics;
using Xunit;

namespace Deid.Dicom.Tests.Pixels.Jpeg2000
{
    /// <summary>
    /// J2kCodeBlockDecoder: what the test tier-1 encoder codes, in every code-block style, orientation and shape, decodes
    /// to openjpeg's fixed-point values (exactly the coefficients, once halved, with every pass; their top bit-planes with
    /// fewer); bad arguments and garbage data end in DicomFormatException or in some values, never in anything else.
    /// </summary>
    public sealed class J2kCodeBlockDecoderTests
    {
        private const int B = J2kCodeBlockDecoder.Bypass;
        private const int R = J2kCodeBlockDecoder.ResetContexts;
        private const int T = J2kCodeBlockDecoder.TerminateAll;
        private const int V = J2kCodeBlockDecoder.VerticallyCausal;
        private const int P = J2kCodeBlockDecoder.PredictableTermination;
        private const int S = J2kCodeBlockDecoder.SegmentationSymbols;

        public static readonly TheoryData<int> Styles = new TheoryData<int> { 0, B, R, T, B | T, V, S, P, B | R, B | V | S, B | R | T | V | P | S };

        private static readonly (int Width, int Height)[] Shapes = { (4, 4), (32, 32), (64, 64), (7, 13), (1, 1), (64, 16), (16, 64), (5, 3), (1024, 4), (3, 9) };

        /// <summary>Random coefficients below 2^planes, many of them small or zero as in real subbands.</summary>
        private static int[] RandomBlock(Random random, int width, int height, int planes)
        {
            var block = new int[width * height];
            int kind = random.Next(3);
            for (int i = 0; i < block.Length; i++)
            {
                int limit = 1 << planes;
                int m = kind switch
                {
                    0 => random.Next(limit),
                    1 => random.Next(4) == 0 ? random.Next(limit) : 0,
                    _ => (int)(random.Next(limit) * Math.Pow(random.NextDouble(), 4)),
                };
                block[i] = random.Next(2) == 0 ? -m : m;
            }
            // Make the top plane used, so that the block really has that many planes.
            block[random.Next(block.Length)] = (random.Next(2) == 0 ? -1 : 1) * ((1 << planes) - 1 - random.Next(1 << (planes - 1)));
            return block;
        }

        private static (byte[] Data, int[] Lengths, int[] Passes) Concatenate(List<(byte[] Bytes, int Passes)> segments, int passes)
        {
            // Keeps the segments that hold the first `passes` passes; the last may be cut short (an incomplete segment).
            var data = new List<byte>();
            var lengths = new List<int>();
            var counts = new List<int>();
            int left = passes;
            foreach (var (bytes, n) in segments)
            {
                if (left == 0) break;
                data.AddRange(bytes);
                lengths.Add(bytes.Length);
                counts.Add(Math.Min(n, left));
                left -= Math.Min(n, left);
            }
            return (data.ToArray(), lengths.ToArray(), counts.ToArray());
        }

        private static int[] Decode(List<(byte[] Bytes, int Passes)> segments, int passes, int width, int height, int orientation,
            int style, int numBitPlanes, int roiShift = 0)
        {
            var (data, lengths, counts) = Concatenate(segments, passes);
            var output = new int[width * height];
            output.AsSpan().Fill(12345);
            J2kCodeBlockDecoder.Decode(data, lengths, counts, width, height, orientation, style, numBitPlanes, roiShift, output);
            return output;
        }

        [Theory]
        [MemberData(nameof(Styles))]
        public void Every_pass_decodes_to_twice_the_coefficients_plus_one(int style)
        {
            var random = new Random(1000 + style);
            foreach (var (width, height) in Shapes)
            {
                for (int orientation = 0; orientation < 4; orientation++)
                {
                    int planes = 1 + random.Next(12);
                    var block = RandomBlock(random, width, height, planes);
                    var segments = T1TestEncoder.Encode(block, width, height, orientation, style, planes);
                    var output = Decode(segments, T1TestEncoder.PassCount(planes), width, height, orientation, style, planes);
                    for (int i = 0; i < block.Length; i++)
                    {
                        // openjpeg's convention: 2c + sign(c) (the half-step of the last plane), 0 for zero.
                        int expected = block[i] == 0 ? 0 : 2 * block[i] + Math.Sign(block[i]);
                        if (output[i] != expected)
                            Assert.Fail($"{width}x{height} orientation {orientation} planes {planes} style {style}: sample {i} is {output[i]}, expected {expected}");
                        Assert.Equal(block[i], output[i] / 2);
                    }
                }
            }
        }

        [Fact]
        public void Every_plane_count_from_1_to_12_round_trips()
        {
            var random = new Random(42);
            foreach (int style in new[] { 0, B, B | T | R })
            {
                for (int planes = 1; planes <= 12; planes++)
                {
                    int orientation = planes % 4;
                    var block = RandomBlock(random, 32, 32, planes);
                    var segments = T1TestEncoder.Encode(block, 32, 32, orientation, style, planes);
                    var output = Decode(segments, T1TestEncoder.PassCount(planes), 32, 32, orientation, style, planes);
                    for (int i = 0; i < block.Length; i++) Assert.Equal(block[i], output[i] / 2);
                }
            }
        }

        [Theory]
        [MemberData(nameof(Styles))]
        public void Fewer_passes_give_the_top_planes(int style)
        {
            var random = new Random(2000 + style);
            foreach (var (width, height) in new[] { (32, 32), (7, 13), (64, 16) })
            {
                int planes = 2 + random.Next(10);
                int orientation = random.Next(4);
                var block = RandomBlock(random, width, height, planes);
                var segments = T1TestEncoder.Encode(block, width, height, orientation, style, planes);
                for (int passes = 0; passes <= T1TestEncoder.PassCount(planes); passes++)
                {
                    var output = Decode(segments, passes, width, height, orientation, style, planes);
                    // The planes whose cleanup pass was decoded are complete; a later significance or refinement pass adds
                    // to the next plane without changing them.
                    int complete = (passes + 2) / 3;
                    int low = planes - complete; // the lowest complete plane
                    for (int i = 0; i < block.Length; i++)
                    {
                        int magnitude = Math.Abs(block[i]);
                        int top = magnitude >> low << low;
                        if (passes % 3 == 1 || passes == 0)
                        {
                            // Right after a cleanup pass: exactly the midpoint of the interval the decoded bits leave.
                            int expected = passes == 0 || top == 0 ? 0 : Math.Sign(block[i]) * (2 * top + (1 << low));
                            Assert.Equal(expected, output[i]);
                        }
                        else
                        {
                            Assert.Equal(top >> low, Math.Abs(output[i]) / 2 >> low);
                            if (output[i] != 0) Assert.Equal(Math.Sign(block[i]), Math.Sign(output[i]));
                        }
                    }
                }
            }
        }

        [Fact]
        public void An_roi_shift_adds_planes_above_the_block()
        {
            var random = new Random(9);
            foreach (int style in new[] { 0, B, T })
            {
                int planes = 5, roi = 4;
                var block = RandomBlock(random, 16, 16, planes + roi);
                var segments = T1TestEncoder.Encode(block, 16, 16, 2, style, planes + roi);
                var output = Decode(segments, T1TestEncoder.PassCount(planes + roi), 16, 16, 2, style, planes, roi);
                for (int i = 0; i < block.Length; i++) Assert.Equal(block[i], output[i] / 2);
            }
        }

        [Theory]
        [MemberData(nameof(Styles))]
        public void A_block_of_zeros_decodes_to_zeros(int style)
        {
            var block = new int[32 * 16];
            for (int planes = 1; planes <= 6; planes++)
            {
                var segments = T1TestEncoder.Encode(block, 32, 16, 3, style, planes);
                var output = Decode(segments, T1TestEncoder.PassCount(planes), 32, 16, 3, style, planes);
                Assert.All(output, v => Assert.Equal(0, v));
            }
            // No passes at all (a block no packet included), and a cleanup pass on no bytes: zeros, not an error.
            var none = new int[16];
            none.AsSpan().Fill(7);
            J2kCodeBlockDecoder.Decode(default, default, default, 4, 4, 0, style, 5, 0, none);
            Assert.All(none, v => Assert.Equal(0, v));
        }

        [Fact]
        public void The_orientation_changes_the_zero_coding_contexts()
        {
            // Decoding with the wrong subband must go wrong somewhere, or the orientation tables are not being used.
            var random = new Random(77);
            var block = RandomBlock(random, 32, 32, 8);
            for (int orientation = 0; orientation < 4; orientation++)
            {
                var segments = T1TestEncoder.Encode(block, 32, 32, orientation, 0, 8);
                for (int other = 0; other < 4; other++)
                {
                    var output = Decode(segments, T1TestEncoder.PassCount(8), 32, 32, other, 0, 8);
                    bool same = true;
                    for (int i = 0; i < block.Length; i++) same &= output[i] / 2 == block[i];
                    // LL and LH share Table D.1's first column.
                    bool shared = orientation == other || (orientation % 2 == 0 && other % 2 == 0);
                    Assert.Equal(shared, same);
                }
            }
        }

        [Fact]
        public void Bad_arguments_and_impossible_segments_are_format_errors()
        {
            var output = new int[64 * 64];
            var data = new byte[10];
            void Fails(Action action) => Assert.Throws<DicomFormatException>(action);
            Fails(() => J2kCodeBlockDecoder.Decode(data, new[] { 11 }, new[] { 1 }, 8, 8, 0, 0, 4, 0, output));
            Fails(() => J2kCodeBlockDecoder.Decode(data, new[] { 5, 6 }, new[] { 1, 1 }, 8, 8, 0, 0, 4, 0, output));
            Fails(() => J2kCodeBlockDecoder.Decode(data, new[] { 10 }, new[] { 11 }, 8, 8, 0, 0, 4, 0, output)); // 3*4-2 = 10
            Fails(() => J2kCodeBlockDecoder.Decode(data, new[] { 10 }, new[] { 1 }, 8, 8, 0, 0, 0, 0, output));
            Fails(() => J2kCodeBlockDecoder.Decode(data, new[] { 10 }, new[] { 1, 1 }, 8, 8, 0, 0, 4, 0, output));
            Fails(() => J2kCodeBlockDecoder.Decode(data, new[] { -1 }, new[] { 1 }, 8, 8, 0, 0, 4, 0, output));
            Fails(() => J2kCodeBlockDecoder.Decode(data, new[] { 10 }, new[] { -1 }, 8, 8, 0, 0, 4, 0, output));
            Fails(() => J2kCodeBlockDecoder.Decode(data, new[] { 10 }, new[] { 1 }, 0, 8, 0, 0, 4, 0, output));
            Fails(() => J2kCodeBlockDecoder.Decode(data, new[] { 10 }, new[] { 1 }, 2048, 2, 0, 0, 4, 0, output));
            Fails(() => J2kCodeBlockDecoder.Decode(data, new[] { 10 }, new[] { 1 }, 128, 64, 0, 0, 4, 0, output));
            Fails(() => J2kCodeBlockDecoder.Decode(data, new[] { 10 }, new[] { 1 }, 8, 8, 4, 0, 4, 0, output));
            Fails(() => J2kCodeBlockDecoder.Decode(data, new[] { 10 }, new[] { 1 }, 8, 8, 0, 0, 20, 11, output));
            Fails(() => J2kCodeBlockDecoder.Decode(data, new[] { 10 }, new[] { 1 }, 8, 8, 0, 0, -1, 0, output));
            Fails(() => J2kCodeBlockDecoder.Decode(data, new[] { 10 }, new[] { 1 }, 8, 8, 0, 0, 4, 0, new int[63]));
            // Bypass: pass 11 (raw) and pass 13 (arithmetic) cannot share a segment.
            Fails(() => J2kCodeBlockDecoder.Decode(data, new[] { 5, 5 }, new[] { 10, 3 }, 8, 8, 0, B, 6, 0, output));
            var e = Assert.Throws<DicomFormatException>(() => J2kCodeBlockDecoder.Decode(data, new[] { 10 }, new[] { 11 }, 8, 8, 0, 0, 4, 0, output));
            Assert.Contains("coding passes", e.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void Garbage_data_decodes_to_something_and_ends()
        {
            var random = new Random(123);
            var watch = Stopwatch.StartNew();
            for (int trial = 0; trial < 300; trial++)
            {
                int width = 1 << random.Next(0, 7), height = Math.Min(4096 / width, 1 << random.Next(0, 7));
                int planes = random.Next(1, 16);
                int style = random.Next(64);
                int passes = random.Next(0, T1TestEncoder.PassCount(planes) + 1);
                var counts = T1TestEncoder.SegmentPasses(style, passes);
                var data = new byte[random.Next(0, 600)];
                random.NextBytes(data);
                if (random.Next(3) == 0)
                {
                    for (int i = 0; i < data.Length; i++) data[i] |= (byte)(random.Next(2) == 0 ? 0xFF : 0); // many 0xFF
                }
                var lengths = new int[counts.Count];
                int left = data.Length;
                for (int s = 0; s < lengths.Length; s++)
                {
                    lengths[s] = random.Next(0, left + 1);
                    left -= lengths[s];
                }
                var output = new int[width * height];
                J2kCodeBlockDecoder.Decode(data, lengths, counts.ToArray(), width, height, random.Next(4), style, planes, 0, output);
                int limit = 2 << planes;
                Assert.All(output, v => Assert.InRange(v, -limit, limit));
            }
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20), $"took {watch.Elapsed}");
        }

        [Fact]
        public void A_large_block_decodes_without_running_out_of_stack()
        {
            // The flags are on the stack: the widest block (1024 x 4) is the largest border array.
            var random = new Random(5);
            var block = RandomBlock(random, 1024, 4, 12);
            var segments = T1TestEncoder.Encode(block, 1024, 4, 3, 0, 12);
            var output = Decode(segments, T1TestEncoder.PassCount(12), 1024, 4, 3, 0, 12);
            for (int i = 0; i < block.Length; i++) Assert.Equal(block[i], output[i] / 2);
        }
    }
}
