using System;
using System.Buffers;
using System.Collections.Generic;
using JpegLibrary;

namespace Deid.Dicom
{
    /// <summary>
    /// Decodes JPEG Baseline (1.2.840.10008.1.2.4.50), JPEG Extended 12-bit (.51), JPEG Lossless (.57) and JPEG
    /// Lossless SV1 (.70) frames into native little endian, interleaved samples, through the managed JpegLibrary.
    /// Encoding is not offered: cleaned pixels are written uncompressed or RLE.
    /// </summary>
    /// <remarks>
    /// Colour follows dcmtk's <c>dcmdjpeg</c> default: a lossy three-component frame whose Photometric Interpretation
    /// is YBR_FULL or YBR_FULL_422 is converted to RGB, unless the codestream states it holds RGB (an Adobe APP14
    /// segment with transform 0, or component ids 'R', 'G', 'B', without JFIF): then the samples pass through as they are. The decoded frame is therefore laid out
    /// as <see cref="GetDecodedGeometry"/> describes, not always as the dataset's geometry: YBR_FULL_422 decodes to
    /// three samples a pixel, so its destination is larger than the dataset geometry's
    /// <see cref="PixelFrameGeometry.FrameLength"/>. A caller that writes the decoded pixels uses
    /// <see cref="GetDecodedPhotometricInterpretation(ReadOnlySpan{byte}, PixelFrameGeometry)"/> for the new header (and Planar Configuration 0).
    /// </remarks>
    public sealed class JpegCodec : IPixelCodec
    {
        /// <summary>JPEG Baseline (Process 1).</summary>
        public const string BaselineUid = "1.2.840.10008.1.2.4.50";

        /// <summary>JPEG Extended (Process 2 and 4).</summary>
        public const string ExtendedUid = "1.2.840.10008.1.2.4.51";

        /// <summary>JPEG Lossless, Non-Hierarchical (Process 14).</summary>
        public const string LosslessUid = "1.2.840.10008.1.2.4.57";

        /// <summary>JPEG Lossless, Non-Hierarchical, First-Order Prediction (Process 14, Selection Value 1).</summary>
        public const string LosslessSV1Uid = "1.2.840.10008.1.2.4.70";

        private static readonly IReadOnlyList<TransferSyntax> Syntaxes = new[]
        {
            TransferSyntax.Lookup(BaselineUid),
            TransferSyntax.Lookup(ExtendedUid),
            TransferSyntax.Lookup(LosslessUid),
            TransferSyntax.Lookup(LosslessSV1Uid),
        };

        /// <summary>The codec registered in <see cref="PixelCodecRegistry.Default"/>; it keeps no state between frames.</summary>
        public static JpegCodec Instance { get; } = new JpegCodec();

        /// <inheritdoc />
        public IReadOnlyList<TransferSyntax> TransferSyntaxes => Syntaxes;

        /// <summary>
        /// The Photometric Interpretation of frames of <paramref name="transferSyntax"/> decoded from data of
        /// <paramref name="geometry"/>: "RGB" for lossy YBR_FULL and YBR_FULL_422 (converted as dcmdjpeg does),
        /// "YBR_FULL" for lossless YBR_FULL_422 (no longer subsampled), otherwise unchanged. A frame that states it holds
        /// RGB (Adobe APP14 transform 0, or component ids 'R', 'G', 'B') is not converted: the frame overload
        /// <see cref="GetDecodedPhotometricInterpretation(ReadOnlySpan{byte}, PixelFrameGeometry)"/> is exact.
        /// </summary>
        public static string GetDecodedPhotometricInterpretation(PixelFrameGeometry geometry, TransferSyntax transferSyntax)
        {
            if (geometry == null) throw new ArgumentNullException(nameof(geometry));
            if (transferSyntax == null) throw new ArgumentNullException(nameof(transferSyntax));
            bool lossless = transferSyntax.Uid == LosslessUid || transferSyntax.Uid == LosslessSV1Uid;
            if (IsYbrFull(geometry) && !lossless) return "RGB";
            return IsYbr422(geometry) ? "YBR_FULL" : geometry.PhotometricInterpretation;
        }

