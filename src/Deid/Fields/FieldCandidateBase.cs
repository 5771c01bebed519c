using System.Runtime.CompilerServices;
using Deid.Dicom;

namespace Deid.Fields
{
    /// <summary>
    /// The names an <see cref="IFieldCandidate"/> is matched by, set once: the one implementation of the interface's properties that
    /// the engine's <see cref="DeidField"/> and the plain <see cref="FieldCandidate"/> share.
    /// </summary>
    public abstract class FieldCandidateBase : IFieldCandidate
    {
        /// <summary>Sets every name; a null <paramref name="keywordPath"/> or <paramref name="tagPath"/> takes the top-level form.</summary>
        [MethodImpl(HotPath.Optimized)]
        protected FieldCandidateBase(DicomTag tag, string keyword, string name, DicomVR vr, string? privateCreator, string? keywordPath, string? tagPath, bool isFileMeta)
        {
            Tag = tag;
            Keyword = keyword ?? "";
            Name = name ?? "";
            VR = vr;
            PrivateCreator = privateCreator;
            KeywordPath = keywordPath ?? Keyword;
            TagPath = tagPath ?? tag.ToString();
            IsFileMeta = isFileMeta;
        }

        /// <inheritdoc/>
        public DicomTag Tag { get; }

        /// <inheritdoc/>
        public string Keyword { get; }

        /// <inheritdoc/>
        public string Name { get; }

        /// <inheritdoc/>
        public DicomVR VR { get; }

        /// <inheritdoc/>
        public string? PrivateCreator { get; }

        /// <inheritdoc/>
        public string KeywordPath { get; }

        /// <inheritdoc/>
        public string TagPath { get; }

        /// <inheritdoc/>
        public bool IsFileMeta { get; }
    }
}
