using System;
using System.Linq;
using Deid.Dicom;
using Deid.Filters;
using Deid.Recipes;
using Xunit;

namespace Deid.Tests.Filters
{
    /// <summary>deid 0.4.12's filter semantics, one rule per test (docs/recipe-semantics.md §6).</summary>
    public class FilterEvaluatorTests
    {
        private static FilterEvaluator Evaluator(string filters) => new FilterEvaluator(DeidRecipe.Parse("FORMAT dicom\n" + filters, "test"));

        private static bool Flags(string criteria, DicomDataset ds) =>
            Evaluator("%filter graylist\nLABEL L\n" + criteria + "\n").Evaluate(ds).Flagged;

        private static DicomDataset Ct()
        {
            var ds = new DicomDataset();
            ds.SetString(DicomTags.ImageType, DicomVR.CS, "ORIGINAL\\PRIMARY\\AXIAL");
            ds.SetString(DicomTags.Modality, DicomVR.CS, "CT");
            ds.SetString(DicomTags.Manufacturer, DicomVR.LO, "GE MEDICAL SYSTEMS ");
            ds.SetString(DicomTags.SeriesDescription, DicomVR.LO, "");
            ds.SetNumbers(DicomTags.Rows, DicomVR.US, 512);
            ds.SetEmpty(DicomTags.Columns, DicomVR.US);
            ds.SetNumbers(DicomTags.BitsStored, DicomVR.US, 0);
            return ds;
        }

        [Theory]
        [InlineData("contains Manufacturer ^ge medical", true)] // case-insensitive search, value trimmed
        [InlineData("contains Manufacturer SYSTEMS$", true)]
        [InlineData("contains Manufacturer SIEMENS|GE", true)] // a regular expression
        [InlineData("contains Manufacturer SIEMENS", false)]
        [InlineData("notcontains Manufacturer SIEMENS", true)]
        [InlineData("notcontains Manufacturer GE", false)]
        [InlineData("contains Rows ^512$", true)] // numbers compared as text
        public void Contains_is_a_case_insensitive_regex_search(string criteria, bool expected) => Assert.Equal(expected, Flags(criteria, Ct()));

        [Theory]
        [InlineData("equals Modality ct", true)]
        [InlineData("equals Manufacturer ge medical systems", true)] // trimmed on both sides
        [InlineData("equals Modality CT|MR", false)] // '|' is literal in equals
        [InlineData("notequals Modality MR", true)]
        [InlineData("notequals Modality CT", false)]
        [InlineData("equals Rows 512", true)]
        [InlineData("equals Rows 512.0", false)]
        public void Equals_compares_trimmed_text_ignoring_case(string criteria, bool expected) => Assert.Equal(expected, Flags(criteria, Ct()));

        [Theory]
        // pydicom's MultiValue is not a list, so deid compares its printed form "['original', 'primary', 'axial']" as one value.
        [InlineData("contains ImageType PRIMARY", true)]
        [InlineData("contains ImageType 'primary'", true)]
        [InlineData("contains ImageType ^original", false)]
        [InlineData("equals ImageType ORIGINAL", false)]
        [InlineData("notequals ImageType ORIGINAL", true)]
        public void A_multi_valued_element_is_compared_in_its_printed_list_form(string criteria, bool expected) =>
            Assert.Equal(expected, Flags(criteria, Ct()));

