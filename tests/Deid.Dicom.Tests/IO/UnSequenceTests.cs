using System;
using System.IO;
using System.Linq;
using System.Text;
using Xunit;

namespace Deid.Dicom.Tests.IO
{
    /// <summary>
    /// A sequence stored as UN of defined length, its items in Implicit VR Little Endian (PS3.5 §6.2.2, CP-246), as gdcm writes
    /// a sequence it does not know (QA: `gdcmconv --j2k` of rtdose.dcm). Read as opaque bytes, the names and UIDs of its items
    /// passed every recipe action unseen; read as items they are reached like any sequence's, and an unchanged file is still
    /// written byte for byte.
    /// </summary>
    public class UnSequenceTests
    {
        private static readonly DicomTag ReferencedSeries = new DicomTag(0x0008, 0x1115); // SQ in PS3.6
        private static readonly DicomTag StudyDescription = new DicomTag(0x0008, 0x1030); // LO in PS3.6

        private static byte[] ImplicitItem()
        {
            var ms = new MemoryStream();
            WriteImplicit(ms, 0x0008, 0x1155, "1.2.3.4.5.6.7.8.13");
            WriteImplicit(ms, 0x0010, 0x0010, "Inner^Leaky^Name");
            return Item(ms.ToArray());
        }

        /// <summary>An Implicit VR Little Endian element of ASCII text.</summary>
        private static void WriteImplicit(Stream to, ushort group, ushort element, string value)
        {
            var v = Encoding.ASCII.GetBytes(value);
            to.Write(BitConverter.GetBytes(group));
            to.Write(BitConverter.GetBytes(element));
            to.Write(BitConverter.GetBytes((uint)v.Length));
            to.Write(v);
        }

        /// <summary>An item of defined length (FFFE,E000) around <paramref name="body"/>.</summary>
        internal static byte[] Item(byte[] body)
        {
            var item = new byte[8 + body.Length];
            new byte[] { 0xFE, 0xFF, 0x00, 0xE0 }.CopyTo(item, 0);
            BitConverter.GetBytes((uint)body.Length).CopyTo(item, 4);
            body.CopyTo(item, 8);
            return item;
        }

        private static byte[] Write(DicomFile f)
        {
            using var ms = new MemoryStream();
            DicomWriter.Write(f, ms);
            return ms.ToArray();
        }

        private static byte[] Crafted(DicomTag tag)
        {
            var file = new DicomFile(TransferSyntax.ExplicitVRLittleEndian);
            file.Dataset.SetString(new DicomTag(0x0008, 0x0016), DicomVR.UI, "1.2.840.10008.5.1.4.1.1.7");
            file.Dataset.SetString(new DicomTag(0x0008, 0x0018), DicomVR.UI, "1.2.826.0.1.3680043.8.498.1");
            file.Dataset.SetRawValue(tag, DicomVR.UN, ImplicitItem());
            file.Dataset.SetString(new DicomTag(0x0010, 0x0010), DicomVR.PN, "Outer^Name");
            file.EnsureFileMeta();
            return Write(file);
        }

        [Fact]
        public void A_known_sequence_stored_as_UN_of_defined_length_is_read_as_items()
        {
            var read = DicomFile.Open(Crafted(ReferencedSeries));
            Assert.True(read.Dataset.TryGetElement(ReferencedSeries, out var e));
            Assert.True(e.IsSequence);
            Assert.Equal(DicomVR.UN, e.VR);
            var item = Assert.Single(read.Dataset.GetSequence(ReferencedSeries)!);
            Assert.Equal("Inner^Leaky^Name", item.GetString(new DicomTag(0x0010, 0x0010)));
            Assert.Equal("1.2.3.4.5.6.7.8.13", item.GetString(new DicomTag(0x0008, 0x1155)));
        }

