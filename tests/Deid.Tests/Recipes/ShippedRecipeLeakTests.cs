using System.Collections.Generic;
using System.Linq;
using System.Text;
using Deid.Dicom;
using Xunit;

namespace Deid.Tests.Recipes
{
    /// <summary>
    /// Issue 10's leak classes 3, 4 and 5 on the recipe side: a file hiding a unique marker in each place (see
    /// <see cref="MarkerFile"/>) run through every shipped recipe that does not retain on purpose; no marker's bytes may survive
    /// in the written file, and the device facts on the safe list must.
    /// </summary>
    public class ShippedRecipeLeakTests
    {
        public static IEnumerable<object[]> RemovingRecipes() => new[]
        {
            "dicom", "dicom.basic-profile", "dicom.ultrasound", "dicom.xray.chest", "dicom.basic-profile.retain-long-full-dates",
            "dicom.basic-profile.retain-long-modified-dates", "dicom.basic-profile.retain-safe-private", "dicom.basic-profile.retain-device-identity",
            "dicom.basic-profile.retain-institution-identity", "dicom.basic-profile.retain-patient-characteristics",
            "dicom.basic-profile.clean-graphics", "dicom.basic-profile.clean-structured-content", "dicom.basic-profile.clean-descriptors",
        }.Select(n => new object[] { n });

        [Fact]
        public void TheMarkerFile_HoldsEveryMarker_BeforeDeidentification()
        {
            var bytes = MarkerFile.Bytes(MarkerFile.Create());
            Assert.Equal(MarkerFile.Markers.Select(m => m.Marker + " in " + m.Where), MarkerFile.Surviving(bytes, MarkerFile.Markers));
        }

        [Theory]
        [MemberData(nameof(RemovingRecipes))]
        public void NoMarkerSurvives_AndTheDeviceFactsDo(string recipe)
        {
            var bytes = MarkerFile.RunShipped(recipe, MarkerFile.Create());
            // A Clean option retains its free text, cleaned (PS3.15 E.3): a marker there is not known to identify and stays; every
            // other marker must go. What identifies inside retained text is tested below.
            var retained = RetainedCleaned(recipe);
            Assert.Empty(MarkerFile.Surviving(bytes, MarkerFile.Markers.Where(m => !retained.Any(t => m.Where.Contains(t)))));
            Assert.True(MarkerFile.Contains(bytes, Encoding.ASCII.GetBytes(MarkerFile.Manufacturer)), "Manufacturer removed");
            Assert.True(MarkerFile.Contains(bytes, Encoding.ASCII.GetBytes(MarkerFile.Model)), "ManufacturerModelName removed");
            var ds = DicomFile.Open(bytes).Dataset;
            Assert.Equal("CHEST", ds.GetString(new DicomTag(0x0018, 0x0015)));
            Assert.Equal("VERSION 1.0", ds.GetString(new DicomTag(0x0018, 0x1020)));
        }

        /// <summary>The tags a shipped recipe hands to one of our clean functions (retained, cleaned).</summary>
        private static List<string> RetainedCleaned(string recipe) =>
            System.IO.File.ReadAllLines(System.IO.Path.Combine(TestPaths.ShippedRecipes, "deid." + recipe))
                .Select(l => System.Text.RegularExpressions.Regex.Match(l, @"^REPLACE (\([0-9A-F]{4},[0-9A-F]{4}\)) deid_func:clean_"))
                .Where(m => m.Success).Select(m => m.Groups[1].Value).ToList();

        [Theory]
        // clean-descriptors: LocalNamespaceEntityID is cleaned where it is kept, but here it sits in the Issuer of Accession Number
        // Sequence, which every recipe empties as a whole (an issuer names an institution, not a description).
        [InlineData("dicom.basic-profile.clean-descriptors", 6, 5)]
        [InlineData("dicom.basic-profile.clean-structured-content", 2, 2)]
        [InlineData("dicom.basic-profile.clean-graphics", 0, 0)]
        public void CleanOptions_RetainTheirText_WithoutThePatientsName(string recipe, int retainedMarkers, int surviving)
        {
            var file = MarkerFile.Create();
            var retained = RetainedCleaned(recipe);
            var kept = MarkerFile.Markers.Where(m => retained.Any(t => m.Where.Contains(t))).ToList();
            Assert.Equal(retainedMarkers, kept.Count);
            // The patient's name written into each retained element beside its marker: the text stays, the name goes.
            foreach (var (holder, tag) in RetainedElements(file.Dataset, kept))
                holder.SetString(tag, holder.TryGetElement(tag, out var e) ? e.VR : DicomVR.LO, holder.GetString(tag) + " SEEN BY MKPATIENT");
            var bytes = MarkerFile.RunShipped(recipe, file);
            Assert.Equal(surviving, MarkerFile.Surviving(bytes, kept).Count);
            Assert.False(MarkerFile.Contains(bytes, Encoding.ASCII.GetBytes("MKPATIENT")), "the patient's name survived in retained text");
        }

