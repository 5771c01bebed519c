namespace Deid.Filters
{
    /// <summary>
    /// One row of deid's <c>deid inspect --save</c> table: one per clean file, one per flagged label. The first four properties are
    /// deid's columns in its order (dicom_file, pixels_flagged, flag_list, reason); Label is ours, after them.
    /// </summary>
    public sealed class BurnedPixelRow
    {
        /// <summary>Creates a row.</summary>
        public BurnedPixelRow(string? dicomFile, string pixelsFlagged, string flagList, string reason, string label)
        {
            DicomFile = dicomFile;
            PixelsFlagged = pixelsFlagged;
            FlagList = flagList;
            Reason = reason;
            Label = label;
        }

        /// <summary>deid's dicom_file: the path.</summary>
        public string? DicomFile { get; }

        /// <summary>deid's pixels_flagged: CLEAN or FLAGGED.</summary>
        public string PixelsFlagged { get; }

        /// <summary>deid's flag_list: the group of the flagged label; empty for a clean file.</summary>
        public string FlagList { get; }

        /// <summary>deid's reason; empty for a clean file.</summary>
        public string Reason { get; }

        /// <summary>The flagged label; empty for a clean file.</summary>
        public string Label { get; }
    }
}
