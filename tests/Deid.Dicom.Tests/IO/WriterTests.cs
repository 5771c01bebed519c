using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using Deid.Dicom.Tests.Helpers;
using Xunit;

namespace Deid.Dicom.Tests.IO
{
    /// <summary>What the writer re-encodes (modified values, group lengths, meta) and what it must leave alone.</summary>
    public class WriterTests : IDisposable
    {
        private readonly string _dir = Path.Combine(Path.GetTempPath(), "deid-writer-" + Guid.NewGuid().ToString("N"));

        public WriterTests() => Directory.CreateDirectory(_dir);

        public void Dispose() => Directory.Delete(_dir, recursive: true);

        private static readonly DicomTag PatientName = new DicomTag(0x0010, 0x0010);
        private static readonly DicomTag PatientId = new DicomTag(0x0010, 0x0020);
        private static readonly DicomTag StudyDate = new DicomTag(0x0008, 0x0020);
        private static readonly DicomTag Modality = new DicomTag(0x0008, 0x0060);
        private static readonly DicomTag ImageComments = new DicomTag(0x0020, 0x4000);

        private static byte[] Write(DicomFile f, DicomWriteOptions? options = null)
        {
            using var ms = new MemoryStream();
            DicomWriter.Write(f, ms, options);
            return ms.ToArray();
        }

        private static uint U32(ReadOnlySpan<byte> b, bool be) => be ? BinaryPrimitives.ReadUInt32BigEndian(b) : BinaryPrimitives.ReadUInt32LittleEndian(b);

        /// <summary>The byte length of the elements after (g,0000) in group g, measured on the test side.</summary>
        private static long GroupBytes(DicomDataset ds, ushort group)
        {
            long n = 0;
            foreach (var e in ds.Elements)
            {
                if (e.Tag.Group == group && !e.Tag.IsGroupLength) n += Measure.Element(e, ds.Encoding);
            }
            return n;
        }

        private static uint GroupLengthValue(DicomDataset ds, ushort group)
        {
            Assert.True(ds.TryGetElement(new DicomTag(group, 0), out var e), $"no ({group:X4},0000)");
            return U32(e.RawValue.Span, ds.Encoding.IsBigEndian);
        }

        // ---- group lengths ------------------------------------------------------------------------------------

        [Fact]
        public void Unmodified_file_with_a_wrong_group_length_stays_byte_identical()
        {
            var tf = new TFile { Preamble = new byte[128] };
            tf.Dataset.Add(new TElement(DicomGen.SopClassUid, "UI") { Value = TestEncoder.Text("1.2.3", '\0') });
            tf.Dataset.Add(new TElement(new DicomTag(0x0010, 0x0000), "UL") { Value = new byte[] { 0xEF, 0xBE, 0xAD, 0xDE } });
            tf.Dataset.Add(new TElement(PatientName, "PN") { Value = TestEncoder.Text("DOE^JOHN", ' ') });
            var bytes = TestEncoder.Encode(tf);
            var file = DicomFile.Open(bytes);
            Assert.Equal(0xDEADBEEF, GroupLengthValue(file.Dataset, 0x0010));
            RoundTripTests.AssertSameBytes(bytes, Write(file), "wrong group length");
        }

        public static IEnumerable<object[]> FilesWithGroupLengths() => new[]
        {
            "pydicom/test_files/ExplVR_BigEnd.dcm", "pydicom/charset_files/chrJapMulti.dcm", "pydicom/test_files/693_J2KI.dcm",
        }.Select(f => new object[] { f });

        [Theory]
        [MemberData(nameof(FilesWithGroupLengths))]
        public void Modifying_one_group_recomputes_its_length_and_touches_no_other_group(string rel)
        {
            var original = DicomFile.Open(TestData.PathOf(rel));
            var file = DicomFile.Open(TestData.PathOf(rel));
            file.Dataset.SetString(StudyDate, DicomVR.DA, "20000101");
            file.Dataset.SetString(new DicomTag(0x0008, 0x1030), DicomVR.LO, "A NEW STUDY DESCRIPTION");
            Assert.True(file.Dataset.IsGroupModified(0x0008));
            Assert.False(file.Dataset.IsGroupModified(0x0010));

            var back = DicomFile.Open(Write(file));
            bool be = back.Dataset.Encoding.IsBigEndian;
            Assert.Equal(original.Dataset.Encoding, back.Dataset.Encoding);
            Assert.Equal(GroupBytes(back.Dataset, 0x0008), GroupLengthValue(back.Dataset, 0x0008));
            Assert.NotEqual(GroupLengthValue(original.Dataset, 0x0008), GroupLengthValue(back.Dataset, 0x0008));
            Assert.Equal("20000101", back.Dataset.GetString(StudyDate));
            if (be) Assert.Equal(GroupBytes(back.Dataset, 0x0008), BinaryPrimitives.ReadUInt32BigEndian(back.Dataset.Elements.First(e => e.Tag == new DicomTag(0x0008, 0)).RawValue.Span));

            // Every other group is written exactly as read, its group length included.
            foreach (var group in original.Dataset.Elements.Select(e => e.Tag.Group).Distinct().Where(g => g != 0x0008))
            {
                var before = Dump.Of(original.Dataset, e => e.Tag.Group == group);
                var after = Dump.Of(back.Dataset, e => e.Tag.Group == group);
                Assert.Equal(before, after);
            }
        }

