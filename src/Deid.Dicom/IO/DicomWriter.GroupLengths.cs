using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace Deid.Dicom
{
    public static partial class DicomWriter
    {
        // Group lengths (gggg,0000) are a property of the encoding, not of the data: their value is the number of bytes
        // the rest of the group takes when written, which only the writer knows. So the dataset keeps the value it read
        // and records which groups changed; the writer recomputes the lengths of those groups each time it writes.

        /// <summary>
        /// True for a group length (gggg,0000) UL of a group changed since the dataset was read (before or after
        /// <see cref="DicomDataset.AcceptChanges"/>): its value is recomputed when written. Groups never changed keep the
        /// value they were read with, even a wrong one, so that an unmodified group is written back byte for byte.
        /// With <paramref name="converting"/> (the dataset is written in another encoding than it was read in) every group
        /// length is recomputed, since header sizes change.
        /// </summary>
        [MethodImpl(HotPath.Optimized)]
        private static bool IsRecomputedGroupLength(DicomDataset ds, in DicomElement e, bool converting) =>
            e.Tag.IsGroupLength && e.VR == DicomVR.UL && (converting || ds.IsGroupChangedSinceRead(e.Tag.Group));

        /// <summary>
        /// True for a group length (4-byte UL) whose group holds an odd-length value: padding it changes the group's
        /// length, so it is recomputed. Scanned only when a group length is met (rare outside the file meta).
        /// </summary>
        [MethodImpl(HotPath.Optimized)]
        private static bool IsGroupLengthOfPaddedGroup(DicomDataset ds, int index)
        {
            var e = ds.ElementAt(index);
            if (!e.Tag.IsGroupLength || e.VR != DicomVR.UL || e.Length != 4) return false;
            for (int k = index + 1; k < ds.Count; k++)
            {
                var next = ds.ElementAt(k);
                if (next.Tag.Group != e.Tag.Group) break;
                if (HasOddLength(next)) return true;
            }
            return false;
        }

        /// <summary>The value of the group length at <paramref name="index"/>: the bytes of the elements after it in its group.</summary>
        [MethodImpl(HotPath.Optimized)]
        private static byte[] GroupLengthValue(DicomDataset ds, int index, DicomEncoding enc, bool converting)
        {
            ushort group = ds.ElementAt(index).Tag.Group;
            long groupLength = 0;
            for (int k = index + 1; k < ds.Count; k++)
            {
                var next = ds.ElementAt(k);
                if (next.Tag.Group != group) break;
                groupLength += MeasureElement(ds, next, enc, converting);
            }
            var value = new byte[4];
            if (enc.IsBigEndian) BinaryPrimitives.WriteUInt32BigEndian(value, checked((uint)groupLength));
            else BinaryPrimitives.WriteUInt32LittleEndian(value, checked((uint)groupLength));
            return value;
        }
    }
}
