using System;
using System.Collections.Generic;
using System.Linq;
using System.Numerics;
using System.Security.Cryptography;
using System.Text;

namespace Deid.Dicom.Tests.Referee
{
    /// <summary>What an edited file must show afterwards at one path: a value, an empty value, or nothing.</summary>
    public sealed class EditExpectation
    {
        public EditExpectation(string path, string? text, string what)
        {
            Path = path;
            Text = text;
            What = what;
        }

        /// <summary>A path as <see cref="OurListing"/> and <see cref="DcmdumpListing"/> name elements.</summary>
        public string Path { get; }

        /// <summary>The value; empty for a blanked element; null for a removed one.</summary>
        public string? Text { get; }

        /// <summary>"set", "blanked", "removed", "removed in an item", "meta".</summary>
        public string What { get; }

        public bool Removed => Text == null;

        public override string ToString() => $"{What} {Path}" + (Text == null ? string.Empty : $" = [{Text}]");
    }

    /// <summary>
    /// A set of edits typical of de-identification, chosen so that a valid file stays valid: values of Patient's Name,
    /// Patient ID and SOP Instance UID are replaced (never removed: they are Type 1 or 2), a date that is Type 2 is
    /// blanked, only attributes that are Type 3 wherever they appear (or private) are removed, one of them inside a
    /// sequence item, and Patient Identity Removed / De-identification Method are added as PS3.15 Annex E asks.
    /// </summary>
    public static class DeidEdits
    {
        public const string NewPatientName = "Referee^Test";
        public const string NewPatientId = "REFEREE-0001";
        public const string Method = "Deid.PowerShell referee test";

        private static readonly DicomTag PatientName = new DicomTag(0x0010, 0x0010);
        private static readonly DicomTag PatientId = new DicomTag(0x0010, 0x0020);
        private static readonly DicomTag PatientBirthDate = new DicomTag(0x0010, 0x0030);
        private static readonly DicomTag StudyDate = new DicomTag(0x0008, 0x0020);
        private static readonly DicomTag SopClassUid = new DicomTag(0x0008, 0x0016);
        private static readonly DicomTag SopInstanceUid = new DicomTag(0x0008, 0x0018);
        private static readonly DicomTag MediaStorageSopInstanceUid = new DicomTag(0x0002, 0x0003);
        private static readonly DicomTag PatientIdentityRemoved = new DicomTag(0x0012, 0x0062);
        private static readonly DicomTag DeidentificationMethod = new DicomTag(0x0012, 0x0063);
        private const string MediaStorageDirectory = "1.2.840.10008.1.3.10";

        /// <summary>
        /// Type 3 in every module and macro that has them (PS3.3): General Equipment, Enhanced General Equipment,
        /// General Series, Patient, Patient Study, and the request/procedure macros. Removing them never makes an
        /// object invalid. (Operators' Name is not here: it is Type 2 in the RT Series module, as dciodvfy pointed out
        /// on rtplan.dcm.)
        /// </summary>
        private static readonly DicomTag[] Type3 =
        {
            new DicomTag(0x0008, 0x0080), // Institution Name
            new DicomTag(0x0008, 0x0081), // Institution Address
            new DicomTag(0x0008, 0x1010), // Station Name
            new DicomTag(0x0008, 0x1040), // Institutional Department Name
            new DicomTag(0x0008, 0x1050), // Performing Physician's Name
            new DicomTag(0x0010, 0x1010), // Patient's Age
            new DicomTag(0x0010, 0x2160), // Ethnic Group
            new DicomTag(0x0010, 0x21B0), // Additional Patient History
            new DicomTag(0x0010, 0x4000), // Patient Comments
            new DicomTag(0x0032, 0x1060), // Requested Procedure Description
            new DicomTag(0x0040, 0x0007), // Scheduled Procedure Step Description
        };

