using System;
using System.Buffers;
using System.Collections.Generic;

namespace Deid.Dicom
{
    /// <summary>
    /// Decodes JPEG 2000 Pixel Data (ITU-T T.800 / ISO/IEC 15444-1): transfer syntaxes 1.2.840.10008.1.2.4.90 (lossless only)
    /// and 1.2.840.10008.1.2.4.91 (lossless or lossy): the reversible 5/3 and irreversible 9/7 wavelets, the reversible and
    /// irreversible component transforms, every progression order and progression order change, tiles, precincts, every
    /// code-block style switch and region of interest shifts; a codestream or a JP2 file. High-Throughput JPEG 2000 (ITU-T
    /// T.814 / ISO/IEC 15444-15), transfer syntaxes 1.2.840.10008.1.2.4.201, .202 (lossless only) and .203, is the same
    /// codestream with another block coder: its code-blocks are decoded when each has the one cleanup pass encoders write
    /// for a single quality layer. Encoding is not supported.
    /// </summary>
    /// <remarks>
    /// Frames come out as native little endian Pixel Data, interleaved (Planar Configuration 0); colour coded with a component
    /// transform (Photometric Interpretation YBR_RCT or YBR_ICT) comes out as RGB, which
    /// <see cref="GetDecodedPhotometricInterpretation"/> tells the caller to write. Refused with a
    /// <see cref="DicomFormatException"/>: subsampled components, packed packet headers (PPM, PPT), Part 2 coding, and HTJ2K
    /// refinement (SigProp, MagRef) and placeholder passes and mixed HT/Part 1 code-blocks. Lossless streams decode exactly; lossy ones as openjpeg's <c>opj_decompress</c> does, to within rounding.
    /// Thread safe: it holds no state.
    /// </remarks>
    public sealed class Jpeg2000Codec : IPixelCodec
    {
        private static readonly TransferSyntax[] Syntaxes =
        {
            TransferSyntax.Lookup("1.2.840.10008.1.2.4.90"),
            TransferSyntax.Lookup("1.2.840.10008.1.2.4.91"),
            TransferSyntax.Lookup("1.2.840.10008.1.2.4.201"),
            TransferSyntax.Lookup("1.2.840.10008.1.2.4.202"),
            TransferSyntax.Lookup("1.2.840.10008.1.2.4.203"),
        };

        /// <summary>The shared instance; the codec has no state.</summary>
        public static Jpeg2000Codec Instance { get; } = new Jpeg2000Codec();

        /// <summary>
        /// JPEG 2000 Image Compression (Lossless Only), 1.2.840.10008.1.2.4.90, JPEG 2000 Image Compression, .91, and the three
        /// High-Throughput JPEG 2000 syntaxes, .201 (lossless only), .202 (lossless only, RPCL) and .203.
        /// </summary>
        public IReadOnlyList<TransferSyntax> TransferSyntaxes => Syntaxes;

        /// <summary>
        /// The Photometric Interpretation a frame of <paramref name="encodedFrame"/> decodes to: RGB when its codestream undoes a
        /// component transform (a dataset's YBR_RCT or YBR_ICT), otherwise the dataset's. Checks the codestream's size and
        /// components against <paramref name="geometry"/> first, so a frame buffer is never sized from a header that lies.
        /// </summary>
        /// <exception cref="DicomFormatException">The codestream is broken or disagrees with <paramref name="geometry"/>.</exception>
        public static string GetDecodedPhotometricInterpretation(ReadOnlySpan<byte> encodedFrame, PixelFrameGeometry geometry)
        {
            if (geometry == null) throw new ArgumentNullException(nameof(geometry));
            var cs = J2kCodestream.Read(encodedFrame.ToArray());
            CheckAgainst(cs, geometry);
            bool transform = false;
            foreach (var tile in cs.Tiles)
            {
                if (tile != null && tile.Coding.ComponentTransform) transform = true;
            }
            if (transform && cs.ComponentCount >= 3) return "RGB";
            // JPEG 2000 components here are never subsampled (such streams are refused), so a 4:2:2 label over them describes
            // full-resolution YCbCr, as JPEG's decoder gives it.
            return geometry.PhotometricInterpretation == "YBR_FULL_422" ? "YBR_FULL" : geometry.PhotometricInterpretation;
        }

