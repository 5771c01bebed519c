using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using Deid.Batch;
using Deid.Dicom;
using Deid.Pixels;
using Deid.Steps;
using Xunit;
using static Deid.Tests.Pixels.CodestreamBytes;

namespace Deid.Tests.Pixels
{
    /// <summary>
    /// Text inside JPEG 2000 pixel data: comments in the main header and in tile-part headers are blanked in place (every length,
    /// Psot included, stays true), JP2 metadata boxes are blanked, anything but padding after EOC goes, a clean frame is left as
    /// it is, a broken structure is bad data; real files decode (by gdcmconv, an independent decoder) to the same pixels.
    /// </summary>
    public sealed class Jpeg2000TextStripperTests : IDisposable
    {
        private const string Marker = "LEAKY^J2K^5521";
        private readonly string _dir = Path.Combine(Path.GetTempPath(), "deid-j2ktext-" + Guid.NewGuid().ToString("N").Substring(0, 12));

        public Jpeg2000TextStripperTests() => Directory.CreateDirectory(_dir);

        public void Dispose() => Directory.Delete(_dir, true);

        private static byte[] Com(string text) => Segment(0x64, Join(new byte[] { 0, 1 }, Ascii(text)));

        private static byte[] BlankCom(string text) => Segment(0x64, Join(new byte[] { 0, 1 }, new byte[text.Length]));

        private static readonly byte[] Soc = { 0xFF, 0x4F };
        private static readonly byte[] Siz = Segment(0x51, new byte[39]);
        private static readonly byte[] Cod = Segment(0x52, new byte[10]);
        private static readonly byte[] Qcd = Segment(0x5C, new byte[3]);
        private static readonly byte[] Sod = { 0xFF, 0x93 };
        private static readonly byte[] Eoc = { 0xFF, 0xD9 };

        // Packet data: 0xFF is followed by a byte below 0x90 in JPEG 2000, so a 0xFF 0x64 here is data, not a comment.
        private static readonly byte[] Data = { 0x12, 0xFF, 0x64, 0x00, 0x07, 0xFF, 0x4F, 0x55 };

        /// <summary>A tile-part: SOT with Psot counting from SOT to the end of the data (0 for "to EOC"), the header segments, SOD, data.</summary>
        private static byte[] TilePart(byte[] header, byte[] data, bool lastRunsToEoc = false)
        {
            int psot = lastRunsToEoc ? 0 : 12 + header.Length + 2 + data.Length;
            var sot = Segment(0x90, new byte[] { 0, 0, (byte)(psot >> 24), (byte)(psot >> 16), (byte)(psot >> 8), (byte)psot, 0, 1 });
            return Join(sot, header, Sod, data);
        }

        [Fact]
        public void CommentsInMainAndTileHeaders_BlankedInPlace_EveryLengthKept()
        {
            var input = Join(Soc, Siz, Com(Marker), Cod, Qcd, TilePart(Com(Marker + "2"), Data), TilePart(Array.Empty<byte>(), Data), Eoc);
            Assert.True(Jpeg2000TextStripper.Strip(input, out var stripped, out int removed));
            Assert.Equal(2, removed);
            var expected = Join(Soc, Siz, BlankCom(Marker), Cod, Qcd, TilePart(BlankCom(Marker + "2"), Data), TilePart(Array.Empty<byte>(), Data), Eoc);
            Assert.Equal(expected, stripped);
        }

        [Fact]
        public void LastTilePartRunningToEoc_AndTextAfterEoc()
        {
            var input = Join(Soc, Siz, Cod, Qcd, TilePart(Com(Marker), Data, lastRunsToEoc: true), Eoc, Ascii(Marker));
            Assert.True(Jpeg2000TextStripper.Strip(input, out var stripped, out int removed));
            Assert.Equal(2, removed);
            Assert.Equal(Join(Soc, Siz, Cod, Qcd, TilePart(BlankCom(Marker), Data, lastRunsToEoc: true), Eoc), stripped);
        }

