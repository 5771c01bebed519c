using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using Xunit;
using static Deid.Dicom.Tests.IO.PolyglotBytes;

namespace Deid.Dicom.Tests.IO
{
    /// <summary>
    /// Ninth review (parser differential against gdcm, h4, of 897f84a): crafted files that gdcm 3.0.21's gdcmdump lists with a
    /// planted (0010,0010) Patient's Name "LEAKNAME^ALPHA", (0010,0020) Patient ID "LEAKID12345" and (0010,0030) Birth Date
    /// "19310101" as elements, while this reader read the same bytes with those elements inside a value it kept (a File-set ID,
    /// a Modality, a Presentation LUT Shape), so every recipe kept them and the audit said nothing leaked. Two causes in gdcm:
    /// (HIGH 2) in a declared Explicit VR LE dataset whose first element looks implicit, gdcm reads any printable non-standard
    /// VR pair ("ab", "1 ", "?a") as UN with 2 skipped bytes and a 32-bit length, in its first reading or in its VR16 retry, a
    /// reading neither dcmtk nor this reader's checks modelled; (HIGH 3) an encapsulated Pixel Data of undefined length whose
    /// first item is the sequence delimiter (no Basic Offset Table item), at the top level, in big endian or inside an item of a
    /// private UN, makes gdcm throw and retry with 16-bit-length elements from 2 bytes before the delimiter, so it reads the
    /// rest of a correctly labelled file 2 bytes out of step and lands inside the next kept value. Such a file must be refused
    /// (<see cref="DicomFormatException"/>). Each gdcmdump control shows the premise: gdcm does list the planted name as an
    /// element of these very bytes.
    /// </summary>
    public class ReaderDifferentialGdcmNinthTests
    {
        /// <summary>Every crafted file by the name of the review's file it ports.</summary>
        private static readonly IReadOnlyDictionary<string, Func<byte[]>> Crafted = new Dictionary<string, Func<byte[]>>(StringComparer.Ordinal)
        {
            ["g54a_printable_vr_un_fileset"] = () => Cat(Meta(Uid(ExplicitLittle)), PrintableVrUn("ab")),
            ["g54b_printable_vr_digits"] = () => Cat(Meta(Uid(ExplicitLittle)), PrintableVrUn("1 ")),
            ["g54c_printable_vr_qmark"] = () => Cat(Meta(Uid(ExplicitLittle)), PrintableVrUn("?a")),
            ["g54d_vr16_stage_printable_vr"] = () => Cat(Meta(Uid(ExplicitLittle)), Le16(0x0008), Le16(0x0005), Le32(0), PrintableVrUn("1 ")),
            ["g55b_empty_pixseq_vr16_shift_native"] = EmptyPixelSequenceNative,
            ["g55c_empty_pixseq_vr16_shift_bigendian"] = EmptyPixelSequenceBigEndian,
            ["g56b_un_item_empty_pixseq_shift"] = EmptyPixelSequenceInUnItem,
            ["g60a_stray_e0dd_after_un"] = StrayDelimiterAfterUn,
            ["g62a_mid_printable_vr_ab"] = () => PrintableVRMidDataset("ab"),
            ["g62c_mid_printable_vr_QQ"] = () => PrintableVRMidDataset("QQ"),
        };

        public static IEnumerable<object[]> CraftedNames() => Crafted.Keys.Select(k => new object[] { k });

        // ---- the controls: gdcmdump lists the planted name in every one of these files ----------------------------------------

        /// <summary>The premise of each refusal below: gdcm 3.0's gdcmdump lists (0010,0010) LEAKNAME^ALPHA as an element.</summary>
        [Theory]
        [MemberData(nameof(CraftedNames))]
        public async Task Gdcmdump_lists_the_planted_name(string name)
        {
            await AssertListsPlantedNameAsync("gdcmdump", Crafted[name](), GdcmdumpListsName, name);
        }

        // ---- HIGH 2: a printable non-standard VR pair, UN with a 32-bit length to gdcm ----------------------------------------

