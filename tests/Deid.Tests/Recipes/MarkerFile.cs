using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using Deid.Actions;
using Deid.Dicom;
using Deid.Recipes;

namespace Deid.Tests.Recipes
{
    /// <summary>
    /// A file that hides a unique marker in each place issue 10 found leaking past the shipped recipes (file meta, UIDs outside the
    /// table, nested person names and code meanings, free text the table does not list, overlays, private blocks), and the run of a
    /// shipped recipe over it with the written bytes to search.
    /// </summary>
    internal static class MarkerFile
    {
        /// <summary>Device facts every shipped recipe keeps.</summary>
        public const string Manufacturer = "ACME MEDICAL SYSTEMS";

        /// <summary>See <see cref="Manufacturer"/>.</summary>
        public const string Model = "SCANNER 9000";

        private const string UidRoot = "1.2.826.0.1.3680043.8.498.4242";

        /// <summary>Each marker with the place it hides in.</summary>
        public static readonly (string Marker, string Where)[] Markers =
        {
            ("MKMETASRC", "(0002,0016) SourceApplicationEntityTitle"),
            ("MKMETASND", "(0002,0017) SendingApplicationEntityTitle"),
            ("MKMETARCV", "(0002,0018) ReceivingApplicationEntityTitle"),
            (UidRoot + ".100", "(0002,0100) PrivateInformationCreatorUID"),
            ("MKPRIVINFO", "(0002,0102) PrivateInformation"),
            ("MKRTVSOURCE", "(0002,0035) RTVSourceIdentifier"),
            ("MKRTVFLOW", "(0002,0036) RTVFlowIdentifier"),
            ("MKPATIENT", "(0010,0010) PatientName"),
            ("MKNESTEDPN", "(0008,1140)[0] (0010,0010) nested PatientName"),
            ("MKEVALUATOR", "(0014,2006) EvaluatorName"),
            ("MKSECONDREV", "(0014,0104) SecondaryReviewerName"),
            ("MKDOCAUTHOR", "(0008,1140)[0] (0040,A067) DocumentAuthorTrial"),
            ("MKCODEMEANING", "(0008,2218)[0] (0008,0104) CodeMeaning"),
            ("MKTEXTVALUE", "(0008,1140)[0] (0040,A160) TextValue"),
            ("MKDOCTITLE", "(0042,0010) DocumentTitle"),
            ("MKLUTEXPL", "(0028,3003) LUTExplanation"),
            ("MKSEGDESC", "(0062,0006) SegmentDescription"),
            ("MKISSUERACC", "(0008,0051)[0] (0040,0031) LocalNamespaceEntityID"),
            ("MKOVDESC", "(6000,0022) OverlayDescription"),
            ("MKOVLABEL", "(6000,1500) OverlayLabel"),
            ("MKOVDATA", "(6002,3000) OverlayData"),
            ("MKCREATOR", "(0009,0010) private creator"),
            ("MKPRIVATE", "(0009,1001) private data"),
            ("MKNESTPRIV", "(0008,1140)[0] (0011,1001) nested private data"),
            (UidRoot + ".242", "(0020,0242) SOPInstanceUIDOfConcatenationSource"),
            (UidRoot + ".1167", "(0008,1167) MultiFrameSourceSOPInstanceUID"),
            (UidRoot + ".13", "(0020,000D) StudyInstanceUID, also inside RetrieveURL"),
            ("mkretrievehost", "(0008,1190) RetrieveURL host"),
            ("MKALTBIRTH", "(0010,0033) PatientBirthDateInAlternativeCalendar"),
            ("MKALTDEATH", "(0010,0034) PatientDeathDateInAlternativeCalendar"),
            ("MKPLACERPROC", "(0040,1006) PlacerOrderNumberProcedure"),
            ("MKFILLERPROC", "(0040,1007) FillerOrderNumberProcedure"),
            ("MKPLACERISR", "(0040,2006) PlacerOrderNumberImagingServiceRequestRetired"),
            ("MKFILLERISR", "(0040,2007) FillerOrderNumberImagingServiceRequestRetired"),
            ("MKFILEID", "(0004,1500) ReferencedFileID"),
            ("MKENCRYPTED", "(0400,0500)[0] (0400,0520) EncryptedContent"),
            ("MKCONTACT", "(0074,100C) ContactDisplayName"),
            ("MKCONFIDENTIAL", "(0040,1008) ConfidentialityCode"),
            ("MKOWNER", "(2100,0160) OwnerID"),
            ("MKBREEDREG", "(0010,2295) BreedRegistrationNumber"),
            ("MKBREEDSEQ", "(0010,2294)[0] (0010,2295) BreedRegistrationNumber"),
            ("MKHPCREATOR", "(0072,0008) HangingProtocolCreator"),
            ("MKFILESET", "(0088,0130) StorageMediaFileSetID"),
            ("19360504030201", "(0008,041F) StudyUpdateDateTime"),
            ("MKBOARDING", "(4010,101A) BoardingPassID"),
            ("MKITINERARY", "(4010,1051) ItineraryID"),
            ("MKCARRIER", "(4010,1058) CarrierID"),
            ("MKROUTESEG", "(4010,1007) RouteSegmentID"),
            ("19370605040302.5", "(4010,1025) RouteSegmentStartTime"),
            ("19370606070809.5", "(4010,1026) RouteSegmentEndTime"),
        };

