using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Xunit;
using static Deid.Dicom.Tests.IO.PolyglotBytes;

namespace Deid.Dicom.Tests.IO
{
    /// <summary>
    /// Twelfth review (2026-12-08, h12, of 69c4d83 and 7fd01ef): a sequence attribute, VOI LUT Sequence (0028,3010), stored as
    /// UN of defined length whose value does not begin with an item in Implicit VR Little Endian. This reader kept such a value
    /// as one value (a UN is read as a sequence only when its first bytes are an item's), and every recipe kept it; gdcm reads a
    /// value beginning with a byte-swapped item tag (FF FE E0 00) as big endian items, and pydicom reads any such value as items
    /// (taking bytes 4-7 for the item's length, whatever its tag), and both listed the planted Patient's Name, ID and Birth Date
    /// in it. The hidden-element look after the steps missed them where a control byte or FFH stood beside the name, or the
    /// name's length ran past the value. Such a value is refused at the read. The gdcmdump controls show the premise for the
    /// byte-swapped items; the others are pydicom's (3.0.1, not in CI: the review's runs, REPORT.md).
    /// </summary>
    public class ReaderDifferentialTwelfthTests
    {
        // GdcmdumpListsName with one byte allowed before the name: p10b's names begin with 01H, which gdcmdump prints as ".".
        private static readonly Regex ListedName = new Regex(@"^\s*\(0010,0010\) .*\[.?LEAKNAME\^ALPHA", RegexOptions.Multiline | RegexOptions.CultureInvariant);

        private static readonly byte[] Lut = { 4, 0, 0, 0, 16, 0 };

        /// <summary>Every crafted file by the name of the review's file it ports (gen8.py, gen10.py).</summary>
        private static readonly IReadOnlyDictionary<string, System.Func<byte[]>> Crafted = new Dictionary<string, System.Func<byte[]>>(System.StringComparer.Ordinal)
        {
            ["p10b_un_sq_swapped_item_be_body"] = () => SwappedItem(Names(bigEndian: true, "\u0001", "")),
            ["p10d_un_sq_swapped_item_be_clean"] = () => SwappedItem(Leak(bigEndian: true, explicitVR: false)),
            ["p10e_un_sq_swapped_item_be_trailing_ff"] = () => SwappedItem(Names(bigEndian: true, "", "\u00FF")),
            ["p8a_un_sq_nonitem_clean"] = () => NonItem(Leak(explicitVR: false)),
            ["p8b_un_sq_nonitem_ctl"] = () => NonItem(Names(bigEndian: false, "\u0001", "")),
            ["p8e_un_sq_nonitem_runpast_only"] = () => NonItem(Implicit(0x0010, 0x0010, Text(LeakName), length: 200)),
        };

        public static IEnumerable<object[]> CraftedNames() => Crafted.Keys.Select(k => new object[] { k });

        public static IEnumerable<object[]> SwappedNames() => Crafted.Keys.Where(k => k.StartsWith("p10", System.StringComparison.Ordinal)).Select(k => new object[] { k });

        /// <summary>The premise for the byte-swapped items: gdcm 3.0's gdcmdump lists (0010,0010) LEAKNAME^ALPHA as an element.</summary>
        [Theory]
        [MemberData(nameof(SwappedNames))]
        public async Task Gdcmdump_lists_the_planted_name(string name)
        {
            await AssertListsPlantedNameAsync("gdcmdump", Crafted[name](), ListedName, name);
        }

        [Theory]
        [MemberData(nameof(CraftedNames))]
        public void A_sequence_stored_as_UN_that_does_not_begin_with_an_item_is_refused(string name) => AssertRefused(Crafted[name]());