        /// <summary>Applies the edits to <paramref name="file"/> and returns what the written file must show.</summary>
        public static List<EditExpectation> Apply(DicomFile file, string name)
        {
            var ds = file.Dataset;
            var expect = new List<EditExpectation>();
            bool directory = ds.GetString(SopClassUid) == MediaStorageDirectory
                || file.FileMetaInformation.GetString(new DicomTag(0x0002, 0x0002)) == MediaStorageDirectory;

            if (directory)
            {
                // A DICOMDIR has no Patient module; its patient records hold the names and IDs. The File-set ID (Type 2)
                // may name the patient or site too, and gives a directory without records an edit as well.
                Set(ds, new DicomTag(0x0004, 0x1130), DicomVR.CS, "REFEREE", string.Empty, expect);
                var records = ds.GetSequence(new DicomTag(0x0004, 0x1220));
                for (int i = 0; records != null && i < records.Count; i++)
                {
                    string prefix = "(0004,1220)[" + i + "]/";
                    if (records[i].Contains(PatientName)) Set(records[i], PatientName, DicomVR.PN, NewPatientName, prefix, expect);
                    if (records[i].Contains(PatientId)) Set(records[i], PatientId, DicomVR.LO, NewPatientId, prefix, expect);
                }
            }
            else
            {
                Set(ds, PatientName, DicomVR.PN, NewPatientName, string.Empty, expect);
                Set(ds, PatientId, DicomVR.LO, NewPatientId, string.Empty, expect);
                if (ds.Contains(SopInstanceUid))
                {
                    string uid = UidFor(name);
                    Set(ds, SopInstanceUid, DicomVR.UI, uid, string.Empty, expect);
                    // The writer brings an existing meta in line with the dataset (SynchronizeFileMeta); a file read
                    // without meta is written without, as pydicom writes it (the conformance kit's rtstruct.dcm case).
                    if (file.HasFileMetaInformation)
                        expect.Add(new EditExpectation("meta/" + OurListing.TagText(MediaStorageSopInstanceUid), uid, "meta"));
                }
                var date = ds.Contains(PatientBirthDate) ? PatientBirthDate : ds.Contains(StudyDate) ? StudyDate : default;
                if (date.Value != 0)
                {
                    ds.SetEmpty(date, DicomVR.DA);
                    expect.Add(new EditExpectation(OurListing.TagText(date), string.Empty, "blanked"));
                }
                Set(ds, PatientIdentityRemoved, DicomVR.CS, "YES", string.Empty, expect);
                Set(ds, DeidentificationMethod, DicomVR.LO, Method, string.Empty, expect);
            }

            foreach (var tag in Type3)
            {
                if (ds.Remove(tag)) expect.Add(new EditExpectation(OurListing.TagText(tag), null, "removed"));
            }
            RemoveOneInAnItem(ds, string.Empty, expect);
            return expect;
        }

        private static void Set(DicomDataset ds, DicomTag tag, DicomVR vr, string value, string prefix, List<EditExpectation> expect)
        {
            ds.SetString(tag, vr, value);
            expect.Add(new EditExpectation(prefix + OurListing.TagText(tag), value, "set"));
        }

        /// <summary>Removes the first private data element or <see cref="Type3"/> attribute found in a sequence item, depth first.</summary>
        private static bool RemoveOneInAnItem(DicomDataset ds, string prefix, List<EditExpectation> expect)
        {
            foreach (var e in ds.Elements.ToArray())
            {
                if (e.Sequence is not DicomSequence seq) continue;
                for (int i = 0; i < seq.Count; i++)
                {
                    var item = seq[i];
                    string itemPrefix = prefix + OurListing.TagText(e.Tag) + "[" + i + "]/";
                    var victim = item.Elements.FirstOrDefault(x => (x.Tag.IsPrivate && x.Tag.Element >= 0x1000 && !x.IsSequence) || Type3.Contains(x.Tag));
                    if (victim.Tag.Value != 0 && CountOf(item, victim.Tag) == 1)
                    {
                        item.Remove(victim.Tag);
                        expect.Add(new EditExpectation(itemPrefix + OurListing.TagText(victim.Tag), null, "removed in an item"));
                        return true;
                    }
                    if (RemoveOneInAnItem(item, itemPrefix, expect)) return true;
                }
            }
            return false;
        }

        private static int CountOf(DicomDataset ds, DicomTag tag) => ds.Elements.Count(x => x.Tag == tag);

        /// <summary>A UID under 2.25 (PS3.5 §B.2) derived from the file name, so runs are repeatable.</summary>
        public static string UidFor(string name)
        {
            byte[] hash = SHA256.HashData(Encoding.UTF8.GetBytes(name));
            var value = new BigInteger(hash.AsSpan(0, 16), isUnsigned: true, isBigEndian: true);
            return "2.25." + value.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
    }
}