        [Theory]
        // pydicom 3's convert_numbers gives multi-valued binary numbers a plain list, and deid tests each of its values.
        [InlineData("equals AcquisitionMatrix 256", true)]
        [InlineData("equals AcquisitionMatrix 134", true)]
        [InlineData("equals AcquisitionMatrix [256, 0, 0, 134]", false)]
        [InlineData("notequals AcquisitionMatrix 256", false)] // the negation of "one value equals"
        [InlineData("notequals AcquisitionMatrix 999", true)]
        [InlineData("contains AcquisitionMatrix ^256$", true)]
        [InlineData("contains AcquisitionMatrix ^\\[", false)]
        [InlineData("notcontains AcquisitionMatrix ^134$", false)]
        [InlineData("notcontains AcquisitionMatrix ^13$", true)]
        [InlineData("empty AcquisitionMatrix", false)] // a list of values is truthy, zeros or not
        [InlineData("equals ImagePositionPatient -10.5", true)] // FD: Python's str(float) of each value
        [InlineData("equals ImagePositionPatient 2.0", true)]
        [InlineData("equals PixelSpacing 0.5", false)] // DS is a MultiValue: one contender, "[0.5, 0.5]"
        [InlineData("equals PixelSpacing [0.5, 0.5]", true)]
        [InlineData("equals Rows 512", true)] // one value stays one value
        public void Multi_valued_binary_numbers_are_a_list_compared_value_by_value(string criteria, bool expected)
        {
            var ds = Ct();
            ds.SetNumbers(new DicomTag(0x0018, 0x1310), DicomVR.US, 256, 0, 0, 134); // AcquisitionMatrix
            ds.SetNumbers(DicomTags.ImagePositionPatient, DicomVR.FD, -10.5, 2, 3); // written as FD to test FD lists
            ds.SetString(DicomTags.PixelSpacing, DicomVR.DS, "0.5\\0.5");
            Assert.Equal(expected, Flags(criteria, ds));
        }

        [Theory]
        [InlineData("missing PatientName", true)] // absent
        [InlineData("present PatientName", false)]
        [InlineData("empty PatientName", false)] // absent is not empty
        [InlineData("missing SeriesDescription", false)]
        [InlineData("empty SeriesDescription", true)] // present and ""
        [InlineData("present SeriesDescription", true)]
        [InlineData("missing Columns", true)] // an empty number is None: get() returns None
        [InlineData("empty Columns", true)]
        [InlineData("empty BitsStored", true)] // 0 is falsy in Python
        [InlineData("empty Rows", false)]
        [InlineData("missing OverlayDescription", true)] // repeating-group keywords are never found
        [InlineData("missing NoSuchKeyword", true)]
        [InlineData("contains NoSuchKeyword .", false)]
        [InlineData("notequals NoSuchKeyword x", true)]
        // deid reads the whole rest as the field name (parse_member: field = member.strip()), which names no element.
        [InlineData("present SeriesDescription PHIMK", false)]
        [InlineData("missing SeriesDescription PHIMK", true)]
        [InlineData("empty SeriesDescription PHIMK", false)]
        public void Missing_present_and_empty(string criteria, bool expected) => Assert.Equal(expected, Flags(criteria, Ct()));

        [Fact]
        public void A_field_with_words_after_it_loads_as_deid_loads_it_with_a_warning()
        {
            var recipe = DeidRecipe.Parse("FORMAT dicom\n%filter graylist\nLABEL L\n  present SeriesDescription PHIMK\n  coordinates 0,0,1,1\n", "test");
            var warning = Assert.Single(recipe.LoadWarnings);
            Assert.Contains("'SeriesDescription PHIMK'", warning.ToString());
            Assert.Contains("never true", warning.ToString());
        }

        [Theory]
        // A field with 0x is a tag number: deid sees the DataElement, printed "(0008,0060) Modality ... CS: 'CT'".
        [InlineData("contains 0x00080060 CT", true)]
        [InlineData("contains 0x00080060 ^\\(0008,0060\\) modality +cs: 'ct'$", true)]
        [InlineData("equals 0x00080060 CT", false)] // never holds: the printed element is not the value
        [InlineData("notequals 0x00080060 CT", true)]
        [InlineData("present 0x00080060", true)]
        [InlineData("missing 0x00100010", true)]
        [InlineData("present 0x00280011", true)] // an empty number is still an element
        [InlineData("empty 0x00280011", false)] // its value is None, not ""
        [InlineData("empty 0x0008103E", true)] // SeriesDescription ""
        [InlineData("contains 0x60000022 medcom", true)] // repeating groups are found by number
        public void A_tag_number_is_compared_in_the_elements_printed_form(string criteria, bool expected)
        {
            var ds = Ct();
            ds.SetString(new DicomTag(0x60000022), DicomVR.LO, "Siemens MedCom Object Graphics");
            Assert.Equal(expected, Flags(criteria, ds));
        }

