using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using Deid.Actions;
using Deid.Dicom;
using Deid.Recipes;
using Xunit;
using static Deid.Tests.Profile.ProfileTestFiles;

namespace Deid.Tests.Profile
{
    /// <summary>
    /// Leak QA 7 (objects beyond images): what each shipped recipe does with the Type 1 and Type 2 attributes of presentation
    /// states, segmentations and reports that hold what a person typed. Nothing of the value may survive, and the object must stay
    /// as valid as it was: Content Label (Type 1 CS) kept a patient's name in every recipe; the options' person-name net emptied
    /// Segment Label and Content Label; the issuer sequences were emptied where they are Type 3; Presentation Creation Date and
    /// Time (Type 1) were removed; an ECG's Type 2 Acquisition Context Sequence went with its only item.
    /// </summary>
    public class TypeOneLabelTests
    {
        private static readonly DicomTag ContentLabel = new DicomTag(0x0070, 0x0080);
        private static readonly DicomTag SegmentSequence = new DicomTag(0x0062, 0x0002);
        private static readonly DicomTag SegmentLabel = new DicomTag(0x0062, 0x0005);
        private static readonly DicomTag PresentationCreationDate = new DicomTag(0x0070, 0x0082);
        private static readonly DicomTag PresentationCreationTime = new DicomTag(0x0070, 0x0083);
        private static readonly DicomTag IssuerOfAccessionNumberSequence = new DicomTag(0x0008, 0x0051);
        private static readonly DicomTag IssuerOfPatientIDQualifiersSequence = new DicomTag(0x0010, 0x0024);
        private static readonly DicomTag AcquisitionContextSequence = new DicomTag(0x0040, 0x0555);

        private static DeidRecipe Shipped(string name) =>
            DeidRecipe.Parse(File.ReadAllText(Path.Combine(TestPaths.ShippedRecipes, "deid." + name)), name);

        private static DicomFile Labelled()
        {
            var file = PresentationState();
            var ds = file.Dataset;
            ds.SetString(new DicomTag(0x0010, 0x0010), DicomVR.PN, "QUILLBOTTOM^ZEPHYRINE");
            ds.SetString(ContentLabel, DicomVR.CS, "QUILLBOTTOM ZEPHYRINE");
            ds.SetString(PresentationCreationDate, DicomVR.DA, "20240312");
            ds.SetString(PresentationCreationTime, DicomVR.TM, "101500");
            ds.GetOrAddSequence(SegmentSequence).AddItem().SetString(SegmentLabel, DicomVR.LO, "Quillbottom tumour");
            ds.GetOrAddSequence(IssuerOfAccessionNumberSequence).AddItem().SetString(new DicomTag(0x0040, 0x0031), DicomVR.UT, "QUILLBOTTOM CLINIC");
            ds.GetOrAddSequence(IssuerOfPatientIDQualifiersSequence).AddItem().SetString(new DicomTag(0x0040, 0x0032), DicomVR.UT, "QUILLBOTTOM CLINIC");
            return file;
        }

        private static (DicomDataset Written, string Bytes) Run(string recipe, DicomFile file)
        {
            new HeaderActionEngine(Shipped(recipe)).Apply(file, null, new List<string>(), "label.dcm");
            using var ms = new MemoryStream();
            DicomWriter.Write(file, ms);
            return (DicomFile.Open(ms.ToArray()).Dataset, Encoding.ASCII.GetString(ms.ToArray()).ToUpperInvariant());
        }

        [Theory]
        [InlineData("dicom", "ANONYMOUS")]
        [InlineData("dicom.basic-profile", "ANONYMOUS")]
        [InlineData("dicom.basic-profile.retain-uids", "ANONYMOUS")]
        [InlineData("dicom.basic-profile.retain-patient-characteristics", "ANONYMOUS")]
        [InlineData("dicom.basic-profile.clean-descriptors", "XXX XXX")]
        [InlineData("dicom.basic-profile.clean-graphics", "XXX XXX")]
        [InlineData("dicom.basic-profile.clean-structured-content", "XXX XXX")]
        public void LabelsKeepNoName_AndStayPresent(string recipe, string contentLabel)
        {
            var (ds, bytes) = Run(recipe, Labelled());
            Assert.DoesNotContain("ZEPHYRINE", bytes);
            Assert.DoesNotContain("QUILLBOTTOM", bytes);
            Assert.Equal(contentLabel, ds.GetString(ContentLabel));
            // Every recipe keeps Segment Label (Type 1, it names the structure), with the name struck from it (leak QA 8: the
            // Basic Profile kept it as written, and the person-name net of Retain Patient Characteristics emptied it).
            Assert.Equal("XXX tumour", ds.GetSequence(SegmentSequence)![0].GetString(SegmentLabel));
        }

