using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Xunit;
using static Deid.Dicom.Tests.IO.PolyglotBytes;

namespace Deid.Dicom.Tests.IO
{
    /// <summary>
    /// Seventh review (parser differential, h2, of 4b18040): crafted files ("polyglots") that dcmtk's dcmdump 3.6.7 reads with
    /// a planted (0010,0010) Patient's Name "LEAKNAME^ALPHA", (0010,0020) Patient ID "LEAKID12345" and (0010,0030) Birth Date
    /// "19310101" listed as elements, while this reader read the same bytes without them: they sat inside a value it kept (a
    /// Manufacturer, Pixel Data, a Manufacturer's Model Name). Such a file must be refused (<see cref="DicomFormatException"/>),
    /// or read as dcmtk reads it, the planted name then an element. Each file's dcmdump control shows the premise. A file as
    /// pydicom's meta_missing_tsyntax.dcm (no Transfer Syntax UID, an implicit private sequence first) must still be read.
    /// </summary>
    public class ReaderDifferentialSeventhTests
    {
        private const string UnknownSyntax = "1.2.3.4.5.6.7";

        private static readonly DicomTag PatientName = new DicomTag(0x0010, 0x0010);
        private static readonly DicomTag ManufacturerModelName = new DicomTag(0x0008, 0x1090);


        // A dcmdump +L line of (0010,0010) whose (long) value holds the planted name anywhere (g37: after ~21 KB of padding).
        private static readonly Regex NameInsidePatientName = new Regex(@"^\s*\(0010,0010\) \S\S .*LEAKNAME", RegexOptions.Multiline | RegexOptions.CultureInvariant);

        // First 8 bytes of the no-TS / unknown-TS data (gen30.py, gen31.py, gen35.py).
        private static readonly byte[] IllegalPrivateCreatorFirst = { 0x00, 0x01, 0x00, 0x10, (byte)'L', (byte)'O', 0, 0 };
        private static readonly byte[] SyntheticDataFirst = { 0x00, 0x08, 0x00, 0x1C, (byte)'C', (byte)'S', 0, 0 };
        private static readonly byte[] CommandGroupFirst = { 0x00, 0x00, 0x01, 0x20, (byte)'U', (byte)'S', 0, 0 };
        private static readonly byte[] FfffPrivateCreatorFirst = { 0xFF, 0xFF, 0x00, 0x10, (byte)'L', (byte)'O', 0, 0 };
        private static readonly byte[] ZonalMapFirst = { 0x10, 0x10, 0x00, 0x04, (byte)'U', (byte)'S', 0, 0 };
        private static readonly byte[] ImplicitIllegalPrivateCreatorFirst = { 0x00, 0x01, 0x00, 0x10, 0, 0, 0, 0 };
        private static readonly byte[] GroupLengthFirst = { 0x00, 0x08, 0x00, 0x00, (byte)'U', (byte)'L', 0, 0 };
        private static readonly byte[] ImplicitGroupLengthFirst = { 0x00, 0x08, 0x00, 0x00, 0, 0, 0, 0 };

