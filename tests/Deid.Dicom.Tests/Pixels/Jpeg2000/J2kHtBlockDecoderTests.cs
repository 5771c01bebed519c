using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using Deid.Dicom.Tests.Referee;
using Xunit;

namespace Deid.Dicom.Tests.Pixels.Jpeg2000
{
    /// <summary>
    /// J2kHtBlockDecoder, the HTJ2K cleanup pass: its argument and Scup checks, the MEL, VLC and MagSgn readers and the
    /// U-VLC against hand-worked codes and test encoders, the CxtVLC tables, whole code-blocks written by OpenJPH's
    /// ojph_compress (a 0-level reversible transform makes the one code-block's coefficients the samples less the DC level
    /// shift), and hostile segments that must fail with DicomFormatException or decode, never anything else.
    /// </summary>
    public sealed class J2kHtBlockDecoderTests : IDisposable
    {
        // A 16x16 8-bit image (flat rows, a ramp, noise with spikes) and its one code-block's cleanup segment as
        // ojph_compress 0.9 wrote it (-reversible true -num_decomps 0 -block_size {64,64}; Kmax 8, 7 missing MSBs).
        private const string SampleSegmentHex =
            "ef4dd331f6eede88db16a914406b998b2242df9ba6317abf8bd8ad225501ace55c088410e1e382c210d55b8837143c1f" +
            "7818f6974160f0ca28068837325be837610000f308c46062141887426321a087d623a22220c0b40742318a0e0a828148" +
            "8e80d6ca110296cd41a1b1681c0c40b1078543e3b0401826df8200218883c2f0fec000f8508e0a502c10a5f010048261" +
            "1e01cd70520214a01665cce04133d627731af44b82273e797376c8cf980003367203";

        private const string SampleImageHex =
            "808080808080808080808080808080808080808080808080808080808080" +
            "808080808080808080808080808080808080808080808080808080808080" +
            "80808080686b6e7174777a7d808386898c8f9295686b6e7174777a7d8083" +
            "86898c8f9295686b6e7174777a7d808386898c8f9295686b6e7174777a7d" +
            "808386898c8f929580830e867f797d3983877f84347f787e858f7d847d7a" +
            "47867c7c78027e7e7d7d94827e7e7d6484817883d47d7c807aa98178827a" +
            "9e838187825e87877d798378838478d683847886177d7e7b7fec83838086" +
            "37838179852e7e82837cae807a81829c7d7a7c81f77d797a84107f838086" +
            "d77c797987ab7e7c7c85367d85837c1e";

        private static readonly byte[] MelExponents = { 0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 4, 5 };

        private readonly string _dir = Path.Combine(Path.GetTempPath(), "deid-htj2k-" + Guid.NewGuid().ToString("N").Substring(0, 12));

        public J2kHtBlockDecoderTests() => Directory.CreateDirectory(_dir);

        public void Dispose() => Directory.Delete(_dir, recursive: true);

        // ---- arguments and Scup ----

        [Theory]
        [InlineData(0, 4)]
        [InlineData(4, 0)]
        [InlineData(-1, 4)]
        [InlineData(1025, 1)]
        [InlineData(1, 1025)]
        [InlineData(65, 64)]
        [InlineData(128, 64)]
        public void A_block_size_out_of_range_is_refused(int width, int height)
        {
            var data = EmptySegment();
            Assert.Throws<DicomFormatException>(() => J2kHtBlockDecoder.DecodeCleanup(data, width, height, 1, new int[70000]));
        }

        [Theory]
        [InlineData(0)]
        [InlineData(-1)]
        [InlineData(31)]
        [InlineData(int.MaxValue)]
        public void Bit_planes_out_of_range_are_refused(int numBitPlanes)
        {
            var data = EmptySegment();
            Assert.Throws<DicomFormatException>(() => J2kHtBlockDecoder.DecodeCleanup(data, 4, 4, numBitPlanes, new int[16]));
        }

        [Fact]
        public void An_output_smaller_than_the_block_is_refused()
        {
            var data = EmptySegment();
            Assert.Throws<DicomFormatException>(() => J2kHtBlockDecoder.DecodeCleanup(data, 4, 4, 1, new int[15]));
        }