        [Fact]
        public void Group_length_of_an_odd_size_in_a_modified_group_inside_an_item_keeps_the_item_readable()
        {
            // (0008,0000) with a 0-byte or 8-byte value inside a defined-length item of a defined-length sequence:
            // once group 0008 of the item is modified the writer writes a 4-byte group length, so it must also count
            // 4 bytes for it when it computes the item and sequence lengths.
            foreach (var glValue in new[] { Array.Empty<byte>(), new byte[8] })
            {
                var item = new TItem
                {
                    Elements =
                    {
                        new TElement(new DicomTag(0x0008, 0x0000), "UL") { Value = glValue },
                        new TElement(new DicomTag(0x0008, 0x1150), "UI") { Value = TestEncoder.Text("1.2.3", '\0') },
                        new TElement(new DicomTag(0x0008, 0x1155), "UI") { Value = TestEncoder.Text("1.2.3.4", '\0') },
                    },
                };
                var tf = new TFile { Preamble = new byte[128] };
                tf.Dataset.Add(new TElement(DicomGen.SopClassUid, "UI") { Value = TestEncoder.Text("1.2.3", '\0') });
                tf.Dataset.Add(new TElement(new DicomTag(0x0008, 0x1115), "SQ") { Items = new List<TItem> { item } });
                tf.Dataset.Add(new TElement(PatientId, "LO") { Value = TestEncoder.Text("ID", ' ') });
                var file = DicomFile.Open(TestEncoder.Encode(tf));
                var inner = file.Dataset.GetSequence(new DicomTag(0x0008, 0x1115))![0];
                inner.SetString(new DicomTag(0x0008, 0x1155), DicomVR.UI, "1.2.3.4.5.6");

                var back = DicomFile.Open(Write(file));
                var backItem = back.Dataset.GetSequence(new DicomTag(0x0008, 0x1115))![0];
                Assert.Equal("1.2.3.4.5.6", backItem.GetString(new DicomTag(0x0008, 0x1155)));
                Assert.Equal("ID", back.Dataset.GetString(PatientId));
                Assert.Equal(GroupBytes(backItem, 0x0008), GroupLengthValue(backItem, 0x0008));
            }
        }

        [Fact]
        public void Saving_again_after_AcceptChanges_writes_the_same_file()
        {
            // AcceptChanges is documented for use after a save; a second save must not bring back stale group lengths.
            var file = DicomFile.Open(TestData.PathOf("pydicom", "charset_files", "chrJapMulti.dcm"));
            file.Dataset.SetString(PatientId, DicomVR.LO, "A MUCH LONGER PATIENT ID");
            var first = Write(file);
            file.Dataset.AcceptChanges();
            file.FileMetaInformation.AcceptChanges();
            Assert.False(file.IsModified);
            var second = Write(file);
            RoundTripTests.AssertSameBytes(first, second, "second save");
            var back = DicomFile.Open(second);
            Assert.Equal(GroupBytes(back.Dataset, 0x0010), GroupLengthValue(back.Dataset, 0x0010));
            Assert.Equal(GroupBytes(back.FileMetaInformation, 0x0002), GroupLengthValue(back.FileMetaInformation, 0x0002));
        }

        [Fact]
        public void A_deflated_file_saved_again_after_AcceptChanges_keeps_its_edits()
        {
            // An unmodified deflated dataset is written by copying the original compressed bytes. After an edit and
            // AcceptChanges those bytes are stale: copying them would bring the removed patient name back.
            var file = DicomFile.Open(TestData.PathOf("pydicom", "test_files", "image_dfl.dcm"));
            string? name = file.Dataset.GetString(PatientName);
            Assert.False(string.IsNullOrEmpty(name));
            file.Dataset.SetString(PatientName, DicomVR.PN, "ANONYMOUS");
            var first = Write(file);
            file.Dataset.AcceptChanges();
            file.FileMetaInformation.AcceptChanges();
            var second = Write(file);
            Assert.Equal("ANONYMOUS", DicomFile.Open(second).Dataset.GetString(PatientName));
            Assert.Equal(Dump.Of(DicomFile.Open(first)), Dump.Of(DicomFile.Open(second)));
        }

        // ---- padding -------------------------------------------------------------------------------------------