        /// <summary>The file, in explicit VR little endian with a file meta.</summary>
        public static DicomFile Create()
        {
            var file = new DicomFile(TransferSyntax.ExplicitVRLittleEndian);
            var ds = file.Dataset;
            ds.SetString(new DicomTag(0x0008, 0x0016), DicomVR.UI, "1.2.840.10008.5.1.4.1.1.2");
            ds.SetString(new DicomTag(0x0008, 0x0018), DicomVR.UI, UidRoot + ".18");
            ds.SetString(new DicomTag(0x0008, 0x0060), DicomVR.CS, "CT");
            ds.SetString(new DicomTag(0x0008, 0x0070), DicomVR.LO, Manufacturer);
            ds.SetString(new DicomTag(0x0008, 0x1090), DicomVR.LO, Model);
            ds.SetString(new DicomTag(0x0008, 0x1167), DicomVR.UI, UidRoot + ".1167");
            ds.SetString(new DicomTag(0x0008, 0x1190), DicomVR.UR, "https://mkretrievehost.example/wado/studies/" + UidRoot + ".13");
            var issuer = ds.GetOrAddSequence(new DicomTag(0x0008, 0x0051)).AddItem();
            issuer.SetString(new DicomTag(0x0040, 0x0031), DicomVR.UT, "MKISSUERACC");
            var referenced = ds.GetOrAddSequence(new DicomTag(0x0008, 0x1140)).AddItem();
            referenced.SetString(new DicomTag(0x0008, 0x1150), DicomVR.UI, "1.2.840.10008.5.1.4.1.1.2");
            referenced.SetString(new DicomTag(0x0008, 0x1155), DicomVR.UI, UidRoot + ".1155");
            referenced.SetString(new DicomTag(0x0010, 0x0010), DicomVR.PN, "MKNESTEDPN^JOHN");
            referenced.SetString(new DicomTag(0x0040, 0xA067), DicomVR.PN, "MKDOCAUTHOR^JANE");
            referenced.SetString(new DicomTag(0x0040, 0xA160), DicomVR.UT, "seen by MKTEXTVALUE");
            referenced.SetString(new DicomTag(0x0011, 0x0010), DicomVR.LO, "NESTED CREATOR");
            referenced.SetString(new DicomTag(0x0011, 0x1001), DicomVR.LO, "MKNESTPRIV");
            var anatomy = ds.GetOrAddSequence(new DicomTag(0x0008, 0x2218)).AddItem();
            anatomy.SetString(new DicomTag(0x0008, 0x0100), DicomVR.SH, "T-D3000");
            anatomy.SetString(new DicomTag(0x0008, 0x0102), DicomVR.SH, "99LOCAL");
            anatomy.SetString(new DicomTag(0x0008, 0x0104), DicomVR.LO, "Chest of MKCODEMEANING");
            ds.SetString(new DicomTag(0x0009, 0x0010), DicomVR.LO, "MKCREATOR");
            ds.SetString(new DicomTag(0x0009, 0x1001), DicomVR.LO, "MKPRIVATE");
            ds.SetString(new DicomTag(0x0010, 0x0010), DicomVR.PN, "MKPATIENT^JOHN");
            ds.SetString(new DicomTag(0x0010, 0x0020), DicomVR.LO, "PID-1");
            ds.SetString(new DicomTag(0x0014, 0x0104), DicomVR.PN, "MKSECONDREV^ANN");
            ds.SetString(new DicomTag(0x0014, 0x2006), DicomVR.PN, "MKEVALUATOR^BOB");
            ds.SetString(new DicomTag(0x0018, 0x0015), DicomVR.CS, "CHEST");
            ds.SetString(new DicomTag(0x0018, 0x1020), DicomVR.LO, "VERSION 1.0");
            ds.SetString(new DicomTag(0x0020, 0x000D), DicomVR.UI, UidRoot + ".13");
            ds.SetString(new DicomTag(0x0020, 0x000E), DicomVR.UI, UidRoot + ".14");
            ds.SetString(new DicomTag(0x0020, 0x0242), DicomVR.UI, UidRoot + ".242");
            ds.SetString(new DicomTag(0x0028, 0x3003), DicomVR.LO, "MKLUTEXPL");
            ds.SetString(new DicomTag(0x0042, 0x0010), DicomVR.ST, "Report on MKDOCTITLE");
            ds.SetString(new DicomTag(0x0062, 0x0006), DicomVR.ST, "drawn by MKSEGDESC");
            ds.SetNumbers(new DicomTag(0x6000, 0x0010), DicomVR.US, 8);
            ds.SetString(new DicomTag(0x6000, 0x0022), DicomVR.LO, "MKOVDESC");
            ds.SetString(new DicomTag(0x6000, 0x1500), DicomVR.LO, "MKOVLABEL");
            ds.SetRawValue(new DicomTag(0x6002, 0x3000), DicomVR.OW, Encoding.ASCII.GetBytes("MKOVDATA"));
            // Attributes that identify but that Table E.1-1 as shipped does not list (tools/ProfileRecipeExtras.ps1).
            ds.SetString(new DicomTag(0x0010, 0x0033), DicomVR.LO, "MKALTBIRTH");
            ds.SetString(new DicomTag(0x0010, 0x0034), DicomVR.LO, "MKALTDEATH");
            ds.SetString(new DicomTag(0x0040, 0x1006), DicomVR.SH, "MKPLACERPROC");
            ds.SetString(new DicomTag(0x0040, 0x1007), DicomVR.SH, "MKFILLERPROC");
            ds.SetString(new DicomTag(0x0040, 0x2006), DicomVR.SH, "MKPLACERISR");
            ds.SetString(new DicomTag(0x0040, 0x2007), DicomVR.SH, "MKFILLERISR");
            ds.SetString(new DicomTag(0x0004, 0x1500), DicomVR.CS, "STUDY\\MKFILEID");
            var encrypted = ds.GetOrAddSequence(new DicomTag(0x0400, 0x0500)).AddItem();
            encrypted.SetString(new DicomTag(0x0400, 0x0510), DicomVR.UI, "1.2.840.10008.1.2");
            encrypted.SetRawValue(new DicomTag(0x0400, 0x0520), DicomVR.OB, Encoding.ASCII.GetBytes("MKENCRYPTED "));
            ds.SetString(new DicomTag(0x0074, 0x100C), DicomVR.LO, "MKCONTACT");
            ds.SetString(new DicomTag(0x0040, 0x1008), DicomVR.LO, "MKCONFIDENTIAL");
            ds.SetString(new DicomTag(0x2100, 0x0160), DicomVR.SH, "MKOWNER");
            ds.SetString(new DicomTag(0x0010, 0x2295), DicomVR.LO, "MKBREEDREG");
            ds.GetOrAddSequence(new DicomTag(0x0010, 0x2294)).AddItem().SetString(new DicomTag(0x0010, 0x2295), DicomVR.LO, "MKBREEDSEQ");
            ds.SetString(new DicomTag(0x0072, 0x0008), DicomVR.LO, "MKHPCREATOR");
            ds.SetString(new DicomTag(0x0088, 0x0130), DicomVR.SH, "MKFILESET");
            ds.SetString(new DicomTag(0x0008, 0x041F), DicomVR.DT, "19360504030201");
            ds.SetString(new DicomTag(0x4010, 0x101A), DicomVR.SH, "MKBOARDING");
            ds.SetString(new DicomTag(0x4010, 0x1051), DicomVR.LO, "MKITINERARY");
            ds.SetString(new DicomTag(0x4010, 0x1058), DicomVR.SH, "MKCARRIER");
            ds.SetString(new DicomTag(0x4010, 0x1007), DicomVR.SH, "MKROUTESEG");
            ds.SetString(new DicomTag(0x4010, 0x1025), DicomVR.DT, "19370605040302.5");
            ds.SetString(new DicomTag(0x4010, 0x1026), DicomVR.DT, "19370606070809.5");
            file.EnsureFileMeta();
            var meta = file.FileMetaInformation;
            meta.SetString(new DicomTag(0x0002, 0x0016), DicomVR.AE, "MKMETASRC");
            meta.SetString(new DicomTag(0x0002, 0x0017), DicomVR.AE, "MKMETASND");
            meta.SetString(new DicomTag(0x0002, 0x0018), DicomVR.AE, "MKMETARCV");
            meta.SetString(new DicomTag(0x0002, 0x0100), DicomVR.UI, UidRoot + ".100");
            meta.SetRawValue(new DicomTag(0x0002, 0x0102), DicomVR.OB, Encoding.ASCII.GetBytes("MKPRIVINFO"));
            meta.SetRawValue(new DicomTag(0x0002, 0x0035), DicomVR.OB, Encoding.ASCII.GetBytes("MKRTVSOURCE "));
            meta.SetRawValue(new DicomTag(0x0002, 0x0036), DicomVR.OB, Encoding.ASCII.GetBytes("MKRTVFLOW "));
            return file;
        }

