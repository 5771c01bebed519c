namespace Deid.Dicom
{
    /// <summary>One row of the DICOM UID registry (PS3.6 Table A-1 and the well-known frames of reference of Table A-2).</summary>
    public sealed class DicomUidInfo
    {
        internal DicomUidInfo(string uid, string type, bool isRetired, string keyword, string name, string info)
        {
            Uid = uid;
            Type = type;
            IsRetired = isRetired;
            Keyword = keyword;
            Name = name;
            Info = info;
        }

        /// <summary>The UID, e.g. "1.2.840.10008.1.2.1".</summary>
        public string Uid { get; }

        /// <summary>The name, e.g. "Explicit VR Little Endian"; empty for two retired SOP classes the registry leaves unnamed.</summary>
        public string Name { get; }

        /// <summary>The registry's UID type, e.g. "Transfer Syntax", "SOP Class", "Well-known frame of reference".</summary>
        public string Type { get; }

        /// <summary>The keyword, e.g. "ExplicitVRLittleEndian"; empty where the registry gives none.</summary>
        public string Keyword { get; }

        /// <summary>The registry's remark, e.g. "Default Transfer Syntax for DICOM"; usually empty.</summary>
        public string Info { get; }

        /// <summary>True when the standard has retired the UID.</summary>
        public bool IsRetired { get; }

        /// <summary>Formats as "UID Name".</summary>
        public override string ToString() => Name.Length == 0 ? Uid : Uid + " " + Name;
    }
}