        [Theory]
        // pydicom's DataElement.name: "[Name]" from the private dictionary under the element's creator, "Private tag data" when
        // the creator is unknown or absent, "Private Creator" for (gggg,00xx).
        [InlineData("contains 0x00291008 ^\\(0029,1008\\) \\[csa image header type\\] +cs: 'som 5'$", true)]
        [InlineData("contains 0x00291008 private tag data", false)]
        [InlineData("contains 0x00291009 ^\\(0029,1009\\) \\[csa image header version\\] +lo: '20051101'$", true)]
        [InlineData("contains 0x00290010 ^\\(0029,0010\\) private creator +lo: 'siemens csa header'$", true)]
        [InlineData("contains 0x00311001 ^\\(0031,1001\\) private tag data +lo: 'x'$", true)] // creator not in the dictionary
        [InlineData("contains 0x00331001 ^\\(0033,1001\\) private tag data +lo: 'y'$", true)] // no creator
        [InlineData("contains 0x00330001 ^\\(0033,0001\\) private creator +lo: 'z'$", true)]
        public void A_private_tag_number_is_printed_with_its_private_dictionary_name(string criteria, bool expected)
        {
            var ds = Ct();
            ds.SetString(new DicomTag(0x0029, 0x0010), DicomVR.LO, "SIEMENS CSA HEADER");
            ds.SetString(new DicomTag(0x0029, 0x1008), DicomVR.CS, "SOM 5");
            ds.SetString(new DicomTag(0x0029, 0x1009), DicomVR.LO, "20051101");
            ds.SetString(new DicomTag(0x0031, 0x0010), DicomVR.LO, "NOBODY KNOWS ME");
            ds.SetString(new DicomTag(0x0031, 0x1001), DicomVR.LO, "x");
            ds.SetString(new DicomTag(0x0033, 0x1001), DicomVR.LO, "y");
            ds.SetString(new DicomTag(0x0033, 0x0001), DicomVR.LO, "z");
            Assert.Equal(expected, Flags(criteria, ds));
        }

        /// <summary>
        /// Review of the change, F4: in an implicit VR dataset a "US or SS" element (a LUT Descriptor) gets its VR from pydicom's
        /// correct_ambiguous_vr_element through the value setter, which makes the list a MultiValue: one printed contender, not
        /// values compared one by one. In an explicit VR dataset the US is read as written: a plain list.
        /// </summary>
        [Theory]
        [InlineData(false, "equals RedPaletteColorLookupTableDescriptor 256", false)]
        [InlineData(false, @"contains RedPaletteColorLookupTableDescriptor ^\[256, 0, 16\]$", true)]
        [InlineData(true, "equals RedPaletteColorLookupTableDescriptor 256", true)]
        [InlineData(true, @"contains RedPaletteColorLookupTableDescriptor ^\[256, 0, 16\]$", false)]
        public void An_ambiguous_number_list_in_an_implicit_dataset_is_one_contender(bool explicitVR, string criteria, bool expected)
        {
            var ds = new DicomDataset(explicitVR ? DicomEncoding.ExplicitLittle : DicomEncoding.ImplicitLittle);
            ds.SetNumbers(new DicomTag(0x0028, 0x1101), DicomVR.US, 256, 0, 16);
            Assert.Equal(expected, Flags(criteria, ds));
        }

        /// <summary>Review of the change, F5: an IS with a fraction is pydicom's ISfloat, whose repr is float's, unquoted.</summary>
        [Theory]
        [InlineData("1.5", @"contains 0x00201041 is: 1\.5$", true)]
        [InlineData("1.50", @"contains 0x00201041 is: 1\.5$", true)]
        [InlineData("00", @"contains 0x00201041 is: '0'$", true)]
        [InlineData("1.0", @"contains 0x00201041 is: '1'$", true)]
        public void An_integer_string_prints_as_pydicom_prints_it(string value, string criteria, bool expected)
        {
            var ds = Ct();
            ds.SetString(new DicomTag(0x0020, 0x1041), DicomVR.IS, value);
            Assert.Equal(expected, Flags(criteria, ds));
        }

