using System;
using System.Collections.Generic;
using Deid.Dicom;
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

        private static DicomFile Crafted(string characterSet, string studyDescription) => CharacterSetFiles.Crafted(characterSet, ds =>
        {
            ds.SetString(StudyDescription, DicomVR.LO, studyDescription);
            ds.SetString(DicomTags.PatientName, DicomVR.PN, "Doe^John");
        });

        private static (DicomDataset Dataset, List<DeidWarning> Warnings) Run(string header, DicomFile file, Dictionary<string, object?>? variables = null) =>
            CharacterSetFiles.Run(header, file, variables);

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
            var vars = new Dictionary<string, object?> { ["nm"] = "Yamada^Hanako=山田^花子" };
            var (ds, _) = Run("REMOVE ALL\nADD PatientName var:nm", Crafted("\\ISO 2022 IR 87", "CT"), vars);
            Assert.Equal("Yamada^Hanako=山田^花子", ds.GetString(DicomTags.PatientName));
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
