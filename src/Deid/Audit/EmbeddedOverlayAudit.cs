using System;
using System.Collections.Generic;
using Deid.Dicom;
using Deid.Pixels;

namespace Deid.Audit
{
    /// <summary>
    /// The audit's look at overlay planes the original kept in the high bits of its pixels (<see cref="EmbeddedOverlay"/>): a
    /// plane still drawn in the output is Overlay Data, which PS3.15 Table E.1-1 removes, whether or not the output still
    /// declares it (once its group is gone no viewer shows it, but its annotation reads out of the bits as before). Such a plane
    /// holds no text value to search for, so it is found by its bits.
    /// </summary>
    internal static class EmbeddedOverlayAudit
    {
        /// <summary>
        /// One leak per plane of <paramref name="original"/> with a bit set in the native pixel data of the output that
        /// <paramref name="openWritten"/> reads, with its Pixel Data (null when it cannot be read as DICOM); it is read only
        /// when the original has such a plane.
        /// Compressed or unreadable pixel data cannot be told and gives none (the byte search still runs on it).
        /// </summary>
        public static List<DeidLeak> Find(DicomFile original, Func<DicomFile?> openWritten, string outputPath)
        {
            var leaks = new List<DeidLeak>();
            var planes = EmbeddedOverlay.Find(original.Dataset);
            if (planes.Count == 0) return leaks;
            var written = openWritten();
            if (written == null) return leaks;
            try
            {
                if (!written.Dataset.TryGetElement(DicomTag.PixelData, out var element) || element.Fragments != null) return leaks;
                using var pixels = NativePixelData.Open(written.Dataset, outputPath);
                var geometry = pixels.Geometry;
                int width = EmbeddedOverlayStep.SampleWidth(geometry);
                if (width == 0) return leaks;
                foreach (var plane in planes)
                {
                    ulong bits = plane.SampleBits(geometry);
                    if (bits == 0) continue;
                    int drawn = 0;
                    for (int i = 0; i < geometry.NumberOfFrames; i++)
                    {
                        if (EmbeddedOverlayStep.AnySet(pixels.ReadFrame(i), width, bits)) drawn++;
                    }
                    if (drawn == 0) continue;
                    string where = plane.BitPosition is long p ? $"bit {p}" : "the bits above the image";
                    var value = new AuditValue($"({plane},3000)", "OverlayData", DicomVR.OW, $"overlay plane {plane} embedded in {where} of Pixel Data",
                        DicomCharacterSet.Default, LeakCategory.Identifying);
                    string form = $"drawn in {drawn} of {geometry.NumberOfFrames} frame(s){(plane.IsDeclaredIn(written.Dataset) ? string.Empty : ", no longer declared")}";
                    leaks.Add(new DeidLeak(value, form, LeakLocation.Bytes, element.ValueRef?.Offset ?? -1));
                }
            }
            catch (DicomFormatException)
            {
                // An output that cannot be read back is not this check's to report: the byte search has already looked at it.
            }
            return leaks;
        }
    }
}
