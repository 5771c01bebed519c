using System.Collections.Generic;
using System.Runtime.CompilerServices;
using Deid.Dicom;

namespace Deid.Actions
{
    /// <summary>What <see cref="ChangeWriter.Write"/> did with a value an action asked to store.</summary>
    internal enum ChangeOutcome
    {
        /// <summary>Stored with the element's VR (a UN of a known tag: with the dictionary's VR, as pydicom reads it).</summary>
        Set,

        /// <summary>The element's own VR could not take the value; stored with a VR the dictionary gives the tag.</summary>
        ReEncoded,

        /// <summary>No VR the element may have could take the value; the element was removed.</summary>
        Removed,
    }

    /// <summary>
    /// Stores the value of an action that says change (REPLACE, JITTER, a UID function, ADD over a present element) so that the
    /// original value never remains. deid — and we until issue #10 — left the element unchanged when the value did not fit its
    /// VR, so a PatientID stored with VR IS or an OperatorsName stored with VR US kept the name a REPLACE was written to hide.
    /// Order: the element's VR (for UN of a known standard tag, the dictionary's VR: a UN value replaced must be valid for what
    /// the attribute is); then each VR the dictionary lists for the tag; else the element is removed.
    /// </summary>
    internal static class ChangeWriter
    {
        /// <summary>Writes <paramref name="value"/> into <paramref name="tag"/> of <paramref name="holder"/>, currently of <paramref name="currentVR"/>.</summary>
        /// <param name="holder">The dataset holding the element.</param>
        /// <param name="tag">The element's tag.</param>
        /// <param name="currentVR">The VR the element has now.</param>
        /// <param name="value">The resolved value.</param>
        /// <param name="problem">Why the element's own VR refused the value (null when it did not).</param>
        /// <param name="written">The VR written with (<see cref="DicomVR.None"/> when removed).</param>
        [MethodImpl(HotPath.Optimized)]
        public static ChangeOutcome Write(DicomDataset holder, DicomTag tag, DicomVR currentVR, object value, out string? problem, out DicomVR written)
        {
            var first = currentVR == DicomVR.UN && DictionaryVRs(tag) is { Count: > 0 } known ? known[0] : currentVR;
            problem = ValueSetter.TrySet(holder, tag, first, value);
            written = first;
            if (problem == null) return ChangeOutcome.Set;
            foreach (var vr in DictionaryVRs(tag))
            {
                if (vr == first) continue;
                if (ValueSetter.TrySet(holder, tag, vr, value) == null)
                {
                    written = vr;
                    return ChangeOutcome.ReEncoded;
                }
            }
            holder.Remove(tag);
            written = DicomVR.None;
            return ChangeOutcome.Removed;
        }

        /// <summary>
        /// True when the element's VR is none the dictionary allows for its standard tag (a PatientID stored as IS): a value an
        /// action cannot work on there (a date to shift) must not stay either.
        /// </summary>
        public static bool HasForeignVR(DicomTag tag, DicomVR effectiveVR)
        {
            var allowed = DictionaryVRs(tag);
            if (allowed.Count == 0) return false;
            foreach (var vr in allowed)
            {
                if (vr == effectiveVR) return false;
            }
            return true;
        }

        /// <summary>The VRs the dictionary gives a standard tag, leaving out UN, SQ and none (nothing a value can be re-encoded as).</summary>
        private static IReadOnlyList<DicomVR> DictionaryVRs(DicomTag tag)
        {
            if (tag.IsPrivate || tag.Element == 0 || !DicomDictionary.TryGetEntry(tag, out var entry)) return System.Array.Empty<DicomVR>();
            var result = new List<DicomVR>(entry.AllowedVRs.Count);
            foreach (var vr in entry.AllowedVRs)
            {
                if (vr != DicomVR.UN && vr != DicomVR.SQ && vr != DicomVR.None) result.Add(vr);
            }
            return result;
        }
    }
}
