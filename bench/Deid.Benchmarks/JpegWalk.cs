using System;
using System.Buffers;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using Deid.Dicom;
using Deid.Pixels;

namespace Deid.Benchmarks
{
    /// <summary>
    /// <c>jpeg-walk DIR PASSES</c>: what the look for text segments in JPEG frames costs a file (every JPEG file
    /// Invoke-DeidReplace writes is walked), split into reading each frame through the 64 KB window alone and reading plus
    /// walking it, and the look made while writing (<see cref="JpegFrameScan"/> fed the frame's bytes as the writer copies
    /// them), pass after pass over the same files (the first pass includes the JIT). WALK_WINDOW sets the window's size in
    /// bytes (the product's is 65536).
    /// </summary>
    internal static class JpegWalk
    {
        public static long Run(string dir, int passes, out long bytes)
        {
            var files = new List<string>(Directory.EnumerateFiles(dir));
            files.Sort(StringComparer.Ordinal);
            bytes = 0;
            byte[] window = ArrayPool<byte>.Shared.Rent(int.Parse(Environment.GetEnvironmentVariable("WALK_WINDOW") ?? "65536", CultureInfo.InvariantCulture));
            for (int pass = 1; pass <= passes; pass++)
            {
                var read = new Stopwatch();
                var walk = new Stopwatch();
                var scan = new Stopwatch();
                var scanner = new JpegFrameScan(jpegLs: false);
                long frames = 0, removable = 0, clean = 0;
                bytes = 0;
                foreach (var path in files)
                {
                    var file = DicomFile.Open(path);
                    if (!file.Dataset.TryGetElement(DicomTag.PixelData, out var element) || element.Fragments == null) continue;
                    using var pixels = EncapsulatedPixelData.Open(file.Dataset, path);
                    for (int frame = 0; frame < pixels.Geometry.NumberOfFrames; frame++)
                    {
                        long length = pixels.GetFrameFragments(frame).Length;
                        bytes += length;
                        frames++;
                        read.Start();
                        for (long at = 0; at < length;)
                        {
                            at += pixels.ReadFrame(frame, at, window, 0, (int)Math.Min(window.Length, length - at));
                        }
                        read.Stop();
                        scan.Start();
                        scanner.Reset();
                        for (long at = 0; at < length;)
                        {
                            int n = pixels.ReadFrame(frame, at, window, 0, (int)Math.Min(window.Length, length - at));
                            scanner.Feed(new ReadOnlySpan<byte>(window, 0, n));
                            at += n;
                        }
                        scan.Stop();
                        if (scanner.IsCertainlyClean) clean++;
                        int f = frame;
                        walk.Start();
                        removable += JpegTextStripper.CountRemovable(length, (at, buffer, offset, count) => pixels.ReadFrame(f, at, buffer, offset, count), window, jpegLs: false, path);
                        walk.Stop();
                    }
                }
                Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "pass {0}: {1} frames, read {2:F1} us a frame, read and walk {3:F1} us a frame, {4} removable; read and look-on-write scan {5:F1} us a frame, {6} certainly clean",
                    pass, frames, read.Elapsed.TotalMilliseconds * 1000 / Math.Max(frames, 1), walk.Elapsed.TotalMilliseconds * 1000 / Math.Max(frames, 1), removable,
                    scan.Elapsed.TotalMilliseconds * 1000 / Math.Max(frames, 1), clean));
            }
            ArrayPool<byte>.Shared.Return(window);
            return files.Count;
        }
    }
}
