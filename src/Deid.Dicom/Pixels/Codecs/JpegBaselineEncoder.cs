using System;
using System.Buffers;
using JpegLibrary;

namespace Deid.Dicom
{
    /// <summary>
    /// Encodes 8-bit greyscale frames as JPEG Baseline (Process 1) codestreams, through the managed JpegLibrary: SOI, the
    /// quantization and Huffman tables, one frame and one scan, EOI, with no JFIF or other application segment. For writing
    /// test data (New-DicomSample's JPEG samples), not for cleaned pixels: the codec registry offers no JPEG encoder, so no
    /// cleaned image is ever compressed with loss behind the caller's back.
    /// </summary>
    public static class JpegBaselineEncoder
    {
        /// <summary>The quality (1-100) the standard tables are scaled to when none is given: small files, text still legible.</summary>
        public const int DefaultQuality = 90;

        /// <summary>
        /// Appends the codestream of <paramref name="frame"/> (one frame of <paramref name="geometry"/>, native samples) to
        /// <paramref name="destination"/>.
        /// </summary>
        /// <exception cref="NotSupportedException">The geometry is not one 8-bit unsigned sample a pixel (what Baseline holds here).</exception>
        /// <exception cref="ArgumentException"><paramref name="frame"/> is shorter than a frame.</exception>
        public static void Encode(ReadOnlySpan<byte> frame, PixelFrameGeometry geometry, IBufferWriter<byte> destination, int quality = DefaultQuality)
        {
            if (geometry == null) throw new ArgumentNullException(nameof(geometry));
            if (destination == null) throw new ArgumentNullException(nameof(destination));
            if (geometry.SamplesPerPixel != 1 || geometry.BitsAllocated != 8 || geometry.BitsStored != 8 || geometry.IsSigned)
                throw new NotSupportedException($"JPEG Baseline is written for one unsigned 8-bit sample a pixel; this frame has {geometry.SamplesPerPixel} sample(s) of {geometry.BitsStored} bits.");
            if (geometry.Rows > ushort.MaxValue || geometry.Columns > ushort.MaxValue)
                throw new NotSupportedException($"A JPEG frame is at most 65535 × 65535; this one is {geometry.Columns} × {geometry.Rows}.");
            if (quality < 1 || quality > 100) throw new ArgumentOutOfRangeException(nameof(quality), "The quality is 1 to 100.");
            long length = (long)geometry.Rows * geometry.Columns;
            if (frame.Length < length) throw new ArgumentException($"The frame holds {frame.Length} bytes; {length} are needed.", nameof(frame));

            var encoder = new JpegEncoder();
            encoder.SetQuantizationTable(JpegStandardQuantizationTable.ScaleByQuality(
                JpegStandardQuantizationTable.GetLuminanceTable(JpegElementPrecision.Precision8Bit, 0), quality));
            encoder.SetHuffmanTable(true, 0, JpegStandardHuffmanEncodingTable.GetLuminanceDCTable());
            encoder.SetHuffmanTable(false, 0, JpegStandardHuffmanEncodingTable.GetLuminanceACTable());
            encoder.AddComponent(0, 0, 0, 0, 1, 1);
            encoder.SetInputReader(new GreyBlocks(frame.Slice(0, (int)length).ToArray(), geometry.Columns, geometry.Rows));
            encoder.SetOutput(destination);
            encoder.Encode();
        }

        // Hands the encoder 8×8 blocks of samples; past the right and bottom edges the last column and row are repeated, as
        // libjpeg pads, so the edge blocks' coefficients stay small.
        private sealed class GreyBlocks : JpegBlockInputReader
        {
            private readonly byte[] _samples;
            private readonly int _width;
            private readonly int _height;

            public GreyBlocks(byte[] samples, int width, int height)
            {
                _samples = samples;
                _width = width;
                _height = height;
            }

            public override int Width => _width;

            public override int Height => _height;

            public override void ReadBlock(ref short blockRef, int componentIndex, int x, int y)
            {
                for (int by = 0; by < 8; by++)
                {
                    int row = Math.Min(y + by, _height - 1) * _width;
                    for (int bx = 0; bx < 8; bx++)
                        System.Runtime.CompilerServices.Unsafe.Add(ref blockRef, by * 8 + bx) = _samples[row + Math.Min(x + bx, _width - 1)];
                }
            }
        }
    }
}
