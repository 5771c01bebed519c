using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using Deid.Audit;
using Deid.Dicom;
using Deid.Fields;

namespace Deid.Samples
{
    /// <summary>
    /// New-DicomSample -PhiMarkers: adds the places real files hide identity in (free text, code meanings and text values in
    /// nested sequences, a VOI LUT item holding a name and a private element, overlay text, an unknown standard tag, private
    /// text and UN bytes, AE titles and Private Information in the file meta, the preamble), then gives every value the leak
    /// audit calls identifying (<see cref="AuditRules"/>) its own marker. A de-identified copy is clean when none survives.
    /// </summary>
    internal static class PhiMarkerPlanter
    {
        private const string Prefix = "PHIMK";

        // The private block the generator reserves; the planter adds an SH and a UN element to it.
        private static readonly DicomTag PrivateCreator = new DicomTag(0x0009, 0x0010);

        /// <summary>Adds the carriers, plants the markers and returns them in the order planted.</summary>
        public static IReadOnlyList<PhiMarker> Plant(DicomFile file, int rows, int columns, string key)
        {
            var ds = file.Dataset;
            AddCarriers(ds, rows, columns);
            AddMetaCarriers(file.FileMetaInformation);
            var markers = new List<PhiMarker>();
            var uids = new HashSet<string>(StringComparer.Ordinal);
            string? sopInstance = null;
            int n = 0;
            foreach (var field in FieldList.Collect(file))
            {
                if (field.VR == DicomVR.SQ || AuditRules.IsExempt(field.Tag)) continue;
                if (!field.TryGetElement(out var element) || element.Length == 0) continue;
                string? marker;
                if (AuditRules.IsTextCandidate(field.VR))
                {
                    string current = field.Holder.GetString(element) ?? string.Empty;
                    if (field.VR == DicomVR.UI && AuditRules.IsTrivial(current, DicomVR.UI)) continue;
                    if (field.IsFileMeta && field.Tag == DicomTags.MediaStorageSOPInstanceUID && sopInstance != null)
                    {
                        marker = sopInstance; // the meta must repeat the dataset's SOP Instance UID (PS3.10 §7.1)
                    }
                    else
                    {
                        marker = Value(field.VR, ++n, current, uids, key + "/" + field.TagPath);
                        if (field.Tag == DicomTags.SOPInstanceUID && !field.IsNested) sopInstance = marker;
                    }
                    field.Holder.SetString(field.Tag, field.VR, marker);
                }
                else if (AuditRules.IsBinaryCandidate(field.Tag, field.VR))
                {
                    marker = Text(++n);
                    field.Holder.SetRawValue(field.Tag, field.VR, Encoding.ASCII.GetBytes(marker));
                }
                else
                {
                    continue;
                }
                markers.Add(new PhiMarker(marker, field.TagPath, field.KeywordPath, field.VR.ToString(), ExplainedMatches.IsKeptByProfile(field.TagPath, field.VR)));
            }

            string preamble = Text(++n);
            file.Preamble = new byte[128];
            Encoding.ASCII.GetBytes(preamble, 0, preamble.Length, file.Preamble, 0);
            markers.Add(new PhiMarker(preamble, "Preamble", "Preamble", "OB"));
            return markers;
        }

        private static string Text(int n) => Prefix + n.ToString("D4", CultureInfo.InvariantCulture);

        // Dates 397 days apart and times 61 s apart: no two markers share a date or an HHMMSS, even after a recipe's jitter of days.
        private static DateTime Date(int n) => new DateTime(1901, 1, 1).AddDays(n * 397);

        private static string Time(int n) =>
            TimeSpan.FromSeconds(n * 61 % 86400).ToString("hhmmss", CultureInfo.InvariantCulture) + "." + (900000 + n).ToString(CultureInfo.InvariantCulture);

        private static string Value(DicomVR vr, int n, string current, HashSet<string> uids, string uidKey)
        {
            if (vr == DicomVR.DA) return Date(n).ToString("yyyyMMdd", CultureInfo.InvariantCulture);
            if (vr == DicomVR.TM) return Time(n);
            if (vr == DicomVR.DT) return Date(n).ToString("yyyyMMdd", CultureInfo.InvariantCulture) + Time(n);
            if (vr == DicomVR.UR) return "https://phimk.invalid/" + Text(n);
            if (vr == DicomVR.PN) return Text(n) + "^" + Text(n); // family^given: a name without ^ is the retired form
            if (vr != DicomVR.UI) return Text(n);
            // A UID stays valid and keeps the sample's study/series structure; one a second element repeats gets its own.
            string uid = uids.Add(current) ? current : DicomSampleGenerator.Uid("marker/" + uidKey);
            uids.Add(uid);
            return uid;
        }