        private static readonly DicomTag GraphicLayer = new DicomTag(0x0070, 0x0002);
        private static readonly DicomTag GraphicLayerSequence = new DicomTag(0x0070, 0x0060);

        public static IEnumerable<object[]> EveryShippedRecipe()
        {
            foreach (string path in Directory.GetFiles(TestPaths.ShippedRecipes, "deid.*"))
                yield return new object[] { Path.GetFileName(path).Substring("deid.".Length) };
        }

        /// <summary>
        /// Leak QA 8 (F1, F2): the patient's or another person's name typed into a label or a name the recipes keep — Graphic
        /// Layer, Beam Name, Segment Algorithm Name, Sequence Name — survived the Basic Profile and nine other recipes as written
        /// (the module's own audit reported them); where an option's person-name net caught Graphic Layer it emptied it (Type 1)
        /// in both sequences, and the annotations lost the layer they link to. Every recipe now strikes the names and keeps the
        /// label, two layers staying two and each annotation linked to its own.
        /// </summary>
        [Theory]
        [MemberData(nameof(EveryShippedRecipe))]
        public void NamesTypedIntoKeptLabels_AreStruck_AndLayersStayLinked(string recipe)
        {
            var file = Labelled();
            var ds = file.Dataset;
            ds.SetString(new DicomTag(0x0008, 0x1060), DicomVR.PN, "BRACKENRIDGE^OSWALDO");
            var layers = ds.GetOrAddSequence(GraphicLayerSequence);
            layers.AddItem().SetString(GraphicLayer, DicomVR.CS, "QUILLBOTTOM ZEPHYRINE");
            layers.AddItem().SetString(GraphicLayer, DicomVR.CS, "MEASUREMENTS");
            ds.GetSequence(new DicomTag(0x0070, 0x0001))![0].SetString(GraphicLayer, DicomVR.CS, "QUILLBOTTOM ZEPHYRINE");
            var second = ds.GetSequence(new DicomTag(0x0070, 0x0001))!.AddItem();
            second.SetString(GraphicLayer, DicomVR.CS, "MEASUREMENTS");
            ds.GetSequence(SegmentSequence)![0].SetString(new DicomTag(0x0062, 0x0009), DicomVR.LO, "Algo by Quillbottom");
            ds.GetOrAddSequence(new DicomTag(0x300A, 0x00B0)).AddItem().SetString(new DicomTag(0x300A, 0x00C2), DicomVR.LO, "BEAM QUILLBOTTOM");
            ds.SetString(new DicomTag(0x0018, 0x0024), DicomVR.SH, "SEQ BRACKENRIDGE");
            var (written, bytes) = Run(recipe, file);
            Assert.DoesNotContain("QUILLBOTTOM", bytes);
            Assert.DoesNotContain("ZEPHYRINE", bytes);
            Assert.DoesNotContain("BRACKENRIDGE", bytes);
            var keptLayers = written.GetSequence(GraphicLayerSequence)!;
            Assert.Equal("XXX XXX", keptLayers[0].GetString(GraphicLayer));
            Assert.Equal("MEASUREMENTS", keptLayers[1].GetString(GraphicLayer));
            var annotations = written.GetSequence(new DicomTag(0x0070, 0x0001));
            if (annotations != null)
            {
                // The recipes that keep the annotations (the clean options) keep each linked to its layer.
                Assert.Equal("XXX XXX", annotations[0].GetString(GraphicLayer));
                Assert.Equal("MEASUREMENTS", annotations[1].GetString(GraphicLayer));
            }
            Assert.Equal("Algo by XXX", written.GetSequence(SegmentSequence)![0].GetString(new DicomTag(0x0062, 0x0009)));
            Assert.Equal("BEAM XXX", written.GetSequence(new DicomTag(0x300A, 0x00B0))![0].GetString(new DicomTag(0x300A, 0x00C2)));
            Assert.Equal("SEQ XXX", written.GetString(new DicomTag(0x0018, 0x0024)));
            Assert.Equal("XXX tumour", written.GetSequence(SegmentSequence)![0].GetString(SegmentLabel));
        }

