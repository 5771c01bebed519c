using System;
using System.Collections.Generic;
using Deid.Dicom;
using Deid.Steps;

namespace Deid.Pixels
{
    /// <summary>
    /// The step that removes text hidden inside compressed pixel data, from every frame, without decoding: JPEG and JPEG-LS COM
    /// segments, the APPn segments a decoder does not need and bytes after EOI (<see cref="JpegTextStripper"/>); JPEG 2000 and
    /// HTJ2K comments, JP2 metadata boxes and bytes after EOC (<see cref="Jpeg2000TextStripper"/>). A file with none is left
    /// untouched, byte for byte. Put it after the pixel-cleaning step: a cleaned file is no longer compressed, so there is nothing
    /// left for it to do. For a JPEG or JPEG-LS file a batch will write, the look is made on the bytes as the write copies them
    /// (<see cref="JpegTextOnWrite"/>); only a file that look is not certain of is looked at, and stripped, here.
    /// </summary>
    public sealed class JpegTextStep : IFileStep
    {
        /// <summary>The step's name in results and warnings.</summary>
        public const string StepName = "JpegText";

        private const string JpegLsLossless = "1.2.840.10008.1.2.4.80";
        private const string JpegLsNearLossless = "1.2.840.10008.1.2.4.81";

        // The most compressed pixel data joined in memory to find its codestreams by their markers, when neither the offset
        // table nor the fragments tell its frames apart: several times a cine's usual size, far below what exhausts memory.
        private const long MaxJoinedBytes = 256L << 20;

        // The JPEG family whose frames are marker-segmented codestreams (T.81 and T.87).
        private static readonly HashSet<string> JpegSyntaxes = new HashSet<string>(StringComparer.Ordinal)
        {
            "1.2.840.10008.1.2.4.50", "1.2.840.10008.1.2.4.51", "1.2.840.10008.1.2.4.57", "1.2.840.10008.1.2.4.70",
            JpegLsLossless, JpegLsNearLossless,
        };

        // JPEG 2000 (Part 1 and Part 2 multi-component) and High-Throughput JPEG 2000: one codestream syntax (ISO/IEC 15444-1 Annex A).
        private static readonly HashSet<string> Jpeg2000Syntaxes = new HashSet<string>(StringComparer.Ordinal)
        {
            "1.2.840.10008.1.2.4.90", "1.2.840.10008.1.2.4.91", "1.2.840.10008.1.2.4.92", "1.2.840.10008.1.2.4.93",
            "1.2.840.10008.1.2.4.201", "1.2.840.10008.1.2.4.202", "1.2.840.10008.1.2.4.203",
        };

        private enum Codestream
        {
            None,
            Jpeg,
            JpegLs,
            Jpeg2000,
        }

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
            private static bool HasRemovable(EncapsulatedPixelData pixels, int frame, Codestream kind, string? source)
            {
                long length = pixels.GetFrameFragments(frame).Length;
                byte[] window = System.Buffers.ArrayPool<byte>.Shared.Rent(1 << 16);
                try
                {
                    FrameReader read = (at, buffer, offset, count) => pixels.ReadFrame(frame, at, buffer, offset, count);
                    return (kind == Codestream.Jpeg2000
                        ? Jpeg2000TextStripper.CountRemovable(length, read, window, source)
                        : JpegTextStripper.CountRemovable(length, read, window, kind == Codestream.JpegLs, source)) > 0;
                }
                finally
                {
                    System.Buffers.ArrayPool<byte>.Shared.Return(window);
                }
            }

            private static int FindRemovable(byte[] frame, Codestream kind, string? source) =>
                kind == Codestream.Jpeg2000 ? Jpeg2000TextStripper.FindRemovable(frame, source).Count : JpegTextStripper.FindRemovable(frame, kind == Codestream.JpegLs, source).Count;

            private static bool Strip(byte[] frame, Codestream kind, out byte[]? stripped, out int removed, string? source) =>
                kind == Codestream.Jpeg2000
                    ? Jpeg2000TextStripper.Strip(frame, out stripped, out removed, source)
                    : JpegTextStripper.Strip(frame, kind == Codestream.JpegLs, out stripped, out removed, source);

