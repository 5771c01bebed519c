using System;
using System.IO;
using Deid.Dicom.Tests.Referee;

namespace Deid.Dicom.Tests.Pixels
{
    /// <summary>How our decode of one file compares with dcmdjpeg's, over every frame.</summary>
    public sealed class JpegComparison
    {
        public string File { get; set; } = "";
        public string SourcePhotometric { get; set; } = "";
        public string OurPhotometric { get; set; } = "";
        public string RefereePhotometric { get; set; } = "";
        public long Samples { get; set; }
        public int MaxAbsDifference { get; set; }
        public double MeanAbsDifference { get; set; }
        public long OverTwo { get; set; }
        public int BitsAllocated { get; set; }
        public TimeSpan OurTime { get; set; }
        public TimeSpan RefereeTime { get; set; }

        public override string ToString() =>
            $"{File}: {Samples} samples, max |d| {MaxAbsDifference} ({OverTwo} over 2), mean |d| {MeanAbsDifference:F4}, ours {OurTime.TotalMilliseconds:F0} ms, dcmdjpeg {RefereeTime.TotalMilliseconds:F0} ms";
    }

    /// <summary>Decodes a JPEG file with <see cref="JpegCodec"/> and with dcmtk's dcmdjpeg, and compares the samples.</summary>
    public static class JpegReferee
    {
        /// <summary>Every frame of <paramref name="path"/>, decoded by us, concatenated; and the decoded Photometric Interpretation.</summary>
        public static (byte[] Pixels, string Photometric, PixelFrameGeometry Geometry, string Source) DecodeOurs(string path)
        {
            var file = DicomFile.Open(path);
            using var encapsulated = EncapsulatedPixelData.Open(file.Dataset, path);
            var codec = PixelCodecRegistry.Default.GetDecoder(file.TransferSyntax);
            var decoded = JpegCodec.GetDecodedGeometry(encapsulated.Geometry, file.TransferSyntax);
            var all = new byte[decoded.TotalLength];
            string photometric = decoded.PhotometricInterpretation;
            for (int f = 0; f < decoded.NumberOfFrames; f++)
            {
                byte[] frame = encapsulated.ReadFrame(f);
                if (f == 0) photometric = JpegCodec.GetDecodedPhotometricInterpretation(frame, encapsulated.Geometry);
                codec.Decode(frame, encapsulated.Geometry, all.AsSpan((int)decoded.GetFrameOffset(f), (int)decoded.FrameLength));
            }
            return (all, photometric, decoded, encapsulated.Geometry.PhotometricInterpretation);
        }

        /// <summary>Runs dcmdjpeg on <paramref name="path"/> and reads the native result.</summary>
        public static (byte[] Pixels, string Photometric, TimeSpan Elapsed) DecodeReferee(string path)
        {
            string output = Path.Combine(Path.GetTempPath(), $"deid-dcmdjpeg-{Guid.NewGuid():N}.dcm");
            try
            {
                var run = ToolRunner.Run("dcmdjpeg", new[] { path, output });
                if (run.ExitCode != 0) throw new InvalidOperationException(run.Describe());
                var file = DicomFile.Open(output);
                using var native = NativePixelData.Open(file.Dataset, output);
                var all = new byte[native.Geometry.TotalLength];
                for (int f = 0; f < native.Geometry.NumberOfFrames; f++)
                    native.ReadFrame(f, all.AsSpan((int)native.Geometry.GetFrameOffset(f), (int)native.Geometry.FrameLength));
                return (all, native.Geometry.PhotometricInterpretation, run.Elapsed);
            }
            finally
            {
                File.Delete(output);
            }
        }

        public static JpegComparison Compare(string path)
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var ours = DecodeOurs(path);
            var ourTime = clock.Elapsed;
            var theirs = DecodeReferee(path);
            if (ours.Pixels.Length != theirs.Pixels.Length)
                throw new InvalidOperationException($"{path}: we decode {ours.Pixels.Length} bytes, dcmdjpeg {theirs.Pixels.Length}");
            int bytes = ours.Geometry.BytesPerSample;
            long samples = ours.Pixels.Length / bytes;
            int max = 0;
            long sum = 0, overTwo = 0;
            for (long i = 0; i < samples; i++)
            {
                int a = bytes == 1 ? ours.Pixels[i] : ours.Pixels[2 * i] | (ours.Pixels[2 * i + 1] << 8);
                int b = bytes == 1 ? theirs.Pixels[i] : theirs.Pixels[2 * i] | (theirs.Pixels[2 * i + 1] << 8);
                int d = Math.Abs(a - b);
                if (d > max) max = d;
                sum += d;
                if (d > 2) overTwo++;
            }
            return new JpegComparison
            {
                File = Path.GetFileName(path),
                SourcePhotometric = ours.Source,
                OurPhotometric = ours.Photometric,
                RefereePhotometric = theirs.Photometric,
                Samples = samples,
                MaxAbsDifference = max,
                MeanAbsDifference = samples == 0 ? 0 : (double)sum / samples,
                OverTwo = overTwo,
                BitsAllocated = ours.Geometry.BitsAllocated,
                OurTime = ourTime,
                RefereeTime = theirs.Elapsed,
            };
        }
    }
}