        public static IEnumerable<object[]> BadSuffixes()
        {
            yield return new object[] { Array.Empty<byte>() };
            yield return new object[] { new byte[] { 0x00 } };
            yield return new object[] { new byte[] { 0xF0, 0x00 } };             // Scup 0
            yield return new object[] { new byte[] { 0xF1, 0x00 } };             // Scup 1
            yield return new object[] { new byte[] { 0xF3, 0x00 } };             // Scup 3 > Lcup 2
            yield return new object[] { new byte[] { 0x00, 0x00, 0x0F, 0x10 } }; // Scup 271 > Lcup 4
            var large = new byte[5000];
            large[4998] = 0x0F;
            large[4999] = 0xFF;                                                    // Scup 4095 > 4079
            yield return new object[] { large };
            var justOver = new byte[5000];
            justOver[4998] = 0x00;
            justOver[4999] = 0xFF;                                                 // Scup 4080
            yield return new object[] { justOver };
        }

        [Theory]
        [MemberData(nameof(BadSuffixes))]
        public void A_bad_Lcup_or_Scup_is_refused(byte[] data)
        {
            Assert.Throws<DicomFormatException>(() => J2kHtBlockDecoder.DecodeCleanup(data, 4, 4, 1, new int[16]));
        }

        [Fact]
        public void The_largest_Scup_is_accepted()
        {
            var data = new byte[4079];
            data[4077] = 0xFF; // low nibble 15: Scup = 16 * 254 + 15 = 4079; the MEL reads ones: every quad empty
            data[4078] = 0xFE;
            for (int i = 0; i < 4077; i++) data[i] = 0xFF;
            var output = Enumerable.Repeat(99, 16).ToArray();
            J2kHtBlockDecoder.DecodeCleanup(data, 4, 4, 1, output);
            Assert.All(output, v => Assert.Equal(0, v));
        }

        [Theory]
        [InlineData(1, 1)]
        [InlineData(4, 4)]
        [InlineData(3, 5)]
        [InlineData(64, 64)]
        [InlineData(1024, 4)]
        [InlineData(1, 1024)]
        public void A_segment_whose_MEL_says_every_quad_is_empty_decodes_to_zeros(int width, int height)
        {
            // Scup = 2: the MEL is the byte before the last with its low nibble read as ones, then 0xFF fill: runs of zero
            // events, so no quad has a significant sample and no other bit is read.
            var output = Enumerable.Repeat(-5, width * height + 3).ToArray();
            J2kHtBlockDecoder.DecodeCleanup(EmptySegment(), width, height, 5, output);
            Assert.All(output.Take(width * height), v => Assert.Equal(0, v));
            Assert.All(output.Skip(width * height), v => Assert.Equal(-5, v));
        }

        // ---- the CxtVLC tables ----

        [Theory]
        [InlineData(true)]
        [InlineData(false)]
        public void Each_code_table_is_complete_and_prefix_free_in_every_context(bool initialRow)
        {
            var rows = J2kHtTables.Rows(initialRow).ToArray();
            Assert.Equal(0, rows.Length % 7);
            var hits = new int[8 * 128];
            for (int r = 0; r < rows.Length; r += 7)
            {
                int context = rows[r], rho = rows[r + 1], uOff = rows[r + 2], ek = rows[r + 3], e1 = rows[r + 4];
                int codeword = rows[r + 5], length = rows[r + 6];
                Assert.InRange(length, 1, 7);
                Assert.True(codeword < 1 << length);
                Assert.True(context < 8 && rho < 16 && uOff < 2);
                // What the decoder relies on: EMB bits only with a coded u, e_1 within e_k within rho; context 0 never codes
                // an empty quad (the MEL does).
                Assert.True(uOff == 1 || (ek == 0 && e1 == 0));
                Assert.Equal(0, e1 & ~ek);
                Assert.Equal(0, ek & ~rho);
                Assert.False(context == 0 && rho == 0);
                for (int window = 0; window < 128; window++)
                    if ((window & ((1 << length) - 1)) == codeword) hits[(context << 7) | window]++;
            }
            Assert.All(hits, h => Assert.Equal(1, h));
            var table = initialRow ? J2kHtTables.InitialRow : J2kHtTables.OtherRows;
            Assert.All(table, entry => Assert.InRange(entry & J2kHtTables.LengthMask, 1, 7));
        }

        // ---- the MEL ----

