using System;
using System.Buffers;
using System.Collections.Generic;

namespace Deid.Dicom
{
    /// <summary>
    /// Decodes JPEG-LS Pixel Data (ITU-T T.87 / ISO/IEC 14495-1): transfer syntaxes 1.2.840.10008.1.2.4.80 (lossless) and
    /// 1.2.840.10008.1.2.4.81 (near-lossless). Samples of 2 to 16 bits, one or more components, interleave modes none,
    /// line and sample, with preset parameters and restart intervals. Encoding is not supported.
    /// </summary>
    /// <remarks>
    /// Decoding is exact (near-lossless included: the decoder reconstructs what the encoder did), and frames come out as
    /// native little endian Pixel Data of the geometry, interleaved unless the geometry says Planar Configuration 1.
    /// Mapping tables, HP colour transforms and subsampled components are refused with a
    /// <see cref="DicomFormatException"/>. Thread safe: it holds no state.
    /// </remarks>
    public sealed class JpegLsCodec : IPixelCodec
    {
        private static readonly TransferSyntax[] Syntaxes =
        {
            TransferSyntax.Lookup("1.2.840.10008.1.2.4.80"),
            TransferSyntax.Lookup("1.2.840.10008.1.2.4.81"),
        };

        /// <summary>The shared instance; the codec has no state.</summary>
        public static JpegLsCodec Instance { get; } = new JpegLsCodec();

        /// <summary>JPEG-LS Lossless (1.2.840.10008.1.2.4.80) and JPEG-LS Near-Lossless (1.2.840.10008.1.2.4.81).</summary>
        public IReadOnlyList<TransferSyntax> TransferSyntaxes => Syntaxes;

        /// <summary>
        /// Decodes one JPEG-LS codestream into <paramref name="destination"/>, exactly
        /// <see cref="PixelFrameGeometry.FrameLength"/> bytes of native little endian samples.
        /// </summary>
        /// <exception cref="DicomFormatException">The codestream is broken, uses an unsupported feature, or disagrees with <paramref name="geometry"/>.</exception>
        /// <exception cref="ArgumentException"><paramref name="destination"/> is not one frame long.</exception>
        public void Decode(ReadOnlySpan<byte> encodedFrame, PixelFrameGeometry geometry, Span<byte> destination)
        {
            if (geometry == null) throw new ArgumentNullException(nameof(geometry));
            if (destination.Length != geometry.FrameLength)
                throw new ArgumentException($"The destination holds {destination.Length} bytes; a decoded frame takes {geometry.FrameLength}.", nameof(destination));
            JpegLsFrameDecoder.Decode(encodedFrame, geometry, destination);
        }

        /// <summary>
        /// Checks the frame header of <paramref name="encodedFrame"/> against <paramref name="geometry"/> without decoding: a header
        /// claiming more rows or columns than the codestream holds is refused before a frame buffer is sized from it.
        /// </summary>
        /// <exception cref="DicomFormatException">The codestream's header is broken or disagrees with <paramref name="geometry"/>.</exception>
        public static void CheckFrameHeader(ReadOnlySpan<byte> encodedFrame, PixelFrameGeometry geometry)
        {
            if (geometry == null) throw new ArgumentNullException(nameof(geometry));
            JpegLsFrameDecoder.CheckHeader(encodedFrame, geometry);
        }

        /// <summary>Not supported: cleaned pixel data is written uncompressed or as RLE.</summary>
        /// <exception cref="NotSupportedException">Always.</exception>
        public void Encode(ReadOnlySpan<byte> frame, PixelFrameGeometry geometry, IBufferWriter<byte> destination) =>
            throw new NotSupportedException("JPEG-LS encoding is not supported; write cleaned pixel data uncompressed or as RLE Lossless.");
    }
}
