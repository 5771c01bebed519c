using System;
using System.Buffers;

namespace Deid.Dicom
{
    /// <summary>
    /// Builds new native Pixel Data frame by frame without holding the frames in memory: frames are appended (little
    /// endian, as <see cref="NativePixelData"/> reads them) to a temporary file in the dataset's byte order, and
    /// <see cref="Commit"/> sets Pixel Data to a <see cref="DicomValueRef"/> over that file, which the writer then
    /// copies stream to stream. The temporary file is deleted when the builder is disposed, so dispose it only after
    /// the dataset has been written.
    /// </summary>
    public sealed class NativePixelDataBuilder : IDisposable
    {
        private const int StagingSize = 1 << 16; // a multiple of every swap unit, so no unit straddles two flushes

        private readonly int _swapUnit;
        private readonly byte[]? _trailing;
        private SpoolFile? _spool;
        private byte[] _staging;
        private int _staged;
        private long _written;
        private bool _committed;

        /// <summary>Creates a builder for frames of <paramref name="geometry"/>, to be stored in <paramref name="encoding"/>'s byte order as <paramref name="vr"/>.</summary>
        /// <param name="geometry">The layout of the frames; all <see cref="PixelFrameGeometry.NumberOfFrames"/> must be appended.</param>
        /// <param name="encoding">The encoding of the dataset that will hold the value (its byte order matters).</param>
        /// <param name="vr">OB or OW: the VR of the new Pixel Data element.</param>
        /// <param name="temporaryDirectory">Where the temporary file goes; when null, a folder of this process's own, readable by its owner only, in the system's temporary folder (SpoolDirectory).</param>
        /// <exception cref="NotSupportedException">1-bit frames that do not start on byte boundaries.</exception>
        public NativePixelDataBuilder(PixelFrameGeometry geometry, DicomEncoding encoding, DicomVR vr, string? temporaryDirectory = null)
            : this(geometry, encoding.IsBigEndian, vr, null, temporaryDirectory)
        {
        }

        private NativePixelDataBuilder(PixelFrameGeometry geometry, bool bigEndian, DicomVR vr, byte[]? trailing, string? temporaryDirectory)
        {
            Geometry = geometry ?? throw new ArgumentNullException(nameof(geometry));
            if (vr != DicomVR.OB && vr != DicomVR.OW) throw new ArgumentException($"Native Pixel Data is OB or OW, not {vr}.", nameof(vr));
            if (!geometry.AreFramesByteAligned && geometry.NumberOfFrames > 1)
                throw new NotSupportedException($"Frames of {geometry.FrameBitLength} bits of 1-bit data are not byte aligned; they cannot be appended one by one.");
            VR = vr;
            _swapUnit = PixelBytes.SwapUnit(bigEndian, vr, geometry.BitsAllocated);
            _trailing = trailing;
            _spool = SpoolFile.Create("deid-pixels-", temporaryDirectory, bufferSize: 1);
            TemporaryPath = _spool.Path;
            _staging = ArrayPool<byte>.Shared.Rent(StagingSize);
        }

        /// <summary>
        /// Creates a builder that replaces the frames of <paramref name="source"/>: same geometry, byte order and VR, and
        /// any bytes the source holds after its last frame (padding, or more left by some writers) are kept, so that
        /// writing back unchanged frames gives back the same value byte for byte.
        /// </summary>
        public static NativePixelDataBuilder ForReplacing(NativePixelData source, string? temporaryDirectory = null)
        {
            if (source == null) throw new ArgumentNullException(nameof(source));
            byte[]? trailing = null;
            long extra = source.Length - source.Geometry.TotalLength;
            if (extra > 0)
            {
                trailing = new byte[extra];
                source.ReadLogical(source.Geometry.TotalLength, trailing);
            }
            return new NativePixelDataBuilder(source.Geometry, source.IsBigEndian, ReplacementVR(source), trailing, temporaryDirectory);
        }

