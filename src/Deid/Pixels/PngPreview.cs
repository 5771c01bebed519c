using System;
using System.Buffers;
using Deid.Dicom;

namespace Deid.Pixels
{
    /// <summary>
    /// Renders a frame of a DICOM file and writes it as PNG, for a person to check burned-in text. Native Pixel Data is
    /// read directly; encapsulated Pixel Data is decoded by the codec given, or else the one registered for the file's
    /// transfer syntax.
    /// </summary>
    public static class PngPreview
    {
        /// <summary>
        /// Renders frame <paramref name="frame"/> (from 0) of <paramref name="file"/> with the window, rescale and
        /// palette of its dataset.
        /// </summary>
        /// <param name="file">The file; its Pixel Data must have been read (not opened header-only).</param>
        /// <param name="frame">The frame, from 0.</param>
        /// <param name="codec">The codec for encapsulated Pixel Data; null to look one up in <paramref name="registry"/>.</param>
        /// <param name="registry">Where to look a codec up; null for <see cref="PixelCodecRegistry.Default"/>.</param>
        /// <exception cref="DicomFormatException">The image attributes or Pixel Data are missing or broken.</exception>
        /// <exception cref="NotSupportedException">No codec decodes the file's transfer syntax (the message names it), or the image cannot be rendered.</exception>
        /// <exception cref="ArgumentOutOfRangeException">There is no such frame.</exception>
        public static RenderedImage Render(DicomFile file, int frame = 0, IPixelCodec? codec = null, PixelCodecRegistry? registry = null)
        {
            if (file == null) throw new ArgumentNullException(nameof(file));
            var dataset = file.Dataset;
            string? source = file.SourcePath;
            if (file.StoppedBeforePixelData)
                throw new InvalidOperationException($"{source ?? "The file"} was read without its Pixel Data; open it in full to render a preview.");
            if (!dataset.TryGetElement(DicomTag.PixelData, out var element))
                throw new DicomFormatException(source, -1, DicomTag.PixelData, "Pixel Data is missing: there is no image to preview.");
            var options = FrameRenderOptions.FromDataset(dataset, frame);
            if (element.Fragments == null)
            {
                using var native = NativePixelData.Open(dataset, source);
                return RenderPooled(native.Geometry, options, buffer => native.ReadFrame(frame, buffer));
            }
            // Encapsulated: the codec decodes into a pooled frame buffer, so only the rendered image is allocated.
            var decoder = codec ?? (registry ?? PixelCodecRegistry.Default).GetDecoder(file.TransferSyntax);
            using var encapsulated = EncapsulatedPixelData.Open(dataset, source);
            // The codec's own layout (JPEG's YBR becomes RGB), which the renderer must read the decoded bytes by.
            var decoded = PixelDecoding.DecodedGeometry(decoder, file.TransferSyntax, encapsulated.Geometry, encapsulated.ReadFrame(frame));
            return RenderPooled(decoded, options, buffer => encapsulated.DecodeFrame(frame, decoder, buffer));
        }

        /// <summary>
        /// Renders frame <paramref name="frame"/> of <paramref name="file"/> (see <see cref="Render"/>), optionally enlarged
        /// <paramref name="scale"/> times, and writes it to <paramref name="path"/> as PNG; returns the image written.
        /// </summary>
        /// <exception cref="System.IO.IOException">The PNG exists and <paramref name="overwrite"/> is false.</exception>
        public static RenderedImage Write(DicomFile file, string path, int frame = 0, bool overwrite = false, int scale = 1,
            IPixelCodec? codec = null, PixelCodecRegistry? registry = null)
        {
            if (path == null) throw new ArgumentNullException(nameof(path));
            var image = FrameRenderer.Upscale(Render(file, frame, codec, registry), scale);
            PngWriter.Write(path, image, overwrite);
            return image;
        }

        // A frame-sized span of a pooled buffer: some codecs insist on a destination of exactly one frame.
        private delegate void FrameReader(Span<byte> destination);

        private static RenderedImage RenderPooled(PixelFrameGeometry geometry, FrameRenderOptions options, FrameReader read)
        {
            if (geometry.FrameLength > int.MaxValue) throw new NotSupportedException($"A frame of {geometry.FrameLength} bytes is too large to preview.");
            int length = (int)geometry.FrameLength;
            byte[] buffer = ArrayPool<byte>.Shared.Rent(length);
            try
            {
                read(buffer.AsSpan(0, length));
                return FrameRenderer.Render(buffer.AsSpan(0, length), geometry, options);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }
}