        /// <summary>
        /// The Photometric Interpretation of <paramref name="encodedFrame"/> once decoded: "RGB" when it is converted from
        /// YCbCr; "YBR_FULL" for YBR_FULL_422 samples passed through unconverted (they are no longer subsampled);
        /// otherwise the dataset's value.
        /// </summary>
        /// <exception cref="DicomFormatException">The codestream's headers are broken.</exception>
        public static string GetDecodedPhotometricInterpretation(ReadOnlySpan<byte> encodedFrame, PixelFrameGeometry geometry)
        {
            if (geometry == null) throw new ArgumentNullException(nameof(geometry));
            var info = ParseOrThrow(encodedFrame);
            // Checked here too, not only when decoding: callers size their frame buffers from the geometry this leads to, and a
            // header claiming 65535 rows over a small JPEG frame must be refused before such a buffer is allocated.
            CheckAgainst(info, geometry);
            if (ConvertsToRgb(info, geometry)) return "RGB";
            return IsYbr422(geometry) ? "YBR_FULL" : geometry.PhotometricInterpretation;
        }

        /// <summary>
        /// The layout <see cref="Decode"/> writes for data of <paramref name="geometry"/> in
        /// <paramref name="transferSyntax"/>: the same, except that Planar Configuration is 0 and YBR_FULL(_422) takes
        /// the Photometric Interpretation of <see cref="GetDecodedPhotometricInterpretation(PixelFrameGeometry, TransferSyntax)"/>,
        /// with three samples a pixel. Size the destination of <see cref="Decode"/> with its <see cref="PixelFrameGeometry.FrameLength"/>.
        /// </summary>
        public static PixelFrameGeometry GetDecodedGeometry(PixelFrameGeometry geometry, TransferSyntax transferSyntax)
        {
            if (geometry == null) throw new ArgumentNullException(nameof(geometry));
            string pi = GetDecodedPhotometricInterpretation(geometry, transferSyntax);
            if (pi == geometry.PhotometricInterpretation && geometry.PlanarConfiguration == 0) return geometry;
            return new PixelFrameGeometry(geometry.Rows, geometry.Columns, geometry.SamplesPerPixel, geometry.BitsAllocated, geometry.BitsStored,
                geometry.HighBit, geometry.PixelRepresentation, geometry.NumberOfFrames, 0, pi);
        }

        /// <summary>
        /// Decodes one JPEG frame into <paramref name="destination"/>, which holds at least
        /// <see cref="GetDecodedGeometry"/>(<paramref name="geometry"/>, syntax).<see cref="PixelFrameGeometry.FrameLength"/> bytes:
        /// interleaved samples, one byte each for Bits Allocated 8 and two (little endian) for 16. Signed data keeps the
        /// bits the codestream holds.
        /// </summary>
        /// <exception cref="DicomFormatException">The codestream is broken or truncated, or disagrees with the geometry.</exception>
        /// <exception cref="ArgumentException"><paramref name="destination"/> is too small.</exception>
        public void Decode(ReadOnlySpan<byte> encodedFrame, PixelFrameGeometry geometry, Span<byte> destination)
        {
            if (geometry == null) throw new ArgumentNullException(nameof(geometry));
            var info = ParseOrThrow(encodedFrame);
            CheckAgainst(info, geometry);
            long needed = (long)info.Width * info.Height * info.Components.Count * geometry.BytesPerSample;
            if (destination.Length < needed)
                throw new ArgumentException($"The destination holds {destination.Length} bytes; the decoded frame takes {needed} (see JpegCodec.GetDecodedGeometry).", nameof(destination));

            if (info.IsLossless)
            {
                DecodeLossless(encodedFrame, info, geometry.BytesPerSample, destination);
                return;
            }
            using var planes = new JpegComponentPlanes(info);
            byte[] input = ArrayPool<byte>.Shared.Rent(encodedFrame.Length);
            try
            {
                encodedFrame.CopyTo(input);
                var decoder = new JpegDecoder();
                decoder.SetInput(new ReadOnlyMemory<byte>(input, 0, encodedFrame.Length));
                // JpegLibrary's scan decoders read the restart interval when the frame header is met, so a DRI segment
                // between SOF and SOS (common) would be ignored; set the one in force at the first scan up front.
                decoder.SetRestartInterval(info.RestartInterval);
                decoder.SetOutputWriter(planes);
                decoder.Decode();
            }
            catch (Exception ex) when (!(ex is OutOfMemoryException))
            {
                // The library reports bad data with several exception types (InvalidDataException,
                // InvalidOperationException, and index errors on corrupt tables); the codestream was already checked
                // against the geometry, so anything it throws here comes from the data.
                throw new DicomFormatException(null, -1, DicomTag.PixelData, $"JPEG frame cannot be decoded: {ex.Message}", ex);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(input);
            }
            JpegColor.Emit(planes, info, ConvertsToRgb(info, geometry), geometry.BytesPerSample, destination);
        }