        [Fact]
        public void The_MEL_follows_the_run_length_states_by_hand()
        {
            // Bits 1 1 1 0 1 0 0: three 1s at states 0, 1, 2 (exponent 0) give one zero event each and climb to state 3
            // (exponent 1); 0 then the 1-bit run 1 gives a zero event and a one event and falls to state 2; 0 at state 2 is
            // a one event (state 1); 0 at state 1 another (state 0).
            var mel = Mel(new byte[] { 0xE8 });
            var events = new List<int>();
            var states = new List<int>();
            for (int i = 0; i < 7; i++)
            {
                events.Add(mel.Decode());
                states.Add(mel.State);
            }
            Assert.Equal(new[] { 0, 0, 0, 0, 1, 1, 1 }, events);
            Assert.Equal(new[] { 1, 2, 3, 2, 2, 1, 0 }, states);
        }

        [Fact]
        public void The_MEL_skips_the_stuffed_bit_after_0xFF()
        {
            // Eight 1s climb states 0 to 8, owing 1+1+1+2+2+2+4+4 = 17 zero events. The next byte's MSB is stuffed, so 0x40
            // reads 1 0 0 0 0 0 0: at state 8 (exponent 2) a 1 is four more zero events; then 0 with run 00 is a one event.
            var mel = Mel(new byte[] { 0xFF, 0x40 });
            for (int i = 0; i < 17; i++) Assert.Equal(0, mel.Decode());
            Assert.Equal(8, mel.State);
            for (int i = 0; i < 4; i++) Assert.Equal(0, mel.Decode());
            Assert.Equal(9, mel.State);
            Assert.Equal(1, mel.Decode());
            Assert.Equal(8, mel.State);
        }

        [Fact]
        public void The_MEL_reads_ones_past_its_end()
        {
            // No MEL bytes: the byte before the last reads 0x?F | its upper nibble, then 0xFF: only zero events, climbing to
            // state 12 and staying.
            var mel = Mel(Array.Empty<byte>(), 0xF0);
            for (int i = 0; i < 5000; i++) Assert.Equal(0, mel.Decode());
            Assert.Equal(12, mel.State);
        }

        [Theory]
        [InlineData(1, 0.5)]
        [InlineData(2, 0.05)]
        [InlineData(3, 0.95)]
        [InlineData(4, 0.001)]
        public void Random_MEL_events_round_trip(int seed, double pOne)
        {
            var random = new Random(seed);
            var events = new int[1 + random.Next(5000)];
            for (int i = 0; i < events.Length; i++) events[i] = random.NextDouble() < pOne ? 1 : 0;
            var encoder = new MelTestEncoder();
            foreach (int e in events) encoder.Encode(e);
            var mel = Mel(encoder.Finish());
            for (int i = 0; i < events.Length; i++) Assert.Equal(events[i], mel.Decode());
        }

        // ---- the VLC and MagSgn readers, the U-VLC ----

        [Theory]
        [InlineData(1)]
        [InlineData(2)]
        [InlineData(3)]
        public void Random_VLC_bits_round_trip_through_the_unstuffing(int seed)
        {
            // Runs of ones make bytes above 0x8F followed by 0x7F patterns, where the writer stuffs a 0.
            var random = new Random(seed);
            var writer = new VlcTestWriter();
            var fields = new List<(uint Value, int Count)>();
            for (int i = 0; i < 3000; i++)
            {
                int count = 1 + random.Next(12);
                uint value = random.Next(3) == 0 ? (1u << count) - 1 : (uint)random.Next(1 << count);
                fields.Add((value, count));
                writer.Write(value, count);
            }
            var data = writer.Segment(Array.Empty<byte>(), Array.Empty<byte>());
            int start = data.Length - writer.Length;
            var vlc = new J2kHtVlcReader(data, start);
            foreach (var (value, count) in fields) Assert.Equal(value, vlc.Read(count));
        }

