using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using Xunit;

namespace Deid.Dicom.Tests.IO
{
    /// <summary>
    /// A dataset whose first element looks like the other VR encoding than its transfer syntax declares is read as found (a
    /// mislabelled file, as pydicom reads it), unless it also reads as declared: then dcmtk and gdcm, which read by the
    /// declaration, see other elements than this reader, and names one of them takes for a value the other reads as elements.
    /// Parser QA 2026-12-07 (F1): such files kept the patient's name, ID and birth date inside Pixel Data or a kept Manufacturer.
    /// </summary>
    public class AmbiguousEncodingTests
    {
        private const string ImplicitLittle = "1.2.840.10008.1.2";
        private const string ExplicitLittle = "1.2.840.10008.1.2.1";

        [Theory]
        [InlineData(0x7FE00010u, "OB")] // the names inside what this reader would take for Pixel Data
        [InlineData(0x00080070u, "LO")] // inside a Manufacturer every recipe keeps
        public void A_dataset_that_reads_to_its_end_both_ways_is_refused(uint hidingTag, string hidingVR)
        {
            var bytes = MutationTests.Part10(ImplicitPolyglot(hidingTag, hidingVR), ImplicitLittle);
            var ex = Assert.Throws<DicomFormatException>(() => DicomFile.Open(bytes));
            Assert.Contains("as implicit VR, as its transfer syntax says", ex.Message, StringComparison.Ordinal);
            Assert.Contains("explicit VR, as its first element looks", ex.Message, StringComparison.Ordinal);
            Assert.Throws<DicomFormatException>(() => DicomFile.Open(bytes, DicomReadOptions.HeaderOnly));
            // The same bytes from a stream that can seek (read without a source, the stream sought back and forth).
            using (var seekable = new MemoryStream(bytes, false)) Assert.Throws<DicomFormatException>(() => DicomFile.Open(seekable));
        }

        [Fact]
        public void The_declared_reading_really_holds_the_names_the_found_one_hides()
        {
            // The test's own control: read as declared (no sniff: the implicit dataset without its file meta, as a bare
            // implicit dataset), the hidden elements are there; so a file refused above did hide them.
            var dataset = ImplicitPolyglot(0x00080070u, "LO");
            var implicitView = ReadAs(dataset, explicitVR: false);
            Assert.Equal("LKPATF^LKPATG", implicitView.GetString(new DicomTag(0x0010, 0x0010)));
            Assert.Equal("19330303", implicitView.GetString(new DicomTag(0x0010, 0x0030)));
            var explicitView = ReadAs(dataset, explicitVR: true);
            Assert.Equal("CLEAN^PATIENT", explicitView.GetString(new DicomTag(0x0010, 0x0010)));
        }

        [Fact]
        public void A_first_element_whose_VR_bytes_are_no_standard_VR_is_refused_not_read_as_implicit()
        {
            // Declared explicit; the first element's VR is two spaces. dcmtk reads past it ("non-standard VR, assuming 2 byte
            // length") and then reads the explicit elements after it; read as implicit VR, its length (0x2020 = 8,224 bytes)
            // hid those elements in a kept Manufacturer.
            var header = new byte[] { 0x08, 0x00, 0x70, 0x00, 0x20, 0x20, 0x00, 0x00 };
            var names = Cat(Explicit(0x00100010, "PN", Text("LKPATF^LKPATG")), Explicit(0x00100020, "LO", Text("LKPID06")));
            var dataset = Cat(header, names, new byte[0x2020 - names.Length], Explicit(0x7FE00010, "OB", new byte[16]));
            var ex = Assert.Throws<DicomFormatException>(() => DicomFile.Open(MutationTests.Part10(dataset, ExplicitLittle)));
            Assert.Contains("as explicit VR, as its transfer syntax says", ex.Message, StringComparison.Ordinal);
        }

