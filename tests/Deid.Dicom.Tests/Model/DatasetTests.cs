using System;
using System.IO;
using System.Linq;
using System.Text;
using Deid.Dicom.Tests.Helpers;
using Deid.Dicom.Tests.IO;
using Xunit;

namespace Deid.Dicom.Tests.Model
{
    /// <summary>The dataset model: typed access, edits and what they mark as modified.</summary>
    public class DatasetTests
    {
        private static readonly DicomTag PatientName = new DicomTag(0x0010, 0x0010);
        private static readonly DicomTag PatientId = new DicomTag(0x0010, 0x0020);
        private static readonly DicomTag StudyDate = new DicomTag(0x0008, 0x0020);
        private static readonly DicomTag ImageType = new DicomTag(0x0008, 0x0008);
        private static readonly DicomTag Rows = new DicomTag(0x0028, 0x0010);
        private static readonly DicomTag ReferencedStudy = new DicomTag(0x0008, 0x1110);

        private static DicomFile ReadBack(DicomFile f) => DicomFile.Open(RoundTripTests.Write(f));

        [Fact]
        public void Text_values_round_trip_with_their_padding_trimmed_by_VR_rules()
        {
            var ds = new DicomDataset();
            ds.SetString(ImageType, DicomVR.CS, "ORIGINAL\\PRIMARY\\AXIAL");
            ds.SetStrings(new DicomTag(0x0008, 0x0061), DicomVR.CS, new[] { "MR", "CT" });
            ds.SetString(PatientName, DicomVR.PN, "DOE^JOHN");
            ds.SetString(PatientId, DicomVR.LO, "  LEADING");
            ds.SetString(new DicomTag(0x0020, 0x000D), DicomVR.UI, "1.2.3");
            ds.SetString(new DicomTag(0x0008, 0x0050), DicomVR.SH, " ACC");
            ds.SetString(new DicomTag(0x0020, 0x0013), DicomVR.IS, " 42");
            ds.SetString(new DicomTag(0x0008, 0x2111), DicomVR.ST, "a\\b is one value");

            Assert.Equal(new[] { "ORIGINAL", "PRIMARY", "AXIAL" }, ds.GetStrings(ImageType));
            Assert.Equal("ORIGINAL\\PRIMARY\\AXIAL", ds.GetString(ImageType));
            Assert.Equal(new[] { "MR", "CT" }, ds.GetStrings(new DicomTag(0x0008, 0x0061)));
            Assert.Equal("DOE^JOHN", ds.GetString(PatientName));
            // Leading spaces are significant in LO and SH, padding in IS and UI.
            Assert.Equal("  LEADING", ds.GetString(PatientId));
            Assert.Equal(" ACC", ds.GetString(new DicomTag(0x0008, 0x0050)));
            Assert.Equal("42", ds.GetString(new DicomTag(0x0020, 0x0013)));
            Assert.Equal(new double[] { 42 }, ds.GetNumbers(new DicomTag(0x0020, 0x0013)));
            Assert.Equal("1.2.3", ds.GetString(new DicomTag(0x0020, 0x000D)));
            Assert.Equal(new[] { "a\\b is one value" }, ds.GetStrings(new DicomTag(0x0008, 0x2111)));
            Assert.Equal("1.2.3\0", Encoding.ASCII.GetString(ds.Elements.First(e => e.Tag.Element == 0x000D).RawValue.ToArray()));

            Assert.Null(ds.GetString(new DicomTag(0x0010, 0x0030)));
            Assert.Empty(ds.GetStrings(new DicomTag(0x0010, 0x0030)));
            ds.SetEmpty(new DicomTag(0x0010, 0x0030), DicomVR.DA);
            Assert.Empty(ds.GetStrings(new DicomTag(0x0010, 0x0030)));
            Assert.Equal(string.Empty, ds.GetString(new DicomTag(0x0010, 0x0030)));
            Assert.Equal(0, ds.Elements.First(e => e.Tag.Element == 0x0030).Length);
        }

