namespace Deid.Dicom
{
    /// <summary>This library's identity in the file meta of files it writes (PS3.7 §D.3.3.2).</summary>
    public static class DicomImplementation
    {
        /// <summary>Implementation Class UID: a UUID-derived UID (PS3.5 §B.2), fixed for this implementation.</summary>
        public const string ClassUid = "2.25.284844578148698603675221743030590887360";

        /// <summary>Implementation Version Name (SH, at most 16 characters).</summary>
        public const string VersionName = "DEID_PS_0_1";
    }
}