        /// <summary>
        /// Review of the first fix (F1): VR bytes that are not printable (0A 00) passed the check, yet dcmtk and gdcm read past
        /// them too ("assuming 2 byte length"). Declared explicit: the first element's VR is 0A 00 and its 2-byte length 0, so the
        /// names follow as explicit elements; read as implicit VR, its length is 10 and the element after it is a Pixel Data to
        /// the end of the file, which held the names.
        /// </summary>
        [Fact]
        public void VR_bytes_that_are_not_printable_are_refused_too()
        {
            var first = new byte[] { 0x08, 0x00, 0x08, 0x00, 0x0A, 0x00, 0x00, 0x00 };
            var tail = Cat(Explicit(0x00100020, "LO", Text("LKPID06 ")), Explicit(0x00100030, "DA", Text("19330303")));
            // The PN's value starts with two bytes, then the implicit view's Pixel Data header (at offset 18, after the first
            // element's 10 bytes), its length reaching the end.
            var nameValue = Cat(Text("AB"), new byte[8], Text("LKPATF^LKPATG "));
            int pixelAt = 18, total = first.Length + 8 + nameValue.Length + tail.Length;
            WriteLittle(nameValue, pixelAt - 16, 0x7FE0, 0x0010, (uint)(total - pixelAt - 8));
            var dataset = Cat(first, Explicit(0x00100010, "PN", nameValue), tail);
            var implicitView = DicomFile.Open(Cat(Implicit(0x00080005, Text("ISO_IR 100")), dataset)).Dataset;
            Assert.False(implicitView.Contains(new DicomTag(0x0010, 0x0020)), "the test's control: read as implicit, the ID is hidden");
            var ex = Assert.Throws<DicomFormatException>(() => DicomFile.Open(MutationTests.Part10(dataset, ExplicitLittle)));
            Assert.Contains("as explicit VR, as its transfer syntax says", ex.Message, StringComparison.Ordinal);
        }

        /// <summary>
        /// Review of the first fix (F2): the implicit trial read was as strict as this reader, so one element after the names that
        /// it refuses and dcmtk and gdcm pass (eight zero bytes, a stray item delimiter) failed the trial, and the file was read
        /// as found with the names hidden again.
        /// </summary>
        [Theory]
        [InlineData(0x7FE00010u, "OB", "zeros")]
        [InlineData(0x00080070u, "LO", "zeros")]
        [InlineData(0x7FE00010u, "OB", "item delimiter")]
        [InlineData(0x00080070u, "LO", "sequence delimiter")]
        public void An_element_a_strict_reading_refuses_after_the_names_does_not_hide_them(uint hidingTag, string hidingVR, string breaker)
        {
            byte[] extra = breaker == "zeros" ? new byte[8]
                : breaker == "item delimiter" ? new byte[] { 0xFE, 0xFF, 0x0D, 0xE0, 0, 0, 0, 0 }
                : new byte[] { 0xFE, 0xFF, 0xDD, 0xE0, 0, 0, 0, 0 };
            var bytes = MutationTests.Part10(ImplicitPolyglot(hidingTag, hidingVR, extra), ImplicitLittle);
            var ex = Assert.Throws<DicomFormatException>(() => DicomFile.Open(bytes));
            Assert.Contains("as implicit VR, as its transfer syntax says", ex.Message, StringComparison.Ordinal);
        }

        /// <summary>
        /// Declared implicit VR, data explicit: when the first element's length, read as declared, fits in the data, dcmtk reads
        /// that element, and its value may be what this reader takes for other elements (second review, G6: a Patient's Name of
        /// 20,048 bytes whose values were a name, an ID and a birth date, kept here in a Manufacturer). Such a file is refused,
        /// also a mislabelled one whose first length lands in black rows (read, such a file was one element to dcmtk).
        /// </summary>
        [Fact]
        public void A_mislabelled_file_whose_first_element_fits_as_declared_is_refused()
        {
            var pixels = new byte[1024 * 1024];
            new Random(7).NextBytes(pixels.AsSpan(0, 600 * 1024));
            var dataset = Cat(
                Explicit(0x00080005, "CS", Text("ISO_IR 100")),
                Explicit(0x00080016, "UI", Text("1.2.840.10008.5.1.4.1.1.7\0")),
                Explicit(0x00100010, "PN", Text("DOE^JANE")),
                Explicit(0x7FE00010, "OB", pixels));
            var ex = Assert.Throws<DicomFormatException>(() => DicomFile.Open(MutationTests.Part10(dataset, ImplicitLittle)));
            Assert.Contains("as implicit VR, as its transfer syntax says", ex.Message, StringComparison.Ordinal);
        }