        /// <summary>Every crafted file by the name of the review's file it ports, for the dcmdump controls.</summary>
        private static readonly IReadOnlyDictionary<string, Func<byte[]>> Polyglots = new Dictionary<string, Func<byte[]>>(StringComparer.Ordinal)
        {
            ["g30a_nots_illegalprivcreator"] = () => Cat(Meta(null), Poly(IllegalPrivateCreatorFirst, oursBigEndian: false, explicitVR: true)),
            ["g30d_unknownts_illegalprivcreator"] = () => Cat(Meta(Uid(UnknownSyntax)), Poly(IllegalPrivateCreatorFirst, oursBigEndian: false, explicitVR: true)),
            ["g31a_newtag_0008001C_oursBE_nots"] = () => Cat(Meta(null), Poly(SyntheticDataFirst, oursBigEndian: true, explicitVR: true)),
            ["g31b_group0000_cmd_nots"] = () => Cat(Meta(null), Poly(CommandGroupFirst, oursBigEndian: false, explicitVR: true)),
            ["g31b_group0000_cmd_unkts"] = () => Cat(Meta(Uid(UnknownSyntax)), Poly(CommandGroupFirst, oursBigEndian: false, explicitVR: true)),
            ["g31c_ffff_privcreator_nots"] = () => Cat(Meta(null), Poly(FfffPrivateCreatorFirst, oursBigEndian: false, explicitVR: true)),
            ["g31c_ffff_privcreator_unkts"] = () => Cat(Meta(Uid(UnknownSyntax)), Poly(FfffPrivateCreatorFirst, oursBigEndian: false, explicitVR: true)),
            ["g31d_zonalmap_10100004_nots"] = () => Cat(Meta(null), Poly(ZonalMapFirst, oursBigEndian: false, explicitVR: true)),
            ["g31d_zonalmap_10100004_unkts"] = () => Cat(Meta(Uid(UnknownSyntax)), Poly(ZonalMapFirst, oursBigEndian: false, explicitVR: true)),
            ["g31e_implicit_illegalpc_nots"] = () => Cat(Meta(null), Poly(ImplicitIllegalPrivateCreatorFirst, oursBigEndian: false, explicitVR: false)),
            ["g31e_implicit_illegalpc_unkts"] = () => Cat(Meta(Uid(UnknownSyntax)), Poly(ImplicitIllegalPrivateCreatorFirst, oursBigEndian: false, explicitVR: false)),
            ["g32a_gl0_implicit_XX"] = GroupLengthZeroImplicitXX,
            ["g32b_gl0_explicitBE"] = GroupLengthZeroBigEndian,
            ["g34_ts_embedded_space"] = () => ImplicitSyntaxWithWhiteSpace("1.2.840. 10008.1.2"),
            ["g34_ts_embedded_tab"] = () => ImplicitSyntaxWithWhiteSpace("1.2.840.10008.\t1.2"),
            ["g34_ts_embedded_lf"] = () => ImplicitSyntaxWithWhiteSpace("1.2.840.10008.1\n.2"),
            ["g35a_ts_htj2k_4_201"] = () => Cat(Meta(Uid("1.2.840.10008.1.2.4.201")), Poly(GroupLengthFirst, oursBigEndian: false, explicitVR: true)),
            ["g35b_ts_4_999"] = () => Cat(Meta(Uid("1.2.840.10008.1.2.4.999")), Poly(GroupLengthFirst, oursBigEndian: false, explicitVR: true)),
            ["g35c_ts_papyrus_1_20_implicit"] = () => Cat(Meta(Uid("1.2.840.10008.1.20")), Poly(ImplicitGroupLengthFirst, oursBigEndian: false, explicitVR: false)),
            ["g35f_ts_7_1"] = () => Cat(Meta(Uid("1.2.840.10008.1.2.7.1")), Poly(GroupLengthFirst, oursBigEndian: false, explicitVR: true)),
        };

        public static IEnumerable<object[]> PolyglotNames() => Polyglots.Keys.Select(k => new object[] { k });

        // ---- the controls: dcmdump lists the planted name in every one of these files ---------------------------------------

        /// <summary>
        /// The premise of the tests below: dcmtk 3.6.7, the referee, lists the planted name as a (0010,0010) element of the
        /// crafted bytes. Should a builder drift (or dcmtk change), this fails, not the refusal tests silently proving nothing.
        /// </summary>
        [Theory]
        [MemberData(nameof(PolyglotNames))]
        public async Task Dcmdump_lists_the_planted_name_as_an_element(string polyglot)
        {
            await AssertListsPlantedNameAsync("dcmdump", Polyglots[polyglot](), DcmdumpListsName, polyglot);
        }

