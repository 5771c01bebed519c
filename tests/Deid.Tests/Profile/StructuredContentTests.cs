using System.Collections.Generic;
using Deid.Actions;
using Deid.Dicom;
using Deid.Profile;
using Deid.Recipes;
using Xunit;
using static Deid.Tests.Profile.ProfileTestFiles;

namespace Deid.Tests.Profile
{
    /// <summary>The Clean Structured Content Option: Table E.3.4-1 per content item, the rest cleaned, the SR tree still valid.</summary>
    public class StructuredContentTests
    {
        private const string Recipe = "FORMAT dicom\n%header\n"
            + "REMOVE PatientName\nREMOVE PatientID\n"
            + "REPLACE (0040,A123) ANONYMOUS\nBLANK (0040,A073)\n"
            + "REPLACE (0040,A730) deid_func:clean_structured_content\n"
            + "ADD DeidentificationMethod Basic Application Confidentiality Profile\\Clean Structured Content Option\n";

        private static DicomDataset Clean(string recipe = Recipe)
        {
            var file = StructuredReport();
            var warnings = new List<string>();
            new HeaderActionEngine(DeidRecipe.Parse(recipe)).Apply(file, null, warnings, "sr.dcm");
            Assert.Empty(warnings);
            return RoundTrip(file);
        }

        private static string Concept(DicomDataset item) => item.GetSequence(ConceptNameCodeSequence)![0].GetString(new DicomTag(0x0008, 0x0100))!;

        [Fact]
        public void TableActionsApplyPerItemAndUnlistedTextIsCleaned()
        {
            var content = Clean().GetSequence(ContentSequence)!;
            var concepts = new List<string>();
            foreach (var item in content) concepts.Add(Concept(item));
            // Description of Change (X) and the Unique Device Identifiers container (X, with its child) are gone.
            Assert.Equal(new[] { "121073", "121071", "121008", "125007" }, concepts);
            // The unlisted Impression keeps its content; the name, the ID and the birth date (read before REMOVE ran) are struck.
            Assert.Equal("XXX XXX (XXX, born XXX): small nodule, stable", content[0].GetString(TextValue));
            Assert.Equal("ANONYMOUS", content[1].GetString(TextValue)); // Finding: X/D, a dummy keeps the item
            Assert.Equal("ANONYMOUS^", content[2].GetString(PersonName));
            var group = content[3].GetSequence(ContentSequence)!;
            Assert.Equal(2, group.Count);
            Assert.Equal("19000101000000", group[0].GetString(new DicomTag(0x0040, 0xA120))); // SRT G-D320, a retired designator
            Assert.Equal("no change since XXX", group[1].GetString(TextValue));
        }

        /// <summary>
        /// Leak QA 4, LOW-7a: a CODE item whose local code value is the patient's record number (scheme 99MRN) kept it, while its
        /// meaning was cleaned. A local scheme's code value is now struck as text is; a standard scheme's code names a concept and
        /// stays, as does a local code that holds nothing of the patient's.
        /// </summary>
        [Fact]
        public void ALocalCodeValueHoldingThePatientsId_IsStruck_StandardCodesStay()
        {
            var file = StructuredReport();
            var content = file.Dataset.GetSequence(ContentSequence)!;
            var ConceptCodeSequence = new DicomTag(0x0040, 0xA168);
            DicomDataset CodeItem(string scheme, string value, string concept = "121071")
            {
                // Finding (121071) is X/D in Table E.3.4-1, a CODE without a dummy; Impression (121073) is not in the table.
                var item = Item(content, "CODE", "DCM", concept, "Finding", null, DicomVR.None, null);
                var code = item.GetOrAddSequence(ConceptCodeSequence).AddItem();
                code.SetString(new DicomTag(0x0008, 0x0100), DicomVR.SH, value);
                code.SetString(new DicomTag(0x0008, 0x0102), DicomVR.SH, scheme);
                code.SetString(new DicomTag(0x0008, 0x0104), DicomVR.LO, "Record");
                return item;
            }
            CodeItem("99MRN", "MRN90210");
            CodeItem("99LOCAL", "NODULE-7");
            CodeItem("SCT", "MRN90210"); // not a real code: shows the rule, a standard scheme's value is never touched
            CodeItem("99MRN", "MRN90210", concept: "121073");
            var warnings = new List<string>();
            new HeaderActionEngine(DeidRecipe.Parse(Recipe)).Apply(file, null, warnings, "sr.dcm");
            var cleaned = RoundTrip(file).GetSequence(ContentSequence)!;
            var values = new List<string>();
            foreach (var item in cleaned)
            {
                if (item.GetString(ValueType) == "CODE") values.Add(item.GetSequence(ConceptCodeSequence)![0].GetString(new DicomTag(0x0008, 0x0100))!);
            }
            Assert.Equal(new[] { "XXX", "NODULE-7", "MRN90210", "XXX" }, values);
        }