        [Fact]
        public void The_VLC_starts_in_the_upper_nibble_and_unstuffs_it()
        {
            // Upper nibble 0111: its low three bits are ones, so its MSB is a stuffed 0 and only 111 is read; the next byte
            // down follows a byte that is not above 0x8F and gives all 8 bits.
            var vlc = new J2kHtVlcReader(new byte[] { 0xA5, 0x72, 0x00 }, 0);
            Assert.Equal(0x7u, vlc.Read(3));
            Assert.Equal(0xA5u, vlc.Read(8));
            Assert.Equal(0u, vlc.Read(20)); // past the suffix: zeros
            // Upper nibble 1011 (above 0x8F with its Scup nibble): 4 bits; then 0x7F after it holds 7 bits.
            vlc = new J2kHtVlcReader(new byte[] { 0x7F, 0xB2, 0x00 }, 0);
            Assert.Equal(0xBu, vlc.Read(4));
            Assert.Equal(0x7Fu, vlc.Read(7));
            Assert.Equal(0u, vlc.Read(8));
        }

        [Fact]
        public void MagSgn_reads_LSB_first_unstuffs_after_0xFF_and_feeds_ones_past_its_end()
        {
            var magSgn = new J2kHtMagSgnReader(new byte[] { 0xFF, 0x05, 0x81 });
            Assert.Equal(0xFFu, magSgn.Read(8));
            Assert.Equal(0x05u, magSgn.Read(7)); // the byte after 0xFF: 7 bits
            Assert.Equal(0x81u, magSgn.Read(8));
            Assert.Equal(0xFFFFFFFFu, magSgn.Read(32));
            Assert.Equal(0x7FFFFFFFu, magSgn.Read(31));
        }

        [Theory]
        // Non-initial rows (kappa added later): prefix "1" is 1, "01" 2, "001"+1 bit 3-4, "000"+5 bits 5-36.
        [InlineData(false, true, false, 0, "1", 1, 0)]
        [InlineData(false, false, true, 0, "01", 0, 2)]
        [InlineData(false, true, false, 0, "001" + "1", 4, 0)]
        [InlineData(false, true, false, 0, "000" + "10100", 10, 0)]   // suffix bits LSB first: 00101 = 5
        [InlineData(false, true, true, 0, "1" + "001" + "0", 1, 3)]   // both prefixes, then the suffixes
        [InlineData(false, true, true, 0, "000" + "01" + "11000", 8, 2)]
        // Initial row, both u coded: a MEL 1 says both exceed 2 and each is coded less 2.
        [InlineData(true, true, true, 1, "1" + "01", 3, 4)]
        [InlineData(true, true, true, 1, "001" + "000" + "1" + "00000", 6, 7)]
        // MEL 0: not both exceed 2. A first prefix above 2 leaves the second 1 or 2 in one bit, before the first's suffix.
        [InlineData(true, true, true, 0, "001" + "1" + "0", 3, 2)]
        [InlineData(true, true, true, 0, "000" + "1" + "10000", 6, 2)]
        [InlineData(true, true, true, 0, "01" + "1", 2, 1)]
        [InlineData(true, true, true, 0, "1" + "001" + "1", 1, 4)]
        // Initial row, one u coded: no MEL event.
        [InlineData(true, false, true, 0, "01", 0, 2)]
        public void U_VLC_codes_decode_by_hand(bool initialRow, bool uOff0, bool uOff1, int melEvent, string bits, int u0, int u1)
        {
            var writer = new VlcTestWriter();
            foreach (char c in bits) writer.Write(c == '1' ? 1u : 0u, 1);
            writer.Write(0b1011, 4); // a marker after the codes: they must consume exactly their bits
            var melEncoder = new MelTestEncoder();
            melEncoder.Encode(melEvent);
            var data = writer.Segment(Array.Empty<byte>(), melEncoder.Finish());
            int start = data.Length - writer.Length - melEncoder.Length;
            var vlc = new J2kHtVlcReader(data, start);
            var mel = new J2kHtMelDecoder(data, start);
            J2kHtBlockDecoder.DecodeU(ref vlc, ref mel, initialRow, uOff0, uOff1, out int d0, out int d1);
            Assert.Equal((u0, u1), (d0, d1));
            Assert.Equal(0b1011u, vlc.Read(4));
        }

