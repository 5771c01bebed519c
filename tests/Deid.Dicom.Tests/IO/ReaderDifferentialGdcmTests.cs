using System.Buffers.Binary;
using System.IO;
using System.Text;
using System.Threading.Tasks;
using Xunit;
using static Deid.Dicom.Tests.IO.PolyglotBytes;

namespace Deid.Dicom.Tests.IO
{
    /// <summary>
    /// Eighth review (parser differential against gdcm, h3): crafted files that gdcm 3.0's gdcmdump lists with a planted
    /// (0010,0010) Patient's Name "LEAKNAME^ALPHA", (0010,0020) Patient ID "LEAKID12345" and (0010,0030) Birth Date "19310101"
    /// as elements, while this reader read the same bytes with those elements inside a value it kept (a File-set ID, a
    /// Modality), so every recipe kept them and the audit said nothing leaked. The cause is gdcm's reading of broken files
    /// (GDCM_SUPPORT_BROKEN_IMPLEMENTATION): a per-element explicit/implicit fallback, and length rewrites (an implicit VR
    /// length of 13 read as 10, a group 0009 UL of length 6 read as 4). Such a file must be refused
    /// (<see cref="DicomFormatException"/>). Each gdcmdump control shows the premise: gdcm does list the planted name as an
    /// element of these very bytes.
    /// </summary>
    public class ReaderDifferentialGdcmTests
    {
        // ---- the controls: gdcmdump lists the planted name in these files ----------------------------------------------------

        /// <summary>Premise of finding 1: gdcm's hybrid (explicit/implicit per element) reading lists the names.</summary>
        [Fact]
        public async Task Gdcmdump_lists_the_planted_name_in_the_hybrid_file()
        {
            await AssertListsPlantedNameAsync("gdcmdump", HybridFileSetId(), GdcmdumpListsName, "g42a");
        }

        /// <summary>Premise of finding 2: gdcm's "GE,13" length rewrite lists the names.</summary>
        [Fact]
        public async Task Gdcmdump_lists_the_planted_name_in_the_length_13_file()
        {
            await AssertListsPlantedNameAsync("gdcmdump", Length13Modality(), GdcmdumpListsName, "g43a");
        }

        // ---- 1. declared explicit, implicit-looking data: gdcm's per-element hybrid reading ----------------------------------

        /// <summary>
        /// HIGH 1 (gen42.py, g42a): Explicit VR LE declared; (0008,0005) with VR bytes 00 00 makes the data look implicit, so
        /// this reader read it all implicit and (0004,1130) 'OB' 00 00 became a File-set ID of 'O','B',0,0 = 16,975 bytes to the
        /// end. gdcm, failing the explicit and 16-bit-length readings, reads per element (valid VR bytes explicit, others
        /// implicit): (0009,1001) with VR bytes 20 00 gets an implicit length of 32, and gdcm resumes at the explicit names.
        /// </summary>
        [Fact]
        public void A_declared_explicit_dataset_gdcm_reads_as_explicit_and_implicit_elements_is_refused() => AssertRefused(HybridFileSetId());

        // ---- 2. implicit VR length 13: gdcm reads 10 ---------------------------------------------------------------------------

        /// <summary>
        /// HIGH 2 (gen43.py, g43a): an ordinary, correctly labelled Implicit VR LE file whose (0008,0023) Content Date has a value
        /// length of 13. gdcm reads it as 10 bytes, then an element from its last 3 bytes and Modality's tag, of length 0x6000,
        /// which ends inside this reader's 28,672-byte Modality, where the implicit names sit.
        /// </summary>
        [Fact]
        public void An_implicit_element_of_length_13_steering_gdcm_into_a_kept_value_is_refused() => AssertRefused(Length13Modality());

        /// <summary>The same rule, plain: any implicit VR element of value length 13 (but gdcm's exemptions) is read otherwise by gdcm.</summary>
        [Fact]
        public void An_implicit_element_of_length_13_is_refused() =>
            AssertRefused(Cat(Meta(Uid(ImplicitLittle)), Implicit(0x0008, 0x0016, Uid(SopClass)), Implicit(0x0008, 0x0018, Uid(SopInstance)),
                Implicit(0x0008, 0x0023, Encoding.ASCII.GetBytes("20240101     ")), Implicit(0x0008, 0x0060, Text("OT"))));

        /// <summary>gdcm exempts (0008,0070) Manufacturer and (0008,0080) Institution Name from the rewrite: read.</summary>
        [Theory]
        [InlineData(0x0070)]
        [InlineData(0x0080)]
        public void An_implicit_manufacturer_or_institution_of_length_13_is_read(int element) =>
            AssertRead(Cat(Meta(Uid(ImplicitLittle)), Implicit(0x0008, 0x0016, Uid(SopClass)), Implicit(0x0008, 0x0018, Uid(SopInstance)),
                Implicit(0x0008, 0x0060, Text("OT")), Implicit(0x0008, (ushort)element, Encoding.ASCII.GetBytes("ACME MEDICAL "))));