        [Fact]
        public void TheTreeStaysWellFormedAndNoLongerClaimsVerification()
        {
            var ds = Clean();
            Assert.Equal("UNVERIFIED", ds.GetString(new DicomTag(0x0040, 0xA493)));
            Assert.False(ds.Contains(new DicomTag(0x0040, 0xA073)));
            Assert.Equal("COMPLETE", ds.GetString(new DicomTag(0x0040, 0xA491)));
            AssertWellFormed(ds.GetSequence(ContentSequence)!);
        }

        private static void AssertWellFormed(DicomSequence sequence)
        {
            Assert.True(sequence.Count > 0, "an empty Content Sequence must be removed (Type 1C)");
            foreach (var item in sequence)
            {
                string valueType = item.GetString(ValueType)!;
                Assert.False(string.IsNullOrEmpty(valueType));
                Assert.Single(item.GetSequence(ConceptNameCodeSequence)!);
                if (valueType == "TEXT") Assert.False(string.IsNullOrEmpty(item.GetString(TextValue)));
                if (valueType == "PNAME") Assert.False(string.IsNullOrEmpty(item.GetString(PersonName)));
                if (item.GetSequence(ContentSequence) is DicomSequence children) AssertWellFormed(children);
            }
        }

        [Fact]
        public void AnOptionTheRecipeDeclaresChangesTheAction()
        {
            // DCM 121033 Subject Age (NUM): X, but K under the Retain Patient Characteristics Option.
            Assert.True(StructuredContentTable.TryGetAction("DCM", "121033", "NUM", ProfileOptions.None, out var basic));
            Assert.Equal("X", basic.Code);
            Assert.True(StructuredContentTable.TryGetAction("DCM", "121033", "NUM", ProfileOptions.RetainPatientCharacteristics, out var kept));
            Assert.Equal("K", kept.Code);
            // The same concept written as TEXT takes the concept's action (AConceptWithAnotherValueType_TakesTheConceptsAction).
            Assert.True(StructuredContentTable.TryGetAction("DCM", "121033", "TEXT", ProfileOptions.None, out var asText));
            Assert.Equal("X", asText.Code);
            var claim = ProfileClaim.FromRecipe(DeidRecipe.Parse("FORMAT dicom\n%header\nADD DeidentificationMethod Basic Application Confidentiality Profile\\Retain Patient Characteristics Option\\Clean Structured Content Option\n"));
            Assert.Equal(ProfileOptions.RetainPatientCharacteristics, claim!.Options);
        }

        [Fact]
        public void TheGeneratedTableHasEveryRowAndTheRetiredDesignators()
        {
            Assert.Equal(244, StructuredContentTable.Count);
            foreach (var scheme in new[] { "SCT", "SRT", "SNM3", "99SDM" })
            {
                Assert.True(StructuredContentTable.TryGetAction(scheme, scheme == "SCT" ? "397898000" : "G-D320", "DATETIME", ProfileOptions.None, out var a), scheme);
                Assert.Equal("D", a.Code);
            }
        }

        /// <summary>
        /// An item whose value type the table does not pair with its concept (QA, 2026-12-05: a Subject Name written as TEXT, where
        /// the table lists PNAME with D) takes the concept's action, not the "not listed" cleaning that kept a name the file held
        /// nowhere else.
        /// </summary>
        [Fact]
        public void AConceptWithAnotherValueType_TakesTheConceptsAction()
        {
            var file = StructuredReport();
            var content = file.Dataset.GetSequence(ContentSequence)!;
            Item(content, "TEXT", "DCM", "121029", "Subject Name", TextValue, DicomVR.UT, "QZ03SUBJNAME");
            new HeaderActionEngine(DeidRecipe.Parse(Recipe)).Apply(file, null, new List<string>(), "sr.dcm");
            var items = RoundTrip(file).GetSequence(ContentSequence)!;
            var subject = System.Linq.Enumerable.Single(items, i => Concept(i) == "121029");
            Assert.Equal("ANONYMOUS", subject.GetString(TextValue));
            Assert.True(StructuredContentTable.TryGetAction("DCM", "121029", "TEXT", ProfileOptions.None, out var action));
            Assert.Equal("D", action.Code);
            Assert.False(StructuredContentTable.TryGetAction("DCM", "999999", "TEXT", ProfileOptions.None, out _));
            // A designator in lower case is the scheme a writer meant (leak QA 4, LOW-7: Subject ID coded with "dcm").
            Assert.True(StructuredContentTable.TryGetAction("dcm", "121030", "TEXT", ProfileOptions.None, out var lower));
            Assert.True(StructuredContentTable.TryGetAction("DCM", "121030", "TEXT", ProfileOptions.None, out var upper));
            Assert.Equal(upper.Code, lower.Code);
        }