        [Fact]
        public void CleanCodestream_AndBlankComment_AndPadding_NothingChanged()
        {
            var input = Join(Soc, Siz, BlankCom("xxxx"), Cod, Qcd, TilePart(Array.Empty<byte>(), Data, lastRunsToEoc: true), Eoc, new byte[] { 0 });
            Assert.False(Jpeg2000TextStripper.Strip(input, out var stripped, out int removed));
            Assert.Null(stripped);
            Assert.Equal(0, removed);
        }

        private static byte[] Box(string type, byte[] payload)
        {
            int length = payload.Length + 8;
            return Join(new byte[] { (byte)(length >> 24), (byte)(length >> 16), (byte)(length >> 8), (byte)length }, Ascii(type), payload);
        }

        [Fact]
        public void Jp2Wrapped_XmlAndUuidBoxesBlanked_CodestreamWalked()
        {
            var signature = new byte[] { 0, 0, 0, 0x0C, (byte)'j', (byte)'P', 0x20, 0x20, 0x0D, 0x0A, 0x87, 0x0A };
            var ftyp = Box("ftyp", Ascii("jp2 \0\0\0\0jp2 "));
            var codestream = Join(Soc, Siz, Com(Marker), Cod, Qcd, TilePart(Array.Empty<byte>(), Data), Eoc);
            var input = Join(signature, ftyp, Box("xml ", Ascii("<name>" + Marker + "</name>")), Box("uuid", Ascii(Marker)), Box("jp2c", codestream));
            Assert.True(Jpeg2000TextStripper.Strip(input, out var stripped, out int removed));
            Assert.Equal(3, removed);
            Assert.Equal(input.Length, stripped!.Length);
            Assert.DoesNotContain(Marker, Encoding.ASCII.GetString(stripped), StringComparison.Ordinal);
            var cleanCodestream = Join(Soc, Siz, BlankCom(Marker), Cod, Qcd, TilePart(Array.Empty<byte>(), Data), Eoc);
            var box = Box("jp2c", cleanCodestream);
            Assert.Equal(box, stripped.Skip(stripped.Length - box.Length).ToArray());
        }

        [Theory]
        [InlineData(0)] // no SOC
        [InlineData(1)] // a tile-part longer than the frame
        [InlineData(2)] // a comment's length runs past the frame
        [InlineData(3)] // a tile-part header without SOD
        public void Malformed_Throws(int kind)
        {
            byte[] input = kind switch
            {
                0 => Join(Siz, Eoc),
                1 => Join(Soc, Siz, TilePart(Array.Empty<byte>(), Data).Take(20).ToArray()),
                2 => Join(Soc, Siz, Com(Marker).Take(8).ToArray()),
                _ => Join(Soc, Siz, Segment(0x90, new byte[] { 0, 0, 0, 0, 0, 40, 0, 1 }), Com("abcd"), Data, Data, Data),
            };
            Assert.Throws<DicomFormatException>(() => Jpeg2000TextStripper.Strip(input, out _, out _));
        }

        [Fact]
        public void WindowedCount_MatchesInMemoryEdits()
        {
            var frames = new[]
            {
                Join(Soc, Siz, Com(Marker), Cod, Qcd, TilePart(Com(Marker), Data), TilePart(Array.Empty<byte>(), Data, true), Eoc, Ascii("x")),
                Join(Soc, Siz, Cod, Qcd, TilePart(Array.Empty<byte>(), Data), Eoc, new byte[] { 0 }),
            };
            foreach (var frame in frames)
            {
                foreach (int size in new[] { 16, 17, 31, 64, 4096 })
                {
                    FrameReader reader = (at, buffer, offset, count) =>
                    {
                        int n = (int)Math.Min(count, frame.Length - at);
                        Array.Copy(frame, at, buffer, offset, n);
                        return n;
                    };
                    Assert.Equal(Jpeg2000TextStripper.FindRemovable(frame).Count, Jpeg2000TextStripper.CountRemovable(frame.Length, reader, new byte[size]));
                }
            }
        }

        private static IEnumerable<string> RealFiles() => new[] { "JPEG2000.dcm", "MR_small_jp2klossless.dcm", "693_J2KI.dcm", "SC_rgb_gdcm_KY.dcm", "examples_jpeg2k.dcm", "GDCMJ2K_TextGBR.dcm" }
            .Select(n => TestPaths.Data("pydicom", "test_files", n));

