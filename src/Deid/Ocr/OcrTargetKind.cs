namespace Deid.Ocr
{
    /// <summary>What kind of identifying value an OCR target is: it decides how strictly OCR text must match it.</summary>
    public enum OcrTargetKind
    {
        /// <summary>A person-name component (family, given, middle name…).</summary>
        Name,

        /// <summary>A name component too short to match alone ("AB"): matched only beside another part of the same name.</summary>
        NameCompanion,

        /// <summary>An identifier (PatientID, AccessionNumber…).</summary>
        Id,

        /// <summary>A date, in any of its printed forms.</summary>
        Date,

        /// <summary>Other identifying text (institution, address, station…), matched as a whole.</summary>
        Text,
    }
}