        [Fact]
        public void A_sequence_stored_as_UN_of_items_is_still_read_and_other_UN_values_are_kept_whole()
        {
            // Items in Implicit VR Little Endian, as PS3.5 wants them: read as a sequence, the name an element of its item.
            var item = Cat(Implicit(0x0028, 0x3002, Lut), Implicit(0x0010, 0x0010, Text(LeakName)));
            var items = DicomFile.Open(Cat(Meta(Uid(ExplicitLittle)), Basic(), UnValue(0x0028, 0x3010, Cat(Le16(0xFFFE), Le16(0xE000), Le32((uint)item.Length), item))));
            var sequence = items.Dataset.GetSequence(new DicomTag(0x0028, 0x3010));
            Assert.NotNull(sequence);
            Assert.Equal(LeakName, sequence![0].GetString(new DicomTag(0x0010, 0x0010)));
            // The same bytes under an attribute that is no sequence (ICC Profile): one value, as before.
            var blob = DicomFile.Open(Cat(Meta(Uid(ExplicitLittle)), Basic(), UnValue(0x0028, 0x2000, Cat(Implicit(0x0028, 0x3006, Lut), Leak(explicitVR: false)))));
            Assert.True(blob.Dataset.TryGetElement(new DicomTag(0x0028, 0x2000), out var icc) && icc.IsLoaded);
        }

        /// <summary>
        /// Thirteenth review (h13, of aeb97e8): in an Explicit VR Big Endian file, a sequence stored as UN holds its items in
        /// Implicit VR Little Endian (PS3.5 §6.2.2), as dcmtk, gdcm and this reader read them; pydicom reads them big endian, and
        /// listed names inside a LUT Data this reader kept. Refused, of defined or undefined length; an SQ is read as before.
        /// </summary>
        [Fact]
        public void A_sequence_stored_as_UN_in_a_big_endian_file_is_refused()
        {
            var item = Cat(Implicit(0x0028, 0x3002, Lut), Implicit(0x0028, 0x3006, Lut));
            var basic = Cat(
                Explicit(0x0008, 0x0016, "UI", Uid(SopClass), bigEndian: true),
                Explicit(0x0008, 0x0018, "UI", Uid(SopInstance), bigEndian: true));
            var items = Cat(Le16(0xFFFE), Le16(0xE000), Le32((uint)item.Length), item);
            AssertRefused(Cat(Meta(Uid(ExplicitBig)), basic, Explicit(0x0028, 0x3010, "UN", items, bigEndian: true)));
            AssertRefused(Cat(Meta(Uid(ExplicitBig)), basic, Explicit(0x0028, 0x3010, "UN", Cat(items, SequenceDelimiter()), bigEndian: true, length: 0xFFFFFFFF)));
            // The same items little endian in a little endian file, and as an SQ of big endian items in the big endian file: read.
            Assert.NotNull(DicomFile.Open(Cat(Meta(Uid(ExplicitLittle)), Basic(), Explicit(0x0028, 0x3010, "UN", items))).Dataset.GetSequence(new DicomTag(0x0028, 0x3010)));
            var bigItem = Cat(Explicit(0x0028, 0x3002, "US", new byte[] { 0, 4, 0, 0, 0, 16 }, bigEndian: true));
            var sq = Explicit(0x0028, 0x3010, "SQ", Cat(Be16(0xFFFE), Be16(0xE000), Be32((uint)bigItem.Length), bigItem), bigEndian: true);
            Assert.NotNull(DicomFile.Open(Cat(Meta(Uid(ExplicitBig)), basic, sq)).Dataset.GetSequence(new DicomTag(0x0028, 0x3010)));
        }