        [Fact]
        public void A_U_VLC_value_that_needs_the_extension_is_refused()
        {
            // "000" + suffix 28: u = 33, which T.814 extends by 4 bits; no 31-bit magnitude has such an exponent bound.
            var writer = new VlcTestWriter();
            writer.Write(0, 3);
            writer.Write(28, 5);
            var data = writer.Segment(Array.Empty<byte>(), Array.Empty<byte>());
            var ex = Assert.Throws<DicomFormatException>(() =>
            {
                var vlc = new J2kHtVlcReader(data, data.Length - writer.Length);
                var mel = new J2kHtMelDecoder(data, data.Length - writer.Length);
                J2kHtBlockDecoder.DecodeU(ref vlc, ref mel, false, true, false, out _, out _);
            });
            Assert.Contains("exponent offset", ex.Message);
        }

        // ---- whole code-blocks ----

        [Fact]
        public void The_stored_OpenJPH_block_decodes_to_its_samples()
        {
            var segment = Convert.FromHexString(SampleSegmentHex);
            var image = Convert.FromHexString(SampleImageHex);
            var output = new int[256];
            J2kHtBlockDecoder.DecodeCleanup(segment, 16, 16, 1, output);
            for (int i = 0; i < 256; i++) Assert.True(image[i] - 128 == output[i] / 2, $"sample {i}: {output[i]} for {image[i]}");
            // Odd values: twice the magnitude plus the half step, or 0.
            Assert.All(output, v => Assert.True(v == 0 || (v & 1) != 0));
        }

        [Theory]
        [InlineData(2)]
        [InlineData(5)]
        [InlineData(23)]
        public void Missing_bit_planes_below_the_cleanup_pass_scale_the_output(int numBitPlanes)
        {
            // Kmax - P = numBitPlanes: the cleanup pass's last plane is numBitPlanes - 1, so every value is the 1-plane one
            // times 2^(numBitPlanes - 1): twice the magnitude plus that plane's half step.
            var segment = Convert.FromHexString(SampleSegmentHex);
            var one = new int[256];
            var more = new int[256];
            J2kHtBlockDecoder.DecodeCleanup(segment, 16, 16, 1, one);
            J2kHtBlockDecoder.DecodeCleanup(segment, 16, 16, numBitPlanes, more);
            for (int i = 0; i < 256; i++) Assert.Equal((long)one[i] << (numBitPlanes - 1), more[i]);
        }

        [Fact]
        public void Magnitudes_beyond_30_bit_planes_are_refused()
        {
            // The block's largest magnitude is 126 (7 bits): with 25 planes below it, it would need 31.
            var segment = Convert.FromHexString(SampleSegmentHex);
            Assert.Throws<DicomFormatException>(() => J2kHtBlockDecoder.DecodeCleanup(segment, 16, 16, 25, new int[256]));
        }

        public static IEnumerable<object[]> OpenJphBlocks()
        {
            // Width, height, bits, content.
            var cases = new (int, int, int, string)[]
            {
                (1, 1, 8, "noise"), (2, 2, 8, "noise"), (3, 3, 8, "noise"), (1, 9, 8, "noise"), (9, 1, 8, "noise"),
                (5, 4, 8, "smooth"), (17, 5, 8, "noise"), (7, 13, 12, "noise"), (16, 16, 8, "sparse"), (33, 9, 8, "sparse"),
                (32, 32, 8, "noise"), (64, 64, 8, "noise"), (64, 64, 8, "smooth"), (64, 64, 8, "sparse"), (64, 64, 8, "flat"),
                (64, 64, 12, "noise"), (64, 64, 16, "noise"), (63, 61, 16, "sparse"), (64, 64, 16, "smooth"),
                (64, 64, 16, "extremes"), (64, 64, 8, "extremes"), (1024, 4, 8, "noise"), (1024, 4, 16, "sparse"),
                (4, 1024, 12, "noise"), (1, 1024, 8, "noise"), (1024, 1, 16, "noise"), (1024, 2, 8, "smooth"),
                (511, 7, 16, "sparse"), (6, 6, 16, "extremes"),
            };
            int seed = 0;
            foreach (var (w, h, bits, content) in cases) yield return new object[] { w, h, bits, content, ++seed };
        }

