using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using Deid.Actions;
using Deid.Audit;
using Deid.Batch;
using Deid.Dicom;
using Deid.Profile;
using Deid.Recipes;
using Xunit;

namespace Deid.Tests.Profile
{
    /// <summary>
    /// An identifying element's header hidden in a kept value (<see cref="HiddenElements"/>): what dcmtk, gdcm or pydicom list
    /// as the patient's name when they read a file out of step with this reader, or parse a value as items it keeps whole.
    /// </summary>
    public sealed class HiddenElementTests : IDisposable
    {
        private static readonly DicomTag Manufacturer = new DicomTag(0x0008, 0x0070);
        private static readonly DicomTag PrivateBlob = new DicomTag(0x0009, 0x1010);
        private static readonly byte[] Name = Encoding.ASCII.GetBytes("DOE^JOHN");

        private readonly string _dir = Path.Combine(Path.GetTempPath(), "deid-hidden-" + Guid.NewGuid().ToString("N").Substring(0, 12));

        public HiddenElementTests() => Directory.CreateDirectory(_dir);

        public void Dispose() => Directory.Delete(_dir, true);

        public static IEnumerable<object[]> Encodings() => new[]
        {
            new object[] { "explicit LE PN", "explicit VR (PN) little endian" },
            new object[] { "explicit BE PN", "explicit VR (PN) big endian" },
            new object[] { "implicit LE", "implicit VR little endian" },
            new object[] { "implicit BE", "implicit VR big endian" },
            new object[] { "explicit LE UN", "explicit VR (UN) little endian" },
            new object[] { "explicit LE ZZ short", "explicit VR (ZZ) little endian" },
            new object[] { "explicit LE ZZ long", "explicit VR (ZZ) little endian" },
        };

        [Theory]
        [MemberData(nameof(Encodings))]
        public void Finds_a_patients_name_hidden_in_a_kept_value_in_every_encoding(string encoding, string described)
        {
            var file = FileWith(Manufacturer, DicomVR.LO, Cat(Ascii("ACME "), Header(0x0010, 0x0010, encoding, Name.Length), Name, Ascii(" X")));

            var hidden = HiddenElements.Find(file);

            Assert.NotNull(hidden);
            Assert.Equal(new DicomTag(0x0010, 0x0010), hidden!.Tag);
            Assert.Equal("(0008,0070)", hidden.CarrierPath);
            Assert.Equal(5, hidden.OffsetInValue);
            Assert.Equal(Name.Length, hidden.Length);
            Assert.Equal(described, hidden.Encoding);
            Assert.Equal("PatientName", hidden.Keyword);
            // Said without the value: a message may reach a log the name must not.
            Assert.DoesNotContain("DOE", hidden.Describe(), StringComparison.Ordinal);
            Assert.Contains("(0010,0010) PatientName", hidden.Describe(), StringComparison.Ordinal);
        }