        /// <summary>
        /// Fourteenth review (h14, of 530ffc2): in implicit VR (a file's dataset, or the items of a UN sequence) this reader read
        /// an element of undefined length as a sequence whatever its dictionary VR; pydicom reads one as a sequence only for a tag
        /// the dictionary calls SQ or does not know, takes any other for pixel fragments, and where they do not parse reads
        /// elements from the first sequence delimiter in its bytes: names hidden after one in a kept Point Coordinates Data (OF)
        /// were listed at the top level (n2) or in the VOI LUT Sequence's item (n11). Refused; a tag the dictionary does not know,
        /// or calls SQ, is read as a sequence as before.
        /// </summary>
        [Fact]
        public void Undefined_length_on_a_tag_the_dictionary_gives_another_VR_than_SQ_is_refused_in_implicit_VR()
        {
            var item = Cat(Le16(0xFFFE), Le16(0xE000), Le32(0xFFFFFFFF), Implicit(0x0028, 0x0010, new byte[] { 4, 0 }), ItemDelimiter());
            var implicitBasic = Cat(Implicit(0x0008, 0x0016, Uid(SopClass)), Implicit(0x0008, 0x0018, Uid(SopInstance)));
            // n2: Acquisition Matrix (US) of undefined length in an implicit VR file.
            AssertRefused(Cat(Meta(Uid(ImplicitLittle)), implicitBasic, Implicit(0x0018, 0x1310, Cat(item, SequenceDelimiter()), length: 0xFFFFFFFF)));
            // n11: the same inside the implicit VR item of a VOI LUT Sequence stored as UN in an explicit VR file.
            var inner = Implicit(0x0018, 0x1310, Cat(item, SequenceDelimiter()), length: 0xFFFFFFFF);
            AssertRefused(Cat(Meta(Uid(ExplicitLittle)), Basic(), UnValue(0x0028, 0x3010, Cat(Le16(0xFFFE), Le16(0xE000), Le32((uint)inner.Length), inner))));
            // A tag the dictionary does not know, a private one without a creator, and a sequence: read as sequences.
            foreach (var tag in new[] { new DicomTag(0x0008, 0xFFF0), new DicomTag(0x0009, 0x1001), new DicomTag(0x0028, 0x3010) })
            {
                var file = DicomFile.Open(Cat(Meta(Uid(ImplicitLittle)), implicitBasic, Implicit(tag.Group, tag.Element, Cat(item, SequenceDelimiter()), length: 0xFFFFFFFF)));
                Assert.True(file.Dataset.TryGetElement(tag, out var element) && element.IsSequence, $"{tag} read as a sequence");
            }
        }

        // VOI LUT Sequence as UN, its value a byte-swapped item tag, a big endian length and the elements.
        private static byte[] SwappedItem(byte[] names)
        {
            var body = Cat(Implicit(0x0028, 0x3002, new byte[] { 0, 4, 0, 0, 0, 16 }, bigEndian: true), names);
            return Cat(Meta(Uid(ExplicitLittle)), Basic(), UnValue(0x0028, 0x3010, Cat(Be16(0xFFFE), Be16(0xE000), Be32((uint)body.Length), body)));
        }

        // VOI LUT Sequence as UN, its value beginning with an element's header (LUT Data, its length the rest) instead of an item.
        private static byte[] NonItem(byte[] names)
        {
            var body = Cat(Implicit(0x0028, 0x3002, Lut), names);
            return Cat(Meta(Uid(ExplicitLittle)), Basic(), UnValue(0x0028, 0x3010, Cat(Le16(0x0028), Le16(0x3006), Le32((uint)body.Length), body)));
        }

        private static byte[] UnValue(ushort group, ushort element, byte[] value) =>
            Explicit(group, element, "UN", value.Length % 2 == 0 ? value : Cat(value, new byte[1]));

        // The planted name, ID and birth date in Implicit VR, with a byte before and after each.
        private static byte[] Names(bool bigEndian, string before, string after) => Cat(
            Implicit(0x0010, 0x0010, Latin1(before + LeakName + after), bigEndian),
            Implicit(0x0010, 0x0020, Latin1(before + "LEAKID12345" + after), bigEndian),
            Implicit(0x0010, 0x0030, Latin1(before + "19310101" + after), bigEndian));

        private static byte[] Latin1(string text) => System.Text.Encoding.Latin1.GetBytes(text.Length % 2 == 0 ? text : text + " ");
    }
}