            // Where a frame starts: SOI for JPEG and JPEG-LS, SOC and SIZ (or the JP2 signature) for JPEG 2000.
            private static bool StartsFrame(byte[] data, int i, Codestream kind) =>
                kind == Codestream.Jpeg2000 ? Jpeg2000TextStripper.StartsFrame(data.AsSpan(i)) : data[i] == 0xFF && i + 1 < data.Length && data[i + 1] == 0xD8;

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
            /// there is followed by 0x00 in JPEG and by a byte below 0x80 in JPEG-LS), or before each JPEG 2000 SOC and SIZ pair.
            /// Null when the usual mapping works, or when the fragments tell the frames apart although the offset table does not
            /// fit them (<paramref name="map"/> then holds that mapping).
            /// </summary>
            private static List<byte[]>? SplitAtStartOfImage(DicomFragments fragments, int frames, Codestream kind, string? source, out FrameFragments[]? map)
            {
                map = null;
                try
                {
                    if (frames < 0) throw new DicomFormatException(source, 0, DicomTag.PixelData, "The frame count is unknown.");
                    FrameFragments.Map(fragments, frames, source);
                    return null;
                }
                catch (DicomFormatException)
                {
                    // A table that lies (offsets wrapped past 4 GiB, pointing inside a fragment, out of order) while the
                    // fragments tell the frames apart: read them frame by frame as usual. Joining every fragment instead held
                    // the whole pixel data in memory three times over: 6 GB for a 4.5 GB file, then "Stream was too long"
                    // (QA, huge files F1).
                    map = frames > 0 ? FrameFragments.MapWithoutOffsetTable(fragments, frames) : null;
                    if (map != null) return null;
                }
                // Otherwise find the codestreams by their markers, in memory when that is small. A large one is taken a
                // codestream a fragment start (a Number of Frames one too many, say: 4 GB of RSS for a 985 MB file, QA), and
                // refused only when that finds none.
                long total = fragments.TotalLength - fragments.Items[0].Length;
                if (total > MaxJoinedBytes)
                {
                    map = FrameFragments.MapByCodestreamStarts(fragments);
                    if (map != null) return null;
                    throw new DicomFormatException(source, -1, DicomTag.PixelData,
                        $"The compressed pixel data ({total} bytes) cannot be split into frames by its Basic Offset Table or its fragments, and is too large to search whole for text segments; file not written.");
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
                    if (StartsFrame(data, i, kind)) starts.Add(i);
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
                RemoveUnfitExtendedOffsetTable(file.Dataset);
                string uid = file.TransferSyntax.Uid;
                var kind = Jpeg2000Syntaxes.Contains(uid) ? Codestream.Jpeg2000
                    : !JpegSyntaxes.Contains(uid) ? Codestream.None
                    : uid == JpegLsLossless || uid == JpegLsNearLossless ? Codestream.JpegLs : Codestream.Jpeg;
                if (kind == Codestream.None) return new JpegTextStatistics(0, 0);
                if (!file.Dataset.TryGetElement(DicomTag.PixelData, out var element) || element.Fragments == null) return new JpegTextStatistics(0, 0);
                string? source = _context.SourcePath;
                var fragments = element.Fragments;
                // Header problems the header recipe does not care about (a missing Rows, say) must not fail the file here: the
                // codestreams are then found by their markers alone.
                int frames = FrameCount(file.Dataset, source);
                if (kind != Codestream.Jpeg2000 && _context.CanLookWhileWriting && MapsToFrames(fragments, frames, source) is FrameFragments[] byFrame)
                {
                    // The common case, a file to be written whose fragments map to its frames: the look is made on the bytes as
                    // the write copies them, instead of reading every frame once more first. Should that look not be certain
                    // (text, or anything unusual), the write is abandoned and this step's own look runs as below.
                    var provisional = new JpegTextStatistics(0, 0);
                    _context.LookWhileWriting(new JpegTextOnWrite(byFrame, kind == Codestream.JpegLs), () => Look(file, fragments, frames, kind), provisional);
                    return provisional;
                }
                return Look(file, fragments, frames, kind);
            }

            /// <summary>
            /// Removes an Extended Offset Table (7FE0,0001) and its Lengths (7FE0,0002) that cannot be one: beside native Pixel
            /// Data (or none), or not 8 bytes a frame of offsets from 0, increasing, and lengths within the fragments. Its bytes
            /// were copied unchecked, a name among them (leak QA 2026-12-06, F3); readers find the frames without it.
            /// </summary>
            private void RemoveUnfitExtendedOffsetTable(DicomDataset dataset)
            {
                bool table = dataset.TryGetElement(DicomTags.ExtendedOffsetTable, out var offsets);
                bool lengths = dataset.TryGetElement(DicomTags.ExtendedOffsetTableLengths, out var sizes);
                if (!table && !lengths) return;
                string? why = null;
                if (!dataset.TryGetElement(DicomTag.PixelData, out var pixelData) || pixelData.Fragments == null) why = "the Pixel Data is not encapsulated";
                else if (!table || !lengths) why = "it is incomplete";
                else
                {
                    // 8 bytes a frame: a whole-slide image's table of 8,192 frames or more is left in the source (64 KB), and read
                    // here; one of any other length is no table, and is not read.
                    int frames = FrameCount(dataset, _context.SourcePath);
                    if (frames <= 0 || offsets.Length != 8L * frames || sizes.Length != 8L * frames || offsets.IsSequence || sizes.IsSequence)
                        why = "its offsets and lengths do not fit the fragments";
                    else if (!FitsFragments(ValueOf(offsets).Span, ValueOf(sizes).Span, pixelData.Fragments, frames))
                        why = "its offsets and lengths do not fit the fragments";
                }
                if (why == null) return;
                dataset.Remove(DicomTags.ExtendedOffsetTable);
                dataset.Remove(DicomTags.ExtendedOffsetTableLengths);
                _context.Warn(new DeidWarning(DeidWarningKind.NotApplicable, $"The Extended Offset Table (7FE0,0001) was removed: {why} (readers find the frames without it).",
                    _context.SourcePath, "ExtendedOffsetTable", StepName));
            }

            private static ReadOnlyMemory<byte> ValueOf(in DicomElement e) => e.IsLoaded ? e.RawValue : e.ValueRef!.ReadAll();

            // 8 bytes a frame each (little endian: encapsulated pixel data is never big endian); offsets from 0, increasing, and each
            // frame's offset and length within the fragments' bytes.
            private static bool FitsFragments(ReadOnlySpan<byte> offsets, ReadOnlySpan<byte> lengths, DicomFragments fragments, int frames)
            {
                if (frames <= 0 || offsets.Length != 8L * frames || lengths.Length != 8L * frames) return false;
                long total = 0;
                for (int i = 1; i < fragments.Items.Count; i++) total += 8 + fragments.Items[i].Length;
                ulong previous = 0;
                for (int f = 0; f < frames; f++)
                {
                    ulong at = System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(offsets.Slice(8 * f));
                    ulong length = System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(lengths.Slice(8 * f));
                    if ((f == 0 && at != 0) || (f > 0 && at <= previous) || at >= (ulong)total || length > (ulong)total - at) return false;
                    previous = at;
                }
                return true;
            }

            // The fragments' frames by the usual mapping (offset table or one fragment a frame), or null when it does not hold.
            private static FrameFragments[]? MapsToFrames(DicomFragments fragments, int frames, string? source)
            {
                if (frames <= 0) return null;
                try
                {
                    return FrameFragments.Map(fragments, frames, source);
                }
                catch (DicomFormatException)
                {
                    return null;
                }
            }

            /// <summary>The look at every frame, read for it, and the rebuild of those with text.</summary>
            private IStepStatistics Look(DicomFile file, DicomFragments fragments, int frames, Codestream kind)
            {
                string? source = _context.SourcePath;
                var split = SplitAtStartOfImage(fragments, frames, kind, source, out var map);
                EncapsulatedPixelData? pixels = split == null ? EncapsulatedPixelData.Open(file.Dataset, source, map) : null;
                try
                {
                    int dirty;
                    try
                    {
                        dirty = FirstLook(split, pixels, split?.Count ?? map?.Length ?? frames, kind, source);
                    }
                    catch (DicomFormatException) when (split == null && map == null && Realigned(fragments, frames, source) is FrameFragments[] byStarts)
                    {
                        // An offset table that points at fragment starts but groups them wrongly (a frame "starting" inside
                        // another's codestream), while the fragments that open a codestream give the header's frame count: the
                        // frames are read where their codestreams start (huge-files QA, F7; dcmdjpeg reads such files too).
                        pixels!.Dispose();
                        map = byStarts;
                        pixels = EncapsulatedPixelData.Open(file.Dataset, source, map);
                        dirty = FirstLook(null, pixels, map.Length, kind, source);
                    }
                    if (dirty == 0)
                    {
                        // The frames were found without the Basic Offset Table, which does not fit the fragments: what it holds
                        // is no offsets, and was copied as it was (leak QA 2026-12-06, F2: a name there). Written empty.
                        if ((split != null || map != null) && fragments.Items[0].Length > 0)
                        {
                            fragments.ClearOffsetTable();
                            _context.Warn(new DeidWarning(DeidWarningKind.NotApplicable, "The Basic Offset Table of the Pixel Data does not fit its fragments; it was written empty (readers find the frames by their fragments).",
                                source, "PixelData", StepName));
                        }
                        return new JpegTextStatistics(0, 0);
                    }
                    return Rebuild(file, fragments, split, pixels, split?.Count ?? map?.Length ?? frames, frames, dirty, kind, source);
                }
                finally
                {
                    pixels?.Dispose();
                }
            }

            // First look only, so that a clean file (nearly all) keeps its pixel data as read and is written byte for byte.
            private int FirstLook(List<byte[]>? split, EncapsulatedPixelData? pixels, int count, Codestream kind, string? source)
            {
                int dirty = 0;
                for (int i = 0; i < count; i++)
                {
                    _context.Cancellation.ThrowIfCancellationRequested();
                    if (split != null ? FindRemovable(split[i], kind, source) > 0 : HasRemovable(pixels!, i, kind, source)) dirty++;
                }
                return dirty;
            }

            /// <summary>
            /// The frames as the fragments that open a codestream give them, when that differs from the offset table's mapping and
            /// still gives <paramref name="frames"/> frames; otherwise null (the table was not the problem).
            /// </summary>
            private static FrameFragments[]? Realigned(DicomFragments fragments, int frames, string? source)
            {
                if (frames <= 0) return null;
                var byStarts = FrameFragments.MapByCodestreamStarts(fragments);
                if (byStarts == null || byStarts.Length != frames) return null;
                var byTable = FrameFragments.Map(fragments, frames, source);
                return byTable.AsSpan().SequenceEqual(byStarts) ? null : byStarts;
            }

            private IStepStatistics Rebuild(DicomFile file, DicomFragments fragments, List<byte[]>? split, EncapsulatedPixelData? pixels, int count, int frames, int dirty, Codestream kind, string? source)
            {
                Func<int, byte[]> frameBytes = split != null ? i => split[i] : i => pixels!.ReadFrame(i);
                if (frames >= 0 && count != frames)
                {
                    throw new DicomFormatException(source, 0, DicomTag.PixelData,
                        $"The compressed pixel data holds text, but its {count} codestreams do not match its {frames} frames, so it cannot be rebuilt frame by frame; file not written.");
                }
                int removed = 0;
                var builder = new EncapsulatedPixelDataBuilder();
                _context.DisposeAfterWrite(builder);
                for (int i = 0; i < count; i++)
                {
                    _context.Cancellation.ThrowIfCancellationRequested();
                    long length = split != null ? split[i].Length : pixels!.GetFrameFragments(i).Length;
                    if (length > int.MaxValue)
                        throw DicomFormatException.Unsupported(source, 0, DicomTag.PixelData, $"Encoded frame {i} is {length} bytes and holds text segments; frames over 2 GB cannot be rewritten.");
                    var encoded = frameBytes(i);
                    bool changed = Strip(encoded, kind, out var stripped, out int n, source);
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