        public static IEnumerable<object[]> NotHidden() => new[]
        {
            // Modality is no attribute Table E.1-1 lists.
            new object[] { "unlisted tag", Cat(Header(0x0008, 0x0060, "explicit LE CS", 2), Ascii("CT")) },
            // A value that would run past the value holding it.
            new object[] { "runs past the value", Cat(Header(0x0010, 0x0010, "implicit LE", 40), Name) },
            new object[] { "binary value", Cat(Header(0x0010, 0x0010, "implicit LE", 8), new byte[] { 1, 2, 3, 4, 5, 6, 7, 8 }) },
            new object[] { "empty value", Cat(Header(0x0010, 0x0010, "implicit LE", 0), Ascii("ACME")) },
            new object[] { "padding only", Cat(Header(0x0010, 0x0010, "implicit LE", 4), Ascii("    ")) },
            new object[] { "NUL padding only", Cat(Header(0x0010, 0x0010, "implicit LE", 4), new byte[4]) },
            new object[] { "its own VR, empty", Cat(Header(0x0010, 0x0010, "explicit LE PN", 0), Ascii("ACME")) },
            // A name behind a control byte in a value of more than 1 KB: four letters in a row count only in shorter values.
            new object[] { "long value, control byte", Cat(Header(0x0010, 0x0010, "implicit LE", 2000), new byte[] { 1 }, Name, new byte[1991]) },
            // Curve Data (5000-501E) is not looked for: a line feed and "P" in a log read as group 500A.
            new object[] { "curve data", Cat(Header(0x500A, 0x4148, "explicit LE SE short", 12), Ascii("PHASE 1 DONE")) },
            new object[] { "no letter or digit", Cat(Header(0x0010, 0x0010, "implicit LE", 4), Ascii("^^-.")) },
            new object[] { "plain text", Ascii("SIEMENS HEALTHINEERS AG ERLANGEN") },
            // One character is no name: a Patient's Sex "M" is not worth a file's refusal.
            new object[] { "one character", Cat(Header(0x0010, 0x0040, "implicit LE", 2), Ascii("M ")) },
            // 16-bit samples of a raw-data block: 16, 16, 4, 0, then two small negative samples (a byte and FFH each).
            new object[] { "16-bit samples", Cat(Header(0x0010, 0x0010, "implicit LE", 4), new byte[] { 0x35, 0xFF, 0x41, 0xFF }) },
            // Two bytes above 7FH that are no character of another script, and one letter.
            new object[] { "lone high bytes", Cat(Header(0x0010, 0x0010, "implicit LE", 4), new byte[] { 0xC3, 0x41, 0xE9, 0x20 }) },
        };

        public static IEnumerable<object[]> StandardVR() => new[]
        {
            // Its value runs on past the holding value (into the next element, as a reader out of step reads it).
            new object[] { Cat(Ascii("ACME"), Header(0x0010, 0x0010, "explicit LE PN", 40), Name) },
            new object[] { Cat(Ascii("ACME"), Header(0x0010, 0x0010, "explicit BE PN", 40), Name) },
            // The name behind bytes that are no text, or no text at all.
            new object[] { Cat(Header(0x0010, 0x0020, "explicit LE LO", 10), new byte[] { 0xFF, 0x01 }, Name) },
            new object[] { Cat(Header(0x0010, 0x0030, "explicit LE DA", 4), new byte[4]) },
            // UN, as a writer that did not know the attribute stores it, of undefined length.
            new object[] { Cat(Header(0x0010, 0x1002, "explicit LE UN", -1), new byte[8]) },
            new object[] { Cat(Header(0x0010, 0x1002, "explicit LE SQ", -1), new byte[8]) },
            // Under another VR than its own, fitting or running on.
            new object[] { Cat(Header(0x0010, 0x0010, "explicit LE LO", Name.Length), Name) },
            new object[] { Cat(Header(0x0010, 0x0010, "explicit LE DA", 40), Name) },
            new object[] { Cat(Header(0x0010, 0x0010, "explicit LE OB", Name.Length), Name) },
            // In the value's last 8 bytes, its value all beyond it; a value that is that header alone, or its first six bytes.
            new object[] { Cat(Ascii("ACME"), Header(0x0010, 0x0010, "explicit LE PN", Name.Length)) },
            new object[] { Header(0x0010, 0x0010, "explicit LE PN", Name.Length) },
            new object[] { Header(0x0010, 0x0010, "explicit LE PN", Name.Length).Take(6).ToArray() },
        };

        [Fact]
        public void Finds_a_header_cut_off_by_the_values_end_and_says_so()
        {
            // The tag and VR in the last six bytes: a reader out of step reads the length and the name from the next element.
            var hidden = HiddenElements.Find(FileWith(PrivateBlob, DicomVR.OB, Cat(Ascii("ACME"), Header(0x0010, 0x0010, "explicit LE PN", 8).Take(6).ToArray())));
            Assert.NotNull(hidden);
            Assert.Equal(4, hidden!.OffsetInValue);
            Assert.Equal(-1, hidden.Length);
            Assert.Contains("its length past the value's end", hidden.Describe(), StringComparison.Ordinal);
        }

