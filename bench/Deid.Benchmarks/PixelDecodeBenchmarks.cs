using System;
using System.Collections.Generic;
using System.IO;
using BenchmarkDotNet.Attributes;
using Deid.Dicom;

namespace Deid.Benchmarks
{
    /// <summary>
    /// Decoding the first frame of compressed corpus files through the codec registry, as -CleanPixels does before it blanks:
    /// JPEG 2000 (examples_jpeg2k: a 640×480 colour ultrasound, reversible with the component transform; JPEG2000.dcm: a
    /// 1024×256 16-bit lossy image), JPEG (a cookie, 2048×1536 colour) and JPEG-LS, for comparison.
    /// </summary>
    [MemoryDiagnoser]
    public class PixelDecodeBenchmarks
    {
        private readonly Dictionary<string, (byte[] Frame, PixelFrameGeometry Geometry, IPixelCodec Codec, byte[] Destination)> _frames =
            new Dictionary<string, (byte[], PixelFrameGeometry, IPixelCodec, byte[])>(StringComparer.Ordinal);

        [GlobalSetup]
        public void Setup()
        {
            string data = Path.Combine(BenchCorpus.RepositoryRoot(), "..", "shared", "data");
            Add("j2k-colour", Path.Combine(data, "pydicom", "test_files", "examples_jpeg2k.dcm"));
            Add("j2k-16bit-lossy", Path.Combine(data, "pydicom", "test_files", "JPEG2000.dcm"));
            Add("jpeg-cookie", Path.Combine(data, "deid-data", "dicom-cookies", "image1.dcm"));
            Add("jpegls", Path.Combine(data, "pydicom", "test_files", "MR_small_jpeg_ls_lossless.dcm"));
        }

        private void Add(string name, string path)
        {
            var file = DicomFile.Open(path);
            using var encapsulated = EncapsulatedPixelData.Open(file.Dataset, path);
            var g = encapsulated.Geometry;
            // Interleaved, full resolution: what every codec here decodes into.
            var decoded = new PixelFrameGeometry(g.Rows, g.Columns, g.SamplesPerPixel, g.BitsAllocated, g.BitsStored, g.HighBit, g.PixelRepresentation, 1, 0,
                g.SamplesPerPixel == 3 ? "RGB" : g.PhotometricInterpretation);
            _frames[name] = (encapsulated.ReadFrame(0), g, PixelCodecRegistry.Default.GetDecoder(file.TransferSyntax), new byte[decoded.FrameLength]);
        }

        [Params("j2k-colour", "j2k-16bit-lossy", "jpeg-cookie", "jpegls")]
        public string Frame { get; set; } = "j2k-colour";

        [Benchmark(Description = "decode one frame")]
        public int Decode()
        {
            var (frame, geometry, codec, destination) = _frames[Frame];
            codec.Decode(frame, geometry, destination);
            return destination[destination.Length / 2];
        }
    }
}