        public static IEnumerable<object[]> Paddings() => new[]
        {
            new object[] { "LO", "ABC", "ABC " },
            new object[] { "PN", "DOE^J", "DOE^J " },
            new object[] { "CS", "X", "X " },
            new object[] { "DS", "1.5", "1.5 " },
            new object[] { "UT", "odd text", "odd text" },
            new object[] { "UT", "odd", "odd " },
            new object[] { "UI", "1.2.3", "1.2.3\0" },
            new object[] { "UI", "1.2.34", "1.2.34" },
            new object[] { "UR", "http://a", "http://a" },
            new object[] { "UR", "http://", "http:// " },
        };

        [Theory]
        [MemberData(nameof(Paddings))]
        public void Modified_text_is_padded_to_even_length_by_its_VR_rule(string vr, string value, string stored)
        {
            foreach (var ts in new[] { TransferSyntax.ExplicitVRLittleEndian, TransferSyntax.ImplicitVRLittleEndian, TransferSyntax.ExplicitVRBigEndian })
            {
                var file = new DicomFile(ts);
                var tag = new DicomTag(0x0011, 0x1001);
                file.Dataset.SetString(new DicomTag(0x0011, 0x0010), DicomVR.LO, "PAD TEST");
                file.Dataset.SetString(tag, DicomVR.Parse(vr), value);
                Assert.Equal(stored, Encoding.ASCII.GetString(file.Dataset.Elements.First(e => e.Tag == tag).RawValue.ToArray()));
                var back = DicomFile.Open(Write(file));
                Assert.Equal(stored, Encoding.ASCII.GetString(back.Dataset.Elements.First(e => e.Tag == tag).RawValue.ToArray()));
                if (ts.IsExplicitVR) Assert.Equal(value, back.Dataset.GetString(tag));
            }
        }

        [Fact]
        public void Odd_binary_values_are_padded_with_NUL()
        {
            var file = new DicomFile(TransferSyntax.ExplicitVRLittleEndian);
            var tag = new DicomTag(0x0009, 0x1002);
            file.Dataset.SetRawValue(tag, DicomVR.OB, new byte[] { 1, 2, 3 });
            file.Dataset.SetRawValue(new DicomTag(0x0009, 0x1003), DicomVR.UN, new byte[] { 0xFF });
            var back = DicomFile.Open(Write(file));
            Assert.Equal(new byte[] { 1, 2, 3, 0 }, back.Dataset.Elements.First(e => e.Tag == tag).RawValue.ToArray());
            Assert.Equal(new byte[] { 0xFF, 0 }, back.Dataset.Elements.First(e => e.Tag.Element == 0x1003).RawValue.ToArray());
        }

        // ---- big endian ---------------------------------------------------------------------------------------

        [Theory]
        [InlineData("pydicom/test_files/MR_small_bigendian.dcm")]
        [InlineData(null)]
        public void Explicit_big_endian_numbers_set_by_the_model_read_back_right(string? rel)
        {
            var file = rel == null ? new DicomFile(TransferSyntax.ExplicitVRBigEndian) : DicomFile.Open(TestData.PathOf(rel));
            Assert.True(file.Dataset.Encoding.IsBigEndian);
            var values = new (DicomTag Tag, DicomVR VR, double[] Numbers, byte[] BigEndianBytes)[]
            {
                (new DicomTag(0x0028, 0x0010), DicomVR.US, new double[] { 0x0102 }, new byte[] { 1, 2 }),
                (new DicomTag(0x0028, 0x0106), DicomVR.SS, new double[] { -2 }, new byte[] { 0xFF, 0xFE }),
                (new DicomTag(0x0018, 0x9219), DicomVR.UL, new double[] { 0x01020304, 5 }, new byte[] { 1, 2, 3, 4, 0, 0, 0, 5 }),
                (new DicomTag(0x0018, 0x9220), DicomVR.SL, new double[] { -1 }, new byte[] { 0xFF, 0xFF, 0xFF, 0xFF }),
                (new DicomTag(0x0018, 0x9221), DicomVR.FL, new double[] { 1.5 }, new byte[] { 0x3F, 0xC0, 0, 0 }),
                (new DicomTag(0x0018, 0x9222), DicomVR.FD, new double[] { -2.0 }, new byte[] { 0xC0, 0, 0, 0, 0, 0, 0, 0 }),
                (new DicomTag(0x0018, 0x9223), DicomVR.SV, new double[] { -256 }, new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0 }),
                (new DicomTag(0x0018, 0x9224), DicomVR.UV, new double[] { 258 }, new byte[] { 0, 0, 0, 0, 0, 0, 1, 2 }),
                (new DicomTag(0x0018, 0x9225), DicomVR.OW, new double[] { 1, 0xFFFE }, new byte[] { 0, 1, 0xFF, 0xFE }),
                (new DicomTag(0x0018, 0x9226), DicomVR.OF, new double[] { -0.5 }, new byte[] { 0xBF, 0, 0, 0 }),
                (new DicomTag(0x0018, 0x9227), DicomVR.OL, new double[] { 7 }, new byte[] { 0, 0, 0, 7 }),
                (new DicomTag(0x0018, 0x9228), DicomVR.OD, new double[] { 1 }, new byte[] { 0x3F, 0xF0, 0, 0, 0, 0, 0, 0 }),
                (new DicomTag(0x0018, 0x9229), DicomVR.OV, new double[] { 1 }, new byte[] { 0, 0, 0, 0, 0, 0, 0, 1 }),
                (new DicomTag(0x0020, 0x9165), DicomVR.AT, new double[] { 0x00100020 }, new byte[] { 0, 0x10, 0, 0x20 }),
            };
            foreach (var v in values) file.Dataset.SetNumbers(v.Tag, v.VR, v.Numbers);
            var seq = file.Dataset.GetOrAddSequence(new DicomTag(0x0008, 0x1115));
            seq.AddItem().SetNumbers(new DicomTag(0x0028, 0x0011), DicomVR.US, 0x0304);

