using System;
using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Generic;
using Deid.Dicom;
using Deid.Steps;

namespace Deid.Pixels
{
    /// <summary>
    /// The step that clears overlay planes embedded in native pixel data once the recipe has removed their description. Every
    /// shipped recipe removes the overlay groups (60xx) whole, as PS3.15 removes Overlay Data; a plane kept in the high bits of
    /// each pixel would then stay in the copy, undescribed and unseen by viewers, yet as easy to read out as any bit of the image:
    /// a name or a date drawn as an annotation. So a plane the original declared (<see cref="EmbeddedOverlay.Find"/>, read before
    /// the header step) and the header no longer declares has its bits set to zero in every sample of every frame; the image's
    /// stored bits stay bit for bit. A plane the recipe kept (its group still there) is the recipe's to keep, and a file whose
    /// planes hold no set bit is written byte for byte. Put it after the header and pixel-cleaning steps.
    /// </summary>
    public sealed class EmbeddedOverlayStep : IFileStep
    {
        /// <summary>The step's name in results and warnings.</summary>
        public const string StepName = "EmbeddedOverlay";

        /// <inheritdoc/>
        public string Name => StepName;

        /// <inheritdoc/>
        public IFileStepRun Begin(FileStepContext context)
        {
            if (context == null) throw new ArgumentNullException(nameof(context));
            // Read now: the header step is about to remove the groups that say where the planes are.
            return new Run(context, EmbeddedOverlay.Find(context.File.Dataset));
        }

        private sealed class Run : IFileStepRun
        {
            private readonly FileStepContext _context;
            private readonly IReadOnlyList<EmbeddedOverlay> _planes;

            public Run(FileStepContext context, IReadOnlyList<EmbeddedOverlay> planes)
            {
                _context = context;
                _planes = planes;
            }

            public IStepStatistics Apply()
            {
                if (_planes.Count == 0) return EmbeddedOverlayStatistics.None;
                var dataset = _context.File.Dataset;
                string? source = _context.SourcePath;
                var removed = new List<EmbeddedOverlay>();
                foreach (var plane in _planes)
                {
                    if (!plane.IsDeclaredIn(dataset)) removed.Add(plane);
                }
                if (removed.Count == 0 || !dataset.TryGetElement(DicomTag.PixelData, out var element)) return EmbeddedOverlayStatistics.None;
                if (element.Fragments != null)
                {
                    // Compressed after the fact (embedded planes predate compressed syntaxes): the bits cannot be reached without
                    // decoding, so a reviewer must look. -CleanPixels decodes it, and the planes are cleared after that.
                    _context.Warn(new DeidWarning(DeidWarningKind.NotApplicable,
                        $"The original declares overlay plane(s) {string.Join(", ", removed)} embedded in the pixel data, which is compressed ({_context.File.TransferSyntax.Name}); their bits were not cleared. Review this file.",
                        source, "PixelData", StepName));
                    return EmbeddedOverlayStatistics.None;
                }
                var geometry = PixelFrameGeometry.FromDataset(dataset, source);
                ulong bits = 0;
                foreach (var plane in removed)
                {
                    ulong b = plane.SampleBits(geometry);
                    if (b == 0)
                    {
                        _context.Warn(new DeidWarning(DeidWarningKind.NotApplicable,
                            $"Overlay plane {plane} is declared in bit {plane.BitPosition}, one of the image's stored bits (Bits Stored {geometry.BitsStored}, High Bit {geometry.HighBit}); it was left as it is. Review this file.",
                            source, "PixelData", StepName));
                    }
                    bits |= b;
                }
                if (bits == 0) return EmbeddedOverlayStatistics.None;
                if (SampleWidth(geometry) == 0)
                {
                    throw new DicomFormatException(source, -1, DicomTag.PixelData,
                        $"The original declares overlay plane(s) {string.Join(", ", removed)} embedded in {geometry.BitsAllocated}-bit samples, which cannot be cleared; the file is not written.");
                }
                return Clear(geometry, bits, removed.Count, source);
            }

