using System;
using System.Buffers;
using System.IO;
using Deid.Dicom.Tests.Referee;
using Xunit;
using static Deid.Dicom.Tests.Pixels.PixelTestData;

namespace Deid.Dicom.Tests.Pixels
{
    /// <summary>Reads RLE and native files whole, writes RLE files, and runs dcmdrle on them, for the RLE codec tests.</summary>
    public static class RleTestFiles
    {
        /// <summary>Every frame of an encapsulated file, decoded with the default registry's codec and concatenated.</summary>
        public static byte[] DecodeAll(string path, out PixelFrameGeometry geometry)
        {
            var file = DicomFile.Open(path);
            using var pixels = EncapsulatedPixelData.Open(file.Dataset, path);
            geometry = pixels.Geometry;
            var codec = PixelCodecRegistry.Default.GetDecoder(file.TransferSyntax);
            var all = new byte[geometry.TotalLength];
            for (int f = 0; f < geometry.NumberOfFrames; f++)
                pixels.DecodeFrame(f, codec, all.AsSpan((int)geometry.GetFrameOffset(f), (int)geometry.FrameLength));
            return all;
        }

        /// <summary>Every frame of a native file, little endian, concatenated.</summary>
        public static byte[] NativeAll(string path, out PixelFrameGeometry geometry)
        {
            var file = DicomFile.Open(path);
            using var pixels = NativePixelData.Open(file.Dataset, path);
            geometry = pixels.Geometry;
            var all = new byte[geometry.TotalLength];
            for (int f = 0; f < geometry.NumberOfFrames; f++)
                pixels.ReadFrame(f, all.AsSpan((int)geometry.GetFrameOffset(f), (int)geometry.FrameLength));
            return all;
        }

        /// <summary>Encodes one frame with <paramref name="codec"/> into a new array.</summary>
        public static byte[] Encode(IPixelCodec codec, ReadOnlySpan<byte> frame, PixelFrameGeometry geometry)
        {
            var writer = new ArrayBufferWriter<byte>();
            codec.Encode(frame, geometry, writer);
            return writer.WrittenSpan.ToArray();
        }

        /// <summary>Writes an RLE Lossless file of <paramref name="geometry"/> holding the frames of <paramref name="frames"/> encoded by <paramref name="codec"/>.</summary>
        public static string WriteRleFile(string folder, IPixelCodec codec, PixelFrameGeometry geometry, byte[] frames)
        {
            var file = new DicomFile(TransferSyntax.RleLossless);
            SetImagePixel(file.Dataset, geometry);
            file.Dataset.SetString(Helpers.DicomGen.SopClassUid, DicomVR.UI, "1.2.840.10008.5.1.4.1.1.7");
            file.Dataset.SetString(Helpers.DicomGen.SopInstanceUid, DicomVR.UI, "1.2.826.0.1.3680043.10.1418.9.3");
            using var builder = new EncapsulatedPixelDataBuilder(folder);
            for (int f = 0; f < geometry.NumberOfFrames; f++)
                builder.AppendFrame(Encode(codec, frames.AsSpan((int)geometry.GetFrameOffset(f), (int)geometry.FrameLength), geometry));
            builder.Commit(file.Dataset);
            string path = Path.Combine(folder, Guid.NewGuid().ToString("N") + ".dcm");
            file.Save(path);
            return path;
        }

        /// <summary>Runs dcmdrle on <paramref name="input"/> and returns the native (Explicit VR Little Endian) file it wrote.</summary>
        public static string Dcmdrle(string input, string folder)
        {
            string output = Path.Combine(folder, Guid.NewGuid().ToString("N") + "-dcmdrle.dcm");
            var run = ToolRunner.Run("dcmdrle", new[] { input, output });
            Assert.True(run.ExitCode == 0 && File.Exists(output), run.Describe());
            return output;
        }
    }
}
