using System;
using System.Buffers.Binary;
using System.Collections.Generic;

namespace Deid.Dicom
{
    /// <summary>
    /// Builds encapsulated Pixel Data (PS3.5 §A.4) with one fragment per encoded frame, padded to even length, and a
    /// Basic Offset Table that is either filled in or left empty. Frames are appended to a temporary file so a long
    /// multi-frame series is never held in memory; <see cref="Commit(DicomDataset, bool)"/> sets Pixel Data to fragments that reference the
    /// file. The file is deleted when the builder is disposed, so dispose it only after the dataset has been written.
    /// For frames already in memory, <see cref="CreateFragments"/> does the same without a file.
    /// </summary>
    public sealed class EncapsulatedPixelDataBuilder : IDisposable
    {
        private readonly List<long> _lengths = new List<long>();
        private static readonly byte[] OddPad = { 0 };
        private SpoolFile? _spool;
        private bool _committed;

        /// <summary>Creates a builder whose temporary file goes in <paramref name="temporaryDirectory"/> (when null, a folder of this process's own, readable by its owner only, in the system's temporary folder).</summary>
        public EncapsulatedPixelDataBuilder(string? temporaryDirectory = null)
        {
            _spool = SpoolFile.Create("deid-fragments-", temporaryDirectory, bufferSize: 1 << 16);
            TemporaryPath = _spool.Path;
        }

        /// <summary>The temporary file the fragments are built in (deleted by <see cref="Dispose"/>).</summary>
        public string TemporaryPath { get; }

        /// <summary>How many frames have been appended.</summary>
        public int FrameCount => _lengths.Count;

        /// <summary>Appends the next encoded frame as one fragment (a zero byte is added when its length is odd).</summary>
        /// <exception cref="ArgumentException">The frame is empty.</exception>
        public void AppendFrame(ReadOnlySpan<byte> encodedFrame)
        {
            if (_committed || _spool == null) throw new InvalidOperationException("The Pixel Data was already committed.");
            if (encodedFrame.IsEmpty) throw new ArgumentException("An encoded frame cannot be empty.", nameof(encodedFrame));
            byte[] chunk = System.Buffers.ArrayPool<byte>.Shared.Rent(Math.Min(encodedFrame.Length, 1 << 16));
            try
            {
                for (var rest = encodedFrame; !rest.IsEmpty;)
                {
                    int n = Math.Min(rest.Length, chunk.Length);
                    rest.Slice(0, n).CopyTo(chunk);
                    _spool.Write(chunk, 0, n);
                    rest = rest.Slice(n);
                }
                if ((encodedFrame.Length & 1) == 1) _spool.Write(OddPad, 0, 1);
            }
            finally
            {
                System.Buffers.ArrayPool<byte>.Shared.Return(chunk);
            }
            _lengths.Add(encodedFrame.Length + (encodedFrame.Length & 1));
        }

        /// <summary>
        /// Sets Pixel Data (7FE0,0010) of <paramref name="dataset"/> to the appended frames, one fragment each, after a
        /// Basic Offset Table that lists their offsets when <paramref name="withOffsetTable"/> is true and they lie within 4 GiB,
        /// and is empty otherwise.
        /// </summary>
        /// <exception cref="InvalidOperationException">No frame was appended, Commit was called before, or the dataset is not Explicit VR Little Endian.</exception>
        public void Commit(DicomDataset dataset, bool withOffsetTable = true) => CommitTo(dataset, withOffsetTable, writtenAsExplicit: false);

        /// <summary>
        /// As <see cref="Commit(DicomDataset, bool)"/>, also for a dataset read as Implicit VR Little Endian whose file is then
        /// declared the encapsulated syntax (<see cref="DicomFile.ChangeTransferSyntax"/>, which needs its file meta): the writer
        /// writes such a dataset in explicit VR, so the encapsulation is valid where it is written. A big endian one is refused.
        /// </summary>
        /// <exception cref="InvalidOperationException">As Commit; or the dataset is big endian.</exception>
        public void CommitForExplicitWrite(DicomDataset dataset, bool withOffsetTable = true) => CommitTo(dataset, withOffsetTable, writtenAsExplicit: true);

        private void CommitTo(DicomDataset dataset, bool withOffsetTable, bool writtenAsExplicit)
        {
            if (dataset == null) throw new ArgumentNullException(nameof(dataset));
            if (_committed || _spool == null) throw new InvalidOperationException("The Pixel Data was already committed.");
            if (_lengths.Count == 0) throw new InvalidOperationException("No frame was appended.");
            // Closing writes what the stream still buffers: a full temporary folder can fail here too.
            _spool.Close();
            _committed = true;
            var source = DicomValueSource.FromFile(TemporaryPath);
            var items = new List<DicomFragment>(_lengths.Count + 1) { new DicomFragment(OffsetTable(_lengths, withOffsetTable)) };
            long offset = 0;
            foreach (long length in _lengths)
            {
                items.Add(new DicomFragment(new DicomValueRef(source, offset, length)));
                offset += length;
            }
            SetPixelDataTo(dataset, new DicomFragments(items), writtenAsExplicit);
        }

