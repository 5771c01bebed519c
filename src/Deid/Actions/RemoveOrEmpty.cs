using System;
using Deid.Dicom;
using Deid.Fields;
using Deid.Recipes;

namespace Deid.Actions
{
    /// <summary>
    /// Our <c>deid_func:remove_or_empty</c> (deid 0.4.12 has no such function): PS3.15's X/Z for an attribute whose type depends
    /// on the object. The element is removed (X) except where PS3.3 makes it Type 2 in this object, where it is emptied (Z):
    /// a recipe line knows the attribute, not the IOD, and both the removal and the empty sequence leave nothing of the value.
    /// </summary>
    /// <remarks>
    /// Why a function and not a REMOVE: Referenced Performed Procedure Step Sequence (0008,1111) is X/Z/D in Table E.1-1. It is
    /// Type 3 in the General Series module of every image, where a present sequence needs its one item (so it cannot be emptied),
    /// and Type 2 in the SR Document Series and Key Object Document Series modules (PS3.3 C.17.1, C.17.6.1), where removing it made
    /// every de-identified report invalid (dciodvfy: "Missing attribute Type 2 Required Element").
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

        /// <summary>True when <paramref name="value"/> calls this function.</summary>
        public static bool IsCalledBy(ActionValue? value) =>
            value != null && value.Kind == ActionValueKind.DeidFunction && string.Equals(value.Name, FunctionName, StringComparison.Ordinal);

        /// <summary>
        /// True when <paramref name="field"/> of <paramref name="file"/> must stay present (emptied), false when it is to be
        /// removed: only the top-level Referenced Performed Procedure Step Sequence of a report or key object document stays.
        /// </summary>
        public static bool MustStay(DicomFile file, DeidField field)
        {
            if (field.Tag != ReferencedPerformedProcedureStepSequence || !ReferenceEquals(field.Holder, file.Dataset)) return false;
            return IsDocument(file);
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