        [Theory]
        [InlineData(new byte[] { 0x01 }, new byte[0])] // a control byte before the name (pydicom lists "\x01LEAKNAME^ALPHA")
        [InlineData(new byte[0], new byte[] { 0xFF })] // FFH after it
        [InlineData(new byte[] { 0x00, 0x00 }, new byte[] { 0x07 })]
        public void Finds_a_name_beside_bytes_that_are_no_text_in_implicit_VR(byte[] before, byte[] after)
        {
            var value = Cat(before, Name, after);
            foreach (bool little in new[] { true, false })
            {
                var hidden = HiddenElements.Find(FileWith(PrivateBlob, DicomVR.OB, Cat(new byte[3], Header(0x0010, 0x0010, little ? "implicit LE" : "implicit BE", value.Length), value)));
                Assert.Equal(new DicomTag(0x0010, 0x0010), hidden?.Tag);
            }
        }

        [Fact]
        public void Big_endian_headers_count_where_a_reader_may_read_big_endian()
        {
            var value = Cat(Ascii("ACME"), Header(0x0010, 0x0010, "explicit BE PN", Name.Length), Name);
            // A little endian file with its syntax in its meta: read little endian by every reader.
            var little = FileWith(PrivateBlob, DicomVR.OB, value);
            little.EnsureFileMeta();
            Assert.Null(HiddenElements.Find(little));
            // A big endian file, and one whose syntax a reader guesses (no meta): found.
            var big = new DicomFile(TransferSyntax.ExplicitVRBigEndian);
            big.Dataset.SetRawValue(PrivateBlob, DicomVR.OB, value);
            big.EnsureFileMeta();
            Assert.Equal(new DicomTag(0x0010, 0x0010), HiddenElements.Find(big)?.Tag);
            Assert.NotNull(HiddenElements.Find(FileWith(PrivateBlob, DicomVR.OB, value)));
        }

        [Fact]
        public void In_binary_numbers_only_a_header_with_its_own_VR_counts()
        {
            // Thirteenth review: a surface mesh's coordinates (marching cubes: two on the voxel grid, one between) read as headers:
            // (0040,1400) in implicit VR with four letters in a row, (4000,0010) AT in big endian. In OF, FL, FD, SL... only the
            // tag with its own VR counts.
            var random = new Random(13);
            var floats = new List<byte>();
            for (int i = 0; i < 600_000; i++)
            {
                float grid = random.Next(0, 256) * 0.5f, between = grid + (float)random.NextDouble();
                foreach (float f in i % 3 == 2 ? new[] { between } : new[] { grid }) floats.AddRange(BitConverter.GetBytes(f));
            }
            // 4.5, 9.0, 147.06: (4000,0010) AT in big endian, as the review found them.
            foreach (float f in new[] { 4.5f, 9.0f, 147.06f, 2.0f, 9.25f, 2.0f }) floats.AddRange(BitConverter.GetBytes(f));
            var mesh = FileWith(new DicomTag(0x0066, 0x0016), DicomVR.OF, floats.ToArray());
            mesh.EnsureFileMeta();
            Assert.Null(HiddenElements.Find(mesh));
            // A header with its tag's own VR is found in numbers too.
            var own = FileWith(new DicomTag(0x0066, 0x0016), DicomVR.OF, Cat(new byte[8], Header(0x0010, 0x0010, "explicit LE PN", Name.Length), Name, new byte[2]));
            own.EnsureFileMeta();
            Assert.Equal(new DicomTag(0x0010, 0x0010), HiddenElements.Find(own)?.Tag);
            var implicitInNumbers = FileWith(new DicomTag(0x0066, 0x0016), DicomVR.OF, Cat(new byte[8], Header(0x0010, 0x0010, "implicit LE", Name.Length), Name, new byte[2]));
            implicitInNumbers.EnsureFileMeta();
            Assert.Null(HiddenElements.Find(implicitInNumbers));
        }