        /// <summary>
        /// Creates encapsulated Pixel Data from encoded frames held in memory: one fragment per frame (an odd-length
        /// frame is copied once to add its zero padding byte; the others are referenced, not copied), after a Basic
        /// Offset Table that is filled in when <paramref name="withOffsetTable"/> is true and empty otherwise.
        /// </summary>
        /// <exception cref="ArgumentException">There is no frame, or a frame is empty.</exception>
        public static DicomFragments CreateFragments(IReadOnlyList<ReadOnlyMemory<byte>> frames, bool withOffsetTable = true)
        {
            if (frames == null) throw new ArgumentNullException(nameof(frames));
            if (frames.Count == 0) throw new ArgumentException("There must be at least one frame.", nameof(frames));
            var items = new List<DicomFragment>(frames.Count + 1) { default };
            var lengths = new List<long>(frames.Count);
            foreach (var frame in frames)
            {
                if (frame.IsEmpty) throw new ArgumentException("An encoded frame cannot be empty.", nameof(frames));
                var bytes = frame;
                if ((frame.Length & 1) == 1)
                {
                    var padded = new byte[frame.Length + 1];
                    frame.Span.CopyTo(padded);
                    bytes = padded;
                }
                items.Add(new DicomFragment(bytes));
                lengths.Add(bytes.Length);
            }
            items[0] = new DicomFragment(OffsetTable(lengths, withOffsetTable));
            return new DicomFragments(items);
        }

        /// <summary>
        /// Sets Pixel Data (7FE0,0010) of <paramref name="dataset"/> to <paramref name="fragments"/> (VR OB, undefined
        /// length). Encapsulation exists only in Explicit VR Little Endian datasets (PS3.5 §A.4), so others are refused.
        /// </summary>
        /// <exception cref="InvalidOperationException">The dataset is not Explicit VR Little Endian.</exception>
        public static void SetPixelData(DicomDataset dataset, DicomFragments fragments) => SetPixelDataTo(dataset, fragments, writtenAsExplicit: false);

        private static void SetPixelDataTo(DicomDataset dataset, DicomFragments fragments, bool writtenAsExplicit)
        {
            if (dataset == null) throw new ArgumentNullException(nameof(dataset));
            if (fragments == null) throw new ArgumentNullException(nameof(fragments));
            if (!dataset.Encoding.Equals(DicomEncoding.ExplicitLittle) && !(writtenAsExplicit && dataset.Encoding.Equals(DicomEncoding.ImplicitLittle)))
                throw new InvalidOperationException($"Encapsulated Pixel Data needs an Explicit VR Little Endian dataset, not {dataset.Encoding}.");
            dataset.Put(new DicomElement(DicomTag.PixelData, DicomVR.OB, default, fragments, DicomElementFlags.UndefinedLength | DicomElementFlags.Modified));
            ForgetExtendedOffsetTable(dataset);
        }

        /// <summary>
        /// Removes the Extended Offset Table (7FE0,0001) and its lengths (7FE0,0002), which describe the fragments that were: beside
        /// new Pixel Data they point into the middle of other fragments (QA of the codec), and native data may not have them at
        /// all (PS3.3 C.7.6.3.1.8). Every builder that replaces Pixel Data calls it.
        /// </summary>
        internal static void ForgetExtendedOffsetTable(DicomDataset dataset)
        {
            dataset.Remove(DicomTags.ExtendedOffsetTable);
            dataset.Remove(DicomTags.ExtendedOffsetTableLengths);
        }

        /// <summary>
        /// The Basic Offset Table value: each frame's offset from the first fragment's item tag (8-byte item headers counted);
        /// empty when not <paramref name="filled"/>, or when a frame starts beyond the 4 GiB its 32-bit offsets address (PS3.5
        /// A.4 allows an empty table, and readers then find the frames a fragment each). That was an error after every frame
        /// had been cleaned and spooled (QA, huge files F4).
        /// </summary>
        internal static byte[] OffsetTable(List<long> lengths, bool filled)
        {
            if (!filled) return Array.Empty<byte>();
            var table = new byte[4 * lengths.Count];
            long offset = 0;
            for (int i = 0; i < lengths.Count; i++)
            {
                if (offset > uint.MaxValue) return Array.Empty<byte>();
                BinaryPrimitives.WriteUInt32LittleEndian(table.AsSpan(4 * i), (uint)offset);
                offset += 8 + lengths[i];
            }
            return table;
        }

        /// <summary>Closes and deletes the temporary file; a dataset still referencing it can then no longer be written.</summary>
        public void Dispose()
        {
            _spool?.Dispose();
            _spool = null;
        }
    }
}