            var back = DicomFile.Open(Write(file));
            Assert.Equal(TransferSyntax.ExplicitVRBigEndian, back.TransferSyntax);
            foreach (var v in values)
            {
                var e = back.Dataset.Elements.First(x => x.Tag == v.Tag);
                Assert.Equal(v.VR, e.VR);
                Assert.Equal(v.BigEndianBytes, e.RawValue.ToArray());
                if (v.VR == DicomVR.AT) Assert.Equal(new DicomTag(0x0010, 0x0020), back.Dataset.GetValue(v.Tag));
                else Assert.Equal(v.Numbers, back.Dataset.GetNumbers(v.Tag));
            }
            Assert.Equal((ushort)0x0102, back.Dataset.GetValue(new DicomTag(0x0028, 0x0010)));
            Assert.Equal(new double[] { 0x0304 }, back.Dataset.GetSequence(new DicomTag(0x0008, 0x1115))![0].GetNumbers(new DicomTag(0x0028, 0x0011)));
        }

        // ---- limits -------------------------------------------------------------------------------------------

        [Theory]
        [InlineData("1.2.840.10008.1.2.1")]
        [InlineData("1.2.840.10008.1.2.2")]
        public void A_value_over_64_KiB_in_a_16_bit_length_VR_is_refused_on_write(string tsUid)
        {
            var file = new DicomFile(TransferSyntax.Lookup(tsUid));
            file.Dataset.SetString(DicomGen.SopClassUid, DicomVR.UI, "1.2.3");
            file.Dataset.SetString(new DicomTag(0x0008, 0x1030), DicomVR.LO, new string('A', 65536));
            // The codec's own exception type: the value came from the user's input (a crosswalk cell, a variable), so a batch reports
            // it as that file's error and goes on.
            var ex = Assert.Throws<DicomFormatException>(() => Write(file));
            Assert.Contains("(0008,1030)", ex.Message);
            // Through Save: nothing is left behind.
            string path = Path.Combine(_dir, "too-long.dcm");
            Assert.Throws<DicomFormatException>(() => file.Save(path));
            Assert.Empty(Directory.GetFileSystemEntries(_dir));

            // 65534 bytes fit; in implicit VR (32-bit lengths) the long value is fine.
            file.Dataset.SetString(new DicomTag(0x0008, 0x1030), DicomVR.LO, new string('A', 65534));
            Assert.Equal(65534, DicomFile.Open(Write(file)).Dataset.GetString(new DicomTag(0x0008, 0x1030))!.Length);
            var implicitFile = new DicomFile(TransferSyntax.ImplicitVRLittleEndian);
            implicitFile.Dataset.SetString(new DicomTag(0x0008, 0x1030), DicomVR.LO, new string('B', 70000));
            var back = DicomFile.Open(Write(implicitFile));
            Assert.Equal(70000, back.Dataset.Elements.First(e => e.Tag.Element == 0x1030).Length);
        }

        // ---- atomic files --------------------------------------------------------------------------------------

