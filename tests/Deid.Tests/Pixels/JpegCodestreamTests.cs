using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Deid.Dicom;
using Deid.Pixels;
using Xunit;

namespace Deid.Tests.Pixels
{
    /// <summary>
    /// The first look at every JPEG frame reads it through a small window (<see cref="JpegTextStripper.CountRemovable"/>): it must
    /// find what the whole-frame walk finds and fail where it fails, whatever the window size and wherever segments, fill bytes and
    /// stuffed 0xFF fall against the window's edges — and read each byte about once.
    /// </summary>
    public sealed class JpegCodestreamTests
    {
        private static readonly int[] Windows = { 16, 17, 31, 64, 4096, 1 << 16 };

        private static byte[] Segment(byte marker, string payload)
        {
            var bytes = System.Text.Encoding.ASCII.GetBytes(payload);
            int length = bytes.Length + 2;
            return new byte[] { 0xFF, marker, (byte)(length >> 8), (byte)length }.Concat(bytes).ToArray();
        }

        private static byte[] Join(params byte[][] parts) => parts.SelectMany(p => p).ToArray();

        private static readonly byte[] Soi = { 0xFF, 0xD8 };
        private static readonly byte[] Eoi = { 0xFF, 0xD9 };

        /// <summary>Entropy-coded data with stuffed 0xFF 0x00, restart markers and fill, long enough to cross many windows.</summary>
        private static byte[] Scan(Random random, int length)
        {
            var data = new byte[length];
            random.NextBytes(data);
            for (int i = 0; i < length - 1; i++)
            {
                if (data[i] != 0xFF) continue;
                data[i + 1] = random.Next(8) == 0 ? (byte)(0xD0 + random.Next(8)) : (byte)0x00;
                i++;
            }
            if (data[length - 1] == 0xFF) data[length - 1] = 0x12;
            return data;
        }

        private static IEnumerable<byte[]> Frames()
        {
            var random = new Random(20261204);
            var sof = Segment(0xC0, "\b\0\b\0\b\u0001\u0001\u0011\0");
            var sos = Segment(0xDA, "\u0001\u0001\0\0?\0");
            var dht = Segment(0xC4, new string('\0', 17));
            var jfif = Segment(0xE0, "JFIF\0\u0001\u0001\0\0\u0001\0\u0001\0\0");
            var adobe = Segment(0xEE, "Adobe\0d\0\0\0\0\u0001");
            var mrfx = Segment(0xE8, "mrfx\u0001");
            var comment = Segment(0xFE, "DOE^JOHN");
            var exif = Segment(0xE1, "Exif\0\0Artist=DOE^JOHN");
            var shortApp = Segment(0xE0, "JF");
            // Segments a decoder needs, with bytes after their fixed header (a JFIF thumbnail, text): cut, not removed.
            var jfifThumbnail = Segment(0xE0, "JFIF\0\u0001\u0001\0\0\u0001\0\u0001\u0002\u0001\u0010\u0020\u0030\u0040\u0050\u0060");
            var adobeLong = Segment(0xEE, "Adobe\0d\0\0\0\0\u0001DOE^JOHN");
            for (int k = 0; k < 40; k++)
            {
                int scan = random.Next(1, 3000);
                yield return Join(Soi, jfif, adobe, mrfx, sof, dht, sos, Scan(random, scan), Eoi);
                yield return Join(Soi, comment, exif, sof, sos, Scan(random, scan), comment, dht, sos, Scan(random, scan), Eoi, new byte[] { 0 });
                yield return Join(Soi, shortApp, sof, sos, Scan(random, scan), new byte[] { 0xFF, 0xFF, 0xFF }, comment, Eoi);
                yield return Join(Soi, sof, sos, Scan(random, scan)); // no EOI
                yield return Join(Soi, jfifThumbnail, sof, sos, Scan(random, scan), Eoi);
                yield return Join(Soi, jfif, adobeLong, sof, sos, Scan(random, scan), Eoi);
            }
            foreach (var path in Directory.GetFiles(TestPaths.Data("deid-data", "dicom-cookies"), "*.dcm"))
            {
                var file = DicomFile.Open(path);
                using var pixels = EncapsulatedPixelData.Open(file.Dataset, path);
                var frame = pixels.ReadFrame(0);
                yield return frame;
                // A comment hidden after the scan, just before EOI, where only a walk through all of the scan finds it.
                int eoi = frame.Length - 2;
                while (eoi > 2 && !(frame[eoi] == 0xFF && frame[eoi + 1] == 0xD9)) eoi--;
                yield return Join(frame.Take(eoi).ToArray(), comment, frame.Skip(eoi).ToArray());
            }
        }

