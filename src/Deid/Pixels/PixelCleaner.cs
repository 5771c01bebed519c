using System;
using System.Buffers;
using System.Collections.Generic;
using System.Globalization;
using Deid.Dicom;

namespace Deid.Pixels
{
    /// <summary>
    /// Blanks regions of every frame of a file's Pixel Data (deid's <c>DicomCleaner.clean</c> + <c>save_dicom</c>), one frame at
    /// a time: a frame is read (or decoded through the transfer syntax's codec), masked, and appended to new pixel data spooled
    /// to a temporary file, so a cine of a thousand frames never needs more than one frame in memory. Native sources keep their
    /// transfer syntax; compressed ones are stored uncompressed (Explicit VR Little Endian) or as RLE, with the attributes that
    /// describe the pixels made to match the bytes.
    /// </summary>
    public static class PixelCleaner
    {
        /// <summary>
        /// Cleans <paramref name="file"/> in memory. The returned resource holds the spooled pixel data: dispose it only after the
        /// file has been written. Throws <see cref="DicomFormatException"/> when the pixel data cannot be read, decoded or
        /// cleaned — the file must then not be written with its burned-in text.
        /// </summary>
        public static PixelCleaningResult Clean(DicomFile file, IReadOnlyList<PixelRegion> regions, PixelCompression compression, out IDisposable? spool, PixelCodecRegistry? codecs = null)
        {
            if (file == null) throw new ArgumentNullException(nameof(file));
            if (regions == null) throw new ArgumentNullException(nameof(regions));
            spool = null;
            try
            {
                return CleanCore(file, regions, compression, out spool, codecs);
            }
            catch (DicomFormatException e) when (e.Path == null && file.SourcePath != null)
            {
                // Codecs parse bytes and know no file; a batch must say which file is broken.
                string where = e.Offset >= 0 ? $" (byte {e.Offset} of the codestream)" : string.Empty;
                throw new DicomFormatException(file.SourcePath, -1, e.Tag ?? DicomTag.PixelData, e.Reason + where, e);
            }
        }