        [Fact]
        public void Values_that_cannot_be_encoded_are_refused_and_leave_the_dataset_unchanged()
        {
            var file = DicomFile.Open(TestData.PathOf("pydicom", "test_files", "CT_small.dcm"));
            var ds = file.Dataset;
            var before = Dump.Of(ds);
            Assert.Throws<ArgumentException>(() => ds.SetString(new DicomTag(0x0008, 0x0060), DicomVR.CS, "É"));
            Assert.Throws<ArgumentException>(() => ds.SetString(new DicomTag(0x0020, 0x000D), DicomVR.UI, "1.2.☃"));
            Assert.Throws<ArgumentException>(() => ds.SetString(Rows, DicomVR.US, "512"));
            Assert.Throws<ArgumentException>(() => ds.SetNumbers(PatientName, DicomVR.PN, 1));
            Assert.Throws<OverflowException>(() => ds.SetNumbers(Rows, DicomVR.US, 65536));
            Assert.Throws<OverflowException>(() => ds.SetNumbers(Rows, DicomVR.US, -1));
            Assert.Throws<OverflowException>(() => ds.SetNumbers(new DicomTag(0x0028, 0x0106), DicomVR.SS, 40000));
            Assert.Throws<ArgumentNullException>(() => ds.SetString(PatientName, DicomVR.PN, null!));
            Assert.Throws<ArgumentNullException>(() => ds.SetRawValue(PatientName, DicomVR.PN, null!));
            Assert.False(ds.IsModified);
            Assert.Equal(before, Dump.Of(ds));
        }

        [Fact]
        public void Elements_added_in_any_order_are_kept_in_tag_order_and_replacing_keeps_the_count()
        {
            var ds = new DicomDataset(DicomEncoding.ImplicitLittle);
            var tags = new[] { Rows, PatientName, StudyDate, new DicomTag(0x0009, 0x1001), new DicomTag(0x0008, 0x0005), PatientId };
            foreach (var t in tags) ds.SetRawValue(t, DicomVR.OB, new byte[] { 1, 2 });
            Assert.Equal(tags.OrderBy(t => t.Value), ds.Elements.Select(e => e.Tag));
            Assert.True(ds.IsInTagOrder);
            ds.SetString(PatientName, DicomVR.PN, "X");
            Assert.Equal(tags.Length, ds.Count);
            Assert.Equal(DicomVR.PN, ds.Elements.First(e => e.Tag == PatientName).VR);
            foreach (var t in tags) Assert.Equal(t, ds.ElementAt(ds.IndexOf(t)).Tag);
            Assert.Equal(-1, ds.IndexOf(new DicomTag(0x0010, 0x0011)));
            Assert.Throws<ArgumentOutOfRangeException>(() => ds.ElementAt(tags.Length));
            Assert.Throws<ArgumentOutOfRangeException>(() => ds.ElementAt(-1));
            Assert.Throws<ArgumentOutOfRangeException>(() => ds.RemoveAt(tags.Length));
        }

        [Fact]
        public void Edits_mark_their_group_and_every_enclosing_dataset()
        {
            var file = DicomFile.Open(TestData.PathOf("pydicom", "test_files", "rtdose_expb_1frame.dcm"));
            var ds = file.Dataset;
            Assert.False(file.IsModified);
            var outer = ds.GetSequence(new DicomTag(0x300C, 0x0002))!;
            var middle = outer[0].GetSequence(new DicomTag(0x300C, 0x0020))!;
            var inner = middle[0];
            inner.SetString(new DicomTag(0x0008, 0x1155), DicomVR.UI, "1.2.3.4");
            Assert.True(inner.IsGroupModified(0x0008));
            Assert.True(outer[0].IsGroupModified(0x300C));
            Assert.True(ds.IsGroupModified(0x300C));
            Assert.False(ds.IsGroupModified(0x0008));
            Assert.True(file.IsModified);

            var back = ReadBack(file);
            Assert.Equal("1.2.3.4", back.Dataset.GetSequence(new DicomTag(0x300C, 0x0002))![0].GetSequence(new DicomTag(0x300C, 0x0020))![0].GetString(new DicomTag(0x0008, 0x1155)));

            ds.AcceptChanges();
            Assert.False(ds.IsModified);
            Assert.False(inner.IsModified);
            Assert.True(ds.Remove(new DicomTag(0x0028, 0x0010)));
            Assert.False(ds.Remove(new DicomTag(0x0028, 0x0010)));
            Assert.True(ds.IsGroupModified(0x0028));
            ds.AcceptChanges();
            Assert.Equal(0, ds.RemoveAll(e => e.Tag.Group == 0x0999));
            Assert.False(ds.IsModified);
            int privates = ds.Elements.Count(e => e.Tag.Group == 0x0028);
            Assert.Equal(privates, ds.RemoveAll(e => e.Tag.Group == 0x0028));
            Assert.DoesNotContain(ds.Elements, e => e.Tag.Group == 0x0028);
            Assert.DoesNotContain(ReadBack(file).Dataset.Elements, e => e.Tag.Group == 0x0028);
        }