        private static IEnumerable<byte[]> Broken(byte[] frame, Random random)
        {
            yield return frame.Take(random.Next(0, frame.Length)).ToArray(); // cut anywhere
            var flipped = (byte[])frame.Clone();
            flipped[random.Next(2, Math.Min(frame.Length, 200))] = 0xFF; // a marker or length made up in the header segments
            yield return flipped;
            var lying = (byte[])frame.Clone();
            int at = Array.FindIndex(lying, 2, b => b == 0xFF);
            if (at > 0 && at + 3 < lying.Length)
            {
                lying[at + 2] = 0xFF; // a segment length running past the frame
                yield return lying;
            }
        }

        private static string Outcome(Func<int> walk)
        {
            try
            {
                return "removable " + walk();
            }
            catch (DicomFormatException e)
            {
                return "error " + e.Message;
            }
        }

        [Fact]
        public void Window_walk_finds_and_fails_as_the_whole_frame_walk_does_for_every_window_size()
        {
            var random = new Random(7);
            int compared = 0, withText = 0, broken = 0;
            foreach (var good in Frames())
            {
                foreach (var frame in new[] { good }.Concat(Broken(good, random)))
                {
                    foreach (bool jpegLs in new[] { false, true })
                    {
                        string expected = Outcome(() => JpegTextStripper.FindRemovable(frame, jpegLs, "x.dcm").Count);
                        foreach (int size in Windows)
                        {
                            long read = 0;
                            FrameReader reader = (at, buffer, offset, count) =>
                            {
                                int n = (int)Math.Min(count, frame.Length - at);
                                Array.Copy(frame, at, buffer, offset, n);
                                read += n;
                                return n;
                            };
                            string actual = Outcome(() => JpegTextStripper.CountRemovable(frame.Length, reader, new byte[size], jpegLs, "x.dcm"));
                            Assert.Equal(expected, actual);
                            // About one read of each byte: a window is read again only when a marker straddles its edge.
                            if (size >= 4096) Assert.True(read <= frame.Length + 2L * size, $"{read} bytes read for a frame of {frame.Length}");
                            compared++;
                        }
                        if (expected.StartsWith("removable ", StringComparison.Ordinal) && expected != "removable 0") withText++;
                        if (expected.StartsWith("error ", StringComparison.Ordinal)) broken++;
                    }
                }
            }
            // The cases cover clean, text-bearing and broken frames, not one kind only.
            Assert.True(compared > 5000, compared.ToString());
            Assert.True(withText > 100, withText.ToString());
            Assert.True(broken > 100, broken.ToString());
        }

        [Fact]
        public void The_look_while_copying_is_certain_only_where_the_walk_finds_nothing_and_is_certain_of_clean_frames_ending_at_EOI()
        {
            // JpegFrameScan sees a frame as a write copies it, in pieces of any size; only its "certainly clean" lets the
            // write stand without the walk, so it must never be said of a frame the walk finds text in, or fails on.
            var random = new Random(11);
            int certain = 0, notCertain = 0, realFrames = 0;
            foreach (var good in Frames())
            {
                foreach (var frame in new[] { good }.Concat(Broken(good, random)))
                {
                    foreach (bool jpegLs in new[] { false, true })
                    {
                        string expected = Outcome(() => JpegTextStripper.FindRemovable(frame, jpegLs, "x.dcm").Count);
                        bool endsAtEoi = EndsAtEoiAndPadding(frame);
                        foreach (int piece in new[] { 1, 3, 7, 4096, 1 << 16, int.MaxValue })
                        {
                            var scan = new JpegFrameScan(jpegLs);
                            scan.Reset();
                            for (int at = 0; at < frame.Length; at += Math.Min(piece, frame.Length - at))
                                scan.Feed(frame.AsSpan(at, Math.Min(piece, frame.Length - at)));
                            if (scan.IsCertainlyClean)
                            {
                                Assert.Equal("removable 0", expected);
                                certain++;
                            }
                            else
                            {
                                // Not certain is allowed, but a clean frame ending at EOI must be taken as clean, or the look
                                // while copying would save nothing.
                                Assert.False(expected == "removable 0" && endsAtEoi, $"a clean frame of {frame.Length} bytes was not certain");
                                notCertain++;
                            }
                        }
                    }
                }
            }
            foreach (var path in Directory.GetFiles(TestPaths.Data("deid-data", "dicom-cookies"), "*.dcm"))
            {
                var file = DicomFile.Open(path);
                using var pixels = EncapsulatedPixelData.Open(file.Dataset, path);
                var scan = new JpegFrameScan(jpegLs: false);
                scan.Reset();
                scan.Feed(pixels.ReadFrame(0));
                Assert.True(scan.IsCertainlyClean, path);
                realFrames++;
            }
            Assert.True(certain > 300, certain.ToString());
            Assert.True(notCertain > 1000, notCertain.ToString());
            Assert.Equal(7, realFrames);
        }

