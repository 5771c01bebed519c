using System;
using Deid.Dicom;

namespace Deid.Pixels
{
    /// <summary>Facts about decoded pixel data that the cleaner needs to keep the header true to the bytes.</summary>
    internal static class PixelDecoding
    {
        /// <summary>
        /// The defined term of Lossy Image Compression Method (0028,2114, PS3.3 C.7.6.1.1.5.1) for pixel data that was in
        /// <paramref name="syntax"/>, or null when it is not a lossy one. The transfer syntaxes whose compression loses
        /// information (PS3.5 §8.2, §10.x): JPEG baseline and extended, JPEG-LS near-lossless, JPEG 2000 and HTJ2K (lossy
        /// forms), MPEG-2, H.264 and HEVC.
        /// </summary>
        public static string? LossyMethod(TransferSyntax syntax)
        {
            switch (syntax.Uid)
            {
                case "1.2.840.10008.1.2.4.50": case "1.2.840.10008.1.2.4.51": return "ISO_10918_1";
                case "1.2.840.10008.1.2.4.81": return "ISO_14495_1";
                case "1.2.840.10008.1.2.4.91": case "1.2.840.10008.1.2.4.93": return "ISO_15444_1";
                case "1.2.840.10008.1.2.4.203": return "ISO_15444_15";
                case "1.2.840.10008.1.2.4.100": case "1.2.840.10008.1.2.4.101": return "ISO_13818_2";
                case "1.2.840.10008.1.2.4.102":
                case "1.2.840.10008.1.2.4.103":
                case "1.2.840.10008.1.2.4.104":
                case "1.2.840.10008.1.2.4.105":
                case "1.2.840.10008.1.2.4.106": return "ISO_14496_10";
                case "1.2.840.10008.1.2.4.107": case "1.2.840.10008.1.2.4.108": return "ISO_23008_2";
                default: return null;
            }
        }

        /// <summary>True when pixel data in <paramref name="syntax"/> may differ from what was acquired.</summary>
        public static bool IsLossy(TransferSyntax syntax) => LossyMethod(syntax) != null;

        /// <summary>
        /// The layout a codec decodes a frame of <paramref name="geometry"/> into. JPEG gives interleaved samples, and colour in a
        /// YBR form comes out as RGB (as dcmtk's dcmdjpeg writes it; the codec knows the exact form from the codestream itself);
        /// JPEG 2000 gives interleaved samples, RGB where its codestream undoes a component transform; RLE and JPEG-LS keep the
        /// dataset's layout, Planar Configuration included.
        /// </summary>
        public static PixelFrameGeometry DecodedGeometry(IPixelCodec codec, TransferSyntax syntax, PixelFrameGeometry geometry, ReadOnlySpan<byte> firstFrame)
        {
            if (codec is JpegCodec)
            {
                var decoded = JpegCodec.GetDecodedGeometry(geometry, syntax);
                string photometric = JpegCodec.GetDecodedPhotometricInterpretation(firstFrame, geometry);
                return photometric == decoded.PhotometricInterpretation ? decoded : With(decoded, decoded.SamplesPerPixel, photometric);
            }
            // JPEG 2000 gives interleaved samples, and colour coded with a component transform (YBR_RCT, YBR_ICT) as RGB.
            if (codec is Jpeg2000Codec)
            {
                string photometric = Jpeg2000Codec.GetDecodedPhotometricInterpretation(firstFrame, geometry);
                return With(geometry, geometry.SamplesPerPixel, photometric);
            }
            // JPEG-LS and RLE keep the layout; the frame's header must still agree (and, for RLE, its segments be long enough to
            // fill the planes) before a frame buffer is sized from the geometry.
            if (codec is JpegLsCodec) JpegLsCodec.CheckFrameHeader(firstFrame, geometry);
            if (codec is RleCodec) RleCodec.CheckFrameHeader(firstFrame, geometry);
            // Their Planar Configuration too: both decode colour by plane when the dataset says 1 (as dcmtk does). Described as
            // interleaved, such frames were masked at the wrong bytes and written labelled 0, every pixel scrambled and the
            // text still legible (multi-frame QA F3, 2026-12-05).
            return geometry;
        }

        private static PixelFrameGeometry With(PixelFrameGeometry g, int samples, string photometric) =>
            new PixelFrameGeometry(g.Rows, g.Columns, samples, g.BitsAllocated, g.BitsStored, g.HighBit, g.PixelRepresentation, g.NumberOfFrames, 0, photometric);
    }
}
