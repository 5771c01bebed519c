using System;
using System.Collections.Generic;
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
        /// <summary>One leak per separate overlay plane of the output <paramref name="output"/> with a bit set.</summary>
        public static List<DeidLeak> Find(byte[] output, string outputPath)
        {
            var leaks = new List<DeidLeak>();
            if (!MayHoldOverlayData(output)) return leaks;
            try
            {
                var written = DicomFile.Open(output, null, outputPath);
                foreach (var (group, bitsSet) in SeparateOverlays.Drawn(written.Dataset))
                {
                    var tag = new DicomTag(group, 0x3000);
                    written.Dataset.TryGetElement(tag, out var element);
                    var value = new AuditValue($"({group:X4},3000)", "OverlayData", DicomVR.OW, $"overlay plane {group:X4} stored apart from Pixel Data",
                        DicomCharacterSet.Default, LeakCategory.Identifying);
                    leaks.Add(new DeidLeak(value, $"{bitsSet} bit(s) drawn over the image", LeakLocation.Bytes, element.ValueRef?.Offset ?? -1));
                }
            }
            catch (DicomFormatException)
            {
                // An output that cannot be read back is not this check's to report: the byte search has already looked at it.
            }
            return leaks;
        }

        // The tag (60xx,3000) in either byte order, or the file is not read again: most outputs have no overlay group left.
        private static bool MayHoldOverlayData(byte[] bytes)
        {
            var span = bytes.AsSpan();
            int from = 0;
            while (from < span.Length)
            {
                int i = span.Slice(from).IndexOf((byte)0x60);
                if (i < 0) return false;
                i += from;
                if (i >= 1 && i + 2 < span.Length && IsGroupLow(span[i - 1]) && span[i + 1] == 0x00 && span[i + 2] == 0x30) return true;
                if (i + 3 < span.Length && IsGroupLow(span[i + 1]) && span[i + 2] == 0x30 && span[i + 3] == 0x00) return true;
                from = i + 1;
            }
            return false;
        }

        private static bool IsGroupLow(byte b) => b <= 0x1E && (b & 1) == 0;
    }
}
