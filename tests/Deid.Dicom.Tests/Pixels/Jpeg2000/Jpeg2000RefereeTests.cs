using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Deid.Dicom.Tests.Referee;
using Xunit;

namespace Deid.Dicom.Tests.Pixels.Jpeg2000
{
    /// <summary>
    /// Our JPEG 2000 decoder against openjpeg, sample for sample: every JPEG 2000 file of the corpus against gdcmconv --raw
    /// (gdcm decodes with openjpeg), and codestreams made by opj_compress with each option a clinical encoder may use —
    /// progression orders, precincts, code-block sizes and styles, tiles with offsets, image offsets, layers, SOP/EPH markers,
    /// regions of interest, 8 to 16 bits, signed samples, colour with and without the component transform, the irreversible
    /// path — against opj_decompress. Lossless streams must decode exactly; lossy ones within 1 (both round a float).
    /// </summary>
    public sealed class Jpeg2000RefereeTests : IDisposable
    {
        private readonly string _dir = Path.Combine(Path.GetTempPath(), "deid-j2k-" + Guid.NewGuid().ToString("N").Substring(0, 12));

        public Jpeg2000RefereeTests() => Directory.CreateDirectory(_dir);

        public void Dispose() => Directory.Delete(_dir, recursive: true);

        public static IEnumerable<object[]> CorpusFiles() =>
            TestData.AllDicomFiles().Where(IsJpeg2000).Select(f => new object[] { f });

        private static bool IsJpeg2000(string relative)
        {
            try
            {
                var uid = DicomFile.Open(TestData.PathOf(relative.Split('/')), new DicomReadOptions { StopBeforePixelData = true }).TransferSyntax.Uid;
                return uid == "1.2.840.10008.1.2.4.90" || uid == "1.2.840.10008.1.2.4.91";
            }
            catch (DicomFormatException)
            {
                return false;
            }
        }

        [Fact]
        public void TheCorpusHasJpeg2000FilesToCompare() => Assert.True(CorpusFiles().Count() >= 7, "the JPEG 2000 files of ../shared/data/pydicom");

        [Theory]
        [MemberData(nameof(CorpusFiles))]
        public void ACorpusFileDecodesAsOpenjpegDecodesIt(string relative)
        {
            string path = TestData.PathOf(relative.Split('/'));
            var file = DicomFile.Open(path);
            using var encapsulated = EncapsulatedPixelData.Open(file.Dataset, path);
            var geometry = encapsulated.Geometry;
            byte[] first = encapsulated.ReadFrame(0);
            string reference = Path.Combine(_dir, "ref.dcm");
            var run = ToolRunner.Run("gdcmconv", new[] { "--raw", path, reference });
            byte[] ours;
            try
            {
                ours = Decode(encapsulated, geometry);
            }
            catch (DicomFormatException ex)
            {
                // Refused with a reason (pydicom's file with a sequence delimiter written over its SIZ marker): openjpeg must
                // refuse it too, or the refusal is ours alone.
                Assert.True(run.ExitCode != 0, relative + ": we refuse it (" + ex.Message + ") and gdcmconv decodes it");
                return;
            }
            Assert.True(run.ExitCode == 0, run.Describe());
            var refFile = DicomFile.Open(reference);
            using var native = NativePixelData.Open(refFile.Dataset, reference);
            var theirs = new byte[native.Geometry.TotalLength];
            for (int f = 0; f < native.Geometry.NumberOfFrames; f++)
                native.ReadFrame(f, theirs.AsSpan((int)native.Geometry.GetFrameOffset(f), (int)native.Geometry.FrameLength));
            Assert.Equal(theirs.Length, ours.Length);
            // gdcm keeps a YBR_RCT/ICT label and gives RGB samples, as we do; its samples are openjpeg's.
            int max = MaxDifference(ours, theirs, geometry.BytesPerSample, geometry.IsSigned);
            bool lossy = file.TransferSyntax.Uid == "1.2.840.10008.1.2.4.91" && !IsReversible(first);
            Assert.True(max <= (lossy ? 1 : 0), $"{relative}: max |difference| {max} from gdcmconv --raw");
        }

