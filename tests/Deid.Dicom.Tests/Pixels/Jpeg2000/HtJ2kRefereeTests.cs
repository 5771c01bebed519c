using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Deid.Dicom.Tests.Referee;
using Xunit;

namespace Deid.Dicom.Tests.Pixels.Jpeg2000
{
    /// <summary>
    /// High-Throughput JPEG 2000 (T.814) against OpenJPH, its reference implementation: codestreams made by
    /// <c>ojph_compress</c> with each option it offers — wavelet levels from none to five, code-block sizes and shapes,
    /// precincts, the five progression orders, tiles and image offsets, 8 to 16 bits, colour with and without
    /// the component transform, odd and tiny images, the irreversible path — decode as <c>ojph_expand</c> decodes them.
    /// Lossless streams must also give back the very samples encoded; lossy ones agree with OpenJPH within 1.
    /// </summary>
    public sealed class HtJ2kRefereeTests : IDisposable
    {
        private readonly string _dir = Path.Combine(Path.GetTempPath(), "deid-htj2k-" + Guid.NewGuid().ToString("N").Substring(0, 12));

        public HtJ2kRefereeTests() => Directory.CreateDirectory(_dir);

        public void Dispose() => Directory.Delete(_dir, recursive: true);

        public static IEnumerable<object[]> EncoderOptions() => new[]
        {
            new object[] { "gray8", "default levels", "-reversible true" },
            new object[] { "gray8", "no wavelet", "-reversible true -num_decomps 0" },
            new object[] { "gray8", "one level", "-reversible true -num_decomps 1" },
            new object[] { "gray8", "32x32 blocks", "-reversible true -block_size {32,32}" },
            new object[] { "gray8", "16x64 blocks", "-reversible true -block_size {16,64}" },
            new object[] { "gray8", "64x16 blocks", "-reversible true -block_size {64,16}" },
            new object[] { "gray8", "4x4 blocks", "-reversible true -block_size {4,4} -num_decomps 2" },
            new object[] { "gray8", "precincts", "-reversible true -precincts {32,32},{64,64}" },
            new object[] { "gray8", "LRCP", "-reversible true -prog_order LRCP -precincts {32,32},{64,64}" },
            new object[] { "gray8", "RLCP", "-reversible true -prog_order RLCP -precincts {32,32},{64,64}" },
            new object[] { "gray8", "PCRL", "-reversible true -prog_order PCRL -precincts {32,32},{64,64}" },
            new object[] { "gray8", "CPRL", "-reversible true -prog_order CPRL" },
            new object[] { "gray8", "tiles", "-reversible true -tile_size {64,48}" },
            new object[] { "gray8", "image offset", "-reversible true -image_offset {17,33}" },
            new object[] { "gray8", "image and tile offsets", "-reversible true -image_offset {17,33} -tile_size {64,64} -tile_offset {5,9}" },
            new object[] { "gray8odd", "odd size", "-reversible true -block_size {16,16}" },
            new object[] { "gray8tiny", "3 x 5 samples", "-reversible true -num_decomps 1" },
            new object[] { "gray8thin", "one column", "-reversible true -num_decomps 2" },
            new object[] { "gray8flat", "a flat image (empty code-blocks)", "-reversible true" },
            new object[] { "gray12", "12 bits", "-reversible true" },
            new object[] { "gray16", "16 bits", "-reversible true" },
            new object[] { "rgb8", "colour, component transform", "-reversible true" },
            new object[] { "rgb8", "colour, no component transform", "-reversible true -colour_trans false" },
            new object[] { "gray8", "irreversible", "-qstep 0.01" },
            new object[] { "gray8", "irreversible, coarse", "-qstep 0.1 -num_decomps 3" },
            new object[] { "rgb8", "irreversible colour", "-qstep 0.02" },
            new object[] { "gray12", "irreversible 12 bits", "-qstep 0.001" },
        };

        [Theory]
        [MemberData(nameof(EncoderOptions))]
        public void AnOpenJphCodestreamDecodesAsOpenJphDecodesIt(string image, string name, string options)
        {
            var source = RefereeImage.Make(_dir, image);
            string j2c = Path.Combine(_dir, "x.j2c");
            var args = new List<string> { "-i", source.Path, "-o", j2c };
            args.AddRange(source.Arguments);
            args.AddRange(options.Split(' ', StringSplitOptions.RemoveEmptyEntries));
            var encode = ToolRunner.Run("ojph_compress", args);
            Assert.True(encode.ExitCode == 0 && File.Exists(j2c), name + ": " + encode.Describe());
            string reference = Path.Combine(_dir, "out" + Path.GetExtension(source.Path));
            var decode = ToolRunner.Run("ojph_expand", new[] { "-i", j2c, "-o", reference });
            Assert.True(decode.ExitCode == 0 && File.Exists(reference), name + ": " + decode.Describe());

            byte[] codestream = File.ReadAllBytes(j2c);
            var cs = J2kCodestream.Read(codestream);
            Assert.Equal(source.Width, cs.X1 - cs.X0);
            Assert.Equal(source.Height, cs.Y1 - cs.Y0);
            int samples = cs.ComponentCount, precision = cs.Precision[0];
            int bits = precision <= 8 ? 8 : 16;
            var geometry = new PixelFrameGeometry(source.Height, source.Width, samples, bits, precision, precision - 1, cs.Signed[0] ? 1 : 0, 1, 0, samples == 3 ? "RGB" : "MONOCHROME2");
            var ours = new byte[geometry.FrameLength];
            Jpeg2000Codec.Instance.Decode(codestream, geometry, ours);

            int[] theirs = source.ReadPnm(reference);
            int[] decoded = Samples(ours, geometry);
            Assert.Equal(theirs.Length, decoded.Length);
            int max = 0;
            for (int i = 0; i < decoded.Length; i++) max = Math.Max(max, Math.Abs(decoded[i] - theirs[i]));
            bool lossy = !options.Contains("-reversible true", StringComparison.Ordinal);
            Assert.True(max <= (lossy ? 1 : 0), $"{name} ({options}): max |difference| {max} from ojph_expand");
            if (!lossy) Assert.Equal(source.Samples, decoded);
        }

