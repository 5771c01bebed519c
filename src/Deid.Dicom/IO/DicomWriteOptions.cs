namespace Deid.Dicom
{
    /// <summary>Choices for writing a file.</summary>
    public sealed class DicomWriteOptions
    {
        /// <summary>The defaults: keep what is unchanged, bring the file meta in line with a modified dataset.</summary>
        public static DicomWriteOptions Default { get; } = new DicomWriteOptions();

        /// <summary>
        /// When the dataset or file meta was modified, update the file meta before writing: Media Storage SOP Class and
        /// Instance UIDs follow the dataset's SOP Class and Instance UIDs, the Transfer Syntax UID is the file's, and the
        /// implementation UID and version name become ours. A file read without meta is written without, as it was.
        /// </summary>
        public bool UpdateFileMeta { get; init; } = true;

        /// <summary>
        /// For an unmodified deflated dataset, copy the original compressed bytes instead of compressing again
        /// (deflate output is not unique, so this is how an unchanged file stays byte-identical).
        /// </summary>
        public bool ReuseUnmodifiedDeflatedData { get; init; } = true;

        /// <summary>
        /// Sees the top-level Pixel Data's encapsulated fragments as they are written (a look for text in JPEG frames done
        /// during the copy instead of before it); null for none.
        /// </summary>
        public IFragmentObserver? PixelDataObserver { get; init; }

        /// <summary>
        /// Called by <see cref="DicomFile.Save"/> once every byte is in the temporary file and before it is renamed to the
        /// output's name; null for nothing. What must be kept on disk before an output may appear (the crosswalk rows that
        /// lead back from it) is kept here: if this throws, the temporary file is removed and nothing appears at the path.
        /// </summary>
        public System.Action? BeforeRename { get; init; }
    }
}