        private static byte[] Decode(EncapsulatedPixelData encapsulated, PixelFrameGeometry geometry)
        {
            var decoded = new PixelFrameGeometry(geometry.Rows, geometry.Columns, geometry.SamplesPerPixel, geometry.BitsAllocated, geometry.BitsStored,
                geometry.HighBit, geometry.PixelRepresentation, geometry.NumberOfFrames, 0, geometry.PhotometricInterpretation);
            var all = new byte[decoded.TotalLength];
            for (int f = 0; f < decoded.NumberOfFrames; f++)
                Jpeg2000Codec.Instance.Decode(encapsulated.ReadFrame(f), decoded, all.AsSpan((int)decoded.GetFrameOffset(f), (int)decoded.FrameLength));
            return all;
        }

        // The first tile's coding style: the reversible 5/3 wavelet decodes exactly whatever the transfer syntax says.
        private static bool IsReversible(byte[] frame)
        {
            var cs = J2kCodestream.Read(frame);
            return cs.Main.Components.All(c => c.Reversible);
        }

        private static int MaxDifference(byte[] a, byte[] b, int bytes, bool signed)
        {
            int max = 0;
            for (int i = 0; i + bytes <= a.Length; i += bytes)
            {
                int x = bytes == 1 ? a[i] : signed ? (short)(a[i] | a[i + 1] << 8) : a[i] | a[i + 1] << 8;
                int y = bytes == 1 ? b[i] : signed ? (short)(b[i] | b[i + 1] << 8) : b[i] | b[i + 1] << 8;
                max = Math.Max(max, Math.Abs(x - y));
            }
            return max;
        }

        // ---- codestreams made by opj_compress ----

        public static IEnumerable<object[]> EncoderOptions() => new[]
        {
            new object[] { "gray8", "default", "" },
            new object[] { "gray8", "one resolution", "-n 1" },
            new object[] { "gray8", "3 levels, 32x32 blocks", "-n 3 -b 32,32" },
            new object[] { "gray8", "16x64 blocks, precincts", "-b 16,64 -c [64,64],[32,32],[16,16]" },
            new object[] { "gray8", "LRCP, layers", "-p LRCP -c [32,32],[32,32],[16,16] -n 3 -r 20,10,1" },
            new object[] { "gray8", "RLCP", "-p RLCP -c [32,32],[32,32],[16,16] -n 3 -r 20,10,1" },
            new object[] { "gray8", "RPCL", "-p RPCL -c [32,32],[32,32],[16,16] -n 3 -r 20,10,1" },
            new object[] { "gray8", "PCRL", "-p PCRL -c [32,32],[32,32],[16,16] -n 3 -r 20,10,1" },
            new object[] { "gray8", "CPRL", "-p CPRL -c [32,32],[32,32],[16,16] -n 3 -r 20,10,1" },
            new object[] { "gray8", "bypass", "-M 1" },
            new object[] { "gray8", "reset", "-M 2" },
            new object[] { "gray8", "terminate all", "-M 4" },
            new object[] { "gray8", "vertically causal", "-M 8" },
            new object[] { "gray8", "predictable termination", "-M 16" },
            new object[] { "gray8", "segmentation symbols", "-M 32" },
            new object[] { "gray8", "every style switch", "-M 63" },
            new object[] { "gray8", "tiles", "-t 64,48" },
            new object[] { "gray8", "image offset", "-d 17,33" },
            new object[] { "gray8", "image and tile offsets", "-d 17,33 -t 64,64 -T 5,9" },
            new object[] { "gray8", "five layers", "-r 40,20,10,5,1" },
            new object[] { "gray8", "SOP and EPH markers", "-SOP -EPH" },
            new object[] { "gray8", "region of interest", "-ROI c=0,U=3" },
            new object[] { "gray8", "POC", "-POC T1=0,0,1,3,1,LRCP/T1=3,0,1,7,1,CPRL -n 6" },
            new object[] { "gray8", "POC with tiles", "-t 150,100 -POC T0=0,0,1,3,1,LRCP/T0=3,0,1,7,1,CPRL -n 6" },
            new object[] { "gray8", "lossy rate on a reversible stream", "-r 50" },
            new object[] { "gray12", "12 bits", "" },
            new object[] { "gray16", "16 bits", "" },
            new object[] { "gray16s", "16 bits signed", "" },
            new object[] { "rgb8", "colour, component transform", "" },
            new object[] { "rgb8", "colour, no component transform", "-mct 0" },
            new object[] { "gray8", "irreversible", "-I -r 10" },
            new object[] { "rgb8", "irreversible colour", "-I -r 8" },
            new object[] { "gray12", "irreversible 12 bits", "-I -q 40" },
        };