        /// <summary>
        /// Second review (G1): the walk counted only dictionary tags with their dictionary VR, at the top level. A Patient's Name
        /// written as LO, and one inside a sequence of an unknown tag, were listed by dcmtk and kept here inside Pixel Data.
        /// </summary>
        [Theory]
        [InlineData("LO")]
        [InlineData("sequence")]
        public void Names_the_declared_reading_lists_with_another_VR_or_inside_a_sequence_are_refused(string how)
        {
            var first = new byte[] { 0x08, 0x00, 0x08, 0x00, 0x0A, 0x00, 0x00, 0x00 };
            var name = how == "LO"
                ? Explicit(0x00100010, "LO", Text("LKPATF^LKPATG "))
                : Explicit(0x0008EEE0, "SQ", UnSequenceTests.Item(Explicit(0x00100010, "PN", Text("LKPATF^LKPATG "))));
            // The second element (an unknown private-free tag, (0008,EEEE)) carries, after two bytes, the implicit view's Pixel
            // Data header (at offset 18), its length reaching the end.
            var carrier = Cat(Text("AB"), new byte[8], Text("CARRIER "));
            int total = first.Length + 8 + carrier.Length + name.Length;
            WriteLittle(carrier, 2, 0x7FE0, 0x0010, (uint)(total - 18 - 8));
            var dataset = Cat(first, Explicit(0x0008EEEE, "LO", carrier), name);
            var implicitView = DicomFile.Open(Cat(Implicit(0x00080005, Text("ISO_IR 100")), dataset)).Dataset;
            Assert.False(implicitView.Contains(new DicomTag(0x0010, 0x0010)), "the test's control: read as implicit, the name is hidden");
            var ex = Assert.Throws<DicomFormatException>(() => DicomFile.Open(MutationTests.Part10(dataset, ExplicitLittle)));
            Assert.Contains("as explicit VR, as its transfer syntax says", ex.Message, StringComparison.Ordinal);
        }

        /// <summary>
        /// Third review: elements dcmtk reads on past and a walk did not, each before a patient's name, ID and birth date hidden
        /// in Pixel Data read as implicit VR: VR bytes of two lower-case letters, which dcmtk gives a 2-byte length (the walk gave
        /// every two letters 4); a (FFFE,xxxx) tag that is no item or delimiter, an ordinary element to dcmtk (the walk took it
        /// for an item header); a name under a tag the dictionary does not know, printed by dcmdump as a name all the same.
        /// </summary>
        [Theory]
        [InlineData("lower-case VR")]
        [InlineData("FFFE element")]
        [InlineData("unknown tag")]
        public void Names_past_an_element_dcmtk_reads_on_from_are_refused(string hop)
        {
            var first = new byte[] { 0x08, 0x00, 0x08, 0x00, 0x0A, 0x00, 0x00, 0x00 };
            // Read as implicit VR the first element is 10 bytes long; the element after it starts inside this one's value.
            var cover = Cat(new byte[] { 0x09, 0x00, 0x10, 0x10, 0x01, 0x02, 10, 0 }, new byte[10]);
            byte[] before = hop switch
            {
                "lower-case VR" => new byte[] { 0x09, 0x00, 0x20, 0x10, (byte)'a', (byte)'b', 0, 0 },
                "FFFE element" => new byte[] { 0xFE, 0xFF, 0x34, 0x12, (byte)'O', (byte)'B', 0, 0, 0, 0, 0, 0 },
                _ => Array.Empty<byte>(),
            };
            var names = hop == "unknown tag"
                ? Explicit(0x00109999, "PN", Text("LKPATF^LKPATG "))
                : Cat(Explicit(0x00100010, "PN", Text("LKPATF^LKPATG ")), Explicit(0x00100020, "LO", Text("LKPID06 ")));
            var dataset = Cat(first, cover, before, names);
            WriteLittle(dataset, 18, 0x7FE0, 0x0010, (uint)(dataset.Length - 26));
            var implicitView = DicomFile.Open(Cat(Implicit(0x00080005, Text("ISO_IR 100")), dataset)).Dataset;
            Assert.Equal(3, implicitView.Count);
            var ex = Assert.Throws<DicomFormatException>(() => DicomFile.Open(MutationTests.Part10(dataset, ExplicitLittle)));
            Assert.Contains("as explicit VR, as its transfer syntax says", ex.Message, StringComparison.Ordinal);
        }