        [Fact]
        public void Sequences_are_added_once_with_undefined_length_and_items_follow_their_siblings()
        {
            var file = new DicomFile(TransferSyntax.ExplicitVRLittleEndian);
            var ds = file.Dataset;
            var seq = ds.GetOrAddSequence(ReferencedStudy);
            Assert.Same(seq, ds.GetOrAddSequence(ReferencedStudy));
            Assert.True(ds.Elements.Single().HasUndefinedLength);
            Assert.Equal(DicomVR.SQ, ds.Elements.Single().VR);
            var first = seq.AddItem();
            Assert.False(first.ItemHasUndefinedLength);
            first.ItemHasUndefinedLength = true;
            var second = seq.AddItem();
            Assert.True(second.ItemHasUndefinedLength);
            Assert.Same(ds, second.Parent);
            Assert.Equal(ReferencedStudy, second.ParentTag);
            first.SetString(new DicomTag(0x0008, 0x1155), DicomVR.UI, "1.2");
            second.SetString(new DicomTag(0x0008, 0x1155), DicomVR.UI, "1.3");

            var back = ReadBack(file).Dataset.GetSequence(ReferencedStudy)!;
            Assert.Equal(new[] { "1.2", "1.3" }, back.Select(i => i.GetString(new DicomTag(0x0008, 0x1155))));

            ds.AcceptChanges();
            seq.RemoveAt(0);
            Assert.True(ds.IsModified);
            Assert.Equal("1.3", Assert.Single(ReadBack(file).Dataset.GetSequence(ReferencedStudy)!).GetString(new DicomTag(0x0008, 0x1155)));

            ds.AcceptChanges();
            ds.SetEmpty(ReferencedStudy, DicomVR.SQ);
            Assert.True(ds.IsModified);
            Assert.Empty(ReadBack(file).Dataset.GetSequence(ReferencedStudy)!);
        }

        [Fact]
        public void Items_added_to_a_UN_sequence_are_implicit_little_endian()
        {
            // In explicit VR little endian data (in big endian data the reader refuses a UN sequence: pydicom reads its items big
            // endian, dcmtk and gdcm little endian).
            var item = new TItem { Elements = { new TElement(Rows, "US") { Value = new byte[] { 1, 0 } } } };
            var tf = new TFile { TransferSyntaxUid = "1.2.840.10008.1.2.1", Preamble = new byte[128] };
            tf.Dataset.Add(new TElement(DicomGen.SopClassUid, "UI") { Value = TestEncoder.Text("1.2.3", '\0') });
            tf.Dataset.Add(new TElement(new DicomTag(0x0009, 0x1001), "UN") { UndefinedLength = true, Items = new System.Collections.Generic.List<TItem> { item } });
            var file = DicomFile.Open(TestEncoder.Encode(tf));
            var seq = file.Dataset.GetSequence(new DicomTag(0x0009, 0x1001))!;
            var added = seq.AddItem();
            Assert.Equal(seq[0].Encoding, added.Encoding);
            Assert.Equal(DicomEncoding.ImplicitLittle, added.Encoding);
            added.SetNumbers(Rows, DicomVR.US, 0x0102);
            Assert.Equal(new byte[] { 0x02, 0x01 }, added.Elements.Single().RawValue.ToArray());

            // Written so: both items' Rows in implicit VR little endian (tag, 32-bit length, value) inside the explicit VR file.
            byte[] written = RoundTripTests.Write(file);
            Assert.True(Contains(written, new byte[] { 0x28, 0x00, 0x10, 0x00, 2, 0, 0, 0, 1, 0 }), "the first item's Rows, little endian");
            Assert.True(Contains(written, new byte[] { 0x28, 0x00, 0x10, 0x00, 2, 0, 0, 0, 2, 1 }), "the added item's Rows, little endian");
        }

        private static bool Contains(byte[] bytes, byte[] part) => bytes.AsSpan().IndexOf(part) >= 0;