        /// <summary>The rewrite is implicit VR only: an explicit VR element of length 13 is read.</summary>
        [Fact]
        public void An_explicit_element_of_length_13_is_read() =>
            AssertRead(Cat(Meta(Uid(ExplicitLittle)), Explicit(0x0008, 0x0016, "UI", Uid(SopClass)), Explicit(0x0008, 0x0018, "UI", Uid(SopInstance)),
                Explicit(0x0008, 0x0023, "DA", Encoding.ASCII.GetBytes("20240101     ")), Explicit(0x0008, 0x0060, "CS", Text("OT"))));

        // ---- 3. group 0009 UL of length 6: gdcm reads 4 -----------------------------------------------------------------------

        /// <summary>
        /// gdcm's Siemens rewrite (the review's note, gen44.py): a (0009,xxxx) UL of value length 6 is read as 4 bytes, also in
        /// plain Explicit VR LE, so gdcm reads on 2 bytes early. Refused.
        /// </summary>
        [Fact]
        public void A_group_0009_UL_of_length_6_is_refused() =>
            AssertRefused(Cat(Meta(Uid(ExplicitLittle)), Basic(),
                Explicit(0x0009, 0x0010, "LO", Text("SIEMENS")),
                Explicit(0x0009, 0x1001, "UL", new byte[] { 1, 0, 0, 0, 2, 0 }),
                Explicit(0x0010, 0x0020, "LO", Text("REALID"))));

        /// <summary>Control: a private UL of 8 bytes (two values) in another group is read.</summary>
        [Fact]
        public void A_private_UL_of_length_8_in_group_0011_is_read() =>
            AssertRead(Cat(Meta(Uid(ExplicitLittle)), Basic(),
                Explicit(0x0010, 0x0020, "LO", Text("REALID")),
                Explicit(0x0011, 0x0010, "LO", Text("SIEMENS")),
                Explicit(0x0011, 0x1001, "UL", new byte[] { 1, 0, 0, 0, 2, 0, 0, 0 })));

        // ---- assertions --------------------------------------------------------------------------------------------------------

        /// <summary>Read (no exception) from bytes, header-only, and from a stream, with its SOP Instance UID.</summary>
        private static void AssertRead(byte[] bytes)
        {
            var sop = new DicomTag(0x0008, 0x0018);
            Assert.Equal(SopInstance, DicomFile.Open(bytes).Dataset.GetString(sop));
            Assert.Equal(SopInstance, DicomFile.Open(bytes, DicomReadOptions.HeaderOnly).Dataset.GetString(sop));
            using var stream = new MemoryStream(bytes, false);
            Assert.Equal(SopInstance, DicomFile.Open(stream).Dataset.GetString(sop));
        }

        // ---- the crafted files (ports of the review's gen*.py) -----------------------------------------------------------------

        /// <summary>gen42.py build((0x0004, 0x1130)): g42a_gdcm_hybrid_0004_1130.</summary>
        private static byte[] HybridFileSetId()
        {
            var e1 = Cat(Le16(0x0008), Le16(0x0005), new byte[4]);                                     // empty in every reading
            var e2 = Cat(Le16(0x0004), Le16(0x1130), Encoding.ASCII.GetBytes("OB"), new byte[2], Le32(0)); // explicit: length 0
            int ourLength = BinaryPrimitives.ReadInt32LittleEndian(Cat(Encoding.ASCII.GetBytes("OB"), new byte[2]));  // 16,975
            var e3 = Cat(Le16(0x0009), Le16(0x1001), new byte[] { 0x20, 0x00, 0x00, 0x00 });           // hybrid: implicit length 32
            var zeros = new byte[8];                                                                   // gdcm's VR16 reading throws here
            int end = 16 + ourLength;                                                                  // end of this reader's (0004,1130)
            var e4 = Cat(Le16(0x0009), Le16(0x0000), Encoding.ASCII.GetBytes("OB"), new byte[2], Le32((uint)(end - 48)));
            var d = Cat(e1, e2, e3, zeros, e4);                                                        // 48 bytes
            d = Cat(d, new byte[60 - d.Length], Leak());                                               // the hybrid resumes at 28 + 32 = 60
            d = Cat(d, Explicit(0x0009, 0x1002, "OB", new byte[end - d.Length - 12]));
            Assert.Equal(end, d.Length);
            return Cat(Meta(Uid(ExplicitLittle)), d);
        }

        /// <summary>gen43.py: g43a_gdcm_len13_modality.</summary>
        private static byte[] Length13Modality()
        {
            var pre = Cat(Implicit(0x0008, 0x0016, Uid(SopClass)), Implicit(0x0008, 0x0018, Uid(SopInstance)));
            var a = Implicit(0x0008, 0x0023, Cat(Encoding.ASCII.GetBytes("2024010111"), new byte[] { 0x09, 0x00, 0x00 }));
            const int l = 0x7000;                                            // Modality's length: gdcm's element gets 0x6000
            int off = 24576 + 18 - 21;                                       // where gdcm's next element falls in Modality's value
            var v = Cat(Encoding.ASCII.GetBytes("ORIGINAL"), Spaces(off - 8), Leak(explicitVR: false));
            v = Cat(v, Implicit(0x0009, 0x1002, Spaces(l - v.Length - 8)));
            Assert.Equal(l, v.Length);
            return Cat(Meta(Uid(ImplicitLittle)), pre, a, Implicit(0x0008, 0x0060, v));
        }
    }
}