        /// <summary>The frame's last bytes, padding (0x00, 0xFF) aside, are EOI.</summary>
        private static bool EndsAtEoiAndPadding(byte[] frame)
        {
            int end = frame.Length;
            while (end > 0 && (frame[end - 1] == 0x00 || frame[end - 1] == 0xFF)) end--;
            return end >= 2 && frame[end - 2] == 0xFF && frame[end - 1] == 0xD9;
        }

        [Fact]
        public void A_large_frame_is_looked_at_through_the_window_only()
        {
            // 20 MB of scan with a comment at the end: found, with the window the only buffer.
            var random = new Random(3);
            var frame = Join(Soi, Segment(0xC0, "\b\0\b\0\b\u0001\u0001\u0011\0"), Segment(0xDA, "\u0001\u0001\0\0?\0"), Scan(random, 20 << 20), Segment(0xFE, "HIDDEN"), Eoi);
            var window = new byte[1 << 16];
            FrameReader reader = (at, buffer, offset, count) =>
            {
                int n = (int)Math.Min(count, frame.Length - at);
                Buffer.BlockCopy(frame, (int)at, buffer, offset, n);
                return n;
            };
            long before = GC.GetAllocatedBytesForCurrentThread();
            int found = JpegTextStripper.CountRemovable(frame.Length, reader, window, jpegLs: false);
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.Equal(1, found);
            Assert.True(allocated < 16 * 1024, $"{allocated} bytes allocated");
        }
        /// <summary>The end of entropy-coded data as T.81 and T.87 define it, one byte at a time: what the search must give.</summary>
        private static long FirstMarker(byte[] data, long from)
        {
            for (long i = from; i + 1 < data.Length; i++)
            {
                if (data[i] != 0xFF) continue;
                byte after = data[i + 1];
                if (after == 0xFF || (after >= 0xC0 && !(after >= 0xD0 && after <= 0xD7))) return i;
            }
            return data.Length;
        }

        [Fact]
        public void Marker_search_agrees_with_a_byte_by_byte_scan_wherever_0xFF_falls_against_the_window()
        {
            var random = new Random(20261205);
            // Bytes after 0xFF drawn from every class: stuffing, restarts, JPEG-LS data (below 0x80), fill, real markers.
            byte[] after = { 0x00, 0x01, 0x7F, 0x80, 0xBF, 0xC0, 0xC4, 0xCF, 0xD0, 0xD7, 0xD8, 0xD9, 0xDA, 0xE0, 0xFE, 0xFF };
            int compared = 0, found = 0;
            for (int k = 0; k < 400; k++)
            {
                var data = new byte[random.Next(2, 400)];
                random.NextBytes(data);
                // 0xFF dense enough that many land on a window's last byte or first byte.
                int marks = random.Next(0, data.Length / 3 + 1);
                for (int m = 0; m < marks; m++)
                {
                    int at = random.Next(data.Length);
                    data[at] = 0xFF;
                    if (at + 1 < data.Length && random.Next(3) > 0) data[at + 1] = after[random.Next(after.Length)];
                }
                var whole = new JpegCodestream(data, data.Length);
                foreach (int size in new[] { 16, 17, 18, 31, 64, 4096 })
                {
                    FrameReader reader = (at, buffer, offset, count) =>
                    {
                        int n = (int)Math.Min(count, data.Length - at);
                        Array.Copy(data, at, buffer, offset, n);
                        return n;
                    };
                    var windowed = new JpegCodestream(data.Length, reader, new byte[size]);
                    for (long from = 0; from < data.Length; from += 1 + random.Next(12))
                    {
                        long expected = FirstMarker(data, from);
                        Assert.Equal(expected, whole.IndexOfMarker(from));
                        Assert.Equal(expected, windowed.IndexOfMarker(from));
                        if (expected < data.Length) found++;
                        compared++;
                    }
                }
            }
            Assert.True(compared > 10000, compared.ToString());
            Assert.True(found > compared / 4, $"{found} of {compared}");
        }
    }
}
