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
    /// Sixth review (parser differential, h1): crafted files ("polyglots") that dcmtk's dcmdump 3.6.7 reads with a planted
    /// (0010,0010) Patient's Name "LEAKNAME^ALPHA", (0010,0020) Patient ID "LEAKID12345" and (0010,0030) Birth Date "19310101"
    /// listed as elements, while this reader read the same bytes without those elements: they sat inside a value it kept
    /// (a Manufacturer, Pixel Data, an Escape Triplet, a Presentation LUT Shape), so every recipe kept them and the audit said
    /// nothing leaked. Such a file must be refused (<see cref="DicomFormatException"/>), or, where reading it as dcmtk reads it
    /// is an option (a transfer syntax dcmtk normalises or sniffs), read with the elements dcmtk lists. Each test's dcmdump
    /// control shows the premise: dcmtk does list the planted name as an element of these very bytes. A stray item delimiter
    /// at the top level, which both referees read past, must be read, not refused (the review's one false refusal).
    /// </summary>
    public class ReaderDifferentialTests
    {
        private const string Deflated = "1.2.840.10008.1.2.1.99";

        private static readonly DicomTag PatientName = new DicomTag(0x0010, 0x0010);


        /// <summary>Every crafted file by the name of the review's file it ports, for the dcmdump controls.</summary>
        private static readonly IReadOnlyDictionary<string, Func<byte[]>> Polyglots = new Dictionary<string, Func<byte[]>>(StringComparer.Ordinal)
        {
            ["g1a"] = () => BigEndianMeta(ExplicitLittle, preamble: true),
            ["g1b"] = () => BigEndianMeta(ImplicitLittle, preamble: true),
            ["g1c"] = () => BigEndianMeta(ExplicitLittle, preamble: false),
            ["g3a"] = GroupLengthPastMetaImplicitXX,
            ["g3f"] = GroupLengthPastMetaBigEndian,
            ["g15a"] = GroupLengthPastImplicitMeta,
            ["g22b"] = GroupLengthPastMetaDeflated,
            ["g4a"] = GroupLengthInsideTransferSyntax,
            ["g6_ts_nul_garbage"] = () => ImplicitSyntaxWithTrailer(Encoding.ASCII.GetBytes("1.2.840.10008.1.2\0XYZ\0")),
            ["g6_ts_trail_tab"] = () => ImplicitSyntaxWithTrailer(Encoding.ASCII.GetBytes("1.2.840.10008.1.2\t")),
            ["g7a"] = () => BigEndianDeclaredInStep(imageComments: false),
            ["g7b"] = () => BigEndianDeclaredInStep(imageComments: true),
            ["g10a"] = () => Cat(Meta(null), ImplicitBigEndianData()),
            ["g10c"] = () => Cat(Preamble(), ImplicitBigEndianData()),
            ["g19a"] = () => Cat(Meta(Uid("1.2.3.4.5.6.7")), ImplicitBigEndianDataEmptyFirst()),
            ["g11a"] = () => Cat(Meta(null), BothOrdersKnownExplicitData()),
            ["g11c"] = () => Cat(Meta(null), NeitherOrderKnownExplicitData()),
            ["g14a"] = GroupLengthWithTwoValues,
            ["g16a"] = UnPixelDataInSequenceItem,
            ["g17b"] = TrailingItemDelimiter,
        };

        public static IEnumerable<object[]> PolyglotNames() => Polyglots.Keys.Select(k => new object[] { k });

        // ---- the controls: dcmdump lists the planted name in every one of these files ---------------------------------------

        /// <summary>
        /// The premise of every test below: dcmtk 3.6.7, the referee, lists the planted name as a (0010,0010) element of the
        /// crafted bytes. Should a builder drift (or dcmtk change), this fails, not the refusal tests silently proving nothing.
        /// </summary>
        [Theory]
        [MemberData(nameof(PolyglotNames))]
        public async Task Dcmdump_lists_the_planted_name_as_an_element(string polyglot)
        {
            await AssertListsPlantedNameAsync("dcmdump", Polyglots[polyglot](), DcmdumpListsName, polyglot);
        }

        [Fact]
        public async Task Dcmdump_reads_a_stray_top_level_item_delimiter_without_a_complaint()
        {
            var run = await ToolOnBytesAsync("dcmdump", TrailingItemDelimiter());
            Assert.True(run.ExitCode == 0 && !run.StderrLines("E: ").Any() && !run.StderrLines("F: ").Any() && !run.StderrLines("W: ").Any(), run.Describe());
        }

        // ---- 1. big-endian file meta ---------------------------------------------------------------------------------------

        /// <summary>
        /// Finding 1: group 0002 written Explicit VR Big Endian. dcmtk reads it as the file meta ("Used TransferSyntax: Big Endian
        /// Explicit") and the dataset by the meta's Transfer Syntax UID (little endian); this reader took a meta only when
        /// (0002,xxxx) reads little endian, so it saw none, sniffed big endian and read meta and dataset as one big-endian
        /// dataset: the little-endian names sat in a 512-byte Manufacturer (g1a, g1c without preamble) or in Pixel Data (g1b).
        /// </summary>
        [Theory]
        [InlineData("g1a")]
        [InlineData("g1b")]
        [InlineData("g1c")]
        public void A_file_meta_written_big_endian_is_refused(string polyglot) => AssertRefused(Polyglots[polyglot]());

        // ---- 2. group length a few bytes past the meta, dataset in another encoding -----------------------------------------

        /// <summary>
        /// Finding 2: (0002,0000) says the meta ends 2 bytes past its last element. dcmtk goes on reading meta elements while its
        /// count is short of the group length, so it reads the dataset's first element in the meta's encoding (Explicit VR LE)
        /// and starts the dataset after it. This reader tolerated "off by a few bytes", which holds only when the dataset is
        /// Explicit VR LE too: with 'XX' VR bytes in an implicit dataset (dcmtk: 4-byte length; here 0x5858 bytes, g3a), an
        /// Explicit VR BE dataset (length 2 little endian, 512 big endian, g3f), an implicit meta over an explicit dataset (g15a)
        /// or a deflated one (dcmtk inflates from inside the compressed bytes, g22b), the first element has another length to
        /// dcmtk, and the names dcmtk lists after it sat inside this reader's first element.
        /// </summary>
        [Theory]
        [InlineData("g3a")]
        [InlineData("g3f")]
        [InlineData("g15a")]
        [InlineData("g22b")]
        public void A_meta_group_length_past_the_meta_over_a_dataset_in_another_encoding_is_refused(string polyglot) =>
            AssertRefused(Polyglots[polyglot]());

        // ---- 3. group length ending inside a meta element ---------------------------------------------------------------------

        /// <summary>
        /// Finding 3: the group length ends 2 bytes before the end of the Transfer Syntax UID's value. dcmtk reads that element
        /// whole and stops, so the empty (0002,0012) after it is the dataset's first element to dcmtk, read implicit with a
        /// length of 'U','I',0,0 = 18,773, and the implicit names after it are elements; here (0002,0012) was meta and the names
        /// sat inside an 18.8 KB Manufacturer. The fifth review refused lengths on element boundaries only.
        /// </summary>
        [Fact]
        public void A_meta_group_length_ending_inside_the_transfer_syntax_uid_is_refused() => AssertRefused(Polyglots["g4a"]());

        // ---- 4. transfer syntax UID dcmtk normalises ---------------------------------------------------------------------------

        /// <summary>
        /// Finding 4: Transfer Syntax UID "1.2.840.10008.1.2" followed by NUL and garbage, or by a TAB. dcmtk cuts the UID at
        /// the NUL and strips white space, and reads Implicit VR LE: the explicit Pixel Data this reader read (40,000 bytes, an
        /// unknown syntax read as Explicit VR LE with no walk) is 16,975 bytes to dcmtk, and the implicit names after it are
        /// elements. Refusing the file, or reading it as dcmtk does and so seeing the names, are both right.
        /// </summary>
        [Theory]
        [InlineData("g6_ts_nul_garbage")]
        [InlineData("g6_ts_trail_tab")]
        public void A_transfer_syntax_uid_dcmtk_reads_as_implicit_little_endian_is_refused_or_read_as_dcmtk_reads_it(string polyglot) =>
            AssertRefusedOrSeen(Polyglots[polyglot](), PatientName, LeakName);

        // ---- 5. big endian declared, implicit data in step ----------------------------------------------------------------------

        /// <summary>
        /// Finding 5: Big Endian declared, data that look Implicit VR LE. Each explicit-BE element (gggg,eeee) 'UT' 00 00
        /// &lt;21,585&gt; is, read implicit LE, the byte-swapped tag with length 'U','T',0,0 = 21,589: the same start and end.
        /// The walk's exemption for elements this reader's own reading has at the same offset took (0010,0010) for this
        /// reader's (1000,1000) Escape Triplet, so the file was read as found and the names kept (g7a byte-swapped in US values;
        /// g7b in plain text, an Image Comments read as a Film Destination).
        /// </summary>
        [Theory]
        [InlineData("g7a")]
        [InlineData("g7b")]
        public void Big_endian_elements_in_step_with_an_implicit_reading_are_refused(string polyglot) => AssertRefused(Polyglots[polyglot]());

        // ---- 6. no / unknown syntax, implicit big endian data --------------------------------------------------------------

        /// <summary>
        /// Finding 6: no Transfer Syntax UID (meta without it, g10a; DICM without a meta, g10c) or an unknown one (g19a), data
        /// Implicit VR Big Endian. dcmtk sniffs "Virtual Big Endian Implicit" (the little-endian tag (1000,0010) has a group
        /// above 0xff, the big-endian (0010,1000) not); this reader sniffed implicit data as little endian always, so the names
        /// sat in a 64 KB Escape Triplet. This reader reads no implicit big endian: refused (or, should it learn to, read with
        /// the names dcmtk lists).
        /// </summary>
        [Theory]
        [InlineData("g10a")]
        [InlineData("g10c")]
        [InlineData("g19a")]
        public void Implicit_big_endian_data_without_a_known_transfer_syntax_are_refused_or_read_as_dcmtk_reads_them(string polyglot) =>
            AssertRefusedOrSeen(Polyglots[polyglot](), PatientName, LeakName);

        // ---- 7. no syntax, explicit data, dcmtk's tie-break -------------------------------------------------------------------

        /// <summary>
        /// Finding 7: no Transfer Syntax UID, explicit data. The first tag is known in both byte orders with both groups above
        /// 0xff ((5020,2000) / (2050,0020), g11a) or in neither ((3000,1000) / (0030,0010), g11c): dcmtk takes little endian
        /// (big endian only when the little-endian group is above 0xff and the big-endian one is not), this reader took the
        /// smaller group, big endian, and the little-endian names sat in a 512-byte value. Refused, or sniffed as dcmtk sniffs
        /// and so read with the names.
        /// </summary>
        [Theory]
        [InlineData("g11a")]
        [InlineData("g11c")]
        public void Explicit_data_without_a_transfer_syntax_are_refused_or_read_in_dcmtks_byte_order(string polyglot) =>
            AssertRefusedOrSeen(Polyglots[polyglot](), PatientName, LeakName);

        // ---- 8. group length with two values -------------------------------------------------------------------------------

        /// <summary>
        /// Finding 8: (0002,0000) UL of 8 bytes (two values, the first the right length). This reader took no group length from
        /// it, dcmtk uses its first value: the fifth review's file again (the meta ends on the boundary before an empty
        /// (0002,0012), which dcmtk reads as an implicit dataset element of 18,773 bytes, then the names).
        /// </summary>
        [Fact]
        public void A_meta_group_length_with_two_values_is_refused() => AssertRefused(Polyglots["g14a"]());

        // ---- 9. UN Pixel Data of undefined length in an item -----------------------------------------------------------------

        /// <summary>
        /// Finding 9: an ordinary Explicit VR LE file whose VOI LUT Sequence item holds Pixel Data as UN of undefined length.
        /// The top-level case was refused (third review); inside an item it was read as pixel fragments, where dcmtk reads a
        /// CP-246 sequence of implicit items and lists the names, in the input and in every copy written back.
        /// </summary>
        [Fact]
        public void Pixel_Data_stored_as_UN_of_undefined_length_inside_an_item_is_refused() => AssertRefused(Polyglots["g16a"]());

        // ---- 10. the false refusal ---------------------------------------------------------------------------------------------

        /// <summary>
        /// Finding 10: an ordinary file ending in a zero-length (FFFE,E00D) at the top level, as a writer dumping an item-encoded
        /// dataset leaves. dcmdump reads it silently and gdcmdump reads on past it; this reader refused it ("Unexpected item
        /// delimiter"). Read, it hides nothing: its elements are this reader's too.
        /// </summary>
        [Fact]
        public void A_stray_item_delimiter_after_the_last_element_is_read()
        {
            var bytes = TrailingItemDelimiter();
            Assert.Equal(LeakName, DicomFile.Open(bytes).Dataset.GetString(PatientName));
            Assert.Equal(LeakName, DicomFile.Open(bytes, DicomReadOptions.HeaderOnly).Dataset.GetString(PatientName));
            using var stream = new MemoryStream(bytes, false);
            Assert.Equal(LeakName, DicomFile.Open(stream).Dataset.GetString(PatientName));
            // Said, and left out of a copy (the copy then has no (FFFE,E00D) at all).
            var file = DicomFile.Open(bytes);
            Assert.Contains(file.Warnings, w => w.Contains("item delimiter(s) (FFFE,E00D)", StringComparison.Ordinal));
            file.Dataset.SetString(new DicomTag(0x0010, 0x0020), DicomVR.LO, "NEWID");
            using var copy = new MemoryStream();
            DicomWriter.Write(file, copy);
            var written = copy.ToArray();
            Assert.Equal(-1, IndexOf(written, new byte[] { 0xFE, 0xFF, 0x0D, 0xE0 }));
            Assert.Equal(LeakName, DicomFile.Open(written).Dataset.GetString(PatientName));
        }

        /// <summary>
        /// The review's low note (g2a): a meta whose group length is implicit VR and the rest explicit reads, to every reader, as
        /// a File Meta Information Version of some 17 KB holding the other meta elements, the original SOP Instance UID among
        /// them; a modified copy carried it on. PS3.10 fixes that value at 00H 01H: a copy is written with it.
        /// </summary>
        [Fact]
        public void A_file_meta_version_of_another_length_is_written_as_the_standard_one()
        {
            var file = DicomFile.Open(TrailingItemDelimiter());
            var version = new DicomTag(0x0002, 0x0001);
            file.FileMetaInformation.SetRawValue(version, DicomVR.OB, Encoding.ASCII.GetBytes("1.2.826.0.1.3680043.8.498.99 LEAKNAME"));
            file.Dataset.SetString(new DicomTag(0x0010, 0x0020), DicomVR.LO, "NEWID");
            using var copy = new MemoryStream();
            DicomWriter.Write(file, copy);
            var written = DicomFile.Open(copy.ToArray());
            Assert.True(written.FileMetaInformation.TryGetElement(version, out var kept));
            Assert.Equal(new byte[] { 0, 1 }, kept.RawValue.ToArray());
            Assert.Equal(-1, IndexOf(copy.ToArray(), Encoding.ASCII.GetBytes("3680043.8.498.99")));
        }

        private static int IndexOf(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle);

        // ---- assertions --------------------------------------------------------------------------------------------------------

        // ---- the crafted files (ports of the review's gen*.py) -----------------------------------------------------------------

        /// <summary>gen1.py: the meta big endian; the dataset, in the meta's syntax (little endian), holds the names.</summary>
        private static byte[] BigEndianMeta(string ts, bool preamble)
        {
            var meta = Meta(Uid(ts), bigEndian: true);
            if (!preamble) meta = meta.AsSpan(132).ToArray();
            if (ts == ExplicitLittle)
            {
                // Big endian: (0008,0070) LO of 512 bytes; little endian: (0800,7000) LO of 2 ('XX'), then the names.
                var header = new byte[] { 0x00, 0x08, 0x00, 0x70, (byte)'L', (byte)'O', 0x02, 0x00 };
                var inner = Cat(Text("XX"), Leak());
                return Cat(meta, header, inner, Explicit(0x0008, 0x1030, "LO", Spaces(512 - inner.Length - 8)));
            }
            // Big endian: (7FE0,0010) OB of 65,536 bytes; implicit little endian: (E07F,1000) of 'O','B',0,0 = 16,975 bytes,
            // then the implicit names, then a private element to the end of the big-endian value.
            var pixels = new byte[] { 0x7F, 0xE0, 0x00, 0x10, (byte)'O', (byte)'B', 0, 0, 0x00, 0x01, 0x00, 0x00 };
            var body = new byte[65536];
            int at = 8 + 0x424F - pixels.Length;
            var leak = Leak(explicitVR: false);
            leak.CopyTo(body, at);
            Implicit(0x0009, 0x1001, Array.Empty<byte>(), length: (uint)(body.Length - at - leak.Length - 8)).CopyTo(body, at + leak.Length);
            return Cat(meta, pixels, body);
        }

        /// <summary>
        /// gen3.py g3a: Implicit VR LE declared, group length 2 past the meta. The first element (0008,0070) 'XX' 00 00 is
        /// 0x5858 bytes read implicitly, 4 bytes to dcmtk (unknown upper-case VR: reserved bytes and a 4-byte length).
        /// </summary>
        private static byte[] GroupLengthPastMetaImplicitXX()
        {
            var header = Cat(Le16(0x0008), Le16(0x0070), Text("XX"), new byte[2]);
            var value = new byte[0x5858];
            BinaryPrimitives.WriteUInt32LittleEndian(value, 4);
            int at = 4 + 4;
            var leak = Leak(explicitVR: false);
            leak.CopyTo(value, at);
            int after = at + leak.Length;
            Implicit(0x0009, 0x1001, Array.Empty<byte>(), length: (uint)(value.Length - after - 8)).CopyTo(value, after);
            return Cat(Meta(Uid(ImplicitLittle), groupLengthAdjust: 2), header, value, ImplicitTail());
        }

        /// <summary>
        /// gen3.py g3f: Explicit VR BE dataset, group length 2 past the meta. dcmtk reads the first element in the meta's
        /// little-endian order, (0800,7000) LO of 2 bytes, then the big-endian names this reader keeps in a 512-byte Manufacturer.
        /// </summary>
        private static byte[] GroupLengthPastMetaBigEndian()
        {
            var header = new byte[] { 0x00, 0x08, 0x00, 0x70, (byte)'L', (byte)'O', 0x02, 0x00 };
            var inner = Cat(Text("XX"), Leak(bigEndian: true));
            inner = Cat(inner, Explicit(0x0008, 0x1030, "LO", Spaces(512 - inner.Length - 8), bigEndian: true));
            var tail = Cat(
                Explicit(0x0008, 0x0016, "UI", Uid(SopClass), bigEndian: true),
                Explicit(0x0008, 0x0018, "UI", Uid(SopInstance), bigEndian: true),
                Explicit(0x0008, 0x0060, "CS", Text("OT"), bigEndian: true));
            return Cat(Meta(Uid(ExplicitBig), groupLengthAdjust: 2), header, inner, tail);
        }

        /// <summary>
        /// gen15.py g15a: an Implicit VR meta (old writers), Explicit VR LE declared, group length 2 past the meta. dcmtk reads
        /// the first dataset element into the meta implicitly, (7FE0,0010) of 'O','B',0,0 = 16,975 bytes, then the explicit names
        /// this reader keeps in an explicit Pixel Data of 40,000 bytes.
        /// </summary>
        private static byte[] GroupLengthPastImplicitMeta()
        {
            const int total = 40000;
            var header = Cat(Le16(0x7FE0), Le16(0x0010), Text("OB"), new byte[2], Le32(total));
            var value = new byte[total];
            int at = 8 + 0x424F - 12;
            var leak = Leak();
            leak.CopyTo(value, at);
            int after = at + leak.Length;
            Explicit(0x0009, 0x1001, "OB", Array.Empty<byte>(), length: (uint)(total - after - 12)).CopyTo(value, after);
            return Cat(Meta(Uid(ExplicitLittle), groupLengthAdjust: 2, implicitVR: true), header, value);
        }

        /// <summary>
        /// gen22.py g22b: Deflated, group length 2 past the meta. dcmtk reads the first 8 + 0x7000 bytes of the compressed data
        /// as a meta element and inflates from there: a second stored-block stream holding the names. This reader inflates from
        /// the meta's end: one stored block whose content is a ~29 KB (0008,0070) OB holding dcmtk's whole stream.
        /// </summary>
        private static byte[] GroupLengthPastMetaDeflated()
        {
            var inner = Cat(Explicit(0x0008, 0x0060, "CS", Text("OT")), Leak());
            const int at = 28675; // 8 + 0x7000 - 5: dcmtk's stream starts there in the compressed bytes
            var data = new byte[at + 5 + inner.Length + 100];
            StoredBlock(inner).CopyTo(data, at);
            Cat(Le16(0x0008), Le16(0x0070), Text("OB"), new byte[2], Le32((uint)(data.Length - 12))).CopyTo(data, 0);
            return Cat(Meta(Uid(Deflated), groupLengthAdjust: 2), StoredBlock(data));
        }

        /// <summary>A final stored deflate block (RFC 1951): 01, LEN, NLEN, the bytes.</summary>
        private static byte[] StoredBlock(byte[] content) =>
            Cat(new byte[] { 0x01 }, Le16((ushort)content.Length), Le16((ushort)(content.Length ^ 0xFFFF)), content);

        /// <summary>
        /// gen4.py g4a: the group length ends 2 bytes before the end of the Transfer Syntax UID, an empty (0002,0012) after it.
        /// dcmtk reads (0002,0012) as an implicit dataset element of 'U','I',0,0 = 18,773 bytes, the names after it; this reader
        /// reads an implicit Manufacturer whose value runs past dcmtk's restart point.
        /// </summary>
        private static byte[] GroupLengthInsideTransferSyntax() =>
            MetaEndingBeforeEmptyImplementationUid(bodyLength => Explicit(0x0002, 0x0000, "UL", Le32((uint)(bodyLength - 2))));

        /// <summary>
        /// gen14.py g14a: (0002,0000) UL holding two values, the first the meta's length up to (0002,0012). This reader ignores
        /// a group length that is not 4 bytes; dcmtk takes the first value.
        /// </summary>
        private static byte[] GroupLengthWithTwoValues() =>
            MetaEndingBeforeEmptyImplementationUid(bodyLength => Explicit(0x0002, 0x0000, "UL", Cat(Le32((uint)bodyLength), Le32(0))));

        /// <summary>
        /// A meta whose group length (from <paramref name="groupLength"/>, given the length of the elements up to the Transfer
        /// Syntax UID) leaves an empty (0002,0012) to dcmtk's dataset; the implicit names where dcmtk's dataset goes on after it,
        /// inside this reader's Manufacturer.
        /// </summary>
        private static byte[] MetaEndingBeforeEmptyImplementationUid(Func<int, byte[]> groupLength)
        {
            var body = Cat(
                Explicit(0x0002, 0x0001, "OB", new byte[] { 0, 1 }),
                Explicit(0x0002, 0x0002, "UI", Uid(SopClass)),
                Explicit(0x0002, 0x0003, "UI", Uid(SopInstance)),
                Explicit(0x0002, 0x0010, "UI", Uid(ImplicitLittle)));
            var implementation = Explicit(0x0002, 0x0012, "UI", Array.Empty<byte>());
            var meta = Cat(Preamble(), groupLength(body.Length), body, implementation);
            int implementationAt = meta.Length - implementation.Length;
            // Read implicit, the empty (0002,0012)'s length is its VR and length bytes: 'U','I',0,0.
            int restart = implementationAt + 8 + (int)BinaryPrimitives.ReadUInt32LittleEndian(implementation.AsSpan(4));
            var leak = Leak(explicitVR: false);
            var value = new byte[restart + leak.Length - (meta.Length + 8)];
            leak.CopyTo(value, restart - (meta.Length + 8));
            return Cat(meta, Implicit(0x0008, 0x0070, value), ImplicitTail());
        }

        /// <summary>
        /// gen6.py: the Transfer Syntax UID value as given (the implicit UID with a trailer); an explicit Pixel Data of 40,000
        /// bytes whose implicit reading is 16,975 bytes, followed by the implicit names and a private element to the end.
        /// </summary>
        private static byte[] ImplicitSyntaxWithTrailer(byte[] syntax)
        {
            const int total = 40000;
            var header = Cat(Le16(0x7FE0), Le16(0x0010), Text("OB"), new byte[2], Le32(total));
            var value = new byte[total];
            int at = 8 + 0x424F - 12;
            var leak = Leak(explicitVR: false);
            leak.CopyTo(value, at);
            int after = at + leak.Length;
            Implicit(0x0009, 0x1001, Array.Empty<byte>(), length: (uint)(total - after - 8)).CopyTo(value, after);
            return Cat(Meta(syntax), header, value);
        }

        /// <summary>
        /// gen7.py: Explicit VR BE declared. The first element, little endian (0008,0005) of length 0, is big endian (0800,0500)
        /// with VR 00 00 and length 0. Each next one is explicit BE 'UT' of 21,585 bytes, implicit LE 21,589: in step.
        /// </summary>
        private static byte[] BigEndianDeclaredInStep(bool imageComments)
        {
            static byte[] InStep(ushort group, ushort element, string text)
            {
                const int length = 0x5455 - 4;
                return Cat(Be16(group), Be16(element), Text("UT"), new byte[2], Be32(length), Encoding.ASCII.GetBytes(text.PadRight(length)));
            }
            var first = Implicit(0x0008, 0x0005, Array.Empty<byte>());
            var data = imageComments
                ? Cat(first, InStep(0x0020, 0x4000, "LEAKNAME^ALPHA LEAKID12345 19310101"), InStep(0x0010, 0x0010, LeakName))
                : Cat(first, InStep(0x0010, 0x0010, LeakName), InStep(0x0010, 0x0020, "LEAKID12345"), InStep(0x0010, 0x0030, "19310101"));
            return Cat(Meta(Uid(ExplicitBig)), data);
        }

        /// <summary>
        /// gen10.py: implicit big endian. First element 00 10 10 00 00 00 01 00: big endian (0010,1000) Other Patient IDs of 256
        /// bytes, little endian (1000,0010) Escape Triplet of 65,536 bytes, holding the big-endian names after those 256.
        /// </summary>
        private static byte[] ImplicitBigEndianData()
        {
            var value = new byte[65536];
            Encoding.ASCII.GetBytes("LEAKID12345".PadRight(256)).CopyTo(value, 0);
            var leak = Leak(bigEndian: true, explicitVR: false);
            leak.CopyTo(value, 256);
            int after = 256 + leak.Length;
            Implicit(0x0009, 0x1001, Array.Empty<byte>(), bigEndian: true, length: (uint)(value.Length - after - 8)).CopyTo(value, after);
            return Cat(new byte[] { 0x00, 0x10, 0x10, 0x00, 0x00, 0x00, 0x01, 0x00 }, value);
        }

        /// <summary>
        /// gen19.py: the same with an empty first element (big endian (0010,1000), little endian (1000,0010)), so the explicit
        /// check goes on to a walk; then big endian (0010,0020) of 256 bytes = little endian (1000,2000) of 65,536.
        /// </summary>
        private static byte[] ImplicitBigEndianDataEmptyFirst()
        {
            var value = new byte[65536];
            Encoding.ASCII.GetBytes("LEAKID12345".PadRight(256)).CopyTo(value, 0);
            var leak = Cat(Implicit(0x0010, 0x0010, Text(LeakName), bigEndian: true), Implicit(0x0010, 0x0030, Text("19310101"), bigEndian: true));
            leak.CopyTo(value, 256);
            int after = 256 + leak.Length;
            Implicit(0x0009, 0x1001, Array.Empty<byte>(), bigEndian: true, length: (uint)(value.Length - after - 8)).CopyTo(value, after);
            return Cat(
                new byte[] { 0x00, 0x10, 0x10, 0x00, 0, 0, 0, 0 },
                new byte[] { 0x00, 0x10, 0x00, 0x20, 0x00, 0x00, 0x01, 0x00 },
                value);
        }

        /// <summary>
        /// gen11.py g11a: 20 50 00 20 'CS' 02 00: little endian (5020,2000) Audio Type CS of 2 bytes, big endian (2050,0020)
        /// Presentation LUT Shape CS of 512, holding the little-endian names.
        /// </summary>
        private static byte[] BothOrdersKnownExplicitData() => ExplicitHider(0x20, 0x50, 0x00, 0x20, "CS");

        /// <summary>
        /// gen11.py g11c: a first tag known in neither order (big endian (0030,0010), little endian (3000,1000)), LO of length 0;
        /// then big endian (0008,0070) Manufacturer LO of 512 bytes = little endian (0800,7000) LO of 2, holding the names.
        /// </summary>
        private static byte[] NeitherOrderKnownExplicitData() =>
            Cat(new byte[] { 0x00, 0x30, 0x00, 0x10, (byte)'L', (byte)'O', 0, 0 }, ExplicitHider(0x00, 0x08, 0x00, 0x70, "LO"));

        /// <summary>An explicit element whose length is 2 little endian, 512 big endian: 'XX', the names, then padding.</summary>
        private static byte[] ExplicitHider(byte t0, byte t1, byte t2, byte t3, string vr)
        {
            var inner = Cat(Text("XX"), Leak());
            return Cat(new byte[] { t0, t1, t2, t3, (byte)vr[0], (byte)vr[1], 0x02, 0x00 }, inner, Explicit(0x0008, 0x1030, "LO", Spaces(512 - inner.Length - 8)));
        }

        /// <summary>
        /// gen16.py g16a: an ordinary Explicit VR LE file; its VOI LUT Sequence item holds (7FE0,0010) UN of undefined length,
        /// one item of implicit names: fragments to this reader, a CP-246 sequence of implicit items to dcmtk.
        /// </summary>
        private static byte[] UnPixelDataInSequenceItem()
        {
            var pixelData = Cat(
                Le16(0x7FE0), Le16(0x0010), Text("UN"), new byte[2], Le32(0xFFFFFFFF),
                UnSequenceTests.Item(Leak(explicitVR: false)),
                SequenceDelimiter());
            var item = Cat(Explicit(0x0028, 0x3006, "US", Cat(Le16(1), Le16(2))), pixelData);
            var sequence = Cat(
                Explicit(0x0028, 0x3010, "SQ", Array.Empty<byte>(), length: 0xFFFFFFFF),
                Le16(0xFFFE), Le16(0xE000), Le32(0xFFFFFFFF), item, ItemDelimiter(),
                SequenceDelimiter());
            return MutationTests.Part10(Cat(Basic(), sequence), ExplicitLittle);
        }

        /// <summary>gen17.py g17b: an ordinary Explicit VR LE image whose last element is followed by a zero-length (FFFE,E00D).</summary>
        private static byte[] TrailingItemDelimiter()
        {
            var names = Cat(Explicit(0x0010, 0x0010, "PN", Text(LeakName)), Explicit(0x0010, 0x0020, "LO", Text("LEAKID12345")));
            var pixels = Cat(
                Explicit(0x0028, 0x0002, "US", Le16(1)),
                Explicit(0x0028, 0x0010, "US", Le16(2)),
                Explicit(0x0028, 0x0011, "US", Le16(2)),
                Explicit(0x0028, 0x0100, "US", Le16(8)),
                Explicit(0x0028, 0x0101, "US", Le16(8)),
                Explicit(0x0028, 0x0102, "US", Le16(7)),
                Explicit(0x0028, 0x0103, "US", Le16(0)),
                Explicit(0x7FE0, 0x0010, "OB", new byte[4]));
            return MutationTests.Part10(Cat(Basic(), names, pixels, ItemDelimiter()), ExplicitLittle);
        }

        // ---- encoding helpers (dcm.py) --------------------------------------------------------------------------------------

        /// <summary>
        /// dcm.py meta(): preamble, DICM, group length, (0002,0001/0002/0003), the Transfer Syntax UID value as given (none when
        /// null), (0002,0012); explicit VR little endian unless said otherwise.
        /// </summary>
        private static byte[] Meta(byte[]? syntax, int groupLengthAdjust = 0, bool implicitVR = false, bool bigEndian = false)
        {
            byte[] E(ushort element, string vr, byte[] value) =>
                implicitVR ? Implicit(0x0002, element, value) : Explicit(0x0002, element, vr, value, bigEndian);
            var body = Cat(
                E(0x0001, "OB", new byte[] { 0, 1 }),
                E(0x0002, "UI", Uid(SopClass)),
                E(0x0003, "UI", Uid(SopInstance)),
                syntax == null ? Array.Empty<byte>() : E(0x0010, "UI", syntax),
                E(0x0012, "UI", Uid("1.2.3.4.5.6")));
            uint length = (uint)(body.Length + groupLengthAdjust);
            return Cat(Preamble(), E(0x0000, "UL", bigEndian ? Be32(length) : Le32(length)), body);
        }

        private static byte[] ImplicitTail() => Cat(
            Implicit(0x0008, 0x0016, Uid(SopClass)),
            Implicit(0x0008, 0x0018, Uid(SopInstance)),
            Implicit(0x0008, 0x0060, Text("OT")));

    }
}