        /// <summary>
        /// HIGH 2 (gen54.py): Explicit VR LE declared, the first element (0004,1130) with the non-standard printable VR bytes
        /// "ab", "1 " or "?a" then 00 00, so the data look implicit and this reader read a File-set ID of the implicit length
        /// (VR bytes, 00 00) to the end. gdcm reads the pair as UN: 2 skipped bytes, a 32-bit length of 20, and lands at the
        /// explicit names. g54d: the same on the second element after an empty (0008,0005) with VR bytes 00 00 (gdcm's VR16 retry).
        /// </summary>
        [Theory]
        [InlineData("g54a_printable_vr_un_fileset")]
        [InlineData("g54b_printable_vr_digits")]
        [InlineData("g54c_printable_vr_qmark")]
        [InlineData("g54d_vr16_stage_printable_vr")]
        public void A_printable_non_standard_VR_gdcm_reads_as_UN_is_refused(string name) => AssertRefused(Crafted[name]());

        // ---- HIGH 3: an empty encapsulated Pixel Data, gdcm's VR16 retry 2 bytes out of step ---------------------------------

        /// <summary>
        /// HIGH 3 (gen55.py, gen55c.py): a correctly labelled Explicit VR (little or big endian) file whose Pixel Data OB of
        /// undefined length is followed at once by its sequence delimiter, then a Modality of 22,000 bytes. gdcm's retry reads
        /// 2 bytes out of step, takes Modality's VR bytes 'CS' for a 16-bit length and lands at the names inside the value
        /// (read little endian even in the big endian file).
        /// </summary>
        [Theory]
        [InlineData("g55b_empty_pixseq_vr16_shift_native")]
        [InlineData("g55c_empty_pixseq_vr16_shift_bigendian")]
        public void An_empty_encapsulated_pixel_data_is_refused(string name)
        {
            var bytes = Crafted[name]();
            Assert.Throws<DicomFormatException>(() => DicomFile.Open(bytes));
            using (var stream = new MemoryStream(bytes, false)) Assert.Throws<DicomFormatException>(() => DicomFile.Open(stream));
            // A header-only read stops before the Pixel Data, so it neither reads the empty sequence nor the kept Modality after
            // it; what it returns holds no name (the file is refused as soon as it is read to be written).
            var header = DicomFile.Open(bytes, DicomReadOptions.HeaderOnly).Dataset;
            Assert.False(header.Contains(new DicomTag(0x0008, 0x0060)));
        }

        /// <summary>
        /// HIGH 3 variant (gen56.py, g56b): the empty encapsulated (7FE0,0010) inside an implicit item of a private UN of
        /// undefined length; gdcm closes the UN early, meets the sequence delimiter at its top level and retries 2 bytes out of
        /// step into the kept (2050,0020) Presentation LUT Shape, where the names sit.
        /// </summary>
        [Theory]
        [InlineData("g56b_un_item_empty_pixseq_shift")]
        public void An_empty_encapsulated_pixel_data_in_a_UN_item_is_refused(string name) => AssertRefused(Crafted[name]());

        // ---- assertions --------------------------------------------------------------------------------------------------------

        /// <summary>Refused from bytes, header-only, and from a stream.</summary>
        /// <summary>
        /// HIGH 1: gdcm reads an implicit VR value length of 0x031F031C as 202 (its Papyrus workaround) and reads on inside the
        /// value. The rule, on a small file: the length is refused before anything past it is read (the value itself is not there).
        /// </summary>
        [Fact]
        public void An_implicit_value_length_gdcm_rewrites_for_Papyrus_is_refused()
        {
            var header = Cat(Le16(0x031E), Le16(0x0324), Le32(0x031F031C));
            var bytes = Cat(Meta(Uid("1.2.840.10008.1.2")), Implicit(0x0008, 0x0060, Text("OT")), header, new byte[202]);
            var ex = Assert.Throws<DicomFormatException>(() => DicomFile.Open(bytes));
            Assert.Contains("Papyrus", ex.Message, StringComparison.Ordinal);
        }