        [Fact]
        public void A_long_upper_case_log_is_no_hidden_element()
        {
            // Twelfth review: a 20 KB UC of lines "PHASE n ..." was refused as Curve Data (500A,4148) with the VR "SE".
            var log = new StringBuilder();
            for (int i = 0; log.Length < 20_000; i++) log.Append("PHASE ").Append(i).Append(" COMPLETE AT STEP ").Append(i * 7).Append("\r\n");
            Assert.Null(HiddenElements.Find(FileWith(new DicomTag(0x0008, 0x0119), DicomVR.UC, Ascii(log.ToString()))));
        }

        [Theory]
        [MemberData(nameof(StandardVR))]
        public void Finds_a_header_with_a_standard_VR_whatever_its_value(byte[] value)
        {
            // Six bytes noise makes once in some 6 GB (the tag and a VR the standard defines): what follows need not fit nor be text.
            Assert.NotNull(HiddenElements.Find(FileWith(PrivateBlob, DicomVR.OB, value)));
        }

        [Theory]
        [InlineData("山田^太郎", "utf-8")] // UTF-8 sequences
        [InlineData("김^철수", "ks_c_5601-1987")] // a KS X 1001 pair each, as ISO 2022 IR 149 stores them without escapes
        [InlineData("Müller^A", "iso-8859-1")] // Latin-1: the letters count
        public void Finds_a_name_in_another_script(string name, string encodingName)
        {
            System.Text.Encoding.RegisterProvider(System.Text.CodePagesEncodingProvider.Instance);
            byte[] text = System.Text.Encoding.GetEncoding(encodingName).GetBytes(name);
            var hidden = HiddenElements.Find(FileWith(PrivateBlob, DicomVR.OB, Cat(new byte[6], Header(0x0010, 0x0010, "implicit LE", text.Length), text)));
            Assert.Equal(new DicomTag(0x0010, 0x0010), hidden?.Tag);
        }

        [Theory]
        [MemberData(nameof(NotHidden))]
        public void Leaves_what_is_no_identifying_element_with_a_text_value(string why, byte[] value)
        {
            Assert.True(HiddenElements.Find(FileWith(PrivateBlob, DicomVR.OB, value)) == null, why);
        }

        [Theory]
        [InlineData(0x7FE0, 0x0010)] // Pixel Data: a dark CT region reads as one header after another
        [InlineData(0x7FE0, 0x0008)] // Float Pixel Data
        [InlineData(0x6000, 0x3000)] // Overlay Data
        [InlineData(0x6002, 0x3000)]
        [InlineData(0x5400, 0x1010)] // Waveform Data
        [InlineData(0x5600, 0x0020)] // Spectroscopy Data
        public void Leaves_sample_data_to_the_readers_checks(ushort group, ushort element)
        {
            var value = Cat(new byte[16], Header(0x0010, 0x0010, "implicit LE", Name.Length), Name, new byte[16]);
            Assert.Null(HiddenElements.Find(FileWith(new DicomTag(group, element), DicomVR.OB, value)));
            // The same bytes in any other binary value are found.
            Assert.NotNull(HiddenElements.Find(FileWith(new DicomTag(0x0028, 0x3006), DicomVR.OW, value)));
        }

