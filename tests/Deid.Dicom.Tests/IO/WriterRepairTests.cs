using System;
using System.IO;
using System.Linq;
using System.Text;
using Deid.Dicom.Tests.Helpers;
using Deid.Dicom.Tests.Referee;
using Xunit;

namespace Deid.Dicom.Tests.IO
{
    /// <summary>
    /// Invalid input the writer repairs, so that every output is valid and dcmtk reads it without warnings: odd-length values
    /// padded, new elements in tag order beside duplicated ones, and data written in the transfer syntax the file declares.
    /// </summary>
    public class WriterRepairTests : IDisposable
    {
        private readonly string _dir = Path.Combine(Path.GetTempPath(), "deid-repair-" + Guid.NewGuid().ToString("N"));

        public WriterRepairTests() => Directory.CreateDirectory(_dir);

        public void Dispose() => Directory.Delete(_dir, recursive: true);

        private static readonly DicomTag PatientName = new DicomTag(0x0010, 0x0010);
        private static readonly DicomTag PatientId = new DicomTag(0x0010, 0x0020);
        private static readonly DicomTag Rows = new DicomTag(0x0028, 0x0010);
        private static readonly DicomTag Columns = new DicomTag(0x0028, 0x0011);

        private static byte[] El(DicomTag tag, string vr, byte[] value, bool explicitVR = true) =>
            TestEncoder.EncodeElement(new TElement(tag, vr) { Value = value }, explicitVR, false);

        private static byte[] Cat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();

        private static byte[] Sop(bool explicitVR = true) => El(DicomGen.SopClassUid, "UI", TestEncoder.Text("1.2.3", '\0'), explicitVR);

        /// <summary>A small image dataset: SOP class, a patient, 2 x 2 pixels of 16 bits.</summary>
        private static byte[] Image(bool explicitVR, params byte[][] extra) => Cat(
            Sop(explicitVR),
            Cat(extra),
            El(PatientName, "PN", TestEncoder.Text("DOE^JANE", ' '), explicitVR),
            El(new DicomTag(0x0028, 0x0002), "US", new byte[] { 1, 0 }, explicitVR),
            El(new DicomTag(0x0028, 0x0004), "CS", TestEncoder.Text("MONOCHROME2", ' '), explicitVR),
            El(Rows, "US", new byte[] { 2, 0 }, explicitVR),
            El(Columns, "US", new byte[] { 2, 0 }, explicitVR),
            El(new DicomTag(0x0028, 0x0100), "US", new byte[] { 16, 0 }, explicitVR),
            El(new DicomTag(0x0028, 0x0101), "US", new byte[] { 16, 0 }, explicitVR),
            El(new DicomTag(0x0028, 0x0102), "US", new byte[] { 15, 0 }, explicitVR),
            El(new DicomTag(0x0028, 0x0103), "US", new byte[] { 0, 0 }, explicitVR),
            El(DicomTag.PixelData, "OW", new byte[] { 1, 0, 2, 0, 3, 0, 4, 0 }, explicitVR));

        private byte[] WriteAndReferee(DicomFile file, string name)
        {
            string path = Path.Combine(_dir, name + ".dcm");
            file.Save(path, overwrite: true);
            var run = Dcmdump.RunAsync(path).GetAwaiter().GetResult();
            Assert.True(run.ExitCode == 0, run.Describe());
            Assert.True(!run.StderrLines("W: ").Any() && !run.StderrLines("E: ").Any(), run.Describe());
            return File.ReadAllBytes(path);
        }

