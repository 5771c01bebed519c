using System;
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
    /// A group length (gggg,0000) that is no 4-byte UL — an LO of text, a UL of 12 bytes — is removed by every replace, at any
    /// depth: dcmtk lists its text, no recipe line names it, and the codec writes it as it was read, so a name in it reached every
    /// copy (parser QA 2026-12-07, F2). Well-formed group lengths stay (recomputed by the writer where their group changed).
    /// </summary>
    public class MalformedGroupLengthTests
    {
        private static readonly DicomTag PatientGroupLength = new DicomTag(0x0010, 0x0000);
        private static readonly DicomTag ImageGroupLength = new DicomTag(0x0028, 0x0000);
        private static readonly DicomTag ItemGroupLength = new DicomTag(0x0008, 0x0000);
        private static readonly DicomTag Request = new DicomTag(0x0040, 0x0275);

        /// <summary>A file as read: (0010,0000) an LO of a name, an item's (0008,0000) a 12-byte UL, (0028,0000) a proper one.</summary>
        private static DicomFile File()
        {
            var file = new DicomFile(TransferSyntax.ExplicitVRLittleEndian);
            var ds = file.Dataset;
            ds.SetString(DicomTags.SOPClassUID, DicomVR.UI, "1.2.840.10008.5.1.4.1.1.7");
            ds.SetString(DicomTags.SOPInstanceUID, DicomVR.UI, "1.2.826.0.1.3680043.2.1143.1");
            ds.SetRawValue(PatientGroupLength, DicomVR.LO, Encoding.ASCII.GetBytes("LKGRPLEN45"));
            ds.SetString(DicomTags.PatientName, DicomVR.PN, "QUIXOTE^ALONSO");
            ds.SetRawValue(ImageGroupLength, DicomVR.UL, new byte[] { 10, 0, 0, 0 });
            ds.SetNumbers(new DicomTag(0x0028, 0x0010), DicomVR.US, new[] { 2.0 });
            var item = ds.GetOrAddSequence(Request).AddItem();
            item.SetRawValue(ItemGroupLength, DicomVR.LT, Encoding.ASCII.GetBytes("LKGL08TXT61 "));
            item.SetString(new DicomTag(0x0008, 0x0050), DicomVR.SH, "ACC1");
            file.EnsureFileMeta();
            using var ms = new MemoryStream();
            DicomWriter.Write(file, ms);
            // And (0018,0000) a UL of 12 bytes, spliced in before (0028,0000): the writer would write a new group's length whole.
            var bytes = ms.ToArray().ToList();
            int at = IndexOf(bytes, new byte[] { 0x28, 0x00, 0x00, 0x00, (byte)'U', (byte)'L' });
            var element = new byte[] { 0x18, 0x00, 0x00, 0x00, (byte)'U', (byte)'L', 12, 0 }.Concat(Encoding.ASCII.GetBytes("LKGL18TXT612"));
            bytes.InsertRange(at, element);
            return DicomFile.Open(bytes.ToArray());
        }

        private static int IndexOf(List<byte> bytes, byte[] pattern)
        {
            for (int i = 0; i + pattern.Length <= bytes.Count; i++)
            {
                if (pattern.Select((b, k) => bytes[i + k] == b).All(x => x)) return i;
            }
            throw new InvalidOperationException("pattern not found");
        }

        [Theory]
        [InlineData("FORMAT dicom\n%header\n")] // a recipe of no lines
        [InlineData("FORMAT dicom\n%header\nKEEP ALL\n")]
        [InlineData(null)] // the shipped default
        public void AreRemovedWhateverTheRecipe_AndTheRestStays(string? recipeText)
        {
            var recipe = recipeText == null ? new RecipeLoader(TestPaths.ShippedRecipes).LoadName("dicom").Recipe! : DeidRecipe.Parse(recipeText);
            var file = File();
            // The test's own control: read so.
            Assert.Equal(DicomVR.LO, file.Dataset.Elements.First(e => e.Tag == PatientGroupLength).VR);
            Assert.Equal(12, file.Dataset.Elements.First(e => e.Tag == new DicomTag(0x0018, 0x0000)).Length);
            var warnings = new List<string>();
            new HeaderActionEngine(recipe).Apply(file, null, warnings, "f.dcm");
            using var ms = new MemoryStream();
            DicomWriter.Write(file, ms);
            string written = Encoding.ASCII.GetString(ms.ToArray());
            Assert.DoesNotContain("LKGRPLEN45", written, StringComparison.Ordinal);
            Assert.DoesNotContain("LKGL08TXT61", written, StringComparison.Ordinal);
            Assert.DoesNotContain("LKGL18TXT612", written, StringComparison.Ordinal);
            Assert.True(warnings.Exists(w => w.Contains("(0018,0000) is a group length that is no 4-byte UL (12 bytes of UL)", StringComparison.Ordinal)), string.Join(" / ", warnings));
            Assert.True(warnings.Exists(w => w.Contains("(0010,0000) is a group length that is no 4-byte UL (10 bytes of LO)", StringComparison.Ordinal)), string.Join(" / ", warnings));
            // The shipped recipe removes the request sequence whole; the others keep it, and its item's group length goes.
            if (recipeText != null) Assert.True(warnings.Exists(w => w.Contains("(0040,0275)__0__(0008,0000)", StringComparison.Ordinal)), string.Join(" / ", warnings));

            var back = DicomFile.Open(ms.ToArray());
            Assert.False(back.Dataset.Contains(PatientGroupLength));
            if (recipeText != null) Assert.False(back.Dataset.GetSequence(Request)![0].Contains(ItemGroupLength));
            Assert.True(back.Dataset.Contains(ImageGroupLength));
            if (recipeText != null) Assert.Equal("QUIXOTE^ALONSO", back.Dataset.GetString(DicomTags.PatientName));
        }
    }
}