        private static void AddCarriers(DicomDataset ds, int rows, int columns)
        {
            // Free text and identifiers the generator's plain sample does not carry.
            ds.SetString(DicomTags.StationAETitle, DicomVR.AE, "STATION");
            ds.SetString(DicomTags.RetrieveURL, DicomVR.UR, "https://pacs.invalid/studies");
            ds.SetString(DicomTags.IssuerOfPatientID, DicomVR.LO, "ISSUER");
            ds.SetString(DicomTags.PatientComments, DicomVR.LT, "COMMENTS");
            ds.SetString(DicomTags.ImageComments, DicomVR.LT, "COMMENTS");
            ds.SetString(DicomTags.PerformedProcedureStepStartDate, DicomVR.DA, "20200101");
            ds.SetString(DicomTags.PerformedProcedureStepStartTime, DicomVR.TM, "120000");

            // A code sequence (its meaning is free text) and a TEXT content item (its value is).
            AddCode(ds.GetOrAddSequence(DicomTags.ProcedureCodeSequence).AddItem(), "24627-2", "LN", "CHEST CT");
            var context = ds.GetOrAddSequence(DicomTags.AcquisitionContextSequence).AddItem();
            context.SetString(DicomTags.ValueType, DicomVR.CS, "TEXT");
            AddCode(context.GetOrAddSequence(DicomTags.ConceptNameCodeSequence).AddItem(), "121106", "DCM", "COMMENT");
            context.SetString(DicomTags.TextValue, DicomVR.UT, "TEXT");

            // A VOI LUT item: its LUT Data is on deid's skip list, which must not shield the text beside it.
            bool eightBit = (ds.GetNumbers(DicomTags.BitsAllocated)?[0] ?? 16) == 8;
            int entries = eightBit ? 256 : 4096;
            var lut = ds.GetOrAddSequence(DicomTags.VOILUTSequence).AddItem();
            lut.SetNumbers(DicomTags.LUTDescriptor, DicomVR.US, entries, 0, 16); // 16-bit entries: one per US value
            lut.SetString(DicomTags.LUTExplanation, DicomVR.LO, "EXPLANATION");
            var data = new double[entries];
            for (int i = 0; i < entries; i++) data[i] = i * (65535 / (entries - 1));
            lut.SetNumbers(DicomTags.LUTData, DicomVR.US, data);
            lut.SetString(DicomTags.PatientName, DicomVR.PN, "NESTED^NAME");
            lut.SetString(PrivateCreator, DicomVR.LO, "NESTED PRIVATE");
            lut.SetString(new DicomTag(0x0009, 0x1001), DicomVR.LO, "NESTED");

            AddOverlay(ds, rows, columns);

            // A tag in the standard range the dictionary does not know (PS3.15 lets a profile remove what it cannot vouch for).
            ds.SetString(new DicomTag(0x0010, 0x0777), DicomVR.LO, "UNKNOWN");

            // More of the private block: an SH and UN bytes (a value whose VR the reader cannot know).
            ds.SetString(new DicomTag(0x0009, 0x1003), DicomVR.SH, "SHORT");
            ds.SetRawValue(new DicomTag(0x0009, 0x1004), DicomVR.UN, Encoding.ASCII.GetBytes("UNKNOWNVR"));
        }

        private static void AddCode(DicomDataset item, string value, string scheme, string meaning)
        {
            item.SetString(DicomTags.CodeValue, DicomVR.SH, value);
            item.SetString(DicomTags.CodingSchemeDesignator, DicomVR.SH, scheme);
            item.SetString(DicomTags.CodeMeaning, DicomVR.LO, meaning);
        }

        // Overlay Plane module (PS3.3 C.9.2) in group 6000: a blank graphics plane whose description and label carry text.
        private static void AddOverlay(DicomDataset ds, int rows, int columns)
        {
            ds.SetNumbers(new DicomTag(0x6000, 0x0010), DicomVR.US, rows);
            ds.SetNumbers(new DicomTag(0x6000, 0x0011), DicomVR.US, columns);
            ds.SetString(new DicomTag(0x6000, 0x0022), DicomVR.LO, "DESCRIPTION");
            ds.SetString(new DicomTag(0x6000, 0x0040), DicomVR.CS, "G");
            ds.SetNumbers(new DicomTag(0x6000, 0x0050), DicomVR.SS, 1, 1);
            ds.SetNumbers(new DicomTag(0x6000, 0x0100), DicomVR.US, 1);
            ds.SetNumbers(new DicomTag(0x6000, 0x0102), DicomVR.US, 0);
            ds.SetString(new DicomTag(0x6000, 0x1500), DicomVR.LO, "LABEL");
            ds.SetRawValue(new DicomTag(0x6000, 0x3000), DicomVR.OW, new byte[((rows * columns) + 15) / 16 * 2]);
        }

        private static void AddMetaCarriers(DicomDataset meta)
        {
            meta.SetString(DicomTags.SourceApplicationEntityTitle, DicomVR.AE, "SOURCE");
            meta.SetString(DicomTags.SendingApplicationEntityTitle, DicomVR.AE, "SENDING");
            meta.SetString(DicomTags.ReceivingApplicationEntityTitle, DicomVR.AE, "RECEIVING");
            meta.SetString(DicomTags.PrivateInformationCreatorUID, DicomVR.UI, DicomSampleGenerator.Uid("private-information"));
            meta.SetRawValue(DicomTags.PrivateInformation, DicomVR.OB, Encoding.ASCII.GetBytes("PRIVATE"));
        }
    }
}
