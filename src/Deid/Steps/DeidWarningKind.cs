namespace Deid.Steps
{
    /// <summary>The kinds of problem a step reports without stopping the file.</summary>
    public enum DeidWarningKind
    {
        /// <summary>A <c>var:</c> or <c>func:</c> the recipe names was not given for the file; the field was left unchanged.</summary>
        MissingVariable,

        /// <summary>
        /// A <c>var:</c> was given but empty (an empty crosswalk cell): the element got an empty value, which is seldom what was
        /// meant.
        /// </summary>
        EmptyVariable,

        /// <summary>A value could not be used (an ADD of an absent element whose VR cannot take it, JITTER days that are no number); nothing was changed.</summary>
        ValueRejected,

        /// <summary>The action does not apply to what the file holds (a sequence, a TM for JITTER, an absent file meta).</summary>
        NotApplicable,

        /// <summary>An argument of the recipe could not be used as written, and a safe substitute was used instead.</summary>
        Substituted,

        /// <summary>The recipe line itself cannot be carried out (no value, an unknown function, an ADD of no single element).</summary>
        RecipeProblem,

        /// <summary>An element kept for an action that then changed nothing was removed, as the recipe's REMOVE asks.</summary>
        RemovedAfterAll,

        /// <summary>A %values group found nothing in the file, so the actions that use it selected nothing.</summary>
        EmptyGroup,

        /// <summary>The new value did not fit the element's VR (a PatientID stored as IS); it was written with the dictionary's VR.</summary>
        ReEncoded,

        /// <summary>An action that changes the value could not store it in any VR the element may have; the element was removed so that the original does not remain.</summary>
        RemovedUnfit,

        /// <summary>OCR read only the first frames of a long cine (the cap of -OcrFrames All); text burned only into later frames is not found.</summary>
        OcrCapped,

        /// <summary>
        /// The output's path (a folder or file name kept from the input, as -Recurse mirrors a tree) holds an identifying value
        /// the recipe changed in the header: the patient's name, ID, birth date, the accession number, the study date or an
        /// instance UID. Reported once per value and batch; an OutputName template names outputs from the de-identified header.
        /// </summary>
        IdentifyingOutputPath,

        /// <summary>
        /// A variable named after a top-level keyword (a crosswalk column, -Variables) differs from the file's value there, but
        /// the recipe names no var: of that name, so it was not written. Reported once per variable and batch.
        /// </summary>
        UnusedKeywordVariable,

        /// <summary>Variables were given but the recipe names no var: or func: value, so none is written. Reported once per batch.</summary>
        UnusedVariables,

        /// <summary>
        /// The file declares burned-in annotation (Burned In Annotation YES) and nothing flagged its pixels for cleaning (the
        /// batch has no pixel-cleaning step, or the recipe's filters and OCR did not flag it), so its pixels, text and all, were
        /// copied as they are. Reported once per batch.
        /// </summary>
        BurnedInAnnotationKept,

        /// <summary>
        /// The new value is longer than its VR allows (PS3.5 Table 6.2-1: 64 characters for LO, per component group for PN, ...):
        /// written as given (it is the recipe's or the function's value), which validators flag and some readers refuse.
        /// </summary>
        ValueTooLong,

        /// <summary>
        /// The input is malformed in a way the reader tolerates, and the copy is written the way the warning says: odd value
        /// lengths padded, a transfer syntax the data contradict written as declared, file meta elements found in the dataset
        /// left out, a transfer syntax UID no one defined. What <c>Get-DicomDataset</c> says of the file, said for the copy.
        /// </summary>
        SourceFault,

        /// <summary>
        /// A variable the recipe writes holds a number in scientific notation ("1.23457E+17"): a spreadsheet shortened a long ID
        /// it took for a number. Written as given. Reported once per variable and batch.
        /// </summary>
        ShortenedNumber,

        /// <summary>
        /// A new DA, TM, DT or AS value a script or recipe gave is no date, time or age of its VR ("1/1/2020", a spreadsheet's serial number, "45"):
        /// written as given, which validators flag and readers cannot use. The message gives its shape, not the value.
        /// Reported once per recipe line and batch.
        /// </summary>
        ValueNotOfItsVR,

        /// <summary>
        /// A variable the recipe writes reads like UTF-8 text decoded as Latin-1 or Windows-1252 ("MÃ¼ller"): its CSV was read in
        /// the wrong encoding. Written as given. Reported once per variable and batch.
        /// </summary>
        MisreadText,
    }
}