        [Fact]
        public void Unchanged_it_is_written_byte_for_byte_and_a_nested_removal_leaves_no_trace()
        {
            byte[] bytes = Crafted(ReferencedSeries);
            Assert.Equal(bytes, Write(DicomFile.Open(bytes)));

            var edited = DicomFile.Open(bytes);
            edited.Dataset.GetSequence(ReferencedSeries)!.Single().Remove(new DicomTag(0x0010, 0x0010));
            byte[] written = Write(edited);
            Assert.Equal(-1, written.AsSpan().IndexOf(Encoding.ASCII.GetBytes("Inner^Leaky^Name")));
            var back = DicomFile.Open(written);
            var item = Assert.Single(back.Dataset.GetSequence(ReferencedSeries)!);
            Assert.Equal("1.2.3.4.5.6.7.8.13", item.GetString(new DicomTag(0x0008, 0x1155)));
            Assert.Equal("Outer^Name", back.Dataset.GetString(new DicomTag(0x0010, 0x0010)));
        }

        [Fact]
        public void A_first_item_that_runs_past_the_value_is_an_error_not_bytes_kept_whole()
        {
            // Kept as bytes, the name and UID in it survived every recipe unseen (QA round 2, G2); dcmdump +uc refuses it too.
            byte[] bytes = Crafted(ReferencedSeries);
            int at = bytes.AsSpan().IndexOf(new byte[] { 0xFE, 0xFF, 0x00, 0xE0 });
            BitConverter.GetBytes(0x7FFF0000u).CopyTo(bytes, at + 4);
            var ex = Assert.Throws<DicomFormatException>(() => DicomFile.Open(bytes, null, "x"));
            Assert.Equal(ReferencedSeries, ex.Tag);
        }

        [Fact]
        public void A_private_sequence_stored_as_UN_in_explicit_VR_is_read_as_items_when_its_creator_knows_it()
        {
            // AGFA-AG_HPState (0071,xx18) is SQ in the private dictionary; the creator is read from the dataset itself.
            var file = new DicomFile(TransferSyntax.ExplicitVRLittleEndian);
            file.Dataset.SetString(new DicomTag(0x0008, 0x0018), DicomVR.UI, "1.2.826.0.1.3680043.8.498.2");
            file.Dataset.SetString(new DicomTag(0x0071, 0x0010), DicomVR.LO, "AGFA-AG_HPState");
            var tag = new DicomTag(0x0071, 0x1018);
            file.Dataset.SetRawValue(tag, DicomVR.UN, ImplicitItem());
            file.EnsureFileMeta();
            byte[] bytes = Write(file);
            var read = DicomFile.Open(bytes);
            Assert.True(read.Dataset.TryGetElement(tag, out var e));
            Assert.True(e.IsSequence);
            Assert.Equal("Inner^Leaky^Name", Assert.Single(read.Dataset.GetSequence(tag)!).GetString(new DicomTag(0x0010, 0x0010)));
            Assert.Equal(bytes, Write(read));

            // Under a creator that does not know the tag, the same bytes stay bytes.
            var unknown = new DicomFile(TransferSyntax.ExplicitVRLittleEndian);
            unknown.Dataset.SetString(new DicomTag(0x0008, 0x0018), DicomVR.UI, "1.2.826.0.1.3680043.8.498.2");
            unknown.Dataset.SetString(new DicomTag(0x0071, 0x0010), DicomVR.LO, "NO SUCH CREATOR");
            unknown.Dataset.SetRawValue(tag, DicomVR.UN, ImplicitItem());
            unknown.EnsureFileMeta();
            Assert.True(DicomFile.Open(Write(unknown)).Dataset.TryGetElement(tag, out var raw));
            Assert.False(raw.IsSequence);
        }

        [Fact]
        public void Bytes_under_a_tag_that_is_no_sequence_stay_bytes_even_when_they_begin_like_an_item()
        {
            var read = DicomFile.Open(Crafted(StudyDescription));
            Assert.True(read.Dataset.TryGetElement(StudyDescription, out var e));
            Assert.False(e.IsSequence);
            Assert.Equal(ImplicitItem(), e.RawValue.ToArray());
        }