        [Fact]
        public void GetOrAddSequence_does_not_silently_replace_an_element_that_holds_data()
        {
            // In implicit VR, a sequence the dictionary does not know (a private one) is read as UN bytes. Asking for
            // it as a sequence must not throw those bytes away and put an empty sequence in their place.
            var tag = new DicomTag(0x0011, 0x1001);
            var ds = new DicomDataset(DicomEncoding.ImplicitLittle);
            ds.SetRawValue(tag, DicomVR.UN, new byte[] { 0xFE, 0xFF, 0x00, 0xE0, 0, 0, 0, 0 });
            ds.AcceptChanges();
            Assert.Throws<InvalidOperationException>(() => ds.GetOrAddSequence(tag));
            Assert.Equal(8, ds.Elements.Single().Length);
            Assert.False(ds.IsModified);
            // Blanking it on purpose is still possible.
            ds.SetEmpty(tag, DicomVR.SQ);
            Assert.NotNull(ds.GetSequence(tag));
            Assert.Empty(ds.GetSequence(tag)!);

            // An empty value holds nothing to lose: it becomes the sequence.
            var empty = new DicomTag(0x0011, 0x1002);
            ds.SetEmpty(empty, DicomVR.UN);
            ds.GetOrAddSequence(empty).AddItem();
            Assert.Single(ds.GetSequence(empty)!);
        }

        [Theory]
        [InlineData("remove")]
        [InlineData("set")]
        [InlineData("empty")]
        [InlineData("raw")]
        public void An_edit_of_a_tag_that_a_broken_file_holds_twice_applies_to_both(string edit)
        {
            // A file may hold the same tag twice. Both copies are read (and written back unmodified byte for byte),
            // but removing or replacing the tag must not leave the second copy — with the patient's name — behind.
            var tf = new TFile { Preamble = new byte[128] };
            tf.Dataset.Add(new TElement(DicomGen.SopClassUid, "UI") { Value = TestEncoder.Text("1.2.3", '\0') });
            tf.Dataset.Add(new TElement(PatientName, "PN") { Value = TestEncoder.Text("DOE^JOHN", ' ') });
            tf.Dataset.Add(new TElement(PatientId, "LO") { Value = TestEncoder.Text("12345", ' ') });
            tf.Dataset.Add(new TElement(PatientName, "PN") { Value = TestEncoder.Text("DOE^JOHN^SECRET", ' ') });
            tf.Dataset.Add(new TElement(Rows, "US") { Value = new byte[] { 1, 0 } });
            var bytes = TestEncoder.Encode(tf);
            var file = DicomFile.Open(bytes);
            Assert.Equal(2, file.Dataset.Elements.Count(e => e.Tag == PatientName));
            RoundTripTests.AssertSameBytes(bytes, RoundTripTests.Write(file), "duplicates, unmodified");

            switch (edit)
            {
                case "remove": Assert.True(file.Dataset.Remove(PatientName)); break;
                case "set": file.Dataset.SetString(PatientName, DicomVR.PN, "ANON"); break;
                case "empty": file.Dataset.SetEmpty(PatientName, DicomVR.PN); break;
                default: file.Dataset.SetRawValue(PatientName, DicomVR.PN, Encoding.ASCII.GetBytes("X")); break;
            }
            var written = RoundTripTests.Write(file);
            Assert.DoesNotContain("DOE", Encoding.ASCII.GetString(written));
            var back = DicomFile.Open(written);
            Assert.Equal(edit == "remove" ? 0 : 1, back.Dataset.Elements.Count(e => e.Tag == PatientName));
            Assert.Equal("12345", back.Dataset.GetString(PatientId));
            Assert.Equal(new double[] { 1 }, back.Dataset.GetNumbers(Rows));
            Assert.False(file.Dataset.Remove(PatientName) && edit == "remove");
        }

        [Fact]
        public void Blanking_a_sequence_that_a_broken_file_holds_twice_blanks_both()
        {
            var item = new TItem { Elements = { new TElement(PatientName, "PN") { Value = TestEncoder.Text("DOE^JOHN", ' ') } } };
            var tf = new TFile { Preamble = new byte[128] };
            tf.Dataset.Add(new TElement(DicomGen.SopClassUid, "UI") { Value = TestEncoder.Text("1.2.3", '\0') });
            tf.Dataset.Add(new TElement(ReferencedStudy, "SQ") { Items = new System.Collections.Generic.List<TItem> { item } });
            tf.Dataset.Add(new TElement(PatientId, "LO") { Value = TestEncoder.Text("12345", ' ') });
            tf.Dataset.Add(new TElement(ReferencedStudy, "SQ") { UndefinedLength = true, Items = new System.Collections.Generic.List<TItem> { item } });
            var file = DicomFile.Open(TestEncoder.Encode(tf));
            file.Dataset.SetEmpty(ReferencedStudy, DicomVR.SQ);
            var written = RoundTripTests.Write(file);
            Assert.DoesNotContain("DOE", Encoding.ASCII.GetString(written));
            Assert.Empty(Assert.Single(DicomFile.Open(written).Dataset.Elements, e => e.Tag == ReferencedStudy).Sequence!);
        }

