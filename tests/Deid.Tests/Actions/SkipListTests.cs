using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using Deid.Actions;
using Deid.Dicom;
using Deid.Fields;
using Deid.Identifiers;
using Deid.Recipes;
using Xunit;

namespace Deid.Tests.Actions
{
    /// <summary>
    /// deid's skip list (VOILUTSequence, Pixel Data, palette LUT data, ...) protects the element and the binary payloads below it,
    /// never the names, text and private elements nested below it: markers planted in a VOI LUT Sequence item must not survive.
    /// </summary>
    public class SkipListTests
    {
        private static readonly DicomTag VoiLut = new DicomTag(0x0028, 0x3010);
        private static readonly DicomTag LutDescriptor = new DicomTag(0x0028, 0x3002);
        private static readonly DicomTag LutExplanation = new DicomTag(0x0028, 0x3003);
        private static readonly DicomTag LutData = new DicomTag(0x0028, 0x3006);

        private static readonly string[] Markers = { "LEAKNAME", "LEAKID7731", "LEAKHOSPITAL", "LEAKPRIVATE991", "LEAKOPERATOR", "LEAKEXPLAIN" };

        /// <summary>A 256-entry ramp: what the skip list exists to keep bit for bit.</summary>
        internal static byte[] LutBytes()
        {
            var bytes = new byte[512];
            for (int i = 0; i < 256; i++)
            {
                bytes[2 * i] = (byte)(i * 7);
                bytes[(2 * i) + 1] = (byte)(i >> 3);
            }
            return bytes;
        }

        /// <summary>A file whose VOI LUT Sequence item hides a name, IDs, an operator, an explanation and a private block.</summary>
        internal static DicomFile Planted(TransferSyntax? syntax = null)
        {
            var file = new DicomFile(syntax ?? TransferSyntax.ExplicitVRLittleEndian);
            var ds = file.Dataset;
            ds.SetString(new DicomTag(0x0008, 0x0016), DicomVR.UI, "1.2.840.10008.5.1.4.1.1.2");
            ds.SetString(new DicomTag(0x0008, 0x0018), DicomVR.UI, "1.2.826.0.1.3680043.8.498.77.1");
            ds.SetString(new DicomTag(0x0010, 0x0010), DicomVR.PN, "TOP^LEVEL");
            var item = ds.GetOrAddSequence(VoiLut).AddItem();
            item.SetString(new DicomTag(0x0008, 0x0080), DicomVR.LO, "LEAKHOSPITAL");
            item.SetString(new DicomTag(0x0008, 0x1070), DicomVR.PN, "LEAKOPERATOR^X");
            item.SetString(new DicomTag(0x0009, 0x0010), DicomVR.LO, "LEAK TEST CREATOR");
            item.SetString(new DicomTag(0x0009, 0x1001), DicomVR.LO, "LEAKPRIVATE991");
            item.SetString(new DicomTag(0x0010, 0x0010), DicomVR.PN, "LEAKNAME^JOHN");
            item.SetString(new DicomTag(0x0010, 0x0020), DicomVR.LO, "LEAKID7731");
            item.SetNumbers(LutDescriptor, DicomVR.US, 256, 0, 16);
            item.SetString(LutExplanation, DicomVR.LO, "LEAKEXPLAIN");
            item.SetRawValue(LutData, DicomVR.US, LutBytes());
            file.EnsureFileMeta();
            return file;
        }

        private static byte[] Run(DeidRecipe recipe, DicomFile file, DeidReplaceOptions? options = null)
        {
            new HeaderActionEngine(recipe, options).Apply(file, null, new List<string>(), "planted.dcm");
            using var ms = new MemoryStream();
            DicomWriter.Write(file, ms);
            return ms.ToArray();
        }

        private static DeidRecipe Shipped(string name) => new RecipeLoader(TestPaths.ShippedRecipes).LoadName(name).Recipe;

        private static bool Holds(byte[] bytes, string marker) =>
            Encoding.ASCII.GetString(bytes).Contains(marker, StringComparison.Ordinal);

        private static DicomDataset Item(byte[] written) => DicomFile.Open(written).Dataset.GetSequence(VoiLut)![0];