        [Theory]
        [MemberData(nameof(OpenJphBlocks))]
        public void An_OpenJPH_code_block_decodes_to_the_samples_less_the_level_shift(int width, int height, int bits, string content, int seed)
        {
            var samples = Image(width, height, bits, content, seed);
            var codestream = Compress(samples, width, height, bits);
            var (segment, numBitPlanes) = ExtractOnlyCodeBlock(codestream);
            if (segment == null)
            {
                // A block of zero coefficients is left out of the packet: nothing to decode.
                Assert.All(samples, s => Assert.Equal(1 << (bits - 1), s));
                return;
            }
            var output = new int[width * height];
            J2kHtBlockDecoder.DecodeCleanup(segment, width, height, numBitPlanes, output);
            int shift = 1 << (bits - 1);
            int half = 1 << (numBitPlanes - 1);
            for (int i = 0; i < samples.Length; i++)
            {
                int expected = samples[i] - shift;
                // Reversible: the value is sign * (2 mu + 1) * 2^(numBitPlanes - 1); halving it (as the tile decoder does)
                // drops the half step and leaves the coefficient.
                Assert.True(output[i] == 0 ? expected == 0 : (Math.Abs(output[i]) & (2 * half - 1)) == half,
                    $"sample {i} ({i % width},{i / width}): {output[i]} has no half step");
                if (output[i] / 2 != expected)
                    Assert.Fail($"sample {i} ({i % width},{i / width}) of {width}x{height}: decoded {output[i]}, expected 2 * {expected} + sign");
            }
        }

        // ---- hostile segments ----

        [Fact]
        public void Hostile_segments_fail_with_DicomFormatException_or_decode()
        {
            var random = new Random(2024);
            var valid = Convert.FromHexString(SampleSegmentHex);
            var sizes = new (int W, int H)[] { (16, 16), (1, 1), (4, 4), (3, 7), (64, 64), (17, 5), (1, 64), (64, 1), (1024, 4), (2, 1024) };
            var output = new int[4096];
            int rounds = 0, failures = 0;
            for (int round = 0; round < 4000; round++)
            {
                var (w, h) = sizes[random.Next(sizes.Length)];
                byte[] data;
                switch (random.Next(5))
                {
                    case 0: // random bytes, any length
                        data = new byte[random.Next(0, 300)];
                        random.NextBytes(data);
                        break;
                    case 1: // random bytes with a plausible Scup
                        data = new byte[random.Next(2, 600)];
                        random.NextBytes(data);
                        SetScup(data, random.Next(2, Math.Min(data.Length, 4079) + 1));
                        break;
                    case 2: // the valid block with flipped bits
                        data = (byte[])valid.Clone();
                        for (int f = random.Next(1, 6); f > 0; f--) data[random.Next(data.Length)] ^= (byte)(1 << random.Next(8));
                        break;
                    case 3: // the valid block cut short (Scup re-read from what ends up last, or kept)
                        data = valid.AsSpan(0, random.Next(0, valid.Length)).ToArray();
                        if (data.Length >= 2 && random.Next(2) == 0) SetScup(data, random.Next(2, data.Length + 1));
                        break;
                    default: // all 0x00 or all 0xFF with a Scup: long runs, maximal stuffing
                        data = Enumerable.Repeat(random.Next(2) == 0 ? (byte)0x00 : (byte)0xFF, random.Next(2, 400)).ToArray();
                        SetScup(data, random.Next(2, data.Length + 1));
                        break;
                }
                int planes = random.Next(4) == 0 ? random.Next(1, 31) : 1;
                try
                {
                    J2kHtBlockDecoder.DecodeCleanup(data, w, h, planes, output);
                }
                catch (DicomFormatException)
                {
                    failures++;
                }
                rounds++;
            }
            Assert.Equal(4000, rounds);
            Assert.InRange(failures, 1, 3999); // both outcomes happen
        }

        // ---- helpers ----

        // Lcup 2, Scup 2: the MEL reads ones from the first byte (its low nibble forced to ones) and then the fill.
        private static byte[] EmptySegment() => new byte[] { 0xF2, 0x00 };

        private static void SetScup(byte[] data, int scup)
        {
            data[data.Length - 1] = (byte)(scup >> 4);
            data[data.Length - 2] = (byte)((data[data.Length - 2] & 0xF0) | (scup & 0xF));
        }

        // A MEL decoder over these MEL bytes followed by the two Scup bytes.
        private static J2kHtMelDecoder Mel(byte[] melBytes, byte nextToLast = 0x00)
        {
            var data = new byte[melBytes.Length + 2];
            melBytes.CopyTo(data, 0);
            data[data.Length - 2] = nextToLast;
            SetScup(data, data.Length);
            return new J2kHtMelDecoder(data, 0);
        }