        /// <summary>g37's premise: dcmtk's (0010,0010) runs to the end of the file, over the names this reader keeps in (0008,1090).</summary>
        [Fact]
        public async Task Dcmdump_reads_the_planted_name_inside_a_longer_patient_name()
        {
            var run = await ToolOnBytesAsync("dcmdump", SameTagLonger(), "+L");
            Assert.True(NameInsidePatientName.IsMatch(run.Stdout), $"dcmdump +L has no (0010,0010) holding LEAKNAME:\n{run.Describe()}\n{Head(run.Stdout)}");
            Assert.DoesNotMatch(@"(?m)^\s*\(0008,1090\)", run.Stdout);
        }

        // ---- 1. no / unknown syntax: dcmtk's dictionary decides the byte order, not this reader's --------------------------

        /// <summary>
        /// Finding 1: no Transfer Syntax UID (meta without it, _nots) or an unknown one (_unkts, g30d), explicit data. dcmtk's
        /// checkTransferSyntax asks its own dictionary (3.6.7's dicom.dic) whether the first tag is known little or big endian.
        /// (0001,0010) IllegalPrivateCreator (g30, g31e implicit), the command group (0000,0120) (g31b), a private creator of
        /// group FFFF (g31c) and (1010,0004) (g31d, where this reader knows all of (1010,xxxx)) are known to dcmtk big endian
        /// only, so it reads big endian; (0008,001C) Synthetic Data (g31a) is in this reader's dictionary, not in dcmtk 3.6.7's,
        /// so this reader read big endian and dcmtk little. Either way the names dcmtk lists sat in this reader's 512-byte
        /// (64 KB implicit) Manufacturer.
        /// </summary>
        [Theory]
        [InlineData("g30a_nots_illegalprivcreator")]
        [InlineData("g30d_unknownts_illegalprivcreator")]
        [InlineData("g31a_newtag_0008001C_oursBE_nots")]
        [InlineData("g31b_group0000_cmd_nots")]
        [InlineData("g31b_group0000_cmd_unkts")]
        [InlineData("g31c_ffff_privcreator_nots")]
        [InlineData("g31c_ffff_privcreator_unkts")]
        [InlineData("g31d_zonalmap_10100004_nots")]
        [InlineData("g31d_zonalmap_10100004_unkts")]
        [InlineData("g31e_implicit_illegalpc_nots")]
        [InlineData("g31e_implicit_illegalpc_unkts")]
        public void Data_without_a_known_syntax_are_refused_or_read_in_the_byte_order_dcmtks_dictionary_gives(string polyglot) =>
            AssertRefusedOrSeen(Polyglots[polyglot](), PatientName, LeakName);

        // ---- 2. meta group length 0 ---------------------------------------------------------------------------------------------

        /// <summary>
        /// Finding 2: (0002,0000) = 0. dcmtk ends the meta right after it, so the meta has no Transfer Syntax UID to dcmtk, and
        /// it reads the rest of group 0002 and the whole dataset in the syntax it sniffs from (0002,0001) OB: Explicit VR LE.
        /// This reader tolerated the zero and read the dataset by the UID: Implicit VR LE (g32a, 'XX' VR bytes: 0x5858 bytes
        /// implicit, 4 explicit) or Explicit VR BE (g32b, 512 bytes big endian, 2 little), the names inside its Manufacturer.
        /// </summary>
        [Theory]
        [InlineData("g32a_gl0_implicit_XX")]
        [InlineData("g32b_gl0_explicitBE")]
        public void A_meta_group_length_of_zero_over_a_dataset_not_explicit_little_endian_is_refused(string polyglot) =>
            AssertRefused(Polyglots[polyglot]());

        // ---- 3. white space inside the transfer syntax UID ----------------------------------------------------------------------

        /// <summary>
        /// Finding 3: "1.2.840. 10008.1.2", "1.2.840.10008.\t1.2", "1.2.840.10008.1\n.2". dcmtk removes every white-space byte
        /// of a UI value (leading, embedded, trailing) and reads Implicit VR LE: the explicit 40,000-byte Pixel Data this reader
        /// read (the UID unknown, only its ends trimmed) is 16,975 bytes to dcmtk, and the implicit names after it are elements.
        /// </summary>
        [Theory]
        [InlineData("g34_ts_embedded_space")]
        [InlineData("g34_ts_embedded_tab")]
        [InlineData("g34_ts_embedded_lf")]
        public void A_transfer_syntax_uid_with_white_space_inside_is_refused_or_read_as_dcmtk_reads_it(string polyglot) =>
            AssertRefusedOrSeen(Polyglots[polyglot](), PatientName, LeakName);