        [Fact]
        public void Names_where_it_is_in_a_sequence_item()
        {
            var file = new DicomFile(TransferSyntax.ExplicitVRLittleEndian);
            var items = file.Dataset.GetOrAddSequence(new DicomTag(0x0040, 0x0275));
            items.AddItem().SetString(Manufacturer, DicomVR.LO, "ACME");
            items.AddItem().SetRawValue(Manufacturer, DicomVR.LO, Cat(Header(0x0010, 0x0030, "explicit LE DA", 8), Ascii("19310101")));

            var hidden = HiddenElements.Find(file);

            Assert.NotNull(hidden);
            Assert.Equal("(0040,0275)__1__(0008,0070)", hidden!.CarrierPath);
            Assert.Equal(new DicomTag(0x0010, 0x0030), hidden.Tag);
            Assert.Equal(DicomVR.DA, hidden.VR);
        }

        [Theory]
        [InlineData((1 << 20) - 3)] // the header across the first window's end
        [InlineData((1 << 20) - 12 - 40)] // the value across it
        [InlineData(3 * (1 << 20) - 8 - 8)] // the value ending where the holding value ends
        public void Finds_it_in_a_value_left_in_the_file_read_a_window_at_a_time(int at)
        {
            var value = new byte[3 << 20];
            var planted = Cat(Header(0x0010, 0x0020, "explicit LE UN", Name.Length), Name);
            if (at + planted.Length > value.Length) planted = Cat(Header(0x0010, 0x0020, "implicit LE", Name.Length), Name);
            planted.CopyTo(value, at);
            string path = Path.Combine(_dir, "large.dcm");
            FileWith(PrivateBlob, DicomVR.OB, value).Save(path);
            var read = DicomFile.Open(path);
            Assert.True(read.Dataset.TryGetElement(PrivateBlob, out var element) && element.ValueRef != null, "read as a reference to the file");

            var hidden = HiddenElements.Find(read);

            Assert.NotNull(hidden);
            Assert.Equal(at, hidden!.OffsetInValue);
            Assert.Equal(new DicomTag(0x0010, 0x0020), hidden.Tag);
        }

        [Fact]
        public void A_value_read_from_the_file_that_would_run_past_its_end_is_not_one()
        {
            var value = new byte[2 << 20];
            Cat(Header(0x0010, 0x0020, "implicit LE", 9), Name).CopyTo(value, value.Length - 16);
            string path = Path.Combine(_dir, "edge.dcm");
            FileWith(PrivateBlob, DicomVR.OB, value).Save(path);
            Assert.Null(HiddenElements.Find(DicomFile.Open(path)));
        }

        [Fact]
        public void A_value_of_printable_ASCII_alone_is_passed_over_and_could_hold_none()
        {
            // Every listed tag has a byte outside 20H-7EH in both byte orders, so most text values are not looked through.
            Assert.True(HiddenElementScan.PrintableTextHoldsNone);
            Assert.True(HiddenElementScan.IsPrintableAscii(Ascii("DOE^JOHN 1.2.840 ~")));
            Assert.False(HiddenElementScan.IsPrintableAscii(new byte[] { 0x41, 0x7F }));
            Assert.False(HiddenElementScan.IsPrintableAscii(new byte[] { 0x41, 0x1F }));
            Assert.False(HiddenElementScan.IsPrintableAscii(new byte[] { 0x41, 0xC3, 0xA9 }));
            // A header whose length bytes are printable (8,224 bytes) still has its tag's zero byte: found.
            var value = Cat(Header(0x0010, 0x0010, "explicit LE ZZ short", 0x2020), Enumerable.Repeat((byte)'A', 0x2020).ToArray());
            Assert.NotNull(HiddenElements.Find(FileWith(Manufacturer, DicomVR.LT, value)));
        }

        [Fact]
        public void Random_bytes_hold_none()
        {
            // About one match in ten thousand megabytes is expected of random bytes (tag, length and text together): 32 MB of them
            // from a fixed seed hold none, so a private blob of compressed data is not refused for its noise.
            var random = new Random(20261208);
            var value = new byte[32 << 20];
            random.NextBytes(value);
            Assert.Null(HiddenElements.Find(FileWith(PrivateBlob, DicomVR.OB, value)));
        }