        /// <summary>The pixel data gdcmconv decodes <paramref name="path"/> to, or null when it cannot.</summary>
        private byte[]? Gdcm(string path)
        {
            string raw = Path.Combine(_dir, Guid.NewGuid().ToString("N") + ".raw.dcm");
            var start = new ProcessStartInfo("gdcmconv", $"--raw \"{path}\" \"{raw}\"") { RedirectStandardError = true, RedirectStandardOutput = true };
            using var process = Process.Start(start) ?? throw new InvalidOperationException("gdcmconv did not start (install libgdcm-tools)");
            process.StandardOutput.ReadToEnd();
            process.StandardError.ReadToEnd();
            Assert.True(process.WaitForExit(60000), "gdcmconv did not finish");
            if (process.ExitCode != 0 || !File.Exists(raw)) return null;
            var file = DicomFile.Open(raw);
            if (!file.Dataset.TryGetElement(DicomTag.PixelData, out var e)) return null;
            return e.IsLoaded ? e.RawValue.ToArray() : ((DicomValueRef)e.ValueRef!).ReadAll();
        }

        /// <summary>Each real file with a comment holding the marker put after SIZ in its first frame's main header.</summary>
        private string Inject(string source)
        {
            var file = DicomFile.Open(source);
            using var pixels = EncapsulatedPixelData.Open(file.Dataset);
            string path = Path.Combine(_dir, Path.GetFileName(source));
            using (var builder = new EncapsulatedPixelDataBuilder(_dir))
            {
                for (int i = 0; i < pixels.Geometry.NumberOfFrames; i++)
                {
                    var frame = pixels.ReadFrame(i);
                    int soc = 0;
                    while (!(frame[soc] == 0xFF && frame[soc + 1] == 0x4F)) soc++;
                    int afterSiz = soc + 2 + 2 + ((frame[soc + 4] << 8) | frame[soc + 5]);
                    if (i > 0)
                    {
                        builder.AppendFrame(frame);
                        continue;
                    }
                    var injected = Join(frame.Take(afterSiz).ToArray(), Com(Marker), frame.Skip(afterSiz).ToArray());
                    // A JP2-wrapped codestream (GDCMJ2K_TextGBR) sits in a jp2c box whose length now grows by the comment's.
                    if (soc >= 8 && Encoding.ASCII.GetString(frame, soc - 4, 4) == "jp2c")
                    {
                        int box = (frame[soc - 8] << 24) | (frame[soc - 7] << 16) | (frame[soc - 6] << 8) | frame[soc - 5];
                        if (box != 0)
                        {
                            box += Com(Marker).Length;
                            injected[soc - 8] = (byte)(box >> 24);
                            injected[soc - 7] = (byte)(box >> 16);
                            injected[soc - 6] = (byte)(box >> 8);
                            injected[soc - 5] = (byte)box;
                        }
                    }
                    builder.AppendFrame(injected);
                }
                builder.Commit(file.Dataset);
                file.Save(path);
            }
            return path;
        }

        [Fact]
        public void RealFiles_CommentsGone_GdcmDecodesTheSamePixels()
        {
            int compared = 0;
            foreach (string source in RealFiles())
            {
                string input = Inject(source);
                string output = Path.Combine(_dir, "out-" + Path.GetFileName(source));
                var result = new DeidBatch(new IFileStep[] { new JpegTextStep() }).ProcessOne(new DeidFileRequest(input, output));
                Assert.True(result.Succeeded, source + ": " + result.Error);
                Assert.True(Assert.IsType<JpegTextStatistics>(Assert.Single(result.Steps)).SegmentsRemoved >= 1, source);
                Assert.DoesNotContain(Marker, Encoding.ASCII.GetString(File.ReadAllBytes(output)), StringComparison.Ordinal);
                var before = Gdcm(source);
                if (before == null) continue; // gdcm cannot decode this one at all
                Assert.Equal(before, Gdcm(output));
                compared++;
            }
            Assert.True(compared >= 4, $"gdcmconv decoded only {compared} files");
        }
    }
}
