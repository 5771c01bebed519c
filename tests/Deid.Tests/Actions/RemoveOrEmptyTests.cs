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


        private const string RequestedProcedure = "RQPROC-ZQ7744119";
        private static readonly DicomTag RequestedProcedureID = new DicomTag(0x0040, 0x1001);
        private static readonly DicomTag ReviewerName = new DicomTag(0x300E, 0x0008);
        private static readonly DicomTag ApprovalStatus = new DicomTag(0x300E, 0x0002);

        // Requested Procedure ID is Type 2 in a report's Referenced Request Sequence items (PS3.3 C.17.2), and elsewhere (the top
        // level, a Request Attributes Sequence item) removed as X says (leak QA 7, F4).
        [Theory]
        [InlineData("dicom")]
        [InlineData("dicom.basic-profile")]
        [InlineData("dicom.basic-profile.clean-structured-content")]
        [InlineData("dicom.basic-profile.retain-uids")]
        public void RequestedProcedureID_IsEmptiedInAReferencedRequest_AndRemovedElsewhere(string recipe)
        {
            var file = File(ComprehensiveSR);
            var ds = file.Dataset;
            ds.SetString(RequestedProcedureID, DicomVR.SH, RequestedProcedure);
            var request = ds.GetOrAddSequence(ReferencedRequestSequence).AddItem();
            request.SetString(RequestedProcedureID, DicomVR.SH, RequestedProcedure);
            var attributes = ds.GetOrAddSequence(new DicomTag(0x0040, 0x0275)).AddItem();
            attributes.SetString(RequestedProcedureID, DicomVR.SH, RequestedProcedure);
            var bytes = Apply(Shipped(recipe), file);
            Assert.DoesNotContain(RequestedProcedure, Encoding.ASCII.GetString(bytes));
            Assert.False(ds.Contains(RequestedProcedureID));
            var kept = Assert.Single(ds.GetSequence(ReferencedRequestSequence)!);
            Assert.True(kept.Contains(RequestedProcedureID));
            Assert.Equal(string.Empty, kept.GetString(RequestedProcedureID) ?? string.Empty);
            var attributesLeft = ds.GetSequence(new DicomTag(0x0040, 0x0275));
            Assert.True(attributesLeft == null || attributesLeft.All(item => !item.Contains(RequestedProcedureID)));
        }

        // Reviewer Name is Type 2C in the Approval module: required when the object is APPROVED or REJECTED (leak QA 7, F5).
        [Theory]
        [InlineData("APPROVED", true)]
        [InlineData("REJECTED ", true)]
        [InlineData("UNAPPROVED", false)]
        [InlineData(null, false)]
        public void ReviewerName_StaysEmpty_WhereTheApprovalStatusNeedsIt(string? status, bool stays)
        {
            foreach (string recipe in new[] { "dicom", "dicom.basic-profile", "dicom.basic-profile.clean-descriptors" })
            {
                var file = File("1.2.840.10008.5.1.4.1.1.481.3");
                if (status != null) file.Dataset.SetString(ApprovalStatus, DicomVR.CS, status);
                file.Dataset.SetString(ReviewerName, DicomVR.PN, "PLUMTREE^OSWIN");
                var bytes = Apply(Shipped(recipe), file);
                Assert.DoesNotContain("PLUMTREE", Encoding.ASCII.GetString(bytes));
                Assert.Equal(stays, file.Dataset.Contains(ReviewerName));
            }
        }

        [Theory]
        [InlineData("(0040,1001)", "(0000,0000)")]
        [InlineData("(0040,A370)__0__(0040,1001)", "(0040,A370)")]
        [InlineData("(0040,A730)__3__(0040,A370)__12__(0040,1001)", "(0040,A370)")]
        [InlineData("(0009,1001)__0__(0040,1001)", "(0009,1001)")]
        public void ParentSequence_IsTheTagBeforeTheItemNumber(string path, string expected) =>
            Assert.Equal(expected, RemoveOrEmpty.ParentSequence(path).ToString());
    }
}
