using System;
using System.Buffers;
using System.Collections.Generic;

namespace Deid.Dicom
{
    /// <summary>
    /// Decodes and encodes the frames of one family of compressed transfer syntaxes (RLE, JPEG, ...), one frame at a
    /// time, as pydicom's pixel decoders and fo-dicom's codecs do. Register codecs with <see cref="PixelCodecRegistry"/>.
    /// </summary>
    public interface IPixelCodec
    {
        /// <summary>The transfer syntaxes whose Pixel Data this codec handles.</summary>
        IReadOnlyList<TransferSyntax> TransferSyntaxes { get; }

        /// <summary>
        /// Decodes one encoded frame (its fragments joined) into <paramref name="destination"/>, which is exactly
        /// <see cref="PixelFrameGeometry.FrameLength"/> bytes: the frame as native Pixel Data of
        /// <paramref name="geometry"/> would hold it in a little endian file.
        /// </summary>
        /// <exception cref="DicomFormatException">The encoded frame is broken.</exception>
        void Decode(ReadOnlySpan<byte> encodedFrame, PixelFrameGeometry geometry, Span<byte> destination);

        /// <summary>
        /// Encodes one frame laid out as native little endian Pixel Data of <paramref name="geometry"/>, appending the
        /// encoded bytes to <paramref name="destination"/>.
        /// </summary>
        /// <exception cref="NotSupportedException">The codec cannot encode, or not this geometry.</exception>
        void Encode(ReadOnlySpan<byte> frame, PixelFrameGeometry geometry, IBufferWriter<byte> destination);
    }
}