        private static void DecodeLossless(ReadOnlySpan<byte> encodedFrame, JpegStreamInfo info, int bytesPerSample, Span<byte> destination)
        {
            try
            {
                JpegLosslessDecoder.Decode(encodedFrame, info, bytesPerSample, destination);
            }
            catch (JpegDataException ex)
            {
                throw ex.ToFormatException();
            }
            catch (IndexOutOfRangeException ex)
            {
                // JpegStreamInfo has walked the same segments, so this is not expected; it is still bad data, not a bug
                // the caller could act on, so it is reported as such rather than escape as another type.
                throw new DicomFormatException(null, -1, DicomTag.PixelData, "JPEG frame is broken: a segment runs past the data.", ex);
            }
        }

        /// <summary>Not supported: this codec only decodes.</summary>
        /// <exception cref="NotSupportedException">Always.</exception>
        public void Encode(ReadOnlySpan<byte> frame, PixelFrameGeometry geometry, IBufferWriter<byte> destination) =>
            throw new NotSupportedException("JPEG encoding is not supported; write cleaned pixels uncompressed or as RLE.");

        private static JpegStreamInfo ParseOrThrow(ReadOnlySpan<byte> encodedFrame)
        {
            try
            {
                return JpegStreamInfo.Parse(encodedFrame);
            }
            catch (JpegDataException ex)
            {
                throw ex.ToFormatException();
            }
        }

        private static void CheckAgainst(JpegStreamInfo info, PixelFrameGeometry g)
        {
            string? problem = null;
            if (info.Width != g.Columns || info.Height != g.Rows)
                problem = $"the JPEG frame is {info.Width} × {info.Height} but Columns × Rows is {g.Columns} × {g.Rows}";
            else if (info.Components.Count != g.SamplesPerPixel)
                problem = $"the JPEG frame has {info.Components.Count} component(s) but Samples per Pixel is {g.SamplesPerPixel}";
            else if (g.BitsAllocated != 8 && g.BitsAllocated != 16)
                problem = $"Bits Allocated {g.BitsAllocated} is not 8 or 16, which JPEG data decodes to";
            else if (info.Precision > g.BitsAllocated)
                problem = $"the JPEG sample precision {info.Precision} does not fit Bits Allocated {g.BitsAllocated}";
            if (problem != null) throw new DicomFormatException(null, -1, DicomTag.PixelData, $"JPEG frame disagrees with the Image Pixel module: {problem}.");
        }

        private static bool IsYbr422(PixelFrameGeometry g) =>
            g.SamplesPerPixel == 3 && string.Equals(g.PhotometricInterpretation, "YBR_FULL_422", StringComparison.Ordinal);

        private static bool IsYbrFull(PixelFrameGeometry g) =>
            g.SamplesPerPixel == 3 &&
            (string.Equals(g.PhotometricInterpretation, "YBR_FULL", StringComparison.Ordinal) ||
             string.Equals(g.PhotometricInterpretation, "YBR_FULL_422", StringComparison.Ordinal));

        // dcmdjpeg converts whenever the DICOM header says YCbCr. A codestream that states it holds RGB wins over the
        // header, as in libjpeg's own colour space guess (jdapimin.c), which pydicom and GDCM follow: no JFIF marker
        // and either an Adobe APP14 segment with transform 0 or component ids 'R', 'G', 'B'. Lossless frames are never
        // converted: converting would make a lossless syntax lossy.
        private static bool ConvertsToRgb(JpegStreamInfo info, PixelFrameGeometry g) =>
            IsYbrFull(g) && !info.IsLossless && !StatesRgb(info);

        private static bool StatesRgb(JpegStreamInfo info)
        {
            if (info.HasJfif || info.Components.Count != 3) return false;
            if (info.AdobeTransform >= 0) return info.AdobeTransform == 0;
            return info.Components[0].Id == 'R' && info.Components[1].Id == 'G' && info.Components[2].Id == 'B';
        }
    }
}
