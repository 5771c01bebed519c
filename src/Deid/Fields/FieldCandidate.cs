using Deid.Dicom;

namespace Deid.Fields
{
    /// <summary>A plain <see cref="IFieldCandidate"/>, for tests and for callers that build candidates themselves.</summary>
    internal sealed class FieldCandidate : FieldCandidateBase
    {
        /// <summary>Creates a candidate; <paramref name="keywordPath"/> and <paramref name="tagPath"/> default to the top-level forms.</summary>
        public FieldCandidate(DicomTag tag, string keyword, string name, DicomVR vr, string? privateCreator = null,
            string? keywordPath = null, string? tagPath = null, bool isFileMeta = false)
            : base(tag, keyword, name, vr, privateCreator, keywordPath, tagPath, isFileMeta)
        {
        }

        /// <summary>The tag path, keyword path and VR, for test output.</summary>
        public override string ToString() => $"{TagPath} [{KeywordPath}] {VR}";
    }
}