        private static PixelCleaningResult CleanCore(DicomFile file, IReadOnlyList<PixelRegion> regions, PixelCompression compression, out IDisposable? spool, PixelCodecRegistry? codecs)
        {
            spool = null;
            codecs ??= PixelCodecRegistry.Default;
            var ds = file.Dataset;
            string source = file.SourcePath ?? "<memory>";
            if (!ds.TryGetElement(DicomTag.PixelData, out var element))
                throw Fail(file, "it has no Pixel Data to clean");
            var geometry = PixelFrameGeometry.FromDataset(ds, source);
            var mask = new PixelMask(geometry.Columns, geometry.Rows, regions);
            if (mask.BlankedPixels == 0) return new PixelCleaningResult(0, 0, mask.ExceedsFrame, null, regionsInFrame: mask.CleansInFrame);
            var ts = file.TransferSyntax;
            bool encapsulated = element.Fragments != null;
            if (geometry.BitsAllocated == 1)
            {
                // Bit-packed frames (segmentation-like images) are cleaned where they lie and stay packed; RLE and the image
                // codecs have no 1-bit form (PS3.5 §8.2), and frames that do not start on a byte boundary cannot be read one by one.
                if (encapsulated || compression != PixelCompression.None)
                    throw Fail(file, $"1-bit pixel data can be cleaned only uncompressed, not as {(encapsulated ? ts.Name : "RLE")}");
                if (!geometry.AreFramesByteAligned && geometry.NumberOfFrames > 1)
                    throw Fail(file, $"the 1-bit frames of {geometry.FrameBitLength} bits do not start on byte boundaries");
            }
            // One frame is held in memory, in an array: a larger one was an OverflowException with no file named (QA, huge files F6).
            if (geometry.FrameLength > int.MaxValue - 64)
                throw Fail(file, $"a frame of {geometry.FrameLength} bytes ({geometry.Rows} × {geometry.Columns} × {geometry.SamplesPerPixel} samples) is too large to clean");
            if (!encapsulated && !FrameCleaner.IsSubsampled(geometry) && compression == PixelCompression.None)
            {
                CleanNative(file, geometry, mask, out spool);
                return new PixelCleaningResult(geometry.NumberOfFrames, mask.BlankedPixels, mask.ExceedsFrame, ts.Uid, IconImages.RemoveAll(ds), SeparateOverlays.Clean(ds, mask));
            }
            // One frame declared, several codestreams stored: the cleaner would decode the first and drop the others, frames the
            // header does not count (QA, pixels round 2); the native case (data after the frames) is refused alike.
            if (encapsulated && geometry.NumberOfFrames == 1 && element.Fragments!.FragmentCount > 1
                && FrameFragments.CountCodestreamStarts(element.Fragments, 2) > 1)
                throw Fail(file, "Pixel Data holds more than one codestream but Number of Frames (0028,0008) says 1: the frames after the first would be lost; correct Number of Frames");
            if (encapsulated && !codecs.TryGetCodec(ts, out _))
                throw Fail(file, $"cannot decode {ts.Name} pixel data ({ts.Uid}): no decoder is available; file not cleaned");
            if (!encapsulated && FrameCleaner.IsSubsampled(geometry) && !NativeYbr422.CanConvert(geometry, out string? why))
                throw Fail(file, why + "; file not cleaned");
            // RLE's dataset is explicit VR little endian. The writer writes an implicit VR little endian dataset (the default
            // syntax, common) in explicit VR once the file declares RLE (DicomFile.ChangeTransferSyntax); it does not swap bytes,
            // so a big endian dataset (retired since 2004) is refused (QA 2026-12-07: implicit VR ones were refused too).
            if (compression == PixelCompression.Rle && file.Dataset.Encoding.IsBigEndian)
                throw Fail(file, $"RLE output needs a little endian dataset, and this one is {(ts.Encoding.IsBigEndian ? ts.Name : "big endian")}; clean it without -Compression RLE (its copy stays uncompressed), or convert it first (dcmconv +te)");
            // Without file meta nothing would declare the RLE transfer syntax, and readers would take the fragments for
            // native pixels (QA: dcm2pnm found no pixel data).
            if (compression == PixelCompression.Rle && !file.HasFileMetaInformation)
                throw Fail(file, "RLE output needs file meta information to declare its transfer syntax, and this file has none; clean it without -Compression RLE");
            Recode(file, geometry, mask, compression, codecs, out spool);
            return new PixelCleaningResult(geometry.NumberOfFrames, mask.BlankedPixels, mask.ExceedsFrame, file.TransferSyntax.Uid, IconImages.RemoveAll(ds), SeparateOverlays.Clean(ds, mask));
        }

        private static void CleanNative(DicomFile file, PixelFrameGeometry geometry, PixelMask mask, out IDisposable? spool)
        {
            using var pixels = NativePixelData.Open(file.Dataset, file.SourcePath);
            // Bytes after the frames the header describes (a Number of Frames or Rows smaller than the data) would be copied
            // through as they are, with whatever is burned into them: such a file is not cleaned, and so not written.
            if (pixels.HasDataAfterFrames())
                throw Fail(file, $"Pixel Data holds {pixels.Length} bytes, more than the {geometry.TotalLength} its {geometry.NumberOfFrames} frame(s) of {geometry.Rows} × {geometry.Columns} need, and the rest is not padding; frames or rows the header does not count would be written uncleaned");
            spool = NativeFrameRewrite.Rewrite(pixels, file.Dataset, frame => FrameCleaner.Apply(frame, geometry, mask));
        }