        [Theory]
        [InlineData("dicom")]
        [InlineData("dicom.basic-profile")]
        public void ShippedRecipesReachNamesIdsAndPrivateElementsInsideAVoiLutSequence(string recipe)
        {
            var before = Planted();
            Assert.All(new[] { "LEAKNAME", "LEAKID7731", "LEAKHOSPITAL", "LEAKPRIVATE991", "LEAKOPERATOR" }, m => Assert.True(Holds(Write(before), m)));
            byte[] written = Run(Shipped(recipe), Planted());
            foreach (var marker in new[] { "LEAKNAME", "LEAKID7731", "LEAKHOSPITAL", "LEAKPRIVATE991", "LEAKOPERATOR" })
            {
                Assert.False(Holds(written, marker), $"{recipe} left {marker} in the output");
            }
            var item = Item(written);
            Assert.False(item.Contains(new DicomTag(0x0009, 0x1001)));
            Assert.True(item.TryGetElement(LutData, out var data));
            Assert.Equal(LutBytes(), data.RawValue.ToArray());
            Assert.Equal(new[] { 256.0, 0, 16 }, item.GetNumbers(LutDescriptor));
        }

        /// <summary>
        /// Binary attributes Table E.1-1 removes, put inside a VOI LUT item: a document, an overlay, a curve and an icon are not
        /// the LUT the skip protects, so the profile's rules reach them; the LUT itself is untouched.
        /// </summary>
        [Theory]
        [InlineData("dicom")]
        [InlineData("dicom.basic-profile")]
        public void ShippedRecipesReachDocumentsOverlaysCurvesAndIconsInsideAVoiLutSequence(string recipe)
        {
            var file = Planted();
            var item = file.Dataset.GetSequence(VoiLut)![0];
            item.SetRawValue(new DicomTag(0x0042, 0x0011), DicomVR.OB, Encoding.ASCII.GetBytes("%PDF-1.4 LEAKPDFDOC "));
            item.SetRawValue(new DicomTag(0x6000, 0x3000), DicomVR.OW, Encoding.ASCII.GetBytes("LEAKOVERLAY1"));
            item.SetRawValue(new DicomTag(0x5002, 0x3000), DicomVR.OW, Encoding.ASCII.GetBytes("LEAKCURVE123"));
            var icon = item.GetOrAddSequence(new DicomTag(0x0088, 0x0200)).AddItem();
            icon.SetRawValue(DicomTag.PixelData, DicomVR.OB, Encoding.ASCII.GetBytes("LEAKICONPIXELS"));
            var before = Write(file);
            var planted = new[] { "LEAKPDFDOC", "LEAKOVERLAY1", "LEAKCURVE123", "LEAKICONPIXELS" };
            Assert.All(planted, m => Assert.True(Holds(before, m), m));
            byte[] written = Run(Shipped(recipe), DicomFile.Open(before));
            foreach (var marker in planted) Assert.False(Holds(written, marker), $"{recipe} left {marker} in the output");
            var kept = Item(written);
            Assert.False(kept.Contains(new DicomTag(0x0088, 0x0200)));
            Assert.True(kept.TryGetElement(LutData, out var data));
            Assert.Equal(LutBytes(), data.RawValue.ToArray());
        }

        [Fact]
        public void RemoveAllRemovesEverythingBelowTheSkippedSequenceButItsLutPayload()
        {
            byte[] written = Run(DeidRecipe.Parse("FORMAT dicom\n%header\nREMOVE ALL\n"), Planted());
            foreach (var marker in Markers) Assert.False(Holds(written, marker), marker);
            var ds = DicomFile.Open(written).Dataset;
            var item = Assert.Single(ds.GetSequence(VoiLut)!);
            Assert.Equal(new[] { LutDescriptor, LutData }, item.Elements.Select(e => e.Tag).ToArray());
            Assert.True(item.TryGetElement(LutData, out var data));
            Assert.Equal(LutBytes(), data.RawValue.ToArray());
        }