        [Fact]
        public void Odd_values_fragments_and_meta_values_are_padded_and_group_lengths_follow()
        {
            var meta = TestEncoder.MetaElements("1.2.840.10008.1.2.4.50", "1.2.3");
            // An odd-length Implementation Version Name in the meta: (0002,0000) must grow with its padding.
            meta.RemoveAll(e => e.Tag == new DicomTag(0x0002, 0x0013));
            meta.Add(new TElement(new DicomTag(0x0002, 0x0013), "SH") { Value = Encoding.ASCII.GetBytes("ODD") });
            var metaBytes = TestEncoder.EncodeDataset(meta, true, false);
            var item = Cat(El(new DicomTag(0x0008, 0x0104), "LO", Encoding.ASCII.GetBytes("odd")));
            // A defined-length sequence and item around it: both lengths (odd too) are recomputed with the padding.
            var seq = Cat(
                new byte[] { 0x08, 0x00, 0x32, 0x10, (byte)'S', (byte)'Q', 0, 0, (byte)(8 + item.Length), 0, 0, 0 },
                TestEncoder.TagLength(0xFFFEE000, (uint)item.Length, false),
                item);
            var dataset = Cat(
                Sop(),
                seq,
                El(new DicomTag(0x0009, 0x0010), "LO", Encoding.ASCII.GetBytes("CREATOR")),
                El(new DicomTag(0x0009, 0x1001), "OB", new byte[] { 1, 2, 3, 4, 5 }),
                El(PatientName, "PN", Encoding.ASCII.GetBytes("DOE")),
                El(new DicomTag(0x0028, 0x0002), "US", new byte[] { 1, 0 }),
                TestEncoder.EncodeElement(new TElement(DicomTag.PixelData, "OB") { Fragments = new() { Array.Empty<byte>(), new byte[] { 0xFF, 0xD8, 0xFF, 0xD9, 0 } } }, true, false));
            var bytes = Cat(new byte[128], Encoding.ASCII.GetBytes("DICM"), metaBytes, dataset);

            var file = DicomFile.Open(bytes);
            Assert.Equal(6, file.OddLengthValues); // meta SH, LO in the item, PN, LO creator, OB, fragment
            var written = WriteAndReferee(file, "odd");
            var back = DicomFile.Open(written);
            Assert.Equal(0, back.OddLengthValues);
            Assert.Equal("ODD", back.FileMetaInformation.GetString(new DicomTag(0x0002, 0x0013)));
            Assert.Equal("DOE", back.Dataset.GetString(PatientName));
            Assert.Equal(new byte[] { 1, 2, 3, 4, 5, 0 }, back.Dataset.Elements.First(e => e.Tag == new DicomTag(0x0009, 0x1001)).RawValue.ToArray());
            Assert.Equal(6, back.Dataset.Elements.First(e => e.Tag == DicomTag.PixelData).Fragments!.Items[1].Length);
            Assert.Equal("odd", back.Dataset.GetSequence(new DicomTag(0x0008, 0x1032))![0].GetString(new DicomTag(0x0008, 0x0104)));
            RoundTripTests.AssertSameBytes(written, RoundTripTests.Write(back), "padded output written again");
        }

        [Fact]
        public void A_duplicated_element_does_not_send_added_elements_after_pixel_data()
        {
            // The duplicate made the dataset "out of order", and every element added later was appended at the end.
            var bytes = MutationTests.Part10(Image(true, El(new DicomTag(0x0008, 0x0060), "CS", TestEncoder.Text("CT", ' ')), El(new DicomTag(0x0008, 0x0060), "CS", TestEncoder.Text("MR", ' '))));
            var file = DicomFile.Open(bytes);
            Assert.False(file.Dataset.IsInTagOrder);
            var ds = file.Dataset;
            ds.SetString(new DicomTag(0x0012, 0x0062), DicomVR.CS, "YES");
            ds.SetString(new DicomTag(0x0012, 0x0063), DicomVR.LO, "deid");
            ds.SetString(new DicomTag(0x0028, 0x0303), DicomVR.CS, "REMOVED");
            ds.SetString(PatientId, DicomVR.LO, "ANON");
            var tags = ds.Elements.Select(e => e.Tag.Value).ToList();
            Assert.Equal(tags.OrderBy(t => t).ToList(), tags);
            Assert.Equal(DicomTag.PixelData, ds.ElementAt(ds.Count - 1).Tag);

            // An edit of the duplicated tag reaches both copies (the first is found, the second removed).
            Assert.Equal("CT", ds.GetString(new DicomTag(0x0008, 0x0060)));
            ds.SetString(new DicomTag(0x0008, 0x0060), DicomVR.CS, "OT");
            Assert.Single(ds.Elements, e => e.Tag == new DicomTag(0x0008, 0x0060));
            var back = DicomFile.Open(WriteAndReferee(file, "duplicate"));
            Assert.Equal("OT", back.Dataset.GetString(new DicomTag(0x0008, 0x0060)));
            Assert.Equal("REMOVED", back.Dataset.GetString(new DicomTag(0x0028, 0x0303)));
        }

        [Fact]
        public void Removing_a_duplicated_element_removes_every_copy_and_inserts_stay_ordered()
        {
            var pn = El(PatientName, "PN", TestEncoder.Text("A", ' '));
            var file = DicomFile.Open(MutationTests.Part10(Cat(Sop(), pn, pn, pn, El(Rows, "US", new byte[] { 2, 0 }))));
            Assert.Equal(3, file.Dataset.Elements.Count(e => e.Tag == PatientName));
            Assert.True(file.Dataset.Remove(PatientName));
            Assert.False(file.Dataset.Contains(PatientName));
            file.Dataset.SetString(new DicomTag(0x0010, 0x0030), DicomVR.DA, "20000101");
            file.Dataset.SetString(new DicomTag(0x0008, 0x0020), DicomVR.DA, "20000101");
            var tags = file.Dataset.Elements.Select(e => e.Tag.Value).ToList();
            Assert.Equal(tags.OrderBy(t => t).ToList(), tags);
        }

