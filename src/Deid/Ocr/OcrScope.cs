namespace Deid.Ocr
{
    /// <summary>Which burned-in words OCR reports.</summary>
    public enum OcrScope
    {
        /// <summary>Only text matching the header's own identifying values, or that looks like a date or an ID of 6+ digits.</summary>
        Identifiers,

        /// <summary>Every word Tesseract is confident about (screenshots, scanned documents).</summary>
        AllText,
    }
}