        /// <summary>
        /// Leak QA 3 MEDIUM-5 and leak QA 4 MEDIUM-3: text people type that every recipe keeps as acquisition facts (Segment
        /// Label, Type 1; Acquisition Protocol Name, the Enhanced counterpart of the table's Protocol Name; Receive Coil Name;
        /// RT Image Name) kept an ID, a date or a name typed into it under Clean Descriptors too. That option now cleans it, and
        /// since leak QA 8 so does every recipe (the Basic Profile kept the patient's name in a Beam Name); text without
        /// identifiers keeps its bytes.
        /// </summary>
        [Theory]
        [InlineData(0x0062, 0x0005, "LO")]  // Segment Label (in an item of Segment Sequence)
        [InlineData(0x0018, 0x9423, "LO")]  // Acquisition Protocol Name
        [InlineData(0x0018, 0x1250, "SH")]  // Receive Coil Name
        [InlineData(0x3002, 0x0003, "SH")]  // RT Image Name
        [InlineData(0x0008, 0x030D, "UC")]  // Private Data Element Keyword (QA of 2026-12-07: kept raw beside its cleaned Name)
        [InlineData(0x0020, 0x9056, "SH")]  // Stack ID
        public void EveryRecipe_CleansTextPeopleTypeThatItKeeps(ushort group, ushort element, string vr)
        {
            var tag = new DicomTag(group, element);
            Assert.True(DicomVR.TryParse(vr, out var v));
            DicomFile Make(string text)
            {
                var file = MarkerFile.Create();
                file.Dataset.SetString(DicomTags.PatientID, DicomVR.LO, "00482913");
                var holder = group == 0x0062 ? file.Dataset.GetOrAddSequence(new DicomTag(0x0062, 0x0002)).AddItem() : file.Dataset;
                holder.SetString(tag, v, text);
                return file;
            }
            string Read(byte[] bytes)
            {
                var ds = DicomFile.Open(bytes).Dataset;
                var holder = group == 0x0062 ? ds.GetSequence(new DicomTag(0x0062, 0x0002))![0] : ds;
                return holder.GetString(tag) ?? "(none)";
            }
            Assert.Equal("mrn XXX", Read(MarkerFile.RunShipped("dicom.basic-profile.clean-descriptors", Make("mrn 0048-2913"))));
            Assert.Equal("LIVER 2", Read(MarkerFile.RunShipped("dicom.basic-profile.clean-descriptors", Make("LIVER 2"))));
            Assert.Equal("mrn XXX", Read(MarkerFile.RunShipped("dicom.basic-profile", Make("mrn 0048-2913"))));
            Assert.Equal("mrn XXX", Read(MarkerFile.RunShipped("dicom", Make("mrn 0048-2913"))));
            Assert.Equal("LIVER 2", Read(MarkerFile.RunShipped("dicom.basic-profile", Make("LIVER 2"))));
        }

        private static IEnumerable<(DicomDataset Holder, DicomTag Tag)> RetainedElements(DicomDataset root, IEnumerable<(string Marker, string Where)> markers)
        {
            foreach (var (_, where) in markers)
            {
                var ds = root;
                var parts = System.Text.RegularExpressions.Regex.Matches(where, @"\(([0-9A-F]{4}),([0-9A-F]{4})\)(\[(\d+)\])?");
                for (int i = 0; i < parts.Count; i++)
                {
                    var tag = new DicomTag(System.Convert.ToUInt16(parts[i].Groups[1].Value, 16), System.Convert.ToUInt16(parts[i].Groups[2].Value, 16));
                    if (i == parts.Count - 1) { yield return (ds, tag); break; }
                    ds = ds.GetSequence(tag)![int.Parse(parts[i].Groups[4].Value, System.Globalization.CultureInfo.InvariantCulture)];
                }
            }
        }

