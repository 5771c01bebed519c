using System;
using System.Collections.Generic;
using System.IO;
using Deid.Actions;
using Deid.Audit;
using Deid.Dicom;
using Deid.Recipes;
using Xunit;

namespace Deid.Tests.Actions
{
    /// <summary>
    /// <c>deid_func:dummy value=TEXT</c> (gdcmanon as referee, 2026-12-07): the shipped recipes wrote a D dummy into every element
    /// present, so a CT without contrast came out with Contrast/Bolus Agent "ANONYMOUS" (26 of pydicom's files) and an unrecorded
    /// referring physician with a name. An element empty as read stays empty; one with a value gets the dummy.
    /// </summary>
    public sealed class DummyValueTests : IDisposable
    {
        private static readonly DicomTag ContrastBolusAgent = new DicomTag(0x0018, 0x0010);
        private readonly string _root = Path.Combine(Path.GetTempPath(), "deid-dummy-" + Guid.NewGuid().ToString("N").Substring(0, 12));

        public DummyValueTests() => Directory.CreateDirectory(_root);

        public void Dispose() => Directory.Delete(_root, true);

        private static DicomFile Ct(string contrast, string referring, string patientName)
        {
            var file = new DicomFile(TransferSyntax.ExplicitVRLittleEndian);
            var ds = file.Dataset;
            ds.SetString(DicomTags.SOPClassUID, DicomVR.UI, "1.2.840.10008.5.1.4.1.1.2");
            ds.SetString(DicomTags.SOPInstanceUID, DicomVR.UI, "1.2.826.0.1.3680043.2.1143.9");
            ds.SetString(DicomTags.PatientName, DicomVR.PN, patientName);
            ds.SetString(DicomTags.PatientID, DicomVR.LO, "PID-77120");
            ds.SetString(DicomTags.ReferringPhysicianName, DicomVR.PN, referring);
            ds.SetString(ContrastBolusAgent, DicomVR.LO, contrast);
            return file;
        }

        private static DicomDataset Apply(DeidRecipe recipe, DicomFile file, List<string>? warnings = null)
        {
            new HeaderActionEngine(recipe).Apply(file, null, warnings ?? new List<string>(), "ct.dcm");
            using var ms = new MemoryStream();
            DicomWriter.Write(file, ms);
            return DicomFile.Open(ms.ToArray()).Dataset;
        }

        private static DeidRecipe Shipped(string name) => new RecipeLoader(TestPaths.ShippedRecipes).LoadName(name).Recipe!;

        private static DeidRecipe Parse(string header) => DeidRecipe.Parse("FORMAT dicom\n%header\n" + header + "\n");

        [Theory]
        [InlineData("dicom")]
        [InlineData("dicom.basic-profile")]
        [InlineData("dicom.basic-profile.retain-uids")]
        [InlineData("dicom.basic-profile.retain-patient-characteristics")]
        public void ShippedRecipes_LeaveAnEmptyValueEmpty_AndReplaceOneWithAValue(string recipe)
        {
            var empty = Apply(Shipped(recipe), Ct(contrast: "", referring: "", patientName: ""));
            Assert.True(empty.Contains(ContrastBolusAgent), "an empty Type 2 element stays present");
            Assert.Equal("", empty.GetString(ContrastBolusAgent));
            Assert.Equal("", empty.GetString(DicomTags.ReferringPhysicianName));
            // Spared from REMOVE select:VR:PN by its REPLACE, and empty: it stays, empty (Type 2).
            Assert.True(empty.Contains(DicomTags.PatientName));
            Assert.Equal("", empty.GetString(DicomTags.PatientName));

            // A name of delimiters only (pydicom's charset files: "^^^^") is as empty, and stays where dciodvfy wants it (Type 2).
            var delimiters = Apply(Shipped(recipe), Ct(contrast: " ", referring: "^^^^", patientName: "^"));
            Assert.Equal("^^^^", delimiters.GetString(DicomTags.ReferringPhysicianName));
            Assert.Equal("^", delimiters.GetString(DicomTags.PatientName));
            Assert.Equal("", delimiters.GetString(ContrastBolusAgent)!.Trim());

            var given = Apply(Shipped(recipe), Ct(contrast: "ISOVUE-300", referring: "HOLLOWAY^NED", patientName: "QUIXOTE^ALONSO"));
            Assert.Equal("ANONYMOUS", given.GetString(ContrastBolusAgent));
            Assert.Equal("ANONYMOUS^", given.GetString(DicomTags.ReferringPhysicianName));
            Assert.Equal("ANONYMOUS^", given.GetString(DicomTags.PatientName));
        }