        /// <summary>
        /// MEDIUM: an OB of undefined length on another tag than Pixel Data was read as fragments (names in them kept); dcmtk
        /// refuses it and a gdcm built without asserts reads its items as elements. Refused; Pixel Data of undefined length
        /// still reads (the control).
        /// </summary>
        [Fact]
        public void Undefined_length_OB_other_than_pixel_data_is_refused()
        {
            var name = Explicit(0x0010, 0x0010, "PN", Text("LEAKNAME^ALPHA"));
            var item = Cat(Le16(0xFFFE), Le16(0xE000), Le32((uint)name.Length), name);
            byte[] Undefined(ushort group, ushort element) =>
                Cat(Le16(group), Le16(element), Encoding.ASCII.GetBytes("OB"), new byte[2], Le32(0xFFFFFFFF), Cat(Le16(0xFFFE), Le16(0xE000), Le32(0)), item, SequenceDelimiter());
            var meta = Meta(Uid("1.2.840.10008.1.2.4.50"));
            var ex = Assert.Throws<DicomFormatException>(() => DicomFile.Open(Cat(meta, Explicit(0x0008, 0x0060, "CS", Text("OT")), Undefined(0x0028, 0x1201))));
            Assert.Contains("other than Pixel Data", ex.Message, StringComparison.Ordinal);
            var file = DicomFile.Open(Cat(meta, Explicit(0x0008, 0x0060, "CS", Text("OT")), Undefined(0x7FE0, 0x0010)));
            Assert.True(file.Dataset.Contains(DicomTag.PixelData));
        }

        /// <summary>
        /// Tenth review (h5; no leak found there): refusals that already block gdcm's ways, kept by tests. g60a: a stray (FFFE,E0DD)
        /// after a UN element makes gdcm read the whole dataset again with every UN of a 2-byte length, so that the next element
        /// starts in the UN's length field and jumps into a kept value holding the names. g62a/c: VR bytes no standard names in
        /// the middle of a correctly labelled explicit file: gdcm reads UN with a 4-byte length (into a kept value), dcmtk a
        /// 2-byte one ("QQ": 4 bytes, and lists the names too). This reader refuses each ("Unexpected sequence delimiter", "Invalid
        /// VR bytes").
        /// </summary>
        [Theory]
        [InlineData("g60a_stray_e0dd_after_un")]
        [InlineData("g62a_mid_printable_vr_ab")]
        [InlineData("g62c_mid_printable_vr_QQ")]
        public void What_makes_gdcm_read_a_labelled_explicit_file_again_is_refused(string name) => AssertRefused(Crafted[name]());

        /// <summary>
        /// Eleventh review (h6, pydicom 3.0.1 as referee): pydicom takes any two capital letters where an explicit VR would be
        /// for explicit VR, in the first element of a dataset and of every sequence item, and inflates only Deflated Explicit VR
        /// Little Endian. An implicit file whose first length bytes were "LL", a UN sequence's item whose first element's were,
        /// and a JPIP Referenced Deflate dataset held names pydicom listed, kept here in a Manufacturer. Refused now.
        /// </summary>
        [Fact]
        public void Shapes_pydicom_reads_another_way_are_refused()
        {
            // An implicit file whose first element's length is 0x4C4C ("LL"): pydicom reads explicit VR.
            var first = Cat(Le16(0x0008), Le16(0x0070), Encoding.ASCII.GetBytes("LL"), new byte[2], Spaces(0x4C4C));
            AssertRefused(Cat(Meta(Uid("1.2.840.10008.1.2")), first));
            // A UN sequence's item whose first element's length bytes are "LL".
            var itemBody = Cat(Le16(0x0008), Le16(0x0070), Encoding.ASCII.GetBytes("LL"), new byte[2], Spaces(0x4C4C));
            var item = Cat(Le16(0xFFFE), Le16(0xE000), Le32((uint)itemBody.Length), itemBody);
            var un = Cat(Le16(0x0008), Le16(0x1115), Encoding.ASCII.GetBytes("UN"), new byte[2], Le32((uint)item.Length), item);
            AssertRefused(Cat(Meta(Uid(ExplicitLittle)), Basic(), un));
            // JPIP Referenced Deflate: pydicom reads the compressed bytes as they are.
            var ex = Assert.Throws<DicomFormatException>(() => DicomFile.Open(Cat(Meta(Uid("1.2.840.10008.1.2.4.95")), new byte[] { 0x03, 0x00 })));
            Assert.Contains("pydicom", ex.Message, StringComparison.Ordinal);
        }