        /// <summary>The item of <see cref="ImplicitItem"/> in Explicit VR, as some archives re-encode a sequence they do not know.</summary>
        private static byte[] ExplicitItem(string name)
        {
            var ms = new MemoryStream();
            void Element(ushort g, ushort e, string vr, string value)
            {
                var v = Encoding.ASCII.GetBytes(value.Length % 2 == 0 ? value : value + (vr == "UI" ? "\0" : " "));
                ms.Write(BitConverter.GetBytes(g));
                ms.Write(BitConverter.GetBytes(e));
                ms.Write(Encoding.ASCII.GetBytes(vr));
                ms.Write(BitConverter.GetBytes((ushort)v.Length));
                ms.Write(v);
            }
            Element(0x0008, 0x1155, "UI", "1.2.3.4.5.6.7.8.13");
            Element(0x0010, 0x0010, "PN", name);
            return Item(ms.ToArray());
        }

        [Fact]
        public void A_sequence_stored_as_UN_with_Explicit_VR_items_is_read_as_such_and_written_as_PS3_5_asks()
        {
            // Refused before ("The length ... runs past the end of its item"): the file could not be de-identified at all. dcmtk
            // reads it (keeping the UN whole), pydicom reads the items (parser QA 2026-12-07).
            var file = new DicomFile(TransferSyntax.ExplicitVRLittleEndian);
            file.Dataset.SetString(new DicomTag(0x0008, 0x0016), DicomVR.UI, "1.2.840.10008.5.1.4.1.1.7");
            file.Dataset.SetString(new DicomTag(0x0008, 0x0018), DicomVR.UI, "1.2.826.0.1.3680043.8.498.1");
            file.Dataset.SetRawValue(ReferencedSeries, DicomVR.UN, ExplicitItem("Inner^Leaky^Name").Concat(ExplicitItem("Second^Name")).ToArray());
            file.Dataset.SetString(new DicomTag(0x0010, 0x0010), DicomVR.PN, "Outer^Name");
            file.EnsureFileMeta();
            var read = DicomFile.Open(Write(file));
            Assert.Contains(read.Warnings, w => w.Contains("stored as UN hold Explicit VR items", StringComparison.Ordinal));
            var items = read.Dataset.GetSequence(ReferencedSeries)!;
            Assert.Equal(2, items.Count);
            Assert.Equal("Inner^Leaky^Name", items[0].GetString(new DicomTag(0x0010, 0x0010)));
            Assert.Equal("Second^Name", items[1].GetString(new DicomTag(0x0010, 0x0010)));
            Assert.Equal("Outer^Name", read.Dataset.GetString(new DicomTag(0x0010, 0x0010)));

            // Reached like any item's: a removal leaves no trace; written, the items are Implicit VR and read back plainly.
            items[0].Remove(new DicomTag(0x0010, 0x0010));
            byte[] written = Write(read);
            Assert.Equal(-1, written.AsSpan().IndexOf(Encoding.ASCII.GetBytes("Inner^Leaky^Name")));
            var back = DicomFile.Open(written);
            Assert.DoesNotContain(back.Warnings, w => w.Contains("Explicit VR items", StringComparison.Ordinal));
            Assert.Equal("Second^Name", back.Dataset.GetSequence(ReferencedSeries)![1].GetString(new DicomTag(0x0010, 0x0010)));
            Assert.Equal("1.2.3.4.5.6.7.8.13", back.Dataset.GetSequence(ReferencedSeries)![0].GetString(new DicomTag(0x0008, 0x1155)));
        }

        [Fact]
        public void A_UN_sequence_that_reads_neither_way_is_refused_with_the_implicit_readings_error()
        {
            var file = new DicomFile(TransferSyntax.ExplicitVRLittleEndian);
            file.Dataset.SetString(new DicomTag(0x0008, 0x0016), DicomVR.UI, "1.2.840.10008.5.1.4.1.1.7");
            var item = ExplicitItem("Inner^Leaky^Name");
            BitConverter.GetBytes((uint)(item.Length + 4)).CopyTo(item, 4); // the item says it is longer than the value
            file.Dataset.SetRawValue(ReferencedSeries, DicomVR.UN, item.Concat(new byte[] { 1, 2 }).ToArray());
            file.EnsureFileMeta();
            var ex = Assert.Throws<DicomFormatException>(() => DicomFile.Open(Write(file)));
            Assert.Contains("(0008,1115)", ex.Message, StringComparison.Ordinal);
        }

