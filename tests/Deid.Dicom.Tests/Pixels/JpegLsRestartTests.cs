using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Deid.Dicom.Tests.Referee;
using Xunit;
using static Deid.Dicom.Tests.Pixels.PixelTestData;

namespace Deid.Dicom.Tests.Pixels
{
    /// <summary>
    /// Restart intervals (T.87 §D.2, DRI and RSTm). dcmcjpls cannot write them, but an interval restarts coding exactly
    /// as a new image starts it (contexts, RUNindex and the previous line reset), so a stream with restart interval R
    /// is made by encoding strips of R rows separately and joining their entropy-coded segments with RSTm markers.
    /// </summary>
    public class JpegLsRestartTests : IDisposable
    {
        private readonly string _folder = Path.Combine(Path.GetTempPath(), "deid-jpegls-rst-" + Guid.NewGuid().ToString("N"));

        public JpegLsRestartTests() => Directory.CreateDirectory(_folder);

        public void Dispose() => Directory.Delete(_folder, recursive: true);

        [Theory]
        [InlineData("CT_small.dcm", "+el", 7)]
        [InlineData("CT_small.dcm", "+el", 64)]
        [InlineData("MR_small.dcm", "+el +t1 5 +t2 40 +t3 300 +rs 32", 10)]
        [InlineData("SC_rgb_small_odd.dcm", "+el +is", 1)]
        [InlineData("SC_rgb_small_odd.dcm", "+en +md 2 +il", 2)]
        public void RestartIntervalsDecodeAsTheStripsDo(string source, string options, int interval)
        {
            var (stream, geometry, expected, original) = Build(source, options, interval);
            var decoded = new byte[geometry.FrameLength];
            JpegLsCodec.Instance.Decode(stream, geometry, decoded);
            Assert.True(expected.AsSpan().SequenceEqual(decoded), "the restart-interval stream does not decode as dcmdjpls decodes its strips");
            if (options.StartsWith("+el", StringComparison.Ordinal))
                Assert.True(original.AsSpan().SequenceEqual(decoded), "the lossless restart-interval stream does not give back the source");
        }

        [Fact]
        public void ARestartMarkerOutOfSequenceIsRefused()
        {
            var (stream, geometry, _, _) = Build("CT_small.dcm", "+el", 32);
            int rst = IndexOfMarker(stream, 0xD1);
            stream[rst + 1] = 0xD5;
            var e = Assert.Throws<DicomFormatException>(() => JpegLsCodec.Instance.Decode(stream, geometry, new byte[geometry.FrameLength]));
            Assert.Contains("expected restart marker FFD1", e.Message);
        }

        private (byte[] Stream, PixelFrameGeometry Geometry, byte[] Expected, byte[] Original) Build(string source, string options, int interval)
        {
            var file = OpenInMemory(Shared(source));
            var geometry = PixelFrameGeometry.FromDataset(file.Dataset);
            byte[] original;
            using (var native = NativePixelData.Open(file.Dataset)) original = native.ReadFrame(0);
            int rowBytes = (int)(geometry.FrameLength / geometry.Rows);

            var expected = new List<byte>();
            var joined = new List<byte>();
            for (int row = 0, strip = 0; row < geometry.Rows; row += interval, strip++)
            {
                int rows = Math.Min(interval, geometry.Rows - row);
                string plain = Path.Combine(_folder, $"strip{strip}.dcm");
                string encoded = Path.Combine(_folder, $"strip{strip}-jls.dcm");
                string decoded = Path.Combine(_folder, $"strip{strip}-dec.dcm");
                var part = OpenInMemory(Shared(source));
                part.Dataset.SetNumbers(Rows, DicomVR.US, rows);
                part.Dataset.SetRawValue(DicomTag.PixelData, geometry.BitsAllocated == 8 ? DicomVR.OB : DicomVR.OW,
                    original.AsSpan(row * rowBytes, rows * rowBytes).ToArray());
                part.Save(plain);
                Run("dcmcjpls", options.Split(' ').Concat(new[] { plain, encoded }));
                Run("dcmdjpls", new[] { encoded, decoded });
                using (var referee = NativePixelData.Open(OpenInMemory(decoded).Dataset)) expected.AddRange(referee.ReadFrame(0));

                var codestream = JpegLsCodecTests.EncodedFrame(encoded);
                int sos = IndexOfMarker(codestream, 0xDA);
                int start = sos + 2 + ((codestream[sos + 2] << 8) | codestream[sos + 3]);
                int end = JpegLsScanDecoder.FindMarker(codestream, start);
                int code = end + 1;
                while (codestream[code] == 0xFF) code++; // dcmtk pads odd frames with a fill byte before EOI
                Assert.Equal(0xD9, codestream[code]); // one scan per strip: the ILV modes used here are 1 and 2
                if (strip == 0)
                {
                    // Strip 0's headers with the frame's full height, then DRI before the scan.
                    var head = codestream.AsSpan(0, sos).ToArray();
                    int sof = IndexOfMarker(head, 0xF7);
                    head[sof + 5] = (byte)(geometry.Rows >> 8);
                    head[sof + 6] = (byte)geometry.Rows;
                    joined.AddRange(head);
                    joined.AddRange(new byte[] { 0xFF, 0xDD, 0x00, 0x04, (byte)(interval >> 8), (byte)interval });
                    joined.AddRange(codestream.AsSpan(sos, start - sos).ToArray());
                }
                else
                {
                    joined.Add(0xFF);
                    joined.Add((byte)(0xD0 + ((strip - 1) & 7)));
                }
                joined.AddRange(codestream.AsSpan(start, end - start).ToArray());
            }
            joined.Add(0xFF);
            joined.Add(0xD9);
            return (joined.ToArray(), geometry, expected.ToArray(), original);
        }

        private static int IndexOfMarker(byte[] data, int code)
        {
            for (int i = 0; i + 1 < data.Length; i++)
                if (data[i] == 0xFF && data[i + 1] == code) return i;
            throw new InvalidOperationException($"no FF{code:X2} marker");
        }

        private static void Run(string tool, IEnumerable<string> args)
        {
            var run = ToolRunner.Run(tool, args.ToArray());
            Assert.True(run.ExitCode == 0, run.Describe());
        }
    }
}
