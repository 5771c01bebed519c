using System.IO;
using Deid.Dicom;

namespace Deid.Tests.Profile
{
    /// <summary>Small in-memory files for the profile option tests: an SR document and a presentation state.</summary>
    internal static class ProfileTestFiles
    {
        internal static readonly DicomTag ContentSequence = new DicomTag(0x0040, 0xA730);
        internal static readonly DicomTag TextValue = new DicomTag(0x0040, 0xA160);
        internal static readonly DicomTag PersonName = new DicomTag(0x0040, 0xA123);
        internal static readonly DicomTag ValueType = new DicomTag(0x0040, 0xA040);
        internal static readonly DicomTag ConceptNameCodeSequence = new DicomTag(0x0040, 0xA043);

        /// <summary>
        /// A verified SR: an unlisted TEXT item naming the patient and her birth date, a TEXT item with X/D (DCM 121071 Finding), a
        /// PNAME item with D, a TEXT item with X (DCM 111021 Description of Change), an unlisted CONTAINER holding a DATETIME item
        /// under a retired designator with D (SRT G-D320 Stop DateTime) and an unlisted TEXT item with a date, a CONTAINER with X
        /// holding a child (DCM 121000), and the patient's and observer's identifiers.
        /// </summary>
        internal static DicomFile StructuredReport()
        {
            var file = new DicomFile(TransferSyntax.ExplicitVRLittleEndian);
            var ds = file.Dataset;
            ds.SetString(new DicomTag(0x0008, 0x0016), DicomVR.UI, "1.2.840.10008.5.1.4.1.1.88.33");
            ds.SetString(new DicomTag(0x0008, 0x0018), DicomVR.UI, "1.2.826.0.1.3680043.8.498.77.1");
            ds.SetString(new DicomTag(0x0008, 0x0050), DicomVR.SH, "ACC4242");
            ds.SetString(new DicomTag(0x0010, 0x0010), DicomVR.PN, "ROE^JANE");
            ds.SetString(new DicomTag(0x0010, 0x0020), DicomVR.LO, "MRN90210");
            ds.SetString(new DicomTag(0x0010, 0x0030), DicomVR.DA, "19610704");
            ds.SetString(ValueType, DicomVR.CS, "CONTAINER");
            Code(ds, "DCM", "126000", "Imaging Measurement Report");
            var content = ds.GetOrAddSequence(ContentSequence);
            Item(content, "TEXT", "DCM", "121073", "Impression", TextValue, DicomVR.UT, "Jane Roe (MRN90210, born 07/04/1961): small nodule, stable");
            Item(content, "TEXT", "DCM", "121071", "Finding", TextValue, DicomVR.UT, "nodule seen by Roe");
            Item(content, "PNAME", "DCM", "121008", "Person Observer Name", PersonName, DicomVR.PN, "WHO^DOCTOR");
            Item(content, "TEXT", "DCM", "111021", "Description of Change", TextValue, DicomVR.UT, "changed by Roe");
            var parent = Item(content, "CONTAINER", "DCM", "125007", "Measurement Group", null, DicomVR.None, null);
            Item(parent.GetOrAddSequence(ContentSequence), "DATETIME", "SRT", "G-D320", "Stop DateTime", new DicomTag(0x0040, 0xA120), DicomVR.DT, "20240101120000");
            Item(parent.GetOrAddSequence(ContentSequence), "TEXT", "DCM", "121076", "Conclusions", TextValue, DicomVR.UT, "no change since 2023-05-06");
            var udi = Item(content, "CONTAINER", "DCM", "121000", "Unique Device Identifiers", null, DicomVR.None, null);
            Item(udi.GetOrAddSequence(ContentSequence), "TEXT", "LN", "74711-3", "Unique Device Identifier", TextValue, DicomVR.UT, "UDI-1");
            ds.SetString(new DicomTag(0x0040, 0xA491), DicomVR.CS, "COMPLETE");
            ds.SetString(new DicomTag(0x0040, 0xA493), DicomVR.CS, "VERIFIED");
            var observer = ds.GetOrAddSequence(new DicomTag(0x0040, 0xA073)).AddItem();
            observer.SetString(new DicomTag(0x0040, 0xA027), DicomVR.LO, "HOSPITAL");
            observer.SetString(new DicomTag(0x0040, 0xA030), DicomVR.DT, "20240102");
            observer.SetString(new DicomTag(0x0040, 0xA075), DicomVR.PN, "WHO^DOCTOR");
            file.EnsureFileMeta();
            return file;
        }

        private static void Code(DicomDataset item, string scheme, string value, string meaning)
        {
            var code = item.GetOrAddSequence(ConceptNameCodeSequence).AddItem();
            code.SetString(new DicomTag(0x0008, 0x0100), DicomVR.SH, value);
            code.SetString(new DicomTag(0x0008, 0x0102), DicomVR.SH, scheme);
            code.SetString(new DicomTag(0x0008, 0x0104), DicomVR.LO, meaning);
        }

        internal static DicomDataset Item(DicomSequence sequence, string valueType, string scheme, string value, string meaning, DicomTag? valueTag, DicomVR vr, string? text)
        {
            var item = sequence.AddItem();
            item.SetString(new DicomTag(0x0040, 0xA010), DicomVR.CS, "CONTAINS");
            item.SetString(ValueType, DicomVR.CS, valueType);
            Code(item, scheme, value, meaning);
            if (valueTag.HasValue && text != null) item.SetString(valueTag.Value, vr, text);
            return item;
        }

        /// <summary>A presentation state whose text annotation names the patient.</summary>
        internal static DicomFile PresentationState()
        {
            var file = new DicomFile(TransferSyntax.ExplicitVRLittleEndian);
            var ds = file.Dataset;
            ds.SetString(new DicomTag(0x0008, 0x0016), DicomVR.UI, "1.2.840.10008.5.1.4.1.1.11.1");
            ds.SetString(new DicomTag(0x0008, 0x0018), DicomVR.UI, "1.2.826.0.1.3680043.8.498.77.2");
            ds.SetString(new DicomTag(0x0010, 0x0010), DicomVR.PN, "ROE^JANE");
            ds.SetString(new DicomTag(0x0010, 0x0020), DicomVR.LO, "MRN90210");
            var annotation = ds.GetOrAddSequence(new DicomTag(0x0070, 0x0001)).AddItem();
            annotation.SetString(new DicomTag(0x0070, 0x0002), DicomVR.CS, "LAYER1");
            var text = annotation.GetOrAddSequence(new DicomTag(0x0070, 0x0008)).AddItem();
            text.SetString(new DicomTag(0x0070, 0x0006), DicomVR.ST, "Jane ROE MRN90210 lesion 12 mm");
            text.SetString(new DicomTag(0x0070, 0x0003), DicomVR.CS, "PIXEL");
            file.EnsureFileMeta();
            return file;
        }

        /// <summary>Writes and reads back: what a reader of the output sees.</summary>
        internal static DicomDataset RoundTrip(DicomFile file)
        {
            using var ms = new MemoryStream();
            DicomWriter.Write(file, ms);
            return DicomFile.Open(ms.ToArray()).Dataset;
        }
    }
}
