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
            Assert.Empty(MarkerFile.Surviving(bytes, MarkerFile.Markers));
            Assert.True(MarkerFile.Contains(bytes, Encoding.ASCII.GetBytes(MarkerFile.Manufacturer)), "Manufacturer removed");
            Assert.True(MarkerFile.Contains(bytes, Encoding.ASCII.GetBytes(MarkerFile.Model)), "ManufacturerModelName removed");
            var ds = DicomFile.Open(bytes).Dataset;
            Assert.Equal("CHEST", ds.GetString(new DicomTag(0x0018, 0x0015)));
            Assert.Equal("VERSION 1.0", ds.GetString(new DicomTag(0x0018, 0x1020)));
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
            Assert.Equal("ANONYMOUS", ds.GetString(new DicomTag(0x0010, 0x0010)));
            Assert.False(ds.Contains(new DicomTag(0x0014, 0x2006)));
            Assert.False(ds.Contains(new DicomTag(0x0014, 0x0104)));
            var item = ds.GetSequence(new DicomTag(0x0008, 0x1140))![0];
            Assert.Equal("ANONYMOUS", item.GetString(new DicomTag(0x0010, 0x0010)));
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