        /// <summary>
        /// Third review (false refusals of the second fix): implicit data labelled explicit, the common mislabel, whose first
        /// element is a group length (its value read as dcmtk's next tag, (01C2,0000)) or is empty (dcmtk's next element is this
        /// reader's second, the same element in both readings). Neither hides anything: both are read as found.
        /// </summary>
        [Theory]
        [InlineData("group length")]
        [InlineData("empty")]
        public void Implicit_data_labelled_explicit_are_still_read_as_found(string first)
        {
            var pixels = new byte[4096];
            new Random(3).NextBytes(pixels);
            var dataset = Cat(
                first == "group length" ? Implicit(0x00080000, BitConverter.GetBytes(0x01C2u)) : Implicit(0x00080005, Array.Empty<byte>()),
                Implicit(0x00080016, Text("1.2.840.10008.5.1.4.1.1.7\0")),
                Implicit(0x00100010, Text("DOE^JANE")),
                Implicit(0x00100020, Text("ID0001")),
                Implicit(0x7FE00010, pixels));
            var file = DicomFile.Open(MutationTests.Part10(dataset, ExplicitLittle));
            Assert.Contains(file.Warnings, w => w.Contains("read as found, written as declared", StringComparison.Ordinal));
            Assert.Equal("DOE^JANE", file.Dataset.GetString(new DicomTag(0x0010, 0x0010)));
        }

        /// <summary>
        /// Third review: dcmtk ends the file meta where its group length says. A Transfer Syntax UID just past that length left
        /// dcmtk none (it read the dataset as explicit VR and listed names this reader, reading implicit VR as declared, kept in
        /// Pixel Data); a length that runs into the dataset makes dataset elements the meta's to dcmtk.
        /// </summary>
        [Theory]
        [InlineData("short of the syntax", true)]
        [InlineData("past the syntax, short of the last", true)]
        [InlineData("past a dataset element", true)]
        [InlineData("2 short", false)]
        [InlineData("2 past", false)]
        [InlineData("counting itself", false)]
        [InlineData("zero", false)]
        public void A_file_meta_group_length_that_moves_the_meta_end_is_refused(string how, bool refused)
        {
            var first = Explicit(0x00080016, "UI", Text("1.2.840.10008.5.1.4.1.1.7\0"));
            var bytes = MutationTests.Part10(Cat(first, Explicit(0x00100010, "PN", Text("DOE^JANE"))), ExplicitLittle);
            Assert.Equal(new byte[] { 0x02, 0x00, 0x00, 0x00, (byte)'U', (byte)'L', 4, 0 }, bytes.AsSpan(132, 8).ToArray());
            uint length = BitConverter.ToUInt32(bytes, 140);
            // Where (0002,0010) starts: the meta's elements walked from after the group length.
            int syntaxAt = 144;
            while (BitConverter.ToUInt16(bytes, syntaxAt + 2) != 0x0010)
            {
                bool longLength = bytes[syntaxAt + 4] == 'O' && bytes[syntaxAt + 5] == 'B';
                syntaxAt += longLength ? 12 + (int)BitConverter.ToUInt32(bytes, syntaxAt + 8) : 8 + BitConverter.ToUInt16(bytes, syntaxAt + 6);
            }
            uint changed = how switch
            {
                "short of the syntax" => (uint)(syntaxAt - 144),
                // Fifth review: dcmtk reads the meta elements left past the length as the dataset's, in its encoding.
                "past the syntax, short of the last" => (uint)(syntaxAt + 8 + BitConverter.ToUInt16(bytes, syntaxAt + 6) - 144),
                "past a dataset element" => length + (uint)first.Length,
                "2 short" => length - 2,
                "2 past" => length + 2,
                "counting itself" => length + 12,
                _ => 0u,
            };
            BitConverter.GetBytes(changed).CopyTo(bytes, 140);
            if (refused)
            {
                var ex = Assert.Throws<DicomFormatException>(() => DicomFile.Open(bytes));
                Assert.Contains("group length (0002,0000)", ex.Message, StringComparison.Ordinal);
            }
            else
            {
                Assert.Equal("DOE^JANE", DicomFile.Open(bytes).Dataset.GetString(new DicomTag(0x0010, 0x0010)));
            }
        }