        // ---- 4. syntaxes this reader knows and dcmtk 3.6.7 does not --------------------------------------------------------------

        /// <summary>
        /// Finding 4: HTJ2K 1.2.840.10008.1.2.4.201, any 1.2.840.10008.1.2.4.NNN (.999), Papyrus 1.2.840.10008.1.20 (implicit
        /// to this reader) and SMPTE .1.2.7.1 are not in dcmtk 3.6.7's table, so dcmtk sniffs the data: the first tag, (0008,0000)
        /// big endian and (0800,0000) little, both group lengths, gives big endian. This reader took the UIDs as known, did not
        /// sniff, and read little endian: the big-endian names sat in its Manufacturer.
        /// </summary>
        [Theory]
        [InlineData("g35a_ts_htj2k_4_201")]
        [InlineData("g35b_ts_4_999")]
        [InlineData("g35c_ts_papyrus_1_20_implicit")]
        [InlineData("g35f_ts_7_1")]
        public void A_transfer_syntax_uid_dcmtk_does_not_know_is_refused_or_read_as_dcmtk_sniffs_it(string polyglot) =>
            AssertRefusedOrSeen(Polyglots[polyglot](), PatientName, LeakName);

        // ---- 5. same tag at the same place, another length -----------------------------------------------------------------------

        /// <summary>
        /// Finding 5: Explicit VR LE declared, data that look implicit. (0010,0010) starts at the same offset in both readings,
        /// 'UT' 00 00 &lt;length to the end&gt; to dcmtk, 21,589 bytes ('U','T',0,0) to this reader, which then read an implicit
        /// (0008,1090) Manufacturer's Model Name holding the names. The walk exempted the tag (same tag, same place) without
        /// comparing the lengths, and the file was read as found. Refused, or not read with the names in (0008,1090).
        /// </summary>
        [Fact]
        public void The_same_tag_at_the_same_place_with_another_length_does_not_hide_the_names_in_a_kept_element() =>
            AssertRefusedOrNotIn(SameTagLonger(), ManufacturerModelName, "LEAKNAME");

        // ---- must still read ----------------------------------------------------------------------------------------------------

        /// <summary>
        /// pydicom's meta_missing_tsyntax.dcm, made small: a meta without Transfer Syntax UID, then Implicit VR LE data whose
        /// first element is a private (0001,0001) of undefined length, a sequence of implicit items (one nested). dcmtk and
        /// pydicom read it; a stricter no-syntax check must not refuse it.
        /// </summary>
        [Fact]
        public void A_meta_without_a_syntax_over_an_implicit_private_sequence_is_read()
        {
            var bytes = MissingSyntaxPrivateSequence();
            var first = new DicomTag(0x0001, 0x0001);
            Assert.True(DicomFile.Open(bytes).Dataset.Contains(first));
            Assert.True(DicomFile.Open(bytes, DicomReadOptions.HeaderOnly).Dataset.Contains(first));
            using var stream = new MemoryStream(bytes, false);
            Assert.True(DicomFile.Open(stream).Dataset.Contains(first));
        }

        // ---- assertions --------------------------------------------------------------------------------------------------------

