using System;
using Deid.Dicom;
using Deid.Fields;
using Deid.Recipes;

namespace Deid.Actions
{
    /// <summary>
    /// Our <c>deid_func:remove_or_empty</c> (deid 0.4.12 has no such function): PS3.15's X (or X/Z) for an attribute whose type
    /// depends on where it stands. The element is removed except where PS3.3 makes it Type 2 or 2C there, where it is emptied:
    /// a recipe line knows the attribute, not the IOD, and both the removal and the empty value leave nothing of it.
    /// </summary>
    /// <remarks>
    /// Why a function and not a REMOVE: each of these, removed everywhere, made a kind of object invalid (dciodvfy: "Missing
    /// attribute Type 2 Required Element"):
    /// <list type="bullet">
    /// <item>Referenced Performed Procedure Step Sequence (0008,1111), X/Z/D: Type 3 in the General Series module of every image,
    /// where a present sequence needs its one item (so it cannot be emptied), and Type 2 in the SR Document Series and Key Object
    /// Document Series modules (PS3.3 C.17.1, C.17.6.1).</item>
    /// <item>Requested Procedure ID (0040,1001), X: Type 2 in the items of the Referenced Request Sequence of SR and key object
    /// documents (C.17.2, C.17.6.2).</item>
    /// <item>Reviewer Name (300E,0008), X/Z: Type 2C in the Approval module (C.8.8.16), required when Approval Status is APPROVED
    /// or REJECTED.</item>
    /// </list>
    /// </remarks>
    internal static class RemoveOrEmpty
    {
        /// <summary>The function's name after <c>deid_func:</c>.</summary>
        public const string FunctionName = "remove_or_empty";

        /// <summary>
        /// Every SOP Class of PS3.4 under this root is a Structured Report or Key Object Selection document (uids.tsv: Basic Text
        /// SR ... Waveform Annotation SR, Key Object Selection .88.59), whose series modules make the sequence Type 2.
        /// </summary>
        private const string DocumentClassRoot = "1.2.840.10008.5.1.4.1.1.88.";

        private static readonly DicomTag ReferencedPerformedProcedureStepSequence = new DicomTag(0x0008, 0x1111);
        private static readonly DicomTag RequestedProcedureID = new DicomTag(0x0040, 0x1001);
        private static readonly DicomTag ReferencedRequestSequence = new DicomTag(0x0040, 0xA370);
        private static readonly DicomTag ReviewerName = new DicomTag(0x300E, 0x0008);
        private static readonly DicomTag ApprovalStatus = new DicomTag(0x300E, 0x0002);

        /// <summary>True when <paramref name="value"/> calls this function.</summary>
        public static bool IsCalledBy(ActionValue? value) =>
            value != null && value.Kind == ActionValueKind.DeidFunction && string.Equals(value.Name, FunctionName, StringComparison.Ordinal);

        /// <summary>
        /// True when <paramref name="field"/> of <paramref name="file"/> must stay present (emptied), false when it is to be
        /// removed: the top-level Referenced Performed Procedure Step Sequence of a report or key object document, a Requested
        /// Procedure ID in a Referenced Request Sequence item, a Reviewer Name beside an Approval Status that requires it.
        /// </summary>
        public static bool MustStay(DicomFile file, DeidField field)
        {
            if (field.Tag == ReferencedPerformedProcedureStepSequence) return ReferenceEquals(field.Holder, file.Dataset) && IsDocument(file);
            if (field.Tag == RequestedProcedureID) return ParentSequence(field.TagPath) == ReferencedRequestSequence;
            if (field.Tag == ReviewerName)
            {
                string status = (field.Holder.GetString(ApprovalStatus) ?? string.Empty).Trim();
                return status == "APPROVED" || status == "REJECTED";
            }
            return false;
        }

        /// <summary>
        /// The tag of the sequence whose item holds the element at <paramref name="tagPath"/> (<c>(0040,A370)__0__(0040,1001)</c>
        /// gives (0040,A370)), or a tag of zero at the top level.
        /// </summary>
        internal static DicomTag ParentSequence(string tagPath)
        {
            int beforeElement = FieldPath.SeparatorBefore(tagPath, tagPath.Length);
            if (beforeElement < 0) return default;
            int beforeItem = FieldPath.SeparatorBefore(tagPath, beforeElement);
            if (beforeItem < 0) return default;
            int start = FieldPath.SeparatorBefore(tagPath, beforeItem);
            start = start < 0 ? 0 : start + FieldPath.Separator.Length;
            return DicomTag.TryParse(tagPath.Substring(start, beforeItem - start), out var tag) ? tag : default;
        }

        /// <summary>True when the file's SOP Class UID (or, without one, its meta's Media Storage SOP Class UID) is an SR or KO class.</summary>
        internal static bool IsDocument(DicomFile file)
        {
            string? sopClass = file.Dataset.GetString(DicomTags.SOPClassUID);
            if (string.IsNullOrEmpty(sopClass) && file.FileMetaInformation.Contains(DicomTags.MediaStorageSOPClassUID))
                sopClass = file.FileMetaInformation.GetString(DicomTags.MediaStorageSOPClassUID);
            return sopClass != null && sopClass.TrimEnd('\0', ' ').StartsWith(DocumentClassRoot, StringComparison.Ordinal);
        }
    }
}
