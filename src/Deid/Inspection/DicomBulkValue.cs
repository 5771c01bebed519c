using System;
using Deid.Dicom;

namespace Deid.Inspection
{
    /// <summary>
    /// Pixel Data and the other values the reader leaves in the file (<see cref="DicomValueRef"/>, encapsulated
    /// <see cref="DicomFragments"/>) as scripts see them on Get-DicomDataset objects: how long, where, and in how many fragments,
    /// never the bytes. Every property is a plain value, so Export-Csv, Export-Clixml and ConvertTo-Json write it whole (the codec's
    /// own objects nest deeper than ConvertTo-Json's default depth and carry the file's bytes).
    /// </summary>
    public sealed class DicomBulkValue
    {
        private DicomBulkValue(long length, long? offset, int? fragmentCount)
        {
            Length = length;
            Offset = offset;
            FragmentCount = fragmentCount;
        }

        /// <summary>The bytes of the value; for encapsulated data, of all its items (the Basic Offset Table included).</summary>
        public long Length { get; }

        /// <summary>
        /// Where the value (for encapsulated data, its first item's value: the Basic Offset Table's, empty or not) starts in the
        /// file; null when it is in memory, or inside the compressed dataset of a deflated file, where no byte of the file holds it.
        /// </summary>
        public long? Offset { get; }

        /// <summary>For encapsulated data, the fragments after the Basic Offset Table; null for a native value.</summary>
        public int? FragmentCount { get; }

        /// <summary>A value left in the file.</summary>
        public static DicomBulkValue From(DicomValueRef reference)
        {
            if (reference == null) throw new ArgumentNullException(nameof(reference));
            return new DicomBulkValue(reference.Length, reference.Source.IsInflated ? null : reference.Offset, null);
        }

        /// <summary>Encapsulated pixel data.</summary>
        public static DicomBulkValue From(DicomFragments fragments)
        {
            if (fragments == null) throw new ArgumentNullException(nameof(fragments));
            return new DicomBulkValue(fragments.TotalLength, FirstItemValueOffset(fragments), fragments.FragmentCount);
        }

        // The reader keeps a Basic Offset Table in memory (it is small, and an empty one, the usual case, has no bytes to point
        // at) and leaves the fragments in the file. The table's value then starts right before the first fragment's item
        // header: its own length back from there. Anything else (all items in memory, an inflated source) has no place.
        private static long? FirstItemValueOffset(DicomFragments fragments)
        {
            var items = fragments.Items;
            if (items.Count == 0) return null;
            if (items[0].Reference is DicomValueRef table) return table.Source.IsInflated ? null : table.Offset;
            if (items.Count < 2 || !(items[1].Reference is DicomValueRef first) || first.Source.IsInflated) return null;
            const int ItemHeaderLength = 8;
            return first.Offset - ItemHeaderLength - items[0].Length;
        }

        /// <summary>"32768 bytes", or "2 fragments, 4526 bytes" for encapsulated data.</summary>
        public override string ToString() => FragmentCount is int n
            ? n.ToString(System.Globalization.CultureInfo.InvariantCulture) + (n == 1 ? " fragment, " : " fragments, ") + Length.ToString(System.Globalization.CultureInfo.InvariantCulture) + " bytes"
            : Length.ToString(System.Globalization.CultureInfo.InvariantCulture) + " bytes";
    }
}
