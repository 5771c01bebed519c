using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using Deid.Actions;
using Deid.Dicom;
using Deid.Recipes;
using Xunit;

namespace Deid.Tests.Actions
{
    /// <summary>
    /// <c>deid_func:remove_or_empty</c> (leak QA 6, HIGH-2): Referenced Performed Procedure Step Sequence, X/Z/D, is emptied where
    /// PS3.3 makes it Type 2 (the top level of an SR or Key Object document) and removed everywhere else; nothing of its items
    /// survives either way. Removed from every SR, as the shipped recipes did, it made each de-identified report invalid.
    /// </summary>
    public class RemoveOrEmptyTests
    {
        private const string PerformedStepUid = "1.2.826.0.1.3680043.2.1143.777.4471";
        private const string ComprehensiveSR = "1.2.840.10008.5.1.4.1.1.88.33";
        private const string KeyObject = "1.2.840.10008.5.1.4.1.1.88.59";
        private const string CTImage = "1.2.840.10008.5.1.4.1.1.2";
        private static readonly DicomTag Sequence = new DicomTag(0x0008, 0x1111);
        private static readonly DicomTag ReferencedRequestSequence = new DicomTag(0x0040, 0xA370);

        private static DicomFile File(string? sopClass, string? metaClass = null, bool nested = false)
        {
            var file = new DicomFile(TransferSyntax.ExplicitVRLittleEndian);
            if (metaClass != null) file.FileMetaInformation.SetString(DicomTags.MediaStorageSOPClassUID, DicomVR.UI, metaClass);
            var ds = file.Dataset;
            if (sopClass != null) ds.SetString(DicomTags.SOPClassUID, DicomVR.UI, sopClass);
            ds.SetString(DicomTags.SOPInstanceUID, DicomVR.UI, "1.2.826.0.1.3680043.2.1143.1");
            ds.SetString(DicomTags.PatientName, DicomVR.PN, "QUIXOTE^ALONSO");
            AddStep(ds);
            if (nested) AddStep(ds.GetOrAddSequence(ReferencedRequestSequence).AddItem());
            return file;
        }

        private static void AddStep(DicomDataset holder)
        {
            var item = holder.GetOrAddSequence(Sequence).AddItem();
            item.SetString(DicomTags.ReferencedSOPClassUID, DicomVR.UI, "1.2.840.10008.3.1.2.3.3");
            item.SetString(DicomTags.ReferencedSOPInstanceUID, DicomVR.UI, PerformedStepUid);
        }

        private static byte[] Apply(DeidRecipe recipe, DicomFile file, List<string>? warnings = null)
        {
            new HeaderActionEngine(recipe).Apply(file, null, warnings ?? new List<string>(), "step.dcm");
            using var ms = new MemoryStream();
            DicomWriter.Write(file, ms);
            return ms.ToArray();
        }

        private static DeidRecipe Shipped(string name) => new RecipeLoader(TestPaths.ShippedRecipes).LoadName(name).Recipe!;

        private static void AssertNoStepUid(byte[] bytes) =>
            Assert.DoesNotContain(PerformedStepUid, Encoding.ASCII.GetString(bytes));

        [Theory]
        [InlineData("dicom", ComprehensiveSR, null)]
        [InlineData("dicom.basic-profile", ComprehensiveSR, null)]
        [InlineData("dicom.basic-profile.clean-structured-content", KeyObject, null)]
        [InlineData("dicom.basic-profile.clean-descriptors", ComprehensiveSR, null)] // (retain-uids keeps it: K, its item a UID reference)
        [InlineData("dicom.basic-profile", null, KeyObject)] // no SOP Class UID in the dataset: the meta's Media Storage SOP Class
        public void InAReportOrKeyObject_TheSequenceIsEmptied(string recipe, string? sopClass, string? metaClass)
        {
            var file = File(sopClass, metaClass, nested: true);
            var bytes = Apply(Shipped(recipe), file);
            var kept = file.Dataset.GetSequence(Sequence);
            Assert.NotNull(kept);
            Assert.Empty(kept!);
            AssertNoStepUid(bytes);
            // The one in a request item is not the series module's: removed as anywhere else.
            var requests = file.Dataset.GetSequence(ReferencedRequestSequence);
            Assert.True(requests == null || requests.All(item => !item.Contains(Sequence)));
        }

        [Theory]
        [InlineData("dicom", CTImage)]
        [InlineData("dicom.basic-profile", CTImage)]
        [InlineData("dicom.basic-profile", null)]
        [InlineData("dicom.basic-profile", "1.2.840.10008.5.1.4.1.1.88")] // the root alone is no SR class
        public void ElsewhereTheSequenceIsRemoved(string recipe, string? sopClass)
        {
            var file = File(sopClass);
            var bytes = Apply(Shipped(recipe), file);
            Assert.False(file.Dataset.Contains(Sequence));
            AssertNoStepUid(bytes);
        }

        [Theory]
        [InlineData("REPLACE (0008,1111) deid_func:remove_or_empty\nREMOVE (0008,1111)")]
        [InlineData("REMOVE (0008,1111)\nREPLACE (0008,1111) deid_func:remove_or_empty")]
        [InlineData("REMOVE select:VR:SQ\nREPLACE ReferencedPerformedProcedureStepSequence deid_func:remove_or_empty")]
        public void AReplaceCallingIt_WinsOverRemove_InEitherOrder(string lines)
        {
            var recipe = DeidRecipe.Parse("FORMAT dicom\n%header\n" + lines + "\n", "inline.dicom");
            var report = File(ComprehensiveSR);
            var warnings = new List<string>();
            AssertNoStepUid(Apply(recipe, report, warnings));
            Assert.Empty(report.Dataset.GetSequence(Sequence)!);
            Assert.Empty(warnings);
            var image = File(CTImage);
            AssertNoStepUid(Apply(recipe, image));
            Assert.False(image.Dataset.Contains(Sequence));
        }

        [Fact]
        public void AnEmptySequenceInAReport_StaysEmpty_AndAnAbsentOneIsNotAdded()
        {
            var recipe = Shipped("dicom.basic-profile");
            var report = File(ComprehensiveSR);
            report.Dataset.Remove(Sequence);
            report.Dataset.GetOrAddSequence(Sequence);
            Apply(recipe, report);
            Assert.Empty(report.Dataset.GetSequence(Sequence)!);
            var without = File(ComprehensiveSR);
            without.Dataset.Remove(Sequence);
            Apply(recipe, without);
            Assert.False(without.Dataset.Contains(Sequence));
        }

        [Fact]
        public void AsAValue_ItGivesNothing_AndSaysWhy()
        {
            var recipe = DeidRecipe.Parse("FORMAT dicom\n%header\nADD PatientComments deid_func:remove_or_empty\nREPLACE PatientName deid_func:remove_or_empty\n", "inline.dicom");
            var file = File(CTImage);
            var warnings = new List<string>();
            Apply(recipe, file, warnings);
            Assert.False(file.Dataset.Contains(DicomTags.PatientComments));
            // On an element no object needs present, it removes as X does.
            Assert.False(file.Dataset.Contains(DicomTags.PatientName));
            Assert.Contains(warnings, w => w.Contains("deid_func:remove_or_empty removes or empties the element a REPLACE selects"));
        }
    }
}
