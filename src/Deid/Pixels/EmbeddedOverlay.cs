using System;
using System.Collections.Generic;
using Deid.Dicom;

namespace Deid.Pixels
{
    /// <summary>
    /// An overlay plane kept in the unused high bits of native Pixel Data rather than in its own Overlay Data (60xx,3000): what
    /// DICOM allowed until 2004 (PS3.3 C.9.2, since retired), and what older MR and CT scanners wrote their annotations into. Such
    /// a plane is a bitmap of text and graphics, the Overlay Data that PS3.15 Table E.1-1 removes, yet it lives inside every pixel.
    /// </summary>
    public sealed class EmbeddedOverlay
    {
        private EmbeddedOverlay(ushort group, long bitsAllocated, long? bitPosition)
        {
            Group = group;
            BitsAllocated = bitsAllocated;
            BitPosition = bitPosition;
        }

        /// <summary>The repeating group (0x6000, 0x6002, … 0x601E).</summary>
        public ushort Group { get; }

        /// <summary>Overlay Bits Allocated (60xx,0100) as declared: Bits Allocated (0028,0100) for an embedded plane.</summary>
        public long BitsAllocated { get; }

        /// <summary>Overlay Bit Position (60xx,0102): the bit of each sample that holds the plane; null when it is not declared.</summary>
        public long? BitPosition { get; }

        private DicomTag BitsAllocatedTag => new DicomTag(Group, 0x0100);

        private DicomTag BitPositionTag => new DicomTag(Group, 0x0102);

        /// <summary>The group as PS3.6 writes it, e.g. <c>6000</c>.</summary>
        public override string ToString() => Group.ToString("X4", System.Globalization.CultureInfo.InvariantCulture);

        /// <summary>
        /// The planes <paramref name="dataset"/> declares as embedded in its pixel data: an overlay group with no Overlay Data
        /// (60xx,3000) whose Overlay Bits Allocated equals the image's Bits Allocated (above 1, as PS3.3 C.9.2 required of an
        /// embedded plane). Empty for a dataset without Bits Allocated or with separate overlays only.
        /// </summary>
        public static IReadOnlyList<EmbeddedOverlay> Find(DicomDataset dataset)
        {
            if (dataset == null) throw new ArgumentNullException(nameof(dataset));
            if (!dataset.TryGetInteger(DicomTags.BitsAllocated, out long imageBits) || imageBits <= 1) return Array.Empty<EmbeddedOverlay>();
            List<EmbeddedOverlay>? found = null;
            for (int g = 0x6000; g <= 0x601E; g += 2)
            {
                var group = (ushort)g;
                // Overlay Bits Allocated first: nearly every file has no overlay group, and then this is the one lookup a group.
                if (!dataset.TryGetInteger(new DicomTag(group, 0x0100), out long bits) || bits != imageBits) continue;
                if (dataset.Contains(new DicomTag(group, 0x3000))) continue;
                long? position = dataset.TryGetInteger(new DicomTag(group, 0x0102), out long p) ? p : (long?)null;
                (found ??= new List<EmbeddedOverlay>()).Add(new EmbeddedOverlay(group, bits, position));
            }
            return found ?? (IReadOnlyList<EmbeddedOverlay>)Array.Empty<EmbeddedOverlay>();
        }

        /// <summary>
        /// True while <paramref name="dataset"/> still describes this plane as it was found: the recipe kept it, so a viewer
        /// still shows it and it is the recipe's to keep. False once a header action removed or changed its description.
        /// </summary>
        public bool IsDeclaredIn(DicomDataset dataset)
        {
            if (dataset == null) throw new ArgumentNullException(nameof(dataset));
            if (dataset.Contains(new DicomTag(Group, 0x3000))) return false;
            if (!dataset.TryGetInteger(BitsAllocatedTag, out long bits) || bits != BitsAllocated) return false;
            bool hasPosition = dataset.TryGetInteger(BitPositionTag, out long position);
            return BitPosition == null ? !hasPosition : hasPosition && position == BitPosition.Value;
        }

        /// <summary>
        /// The bits of a sample that hold this plane, never one of the image's stored bits: the declared bit position when it
        /// lies outside them, every bit outside them when no position is declared, and 0 when the declared bit is an image bit
        /// (a damaged header: clearing it would damage the image).
        /// </summary>
        public ulong SampleBits(PixelFrameGeometry geometry)
        {
            if (geometry == null) throw new ArgumentNullException(nameof(geometry));
            ulong all = geometry.BitsAllocated >= 64 ? ulong.MaxValue : (1UL << geometry.BitsAllocated) - 1;
            ulong free = all & ~StoredBits(geometry);
            if (BitPosition == null) return free;
            long p = BitPosition.Value;
            if (p < 0 || p >= geometry.BitsAllocated) return 0;
            return free & (1UL << (int)p);
        }

        /// <summary>The bits of a sample that hold the image: Bits Stored of them, ending at High Bit.</summary>
        internal static ulong StoredBits(PixelFrameGeometry g) =>
            g.BitsStored >= 64 ? ulong.MaxValue : ((1UL << g.BitsStored) - 1) << (g.HighBit + 1 - g.BitsStored);
    }
}
