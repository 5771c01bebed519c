using System;
using System.Collections.Generic;
using Xunit;

namespace Deid.Dicom.Tests.Pixels.Jpeg2000
{
    /// <summary>
    /// J2kMqDecoder: what the T.800 C.2 encoder writes, in any mix of contexts and with any skew of probabilities, decodes
    /// to the same decisions; the raw reader undoes bit stuffing; reading past a segment's end feeds 1-bits and never fails.
    /// </summary>
    public sealed class J2kMqDecoderTests
    {
        private static int[] DecodeAll(byte[] segment, int[] contexts, Action<Span<byte>>? setup = null)
        {
            Span<byte> states = stackalloc byte[J2kMqDecoder.ContextCount];
            var mq = new J2kMqDecoder(states);
            mq.ResetContexts();
            setup?.Invoke(states);
            mq.Start(segment);
            var decoded = new int[contexts.Length];
            for (int i = 0; i < contexts.Length; i++) decoded[i] = mq.Decode(contexts[i]);
            return decoded;
        }

        [Theory]
        [InlineData(1, 0.5)]
        [InlineData(2, 0.1)]
        [InlineData(3, 0.02)]
        [InlineData(4, 0.9)]
        [InlineData(5, 0.3)]
        [InlineData(6, 0.999)]
        public void Random_decisions_over_random_contexts_round_trip(int seed, double pOne)
        {
            var random = new Random(seed);
            int count = 2000 + random.Next(20000);
            var contexts = new int[count];
            var decisions = new int[count];
            // Each context gets its own skew, so that states climb the table and switch their MPS.
            var skew = new double[J2kMqDecoder.ContextCount];
            for (int c = 0; c < skew.Length; c++) skew[c] = random.NextDouble() < 0.5 ? pOne : random.NextDouble();
            var encoder = new MqTestEncoder();
            encoder.ResetContexts();
            encoder.Start();
            for (int i = 0; i < count; i++)
            {
                contexts[i] = random.Next(J2kMqDecoder.ContextCount);
                decisions[i] = random.NextDouble() < skew[contexts[i]] ? 1 : 0;
                encoder.Encode(decisions[i], contexts[i]);
            }
            var bytes = encoder.Flush();
            Assert.Equal(decisions, DecodeAll(bytes, contexts));
        }

        [Fact]
        public void Long_runs_of_one_symbol_and_carries_round_trip()
        {
            // All-MPS runs drive C towards the carry and out 0xFF bytes (bit stuffing on both sides).
            var random = new Random(11);
            for (int trial = 0; trial < 200; trial++)
            {
                int count = random.Next(1, 3000);
                var contexts = new int[count];
                var decisions = new int[count];
                int symbol = random.Next(2);
                var encoder = new MqTestEncoder();
                encoder.ResetContexts();
                encoder.Start();
                for (int i = 0; i < count; i++)
                {
                    if (random.Next(200) == 0) symbol ^= 1;
                    contexts[i] = random.Next(3) == 0 ? 18 : 17;
                    decisions[i] = symbol;
                    encoder.Encode(symbol, contexts[i]);
                }
                var bytes = encoder.Flush();
                Assert.Equal(decisions, DecodeAll(bytes, contexts));
            }
        }

        [Fact]
        public void Several_segments_keep_the_context_states()
        {
            var random = new Random(7);
            var encoder = new MqTestEncoder();
            encoder.ResetContexts();
            var segments = new List<(byte[] Bytes, int[] Contexts, int[] Decisions)>();
            for (int s = 0; s < 20; s++)
            {
                encoder.Start();
                int count = random.Next(0, 500);
                var contexts = new int[count];
                var decisions = new int[count];
                for (int i = 0; i < count; i++)
                {
                    contexts[i] = random.Next(4);
                    decisions[i] = random.Next(10) == 0 ? 1 : 0;
                    encoder.Encode(decisions[i], contexts[i]);
                }
                segments.Add((encoder.Flush(), contexts, decisions));
            }
            Span<byte> states = stackalloc byte[J2kMqDecoder.ContextCount];
            var mq = new J2kMqDecoder(states);
            mq.ResetContexts();
            foreach (var (bytes, contexts, decisions) in segments)
            {
                mq.Start(bytes);
                for (int i = 0; i < contexts.Length; i++) Assert.Equal(decisions[i], mq.Decode(contexts[i]));
            }
        }