        [Fact]
        public void In_a_dataset_out_of_order_new_elements_go_before_the_first_larger_tag()
        {
            // Rows before Patient's Name: not a duplicate, truly out of order. A new element still never follows Pixel Data.
            var file = DicomFile.Open(MutationTests.Part10(Cat(Sop(), El(Rows, "US", new byte[] { 2, 0 }), El(PatientName, "PN", TestEncoder.Text("A", ' ')),
                El(DicomTag.PixelData, "OW", new byte[] { 0, 0 }))));
            file.Dataset.SetString(new DicomTag(0x0028, 0x0303), DicomVR.CS, "REMOVED");
            file.Dataset.SetString(new DicomTag(0x0012, 0x0062), DicomVR.CS, "YES");
            var tags = file.Dataset.Elements.Select(e => e.Tag).ToList();
            Assert.Equal(DicomTag.PixelData, tags[^1]);
            Assert.True(tags.IndexOf(new DicomTag(0x0012, 0x0062)) < tags.IndexOf(Rows));
            Assert.True(tags.IndexOf(new DicomTag(0x0028, 0x0303)) < tags.IndexOf(DicomTag.PixelData));
        }

        public static TheoryData<string, bool, string> Mismatches() => new()
        {
            // Declared syntax, whether the data are explicit VR, and a name for the output.
            { "1.2.840.10008.1.2.1", false, "explicit-declared-implicit-data" },
            { "1.2.840.10008.1.2", true, "implicit-declared-explicit-data" },
            { "1.2.840.10008.1.2.2", false, "big-endian-declared-implicit-data" },
        };

        [Theory]
        [MemberData(nameof(Mismatches))]
        public void Data_that_contradict_the_declared_syntax_are_written_in_the_declared_one(string ts, bool explicitData, string name)
        {
            var privateBlock = Cat(
                El(new DicomTag(0x0009, 0x0010), "LO", TestEncoder.Text("SOME CREATOR", ' '), explicitData),
                El(new DicomTag(0x0009, 0x1001), "LO", TestEncoder.Text("PRIVATE", ' '), explicitData));
            var bytes = MutationTests.Part10(Image(explicitData, privateBlock), ts);
            var file = DicomFile.Open(bytes);
            Assert.Contains(file.Warnings, w => w.Contains("written as declared", StringComparison.Ordinal));
            Assert.Equal(explicitData, file.Dataset.Encoding.IsExplicitVR);

            var written = WriteAndReferee(file, name);
            var back = DicomFile.Open(written);
            Assert.Empty(back.Warnings);
            Assert.Equal(TransferSyntax.Lookup(ts).Encoding, back.Dataset.Encoding);
            Assert.Equal("DOE^JANE", back.Dataset.GetString(PatientName));
            Assert.Equal(new[] { 2.0 }, back.Dataset.GetNumbers(Rows));
            // An unknown private element read with implicit VR (before or after) is UN: its bytes are kept.
            Assert.Equal(TestEncoder.Text("PRIVATE", ' '), back.Dataset.Elements.First(e => e.Tag == new DicomTag(0x0009, 0x1001)).RawValue.ToArray());
            var pixels = back.Dataset.Elements.First(e => e.Tag == DicomTag.PixelData).ValueRef?.ReadAll()
                ?? back.Dataset.Elements.First(e => e.Tag == DicomTag.PixelData).RawValue.ToArray();
            var expected = new byte[] { 1, 0, 2, 0, 3, 0, 4, 0 };
            if (back.Dataset.Encoding.IsBigEndian) expected = new byte[] { 0, 1, 0, 2, 0, 3, 0, 4 };
            Assert.Equal(expected, pixels);
            RoundTripTests.AssertSameBytes(written, RoundTripTests.Write(back), name + " written again");
        }

        [Fact]
        public void A_valid_file_is_still_written_back_byte_for_byte()
        {
            var bytes = MutationTests.Part10(Image(true));
            var file = DicomFile.Open(bytes);
            Assert.Empty(file.Warnings);
            RoundTripTests.AssertSameBytes(bytes, RoundTripTests.Write(file), "valid");
        }

        /// <summary>
        /// build.ps1 Fuzz seed 2 case 44: cleaning the pixels of SC_rgb_jpeg.dcm (implicit VR data declared JPEG Baseline)
        /// declares Explicit VR Little Endian, which ChangeTransferSyntax refused with an InvalidOperationException. The
        /// writer re-encodes the dataset in the declared syntax, so the change is allowed.
        /// </summary>
        [Fact]
        public void A_file_whose_data_contradict_its_syntax_can_be_declared_another_syntax_of_the_same_byte_order()
        {
            var file = DicomFile.Open(TestData.PathOf("pydicom", "test_files", "SC_rgb_jpeg.dcm"));
            Assert.False(file.Dataset.Encoding.IsExplicitVR);
            file.ChangeTransferSyntax(TransferSyntax.ExplicitVRLittleEndian);
            file.Dataset.Remove(DicomTag.PixelData);
            var back = DicomFile.Open(WriteAndReferee(file, "declared-explicit"));
            Assert.Equal(TransferSyntax.ExplicitVRLittleEndian, back.TransferSyntax);
            Assert.True(back.Dataset.Encoding.IsExplicitVR);
            Assert.Empty(back.Warnings);
            // Byte order is still refused: the dataset's values would need swapping.
            Assert.Throws<InvalidOperationException>(() => file.ChangeTransferSyntax(TransferSyntax.ExplicitVRBigEndian));
        }
    }
}