        private static int[] Image(int width, int height, int bits, string content, int seed)
        {
            var random = new Random(seed);
            int max = (1 << bits) - 1, mid = 1 << (bits - 1);
            var samples = new int[width * height];
            for (int y = 0; y < height; y++)
            {
                for (int x = 0; x < width; x++)
                {
                    int v = content switch
                    {
                        "noise" => random.Next(max + 1),
                        "smooth" => mid + (int)((max / 3) * Math.Sin(x / 7.0) * Math.Cos(y / 5.0)),
                        "sparse" => random.Next(40) == 0 ? random.Next(max + 1) : mid + (random.Next(8) == 0 ? random.Next(-3, 4) : 0),
                        "extremes" => random.Next(3) switch { 0 => 0, 1 => max, _ => mid },
                        _ => mid,
                    };
                    samples[y * width + x] = Math.Clamp(v, 0, max);
                }
            }
            return samples;
        }

        private byte[] Compress(int[] samples, int width, int height, int bits)
        {
            string pgm = Path.Combine(_dir, $"in-{width}x{height}-{bits}.pgm");
            string j2c = Path.ChangeExtension(pgm, ".j2c");
            int max = (1 << bits) - 1;
            using (var stream = File.Create(pgm))
            {
                var header = Encoding.ASCII.GetBytes($"P5\n{width} {height}\n{max}\n");
                stream.Write(header, 0, header.Length);
                foreach (int s in samples)
                {
                    if (max < 256)
                    {
                        stream.WriteByte((byte)s);
                    }
                    else
                    {
                        stream.WriteByte((byte)(s >> 8));
                        stream.WriteByte((byte)s);
                    }
                }
            }
            // One code-block: no decomposition, blocks as large as the image's bounding power of 2 (64x64, 1024x4...).
            int bw = 4, bh = 4;
            while (bw < width) bw *= 2;
            while (bh < height) bh *= 2;
            var run = ToolRunner.Run("ojph_compress", new[]
            {
                "-i", pgm, "-o", j2c, "-reversible", "true", "-num_decomps", "0", "-block_size", $"{{{bw},{bh}}}",
            });
            Assert.True(run.ExitCode == 0 && File.Exists(j2c), run.Describe());
            return File.ReadAllBytes(j2c);
        }

        // The cleanup segment of a codestream holding one tile, one component, one layer and one code-block, and its
        // Kmax - P; null when the packet is empty. The packet header is read by hand: non-empty, included, P by the
        // one-node tag tree, 1 pass, Lblock, the length.
        private static (byte[]? Segment, int NumBitPlanes) ExtractOnlyCodeBlock(byte[] cs)
        {
            Assert.True(cs[0] == 0xFF && cs[1] == 0x4F, "SOC");
            int pos = 2, guardBits = -1, exponent = -1, tileStart = -1;
            long tileLength = 0;
            while (true)
            {
                int marker = (cs[pos] << 8) | cs[pos + 1];
                if (marker == 0xFF93)
                {
                    pos += 2;
                    break;
                }
                int length = (cs[pos + 2] << 8) | cs[pos + 3];
                if (marker == 0xFF5C)
                {
                    guardBits = cs[pos + 4] >> 5;
                    Assert.Equal(0, cs[pos + 4] & 0x1F); // reversible: exponents only
                    exponent = cs[pos + 5] >> 3;
                }
                if (marker == 0xFF90)
                {
                    tileStart = pos;
                    tileLength = ((long)cs[pos + 6] << 24) | ((long)cs[pos + 7] << 16) | ((long)cs[pos + 8] << 8) | cs[pos + 9];
                }
                pos += 2 + length;
            }
            Assert.True(guardBits >= 0 && tileStart >= 0);
            long end = tileLength == 0 ? cs.Length - 2 : tileStart + tileLength;

            int at = pos, current = 0, left = 0;
            bool afterFF = false;
            int Bit()
            {
                if (left == 0)
                {
                    current = cs[at++];
                    left = afterFF ? 7 : 8;
                    afterFF = current == 0xFF;
                }
                left--;
                return (current >> left) & 1;
            }
            if (Bit() == 0) return (null, 0); // an empty packet
            Assert.Equal(1, Bit());           // included in layer 0
            int missing = 0;
            while (Bit() == 0) missing++;
            Assert.Equal(0, Bit()); // one coding pass
            int lblock = 3;
            while (Bit() == 1) lblock++;
            int segmentLength = 0;
            for (int i = 0; i < lblock; i++) segmentLength = (segmentLength << 1) | Bit();
            if (afterFF) at++; // a header ending in 0xFF is followed by a stuffed byte
            Assert.Equal(end, at + segmentLength);
            int kmax = guardBits + exponent - 1;
            return (cs.AsSpan(at, segmentLength).ToArray(), kmax - missing);
        }

