using System;
using System.IO;
using Deid.Dicom;

namespace Deid.Audit
{
    /// <summary>
    /// Hands an output's element values, one by one, to the value-by-value look (<see cref="IValueSink"/>): the file meta and
    /// the dataset at any depth, as read whole — values left in the output (64 KB or more) and those after the Pixel Data too —
    /// and, for a UN value that holds items, the values of the elements in them (<see cref="ImplicitItems"/>).
    /// </summary>
    /// <remarks>
    /// Pixel values are left out: they are binary, searched by the byte search (short words outside them only), and the bulk
    /// of an output. So are the fragments of encapsulated data, which only pixel data have.
    /// </remarks>
    internal static class OutputValues
    {
        // A UN value left in the output is walked through a buffer of this many bytes.
        private const int WalkBuffer = 64 << 10;

        /// <summary>
        /// Adds the values of <paramref name="file"/> to <paramref name="sink"/>, in the order they lie in it, empty ones left
        /// out; the same values in the same order each time.
        /// </summary>
        public static void AddTo(DicomFile file, IValueSink sink)
        {
            if (file.HasFileMetaInformation) Add(file.FileMetaInformation, sink);
            Add(file.Dataset, sink);
        }

        private static void Add(DicomDataset dataset, IValueSink sink)
        {
            for (int i = 0; i < dataset.Count && !sink.Done; i++)
            {
                var e = dataset.ElementAt(i);
                if (e.Sequence is DicomSequence sequence)
                {
                    for (int k = 0; k < sequence.Count; k++) Add(sequence[k], sink);
                    continue;
                }
                if (IsPixels(e.Tag)) continue;
                if (e.IsLoaded && e.RawValue.Length > 0)
                {
                    if (e.VR == DicomVR.UN) AddUnknown(e.RawValue, sink);
                    else sink.Add(e.RawValue);
                }
                else if (e.ValueRef is DicomValueRef reference && reference.Length > 0)
                {
                    if (e.VR == DicomVR.UN) AddUnknown(reference, sink);
                    else sink.Add(reference.Source, reference.Offset, reference.Length);
                }
            }
        }

        private static bool IsPixels(DicomTag tag) =>
            tag == DicomTag.PixelData || tag == DicomTags.FloatPixelData || tag == DicomTags.DoubleFloatPixelData;

        // A UN value in memory: the values of its items, or itself when it holds none. Most UN values (every unknown private
        // element of an implicit VR file) do not begin with an item, and are added as they are without a walk.
        private static void AddUnknown(ReadOnlyMemory<byte> value, IValueSink sink)
        {
            if (!ImplicitItems.BeginsWithItem(value.Span) || !AddItems(value, sink)) sink.Add(value);
        }

        private static bool AddItems(ReadOnlyMemory<byte> value, IValueSink sink) =>
            ImplicitItems.Walk(value.Length, (offset, into) =>
            {
                value.Span.Slice((int)offset, into.Length).CopyTo(into);
                return true;
            }, (start, length) => sink.Add(value.Slice((int)start, (int)length)));

        // A UN value left in the output: walked through a buffered stream of its own, its values then read as any left there.
        private static void AddUnknown(DicomValueRef reference, IValueSink sink)
        {
            bool items;
            using (var stream = new BufferedStream(reference.Source.OpenRead(), WalkBuffer))
            {
                items = ImplicitItems.Walk(reference.Length, (offset, into) => ReadAt(stream, reference.Offset + offset, into),
                    (start, length) => sink.Add(reference.Source, reference.Offset + start, length));
            }
            if (!items) sink.Add(reference.Source, reference.Offset, reference.Length);
        }

        private static bool ReadAt(Stream stream, long offset, byte[] into)
        {
            stream.Position = offset;
            int got = 0;
            while (got < into.Length)
            {
                int n = stream.Read(into, got, into.Length - got);
                if (n <= 0) return false;
                got += n;
            }
            return true;
        }
    }
}