        [Theory]
        // pydicom reads a private UN under the VR it knows (a creator's LO, the private dictionary's VR under the creator), and
        // names a private element from the value of (gggg,00xx), xx its element >> 8: with a group length (gggg,0000) there, the
        // creator (gggg,0010) itself is "Private tag data".
        [InlineData(@"contains 0x00291008 ^\(0029,1008\) \[csa image header type\] +cs: 'som 5'$", true)]
        [InlineData(@"contains 0x00290010 ^\(0029,0010\) private creator +lo: 'siemens csa header'$", true)]
        [InlineData(@"contains 0x00191001 ^\(0019,1001\) private tag data +un: b'ab'$", true)] // a creator no dictionary knows
        [InlineData(@"contains 0x00190010 ^\(0019,0010\) private tag data +lo: 'acme'$", true)] // (0019,0000) is there
        [InlineData(@"contains 0x00190000 ^\(0019,0000\) private creator +ul: 2$", true)]
        public void A_private_UN_is_read_under_the_VR_pydicom_knows(string criteria, bool expected)
        {
            var ds = Ct();
            ds.SetRawValue(new DicomTag(0x0029, 0x0010), DicomVR.UN, System.Text.Encoding.ASCII.GetBytes("SIEMENS CSA HEADER"));
            ds.SetRawValue(new DicomTag(0x0029, 0x1008), DicomVR.UN, System.Text.Encoding.ASCII.GetBytes("SOM 5 "));
            ds.SetNumbers(new DicomTag(0x0019, 0x0000), DicomVR.UL, 2);
            ds.SetString(new DicomTag(0x0019, 0x0010), DicomVR.LO, "ACME");
            ds.SetRawValue(new DicomTag(0x0019, 0x1001), DicomVR.UN, System.Text.Encoding.ASCII.GetBytes("ab"));
            Assert.Equal(expected, Flags(criteria, ds));
        }