        /// <summary>
        /// Third review: Pixel Data stored as UN of undefined length in a native file. dcmtk reads it as a sequence of Implicit
        /// VR items (CP-246) and lists the names in them; read as fragments, they stayed in every copy (and in dcmdump of it).
        /// </summary>
        [Fact]
        public void Pixel_Data_stored_as_UN_of_undefined_length_is_refused()
        {
            var item = UnSequenceTests.Item(Cat(Implicit(0x00100010, Text("LKPATF^LKPATG ")), Implicit(0x00100020, Text("LKPID06 "))));
            var dataset = Cat(
                Explicit(0x00080016, "UI", Text("1.2.840.10008.5.1.4.1.1.7\0")),
                new byte[] { 0xE0, 0x7F, 0x10, 0x00, (byte)'U', (byte)'N', 0, 0, 0xFF, 0xFF, 0xFF, 0xFF },
                item,
                new byte[] { 0xFE, 0xFF, 0xDD, 0xE0, 0, 0, 0, 0 });
            var ex = Assert.Throws<DicomFormatException>(() => DicomFile.Open(MutationTests.Part10(dataset, ExplicitLittle)));
            Assert.Contains("Pixel Data stored as UN of undefined length", ex.Message, StringComparison.Ordinal);
        }

        /// <summary>
        /// Third review: without a Transfer Syntax UID the byte order was sniffed by the smaller group number, where dcmtk and
        /// gdcm take the order in which the first tag is one the dictionary knows. A first tag of (0060,1000) little endian,
        /// (6000,0010) Overlay Rows big endian, was read little endian here, and the big endian names dcmtk listed stayed in a
        /// value. Now read as dcmtk reads it; a syntax no standard defines whose data look big endian is refused.
        /// </summary>
        [Fact]
        public void Without_a_transfer_syntax_the_byte_order_is_sniffed_as_dcmtk_sniffs_it()
        {
            var dataset = Cat(BigExplicit(0x60000010, "US", new byte[] { 0x02, 0x00 }), BigExplicit(0x00100010, "PN", Text("DOE^JANE")));
            var file = DicomFile.Open(Cat(new byte[128], Encoding.ASCII.GetBytes("DICM"), dataset));
            Assert.True(file.Dataset.Encoding.IsBigEndian);
            Assert.Equal("DOE^JANE", file.Dataset.GetString(new DicomTag(0x0010, 0x0010)));
            var ex = Assert.Throws<DicomFormatException>(() => DicomFile.Open(MutationTests.Part10(dataset, "1.2.826.0.1.3680043.2.1143.1")));
            Assert.Contains("look big endian", ex.Message, StringComparison.Ordinal);
        }

        private static byte[] BigExplicit(uint tag, string vr, byte[] value) =>
            Cat(new[] { (byte)(tag >> 24), (byte)(tag >> 16), (byte)(tag >> 8), (byte)tag, (byte)vr[0], (byte)vr[1], (byte)(value.Length >> 8), (byte)value.Length }, value);