        /// <summary>
        /// Refused, or read (from bytes, header-only, from a stream) without <paramref name="text"/> in the value of
        /// <paramref name="tag"/>, an element every recipe keeps.
        /// </summary>
        private static void AssertRefusedOrNotIn(byte[] bytes, DicomTag tag, string text)
        {
            void Check(DicomFile? file, string how)
            {
                if (file == null) return;
                string? kept = file.Dataset.Contains(tag) ? file.Dataset.GetString(tag) : null;
                Assert.False(kept != null && kept.Contains(text, StringComparison.Ordinal), $"Neither refused nor read as dcmtk reads it: {how}, and {tag} holds \"{kept}\" (the elements: {string.Join(" ", file.Dataset.Elements.Select(e => e.Tag))}).");
            }
            Check(OpenOrRefused(() => DicomFile.Open(bytes)), "read");
            Check(OpenOrRefused(() => DicomFile.Open(bytes, DicomReadOptions.HeaderOnly)), "read header-only");
            using var stream = new MemoryStream(bytes, false);
            Check(OpenOrRefused(() => DicomFile.Open(stream)), "read from a stream");
        }

        // ---- the crafted files (ports of the review's gen*.py) -----------------------------------------------------------------

        /// <summary>
        /// gen31.py poly(): <paramref name="first"/> (8 bytes, empty in both byte orders), then a (0008,0070) Manufacturer in
        /// this reader's byte order, 512 bytes long (explicit LO; implicit: 65,536) and 2 (implicit: 256) in dcmtk's; in it
        /// 'XX' (implicit: 256 'X'), dcmtk's names in dcmtk's byte order, and a private (0009,1001) filler to the end.
        /// </summary>
        private static byte[] Poly(byte[] first, bool oursBigEndian, bool explicitVR)
        {
            bool dcmtkBigEndian = !oursBigEndian;
            var names = Leak(bigEndian: dcmtkBigEndian, explicitVR: explicitVR);
            var tag = oursBigEndian ? Cat(Be16(0x0008), Be16(0x0070)) : Cat(Le16(0x0008), Le16(0x0070));
            if (explicitVR)
            {
                const int total = 512;
                var inner = Cat(Text("XX"), names);
                int fill = total - inner.Length - 12;
                var filler = Explicit(0x0009, 0x1001, "OB", new byte[fill], dcmtkBigEndian);
                return Cat(first, tag, Text("LO"), oursBigEndian ? Be16(total) : Le16(total), inner, filler);
            }
            else
            {
                const int total = 65536;
                var inner = Cat(Encoding.ASCII.GetBytes(new string('X', 256)), names);
                int fill = total - inner.Length - 8;
                var filler = Implicit(0x0009, 0x1001, new byte[fill], dcmtkBigEndian);
                return Cat(first, tag, oursBigEndian ? Be32(total) : Le32(total), inner, filler);
            }
        }

        /// <summary>
        /// gen32.py g32a: Implicit VR LE declared, group length 0. This reader: implicit (0008,0070) of 'X','X',0,0 = 0x5858
        /// bytes. dcmtk (explicit LE): (0008,0070) VR 'XX' with a 4-byte length of 4 ("ACME"), the explicit names, an OB filler.
        /// </summary>
        private static byte[] GroupLengthZeroImplicitXX()
        {
            var inner = Cat(Le32(4), Text("ACME"), Leak());
            int fill = 0x5858 - inner.Length - 12;
            var data = Cat(Le16(0x0008), Le16(0x0070), Text("XX"), new byte[2], inner, Explicit(0x0009, 0x1001, "OB", new byte[fill]));
            return Cat(Meta(Uid(ImplicitLittle), groupLength: 0), data);
        }

        /// <summary>
        /// gen32.py g32b: Explicit VR BE declared, group length 0. This reader: big endian (0008,0070) LO of 512 bytes; dcmtk
        /// (explicit LE): (0800,7000) LO of 2, then the little-endian names and an OB filler.
        /// </summary>
        private static byte[] GroupLengthZeroBigEndian()
        {
            var inner = Cat(Text("XX"), Leak());
            int fill = 512 - inner.Length - 12;
            var data = Cat(Be16(0x0008), Be16(0x0070), Text("LO"), Be16(512), inner, Explicit(0x0009, 0x1001, "OB", new byte[fill]));
            return Cat(Meta(Uid(ExplicitBig), groupLength: 0), data);
        }