        /// <summary>The bytes <paramref name="file"/> is written as.</summary>
        public static byte[] Bytes(DicomFile file)
        {
            using var ms = new MemoryStream();
            DicomWriter.Write(file, ms);
            return ms.ToArray();
        }

        /// <summary>Runs the shipped recipe <paramref name="name"/> over <paramref name="file"/> and returns the written bytes.</summary>
        public static byte[] RunShipped(string name, DicomFile file)
        {
            var recipe = new RecipeLoader(TestPaths.ShippedRecipes).LoadName(name).Recipe;
            new HeaderActionEngine(recipe).Apply(file, new Dictionary<string, object?> { ["date_shift_days"] = "-10" }, new List<string>(), "markers.dcm");
            return Bytes(file);
        }

        /// <summary>The markers whose bytes (ASCII, as written) occur in <paramref name="bytes"/>.</summary>
        public static List<string> Surviving(byte[] bytes, IEnumerable<(string Marker, string Where)> markers) =>
            markers.Where(m => Contains(bytes, Encoding.ASCII.GetBytes(m.Marker))).Select(m => m.Marker + " in " + m.Where).ToList();

        /// <summary>True when <paramref name="needle"/> occurs in <paramref name="haystack"/>.</summary>
        public static bool Contains(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle) >= 0;
    }
}