        [Fact]
        public void AtomicFile_refuses_to_replace_an_existing_file_unless_asked()
        {
            string path = Path.Combine(_dir, "out.dcm");
            File.WriteAllText(path, "precious");
            var ex = Assert.Throws<OutputExistsException>(() => AtomicFile.Write(path, overwrite: false, s => s.WriteByte(1)));
            Assert.Contains("exists", ex.Message);
            Assert.Equal("precious", File.ReadAllText(path));
            Assert.Single(Directory.GetFileSystemEntries(_dir));

            var file = DicomFile.Open(TestData.PathOf("pydicom", "test_files", "rtplan.dcm"));
            Assert.Throws<OutputExistsException>(() => file.Save(path));
            Assert.Equal("precious", File.ReadAllText(path));

            file.Save(path, overwrite: true);
            Assert.Equal(File.ReadAllBytes(TestData.PathOf("pydicom", "test_files", "rtplan.dcm")), File.ReadAllBytes(path));
            Assert.Single(Directory.GetFileSystemEntries(_dir));
        }

        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public void AtomicFile_failure_inside_the_write_leaves_neither_output_nor_temporary_file(bool existing)
        {
            string path = Path.Combine(_dir, "out.dcm");
            if (existing) File.WriteAllText(path, "before");
            var ex = Assert.Throws<InvalidDataException>(() => AtomicFile.Write(path, overwrite: true, s =>
            {
                s.Write(new byte[100000]);
                throw new InvalidDataException("boom");
            }));
            Assert.Equal("boom", ex.Message);
            if (existing)
            {
                Assert.Equal("before", File.ReadAllText(path));
                Assert.Single(Directory.GetFileSystemEntries(_dir));
            }
            else
            {
                Assert.Empty(Directory.GetFileSystemEntries(_dir));
            }
        }

        /// <summary>
        /// The hook called before the rename (where the crosswalk's journal is written, so that no output appears whose way back is
        /// not on disk): it sees the whole temporary file; what it throws — even an IOException naming nothing — reaches the caller
        /// unchanged, and neither the output nor the temporary file is left; an existing output stays as it was.
        /// </summary>
        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public void AtomicFile_a_failure_before_the_rename_leaves_no_output_and_keeps_its_own_exception(bool existing)
        {
            string path = Path.Combine(_dir, "out.dcm");
            if (existing) File.WriteAllText(path, "before");
            long seen = -1;
            var thrown = new IOException("No space left on device : '/elsewhere/.journal'");
            var ex = Assert.Throws<IOException>(() => AtomicFile.Write(path, overwrite: true, s => s.Write(new byte[70000]), durable: false, ownerOnly: false, beforeRename: () =>
            {
                var temps = Directory.GetFiles(_dir, ".out.dcm.*");
                seen = new FileInfo(Assert.Single(temps)).Length;
                throw thrown;
            }));
            Assert.Same(thrown, ex);
            Assert.Equal(70000, seen);
            if (existing) Assert.Equal("before", File.ReadAllText(path));
            Assert.Equal(existing ? 1 : 0, Directory.GetFileSystemEntries(_dir).Length);

            // Returning, it lets the output appear; DicomFile.Save calls it through DicomWriteOptions.
            int calls = 0;
            var file = DicomFile.Open(TestData.PathOf("pydicom", "test_files", "rtplan.dcm"));
            file.Save(path, overwrite: true, new DicomWriteOptions { BeforeRename = () => { calls++; Assert.Equal(existing ? "before" : null, File.Exists(path) ? File.ReadAllText(path) : null); } });
            Assert.Equal(1, calls);
            Assert.Equal(File.ReadAllBytes(TestData.PathOf("pydicom", "test_files", "rtplan.dcm")), File.ReadAllBytes(path));
            Assert.Single(Directory.GetFileSystemEntries(_dir));
        }

        [Fact]
        public void AtomicFile_writes_a_name_of_250_characters_though_the_temporary_name_would_be_longer()
        {
            string path = Path.Combine(_dir, new string('a', 246) + ".dcm");
            AtomicFile.Write(path, overwrite: false, s => s.WriteByte(7));
            Assert.Equal(new byte[] { 7 }, File.ReadAllBytes(path));
            Assert.Single(Directory.GetFileSystemEntries(_dir));
        }

        [Fact]
        public void AtomicFile_failure_names_the_output_not_the_temporary_file()
        {
            string path = Path.Combine(_dir, "missing-folder", "out.dcm");
            var ex = Assert.Throws<DirectoryNotFoundException>(() => AtomicFile.Write(path, overwrite: false, s => s.WriteByte(1)));
            Assert.Contains(path, ex.Message);
            Assert.DoesNotContain(".tmp", ex.Message);
            Assert.Contains(".tmp", ex.InnerException!.Message);
        }

        [Fact]
        public void AtomicFile_a_full_disk_names_the_output_but_the_writers_own_failure_keeps_its_message()
        {
            string path = Path.Combine(_dir, "out.dcm");
            var full = Assert.Throws<IOException>(() => AtomicFile.Write(path, overwrite: false, s => throw new IOException($"No space left on device : '{((FileStream)s).Name}'")));
            Assert.Equal($"No space left on device : '{path}'", full.Message);
            var own = Assert.Throws<IOException>(() => AtomicFile.Write(path, overwrite: false, s => throw new IOException("the input was truncated")));
            Assert.Equal("the input was truncated", own.Message);
            Assert.Empty(Directory.GetFileSystemEntries(_dir));
        }

