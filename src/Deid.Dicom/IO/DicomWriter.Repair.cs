using System;
using System.Runtime.CompilerServices;

namespace Deid.Dicom
{
    public static partial class DicomWriter
    {
        // Two faults of invalid input are repaired on every write, because an output that other tools cannot read (or read
        // only with warnings) is no output: odd-length values (PS3.5 §7.1.1 requires even lengths) are padded with their
        // VR's padding byte, as pydicom does; and a dataset whose data contradict the transfer syntax its meta declares is
        // written in the declared syntax (the reader follows the data, as pydicom does; dcmtk follows the declaration and
        // cannot read a copied mismatch). A valid file needs neither, so it is still written back byte for byte.

        /// <summary>
        /// The encoding the dataset is written in: the one its file declares, when the file has a meta that names a
        /// transfer syntax this library knows; otherwise the dataset's own (a bare dataset, an unknown syntax).
        /// </summary>
        private static DicomEncoding DatasetEncoding(DicomFile file)
        {
            var ts = file.TransferSyntax;
            if (!file.HasFileMetaInformation || !ts.IsKnown) return file.Dataset.Encoding;
            return ts.Encoding;
        }

        private static long Even(long length) => length + (length & 1);

        /// <summary>
        /// The VR written for <paramref name="e"/>. Converting from implicit to explicit VR, an element the dictionary does
        /// not know (no VR) becomes UN and encapsulated Pixel Data OB; a value too long for its VR's 16-bit length field once padded or converted becomes UN
        /// too (PS3.5 §6.2.2), as does a private element whose VR only the implicit reader guessed.
        /// </summary>
        [MethodImpl(HotPath.Optimized)]
        private static DicomVR VRFor(DicomDataset ds, in DicomElement e, DicomEncoding enc, long valueLength, bool converting)
        {
            var vr = e.VR;
            if (!enc.IsExplicitVR) return vr;
            if (converting && !ds.Encoding.IsExplicitVR)
            {
                if (vr == DicomVR.None) return DicomVR.UN;
                // Implicit VR reads Pixel Data as OW; encapsulated pixel data is OB (PS3.5 §A.4).
                if (e.Payload is DicomFragments) return DicomVR.OB;
            }
            if (!vr.HasLongLength && valueLength > 0xFFFF && (converting || valueLength != e.Length)) return DicomVR.UN;
            return vr;
        }

        /// <summary>True when a binary value must change byte order (the declared syntax differs in endianness from the data).</summary>
        [MethodImpl(HotPath.Optimized)]
        private static bool NeedsSwap(DicomDataset ds, in DicomElement e, DicomEncoding enc) =>
            ds.Encoding.IsBigEndian != enc.IsBigEndian && e.VR.UnitSize > 1;

        /// <summary>Reverses the bytes of each whole unit of a binary value (a trailing partial unit is left as it is).</summary>
        private static byte[] Swapped(byte[] value, DicomVR vr)
        {
            int unit = vr.UnitSize;
            for (int i = 0; i + unit <= value.Length; i += unit) Array.Reverse(value, i, unit);
            return value;
        }

        /// <summary>True when the element, or anything nested in it, has an odd-length value (which the writer pads).</summary>
        private static bool HasOddLength(in DicomElement e)
        {
            switch (e.Payload)
            {
                case DicomSequence seq:
                    foreach (var item in seq)
                    {
                        for (int i = 0; i < item.Count; i++)
                        {
                            if (HasOddLength(item.ElementAt(i))) return true;
                        }
                    }
                    return false;
                case DicomFragments frags:
                    foreach (var f in frags.Items)
                    {
                        if ((f.Length & 1) == 1) return true;
                    }
                    return false;
                default:
                    return (e.Length & 1) == 1;
            }
        }
    }
}