        /// <summary>
        /// Signed samples. OpenJPH 0.9's encoder writes negative raw samples as their value + 65536 (ojph_expand wraps them back;
        /// opj_decompress reads the stream as we do), so its signed streams are no reference. The same component marked signed
        /// in SIZ is: an unsigned stream carries each sample less 2^15 (the level shift), and read as signed, without the shift
        /// being undone, that is what must come out.
        /// </summary>
        [Fact]
        public void AStreamMarkedSignedDecodesWithoutTheLevelShift()
        {
            var source = RefereeImage.Make(_dir, "gray16");
            string j2c = Path.Combine(_dir, "x.j2c");
            Assert.Equal(0, ToolRunner.Run("ojph_compress", new[] { "-i", source.Path, "-o", j2c, "-reversible", "true", "-num_decomps", "2" }).ExitCode);
            byte[] codestream = File.ReadAllBytes(j2c);
            // SIZ: marker, Lsiz, Rsiz, Xsiz, Ysiz, XOsiz, YOsiz, XTsiz, YTsiz, XTOsiz, YTOsiz, Csiz, then Ssiz of component 0.
            int siz = 2;
            Assert.Equal(0xFF51, codestream[siz] << 8 | codestream[siz + 1]);
            Assert.Equal(15, codestream[siz + 40]);
            codestream[siz + 40] |= 0x80;
            var geometry = new PixelFrameGeometry(source.Height, source.Width, 1, 16, 16, 15, 1, 1, 0, "MONOCHROME2");
            var ours = new byte[geometry.FrameLength];
            Jpeg2000Codec.Instance.Decode(codestream, geometry, ours);
            Assert.Equal(source.Samples.Select(v => v - 32768).ToArray(), Samples(ours, geometry));
        }

        /// <summary>
        /// Broken HTJ2K streams (bytes flipped anywhere, cut short, header bytes set to extremes) decode or fail as
        /// <see cref="DicomFormatException"/>, never another exception, and always finish: a batch must go on past them.
        /// </summary>
        [Theory]
        [InlineData("gray8", "-reversible true -block_size {32,32}")]
        [InlineData("rgb8", "-qstep 0.02 -precincts {32,32},{64,64}")]
        [InlineData("gray16", "-reversible true -num_decomps 2")]
        public void BrokenStreamsDecodeOrFailAsDicomFormatException(string image, string options)
        {
            var source = RefereeImage.Make(_dir, image);
            string j2c = Path.Combine(_dir, "x.j2c");
            var args = new List<string> { "-i", source.Path, "-o", j2c };
            args.AddRange(options.Split(' ', StringSplitOptions.RemoveEmptyEntries));
            Assert.Equal(0, ToolRunner.Run("ojph_compress", args).ExitCode);
            byte[] original = File.ReadAllBytes(j2c);
            var cs = J2kCodestream.Read(original);
            int precision = cs.Precision[0], samples = cs.ComponentCount;
            var geometry = new PixelFrameGeometry(source.Height, source.Width, samples, precision <= 8 ? 8 : 16, precision, precision - 1, 0, 1, 0, samples == 3 ? "RGB" : "MONOCHROME2");
            var destination = new byte[geometry.FrameLength];
            // The extremes go into the tile data (after the main header): packet headers and HT segments.
            int refused = HostileRounds.Refused(original, bytes => Jpeg2000Codec.Instance.Decode(bytes, geometry, destination),
                new Random(image.Length * 7919 + options.Length), 300, original.Length / 4, original.Length * 3 / 4);
            Assert.True(refused > 0, "no broken stream was refused: the mutations did not reach the decoder");
        }

        /// <summary>An HTJ2K stream's block style and CAP marker are what make it one: the tests above are not Part 1 streams.</summary>
        [Fact]
        public void OpenJphWritesHighThroughputCodeBlocks()
        {
            var source = RefereeImage.Make(_dir, "gray8");
            string j2c = Path.Combine(_dir, "x.j2c");
            var args = new List<string> { "-i", source.Path, "-o", j2c, "-reversible", "true" };
            Assert.Equal(0, ToolRunner.Run("ojph_compress", args).ExitCode);
            var cs = J2kCodestream.Read(File.ReadAllBytes(j2c));
            Assert.All(cs.Tiles, t => Assert.Equal(0x40, t!.Coding.Components[0].BlockStyle & 0xC0));
        }

        // Interleaved little-endian samples as integers.
        private static int[] Samples(byte[] frame, PixelFrameGeometry g)
        {
            int bytes = g.BitsAllocated / 8;
            var result = new int[frame.Length / bytes];
            for (int i = 0; i < result.Length; i++)
            {
                result[i] = bytes == 1 ? frame[i]
                    : g.PixelRepresentation == 1 ? (short)(frame[2 * i] | frame[2 * i + 1] << 8) : frame[2 * i] | frame[2 * i + 1] << 8;
            }
            return result;
        }
    }
}
