// TEMPORARY: stand-ins for the generated dictionary and the character set work being done on other branches.
// Deleted when those branches merge.
#pragma warning disable CS1591
using System;
using System.Collections.Generic;

namespace Deid.Dicom
{
    public sealed class DicomDictionaryEntry
    {
        public DicomTag Tag { get; set; }
        public string Keyword { get; set; } = "";
        public string Name { get; set; } = "";
        public DicomVR VR { get; set; }
        public IReadOnlyList<DicomVR> AllowedVRs { get; set; } = Array.Empty<DicomVR>();
        public string VM { get; set; } = "";
        public bool IsRetired { get; set; }
    }

    public static class DicomDictionary
    {
        private static readonly Dictionary<uint, (string, DicomVR)> Map = new Dictionary<uint, (string, DicomVR)>
        {
            [0x00020000] = ("FileMetaInformationGroupLength", DicomVR.UL), [0x00020001] = ("FileMetaInformationVersion", DicomVR.OB),
            [0x00020002] = ("MediaStorageSOPClassUID", DicomVR.UI), [0x00020003] = ("MediaStorageSOPInstanceUID", DicomVR.UI),
            [0x00020010] = ("TransferSyntaxUID", DicomVR.UI), [0x00020012] = ("ImplementationClassUID", DicomVR.UI),
            [0x00020013] = ("ImplementationVersionName", DicomVR.SH), [0x00080005] = ("SpecificCharacterSet", DicomVR.CS),
            [0x00080016] = ("SOPClassUID", DicomVR.UI), [0x00080018] = ("SOPInstanceUID", DicomVR.UI), [0x00080020] = ("StudyDate", DicomVR.DA),
            [0x00080060] = ("Modality", DicomVR.CS), [0x00081110] = ("ReferencedStudySequence", DicomVR.SQ), [0x00081155] = ("ReferencedSOPInstanceUID", DicomVR.UI),
            [0x00100010] = ("PatientName", DicomVR.PN), [0x00100020] = ("PatientID", DicomVR.LO), [0x00280010] = ("Rows", DicomVR.US),
            [0x00280011] = ("Columns", DicomVR.US), [0x7FE00010] = ("PixelData", DicomVR.OW),
        };

        public static bool TryGetEntry(DicomTag tag, out DicomDictionaryEntry entry)
        {
            if (Map.TryGetValue(tag.Value, out var e)) { entry = new DicomDictionaryEntry { Tag = tag, Keyword = e.Item1, Name = e.Item1, VR = e.Item2 }; return true; }
            entry = null!; return false;
        }

        public static bool TryGetTag(string keyword, out DicomTag tag)
        {
            foreach (var kv in Map) if (kv.Value.Item1 == keyword) { tag = new DicomTag(kv.Key); return true; }
            tag = default; return false;
        }

        public static bool TryGetTagIgnoreCase(string keyword, out DicomTag tag)
        {
            foreach (var kv in Map) if (string.Equals(kv.Value.Item1, keyword, StringComparison.OrdinalIgnoreCase)) { tag = new DicomTag(kv.Key); return true; }
            tag = default; return false;
        }

        public static DicomVR GetVR(DicomTag tag) => Map.TryGetValue(tag.Value, out var e) ? e.Item2 : tag.IsGroupLength ? DicomVR.UL : tag.IsPrivateCreator ? DicomVR.LO : DicomVR.UN;
    }

    public sealed class PrivateDictionaryEntry
    {
        public DicomVR VR { get; set; }
        public string Name { get; set; } = "";
    }

    public static class PrivateDictionary
    {
        public static bool TryGetEntry(string creator, DicomTag tag, out PrivateDictionaryEntry entry) { entry = null!; return false; }
    }

    public sealed class DicomUidInfo { public string Name { get; set; } = ""; }

    public static class DicomUids
    {
        public static bool TryGet(string uid, out DicomUidInfo info) { info = null!; return false; }
    }

}