        /// <summary>
        /// Decodes one JPEG 2000 frame into <paramref name="destination"/>: native little endian samples, interleaved, every
        /// component at full resolution (rows × columns × samples per pixel × bytes per sample, which is
        /// <see cref="PixelFrameGeometry.FrameLength"/> but for a dataset labelled YBR_FULL_422).
        /// </summary>
        /// <exception cref="DicomFormatException">The codestream is broken, uses an unsupported feature, or disagrees with <paramref name="geometry"/>.</exception>
        /// <exception cref="ArgumentException"><paramref name="destination"/> is not one frame long.</exception>
        public void Decode(ReadOnlySpan<byte> encodedFrame, PixelFrameGeometry geometry, Span<byte> destination)
        {
            if (geometry == null) throw new ArgumentNullException(nameof(geometry));
            // Every sample at full resolution, whatever subsampling the dataset's label claims (see GetDecodedPhotometricInterpretation).
            var cs = J2kCodestream.Read(encodedFrame.ToArray());
            CheckAgainst(cs, geometry);
            long frameLength = (long)geometry.Rows * geometry.Columns * geometry.SamplesPerPixel * (geometry.BitsAllocated / 8);
            if (destination.Length != frameLength)
                throw new ArgumentException($"The destination holds {destination.Length} bytes; a decoded frame takes {frameLength}.", nameof(destination));
            int width = cs.X1 - cs.X0, height = cs.Y1 - cs.Y0;
            int count = cs.ComponentCount;
            var decoded = new int[count][];
            for (int t = 0; t < cs.Tiles.Length; t++)
            {
                if (cs.Tiles[t] == null) throw J2kCodestream.Error(-1, $"tile {t} of {cs.Tiles.Length} is missing.");
                J2kTileDecoder.Decode(cs, t, decoded);
            }
            var planes = new int[count][];
            for (int c = 0; c < count; c++) planes[c] = decoded[c] ?? new int[width * height];
            int samples = geometry.SamplesPerPixel;
            int pixels = width * height;
            if (geometry.BitsAllocated == 8)
            {
                for (int i = 0; i < pixels; i++)
                {
                    for (int c = 0; c < samples; c++) destination[i * samples + c] = (byte)planes[c][i];
                }
            }
            else
            {
                for (int i = 0; i < pixels; i++)
                {
                    for (int c = 0; c < samples; c++)
                    {
                        int v = planes[c][i];
                        int at = 2 * (i * samples + c);
                        destination[at] = (byte)v;
                        destination[at + 1] = (byte)(v >> 8);
                    }
                }
            }
        }

        private static void CheckAgainst(J2kCodestream cs, PixelFrameGeometry geometry)
        {
            int width = cs.X1 - cs.X0, height = cs.Y1 - cs.Y0;
            if (width != geometry.Columns || height != geometry.Rows)
                throw J2kCodestream.Error(0, $"the codestream holds {width} × {height} samples; the dataset says {geometry.Columns} × {geometry.Rows}.");
            if (cs.ComponentCount != geometry.SamplesPerPixel)
                throw J2kCodestream.Error(0, $"the codestream holds {cs.ComponentCount} components; the dataset says {geometry.SamplesPerPixel} samples per pixel.");
            if (geometry.BitsAllocated != 8 && geometry.BitsAllocated != 16)
                throw J2kCodestream.Unsupported(0, $"Bits Allocated {geometry.BitsAllocated}: JPEG 2000 frames are decoded into 8 or 16 bits; {geometry.BitsAllocated} is not supported.");
            for (int c = 0; c < cs.ComponentCount; c++)
            {
                if (cs.Precision[c] > geometry.BitsAllocated)
                    throw J2kCodestream.Error(0, $"component {c} has {cs.Precision[c]} bits per sample, more than Bits Allocated {geometry.BitsAllocated}.");
            }
        }

        /// <summary>Not supported: cleaned pixel data is written uncompressed or as RLE.</summary>
        /// <exception cref="NotSupportedException">Always.</exception>
        public void Encode(ReadOnlySpan<byte> frame, PixelFrameGeometry geometry, IBufferWriter<byte> destination) =>
            throw new NotSupportedException("JPEG 2000 encoding is not supported; write cleaned pixel data uncompressed or as RLE Lossless.");
    }
}