        [Fact]
        public void The_T88_test_sequence_decodes()
        {
            // ITU-T T.88 (JBIG2) Annex H.2: the same MQ coder, one context starting at state 0 with MPS 0.
            byte[] data =
            {
                0x00, 0x02, 0x00, 0x51, 0x00, 0x00, 0x00, 0xC0, 0x03, 0x52, 0x87, 0x2A, 0xAA, 0xAA, 0xAA, 0xAA,
                0x82, 0xC0, 0x20, 0x00, 0xFC, 0xD7, 0x9E, 0xF6, 0xBF, 0x7F, 0xED, 0x90, 0x4F, 0x46, 0xA3, 0xBF,
            };
            byte[] coded =
            {
                0x84, 0xC7, 0x3B, 0xFC, 0xE1, 0xA1, 0x43, 0x04, 0x02, 0x20, 0x00, 0x00, 0x41, 0x0D, 0xBB, 0x86,
                0xF4, 0x31, 0x7F, 0xFF, 0x88, 0xFF, 0x37, 0x47, 0x1A, 0xDB, 0x6A, 0xDF, 0xFF, 0xAC,
            };
            var contexts = new int[data.Length * 8];
            var expected = new int[contexts.Length];
            for (int i = 0; i < expected.Length; i++) expected[i] = (data[i >> 3] >> (7 - (i & 7))) & 1;
            Assert.Equal(expected, DecodeAll(coded, contexts, s => s[0] = J2kMqDecoder.State(0, 0)));

            // The test encoder agrees byte for byte (T.88 ends the stream with the marker 0xFFAC, which FLUSH does not write).
            var encoder = new MqTestEncoder();
            encoder.ResetContexts();
            encoder.SetContext(0, 0, 0);
            encoder.Start();
            foreach (int d in expected) encoder.Encode(d, 0);
            var bytes = encoder.Flush();
            Assert.Equal(coded.AsSpan(0, coded.Length - 2).ToArray(), bytes);
        }

        [Fact]
        public void Past_the_end_and_on_a_marker_it_reads_ones_and_stops_moving()
        {
            // An empty segment: C is all ones, so every decision is the LPS sub-interval's upper end; it must not fail.
            DecodeAll(Array.Empty<byte>(), new int[10000]);
            // 0xFF 0x90 is a marker: the decoder must not take 0x90 as data; equal to an empty tail of 0xFF bytes.
            var contexts = new int[2000];
            var random = new Random(3);
            for (int i = 0; i < contexts.Length; i++) contexts[i] = random.Next(19);
            Assert.Equal(DecodeAll(new byte[] { 0x12, 0x34 }, contexts), DecodeAll(new byte[] { 0x12, 0x34, 0xFF, 0x90, 0x55 }, contexts));
            Assert.Equal(DecodeAll(new byte[] { 0x12, 0x34 }, contexts), DecodeAll(new byte[] { 0x12, 0x34, 0xFF, 0xFF }, contexts));
        }

        [Fact]
        public void Raw_bits_undo_the_stuffing_and_read_ones_past_the_end()
        {
            var random = new Random(5);
            Span<byte> states = stackalloc byte[J2kMqDecoder.ContextCount];
            for (int trial = 0; trial < 100; trial++)
            {
                int count = random.Next(0, 2000);
                var bits = new int[count];
                var writer = new RawTestWriter();
                for (int i = 0; i < count; i++)
                {
                    // Mostly ones, to make 0xFF bytes (and so stuffed bits) frequent.
                    bits[i] = random.Next(8) == 0 ? 0 : 1;
                    writer.Write(bits[i]);
                }
                var bytes = writer.Flush();
                var mq = new J2kMqDecoder(states);
                mq.StartRaw(bytes);
                for (int i = 0; i < count; i++) Assert.Equal(bits[i], mq.DecodeRaw());
            }

            // After 0xFF the next byte gives 7 bits; at the end (or at a marker) every bit is 1.
            var raw = new J2kMqDecoder(states);
            raw.StartRaw(new byte[] { 0xFF, 0x2A, 0x00, 0xFF, 0x91 });
            var read = new int[8 + 7 + 8 + 8 + 20];
            for (int i = 0; i < read.Length; i++) read[i] = raw.DecodeRaw();
            var expected = new List<int>();
            for (int i = 7; i >= 0; i--) expected.Add(1);
            for (int i = 6; i >= 0; i--) expected.Add((0x2A >> i) & 1);
            for (int i = 7; i >= 0; i--) expected.Add(0);
            for (int i = 0; i < 28; i++) expected.Add(1);
            Assert.Equal(expected.ToArray(), read);
        }

        [Fact]
        public void Reset_gives_the_initial_states_of_table_D7()
        {
            Span<byte> states = stackalloc byte[J2kMqDecoder.ContextCount];
            states.Fill(0x55);
            var mq = new J2kMqDecoder(states);
            mq.ResetContexts();
            for (int i = 0; i < J2kMqDecoder.ContextCount; i++)
            {
                int expected = i switch { 0 => 4, 17 => 3, 18 => 46, _ => 0 };
                Assert.Equal(J2kMqDecoder.State(expected, 0), states[i]);
            }
        }
    }
}