        [Fact]
        public void A_meta_version_the_copy_rewrites_is_not_looked_at()
        {
            var file = FileWith(new DicomTag(0x0008, 0x0060), DicomVR.CS, Ascii("CT"));
            file.EnsureFileMeta();
            file.FileMetaInformation.Remove(DicomTags.FileMetaInformationVersion);
            file.FileMetaInformation.SetRawValue(DicomTags.FileMetaInformationVersion, DicomVR.OB,
                Cat(new byte[] { 0, 1 }, Header(0x0002, 0x0003, "explicit LE UI", 8), Ascii("1.2.3.44")));
            file.FileMetaInformation.AcceptChanges();
            file.Dataset.AcceptChanges();
            // Unmodified, the file would be copied as it is: what the version holds is in the copy.
            Assert.False(file.IsModified);
            Assert.Equal("(0002,0001)", HiddenElements.Find(file)?.CarrierPath);
            // Modified, the writer writes the version 00 01.
            file.Dataset.SetString(Manufacturer, DicomVR.LO, "ACME");
            Assert.Null(HiddenElements.Find(file));
        }

        [Fact]
        public void Of_the_shared_test_files_only_a_private_sequence_kept_as_UN_holds_one()
        {
            // pydicom's priv_SQ.dcm keeps a private sequence as UN in implicit VR items; one of them holds a Referring Physician's
            // Name. Every other readable file of ../shared/data holds none: the look refuses no ordinary file.
            var found = new List<string>();
            foreach (string path in Directory.EnumerateFiles(TestPaths.Data(), "*", SearchOption.AllDirectories).OrderBy(p => p, StringComparer.Ordinal))
            {
                DicomFile file;
                try
                {
                    file = DicomFile.Open(path);
                }
                catch (DicomFormatException)
                {
                    continue;
                }
                if (HiddenElements.Find(file) is HiddenElement hidden) found.Add($"{Path.GetFileName(path)} {hidden.CarrierPath} {hidden.Tag}");
            }
            Assert.Equal(new[] { "priv_SQ.dcm (3F03,1001) (0008,0090)" }, found);
        }