        // A kept Presentation LUT Shape of 400 bytes whose value holds, from byte 40, the names and a private OB to its end.
        private static byte[] KeptValueWithNames()
        {
            var inner = Leak();
            int rest = 400 - 40 - inner.Length - 12;
            var value = Cat(Text("IDENTITY"), Spaces(32), inner, Le16(0x0009), Le16(0x1002), Encoding.ASCII.GetBytes("OB"), new byte[2], Le32((uint)rest), new byte[rest]);
            return Explicit(0x2050, 0x0020, "CS", value);
        }

        /// <summary>gen60.py (tenth review): g60a_stray_e0dd_after_un_lutshape.</summary>
        private static byte[] StrayDelimiterAfterUn()
        {
            const uint length = 0x00100009; // its bytes 09 00 10 00: the tag gdcm reads again, (0009,0010)
            uint jump = (length - 8) + 8 + 8 + 40;
            var unValue = Cat(Encoding.ASCII.GetBytes("OB"), new byte[2], Le32(jump), new byte[length - 8]);
            var un = Cat(Le16(0x0009), Le16(0x1010), Encoding.ASCII.GetBytes("UN"), new byte[2], Le32(length), unValue);
            return Cat(Meta(Uid(ExplicitLittle)), Basic(), Explicit(0x0009, 0x0010, "LO", Text("ACMEPRIV")), un, SequenceDelimiter(), KeptValueWithNames());
        }

        /// <summary>gen62.py (tenth review): an element of VR bytes <paramref name="vr"/>, 2-byte length 4, value gdcm's 32-bit length.</summary>
        private static byte[] PrintableVRMidDataset(string vr)
        {
            var element = Cat(Le16(0x0009), Le16(0x1010), Encoding.ASCII.GetBytes(vr), Le16(4), Le32(8 + 40));
            return Cat(Meta(Uid(ExplicitLittle)), Basic(), Explicit(0x0009, 0x0010, "LO", Text("ACMEPRIV")), element, KeptValueWithNames());
        }

        // ---- the crafted files (ports of the review's gen*.py) -----------------------------------------------------------------

        /// <summary>
        /// gen54.py build(vr): (0004,1130) with VR bytes <paramref name="vr"/> and 00 00. This reader (implicit): a value of
        /// length (VR bytes, 00 00) to the end. gdcm: UN, 32-bit length 20 at offset 8, then the explicit names at offset 32.
        /// dcmtk: empty, then (0014,0000) 'QQ' of a 32-bit length to the end.
        /// </summary>
        private static byte[] PrintableVrUn(string vr)
        {
            const ushort g = 20;
            var vrBytes = Encoding.ASCII.GetBytes(vr);
            int l = BinaryPrimitives.ReadInt32LittleEndian(Cat(vrBytes, new byte[2]));
            var header = Cat(Le16(0x0004), Le16(0x1130), vrBytes, new byte[2]);
            var v = Cat(Le16(g), Le16(0), Encoding.ASCII.GetBytes("QQ"), new byte[2], Le32((uint)(l - 12)));
            v = Cat(v, Spaces(4 + g - v.Length), Leak());                                  // gdcm lands at value offset 4 + G
            v = Cat(v, Explicit(0x0009, 0x1002, "OB", Spaces(l - v.Length - 12)));
            Assert.Equal(l, v.Length);
            return Cat(header, v);
        }