        [Fact]
        public void GetValue_returns_the_natural_type_of_each_VR()
        {
            var file = DicomFile.Open(TestData.PathOf("pydicom", "test_files", "CT_small.dcm"));
            var ds = file.Dataset;
            Assert.IsType<ushort>(ds.GetValue(Rows));
            Assert.IsType<string[]>(ds.GetValue(ImageType));
            Assert.IsType<string>(ds.GetValue(PatientName));
            Assert.IsType<DicomValueRef>(ds.GetValue(DicomTag.PixelData));
            Assert.Null(ds.GetValue(new DicomTag(0x0010, 0x9999)));
            Assert.True(ds.TryGetInteger(Rows, out long rows));
            Assert.Equal(128, rows);
            Assert.False(ds.TryGetInteger(PatientName, out _));

            var made = new DicomDataset(DicomEncoding.ExplicitBig);
            made.SetNumbers(new DicomTag(0x0020, 0x9165), DicomVR.AT, 0x00100020, 0x7FE00010);
            made.SetNumbers(new DicomTag(0x0018, 0x9219), DicomVR.FL, 1.25);
            made.SetNumbers(new DicomTag(0x0018, 0x9220), DicomVR.SV, -5);
            made.SetRawValue(new DicomTag(0x0009, 0x1001), DicomVR.OB, new byte[] { 1, 2 });
            made.GetOrAddSequence(ReferencedStudy);
            Assert.Equal(new[] { new DicomTag(0x0010, 0x0020), DicomTag.PixelData }, Assert.IsType<DicomTag[]>(made.GetValue(new DicomTag(0x0020, 0x9165))));
            Assert.Equal(new[] { "(0010,0020)", "(7FE0,0010)" }, made.GetStrings(new DicomTag(0x0020, 0x9165)));
            Assert.Equal(1.25f, made.GetValue(new DicomTag(0x0018, 0x9219)));
            Assert.Equal(-5L, made.GetValue(new DicomTag(0x0018, 0x9220)));
            Assert.Equal(new byte[] { 1, 2 }, made.GetValue(new DicomTag(0x0009, 0x1001)));
            Assert.IsType<DicomSequence>(made.GetValue(ReferencedStudy));
        }

        [Fact]
        public void UN_of_a_known_tag_decodes_with_the_dictionary_VR()
        {
            var ds = new DicomDataset();
            ds.SetRawValue(PatientName, DicomVR.UN, Encoding.ASCII.GetBytes("DOE^JANE"));
            ds.SetRawValue(Rows, DicomVR.UN, new byte[] { 0, 2 });
            ds.SetRawValue(new DicomTag(0x0009, 0x1001), DicomVR.UN, Encoding.ASCII.GetBytes("PRIVATE?"));
            Assert.Equal("DOE^JANE", ds.GetString(PatientName));
            Assert.Equal(new double[] { 512 }, ds.GetNumbers(Rows));
            Assert.Equal(DicomVR.US, DicomDataset.GetEffectiveVR(ds.Elements.First(e => e.Tag == Rows)));
            Assert.Equal(DicomVR.UN, DicomDataset.GetEffectiveVR(ds.Elements.First(e => e.Tag.IsPrivate)));
            Assert.Empty(ds.GetStrings(new DicomTag(0x0009, 0x1001)));
        }

        [Fact]
        public void Private_elements_are_found_by_creator_and_offset()
        {
            var ds = new DicomDataset();
            ds.SetString(new DicomTag(0x0029, 0x0010), DicomVR.LO, "SIEMENS CSA HEADER");
            ds.SetString(new DicomTag(0x0029, 0x0011), DicomVR.LO, "DEID TEST ");
            ds.SetString(new DicomTag(0x0029, 0x1108), DicomVR.CS, "IMAGE NUM 4");
            ds.SetString(new DicomTag(0x0029, 0x1110), DicomVR.LO, "OTHER BLOCK");
            Assert.True(ds.TryFindPrivateTag(0x0029, "DEID TEST", 0x10, out var tag));
            Assert.Equal(new DicomTag(0x0029, 0x1110), tag);
            Assert.Equal("DEID TEST", ds.GetPrivateCreator(tag));
            Assert.Equal("SIEMENS CSA HEADER", ds.GetPrivateCreator(new DicomTag(0x0029, 0x1008)));
            Assert.False(ds.TryFindPrivateTag(0x0029, "NOBODY", 0x10, out _));
            Assert.Null(ds.GetPrivateCreator(new DicomTag(0x0029, 0x0010)));
            Assert.Null(ds.GetPrivateCreator(PatientName));
            Assert.Null(ds.GetPrivateCreator(new DicomTag(0x0029, 0x1508)));
        }

