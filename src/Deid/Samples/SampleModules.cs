using System.Globalization;
using Deid.Dicom;

namespace Deid.Samples
{
    /// <summary>
    /// The attributes each sample's IOD requires beyond the identity the generator plants (PS3.3 Part A): General Series,
    /// General Image, Frame of Reference, Image Plane and the modality's own image module, so that dciodvfy reports no
    /// missing Type 1 or Type 2 attribute. Values are plausible acquisition facts, not identifying.
    /// </summary>
    internal static class SampleModules
    {
        /// <summary>The Modality (0008,0060) value: SC is not a defined term (PS3.3 C.7.3.1.1.1); Secondary Capture uses OT.</summary>
        public static string ModalityCode(SampleModality m) => m == SampleModality.SC ? "OT" : m.ToString();

        /// <summary>Image Type (0008,0008): CT and MR require value 3 (C.8.2.1.1.1, C.8.3.1.1.1); the others values 1 and 2.</summary>
        public static string ImageType(SampleModality m) => m switch
        {
            SampleModality.CT => @"ORIGINAL\PRIMARY\AXIAL",
            SampleModality.MR => @"ORIGINAL\PRIMARY\OTHER",
            SampleModality.SC => @"DERIVED\SECONDARY",
            _ => @"ORIGINAL\PRIMARY",
        };

        /// <summary>Adds the modules' required attributes for sample <paramref name="instance"/> (1-based) of a series.</summary>
        public static void Add(DicomDataset ds, SampleModality m, int instance)
        {
            // General Series: Laterality (2C) is required for paired body parts only; naming an unpaired one settles it.
            ds.SetString(DicomTags.BodyPartExamined, DicomVR.CS, m == SampleModality.US ? "ABDOMEN" : "CHEST");
            if (m == SampleModality.CT || m == SampleModality.MR)
            {
                AddCrossSectional(ds, m, instance);
            }
            else
            {
                // General Image: Patient Orientation is required when the Image Plane module is absent (Type 2C).
                ds.SetEmpty(DicomTags.PatientOrientation, DicomVR.CS);
            }

            // CR Series: View Position is Type 2 (Body Part Examined, also Type 2 there, is set above).
            if (m == SampleModality.CR) ds.SetString(DicomTags.ViewPosition, DicomVR.CS, "PA");
        }

        private static void AddCrossSectional(DicomDataset ds, SampleModality m, int instance)
        {
            const double thickness = 5.0;
            string z = (instance * thickness).ToString("0.0", CultureInfo.InvariantCulture);
            // General Series (2C for CT and MR), Frame of Reference (Type 2), Image Plane (Type 1 and 2).
            ds.SetString(DicomTags.PatientPosition, DicomVR.CS, "HFS");
            ds.SetEmpty(DicomTags.PositionReferenceIndicator, DicomVR.LO);
            ds.SetString(DicomTags.PixelSpacing, DicomVR.DS, @"0.7\0.7");
            ds.SetString(DicomTags.ImageOrientationPatient, DicomVR.DS, @"1\0\0\0\1\0");
            ds.SetString(DicomTags.ImagePositionPatient, DicomVR.DS, @"-45\-45\" + z);
            ds.SetString(DicomTags.SliceThickness, DicomVR.DS, "5");
            ds.SetString(DicomTags.SliceLocation, DicomVR.DS, z);
            ds.SetString(DicomTags.AcquisitionNumber, DicomVR.IS, "1");
            if (m == SampleModality.CT)
            {
                // CT Image: KVP is Type 2.
                ds.SetString(DicomTags.KVP, DicomVR.DS, "120");
                return;
            }

            // MR Image: a plain 2D spin echo.
            ds.SetString(DicomTags.ScanningSequence, DicomVR.CS, "SE");
            ds.SetString(DicomTags.SequenceVariant, DicomVR.CS, "NONE");
            ds.SetEmpty(DicomTags.ScanOptions, DicomVR.CS);
            ds.SetString(DicomTags.MRAcquisitionType, DicomVR.CS, "2D");
            ds.SetString(DicomTags.RepetitionTime, DicomVR.DS, "500");
            ds.SetString(DicomTags.EchoTime, DicomVR.DS, "20");
            ds.SetString(DicomTags.EchoTrainLength, DicomVR.IS, "1");
        }
    }
}