        [Fact]
        public void AtomicFile_output_too_long_is_reported_without_the_temporary_name()
        {
            string path = Path.Combine(_dir, new string('b', 300) + ".dcm");
            var ex = Assert.ThrowsAny<IOException>(() => AtomicFile.Write(path, overwrite: false, s => s.WriteByte(1)));
            Assert.DoesNotContain(".tmp", ex.Message);
            Assert.Empty(Directory.GetFileSystemEntries(_dir));
        }

        [Fact]
        public void Saving_over_the_file_that_was_read_keeps_its_large_values()
        {
            // The source is both where the references point and the destination: the temporary file and rename make this safe.
            string path = Path.Combine(_dir, "in-place.dcm");
            File.Copy(TestData.PathOf("pydicom", "test_files", "CT_small.dcm"), path);
            var file = DicomFile.Open(path, new DicomReadOptions { LargeValueThreshold = 16 });
            file.Dataset.SetString(PatientName, DicomVR.PN, "ANON");
            var expected = Write(file);
            file = DicomFile.Open(path, new DicomReadOptions { LargeValueThreshold = 16 });
            file.Dataset.SetString(PatientName, DicomVR.PN, "ANON");
            file.Save(path, overwrite: true);
            RoundTripTests.AssertSameBytes(expected, File.ReadAllBytes(path), "in place");
            Assert.Single(Directory.GetFileSystemEntries(_dir));
        }

        // ---- file meta -----------------------------------------------------------------------------------------

        [Fact]
        public void SynchronizeFileMeta_follows_a_new_SOP_Instance_UID_and_stamps_our_implementation_only_when_modified()
        {
            string rel = "pydicom/test_files/CT_small.dcm";
            var unmodified = DicomFile.Open(Write(DicomFile.Open(TestData.PathOf(rel))));
            string? theirs = unmodified.FileMetaInformation.GetString(MetaTagsForTests.ImplementationClassUid);
            Assert.NotNull(theirs);
            Assert.NotEqual(DicomImplementation.ClassUid, theirs);

            var file = DicomFile.Open(TestData.PathOf(rel));
            file.Dataset.SetString(MetaTagsForTests.SopInstanceUid, DicomVR.UI, "2.25.1234567890");
            var back = DicomFile.Open(Write(file));
            var meta = back.FileMetaInformation;
            Assert.Equal("2.25.1234567890", meta.GetString(MetaTagsForTests.MediaStorageSopInstanceUid));
            Assert.Equal(back.Dataset.GetString(MetaTagsForTests.SopClassUid), meta.GetString(MetaTagsForTests.MediaStorageSopClassUid));
            Assert.Equal(DicomImplementation.ClassUid, meta.GetString(MetaTagsForTests.ImplementationClassUid));
            Assert.Equal(DicomImplementation.VersionName, meta.GetString(MetaTagsForTests.ImplementationVersionName));
            Assert.Equal(file.TransferSyntax.Uid, meta.GetString(DicomTag.TransferSyntaxUid));
            Assert.Equal(GroupBytes(meta, 0x0002), GroupLengthValue(meta, 0x0002));

            // Opting out leaves the meta as it was, even for a modified dataset.
            var optOut = DicomFile.Open(TestData.PathOf(rel));
            optOut.Dataset.SetString(MetaTagsForTests.SopInstanceUid, DicomVR.UI, "2.25.1234567890");
            var kept = DicomFile.Open(Write(optOut, new DicomWriteOptions { UpdateFileMeta = false }));
            Assert.Equal(Dump.Of(unmodified.FileMetaInformation), Dump.Of(kept.FileMetaInformation));
        }

        [Fact]
        public void A_removed_SOP_Instance_UID_leaves_no_copy_in_the_meta()
        {
            // The meta's copy would keep the original instance UID in a file whose dataset no longer has it.
            var file = DicomFile.Open(TestData.PathOf("pydicom", "test_files", "CT_small.dcm"));
            string original = file.Dataset.GetString(MetaTagsForTests.SopInstanceUid)!;
            file.Dataset.Remove(MetaTagsForTests.SopInstanceUid);
            byte[] bytes = Write(file);
            Assert.Equal(-1, bytes.AsSpan().IndexOf(Encoding.ASCII.GetBytes(original)));
            var back = DicomFile.Open(bytes);
            Assert.False(back.FileMetaInformation.Contains(MetaTagsForTests.MediaStorageSopInstanceUid));
            Assert.Equal(GroupBytes(back.FileMetaInformation, 0x0002), GroupLengthValue(back.FileMetaInformation, 0x0002));
        }