        [Theory]
        // pydicom's repval, checked against pydicom 3.0.1's str(DataElement) of the same values.
        [InlineData(@"contains 0x00080016 ^\(0008,0016\) sop class uid +ui: ct image storage$", true)] // a registered UID: its name
        [InlineData(@"contains 0x00080018 ui: 1\.2\.826\.0\.1\.3680043\.8\.498\.1$", true)] // UID.name of an unregistered UID: unquoted
        [InlineData(@"contains 0x00080018 ui: '", false)]
        [InlineData(@"contains 0x00204000 lt: 'pr.cision ~ 16ch'$", true)] // 16 characters: shown
        [InlineData(@"contains 0x00204000 array of", false)]
        [InlineData(@"contains 0x00204001 ^\(0020,4001\) +lt: array of 17 elements$", true)] // 17 characters: summarised
        [InlineData(@"contains 0x00280030 ^\(0028,0030\) pixel spacing +ds: array of 20 elements$", true)] // VM 20
        [InlineData(@"contains 0x00281101 us: array of 17 elements$", true)] // VM 17
        [InlineData(@"contains 0x00281102 us: \[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15\]$", true)] // VM 16: shown
        [InlineData(@"contains 0x00200011 is: '0'$", true)] // IS.__repr__ is the int's: '00' is '0'
        [InlineData(@"contains 0x00200012 is: '5'$", true)] // '+5'
        [InlineData(@"contains 0x00200013 is: '1'$", true)] // '1.0'
        [InlineData(@"contains 0x00180050 ds: '1\.50'$", true)] // DS keeps its text
        [InlineData(@"contains 0x00080060 lo: '\[x\]'$", true)] // one value that looks like a list is still a quoted string
        [InlineData(@"contains 0x00281201 ^\(0028,1201\) red palette color lookup table data ow: array of 512 elements$", true)] // OW is bytes
        [InlineData(@"contains 0x00189219 of: array of 20 elements$", true)]
        [InlineData(@"contains 0x00189220 ob: b'\\x01\\x02\\x03\\x04'$", true)] // 16 bytes or fewer: repr(bytes)
        [InlineData(@"contains 0x300c0002 ^\(300c,0002\) referenced rt plan sequence +sq: <sequence, length 1>$", true)]
        public void A_tag_number_prints_its_value_as_pydicoms_repval(string criteria, bool expected)
        {
            var ds = Ct();
            ds.SetString(DicomTags.SpecificCharacterSet, DicomVR.CS, "ISO_IR 192");
            ds.SetString(DicomTags.SOPClassUID, DicomVR.UI, "1.2.840.10008.5.1.4.1.1.2");
            ds.SetString(DicomTags.SOPInstanceUID, DicomVR.UI, "1.2.826.0.1.3680043.8.498.1");
            ds.SetString(new DicomTag(0x0020, 0x4000), DicomVR.LT, "Pr\u00e9cision ~ 16ch"); // 16 characters, 17 bytes in UTF-8
            ds.SetString(new DicomTag(0x0020, 0x4001), DicomVR.LT, "Pr\u00e9cision ~ 17chx");
            ds.SetString(DicomTags.PixelSpacing, DicomVR.DS, string.Join("\\", System.Linq.Enumerable.Repeat("1.5", 20)));
            ds.SetNumbers(new DicomTag(0x0028, 0x1101), DicomVR.US, System.Linq.Enumerable.Range(0, 17).Select(i => (double)i).ToArray());
            ds.SetNumbers(new DicomTag(0x0028, 0x1102), DicomVR.US, System.Linq.Enumerable.Range(0, 16).Select(i => (double)i).ToArray());
            ds.SetString(new DicomTag(0x0020, 0x0011), DicomVR.IS, "00");
            ds.SetString(new DicomTag(0x0020, 0x0012), DicomVR.IS, "+5");
            ds.SetString(new DicomTag(0x0020, 0x0013), DicomVR.IS, "1.0");
            ds.SetString(new DicomTag(0x0018, 0x0050), DicomVR.DS, "1.50");
            ds.SetString(DicomTags.Modality, DicomVR.LO, "[x]");
            ds.SetRawValue(new DicomTag(0x0028, 0x1201), DicomVR.OW, new byte[512]);
            ds.SetRawValue(new DicomTag(0x0018, 0x9219), DicomVR.OF, new byte[20]);
            ds.SetRawValue(new DicomTag(0x0018, 0x9220), DicomVR.OB, new byte[] { 1, 2, 3, 4 });
            ds.GetOrAddSequence(new DicomTag(0x300C, 0x0002)).AddItem().SetString(DicomTags.SOPInstanceUID, DicomVR.UI, "1.2.3");
            Assert.Equal(expected, Flags(criteria, ds));
        }

        [Fact]
        public void A_sequence_read_as_UN_prints_as_SQ_and_implicit_overlay_data_as_OW()
        {
            // rtdose_rle.dcm holds (300C,0002) as UN of defined length; pydicom replaces UN by the dictionary's SQ.
            string path = TestPaths.Data("pydicom", "test_files", "rtdose_rle.dcm");
            if (System.IO.File.Exists(path))
            {
                var verdict = Evaluator("%filter g\nLABEL L\n  contains 0x300c0002 ^\\(300c,0002\\) referenced rt plan sequence +sq: <sequence, length 1>$\n")
                    .EvaluateFile(path);
                Assert.True(verdict.Flagged);
            }
            // Overlay Data is "OB or OW"; an implicit VR reader takes OB, pydicom's correct_ambiguous_vr_element OW.
            var implicitDs = new DicomDataset(DicomEncoding.ImplicitLittle);
            implicitDs.SetRawValue(new DicomTag(0x6002, 0x3000), DicomVR.OB, new byte[32]);
            Assert.True(Flags("contains 0x60023000 ^\\(6002,3000\\) overlay data +ow: array of 32 elements$", implicitDs));
        }

        [Theory]
        // Tests of a line fold left to right without precedence: a || b + c is (a or b) and c; a + b || c is (a and b) or c.
        [InlineData("contains Modality CT || contains Modality MR + contains Modality PT", false)] // (T or F) and F
        [InlineData("contains Modality PT + contains Modality MR || contains Modality CT", true)] // (F and F) or T
        [InlineData("contains Modality CT + contains Modality MR || contains Modality PT", false)] // (T and F) or F
        [InlineData("contains Modality MR || contains Modality CT", true)]
        public void Inner_operators_fold_left_to_right(string criteria, bool expected) => Assert.Equal(expected, Flags(criteria, Ct()));

