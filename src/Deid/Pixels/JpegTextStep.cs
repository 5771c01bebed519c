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

            public IStepStatistics Apply()
            {
                var file = _context.File;
                string uid = file.TransferSyntax.Uid;
                if (!JpegSyntaxes.Contains(uid)) return new JpegTextStatistics(0, 0);
                if (!file.Dataset.TryGetElement(DicomTag.PixelData, out var element) || element.Fragments == null) return new JpegTextStatistics(0, 0);
                bool jpegLs = uid == JpegLsLossless || uid == JpegLsNearLossless;
                string? source = _context.SourcePath;
                using var pixels = EncapsulatedPixelData.Open(file.Dataset, source);
                int frames = pixels.Geometry.NumberOfFrames;
                // First look only, so that a clean file (nearly all) keeps its pixel data as read and is written byte for byte.
                int dirty = 0;
                for (int i = 0; i < frames; i++)
                {
                    _context.Cancellation.ThrowIfCancellationRequested();
                    if (JpegTextStripper.FindRemovable(pixels.ReadFrame(i), jpegLs, source).Count > 0) dirty++;
                }
                if (dirty == 0) return new JpegTextStatistics(0, 0);
                int removed = 0;
                var builder = new EncapsulatedPixelDataBuilder();
                _context.DisposeAfterWrite(builder);
                for (int i = 0; i < frames; i++)
                {
                    _context.Cancellation.ThrowIfCancellationRequested();
                    var encoded = pixels.ReadFrame(i);
                    bool changed = JpegTextStripper.Strip(encoded, jpegLs, out var stripped, out int n, source);
                    removed += n;
                    builder.AppendFrame(changed ? stripped! : encoded);
                }
                // Keep the kind of offset table the file had: an empty one is what a writer chose (or needed, past 4 GiB).
                builder.Commit(file.Dataset, withOffsetTable: pixels.Fragments.Items[0].Length > 0);
                return new JpegTextStatistics(dirty, removed);
            }
        }
    }
}