        /// <summary>The MEL encoder of T.814 (as OpenJPH writes it): runs of zero events against the adaptive threshold.</summary>
        private sealed class MelTestEncoder
        {
            private readonly List<byte> _bytes = new List<byte>();
            private int _tmp;
            private int _capacity = 8; // 7 after a 0xFF byte
            private int _free = 8;
            private int _run;
            private int _state;

            public int Length => _bytes.Count;

            public void Encode(int bit)
            {
                if (bit == 0)
                {
                    _run++;
                    if (_run >= 1 << MelExponents[_state])
                    {
                        Emit(1);
                        _run = 0;
                        _state = Math.Min(12, _state + 1);
                    }
                }
                else
                {
                    Emit(0);
                    for (int t = MelExponents[_state] - 1; t >= 0; t--) Emit((_run >> t) & 1);
                    _run = 0;
                    _state = Math.Max(0, _state - 1);
                }
            }

            public byte[] Finish()
            {
                if (_run > 0) Emit(1); // a 1 owes at least the zeros left
                if (_free < _capacity) _bytes.Add((byte)(_tmp << _free)); // padded with 0s: events never asked for
                return _bytes.ToArray();
            }

            private void Emit(int bit)
            {
                _tmp = (_tmp << 1) | bit;
                if (--_free == 0)
                {
                    _bytes.Add((byte)_tmp);
                    _capacity = _free = _tmp == 0xFF ? 7 : 8;
                    _tmp = 0;
                }
            }
        }

        /// <summary>
        /// The VLC writer of T.814 (as OpenJPH's vlc_encode): bits LSB first into bytes laid from the segment's end down,
        /// starting in the upper nibble of the byte before the last, with a 0 stuffed as the MSB of a byte whose low 7 bits
        /// are ones after a byte above 0x8F.
        /// </summary>
        private sealed class VlcTestWriter
        {
            private readonly List<byte> _bytes = new List<byte> { 0xFF }; // the last byte; Scup goes there
            private int _tmp = 0xF;
            private int _used = 4;
            private bool _above8F = true;

            /// <summary>The VLC bytes, the two Scup bytes included, once <see cref="Segment"/> has flushed them.</summary>
            public int Length => _bytes.Count;

            public void Write(uint value, int count)
            {
                while (count > 0)
                {
                    int available = 8 - (_above8F ? 1 : 0) - _used;
                    int take = Math.Min(available, count);
                    _tmp |= (int)(value & ((1u << take) - 1)) << _used;
                    _used += take;
                    available -= take;
                    count -= take;
                    value >>= take;
                    if (available == 0)
                    {
                        if (_above8F && _tmp != 0x7F)
                        {
                            _above8F = false; // the MSB is not stuffed after all: one more bit fits
                            continue;
                        }
                        _bytes.Add((byte)_tmp);
                        _above8F = _tmp > 0x8F;
                        _tmp = 0;
                        _used = 0;
                    }
                }
            }

            /// <summary>MagSgn, MEL, then these VLC bytes reversed, with Scup in the last two bytes.</summary>
            public byte[] Segment(byte[] magSgn, byte[] mel)
            {
                if (_used > 0)
                {
                    _bytes.Add((byte)_tmp);
                    _tmp = 0;
                    _used = 0;
                    _above8F = false;
                }
                var data = new byte[magSgn.Length + mel.Length + _bytes.Count];
                magSgn.CopyTo(data, 0);
                mel.CopyTo(data, magSgn.Length);
                for (int i = 0; i < _bytes.Count; i++) data[data.Length - 1 - i] = _bytes[i];
                SetScup(data, mel.Length + _bytes.Count);
                return data;
            }
        }
    }
}