        /// <summary>
        /// Review of 0ca54ab (F3): an item whose Implicit VR reading fails at a stray item delimiter after a patient's name, ID
        /// and birth date, and whose Explicit VR reading holds them inside a Manufacturer every recipe keeps (its first element
        /// (0008,0002) 'LT' 00 00 is an empty LT explicitly and 21,580 bytes implicitly). dcmtk +uc and gdcm list the names as
        /// the item's elements; the retry read them as one kept value. Refused now: a forgiving Implicit VR walk lists them.
        /// </summary>
        [Fact]
        public void A_UN_item_that_holds_names_as_Implicit_VR_is_not_read_as_Explicit_VR_to_hide_them()
        {
            var names = new MemoryStream();
            WriteImplicit(names, 0x0010, 0x0010, "LKPATF^LKPATG ");
            WriteImplicit(names, 0x0010, 0x0020, "LKPID06 ");
            WriteImplicit(names, 0x0010, 0x0030, "19330303");
            names.Write(new byte[] { 0xFE, 0xFF, 0x0D, 0xE0, 0, 0, 0, 0 }); // the stray item delimiter
            int implicitNext = 8 + 0x544C;                                    // where the implicit view's second element starts
            var manufacturer = new byte[implicitNext - 16 + names.Length];
            manufacturer.AsSpan().Fill((byte)' ');
            names.ToArray().CopyTo(manufacturer, implicitNext - 16);
            var body = new MemoryStream();
            body.Write(new byte[] { 0x08, 0x00, 0x02, 0x00, (byte)'L', (byte)'T', 0, 0 });
            body.Write(new byte[] { 0x08, 0x00, 0x70, 0x00, (byte)'L', (byte)'O' });
            body.Write(BitConverter.GetBytes((ushort)manufacturer.Length));
            body.Write(manufacturer);
            var file = new DicomFile(TransferSyntax.ExplicitVRLittleEndian);
            file.Dataset.SetString(new DicomTag(0x0008, 0x0016), DicomVR.UI, "1.2.840.10008.5.1.4.1.1.7");
            file.Dataset.SetRawValue(ReferencedSeries, DicomVR.UN, Item(body.ToArray()));
            file.EnsureFileMeta();
            // The implicit reading's error: since the eleventh review, at the item's first element, whose VR bytes "LT" pydicom
            // takes for explicit VR (before, at the stray delimiter); either way the explicit retry is not taken.
            var ex = Assert.Throws<DicomFormatException>(() => DicomFile.Open(Write(file)));
            Assert.Contains("two capital letters", ex.Message, StringComparison.Ordinal);
        }

        /// <summary>
        /// Review of 0ca54ab (F5): an item of undefined length whose element runs past the UN value made the Implicit VR reading
        /// read on and replace the buffer, and going back for the Explicit VR reading threw an InvalidOperationException ("not a
        /// known fault of the file"). The implicit reading's format error is the file's.
        /// </summary>
        [Fact]
        public void A_UN_value_whose_reading_ran_past_it_is_refused_with_a_format_error()
        {
            var value = new byte[] { 0xFE, 0xFF, 0x00, 0xE0, 0xFF, 0xFF, 0xFF, 0xFF, 0x10, 0x00, 0x10, 0x00, 0x40, 0x9C, 0x00, 0x00 };
            var file = new DicomFile(TransferSyntax.ExplicitVRLittleEndian);
            file.Dataset.SetString(new DicomTag(0x0008, 0x0016), DicomVR.UI, "1.2.840.10008.5.1.4.1.1.7");
            file.Dataset.SetRawValue(ReferencedSeries, DicomVR.UN, value);
            file.Dataset.SetRawValue(new DicomTag(0x7FE0, 0x0010), DicomVR.OB, new byte[40000]);
            file.EnsureFileMeta();
            var bytes = Write(file);
            var ex = Record.Exception(() => DicomFile.Open(bytes));
            Assert.IsType<DicomFormatException>(ex);
            using var stream = new MemoryStream(bytes, false);
            Assert.IsType<DicomFormatException>(Record.Exception(() => DicomFile.Open(stream)));
        }
    }
}
