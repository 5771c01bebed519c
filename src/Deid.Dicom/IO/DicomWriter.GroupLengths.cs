using System.Buffers.Binary;

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
        /// </summary>
        private static bool IsRecomputedGroupLength(DicomDataset ds, in DicomElement e) =>
            e.Tag.IsGroupLength && e.VR == DicomVR.UL && ds.IsGroupChangedSinceRead(e.Tag.Group);

        /// <summary>The value of the group length at <paramref name="index"/>: the bytes of the elements after it in its group.</summary>
        private static byte[] GroupLengthValue(DicomDataset ds, int index, DicomEncoding enc)
        {
            ushort group = ds.ElementAt(index).Tag.Group;
            long groupLength = 0;
            for (int k = index + 1; k < ds.Count; k++)
            {
                var next = ds.ElementAt(k);
                if (next.Tag.Group != group) break;
                groupLength += MeasureElement(ds, next, enc);
            }
            var value = new byte[4];
            if (enc.IsBigEndian) BinaryPrimitives.WriteUInt32BigEndian(value, checked((uint)groupLength));
            else BinaryPrimitives.WriteUInt32LittleEndian(value, checked((uint)groupLength));
            return value;
        }
    }
}