        private static void Recode(DicomFile file, PixelFrameGeometry geometry, PixelMask mask, PixelCompression compression, PixelCodecRegistry codecs, out IDisposable? spool)
        {
            var ts = file.TransferSyntax;
            var ds = file.Dataset;
            bool encapsulated = ds.TryGetElement(DicomTag.PixelData, out var element) && element.Fragments != null;
            var decoder = encapsulated ? codecs.GetDecoder(ts) : null;
            // Native YBR_FULL_422 is expanded to RGB (NativeYbr422); anything else native is read as it is.
            bool ybr422 = !encapsulated && FrameCleaner.IsSubsampled(geometry);
            PixelFrameGeometry decoded = ybr422 ? NativeYbr422.RgbGeometry(geometry) : geometry;
            // The source is opened once, before any frame buffer is allocated: opening native data checks that the value holds
            // every frame the header declares, and the first encoded frame tells what the decoder will make of the geometry.
            using var encoded = encapsulated ? EncapsulatedPixelData.Open(ds, file.SourcePath) : null;
            using var native = encapsulated ? null : NativePixelData.Open(ds, file.SourcePath);
            if (encoded != null)
            {
                // Pooled: a new array per file was another large-object allocation the size of an encoded frame.
                int length = (int)Math.Min(int.MaxValue, encoded.GetFrameFragments(0).Length);
                byte[] head = ArrayPool<byte>.Shared.Rent(length);
                try
                {
                    int n = encoded.ReadFrame(0, 0, head, 0, length);
                    decoded = PixelDecoding.DecodedGeometry(decoder!, ts, geometry, head.AsSpan(0, n));
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(head);
                }
            }
            // The codec keeps a layout FrameCleaner cannot mask pixel by pixel (YBR_PARTIAL_420 and YBR_PARTIAL_422 JPEG are
            // neither converted nor relabelled): refuse the file rather than write it with its text.
            if (FrameCleaner.IsSubsampled(decoded))
                throw Fail(file, $"cannot clean {decoded.PhotometricInterpretation} pixel data ({ts.Name}): it is not decoded to full-resolution samples; file not written");
            // One frame is held in memory; a header asking for more than an array holds is refused before anything is allocated.
            long frameLength = Math.Max(decoded.FrameLength, geometry.FrameLength);
            if (frameLength > int.MaxValue - 64)
                throw Fail(file, $"a frame of {frameLength} bytes ({geometry.Rows} × {geometry.Columns} × {geometry.SamplesPerPixel} samples) is too large to clean");
            // A native source keeps its transfer syntax (and so its dataset's encoding) unless RLE is asked for.
            var target = compression == PixelCompression.Rle ? TransferSyntax.RleLossless : encapsulated ? TransferSyntax.ExplicitVRLittleEndian : ts;
            var encoder = compression == PixelCompression.Rle ? codecs.GetEncoder(target) : null;
            var output = decoded;
            IDisposable? builder = null;
            byte[] frame = ArrayPool<byte>.Shared.Rent((int)frameLength);
            byte[]? stored = ybr422 ? ArrayPool<byte>.Shared.Rent(checked((int)geometry.FrameLength)) : null;
            try
            {
                var span = frame.AsSpan(0, (int)decoded.FrameLength);
                var nativeBuilder = encoder == null ? new NativePixelDataBuilder(output, encapsulated ? DicomEncoding.ExplicitLittle : ds.Encoding, output.BitsAllocated > 8 ? DicomVR.OW : DicomVR.OB) : null;
                var encapsulatedBuilder = encoder != null ? new EncapsulatedPixelDataBuilder() : null;
                builder = (IDisposable?)nativeBuilder ?? encapsulatedBuilder;
                var rle = encoder != null ? new GrowableBufferWriter() : null;
                for (int i = 0; i < geometry.NumberOfFrames; i++)
                {
                    if (encoded != null) encoded.DecodeFrame(i, decoder!, span);
                    else if (stored == null) native!.ReadFrame(i, span);
                    else
                    {
                        var source = stored.AsSpan(0, (int)geometry.FrameLength);
                        native!.ReadFrame(i, source);
                        NativeYbr422.ToRgb(source, span);
                    }
                    FrameCleaner.Apply(span, decoded, mask);
                    if (nativeBuilder != null)
                    {
                        nativeBuilder.AppendFrame(span);
                    }
                    else
                    {
                        rle!.Clear();
                        encoder!.Encode(span, decoded, rle);
                        encapsulatedBuilder!.AppendFrame(rle.WrittenSpan);
                    }
                }
                nativeBuilder?.Commit(ds);
                // An implicit VR dataset is written in explicit VR once the file declares RLE (ChangeTransferSyntax below).
                if (ds.Encoding.IsExplicitVR) encapsulatedBuilder?.Commit(ds);
                else encapsulatedBuilder?.CommitForExplicitWrite(ds);
            }
            catch
            {
                builder?.Dispose();
                throw;
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(frame);
                if (stored != null) ArrayPool<byte>.Shared.Return(stored);
            }
            spool = builder;
            file.ChangeTransferSyntax(target);
            DescribePixels(file, ts, decoded);
        }

