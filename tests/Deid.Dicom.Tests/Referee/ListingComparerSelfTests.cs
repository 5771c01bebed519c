using System;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Xunit;

namespace Deid.Dicom.Tests.Referee
{
    /// <summary>
    /// The referee can fail: real dcmdump listings are changed in one place (a value, a VR, a count, a line) and the
    /// comparison with our reader must then report exactly that element. Each case first checks that the unchanged
    /// listing compares clean, so the change is what the comparison catches.
    /// </summary>
    public class ListingComparerSelfTests
    {
        public static TheoryData<string, string, string?, string> Mutations => new TheoryData<string, string, string?, string>
        {
            // file, text in dcmdump's listing, its replacement (null: delete the line), the path that must differ
            { "pydicom/test_files/CT_small.dcm", "PN [CompressedSamples^CT1 ]", "PN [CompressedSamples^CT2 ]", "(0010,0010)" },
            { "pydicom/test_files/CT_small.dcm", "(0018,0050) DS [5.000000]", "(0018,0050) IS [5.000000]", "(0018,0050)" },
            { "pydicom/test_files/CT_small.dcm", "(0008,0020) DA [20040119]", null, "(0008,0020)" },
            { "pydicom/test_files/CT_small.dcm", "(0028,0010) US 128 ", "(0028,0010) US 129 ", "(0028,0010)" },
            { "pydicom/test_files/CT_small.dcm", "(0002,0001) OB 00\\01", "(0002,0001) OB 00\\02", "meta/(0002,0001)" },
            { "pydicom/test_files/CT_small.dcm", "(0027,1041) FL -77.2040634", "(0027,1041) FL -77.2041000", "(0027,1041)" },
            { "pydicom/test_files/CT_small.dcm", "FD 862399761.11107898", "FD 862399761.11107993", "(0023,1070)" },
            { "pydicom/test_files/MR_small.dcm", "(7fe0,0010) OW 0389\\", "(7fe0,0010) OW 0388\\", "(7fe0,0010)" },
            { "pydicom/test_files/JPEG2000.dcm", "AT (0054,0010)\\(0054,0020)", "AT (0054,0011)\\(0054,0020)", "(0028,0009)" },
            { "pydicom/test_files/JPEG2000.dcm", "pi ff\\4f\\ff\\51", "pi ff\\4f\\ff\\52", "(7fe0,0010)/frag[1]" },
            { "pydicom/test_files/UN_sequence.dcm", "(Item with undefined length #=2)", "(Item with explicit length #=2)", "(4453,100c)[0]" },
            { "pydicom/test_files/rtplan.dcm", "(Item with explicit length #=7)", "(Item with explicit length #=6)", "(300a,0010)[0]" },
            { "pydicom/test_files/rtplan.dcm", "(Sequence with explicit length #=2)", "(Sequence with explicit length #=3)", "(300a,0010)" },
            { "deid-data/humans/ctbrain1.dcm", "UV 18446744073709551615", "UV 18446744073709551614", "(0011,0010)" },
            { "deid-data/humans/ctbrain1.dcm", "[Seizure, new, acute", "[Seizure, new, acuta", "(0010,21b0)" },
        };

        [Theory]
        [MemberData(nameof(Mutations))]
        public async Task A_changed_listing_is_reported_at_the_changed_element(string file, string find, string? replace, string path)
        {
            string full = TestData.PathOf(file);
            var runs = await Dcmdump.Get(full);
            Assert.True(runs.Raw.ExitCode == 0, runs.Raw.Describe());
            var ours = OurListing.Build(DicomFile.Open(full));
            Assert.Empty(ListingComparer.Compare(DcmdumpListing.Parse(runs.Raw.Stdout), ours));

            string changed = Change(runs.Raw.Stdout, find, replace);
            var diffs = ListingComparer.Compare(DcmdumpListing.Parse(changed), ours);
            Assert.True(diffs.Count == 1, $"expected one difference at {path}, got {diffs.Count}:\n" + string.Join("\n", diffs));
            Assert.Matches("^" + Regex.Escape(path) + "[: ]", diffs[0]);
        }

        [Fact]
        public async Task An_element_dcmdump_lists_and_we_do_not_is_reported()
        {
            string full = TestData.PathOf("pydicom/test_files/CT_small.dcm");
            var runs = await Dcmdump.Get(full);
            string extra = runs.Raw.Stdout.TrimEnd('\n') + "\n(0009,0001) LO [x]                                      #   2, 1 Unknown Tag & Data\n";
            var diffs = ListingComparer.Compare(DcmdumpListing.Parse(extra), OurListing.Build(DicomFile.Open(full)));
            Assert.Equal("(0009,0001): only dcmdump lists it", Assert.Single(diffs).Split(": (")[0]);
        }

        [Fact]
        public async Task Decoded_text_that_differs_from_dcmtks_conversion_is_reported()
        {
            string full = TestData.PathOf("pydicom/charset_files/chrFren.dcm");
            var runs = await Dcmdump.Get(full);
            Assert.NotNull(runs.Utf8);
            Assert.True(runs.Utf8!.ExitCode == 0, runs.Utf8.Describe());
            var ours = OurListing.Build(DicomFile.Open(full));
            Assert.Empty(ListingComparer.CompareDecodedText(DcmdumpListing.Parse(runs.Utf8.Stdout), ours, out int compared));
            Assert.True(compared > 0);

            // é is C3 A9 in UTF-8; C3 A8 is è.
            string changed = Change(runs.Utf8.Stdout, "Buc^J&#195;&#169;r", "Buc^J&#195;&#168;r");
            var diffs = ListingComparer.CompareDecodedText(DcmdumpListing.Parse(changed), ours, out _);
            Assert.StartsWith("(0010,0010): decoded PN differs", Assert.Single(diffs), StringComparison.Ordinal);
        }

        [Fact]
        public void Markup_quoting_is_undone_exactly()
        {
            Assert.Equal("a<b>&\"'\r\n\u00e9\\101", DcmdumpListing.Unquote("a&lt;b&gt;&amp;&quot;&apos;&#13;&#10;&#233;\\101"));
            Assert.Throws<FormatException>(() => DcmdumpListing.Unquote("a&b"));
        }

        private static string Change(string listing, string find, string? replace)
        {
            int at = listing.IndexOf(find, StringComparison.Ordinal);
            Assert.True(at >= 0, $"'{find}' is not in dcmdump's listing");
            if (replace != null) return listing.Substring(0, at) + replace + listing.Substring(at + find.Length);
            int start = listing.LastIndexOf('\n', at) + 1;
            int end = listing.IndexOf('\n', at);
            return listing.Substring(0, start) + listing.Substring(end + 1);
        }
    }
}