        /// <summary>
        /// The VR the rebuilt Pixel Data takes: its own when OB or OW; for UN (written by converters that did not know the tag) in a
        /// little endian dataset, whose bytes are the pixel values as stored, OW for samples wider than 8 bits and OB otherwise. Any
        /// other VR (a damaged or hostile file: OL, OF, SQ...) is the file's problem, reported as such rather than as a bug.
        /// </summary>
        private static DicomVR ReplacementVR(NativePixelData source)
        {
            if (source.VR == DicomVR.OB || source.VR == DicomVR.OW) return source.VR;
            if (source.VR == DicomVR.UN && !source.IsBigEndian) return source.Geometry.BitsAllocated > 8 ? DicomVR.OW : DicomVR.OB;
            throw new DicomFormatException(source.SourceName, -1, DicomTag.PixelData,
                $"Pixel Data has VR {source.VR}{(source.VR == DicomVR.UN ? " in a big endian dataset" : string.Empty)}; native pixel data is OB or OW, so its frames cannot be rewritten.");
        }

        /// <summary>The layout of the frames.</summary>
        public PixelFrameGeometry Geometry { get; }

        /// <summary>The VR the Pixel Data element gets.</summary>
        public DicomVR VR { get; }

        /// <summary>The temporary file the value is built in (deleted by <see cref="Dispose"/>).</summary>
        public string TemporaryPath { get; }

        /// <summary>How many frames have been appended.</summary>
        public int FrameCount { get; private set; }

        /// <summary>Appends the next frame: <see cref="PixelFrameGeometry.FrameLength"/> bytes, samples little endian.</summary>
        /// <exception cref="ArgumentException">The frame is not exactly one frame long.</exception>
        /// <exception cref="InvalidOperationException">Every frame was already appended, or the builder was committed.</exception>
        public void AppendFrame(ReadOnlySpan<byte> frame)
        {
            if (_committed || _spool == null) throw new InvalidOperationException("The Pixel Data was already committed.");
            if (frame.Length != Geometry.FrameLength)
                throw new ArgumentException($"A frame takes {Geometry.FrameLength} bytes, not {frame.Length}.", nameof(frame));
            if (FrameCount == Geometry.NumberOfFrames)
                throw new InvalidOperationException($"All {Geometry.NumberOfFrames} frame(s) were already appended.");
            Append(frame);
            FrameCount++;
        }

        /// <summary>
        /// Finishes the value (trailing bytes of the replaced value, then a zero byte if needed for even length, as
        /// PS3.5 §7.1.1 requires) and sets Pixel Data (7FE0,0010) of <paramref name="dataset"/> to reference it.
        /// </summary>
        /// <exception cref="InvalidOperationException">Not every frame was appended, or Commit was called before.</exception>
        public void Commit(DicomDataset dataset)
        {
            if (dataset == null) throw new ArgumentNullException(nameof(dataset));
            if (_committed || _spool == null) throw new InvalidOperationException("The Pixel Data was already committed.");
            if (FrameCount != Geometry.NumberOfFrames)
                throw new InvalidOperationException($"{FrameCount} of {Geometry.NumberOfFrames} frame(s) were appended.");
            if (_trailing != null) Append(_trailing);
            if (((_written + _staged) & 1) == 1) Append(new byte[] { 0 });
            Flush();
            long length = _written;
            _spool.Close();
            _committed = true;
            var source = DicomValueSource.FromFile(TemporaryPath);
            dataset.SetValueRef(DicomTag.PixelData, VR, new DicomValueRef(source, 0, length));
            EncapsulatedPixelDataBuilder.ForgetExtendedOffsetTable(dataset);
        }

        private void Append(ReadOnlySpan<byte> data)
        {
            while (!data.IsEmpty)
            {
                if (_staged == StagingSize) Flush();
                int n = Math.Min(data.Length, StagingSize - _staged);
                data.Slice(0, n).CopyTo(_staging.AsSpan(_staged));
                _staged += n;
                data = data.Slice(n);
            }
        }

        private void Flush()
        {
            // Swapped here, in the staging copy, so that the caller's frame is never changed.
            PixelBytes.Swap(_staging.AsSpan(0, _staged), _swapUnit);
            _spool!.Write(_staging, 0, _staged);
            _written += _staged;
            _staged = 0;
        }

        /// <summary>Closes and deletes the temporary file; a dataset still referencing it can then no longer be written.</summary>
        public void Dispose()
        {
            _spool?.Dispose();
            _spool = null;
            if (_staging.Length > 0)
            {
                ArrayPool<byte>.Shared.Return(_staging);
                _staging = Array.Empty<byte>();
            }
        }
    }
}