        [Theory]
        // The lines of a label are ANDed, whatever operator a line starts with.
        [InlineData("contains Modality MR\n|| contains Modality CT", false)]
        [InlineData("contains Modality CT\n+ contains Manufacturer GE", true)]
        [InlineData("contains Modality CT\n|| contains Manufacturer SIEMENS", false)]
        [InlineData("contains Modality MR || contains Modality CT\n+ contains Manufacturer SIEMENS || contains Manufacturer GE", true)]
        public void Criteria_lines_are_anded(string criteria, bool expected) => Assert.Equal(expected, Flags(criteria, Ct()));

        [Fact]
        public void Every_group_and_every_label_is_evaluated()
        {
            var e = Evaluator("%filter whitelist\nLABEL W\n  contains Modality CT\n%filter graylist\nLABEL G1\n  contains Modality MR\n"
                + "LABEL G2\n  contains Manufacturer GE\n  coordinates 0,0,10,10\n%filter blacklist\nLABEL B\n  present Modality\n");
            var r = e.Evaluate(Ct(), "a.dcm");
            Assert.True(r.Flagged);
            Assert.Equal(new[] { "whitelist", "graylist", "blacklist" }, r.Group);
            Assert.Equal(new[] { "W", "G2", "B" }, r.Label);
            Assert.Equal("a.dcm", r.Path);
            Assert.Equal(3, r.Matches.Count);
            var region = Assert.Single(r.Coordinates);
            Assert.Equal("graylist", region.Group);
            Assert.Equal("G2", region.Label);
        }

        [Fact]
        public void Reasons_are_printed_as_deid_prints_them()
        {
            var e = Evaluator("%filter blacklist\nLABEL A\n  missing PatientName || empty PatientName\n"
                + "LABEL B\n  contains Modality CT\n  + equals Rows 512\n");
            var r = e.Evaluate(Ct());
            Assert.Equal(new[] { " PatientName missing  or PatientName empty ", "and Modality contains CT Rows equals 512" }, r.Reason);
        }

        [Fact]
        public void A_clean_file_has_no_matches()
        {
            var r = Evaluator("%filter graylist\nLABEL G\n  contains Modality MR\n").Evaluate(Ct(), "x");
            Assert.False(r.Flagged);
            Assert.Empty(r.Group);
            Assert.Empty(r.Coordinates);
            var row = Assert.Single(r.ToRows());
            Assert.Equal("CLEAN", row.PixelsFlagged);
        }

        [Fact]
        public void Coordinates_in_every_form()
        {
            var e = Evaluator("%filter graylist\nLABEL G\n  contains Modality CT\n  coordinates 1,2,30,40\n  ctpcoordinates 10,20,100,50\n"
                + "  keepcoordinates 5,5,6,6\n  ctpkeepcoordinates all\n  coordinates all\n");
            var r = e.Evaluate(Ct());
            Assert.Equal(new[] { "clean 1,2,30,40", "clean 10,20,110,70", "keep 5,5,6,6", "keep all", "clean all" },
                Array.ConvertAll(System.Linq.Enumerable.ToArray(r.Coordinates), c => c.ToString()));
            Assert.True(r.Coordinates[4].IsAll);
        }

        private static DicomDataset Ultrasound(params uint[][] regions)
        {
            var ds = new DicomDataset();
            ds.SetString(DicomTags.Modality, DicomVR.CS, "US");
            var seq = ds.GetOrAddSequence(DicomTags.SequenceOfUltrasoundRegions);
            foreach (var r in regions)
            {
                var item = seq.AddItem();
                item.SetNumbers(DicomTags.RegionLocationMinX0, DicomVR.UL, r[0]);
                item.SetNumbers(DicomTags.RegionLocationMinY0, DicomVR.UL, r[1]);
                item.SetNumbers(DicomTags.RegionLocationMaxX1, DicomVR.UL, r[2]);
                if (r.Length > 3) item.SetNumbers(DicomTags.RegionLocationMaxY1, DicomVR.UL, r[3]);
            }
            return ds;
        }

