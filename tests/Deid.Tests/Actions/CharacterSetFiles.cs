using System;
using System.Collections.Generic;
using System.IO;
using Deid.Actions;
using Deid.Dicom;
using Deid.Recipes;
using Deid.Steps;

namespace Deid.Tests.Actions
{
    /// <summary>Small files in a given character set, and a header recipe run over them, for the character-set tests.</summary>
    internal static class CharacterSetFiles
    {
        /// <summary>A Secondary Capture header in <paramref name="characterSet"/> (none when null), filled, written and read back.</summary>
        public static DicomFile Crafted(string? characterSet, Action<DicomDataset> fill)
        {
            var file = new DicomFile(TransferSyntax.ExplicitVRLittleEndian);
            if (characterSet != null) file.Dataset.SetString(DicomTags.SpecificCharacterSet, DicomVR.CS, characterSet);
            file.Dataset.SetString(new DicomTag(0x0008, 0x0016), DicomVR.UI, "1.2.840.10008.5.1.4.1.1.7");
            file.Dataset.SetString(new DicomTag(0x0008, 0x0018), DicomVR.UI, "1.2.826.0.1.3680043.8.498.5.5");
            fill(file.Dataset);
            file.EnsureFileMeta();
            return DicomFile.Open(Bytes(file));
        }

        /// <summary>Runs the <c>%header</c> lines <paramref name="header"/> over <paramref name="file"/>, and reads the result back.</summary>
        public static (DicomDataset Dataset, List<DeidWarning> Warnings) Run(string header, DicomFile file, Dictionary<string, object?>? variables = null)
        {
            var warnings = new List<DeidWarning>();
            new HeaderActionEngine(DeidRecipe.Parse("FORMAT dicom\n%header\n" + header + "\n")).Apply(file, variables, warnings, "crafted.dcm");
            return (DicomFile.Open(Bytes(file)).Dataset, warnings);
        }

        public static byte[] Bytes(DicomFile file)
        {
            using var ms = new MemoryStream();
            DicomWriter.Write(file, ms);
            return ms.ToArray();
        }
    }
}