        [Theory]
        [InlineData("REMOVE PatientName", "LEAKNAME")]
        [InlineData("REPLACE select:VR:PN REDACTED", "LEAKOPERATOR")]
        [InlineData("BLANK LUTExplanation", "LEAKEXPLAIN")]
        [InlineData("REMOVE contains:^0009", "LEAKPRIVATE991")]
        public void EachKindOfSpecReachesTheNestedElement(string action, string marker)
        {
            byte[] written = Run(DeidRecipe.Parse("FORMAT dicom\n%header\n" + action + "\n"), Planted());
            Assert.False(Holds(written, marker));
            Assert.True(Item(written).TryGetElement(LutData, out var data));
            Assert.Equal(LutBytes(), data.RawValue.ToArray());
        }

        [Fact]
        public void RemovePrivateReachesThePrivateBlockInsideTheSequence()
        {
            byte[] written = Run(DeidRecipe.Parse("FORMAT dicom\n%header\n"), Planted(), new DeidReplaceOptions { RemovePrivate = true });
            Assert.False(Holds(written, "LEAKPRIVATE991"));
            Assert.False(Holds(written, "LEAK TEST CREATOR"));
        }

        [Fact]
        public void KeepStillProtectsAWholeSequence()
        {
            // KEEP of a top-level sequence is deid's other skip: the element and everything inside it.
            byte[] written = Run(DeidRecipe.Parse("FORMAT dicom\n%header\nKEEP VOILUTSequence\nREMOVE ALL\n"), Planted());
            Assert.True(Holds(written, "LEAKNAME"));
            Assert.False(Holds(written, "TOP^LEVEL"));
        }

        [Fact]
        public void DisableSkipLetsRemoveAllTakeTheSequenceAndItsPayload()
        {
            byte[] written = Run(DeidRecipe.Parse("FORMAT dicom\n%header\nREMOVE ALL\n"), Planted(), new DeidReplaceOptions { DisableSkip = true });
            Assert.False(DicomFile.Open(written).Dataset.Contains(VoiLut));
        }

        [Fact]
        public void TheListingShowsNestedTextAndHidesTheProtectedElementsAndPayloads()
        {
            var list = FieldList.Collect(Planted(), new HashSet<string>(Deid.Configuration.DeidConfiguration.DefaultSkip));
            var paths = list.Select(f => f.TagPath).ToList();
            Assert.Contains("(0028,3010)__0__(0010,0010)", paths);
            Assert.Contains("(0028,3010)__0__(0009,1001)", paths);
            Assert.Contains("(0028,3010)__0__(0009,0010)", paths);
            Assert.Contains("(0028,3010)__0__(0028,3003)", paths);
            Assert.DoesNotContain("(0028,3010)", paths);
            Assert.DoesNotContain("(0028,3010)__0__(0028,3006)", paths);
            Assert.DoesNotContain("(0028,3010)__0__(0028,3002)", paths);
        }

        [Fact]
        public void GetDicomIdentifierListsWhatTheActionsCanReach()
        {
            var ids = IdentifierExtractor.Extract(Planted(), "planted.dcm");
            Assert.NotNull(ids.GetField("(0028,3010)__0__(0010,0010)"));
            Assert.NotNull(ids.GetField("(0028,3010)__0__(0009,1001)"));
            Assert.Null(ids.GetField("(0028,3010)__0__(0028,3006)"));
            Assert.Null(ids.GetField("(0028,3010)"));
            var all = IdentifierExtractor.Extract(Planted(), "planted.dcm", new IdentifierOptions { DisableSkip = true });
            Assert.NotNull(all.GetField("(0028,3010)__0__(0028,3006)"));
        }

        [Fact]
        public void AValuesGroupFindsANameHiddenBelowTheSkippedSequence()
        {
            // The group is extracted from what the actions can reach, so REMOVE values: finds the hidden name's other copies.
            var file = Planted();
            file.Dataset.SetString(new DicomTag(0x0010, 0x4000), DicomVR.LT, "seen LEAKNAME at the desk");
            byte[] written = Run(DeidRecipe.Parse("FORMAT dicom\n%values names\nSPLIT PatientName by=\"^\";minlength=4\n%header\nREMOVE values:names\n"), file);
            Assert.False(Holds(written, "LEAKNAME"));
        }

        private static byte[] Write(DicomFile file)
        {
            using var ms = new MemoryStream();
            DicomWriter.Write(file, ms);
            return ms.ToArray();
        }
    }
}