        /// <summary>
        /// The attributes that describe the pixels follow the bytes (deid writes YBR_FULL_422 labels on RGB bytes; we must not):
        /// photometric interpretation and planar configuration as decoded, and a lossy source stays marked lossy (PS3.3 C.7.6.1.1.5).
        /// </summary>
        private static void DescribePixels(DicomFile file, TransferSyntax source, PixelFrameGeometry decoded)
        {
            var ds = file.Dataset;
            if (ds.GetString(DicomTags.PhotometricInterpretation) != decoded.PhotometricInterpretation)
                ds.SetString(DicomTags.PhotometricInterpretation, DicomVR.CS, decoded.PhotometricInterpretation);
            if (decoded.SamplesPerPixel > 1) ds.SetNumbers(DicomTags.PlanarConfiguration, DicomVR.US, new double[] { decoded.PlanarConfiguration });
            if (PixelDecoding.IsLossy(source) && ds.GetString(DicomTags.LossyImageCompression) != "01")
                ds.SetString(DicomTags.LossyImageCompression, DicomVR.CS, "01");
            // And how: once stored uncompressed nothing else says which compression lost what (QA pixels 2026-12-07: a
            // near-lossless JPEG-LS source came out marked lossy with no method). A method the source names is kept.
            if (PixelDecoding.LossyMethod(source) is string method && string.IsNullOrWhiteSpace(ds.GetString(DicomTags.LossyImageCompressionMethod)))
                ds.SetString(DicomTags.LossyImageCompressionMethod, DicomVR.CS, method);
        }

        /// <summary>
        /// How every refusal to clean begins: a file whose pixel data this cleaner cannot handle (an HTJ2K frame, data beyond
        /// the header's frames) is well formed, and the cmdlets recommend decompressing or correcting it, not repairing it.
        /// </summary>
        public const string CannotClean = "The pixel data cannot be cleaned";

        private static DicomFormatException Fail(DicomFile file, string why) =>
            DicomFormatException.Unsupported(file.SourcePath ?? "<memory>", PixelDataOffset(file), DicomTag.PixelData,
                string.Format(CultureInfo.InvariantCulture, "{0}: {1}.", CannotClean, why));

        /// <summary>
        /// Where the pixel data lie in the source, for a message: where reading stopped before them, else where their value (or
        /// their first item) begins; -1, and no offset in the message, when they are in memory only (a deflated or built file).
        /// "At offset 0" sent readers to the file's start, where nothing is wrong.
        /// </summary>
        private static long PixelDataOffset(DicomFile file)
        {
            if (file.PixelDataOffset >= 0) return file.PixelDataOffset;
            if (!file.Dataset.TryGetElement(DicomTag.PixelData, out var element)) return -1;
            if (element.ValueRef is DicomValueRef value) return value.Offset;
            var fragments = element.Fragments;
            if (fragments == null) return -1;
            // The offset table item is kept in memory; count back from the first item left in the source to the first item.
            long before = 0;
            foreach (var item in fragments.Items)
            {
                if (item.Reference is DicomValueRef reference) return reference.Offset - 8 - before;
                before += 8 + item.Length;
            }
            return -1;
        }
    }
}
