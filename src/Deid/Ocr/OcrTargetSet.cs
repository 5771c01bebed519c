using System;
using System.Collections.Generic;
using Deid.Dicom;

namespace Deid.Ocr
{
    /// <summary>
    /// The identifying values of one file's header that burned-in text is compared with: every person-name component (any
    /// element of VR PN, nested included), identifiers, every date (DA, and the date of a DT), and institution, station and
    /// address text. Built once per file from the ORIGINAL header.
    /// </summary>
    public sealed class OcrTargetSet
    {
        /// <summary>Identifier and identifying-text attributes (by keyword) whose values are searched for in the pixels.</summary>
        public static readonly IReadOnlyList<string> IdentifierKeywords = new[]
        {
            "PatientID", "OtherPatientIDs", "AccessionNumber", "StudyID", "AdmissionID", "RequestedProcedureID", "PerformedProcedureStepID",
            "ScheduledProcedureStepID", "MedicalRecordLocator", "ServiceEpisodeID", "DeviceSerialNumber", "PatientTelephoneNumbers",
            "IssuerOfPatientID", "FillerOrderNumberImagingServiceRequest", "PlacerOrderNumberImagingServiceRequest",
        };

        /// <summary>Attributes whose whole value is identifying text, matched as a run of words.</summary>
        public static readonly IReadOnlyList<string> TextKeywords = new[]
        {
            "InstitutionName", "InstitutionAddress", "InstitutionalDepartmentName", "StationName", "PatientAddress", "RegionOfResidence",
            "CountryOfResidence", "MilitaryRank", "BranchOfService", "Occupation",
        };

        private readonly List<OcrTarget> _targets = new List<OcrTarget>();
        private int _sources;

        /// <summary>The targets.</summary>
        public IReadOnlyList<OcrTarget> Targets => _targets;

        /// <summary>The longest target in words, so the matcher knows how many words of a line to join.</summary>
        public int MaxWords { get; private set; } = 1;

        /// <summary>Collects the targets of <paramref name="dataset"/> (nested items included).</summary>
        public static OcrTargetSet FromDataset(DicomDataset dataset)
        {
            var set = new OcrTargetSet();
            var ids = new HashSet<uint>();
            foreach (string k in IdentifierKeywords) if (DicomDictionary.TryGetTag(k, out var t)) ids.Add(t.Value);
            var texts = new HashSet<uint>();
            foreach (string k in TextKeywords) if (DicomDictionary.TryGetTag(k, out var t)) texts.Add(t.Value);
            foreach (var (owner, element) in dataset.EnumerateRecursive())
            {
                if (element.IsSequence || element.Fragments != null) continue;
                string vr = element.VR.ToString();
                if (vr == "PN")
                {
                    foreach (string v in owner.GetStrings(element)) set.AddName(Keyword(element.Tag), v);
                }
                else if (vr == "DA" || vr == "DT")
                {
                    foreach (string v in owner.GetStrings(element)) set.AddDate(Keyword(element.Tag), v);
                }
                else if (ids.Contains(element.Tag.Value))
                {
                    foreach (string v in owner.GetStrings(element)) set.Add(Keyword(element.Tag), OcrTargetKind.Id, v, set._sources++);
                }
                else if (texts.Contains(element.Tag.Value))
                {
                    foreach (string v in owner.GetStrings(element)) set.AddText(Keyword(element.Tag), v);
                }
            }
            return set;
        }

        /// <summary>Adds the components of a person name (<c>FAMILY^GIVEN^MIDDLE^PREFIX^SUFFIX</c>, each of its groups).</summary>
        public void AddName(string field, string personName)
        {
            int source = _sources++;
            foreach (string group in personName.Split('='))
            {
                foreach (string part in group.Split('^', ' ', ',', '-'))
                {
                    string folded = OcrText.Canonical(part);
                    if (folded.Length == 0) continue;
                    Add(field, folded.Length < 3 ? OcrTargetKind.NameCompanion : OcrTargetKind.Name, part, source);
                }
            }
        }

        /// <summary>Adds every printed form of a DA value (or the date of a DT).</summary>
        public void AddDate(string field, string value)
        {
            int source = _sources++;
            foreach (string form in DateForms.Of(value)) AddFolded(field, OcrTargetKind.Date, form, source, 3);
        }

        /// <summary>Adds identifying text matched as a whole run of words.</summary>
        public void AddText(string field, string value)
        {
            int words = value.Split(new[] { ' ', '^' }, StringSplitOptions.RemoveEmptyEntries).Length;
            AddFolded(field, OcrTargetKind.Text, OcrText.Canonical(value), _sources++, Math.Max(1, words));
        }

        /// <summary>Adds one value of <paramref name="kind"/>.</summary>
        public void Add(string field, OcrTargetKind kind, string value, int source) =>
            AddFolded(field, kind, OcrText.Canonical(value), source, 1);

        private void AddFolded(string field, OcrTargetKind kind, string folded, int source, int words)
        {
            // Three folded characters at least: shorter values (a sex code, "1") would match half the screen.
            if (folded.Length < (kind == OcrTargetKind.NameCompanion ? 1 : 3)) return;
            foreach (var t in _targets) if (t.Canonical == folded && t.Kind == kind && t.Source == source) return;
            _targets.Add(new OcrTarget(field, kind, folded, source));
            MaxWords = Math.Max(MaxWords, Math.Min(words, 6));
        }

        private static string Keyword(DicomTag tag) =>
            DicomDictionary.TryGetEntry(tag, out var entry) && entry.Keyword.Length > 0 ? entry.Keyword : tag.ToString();
    }
}