        [Fact]
        public void From_field_gives_a_rectangle_per_complete_region_resolved_per_file()
        {
            var e = Evaluator("%filter graylist\nLABEL U\n  present SequenceOfUltrasoundRegions\n  keepcoordinates from:SequenceOfUltrasoundRegions\n");
            var first = e.Evaluate(Ultrasound(new uint[] { 0, 60, 1008, 764 }, new uint[] { 10, 20, 30, 40 }, new uint[] { 1, 2, 3 }));
            Assert.Equal(new[] { "keep 0,60,1008,764", "keep 10,20,30,40" },
                Array.ConvertAll(System.Linq.Enumerable.ToArray(first.Coordinates), c => c.ToString()));
            // deid writes the first file's rectangles back into the recipe; ours are resolved again for every file.
            var second = e.Evaluate(Ultrasound(new uint[] { 14, 38, 1010, 758 }));
            Assert.Equal("keep 14,38,1010,758", Assert.Single(second.Coordinates).ToString());
            Assert.False(e.Evaluate(Ct()).Flagged);
        }

        [Fact]
        public void A_label_with_coordinates_and_no_criteria_flags_even_first()
        {
            // deid raises UnboundLocalError when such a label is the first it evaluates; ours flags.
            var e = Evaluator("%filter graylist\nLABEL Blank\n  coordinates all\nLABEL Nothing\n");
            var m = Assert.Single(e.Evaluate(new DicomDataset()).Matches);
            Assert.Equal("Blank", m.Label);
            Assert.Equal(" LABEL Blank", m.Reason);
        }

        [Fact]
        public void A_label_without_criteria_takes_the_last_evaluated_lines_operator_into_its_reason()
        {
            var e = Evaluator("%filter graylist\nLABEL A\n  contains Modality XX\n  + contains Modality CT\nLABEL Blank\n  coordinates all\n");
            Assert.Equal("and LABEL Blank", Assert.Single(e.Evaluate(Ct()).Matches).Reason);
        }

        [Fact]
        public void Each_test_is_paired_with_its_own_value()
        {
            // deid gives the contains below the value None (searching "none") because the missing before it has no value; ours
            // pairs each test with its own value, and prints it so.
            var r = Evaluator("%filter graylist\nLABEL L\n  missing PatientName + contains Modality CT\n").Evaluate(Ct());
            Assert.Equal(" PatientName missing  and Modality contains CT", Assert.Single(r.Reason));
        }

        [Fact]
        public void Rows_give_deids_inspect_table()
        {
            var e = Evaluator("%filter graylist\nLABEL G\n  contains Modality CT\n%filter blacklist\nLABEL B\n  present Modality\n");
            var rows = e.Evaluate(Ct(), "f.dcm").ToRows();
            Assert.Equal(2, rows.Length);
            Assert.All(rows, r => Assert.Equal("FLAGGED", r.PixelsFlagged));
            Assert.Equal(new[] { "graylist", "blacklist" }, Array.ConvertAll(rows, r => r.FlagList));
            Assert.Equal(" Modality contains CT", rows[0].Reason);
        }

        [Fact]
        public void An_invalid_regular_expression_is_refused_when_read_and_reported_when_compiled()
        {
            // Read from text, the line is the recipe's error (StrictLoadingTests); a recipe built in code reaches the evaluator.
            var read = Assert.Throws<RecipeException>(() => Evaluator("%filter graylist\nLABEL Bad\n  contains Modality (ct\n"));
            Assert.Equal(4, read.Line);
            var recipe = new DeidRecipe();
            var group = new FilterGroup("graylist");
            var label = new FilterLabel("Bad");
            label.Criteria.Add(new FilterCriterion(FilterOperator.None, new[] { new FilterTest(FilterOperator.None, FilterPredicate.Contains, "Modality", "(ct") }));
            group.Labels.Add(label);
            recipe.Filters.Add(group);
            var ex = Assert.Throws<ArgumentException>(() => new FilterEvaluator(recipe));
            Assert.Contains("Filter label 'Bad'", ex.Message);
            Assert.Contains("'(ct' is not a regular expression", ex.Message);
        }
    }
}