        /// <summary>
        /// The kept value of gen55.py / gen56.py: "ORIGINAL", spaces up to where gdcm's out-of-step reading lands ('CS' read as a
        /// 16-bit length, less 2), the explicit little endian names, an OB filler to <paramref name="length"/>.
        /// </summary>
        private static byte[] ShiftedValue(int length)
        {
            int land = BinaryPrimitives.ReadUInt16LittleEndian(Encoding.ASCII.GetBytes("CS")) - 2;
            var v = Cat(Encoding.ASCII.GetBytes("ORIGINAL"), Spaces(land - 8), Leak());
            v = Cat(v, Explicit(0x0009, 0x1002, "OB", Spaces(length - v.Length - 12)));
            Assert.Equal(length, v.Length);
            return v;
        }

        /// <summary>gen55.py build(), TS Explicit VR LE: g55b_empty_pixseq_vr16_shift_native.</summary>
        private static byte[] EmptyPixelSequenceNative()
        {
            const int klen = 22000;
            var pre = Cat(Explicit(0x0008, 0x0016, "UI", Uid(SopClass)), Explicit(0x0008, 0x0018, "UI", Uid(SopInstance)),
                Explicit(0x0028, 0x0002, "US", new byte[] { 1, 0 }));
            var pix = Cat(Le16(0x7FE0), Le16(0x0010), Encoding.ASCII.GetBytes("OB"), new byte[2], Le32(0xFFFFFFFF), SequenceDelimiter());
            var keep = Cat(Le16(0x0008), Le16(0x0060), Encoding.ASCII.GetBytes("CS"), Le16(klen), ShiftedValue(klen));
            return Cat(Meta(Uid(ExplicitLittle)), pre, pix, keep);
        }

        /// <summary>gen55c.py: g55c_empty_pixseq_vr16_shift_bigendian (the names inside are little endian: gdcm's retry reads so).</summary>
        private static byte[] EmptyPixelSequenceBigEndian()
        {
            const int klen = 22000;
            var pre = Cat(Explicit(0x0008, 0x0016, "UI", Uid(SopClass), bigEndian: true), Explicit(0x0008, 0x0018, "UI", Uid(SopInstance), bigEndian: true),
                Explicit(0x0028, 0x0002, "US", new byte[] { 0, 1 }, bigEndian: true));
            var pix = Cat(Be16(0x7FE0), Be16(0x0010), Encoding.ASCII.GetBytes("OB"), new byte[2], Be32(0xFFFFFFFF),
                Be16(0xFFFE), Be16(0xE0DD), Be32(0));
            var keep = Cat(Be16(0x0008), Be16(0x0060), Encoding.ASCII.GetBytes("CS"), Be16(klen), ShiftedValue(klen));
            return Cat(Meta(Uid(ExplicitBig)), pre, pix, keep);
        }

        /// <summary>
        /// gen56.py build_b(): g56b_un_item_empty_pixseq_shift. A private (0009,1010) UN of undefined length, one item of
        /// undefined length holding an implicit (0009,1001) and an implicit empty (7FE0,0010) of undefined length; then the
        /// kept (2050,0020).
        /// </summary>
        private static byte[] EmptyPixelSequenceInUnItem()
        {
            const int klen = 22000;
            var pre = Cat(Explicit(0x0008, 0x0016, "UI", Uid(SopClass)), Explicit(0x0008, 0x0018, "UI", Uid(SopInstance)),
                Explicit(0x0008, 0x0060, "CS", Text("OT")));
            var e1 = Implicit(0x0009, 0x1001, new byte[16]);
            var pix = Cat(Le16(0x7FE0), Le16(0x0010), Le32(0xFFFFFFFF), SequenceDelimiter());
            var un = Cat(Le16(0x0009), Le16(0x1010), Encoding.ASCII.GetBytes("UN"), new byte[2], Le32(0xFFFFFFFF),
                Le16(0xFFFE), Le16(0xE000), Le32(0xFFFFFFFF), e1, pix, ItemDelimiter(), SequenceDelimiter());
            var keep = Cat(Le16(0x2050), Le16(0x0020), Encoding.ASCII.GetBytes("CS"), Le16(klen), ShiftedValue(klen));
            return Cat(Meta(Uid(ExplicitLittle)), pre, un, keep);
        }
    }
}