        /// <summary>
        /// pydicom's rtdose_rle.dcm stores its Referenced RT Plan Sequence as UN of defined length (CP-246): the plan's SOP
        /// Instance UID inside it passed every recipe unchanged while the codec kept such a value as bytes. Now it is remapped.
        /// </summary>
        [Theory]
        [MemberData(nameof(RemovingRecipes))]
        public void AReferenceInsideASequenceStoredAsUn_IsRemapped(string recipe)
        {
            const string PlanUid = "1.2.123.456.78.9.0123.4567.89012345678901";
            var file = DicomFile.Open(TestPaths.Data("pydicom", "test_files", "rtdose_rle.dcm"));
            Assert.True(MarkerFile.Contains(MarkerFile.Bytes(file), Encoding.ASCII.GetBytes(PlanUid)));
            var bytes = MarkerFile.RunShipped(recipe, file);
            Assert.False(MarkerFile.Contains(bytes, Encoding.ASCII.GetBytes(PlanUid)), "the plan's UID survived");
            var plan = Assert.Single(DicomFile.Open(bytes).Dataset.GetSequence(new DicomTag(0x300C, 0x0002))!);
            Assert.StartsWith("2.25.", plan.GetString(new DicomTag(0x0008, 0x1155)));
        }

        [Fact]
        public void RetainUids_KeepsTheUids_ButNotTheNamesTextOrMeta()
        {
            var bytes = MarkerFile.RunShipped("dicom.basic-profile.retain-uids", MarkerFile.Create());
            var uids = MarkerFile.Markers.Where(m => m.Marker.StartsWith("1.2.826.", System.StringComparison.Ordinal) && !m.Where.StartsWith("(0002,", System.StringComparison.Ordinal)).ToList();
            Assert.Equal(3, uids.Count);
            Assert.Equal(uids.Count, MarkerFile.Surviving(bytes, uids).Count);
            Assert.Empty(MarkerFile.Surviving(bytes, MarkerFile.Markers.Except(uids)));
        }

        [Fact]
        public void TypeTwoNames_StayPresent_WithADummy_WhileOtherNamesGo()
        {
            var file = MarkerFile.Create();
            var ds = DicomFile.Open(MarkerFile.RunShipped("dicom.basic-profile", file)).Dataset;
            Assert.Equal("ANONYMOUS^", ds.GetString(new DicomTag(0x0010, 0x0010)));
            Assert.False(ds.Contains(new DicomTag(0x0014, 0x2006)));
            Assert.False(ds.Contains(new DicomTag(0x0014, 0x0104)));
            var item = ds.GetSequence(new DicomTag(0x0008, 0x1140))![0];
            Assert.Equal("ANONYMOUS^", item.GetString(new DicomTag(0x0010, 0x0010)));
            Assert.False(item.Contains(new DicomTag(0x0040, 0xA067)));
        }

        [Fact]
        public void UidsOutsideTheTable_AreRemappedConsistently_ClassUidsStay()
        {
            var ds = DicomFile.Open(MarkerFile.RunShipped("dicom.basic-profile", MarkerFile.Create())).Dataset;
            string concatenation = ds.GetString(new DicomTag(0x0020, 0x0242))!;
            Assert.StartsWith("2.25.", concatenation);
            Assert.Equal(new Deid.Actions.UidGenerator().PydicomUuid("1.2.826.0.1.3680043.8.498.4242.242"), concatenation);
            Assert.Equal("1.2.840.10008.5.1.4.1.1.2", ds.GetString(new DicomTag(0x0008, 0x0016)));
            Assert.Equal("1.2.840.10008.5.1.4.1.1.2", ds.GetSequence(new DicomTag(0x0008, 0x1140))![0].GetString(new DicomTag(0x0008, 0x1150)));
            Assert.False(ds.Contains(new DicomTag(0x0008, 0x1190)));
        }

        [Fact]
        public void FileMeta_KeepsWhatPs310Needs()
        {
            var file = DicomFile.Open(MarkerFile.RunShipped("dicom", MarkerFile.Create()));
            var meta = file.FileMetaInformation;
            foreach (ushort e in new ushort[] { 0x0016, 0x0017, 0x0018, 0x0100, 0x0102 }) Assert.False(meta.Contains(new DicomTag(0x0002, e)), $"(0002,{e:X4}) kept");
            Assert.Equal(file.Dataset.GetString(new DicomTag(0x0008, 0x0018)), meta.GetString(new DicomTag(0x0002, 0x0003)));
            Assert.Equal("1.2.840.10008.1.2.1", meta.GetString(new DicomTag(0x0002, 0x0010)));
        }

        [Fact]
        public void Overlays_GoAsWholeGroups()
        {
            var ds = DicomFile.Open(MarkerFile.RunShipped("dicom.basic-profile", MarkerFile.Create())).Dataset;
            var overlayTags = new List<DicomTag>();
            foreach (var e in ds.Elements)
            {
                if (e.Tag.Group >= 0x6000 && e.Tag.Group <= 0x601E) overlayTags.Add(e.Tag);
            }
            Assert.Empty(overlayTags);
        }
    }
}
