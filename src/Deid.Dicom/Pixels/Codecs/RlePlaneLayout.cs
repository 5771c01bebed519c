using System;

namespace Deid.Dicom
{
    /// <summary>
    /// Where each RLE segment's bytes go in a native little endian frame. PS3.5 §G.2 orders the segments sample by
    /// sample and, within a sample, from the most significant byte to the least; the native frame keeps the bytes of a
    /// sample together, least significant first, and interleaves samples (Planar Configuration 0) or keeps each sample's
    /// plane whole (1).
    /// </summary>
    internal readonly struct RlePlaneLayout
    {
        private readonly int _samples;
        private readonly int _bytesPerSample;
        private readonly bool _planar;

        private RlePlaneLayout(int samples, int bytesPerSample, bool planar, int planeLength)
        {
            _samples = samples;
            _bytesPerSample = bytesPerSample;
            _planar = planar;
            PlaneLength = planeLength;
        }

        /// <summary>Samples per Pixel × bytes per sample: one segment per byte plane.</summary>
        public int Segments => _samples * _bytesPerSample;

        /// <summary>The bytes of one byte plane: Rows × Columns.</summary>
        public int PlaneLength { get; }

        /// <summary>
        /// The layout of <paramref name="geometry"/>, or an exception for one RLE cannot hold: <see cref="DicomFormatException"/>
        /// when decoding (the geometry came from the dataset) and <see cref="NotSupportedException"/> when encoding.
        /// </summary>
        public static RlePlaneLayout For(PixelFrameGeometry geometry, bool forEncoding)
        {
            if (geometry == null) throw new ArgumentNullException(nameof(geometry));
            int bytes = geometry.BytesPerSample;
            long plane = (long)geometry.Rows * geometry.Columns;
            // Bits Allocated 1 packs eight pixels a byte, so there are no byte planes; YBR_FULL_422 shares chrominance
            // between pixel pairs, and PS3.5 §8.2.2 has RLE store YBR_FULL instead. Both show as a frame length that is
            // not Rows × Columns × samples × bytes.
            if (bytes == 0 || geometry.FrameLength != plane * geometry.SamplesPerPixel * bytes)
                throw Unsupported(forEncoding, $"RLE Lossless cannot hold {geometry}: it needs whole bytes per sample and Rows × Columns samples per plane (no Bits Allocated 1, no YBR_FULL_422).");
            if (geometry.SamplesPerPixel * bytes > RleCodec.MaxSegments)
                throw Unsupported(forEncoding, $"RLE Lossless holds at most {RleCodec.MaxSegments} byte planes; {geometry} needs {geometry.SamplesPerPixel * bytes}.");
            if (plane > int.MaxValue)
                throw Unsupported(forEncoding, $"A frame of {geometry.Rows} × {geometry.Columns} pixels is too large to decode in memory.");
            return new RlePlaneLayout(geometry.SamplesPerPixel, bytes, geometry.SamplesPerPixel > 1 && geometry.PlanarConfiguration == 1, (int)plane);
        }

        /// <summary>Where segment <paramref name="segment"/> (from 0) lives in the native frame: its first byte and the distance between its bytes.</summary>
        public void Place(int segment, out int start, out int stride)
        {
            int sample = segment / _bytesPerSample;
            int byteInSample = _bytesPerSample - 1 - segment % _bytesPerSample; // most significant segment first, little endian bytes
            if (_planar)
            {
                start = sample * PlaneLength * _bytesPerSample + byteInSample;
                stride = _bytesPerSample;
            }
            else
            {
                start = sample * _bytesPerSample + byteInSample;
                stride = _samples * _bytesPerSample;
            }
        }

        private static Exception Unsupported(bool forEncoding, string message) =>
            forEncoding ? new NotSupportedException(message) : (Exception)new DicomFormatException(null, -1, DicomTag.PixelData, message);
    }
}
