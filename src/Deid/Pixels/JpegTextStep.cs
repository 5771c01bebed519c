using System;
using System.Collections.Generic;
using Deid.Dicom;
using Deid.Steps;

namespace Deid.Pixels
{
    /// <summary>
    /// The step that removes text hidden inside compressed pixel data: JPEG COM segments and the APPn segments a decoder does not
    /// need (<see cref="JpegTextStripper"/>), from every frame, without decoding. A file with none is left untouched, byte for byte.
    /// Put it after the pixel-cleaning step: a cleaned file is no longer JPEG, so there is nothing left for it to do.
    /// </summary>
    public sealed class JpegTextStep : IFileStep
    {
        /// <summary>The step's name in results and warnings.</summary>
        public const string StepName = "JpegText";

        private const string JpegLsLossless = "1.2.840.10008.1.2.4.80";
        private const string JpegLsNearLossless = "1.2.840.10008.1.2.4.81";

        // The JPEG family whose frames are marker-segmented codestreams (T.81 and T.87); JPEG 2000 boxes are another format.
        private static readonly HashSet<string> JpegSyntaxes = new HashSet<string>(StringComparer.Ordinal)
        {
            "1.2.840.10008.1.2.4.50", "1.2.840.10008.1.2.4.51", "1.2.840.10008.1.2.4.57", "1.2.840.10008.1.2.4.70",
            JpegLsLossless, JpegLsNearLossless,
        };

        /// <inheritdoc/>
        public string Name => StepName;

        /// <inheritdoc/>
        public IFileStepRun Begin(FileStepContext context)
        {
            if (context == null) throw new ArgumentNullException(nameof(context));
            // Nothing is decided here: the transfer syntax that matters is the one left by the steps before (pixel cleaning).
            return new Run(context);
        }

        private sealed class Run : IFileStepRun
        {
            private readonly FileStepContext _context;

            public Run(FileStepContext context) => _context = context;

            // The look at every JPEG file's frames reads each through a pooled window of 64 KB: a frame is megabytes (or more), and
            // nearly every file is clean, so holding it whole cost its size in memory and a second copy of its bytes.
            private static bool HasRemovable(EncapsulatedPixelData pixels, int frame, bool jpegLs, string? source)
            {
                long length = pixels.GetFrameFragments(frame).Length;
                byte[] window = System.Buffers.ArrayPool<byte>.Shared.Rent(1 << 16);
                try
                {
                    return JpegTextStripper.CountRemovable(length, (at, buffer, offset, count) => pixels.ReadFrame(frame, at, buffer, offset, count), window, jpegLs, source) > 0;
                }
                finally
                {
                    System.Buffers.ArrayPool<byte>.Shared.Return(window);
                }
            }

            private static int FrameCount(DicomDataset dataset, string? source)
            {
                try
                {
                    return PixelFrameGeometry.FromDataset(dataset, source).NumberOfFrames;
                }
                catch (DicomFormatException)
                {
                    return -1;
                }
            }

            /// <summary>
            /// The codestreams of pixel data whose fragments cannot be mapped to frames (several frames, no offset table, fragments
            /// not one per frame): the fragments joined and cut before each SOI marker, which entropy-coded data never holds (a 0xFF
            /// there is followed by 0x00 in JPEG and by a byte below 0x80 in JPEG-LS). Null when the usual mapping works.
            /// </summary>
            private static List<byte[]>? SplitAtStartOfImage(DicomFragments fragments, int frames, string? source)
            {
                try
                {
                    if (frames < 0) throw new DicomFormatException(source, 0, DicomTag.PixelData, "The frame count is unknown.");
                    FrameFragments.Map(fragments, frames, source);
                    return null;
                }
                catch (DicomFormatException)
                {
                    // fall through: find the codestreams by their markers
                }
                var all = new System.IO.MemoryStream();
                for (int k = 1; k < fragments.Items.Count; k++)
                {
                    var f = fragments.Items[k];
                    var bytes = f.Reference != null ? f.Reference.ReadAll() : f.Bytes.ToArray();
                    all.Write(bytes, 0, bytes.Length);
                }
                byte[] data = all.ToArray();
                var starts = new List<int>();
                for (int i = 0; i + 1 < data.Length; i++)
                {
                    if (data[i] == 0xFF && data[i + 1] == 0xD8) starts.Add(i);
                }
                var result = new List<byte[]>(starts.Count);
                for (int k = 0; k < starts.Count; k++)
                {
                    int end = k + 1 < starts.Count ? starts[k + 1] : data.Length;
                    result.Add(data.AsSpan(starts[k], end - starts[k]).ToArray());
                }
                return result;
            }

            public IStepStatistics Apply()
            {
                var file = _context.File;
                string uid = file.TransferSyntax.Uid;
                if (!JpegSyntaxes.Contains(uid)) return new JpegTextStatistics(0, 0);
                if (!file.Dataset.TryGetElement(DicomTag.PixelData, out var element) || element.Fragments == null) return new JpegTextStatistics(0, 0);
                bool jpegLs = uid == JpegLsLossless || uid == JpegLsNearLossless;
                string? source = _context.SourcePath;
                var fragments = element.Fragments;
                // Header problems the header recipe does not care about (a missing Rows, say) must not fail the file here: the
                // codestreams are then found by their markers alone.
                int frames = FrameCount(file.Dataset, source);
                var split = SplitAtStartOfImage(fragments, frames, source);
                using var pixels = split == null ? EncapsulatedPixelData.Open(file.Dataset, source) : null;
                Func<int, byte[]> frameBytes = split != null ? i => split[i] : i => pixels!.ReadFrame(i);
                int count = split?.Count ?? frames;
                // First look only, so that a clean file (nearly all) keeps its pixel data as read and is written byte for byte.
                int dirty = 0;
                for (int i = 0; i < count; i++)
                {
                    _context.Cancellation.ThrowIfCancellationRequested();
                    if (split != null ? JpegTextStripper.FindRemovable(split[i], jpegLs, source).Count > 0 : HasRemovable(pixels!, i, jpegLs, source)) dirty++;
                }
                if (dirty == 0) return new JpegTextStatistics(0, 0);
                if (frames >= 0 && count != frames)
                {
                    throw new DicomFormatException(source, 0, DicomTag.PixelData,
                        $"The JPEG data holds text segments, but its {count} codestreams do not match its {frames} frames, so it cannot be rebuilt frame by frame; file not written.");
                }
                int removed = 0;
                var builder = new EncapsulatedPixelDataBuilder();
                _context.DisposeAfterWrite(builder);
                for (int i = 0; i < count; i++)
                {
                    _context.Cancellation.ThrowIfCancellationRequested();
                    long length = split != null ? split[i].Length : pixels!.GetFrameFragments(i).Length;
                    if (length > int.MaxValue)
                        throw new DicomFormatException(source, 0, DicomTag.PixelData, $"Encoded frame {i} is {length} bytes and holds text segments; frames over 2 GB cannot be rewritten.");
                    var encoded = frameBytes(i);
                    bool changed = JpegTextStripper.Strip(encoded, jpegLs, out var stripped, out int n, source);
                    removed += n;
                    builder.AppendFrame(changed ? stripped! : encoded);
                }
                // Keep the kind of offset table the file had: an empty one is what a writer chose (or needed, past 4 GiB).
                builder.Commit(file.Dataset, withOffsetTable: fragments.Items[0].Length > 0);
                return new JpegTextStatistics(dirty, removed);
            }
        }
    }
}
