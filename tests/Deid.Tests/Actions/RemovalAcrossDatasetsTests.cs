using System.Collections.Generic;
using Deid.Actions;
using Deid.Dicom;
using Deid.Recipes;
using Xunit;

namespace Deid.Tests.Actions
{
    /// <summary>
    /// An action's removals are queued per dataset and made when the action ends: the first dataset's table is kept apart and
    /// reused from action to action, a second one goes to a dictionary, and a table grown by a large removal is let go. Every
    /// removal must land in the right dataset whichever of those paths it took.
    /// </summary>
    public class RemovalAcrossDatasetsTests
    {
        private static readonly DicomTag PatientId = new DicomTag(0x0010, 0x0020);
        private static readonly DicomTag PatientName = new DicomTag(0x0010, 0x0010);
        private static readonly DicomTag Referenced = new DicomTag(0x0008, 0x1140);

        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public void RemovalsInSeveralDatasetsAndAfterALargeOne_AllLand(bool topLevelFirst)
        {
            var file = new DicomFile(TransferSyntax.ExplicitVRLittleEndian);
            var ds = file.Dataset;
            ds.SetString(new DicomTag(0x0008, 0x0016), DicomVR.UI, "1.2.840.10008.5.1.4.1.1.7");
            if (topLevelFirst)
            {
                ds.SetString(PatientName, DicomVR.PN, "TOP^NAME");
                ds.SetString(PatientId, DicomVR.LO, "TOPID");
            }
            var seq = ds.GetOrAddSequence(Referenced);
            for (int i = 0; i < 3; i++)
            {
                var item = seq.AddItem();
                item.SetString(PatientId, DicomVR.LO, "NESTEDID" + i);
                item.SetString(PatientName, DicomVR.PN, "NESTED^" + i);
            }
            ds.SetString(new DicomTag(0x0011, 0x0010), DicomVR.LO, "BIG BLOCK");
            for (int i = 0; i < 200; i++) ds.SetString(new DicomTag(0x0011, (ushort)(0x1000 + i)), DicomVR.LO, "P" + i);
            if (!topLevelFirst)
            {
                ds.SetString(PatientName, DicomVR.PN, "TOP^NAME");
                ds.SetString(PatientId, DicomVR.LO, "TOPID");
            }
            file.EnsureFileMeta();
            // PatientID: four datasets in one action; the private block: 201 removals in one; then PatientName in four again.
            var parse = new RecipeParser().Parse("FORMAT dicom\n%header\nREMOVE PatientID\nREMOVE select:group:0011\nREMOVE PatientName\n", "t");
            Assert.Empty(parse.Warnings);
            new HeaderActionEngine(parse.Recipe).Apply(file, null, new List<string>(), "t.dcm");

            Assert.False(ds.Contains(PatientId));
            Assert.False(ds.Contains(PatientName));
            Assert.DoesNotContain(ds.Elements, e => e.Tag.Group == 0x0011);
            Assert.Equal(3, seq.Count);
            for (int i = 0; i < 3; i++) Assert.Empty(seq[i].Elements);
            Assert.True(ds.Contains(new DicomTag(0x0008, 0x0016)));
        }
    }
}