        [Fact]
        public void A_broken_SOP_Instance_UID_is_carried_into_the_meta_as_it_is()
        {
            // A UID with a byte outside the default repertoire reads fine; editing the file must not make the write
            // fail (it threw ArgumentException from the meta update), and the meta must hold the same bytes.
            var file = DicomFile.Open(TestData.PathOf("pydicom", "test_files", "CT_small.dcm"));
            var uid = Encoding.ASCII.GetBytes("1.2.3.4").Concat(new byte[] { 0xE4, (byte)'5' }).ToArray();
            file.Dataset.SetRawValue(MetaTagsForTests.SopInstanceUid, DicomVR.UI, uid);
            var back = DicomFile.Open(Write(file));
            var meta = back.FileMetaInformation.Elements.First(e => e.Tag == MetaTagsForTests.MediaStorageSopInstanceUid);
            Assert.Equal(uid, meta.RawValue.ToArray().Take(uid.Length).ToArray());
            Assert.Equal(back.Dataset.GetString(MetaTagsForTests.SopInstanceUid), back.FileMetaInformation.GetString(MetaTagsForTests.MediaStorageSopInstanceUid));
        }

        [Theory]
        [InlineData("pydicom/test_files/ExplVR_LitEndNoMeta.dcm")]
        [InlineData("pydicom/test_files/ExplVR_BigEndNoMeta.dcm")]
        public void A_bare_dataset_becomes_Part_10_when_asked_and_stays_bare_otherwise(string rel)
        {
            var original = DicomFile.Open(TestData.PathOf(rel));
            Assert.False(original.HasFileMetaInformation);
            Assert.Null(original.Preamble);

            // Modified but not asked: written bare, as pydicom writes it (the conformance kit compares the meta).
            var bare = DicomFile.Open(TestData.PathOf(rel));
            bare.Dataset.SetString(PatientId, DicomVR.LO, "ANON");
            var bareBytes = Write(bare);
            var bareBack = DicomFile.Open(bareBytes);
            Assert.False(bareBack.HasFileMetaInformation);
            Assert.Equal("ANON", bareBack.Dataset.GetString(PatientId));

            var file = DicomFile.Open(TestData.PathOf(rel));
            file.Dataset.SetString(PatientId, DicomVR.LO, "ANON");
            file.EnsureFileMeta();
            var bytes = Write(file);
            Assert.Equal("DICM", Encoding.ASCII.GetString(bytes, 128, 4));
            var back = DicomFile.Open(bytes);
            Assert.True(back.HasFileMetaInformation);
            Assert.Equal(original.TransferSyntax, back.TransferSyntax);
            Assert.Equal(original.Dataset.Encoding, back.Dataset.Encoding);
            Assert.Equal(original.TransferSyntax.Uid, back.FileMetaInformation.GetString(DicomTag.TransferSyntaxUid));
            Assert.Equal(new byte[] { 0, 1 }, back.FileMetaInformation.Elements.First(e => e.Tag.Element == 1).RawValue.ToArray());
            Assert.Equal("ANON", back.Dataset.GetString(PatientId));
            Assert.Equal(Dump.Of(file.Dataset), Dump.Of(back.Dataset));
            Assert.Empty(back.Warnings);
        }

        [Fact]
        public void A_meta_without_group_length_gets_a_correct_one_when_modified()
        {
            string path = TestData.PathOf("pydicom", "test_files", "no_meta_group_length.dcm");
            var file = DicomFile.Open(path);
            Assert.True(file.HasFileMetaInformation);
            Assert.False(file.FileMetaInformation.Contains(MetaTagsForTests.GroupLength));
            RoundTripTests.AssertSameBytes(File.ReadAllBytes(path), Write(file), "unmodified");
            file.Dataset.SetString(PatientId, DicomVR.LO, "ANON");
            var back = DicomFile.Open(Write(file));
            Assert.Equal(MetaTagsForTests.GroupLength, back.FileMetaInformation.ElementAt(0).Tag);
            Assert.Equal(GroupBytes(back.FileMetaInformation, 0x0002), GroupLengthValue(back.FileMetaInformation, 0x0002));
        }

        [Fact]
        public void A_modified_deflated_file_is_written_deflated_and_reads_back_equal()
        {
            string path = TestData.PathOf("pydicom", "test_files", "image_dfl.dcm");
            var file = DicomFile.Open(path);
            Assert.True(file.TransferSyntax.IsDeflated);
            file.Dataset.SetString(PatientName, DicomVR.PN, "DEFLATED^PATIENT");
            var bytes = Write(file);
            var back = DicomFile.Open(bytes);
            Assert.Equal(TransferSyntax.DeflatedExplicitVRLittleEndian, back.TransferSyntax);
            Assert.Equal("DEFLATED^PATIENT", back.Dataset.GetString(PatientName));
            Assert.Equal(Dump.Of(file.Dataset), Dump.Of(back.Dataset));

            // The bytes after the meta really are a raw deflate stream of the dataset.
            var logical = Structure.Logical(bytes, out int dataStart, out bool deflated);
            Assert.True(deflated);
            using var ms = new MemoryStream();
            DicomWriter.WriteDataset(file.Dataset, ms);
            Assert.Equal(ms.ToArray(), logical.AsSpan(dataStart).ToArray());
            Assert.True(bytes.Length < logical.Length / 2, "the dataset was not compressed");

            // Asked not to reuse the original compressed bytes, an unmodified file is compressed again and still equal.
            var again = DicomFile.Open(path);
            var recompressed = DicomFile.Open(Write(again, new DicomWriteOptions { ReuseUnmodifiedDeflatedData = false }));
            Assert.Equal(Dump.Of(again.Dataset), Dump.Of(recompressed.Dataset));
        }