        [Theory]
        [MemberData(nameof(EncoderOptions))]
        public void AnOpenjpegCodestreamDecodesAsOpenjpegDecodesIt(string image, string name, string options)
        {
            var source = MakeImage(image).Split('|');
            string j2k = Path.Combine(_dir, "x.j2k");
            var args = new List<string> { "-i", source[0], "-o", j2k };
            args.AddRange(source.Skip(1));
            args.AddRange(options.Split(' ', StringSplitOptions.RemoveEmptyEntries));
            var encode = ToolRunner.Run("opj_compress", args);
            Assert.True(encode.ExitCode == 0, name + ": " + encode.Describe());
            string reference = Path.Combine(_dir, "x.rawl");
            var decode = ToolRunner.Run("opj_decompress", new[] { "-i", j2k, "-o", reference });
            Assert.True(decode.ExitCode == 0, name + ": " + decode.Describe());

            byte[] codestream = File.ReadAllBytes(j2k);
            var cs = J2kCodestream.Read(codestream);
            int samples = cs.ComponentCount, precision = cs.Precision[0];
            int bits = precision <= 8 ? 8 : 16;
            var geometry = new PixelFrameGeometry(cs.Y1 - cs.Y0, cs.X1 - cs.X0, samples, bits, precision, precision - 1, cs.Signed[0] ? 1 : 0, 1, 0, samples == 3 ? "RGB" : "MONOCHROME2");
            var ours = new byte[geometry.FrameLength];
            Jpeg2000Codec.Instance.Decode(codestream, geometry, ours);

            // opj_decompress writes .rawl plane after plane; ours is interleaved.
            byte[] theirs = File.ReadAllBytes(reference);
            Assert.Equal(ours.Length, theirs.Length);
            int bytes = bits / 8, pixels = geometry.Rows * geometry.Columns, max = 0;
            for (int c = 0; c < samples; c++)
            {
                for (int i = 0; i < pixels; i++)
                {
                    int o = (i * samples + c) * bytes, t = (c * pixels + i) * bytes;
                    int x = bytes == 1 ? ours[o] : cs.Signed[0] ? (short)(ours[o] | ours[o + 1] << 8) : ours[o] | ours[o + 1] << 8;
                    int y = bytes == 1 ? theirs[t] : cs.Signed[0] ? (short)(theirs[t] | theirs[t + 1] << 8) : theirs[t] | theirs[t + 1] << 8;
                    max = Math.Max(max, Math.Abs(x - y));
                }
            }
            bool lossy = options.Contains("-I", StringComparison.Ordinal);
            Assert.True(max <= (lossy ? 1 : 0), $"{name} ({options}): max |difference| {max} from opj_decompress");
        }

        // Test images with structure and noise, so that every pass and context is exercised: PGM (8 to 16 bits), PPM, and a
        // signed 16-bit raw image.
        private string MakeImage(string kind)
        {
            var random = new Random(kind.GetHashCode(StringComparison.Ordinal) & 0x7FFF);
            switch (kind)
            {
                case "gray8": return RefereeImage.Make(_dir, "gray8").Path;
                case "gray12": return RefereeImage.Make(_dir, "gray12").Path;
                case "gray16": return RefereeImage.Make(_dir, "gray16").Path;
                case "rgb8": return RefereeImage.Make(_dir, "rgb8").Path;
                case "gray16s":
                    {
                        // opj_compress reads raw samples given their layout: -F width,height,components,bits,{s|u}.
                        int w = 70, h = 45;
                        var data = new byte[w * h * 2];
                        for (int i = 0; i < w * h; i++)
                        {
                            short v = (short)((i % w) * 700 - (i / w) * 900 + random.Next(-2000, 2000));
                            data[2 * i] = (byte)(v >> 8);
                            data[2 * i + 1] = (byte)v;
                        }
                        string raw = Path.Combine(_dir, "s16.raw");
                        File.WriteAllBytes(raw, data);
                        return raw + "|-F|70,45,1,16,s";
                    }
                default: throw new ArgumentOutOfRangeException(nameof(kind));
            }
        }
    }
}