        /// <summary>
        /// gen34.py: the Transfer Syntax UID value as given (the implicit UID with white space inside); an explicit Pixel Data of
        /// 40,000 bytes whose implicit reading is 'O','B',0,0 = 16,975 bytes, followed by the implicit names and a private
        /// element to the end.
        /// </summary>
        private static byte[] ImplicitSyntaxWithWhiteSpace(string syntax)
        {
            const int total = 40000;
            var header = Cat(Le16(0x7FE0), Le16(0x0010), Text("OB"), new byte[2], Le32(total));
            var value = new byte[total];
            int at = 8 + 0x424F - 12;
            var leak = Leak(explicitVR: false);
            leak.CopyTo(value, at);
            int after = at + leak.Length;
            Implicit(0x0009, 0x1001, Array.Empty<byte>(), length: (uint)(total - after - 8)).CopyTo(value, after);
            return Cat(Meta(Uid(syntax)), header, value);
        }

        /// <summary>
        /// gen37.py g37: Explicit VR LE declared. (0008,0005) empty both ways (VR bytes 00 00); then 10 00 10 00 'UT' 00 00
        /// &lt;length to the end&gt;: dcmtk's Patient's Name runs to the end of the file, this reader's is 'U','T',0,0 = 21,589
        /// bytes, after which it reads an implicit (0008,1090) holding the names.
        /// </summary>
        private static byte[] SameTagLonger()
        {
            var kept = Implicit(0x0008, 0x1090, Text("LEAKNAME^ALPHA LEAKID12345 19310101"));
            var rest = Cat(Spaces(0x5455 - 4), kept);
            var name = Cat(Le16(0x0010), Le16(0x0010), Text("UT"), new byte[2], Le32((uint)rest.Length), rest);
            return Cat(Meta(Uid(ExplicitLittle)), Implicit(0x0008, 0x0005, Array.Empty<byte>()), name);
        }

        /// <summary>
        /// pydicom's meta_missing_tsyntax.dcm, small: a meta without Transfer Syntax UID; implicit LE (0001,0001) of undefined
        /// length holding an item of undefined length, whose (0001,0001) sequence holds an item with (0001,0001) text; then
        /// (0001,0002) text; each item and sequence delimited; then a (7FE0,0010) of 2 bytes.
        /// </summary>
        private static byte[] MissingSyntaxPrivateSequence()
        {
            static byte[] Sequence(byte[] itemBody) => Cat(
                Le16(0x0001), Le16(0x0001), Le32(0xFFFFFFFF),
                Le16(0xFFFE), Le16(0xE000), Le32(0xFFFFFFFF), itemBody, ItemDelimiter(),
                SequenceDelimiter());
            var inner = Sequence(Implicit(0x0001, 0x0001, Text("Double Nested SQ")));
            var outer = Sequence(Cat(inner, Implicit(0x0001, 0x0002, Text("Nested SQ"))));
            return Cat(Meta(null), outer, Implicit(0x7FE0, 0x0010, new byte[2]));
        }

        // ---- encoding helpers (dcm.py) --------------------------------------------------------------------------------------

        /// <summary>
        /// dcm.py meta(): preamble, DICM, group length (the elements' length, or <paramref name="groupLength"/>), (0002,0001/
        /// 0002/0003), the Transfer Syntax UID value as given (none when null), (0002,0012); explicit VR little endian.
        /// </summary>
        private static byte[] Meta(byte[]? syntax, int? groupLength = null)
        {
            var body = Cat(
                Explicit(0x0002, 0x0001, "OB", new byte[] { 0, 1 }),
                Explicit(0x0002, 0x0002, "UI", Uid(SopClass)),
                Explicit(0x0002, 0x0003, "UI", Uid(SopInstance)),
                syntax == null ? Array.Empty<byte>() : Explicit(0x0002, 0x0010, "UI", syntax),
                Explicit(0x0002, 0x0012, "UI", Uid("1.2.3.4.5.6")));
            uint length = (uint)(groupLength ?? body.Length);
            return Cat(Preamble(), Explicit(0x0002, 0x0000, "UL", Le32(length)), body);
        }

    }
}