        /// <summary>
        /// Leak QA 6, LOW-1: a specimen preparation step whose content items were all X (here only a Specimen Identifier) lost its
        /// Type 1 Specimen Preparation Step Content Item Sequence, which dciodvfy reports. The first item stays, its value a dummy
        /// and its children gone; a step with another item left keeps that one alone, and the identifier is removed as before.
        /// </summary>
        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public void APreparationStepWithOnlyXItems_KeepsItsType1SequenceWithADummy(bool withProcessingType)
        {
            var file = StructuredReport();
            var specimen = file.Dataset.GetOrAddSequence(new DicomTag(0x0040, 0x0560)).AddItem();
            specimen.SetString(new DicomTag(0x0040, 0x0551), DicomVR.LO, "SPEC-4471");
            var step = specimen.GetOrAddSequence(new DicomTag(0x0040, 0x0610)).AddItem();
            var items = step.GetOrAddSequence(StructuredContentCleaner.SpecimenPreparationStepContentItemSequence);
            var identifier = Item(items, "TEXT", "DCM", "121041", "Specimen Identifier", TextValue, DicomVR.UT, "SPEC-4471");
            Item(identifier.GetOrAddSequence(ContentSequence), "TEXT", "DCM", "121106", "Comment", TextValue, DicomVR.UT, "SPEC-4471 again");
            if (withProcessingType) Item(items, "CODE", "DCM", "111701", "Processing type", null, DicomVR.UT, null);
            var recipe = DeidRecipe.Parse(System.IO.File.ReadAllText(System.IO.Path.Combine(TestPaths.RepoRoot, "recipes", "deid.dicom.basic-profile.clean-structured-content")));
            new HeaderActionEngine(recipe).Apply(file, null, new List<string>(), "sr.dcm");
            var written = RoundTrip(file);
            var cleanedStep = written.GetSequence(new DicomTag(0x0040, 0x0560))![0].GetSequence(new DicomTag(0x0040, 0x0610))![0];
            var left = cleanedStep.GetSequence(StructuredContentCleaner.SpecimenPreparationStepContentItemSequence);
            Assert.NotNull(left);
            var only = Assert.Single(left!);
            if (withProcessingType)
            {
                Assert.Equal("111701", Concept(only));
            }
            else
            {
                Assert.Equal("121041", Concept(only));
                Assert.Equal("ANONYMOUS", only.GetString(TextValue));
                Assert.Null(only.GetSequence(ContentSequence));
            }
            Assert.DoesNotContain("SPEC-4471", System.Text.Encoding.ASCII.GetString(DicomWriterBytes(file)));
        }

        private static byte[] DicomWriterBytes(DicomFile file)
        {
            using var stream = new System.IO.MemoryStream();
            DicomWriter.Write(file, stream);
            return stream.ToArray();
        }