            private IStepStatistics Clear(PixelFrameGeometry geometry, ulong bits, int planes, string? source)
            {
                var dataset = _context.File.Dataset;
                using var pixels = NativePixelData.Open(dataset, source);
                // Bytes after the frames the header counts would be copied through with their planes: such a file is not written.
                if (pixels.HasDataAfterFrames())
                {
                    throw new DicomFormatException(source, -1, DicomTag.PixelData,
                        $"Pixel Data holds {pixels.Length} bytes, more than the {geometry.TotalLength} its {geometry.NumberOfFrames} frame(s) need, and the rest is not padding; the embedded overlay planes in them could not be cleared, so the file is not written.");
                }
                int width = SampleWidth(geometry);
                // A first look, so that planes with nothing drawn in them (nearly all) leave the pixel data as it was read.
                int drawn = 0;
                byte[] frame = ArrayPool<byte>.Shared.Rent(checked((int)geometry.FrameLength));
                try
                {
                    var span = frame.AsSpan(0, (int)geometry.FrameLength);
                    for (int i = 0; i < geometry.NumberOfFrames; i++)
                    {
                        _context.Cancellation.ThrowIfCancellationRequested();
                        pixels.ReadFrame(i, span);
                        if (AnySet(span, width, bits)) drawn++;
                    }
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(frame);
                }
                if (drawn == 0) return new EmbeddedOverlayStatistics(planes, 0);
                _context.DisposeAfterWrite(NativeFrameRewrite.Rewrite(pixels, dataset, f => ClearBits(f, width, bits), _context.Cancellation));
                return new EmbeddedOverlayStatistics(planes, drawn);
            }
        }

        /// <summary>
        /// The bytes of a sample whose bits can be cleared one by one (8, 16, 32 or 64 bits allocated); 0 for any other width.
        /// </summary>
        internal static int SampleWidth(PixelFrameGeometry geometry) =>
            geometry.BitsAllocated == 8 || geometry.BitsAllocated == 16 || geometry.BitsAllocated == 32 || geometry.BitsAllocated == 64 ? geometry.BitsAllocated / 8 : 0;

        /// <summary>True when any sample of <paramref name="frame"/> (little endian, <paramref name="width"/> bytes each) has one of <paramref name="bits"/> set.</summary>
        internal static bool AnySet(ReadOnlySpan<byte> frame, int width, ulong bits)
        {
            for (int at = 0; at + width <= frame.Length; at += width)
            {
                if ((Read(frame.Slice(at, width)) & bits) != 0) return true;
            }
            return false;
        }

        /// <summary>Clears <paramref name="bits"/> in every sample of <paramref name="frame"/> (little endian, <paramref name="width"/> bytes each).</summary>
        internal static void ClearBits(Span<byte> frame, int width, ulong bits)
        {
            for (int at = 0; at + width <= frame.Length; at += width)
            {
                var sample = frame.Slice(at, width);
                ulong value = Read(sample);
                if ((value & bits) != 0) Write(sample, value & ~bits);
            }
        }

        private static ulong Read(ReadOnlySpan<byte> sample) => sample.Length switch
        {
            1 => sample[0],
            2 => BinaryPrimitives.ReadUInt16LittleEndian(sample),
            4 => BinaryPrimitives.ReadUInt32LittleEndian(sample),
            _ => BinaryPrimitives.ReadUInt64LittleEndian(sample),
        };

        private static void Write(Span<byte> sample, ulong value)
        {
            switch (sample.Length)
            {
                case 1:
                    sample[0] = (byte)value;
                    break;
                case 2:
                    BinaryPrimitives.WriteUInt16LittleEndian(sample, (ushort)value);
                    break;
                case 4:
                    BinaryPrimitives.WriteUInt32LittleEndian(sample, (uint)value);
                    break;
                default:
                    BinaryPrimitives.WriteUInt64LittleEndian(sample, value);
                    break;
            }
        }
    }
}