        [Fact]
        public void A_batch_does_not_write_a_file_whose_kept_value_hides_one_and_writes_it_when_the_recipe_removes_the_value()
        {
            string input = Path.Combine(_dir, "hidden.dcm");
            var file = FileWith(Manufacturer, DicomVR.LO, Cat(Ascii("ACME"), Header(0x0010, 0x0010, "explicit LE PN", Name.Length), Name));
            file.Dataset.SetString(DicomTags.PatientName, DicomVR.PN, "ROE^JANE");
            file.EnsureFileMeta();
            file.Save(input);
            string output = Path.Combine(_dir, "out.dcm");

            var refused = new DeidBatch(new HeaderActionEngine(DeidRecipe.Parse("FORMAT dicom\n%header\nREPLACE PatientName ANONYMOUS\n")))
                .ProcessOne(new DeidFileRequest(input, output));

            var error = Assert.IsType<HiddenElementException>(refused.Error);
            Assert.StartsWith(input + ": the value of (0008,0070) Manufacturer holds, 4 bytes in, the header of (0010,0010) PatientName", error.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("DOE", error.Message, StringComparison.Ordinal);
            Assert.False(File.Exists(output));
            Assert.Empty(Directory.GetFiles(_dir, "*.tmp*"));

            var written = new DeidBatch(new HeaderActionEngine(DeidRecipe.Parse("FORMAT dicom\n%header\nREPLACE PatientName ANONYMOUS\nREMOVE Manufacturer\n")))
                .ProcessOne(new DeidFileRequest(input, output));

            Assert.True(written.Succeeded, written.Error?.ToString());
            Assert.DoesNotContain("DOE^JOHN", Encoding.ASCII.GetString(File.ReadAllBytes(output)), StringComparison.Ordinal);
        }

        [Fact]
        public void The_audit_reports_an_output_that_hides_one()
        {
            // Written by something else (the codec here, with no recipe): the audit reads original and output alike, so the
            // original's values cannot tell it; the hidden header does.
            string original = Path.Combine(_dir, "original.dcm");
            string output = Path.Combine(_dir, "copy.dcm");
            var file = FileWith(Manufacturer, DicomVR.LO, Cat(Ascii("ACME"), Header(0x0010, 0x0020, "implicit LE", 8), Ascii("MRN90210")));
            file.EnsureFileMeta();
            file.Save(original);
            File.Copy(original, output);

            var result = new DeidAudit().Audit(original, output);

            var leak = Assert.Single(result.Leaks, l => l.Keyword == "PatientID");
            Assert.Equal(LeakCategory.Identifying, leak.Category);
            Assert.Equal("(0010,0020)", leak.ElementPath);
            Assert.Equal("hidden in the value of (0008,0070)", leak.OriginalValue);
            Assert.Contains("implicit VR little endian", leak.Form, StringComparison.Ordinal);
            Assert.True(result.Leaked);

            // A copy without it: none.
            string clean = Path.Combine(_dir, "clean.dcm");
            var plain = FileWith(Manufacturer, DicomVR.LO, Ascii("ACME"));
            plain.EnsureFileMeta();
            plain.Save(clean);
            Assert.DoesNotContain(new DeidAudit().Audit(clean, clean).Leaks, l => l.OriginalValue.StartsWith("hidden", StringComparison.Ordinal));
        }

        private static DicomFile FileWith(DicomTag tag, DicomVR vr, byte[] value)
        {
            var file = new DicomFile(TransferSyntax.ExplicitVRLittleEndian);
            file.Dataset.SetString(DicomTags.SOPClassUID, DicomVR.UI, "1.2.840.10008.5.1.4.1.1.7");
            file.Dataset.SetString(DicomTags.SOPInstanceUID, DicomVR.UI, "1.2.826.0.1.3680043.2.1143.77");
            if (tag.IsPrivate) file.Dataset.SetString(new DicomTag(tag.Group, 0x0010), DicomVR.LO, "ACME BLOB");
            file.Dataset.SetRawValue(tag, vr, value);
            return file;
        }

        // The header of `tag` in the encoding named: "explicit LE PN" (any VR), "explicit BE PN", "implicit LE", "implicit BE";
        // explicit VRs with a 4-byte length (UN) and an unknown VR ("ZZ short"/"ZZ long") as pydicom and gdcm read them.
        private static byte[] Header(ushort group, ushort element, string encoding, int length)
        {
            string[] parts = encoding.Split(' ');
            bool little = parts[1] == "LE";
            var bytes = new List<byte>();
            bytes.AddRange(U16(group, little));
            bytes.AddRange(U16(element, little));
            if (parts[0] == "implicit") return bytes.Concat(U32((uint)length, little)).ToArray();
            bytes.AddRange(Ascii(parts[2]));
            bool longForm = (DicomVR.TryParse(parts[2], out var vr) && vr.IsKnown && vr.HasLongLength) || (parts.Length > 3 && parts[3] == "long");
            if (longForm) return bytes.Concat(new byte[2]).Concat(U32((uint)length, little)).ToArray();
            return bytes.Concat(U16((ushort)length, little)).ToArray();
        }

        private static byte[] U16(ushort v, bool little) => little ? new[] { (byte)v, (byte)(v >> 8) } : new[] { (byte)(v >> 8), (byte)v };

        private static byte[] U32(uint v, bool little) => little
            ? new[] { (byte)v, (byte)(v >> 8), (byte)(v >> 16), (byte)(v >> 24) }
            : new[] { (byte)(v >> 24), (byte)(v >> 16), (byte)(v >> 8), (byte)v };

        private static byte[] Ascii(string s) => Encoding.ASCII.GetBytes(s);

        private static byte[] Cat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();
    }
}