        [Theory]
        [InlineData("LO", "   ")]         // padding only
        [InlineData("LO", "\\")]          // two empty values
        [InlineData("PN", "^^^")]         // an empty name's delimiters
        [InlineData("PN", "^=^")]
        public void PaddingAndDelimiters_AreAnEmptyValue(string code, string value)
        {
            var vr = DicomVR.Parse(code);
            var tag = vr == DicomVR.PN ? DicomTags.ReferringPhysicianName : ContrastBolusAgent;
            var file = Ct("", "", "");
            file.Dataset.SetString(tag, vr, value);
            var ds = Apply(Parse($"REPLACE {tag} deid_func:dummy value=ANONYMOUS"), file);
            Assert.Equal(value.Trim(), ds.GetString(tag)!.Trim());
        }

        [Fact]
        public void AValueAnEarlierLineEmptied_GetsTheDummy()
        {
            // The shipped option recipes' person-name net BLANKs a Type 1 label holding a name before its dummy line: the label
            // must come out present with the dummy, not empty (TypeOneLabelTests).
            var ds = Apply(Parse("BLANK (0018,0010)\nREPLACE (0018,0010) deid_func:dummy value=ANONYMOUS"), Ct("ISOVUE-300", "", ""));
            Assert.Equal("ANONYMOUS", ds.GetString(ContrastBolusAgent));
            var replaced = Apply(Parse("REPLACE (0018,0010) \"\"\nREPLACE (0018,0010) deid_func:dummy value=NONE"), Ct("ISOVUE-300", "", ""));
            Assert.Equal("NONE", replaced.GetString(ContrastBolusAgent));
        }

        [Fact]
        public void AnAdd_AddsTheDummy_OverAnEmptyValueToo_WhenAbsent()
        {
            var file = Ct("", "", "");
            file.Dataset.Remove(ContrastBolusAgent);
            var added = Apply(Parse("ADD (0018,0010) deid_func:dummy value=ANONYMOUS"), file);
            Assert.Equal("ANONYMOUS", added.GetString(ContrastBolusAgent));
            var overEmpty = Apply(Parse("ADD (0018,0010) deid_func:dummy value=ANONYMOUS"), Ct("", "", ""));
            Assert.Equal("", overEmpty.GetString(ContrastBolusAgent));
            var overValue = Apply(Parse("ADD (0018,0010) deid_func:dummy value=ANONYMOUS"), Ct("ISOVUE-300", "", ""));
            Assert.Equal("ANONYMOUS", overValue.GetString(ContrastBolusAgent));
        }

        [Fact]
        public void WithoutItsValue_NothingIsDone_AndTheLineIsNamed()
        {
            var warnings = new List<string>();
            var ds = Apply(Parse("REPLACE (0018,0010) deid_func:dummy"), Ct("ISOVUE-300", "", ""), warnings);
            Assert.Equal("ISOVUE-300", ds.GetString(ContrastBolusAgent));
            Assert.Contains(warnings, w => w.Contains("value=TEXT", StringComparison.Ordinal) && w.Contains("REPLACE (0018,0010) deid_func:dummy", StringComparison.Ordinal));
        }

        [Fact]
        public void TheAudit_TakesTheDummyAsTheRecipesOwnText()
        {
            // A patient already named ANONYMOUS is no leak of the dummy the recipe writes, as with a literal REPLACE.
            string input = Path.Combine(_root, "in.dcm"), output = Path.Combine(_root, "out.dcm");
            var original = Ct("", "", "ANONYMOUS");
            original.EnsureFileMeta();
            original.Save(input, overwrite: true);
            var copy = Ct("", "", "ANONYMOUS^");
            copy.Dataset.Remove(DicomTags.PatientID);
            copy.EnsureFileMeta();
            copy.Save(output, overwrite: true);
            Assert.Contains(new DeidAudit().Audit(input, output).Leaks, l => l.Keyword == "PatientName");
            var recipe = Parse("REPLACE PatientName deid_func:dummy value=ANONYMOUS^\nREMOVE PatientID");
            Assert.DoesNotContain(new DeidAudit(recipe).Audit(input, output).Leaks, l => l.Keyword == "PatientName");
        }
    }
}