        // ---- values left in the source -------------------------------------------------------------------------

        public static IEnumerable<object[]> Changes() => new[] { "truncated", "rewritten", "deleted", "grown" }.Select(c => new object[] { c });

        [Theory]
        [MemberData(nameof(Changes))]
        public void A_reference_to_a_file_that_changed_after_reading_fails_the_write(string change)
        {
            string path = Path.Combine(_dir, "source.dcm");
            var original = File.ReadAllBytes(TestData.PathOf("pydicom", "test_files", "CT_small.dcm"));
            File.WriteAllBytes(path, original);
            File.SetLastWriteTimeUtc(path, new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc));
            var file = DicomFile.Open(path);
            Assert.Contains(file.Dataset.Elements, e => e.ValueRef != null);

            switch (change)
            {
                case "truncated":
                    File.WriteAllBytes(path, original.AsSpan(0, original.Length - 1000).ToArray());
                    break;
                case "rewritten":
                    // Same length, different bytes, a later time.
                    var changed = (byte[])original.Clone();
                    Array.Fill(changed, (byte)0xAA, changed.Length - 5000, 4000);
                    File.WriteAllBytes(path, changed);
                    File.SetLastWriteTimeUtc(path, new DateTime(2021, 1, 1, 0, 0, 0, DateTimeKind.Utc));
                    break;
                case "deleted":
                    File.Delete(path);
                    break;
                case "grown":
                    File.WriteAllBytes(path, original.Concat(new byte[10]).ToArray());
                    break;
            }
            Assert.Throws<IOException>(() => Write(file));
            string output = Path.Combine(_dir, "out.dcm");
            Assert.Throws<IOException>(() => file.Save(output));
            Assert.False(File.Exists(output));
            Assert.DoesNotContain(Directory.GetFiles(_dir), f => f.EndsWith(".tmp", StringComparison.Ordinal));
        }

        [Fact]
        public void Values_left_in_a_byte_array_are_copied_from_it()
        {
            var bytes = File.ReadAllBytes(TestData.PathOf("pydicom", "test_files", "CT_small.dcm"));
            var file = DicomFile.Open(bytes, new DicomReadOptions { LargeValueThreshold = 2 });
            var pixel = file.Dataset.Elements.First(e => e.Tag == DicomTag.PixelData).ValueRef!;
            Assert.Equal("<memory>", pixel.Source.Description);
            Assert.Equal(bytes.AsSpan((int)pixel.Offset, (int)pixel.Length).ToArray(), pixel.ReadAll());
            file.Dataset.SetString(PatientName, DicomVR.PN, "X");
            var back = DicomFile.Open(Write(file));
            Assert.Equal(pixel.ReadAll(), back.Dataset.Elements.First(e => e.Tag == DicomTag.PixelData).ValueRef!.ReadAll());
        }

        /// <summary>
        /// Writer QA 2026-12-06: a deflated file left with no elements (REMOVE ALL on a file without pixels) was written with no
        /// deflate data at all, which zlib and pydicom refuse as truncated; it ends with an empty final block, as dcmtk writes.
        /// </summary>
        [Fact]
        public void An_empty_deflated_dataset_is_an_empty_final_block()
        {
            var file = new DicomFile(TransferSyntax.Lookup("1.2.840.10008.1.2.1.99"));
            file.Dataset.SetString(new DicomTag(0x0010, 0x0010), DicomVR.PN, "DOE^JOHN");
            file.EnsureFileMeta();
            file.Dataset.Remove(new DicomTag(0x0010, 0x0010));
            byte[] bytes = RoundTripTests.Write(file);
            Assert.Equal(new byte[] { 0x03, 0x00 }, bytes.Skip(bytes.Length - 2).ToArray());
            using (var inflate = new System.IO.Compression.DeflateStream(new MemoryStream(bytes, bytes.Length - 2, 2), System.IO.Compression.CompressionMode.Decompress))
                Assert.Equal(-1, inflate.ReadByte());
            Assert.Equal(0, DicomFile.Open(bytes, null, "x").Dataset.Count);
        }
    }
}