        /// <summary>
        /// QA 2026-12-07 (after leak QA 8): two layers named after the patient (KRUMKAKE, FELIX) both became XXX, so the layer
        /// table held one name twice (PS3.3 forbids it) and every annotation pointed at one layer. Distinct originals stay
        /// distinct, each annotation with its own.
        /// </summary>
        [Theory]
        [InlineData("dicom.basic-profile")]
        [InlineData("dicom.basic-profile.clean-graphics")]
        public void TwoLayersNamedAfterThePatient_StayTwo(string recipe)
        {
            var file = Labelled();
            var ds = file.Dataset;
            ds.SetString(new DicomTag(0x0010, 0x0010), DicomVR.PN, "KRUMKAKE^FELIX");
            var layers = ds.GetOrAddSequence(GraphicLayerSequence);
            foreach (string name in new[] { "KRUMKAKE", "FELIX", "XXX", "KRUMKAKE FELIX" }) layers.AddItem().SetString(GraphicLayer, DicomVR.CS, name);
            var annotations = ds.GetSequence(new DicomTag(0x0070, 0x0001))!;
            annotations[0].SetString(GraphicLayer, DicomVR.CS, "FELIX");
            annotations.AddItem().SetString(GraphicLayer, DicomVR.CS, "KRUMKAKE");
            var (written, bytes) = Run(recipe, file);
            Assert.DoesNotContain("KRUMKAKE", bytes);
            Assert.DoesNotContain("FELIX", bytes);
            var names = written.GetSequence(GraphicLayerSequence)!.Select(i => i.GetString(GraphicLayer)!).ToList();
            Assert.Equal(4, names.Distinct().Count());
            Assert.All(names, n => Assert.True(n.Length <= 16 && n.StartsWith("XXX", StringComparison.Ordinal), n));
            var linked = written.GetSequence(new DicomTag(0x0070, 0x0001));
            if (linked != null)
            {
                Assert.Equal(names[1], linked[0].GetString(GraphicLayer));
                Assert.Equal(names[0], linked[1].GetString(GraphicLayer));
            }
        }

        /// <summary>
        /// Leak QA 8 (F3): under Clean Graphics, Overlay Comments (C in Table E.1-1) was kept, cleaned, while every recipe removes
        /// the rest of its overlay group: a comment about an overlay no longer there. It goes with its group.
        /// </summary>
        [Fact]
        public void OverlayComments_GoWithTheirOverlay_UnderCleanGraphics()
        {
            var file = Labelled();
            file.Dataset.SetString(new DicomTag(0x6000, 0x4000), DicomVR.LT, "overlay drawn for review");
            file.Dataset.SetNumbers(new DicomTag(0x6000, 0x0010), DicomVR.US, new double[] { 8 });
            var (ds, _) = Run("dicom.basic-profile.clean-graphics", file);
            Assert.False(ds.Contains(new DicomTag(0x6000, 0x4000)));
            Assert.False(ds.Contains(new DicomTag(0x6000, 0x0010)));
        }

        [Theory]
        [InlineData("dicom")]
        [InlineData("dicom.basic-profile")]
        [InlineData("dicom.basic-profile.clean-graphics")]
        [InlineData("dicom.basic-profile.retain-device-identity")]
        public void PresentationCreationDateAndTime_BecomeDummies_AndIssuerSequencesGo(string recipe)
        {
            var (ds, bytes) = Run(recipe, Labelled());
            Assert.Equal("19000101", ds.GetString(PresentationCreationDate));
            Assert.Equal("000000", ds.GetString(PresentationCreationTime));
            Assert.DoesNotContain("20240312", bytes);
            Assert.False(ds.Contains(IssuerOfAccessionNumberSequence));
            Assert.False(ds.Contains(IssuerOfPatientIDQualifiersSequence));
        }

        [Fact]
        public void AnAcquisitionContextLeftWithoutItems_StaysEmpty_ItIsType2()
        {
            var file = StructuredReport();
            Item(file.Dataset.GetOrAddSequence(AcquisitionContextSequence), "TEXT", "DCM", "121106", "Comment", new DicomTag(0x0040, 0xA160), DicomVR.UT, "Jane Roe seen");
            var (ds, bytes) = Run("dicom.basic-profile.clean-structured-content", file);
            Assert.DoesNotContain("ROE", bytes);
            var context = ds.GetSequence(AcquisitionContextSequence);
            Assert.NotNull(context);
            Assert.Empty(context!);
        }

        private static readonly DicomTag EncapsulatedDocument = new DicomTag(0x0042, 0x0011);
        private static readonly DicomTag MimeType = new DicomTag(0x0042, 0x0012);
        private static readonly DicomTag DocumentLength = new DicomTag(0x0042, 0x0015);

        private static DicomFile Document(string mime, string content)
        {
            var file = PresentationState();
            var ds = file.Dataset;
            ds.SetString(new DicomTag(0x0008, 0x0016), DicomVR.UI, "1.2.840.10008.5.1.4.1.1.104.1");
            ds.Remove(new DicomTag(0x0070, 0x0001));
            ds.SetString(MimeType, DicomVR.LO, mime);
            byte[] bytes = Encoding.ASCII.GetBytes(content);
            ds.SetRawValue(EncapsulatedDocument, DicomVR.OB, bytes);
            ds.SetNumbers(DocumentLength, DicomVR.UL, new double[] { bytes.Length });
            return file;
        }