        /// <summary>
        /// Leak QA 4, MEDIUM-1: once the option removed an item (here Description of Change and the device container, X), the
        /// items after it moved to other indices, and the recipe's later lines — clean_descriptor on Text Value (0040,A160) and
        /// Code Meaning (0008,0104) at any depth — reached none of the tree: a modifier's text and a concept's meaning kept the
        /// patient's ID and birth date. The fields below are now listed again under their new paths.
        /// </summary>
        [Theory]
        [InlineData(true)]
        [InlineData(false)]
        public void TextBelowTheItemsLeft_IsCleanedAfterAnItemIsRemoved(bool removeAnItem)
        {
            var file = StructuredReport();
            var content = file.Dataset.GetSequence(ContentSequence)!;
            if (!removeAnItem)
            {
                for (int i = content.Count - 1; i >= 0; i--)
                {
                    string concept = Concept(content[i]);
                    if (concept == "111021" || concept == "121000") content.RemoveAt(i);
                }
            }
            var num = Item(content, "NUM", "DCM", "121206", "Distance", null, DicomVR.None, null);
            var modifier = num.GetOrAddSequence(new DicomTag(0x0040, 0x0441)).AddItem();
            modifier.SetString(ValueType, DicomVR.CS, "TEXT");
            modifier.GetOrAddSequence(ConceptNameCodeSequence).AddItem().SetString(new DicomTag(0x0008, 0x0104), DicomVR.LO, "Note on MRN90210");
            modifier.SetString(TextValue, DicomVR.UT, "mrn MRN90210 dob 07/04/1961");
            var observer = num.GetSequence(new DicomTag(0x0040, 0x0441))!.AddItem();
            observer.SetString(ValueType, DicomVR.CS, "PNAME");
            observer.SetString(PersonName, DicomVR.PN, "ROE^JANE");
            // A Person ID (DCM 113871, X) used as a modifier goes like any other such item (leak QA 6, HIGH-1).
            var personId = num.GetSequence(new DicomTag(0x0040, 0x0441))!.AddItem();
            personId.SetString(ValueType, DicomVR.CS, "TEXT");
            var personCode = personId.GetOrAddSequence(ConceptNameCodeSequence).AddItem();
            personCode.SetString(new DicomTag(0x0008, 0x0100), DicomVR.SH, "113871");
            personCode.SetString(new DicomTag(0x0008, 0x0102), DicomVR.SH, "DCM");
            personCode.SetString(new DicomTag(0x0008, 0x0104), DicomVR.LO, "Person ID");
            personId.SetString(TextValue, DicomVR.UT, "STAFF-4471");
            var code = Item(content, "CODE", "99LOCAL", "R1", "Record dob 07/04/1961", null, DicomVR.None, null);
            code.GetOrAddSequence(new DicomTag(0x0040, 0xA168)).AddItem().SetString(new DicomTag(0x0008, 0x0104), DicomVR.LO, "seen ROE");

            var recipe = DeidRecipe.Parse(System.IO.File.ReadAllText(System.IO.Path.Combine(TestPaths.ShippedRecipes, "deid.dicom.basic-profile.clean-structured-content")));
            var warnings = new List<string>();
            new HeaderActionEngine(recipe).Apply(file, null, warnings, "sr.dcm");
            // The PNAME's dummy, written before the items moved, stays: the line that removes every other PN knows it was
            // changed at its new path (it was removed, with a warning, when the change was known by the old path only).
            Assert.Empty(warnings);
            var items = RoundTrip(file).GetSequence(ContentSequence)!;
            Assert.DoesNotContain(items, i => Concept(i) == "111021");
            var cleanedNum = System.Linq.Enumerable.Single(items, i => Concept(i) == "121206");
            var cleanedModifier = cleanedNum.GetSequence(new DicomTag(0x0040, 0x0441))![0];
            Assert.Equal("mrn XXX dob XXX", cleanedModifier.GetString(TextValue));
            Assert.Equal("Note on XXX", cleanedModifier.GetSequence(ConceptNameCodeSequence)![0].GetString(new DicomTag(0x0008, 0x0104)));
            var modifiers = cleanedNum.GetSequence(new DicomTag(0x0040, 0x0441))!;
            Assert.Equal("ANONYMOUS^", modifiers[1].GetString(PersonName));
            Assert.Equal(2, modifiers.Count);
            Assert.DoesNotContain(modifiers, m => m.GetString(TextValue) == "STAFF-4471");
            var cleanedCode = System.Linq.Enumerable.Single(items, i => Concept(i) == "R1");
            Assert.Equal("Record dob XXX", cleanedCode.GetSequence(ConceptNameCodeSequence)![0].GetString(new DicomTag(0x0008, 0x0104)));
            Assert.Equal("seen XXX", cleanedCode.GetSequence(new DicomTag(0x0040, 0xA168))![0].GetString(new DicomTag(0x0008, 0x0104)));
        }

        [Fact]
        public void AnUnverifiedOrStillObservedDocumentIsLeftAlone()
        {
            var ds = new DicomDataset();
            ds.SetString(new DicomTag(0x0040, 0xA493), DicomVR.CS, "VERIFIED");
            ds.GetOrAddSequence(new DicomTag(0x0040, 0xA073)).AddItem().SetString(new DicomTag(0x0040, 0xA075), DicomVR.PN, "ANONYMOUS");
            Assert.False(ProfileFunctions.KeepVerificationHonest(ds));
            Assert.Equal("VERIFIED", ds.GetString(new DicomTag(0x0040, 0xA493)));
            ds.GetSequence(new DicomTag(0x0040, 0xA073))!.Clear();
            Assert.True(ProfileFunctions.KeepVerificationHonest(ds));
            Assert.Equal("UNVERIFIED", ds.GetString(new DicomTag(0x0040, 0xA493)));
        }
    }
}