        /// <summary>
        /// Fourth review: (1) the record of where this reader's own (implicit) reading has elements entered any value that began
        /// with an item tag, Pixel Data too, which this reader keeps whole, so the names in it, as explicit UC elements whose
        /// implicit length ('U','C',0,0) was made to end them at the same byte, counted as elements of both readings; (2) a known
        /// tag under VR bytes that are neither standard nor letters (dcmdump: "?? PatientName", gdcmdump prints the name).
        /// </summary>
        [Theory]
        [InlineData("in step")]
        [InlineData("VR bytes 01 02")]
        [InlineData("VR bytes 01 02, NUL padded")]
        [InlineData("VR bytes 01 02, Latin-1")]
        public void Names_the_walk_took_for_this_readers_own_or_for_noise_are_refused(string how)
        {
            var first = new byte[] { 0x08, 0x00, 0x08, 0x00, 0x0A, 0x00, 0x00, 0x00 };
            byte[] body;
            if (how == "in step")
            {
                // Of odd length, as the implicit length needs: 0x4355 - 4 bytes (dcmtk reads an odd length, with a warning).
                byte[] InStep(uint tag, string text) => Explicit(tag, "UC", Encoding.ASCII.GetBytes(text.PadRight(0x4355 - 4)));
                body = Cat(InStep(0x00100010, "LKPATF^LKPATG"), InStep(0x00100020, "LKPID06"));
            }
            else
            {
                // Fifth review: a NUL pad or a letter of another set made the value no text to a printable-ASCII test.
                byte[] name = how.EndsWith("NUL padded", StringComparison.Ordinal) ? Encoding.ASCII.GetBytes("LKPATF^LKPATG\0")
                    : how.EndsWith("Latin-1", StringComparison.Ordinal) ? Encoding.Latin1.GetBytes("M\u00C4LLER^LKPATG ")
                    : Text("LKPATF^LKPATG ");
                body = Cat(new byte[] { 0x10, 0x00, 0x10, 0x00, 0x01, 0x02, (byte)name.Length, 0 }, name);
            }
            // Explicit: the cover (0009,1010), VR 01 02, skips 18 bytes to the body; implicit: the first element is 10 bytes and
            // Pixel Data follows at offset 18, its value an item around the body.
            var cover = new byte[] { 0x09, 0x00, 0x10, 0x10, 0x01, 0x02, 18, 0, 0, 0 };
            var item = UnSequenceTests.Item(body);
            var pixelHeader = new byte[8];
            WriteLittle(pixelHeader, 0, 0x7FE0, 0x0010, (uint)item.Length);
            var dataset = Cat(first, cover, pixelHeader, item);
            var implicitView = DicomFile.Open(Cat(Implicit(0x00080005, Text("ISO_IR 100")), dataset)).Dataset;
            Assert.False(implicitView.Contains(new DicomTag(0x0010, 0x0010)), "the test's control: read as implicit, the name is hidden");
            var ex = Assert.Throws<DicomFormatException>(() => DicomFile.Open(MutationTests.Part10(dataset, ExplicitLittle)));
            Assert.Contains("as explicit VR, as its transfer syntax says", ex.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void A_deflated_dataset_that_looks_implicit_is_refused()
        {
            // Deflated data are read once, forward, and cannot be walked again; no writer deflates implicit data.
            var dataset = Cat(Implicit(0x00080016, Text("1.2.840.10008.5.1.4.1.1.7\0")), Implicit(0x00100010, Text("DOE^JANE")));
            using var deflated = new MemoryStream();
            using (var z = new System.IO.Compression.DeflateStream(deflated, System.IO.Compression.CompressionLevel.Optimal, leaveOpen: true)) z.Write(dataset, 0, dataset.Length);
            var bytes = Cat(MutationTests.Part10(Array.Empty<byte>(), "1.2.840.10008.1.2.1.99"), deflated.ToArray());
            var ex = Assert.Throws<DicomFormatException>(() => DicomFile.Open(bytes));
            Assert.Contains("deflated explicit VR but the first element looks implicit VR", ex.Message, StringComparison.Ordinal);
        }

        [Theory]
        [InlineData(ExplicitLittle, false)]
        [InlineData(ImplicitLittle, true)]
        public void A_mislabelled_dataset_that_does_not_read_as_declared_is_still_read_as_found(string ts, bool explicitData)
        {
            var dataset = Cat(
                Element(0x00080016, "UI", Text("1.2.3\0"), explicitData),
                Element(0x00100010, "PN", Text("DOE^JANE"), explicitData),
                Element(0x00100020, "LO", Text("ID0001"), explicitData),
                Element(0x7FE00010, "OB", new byte[4], explicitData));
            var file = DicomFile.Open(MutationTests.Part10(dataset, ts));
            Assert.Contains(file.Warnings, w => w.Contains("read as found, written as declared", StringComparison.Ordinal));
            Assert.Equal("DOE^JANE", file.Dataset.GetString(new DicomTag(0x0010, 0x0010)));
        }

        /// <summary>
        /// Declared implicit VR. The first element, (0008,0002) 'LT' 00 00, is an empty LT read explicitly and a value of 21,580
        /// bytes read implicitly. Explicit view: clean elements, then an element whose value covers the implicit view's elements
        /// (the names) and Pixel Data header. Implicit view: the names, then Pixel Data to the end.
        /// </summary>
        private static byte[] ImplicitPolyglot(uint hidingTag, string hidingVR, byte[]? afterNames = null)
        {
            var first = new byte[] { 0x08, 0x00, 0x02, 0x00, (byte)'L', (byte)'T', 0x00, 0x00 };
            int implicitNext = 8 + 0x544C;
            var clean = Cat(
                Explicit(0x00080016, "UI", Text("1.2.840.10008.5.1.4.1.1.7\0")),
                Explicit(0x00080018, "UI", Text("2.25.1111\0")),
                Explicit(0x00100010, "PN", Text("CLEAN^PATIENT ")),
                Explicit(0x00100020, "LO", Text("CLEANID ")),
                Explicit(0x00280002, "US", new byte[] { 1, 0 }),
                Explicit(0x00280004, "CS", Text("MONOCHROME2 ")),
                Explicit(0x00280010, "US", new byte[] { 160, 0 }),
                Explicit(0x00280011, "US", new byte[] { 160, 0 }),
                Explicit(0x00280100, "US", new byte[] { 8, 0 }),
                Explicit(0x00280101, "US", new byte[] { 8, 0 }),
                Explicit(0x00280102, "US", new byte[] { 7, 0 }),
                Explicit(0x00280103, "US", new byte[] { 0, 0 }));
            var names = Cat(
                Implicit(0x00080016, Text("1.2.840.10008.5.1.4.1.1.7\0")),
                Implicit(0x00080018, Text("2.25.2222\0")),
                Implicit(0x00080050, Text("LKACC01 ")),
                Implicit(0x00100010, Text("LKPATF^LKPATG ")),
                Implicit(0x00100020, Text("LKPID06 ")),
                Implicit(0x00100030, Text("19330303")),
                afterNames ?? Array.Empty<byte>());
            bool pixels = hidingTag == 0x7FE00010u;
            int hidingLength = pixels ? 160 * 160 : 22000;
            byte[] tail = pixels ? Array.Empty<byte>() : Explicit(0x7FE00010, "OB", new byte[16]);
            int headerLength = pixels ? 12 : 8;
            int valueStart = first.Length + clean.Length + headerLength;
            int total = valueStart + hidingLength + tail.Length;
            int lastHeader = implicitNext + names.Length;
            var value = new byte[hidingLength];
            if (!pixels) value.AsSpan().Fill((byte)' ');
            names.CopyTo(value, implicitNext - valueStart);
            // The implicit view's Pixel Data: its header inside the hiding value, its length to the end of the file.
            WriteLittle(value, lastHeader - valueStart, 0x7FE0, 0x0010, (uint)(total - lastHeader - 8));
            return Cat(first, clean, Explicit(hidingTag, hidingVR, value), tail);
        }

        private static DicomDataset ReadAs(byte[] dataset, bool explicitVR)
        {
            // A bare dataset (no file meta) is read in the encoding its first element shows: lead with an unambiguous one.
            // Explicit: without the ambiguous first element, which explicitly is an empty LT; implicit: with it.
            var bytes = explicitVR
                ? Cat(Explicit(0x00080005, "CS", Text("ISO_IR 100")), dataset.Skip(8).ToArray())
                : Cat(Implicit(0x00080005, Text("ISO_IR 100")), dataset);
            return DicomFile.Open(bytes).Dataset;
        }

        private static byte[] Element(uint tag, string vr, byte[] value, bool explicitVR) => explicitVR ? Explicit(tag, vr, value) : Implicit(tag, value);

        private static byte[] Explicit(uint tag, string vr, byte[] value)
        {
            bool longForm = vr is "OB" or "OW" or "OF" or "SQ" or "UT" or "UN" or "UC" or "UR" or "OD" or "OL" or "OV" or "SV" or "UV";
            var header = new List<byte> { (byte)(tag >> 16), (byte)(tag >> 24), (byte)tag, (byte)(tag >> 8), (byte)vr[0], (byte)vr[1] };
            if (longForm) header.AddRange(new byte[] { 0, 0, (byte)value.Length, (byte)(value.Length >> 8), (byte)(value.Length >> 16), (byte)(value.Length >> 24) });
            else header.AddRange(new byte[] { (byte)value.Length, (byte)(value.Length >> 8) });
            return Cat(header.ToArray(), value);
        }

        private static byte[] Implicit(uint tag, byte[] value)
        {
            var bytes = new byte[8 + value.Length];
            WriteLittle(bytes, 0, (ushort)(tag >> 16), (ushort)tag, (uint)value.Length);
            value.CopyTo(bytes, 8);
            return bytes;
        }

        private static void WriteLittle(byte[] into, int at, ushort group, ushort element, uint length)
        {
            BitConverter.GetBytes(group).CopyTo(into, at);
            BitConverter.GetBytes(element).CopyTo(into, at + 2);
            BitConverter.GetBytes(length).CopyTo(into, at + 4);
        }

        private static byte[] Text(string text) => Encoding.ASCII.GetBytes(text.Length % 2 == 0 ? text : text + " ");

        private static byte[] Cat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();
    }
}
