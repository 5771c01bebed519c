using System;
using Deid.Dicom;

namespace Deid.Batch
{
    /// <summary>
    /// A DICOMDIR (Media Storage Directory, the index of a file-set) is not de-identified. Its directory records point at each
    /// other by byte offsets from the start of the file, which any change of a value's length would leave pointing into the
    /// wrong place, and at the files of the set by path (Referenced File ID), whose folder names are often patient IDs or
    /// names: a copy would be either corrupt or leaking. The files it lists are de-identified on their own; a new DICOMDIR is
    /// then built from the copies (dcmtk's dcmmkdir, for one). The file is not written; the batch goes on.
    /// </summary>
    public sealed class DicomDirectoryNotSupportedException : Exception
    {
        /// <summary>The SOP Class of a DICOMDIR: Media Storage Directory Storage.</summary>
        public const string MediaStorageDirectoryStorage = "1.2.840.10008.1.3.10";

        /// <summary>Creates the exception for the DICOMDIR at <paramref name="path"/>.</summary>
        public DicomDirectoryNotSupportedException(string path)
            : base($"'{path}' is a DICOMDIR (the index of a file-set): its records point at each other by byte offset and at the files by paths that can hold identifiers, so no copy of it is written. De-identify the files it lists, then build a new DICOMDIR from the copies (for example with dcmtk's dcmmkdir).")
        {
            Path = path;
        }

        /// <summary>The DICOMDIR that was not written.</summary>
        public string Path { get; }

        /// <summary>
        /// True when <paramref name="file"/> is a DICOMDIR: its Media Storage SOP Class says so, or its dataset holds the
        /// directory's offsets or records (a file whose meta says otherwise still carries them).
        /// </summary>
        public static bool IsDicomDirectory(DicomFile file)
        {
            if (file == null) throw new ArgumentNullException(nameof(file));
            string? sopClass = file.FileMetaInformation.Contains(DicomTags.MediaStorageSOPClassUID)
                ? file.FileMetaInformation.GetString(DicomTags.MediaStorageSOPClassUID)?.TrimEnd('\0', ' ')
                : null;
            return sopClass == MediaStorageDirectoryStorage
                || file.Dataset.Contains(DicomTags.DirectoryRecordSequence)
                || file.Dataset.Contains(DicomTags.OffsetOfTheFirstDirectoryRecordOfTheRootDirectoryEntity);
        }
    }
}