        [Fact]
        public void EnumerateRecursive_visits_every_nested_element_depth_first()
        {
            var file = DicomFile.Open(TestData.PathOf("pydicom", "test_files", "rtdose_expb_1frame.dcm"));
            var all = file.Dataset.EnumerateRecursive().ToList();
            Assert.Contains(all, x => x.Element.Tag == new DicomTag(0x0008, 0x1155) && x.Dataset != file.Dataset);
            int nested = all.Count(x => x.Dataset != file.Dataset);
            Assert.True(nested >= 3);
            Assert.Equal(file.Dataset.Count + nested, all.Count);
        }

        [Fact]
        public void A_value_set_from_a_reference_is_copied_from_its_source_when_written()
        {
            var bytes = File.ReadAllBytes(TestData.PathOf("pydicom", "test_files", "CT_small.dcm"));
            var source = DicomValueSource.FromBytes(bytes);
            var file = new DicomFile(TransferSyntax.ExplicitVRLittleEndian);
            file.Dataset.SetValueRef(new DicomTag(0x0009, 0x1001), DicomVR.OB, new DicomValueRef(source, 0, 128));
            var back = ReadBack(file);
            Assert.Equal(bytes.AsSpan(0, 128).ToArray(), back.Dataset.Elements.Single(e => e.Tag.Group == 9).RawValue.ToArray());
            Assert.Throws<ArgumentNullException>(() => file.Dataset.SetValueRef(PatientName, DicomVR.PN, null!));
        }

        /// <summary>
        /// build.ps1 Fuzz seed 1 case 38 (400,000 private elements inserted before Pixel Data, so the dataset is out of tag order):
        /// every lookup was a linear search, and Get-DicomDataset's private creator lookups ran for hours. They are indexed now.
        /// </summary>
        [Fact]
        public void Lookups_in_a_large_dataset_out_of_tag_order_are_not_linear()
        {
            var ms = new MemoryStream();
            ms.Write(TestEncoder.EncodeElement(new TElement(new DicomTag(0x0028, 0x0010), "US") { Value = new byte[] { 1, 0 } }, true, false));
            const int count = 200_000;
            for (int k = 0; k < count; k++)
            {
                ushort group = (ushort)(0x0009 + 2 * (k / 256));
                if (k % 256 == 0) ms.Write(TestEncoder.EncodeElement(new TElement(new DicomTag(group, 0x0010), "LO") { Value = TestEncoder.Text("FUZZ", ' ') }, true, false));
                ms.Write(TestEncoder.EncodeElement(new TElement(new DicomTag(group, (ushort)(0x1000 | (k % 256))), "LO") { Value = TestEncoder.Text("AB", ' ') }, true, false));
            }
            var file = DicomFile.Open(MutationTests.Part10(ms.ToArray()));
            var ds = file.Dataset;
            Assert.False(ds.IsInTagOrder);
            int found = Guard.Within(() =>
            {
                int n = 0;
                foreach (var e in ds.Elements)
                {
                    if (ds.GetPrivateCreator(e.Tag) == "FUZZ") n++;
                }
                return n;
            }, "private creators of 200,000 elements", TimeSpan.FromSeconds(20));
            Assert.Equal(count, found);
            // The index follows edits: removing and adding elements keeps lookups right.
            Assert.True(ds.Remove(new DicomTag(0x0009, 0x1001)));
            Assert.Equal(-1, ds.IndexOf(new DicomTag(0x0009, 0x1001)));
            Assert.Equal("AB", ds.GetString(new DicomTag(0x0009, 0x1002)));
            ds.SetString(new DicomTag(0x0008, 0x0060), DicomVR.CS, "OT");
            Assert.Equal("OT", ds.GetString(new DicomTag(0x0008, 0x0060)));
            Assert.Equal(count / 2, ds.RemoveAll(e => e.Tag.IsPrivate && e.Tag.Element >= 0x1000 && (e.Tag.Element & 1) == 0));
            Assert.Equal("AB", ds.GetString(new DicomTag(0x0009, 0x1003)));
            Assert.Equal(-1, ds.IndexOf(new DicomTag(0x0009, 0x1002)));
        }
    }
}