        /// <summary>
        /// Leak QA 7, F3: Encapsulated Document (D, Type 1) was emptied, the PDF or CDA object invalid, and its length element still
        /// gave the original's length. A valid empty document of the file's kind is written, and the length follows it.
        /// </summary>
        [Theory]
        [InlineData("application/pdf", "%PDF-1.4")]
        [InlineData("text/XML", "<?xml")]
        [InlineData("model/stl", "solid ")]
        [InlineData("application/x-unknown", null)]
        public void AnEncapsulatedDocument_BecomesAnEmptyOneOfItsKind_AndItsLengthFollows(string mime, string? starts)
        {
            var (ds, bytes) = Run("dicom.basic-profile", Document(mime, "%PDF-1.7 report on QUILLBOTTOM ZEPHYRINE born 1947 \n"));
            Assert.DoesNotContain("QUILLBOTTOM", bytes);
            Assert.True(ds.TryGetElement(EncapsulatedDocument, out var document));
            string text = Encoding.ASCII.GetString(document.RawValue.ToArray());
            if (starts == null) Assert.Equal(0, document.Length);
            else Assert.StartsWith(starts, text, StringComparison.Ordinal);
            Assert.Equal(0, document.Length % 2);
            Assert.Equal(new double[] { document.Length }, ds.GetNumbers(DocumentLength));
        }

        [Fact]
        public void TheDummyPdf_HasAnExactCrossReferenceTable()
        {
            string pdf = Encoding.ASCII.GetString(Deid.Actions.DummyDocument.For("application/pdf"));
            int xref = pdf.IndexOf("xref\n", StringComparison.Ordinal);
            Assert.EndsWith("startxref\n" + xref.ToString(System.Globalization.CultureInfo.InvariantCulture) + "\n%%EOF\n", pdf.TrimEnd('\n') + "\n", StringComparison.Ordinal);
            for (int n = 1; n <= 3; n++)
            {
                int at = pdf.IndexOf($"\n{n} 0 obj", StringComparison.Ordinal) + 1;
                Assert.Contains($"{at:D10} 00000 n ", pdf, StringComparison.Ordinal);
            }
        }

        [Fact]
        public void ABlankedDocument_HasLengthZero()
        {
            var file = Document("application/pdf", "%PDF-1.7 QUILLBOTTOM\n");
            new HeaderActionEngine(DeidRecipe.Parse("FORMAT dicom\n%header\nBLANK EncapsulatedDocument\n")).Apply(file, null, new List<string>(), "doc.dcm");
            Assert.Equal(new double[] { 0 }, file.Dataset.GetNumbers(DocumentLength));
            // An ADD over the present document says change, as REPLACE does: the length follows it too (review 2026-12-06).
            var added = Document("application/pdf", "%PDF-1.7 QUILLBOTTOM\n");
            new HeaderActionEngine(DeidRecipe.Parse("FORMAT dicom\n%header\nADD EncapsulatedDocument deid_func:dummy_document\n")).Apply(added, null, new List<string>(), "doc.dcm");
            Assert.True(added.Dataset.TryGetElement(EncapsulatedDocument, out var document));
            Assert.Equal(new double[] { document.Length }, added.Dataset.GetNumbers(DocumentLength));
        }

        [Theory]
        [InlineData("dicom")]
        [InlineData("dicom.basic-profile.clean-descriptors")]
        [InlineData("dicom.basic-profile.clean-graphics")]
        public void TheCdaInstanceIdentifier_BecomesADummy_NeverKept(string recipe)
        {
            var file = Document("text/XML", "<ClinicalDocument/>\n");
            file.Dataset.SetString(new DicomTag(0x0040, 0xE001), DicomVR.ST, "2.16.840.1.113883.19.5^DOC-77441");
            var (ds, bytes) = Run(recipe, file);
            Assert.Equal("ANONYMOUS", ds.GetString(new DicomTag(0x0040, 0xE001)));
            Assert.DoesNotContain("DOC-77441", bytes);
        }

        [Theory]
        [InlineData("dicom.basic-profile.clean-graphics")]
        [InlineData("dicom.basic-profile.clean-structured-content")]
        [InlineData("dicom.basic-profile.clean-descriptors")]
        public void ASegmentAlgorithmNameHoldingAName_IsCleaned_NotEmptied(string recipe)
        {
            var file = Labelled();
            file.Dataset.SetString(new DicomTag(0x0008, 0x0090), DicomVR.PN, "PLUMTREE^OSWIN");
            file.Dataset.GetSequence(SegmentSequence)![0].SetString(new DicomTag(0x0062, 0x0009), DicomVR.LO, "Algo by Plumtree");
            var (ds, bytes) = Run(recipe, file);
            Assert.DoesNotContain("PLUMTREE", bytes);
            Assert.Equal("Algo by XXX", ds.GetSequence(SegmentSequence)![0].GetString(new DicomTag(0x0062, 0x0009)));
        }
    }
}
