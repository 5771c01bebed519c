using System;
using System.Collections.Generic;
using System.IO;
using Deid.Actions;
using Deid.Dicom;
using Deid.Recipes;

namespace Deid.Batch
{
    /// <summary>
    /// Runs the paths a first batch takes — recipe parse, engine build, read, identifier extraction, apply, encode — once on a small synthetic file in
    /// memory. A fresh PowerShell spends its first tenth of a second in its own start-up on one core; run on the other core
    /// meanwhile, this moves the engine's first-use costs (type loading, static tables, code the runtime prepares on first call)
    /// out of the first batch. It reads nothing but the recipe text it is given and writes nothing.
    /// </summary>
    public static class EngineWarmup
    {
        private const string FallbackRecipe = "FORMAT dicom\n%header\nADD PatientIdentityRemoved YES\nREPLACE PatientID var:id\n"
            + "REPLACE endswith:InstanceUID deid_func:pydicom_uuid\nJITTER endswith:Date 1\nBLANK contains:Name\nREMOVE ALL\n";

        /// <summary>Warms the engine; <paramref name="recipeText"/> is the recipe a batch will most likely use (null: a small built-in one).</summary>
        /// <returns>Identifier fields plus the elements the warm-up file ended with (so the work cannot be optimized away).</returns>
        public static int Run(string? recipeText) => RunWith(DeidRecipe.Parse(recipeText ?? FallbackRecipe, "warm-up"));

        /// <summary>
        /// Warms the engine with a recipe already loaded (null: a small built-in one), for a host that loads its default recipe the
        /// way its commands do, so the loading is warmed too.
        /// </summary>
        /// <returns>As <see cref="Run(string)"/>.</returns>
        public static int RunWith(DeidRecipe? recipe)
        {
            var engine = new HeaderActionEngine(recipe ?? DeidRecipe.Parse(FallbackRecipe, "warm-up"));
            byte[] bytes;
            using (var buffer = new MemoryStream())
            {
                DicomWriter.Write(WarmupFile(), buffer);
                bytes = buffer.ToArray();
            }
            var file = DicomFile.Open(bytes, null, "warm-up.dcm");
            // Get-DicomIdentifier's path first (it only reads), then Invoke-DeidReplace's.
            int fields = Identifiers.IdentifierExtractor.Extract(file, "warm-up.dcm").Fields.Count;
            var variables = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase) { ["id"] = "warm-up" };
            engine.Apply(file, variables, new List<string>(), "warm-up.dcm");
            DicomWriter.Write(file, Stream.Null);
            return fields + file.Dataset.Count;
        }

        /// <summary>
        /// A small file with what a header holds — names, dates, numbers, a nested sequence, a private block, pixel data — and no
        /// UID for a recipe to remap: hashing loads the system's cryptography library (≈ 5 MB of memory), which a session that
        /// only reads identifiers never needs; a replace loads it with its first UID.
        /// </summary>
        private static DicomFile WarmupFile()
        {
            var file = new DicomFile(TransferSyntax.ExplicitVRLittleEndian);
            var ds = file.Dataset;
            ds.SetString(DicomTags.SpecificCharacterSet, DicomVR.CS, "ISO_IR 100");
            ds.SetString(DicomTags.ImageType, DicomVR.CS, "ORIGINAL\\PRIMARY");
            ds.SetString(DicomTags.StudyDate, DicomVR.DA, "20200102");
            ds.SetString(DicomTags.StudyTime, DicomVR.TM, "101010");
            ds.SetString(DicomTags.AccessionNumber, DicomVR.SH, "ACC1");
            ds.SetString(DicomTags.Modality, DicomVR.CS, "OT");
            ds.SetString(DicomTags.InstitutionName, DicomVR.LO, "WARM-UP");
            var item = ds.GetOrAddSequence(DicomTags.RequestAttributesSequence).AddItem();
            item.SetString(DicomTags.RequestedProcedureID, DicomVR.SH, "RP1");
            item.GetOrAddSequence(DicomTags.ScheduledProtocolCodeSequence).AddItem().SetString(DicomTags.CodeValue, DicomVR.SH, "C1");
            ds.SetString(DicomTags.PatientName, DicomVR.PN, "WARM^UP");
            ds.SetString(DicomTags.PatientID, DicomVR.LO, "WARMUP1");
            ds.SetString(DicomTags.PatientBirthDate, DicomVR.DA, "19700101");
            ds.SetString(DicomTags.PatientSex, DicomVR.CS, "O");
            ds.SetString(new DicomTag(0x0009, 0x0010), DicomVR.LO, "WARM-UP CREATOR");
            ds.SetString(new DicomTag(0x0009, 0x1001), DicomVR.LO, "private text");
            ds.SetString(DicomTags.InstanceNumber, DicomVR.IS, "1");
            ds.SetNumbers(DicomTags.SamplesPerPixel, DicomVR.US, 1);
            ds.SetString(DicomTags.PhotometricInterpretation, DicomVR.CS, "MONOCHROME2");
            ds.SetNumbers(DicomTags.Rows, DicomVR.US, 8);
            ds.SetNumbers(DicomTags.Columns, DicomVR.US, 8);
            ds.SetNumbers(DicomTags.BitsAllocated, DicomVR.US, 8);
            ds.SetNumbers(DicomTags.BitsStored, DicomVR.US, 8);
            ds.SetNumbers(DicomTags.HighBit, DicomVR.US, 7);
            ds.SetNumbers(DicomTags.PixelRepresentation, DicomVR.US, 0);
            ds.SetRawValue(DicomTags.PixelData, DicomVR.OB, new byte[64]);
            return file;
        }
    }
}
