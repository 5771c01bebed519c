using System.Collections.Generic;
using System.IO;
using Deid.Dicom;
using Deid.Pixels;

namespace Deid.Audit
{
    /// <summary>
    /// The audit's look at overlay planes stored apart from the pixels (Overlay Data, 60xx,3000) in an output: a viewer draws
    /// them over the image, text and all, and neither the byte search (the text is a bitmap) nor OCR (it reads the pixels)
    /// can read them. PS3.15 Table E.1-1 removes Overlay Data, so a plane still drawn in an output is reported for review, as
    /// an embedded one is (<see cref="EmbeddedOverlayAudit"/>).
    /// </summary>
    internal static class SeparateOverlayAudit
    {
        /// <summary>One leak per separate overlay plane of the output <paramref name="written"/> (null when it cannot be read as DICOM) with a bit set.</summary>
        public static List<DeidLeak> Find(DicomFile? written)
        {
            var leaks = new List<DeidLeak>();
            if (written == null) return leaks;
            try
            {
                foreach (var (group, element, bitsSet) in SeparateOverlays.Drawn(written.Dataset))
                {
                    var value = new AuditValue($"({group:X4},3000)", "OverlayData", DicomVR.OW, $"overlay plane {group:X4} stored apart from Pixel Data",
                        DicomCharacterSet.Default, LeakCategory.Identifying);
                    leaks.Add(new DeidLeak(value, $"{bitsSet} bit(s) drawn over the image", LeakLocation.Bytes, element.ValueRef?.Offset ?? -1));
                }
            }
            catch (IOException)
            {
                // An overlay left on disk that cannot be read again: the byte search has looked at the file.
            }
            return leaks;
        }
    }
}
