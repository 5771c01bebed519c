using System;
using System.Collections.Generic;
using System.IO;
using Deid.Actions;
using Deid.Dicom;
using Deid.Recipes;
using Deid.Steps;
using Xunit;

namespace Deid.Tests.Actions
{
    /// <summary>
    /// Specific Character Set (0008,0005) under REMOVE ALL, or a REMOVE naming it (QA of character sets, 2026-12-05): it is removed
    /// last, after every action has written with it, and only where no text beyond ASCII is left; otherwise it stays, with a
    /// warning, so the text the recipe keeps or adds reads as written and is not mojibake.
    /// </summary>
    public class CharacterSetRemovalTests
    {
        private static readonly DicomTag StudyDescription = new DicomTag(0x0008, 0x1030);

        private static DicomFile Crafted(string characterSet, string studyDescription)
        {
            var file = new DicomFile(TransferSyntax.ExplicitVRLittleEndian);
            file.Dataset.SetString(DicomTags.SpecificCharacterSet, DicomVR.CS, characterSet);
            file.Dataset.SetString(new DicomTag(0x0008, 0x0016), DicomVR.UI, "1.2.840.10008.5.1.4.1.1.7");
            file.Dataset.SetString(new DicomTag(0x0008, 0x0018), DicomVR.UI, "1.2.826.0.1.3680043.8.498.5.5");
            file.Dataset.SetString(StudyDescription, DicomVR.LO, studyDescription);
            file.Dataset.SetString(DicomTags.PatientName, DicomVR.PN, "Doe^John");
            file.EnsureFileMeta();
            using var ms = new MemoryStream();
            DicomWriter.Write(file, ms);
            return DicomFile.Open(ms.ToArray());
        }

        private static (DicomDataset Dataset, List<DeidWarning> Warnings) Run(string header, DicomFile file, Dictionary<string, object?>? variables = null)
        {
            var warnings = new List<DeidWarning>();
            new HeaderActionEngine(DeidRecipe.Parse("FORMAT dicom\n%header\n" + header + "\n")).Apply(file, variables, warnings, "crafted.dcm");
            using var ms = new MemoryStream();
            DicomWriter.Write(file, ms);
            return (DicomFile.Open(ms.ToArray()).Dataset, warnings);
        }

        [Theory]
        [InlineData("\\ISO 2022 IR 87", "山田花子 胸部CT")]
        [InlineData("GB18030", "王小东 胸部CT")]
        [InlineData("ISO_IR 100", "Lungenröntgen")]
        public void RemoveAll_KeepsTheCharacterSetOfTextItKeeps(string characterSet, string description)
        {
            var (ds, warnings) = Run("REMOVE ALL\nKEEP StudyDescription", Crafted(characterSet, description));
            Assert.Equal(description, ds.GetString(StudyDescription));
            Assert.Equal(characterSet, ds.GetString(DicomTags.SpecificCharacterSet));
            Assert.False(ds.Contains(DicomTags.PatientName));
            Assert.Contains(warnings, w => w.Message.Contains("Specific Character Set) kept", StringComparison.Ordinal));
        }

        [Fact]
        public void RemoveAll_ThenAdd_WritesWithTheCharacterSetAndKeepsIt()
        {
            var vars = new Dictionary<string, object?> { ["nm"] = "山田^花子" };
            var (ds, _) = Run("REMOVE ALL\nADD PatientName var:nm", Crafted("\\ISO 2022 IR 87", "CT"), vars);
            Assert.Equal("山田^花子", ds.GetString(DicomTags.PatientName));
            Assert.Equal("\\ISO 2022 IR 87", ds.GetString(DicomTags.SpecificCharacterSet));
        }

        [Theory]
        [InlineData("REMOVE ALL\nKEEP StudyDescription")]
        [InlineData("REMOVE SpecificCharacterSet")]
        public void OnlyAsciiLeft_TheCharacterSetIsRemovedAsDeidRemovesIt(string header)
        {
            var (ds, warnings) = Run(header, Crafted("ISO_IR 100", "CHEST CT"));
            Assert.False(ds.Contains(DicomTags.SpecificCharacterSet));
            Assert.Equal("CHEST CT", ds.GetString(StudyDescription));
            Assert.DoesNotContain(warnings, w => w.Message.Contains("Specific Character Set", StringComparison.Ordinal));
        }

        [Fact]
        public void RemovingItByName_WhileTextBeyondAsciiStays_KeepsIt()
        {
            var (ds, warnings) = Run("REMOVE SpecificCharacterSet", Crafted("ISO_IR 100", "Lungenröntgen"));
            Assert.Equal("ISO_IR 100", ds.GetString(DicomTags.SpecificCharacterSet));
            Assert.Equal("Lungenröntgen", ds.GetString(StudyDescription));
            Assert.Single(warnings);
        }
    }
}
