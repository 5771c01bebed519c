using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Deid.Dicom.Tests.Helpers;
using Xunit;

namespace Deid.Dicom.Tests.IO
{
    /// <summary>
    /// Every valid sample file is read and written back byte for byte, whatever is loaded and whatever is left in the
    /// source, from a path or from a stream that cannot seek; the invalid ones the writer repairs are written repaired
    /// (and the repair is stable); the broken ones fail with a message that says where.
    /// </summary>
    public class RoundTripTests
    {
        /// <summary>
        /// Invalid files the writer repairs instead of copying (docs/architecture.md, "Writing"), so they are not written
        /// back byte for byte: odd-length values, padded to even length; a transfer syntax the data contradict.
        /// </summary>
        public static readonly Dictionary<string, string> Repaired = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["deid-data/humans/ctbrain1.dcm"] = "odd length", // (0011,0011)
            ["deid-data/humans/ctbrain2.dcm"] = "odd length", // in the illegal group 0007
            ["pydicom/test_files/meta_missing_tsyntax.dcm"] = "odd length", // (0001,0002), an illegal group
            ["pydicom/test_files/nested_priv_SQ.dcm"] = "odd length", // (0001,0002), an illegal group
            ["pydicom/test_files/SC_rgb_jpeg.dcm"] = "written as declared", // JPEG Baseline (explicit VR) over implicit VR data
        };

        /// <summary>Files that are broken and must be refused (see the brief): truncated, a stray leading byte, lengths past the end.</summary>
        public static readonly HashSet<string> MustFail = new HashSet<string>(StringComparer.Ordinal)
        {
            "pydicom/test_files/MR_truncated.dcm",
            "pydicom/test_files/rtplan_truncated.dcm",
            "pydicom/test_files/no_meta.dcm",
            "pydicom/test_files/dicomdirtests/DICOMDIR-nooffset",
        };

        public static IEnumerable<object[]> Files() => TestData.AllDicomFilesData();

        public static IEnumerable<object[]> GoodFiles() => TestData.AllDicomFiles().Where(f => !MustFail.Contains(f)).Select(f => new object[] { f });

        public static IEnumerable<object[]> BadFiles() => MustFail.OrderBy(f => f, StringComparer.Ordinal).Select(f => new object[] { f });

        internal static byte[] Write(DicomFile file)
        {
            using var ms = new MemoryStream();
            DicomWriter.Write(file, ms);
            return ms.ToArray();
        }

        [Fact]
        public void The_sample_data_is_there()
        {
            var all = TestData.AllDicomFiles().ToList();
            Assert.True(all.Count > 150, $"Expected the pydicom and deid samples under {TestData.Data}; found {all.Count} files.");
            foreach (var f in MustFail) Assert.Contains(f, all);
        }

        [Theory]
        [MemberData(nameof(Files))]
        public void Default_read_writes_the_same_bytes(string rel)
        {
            string path = TestData.PathOf(rel);
            byte[] original = File.ReadAllBytes(path);
            if (MustFail.Contains(rel))
            {
                var ex = Assert.Throws<DicomFormatException>(() => DicomFile.Open(path));
                AssertLocated(ex, path, original.Length);
                return;
            }
            var file = Guard.Within(() => DicomFile.Open(path), rel, TimeSpan.FromSeconds(10));
            Assert.False(file.IsModified);
            Assert.Equal(Path.GetFullPath(path), file.SourcePath);
            Assert.Equal(original.Length, file.SourceLength);
            AssertWrittenBack(original, Write(file), rel);
            // Every value accessor works on every element (as a de-identification pass will call them).
            Touch.All(file);
            Touch.All(DicomFile.Open(original, new DicomReadOptions { LargeValueThreshold = int.MaxValue }));
        }

        [Theory]
        [MemberData(nameof(Files))]
        public void Everything_left_in_the_source_writes_the_same_bytes(string rel) =>
            AssertRoundTripWith(rel, new DicomReadOptions { LargeValueThreshold = 1 });

        [Theory]
        [MemberData(nameof(Files))]
        public void Everything_loaded_writes_the_same_bytes(string rel)
        {
            var file = AssertRoundTripWith(rel, new DicomReadOptions { LargeValueThreshold = int.MaxValue });
            if (file == null) return;
            // Only Pixel Data (and encapsulated fragments) may still be references.
            foreach (var (_, e) in file.Dataset.EnumerateRecursive())
            {
                if (e.ValueRef != null) Assert.Equal(DicomTag.PixelData, e.Tag);
            }
        }

        [Fact]
        public void Threshold_one_leaves_every_nonempty_value_in_the_source()
        {
            var file = DicomFile.Open(TestData.PathOf("pydicom", "test_files", "rtplan.dcm"), new DicomReadOptions { LargeValueThreshold = 1 });
            int refs = 0;
            foreach (var (_, e) in file.Dataset.EnumerateRecursive())
            {
                if (e.IsSequence) continue;
                if (e.Length > 0)
                {
                    Assert.NotNull(e.ValueRef);
                    refs++;
                }
            }
            Assert.True(refs > 20, $"only {refs} references");
            // Values left in the source still decode when read back through the reference.
            Assert.Null(file.Dataset.GetString(MetaTagsForTests.SopInstanceUid));
            var uid = file.Dataset.Elements.First(e => e.Tag == MetaTagsForTests.SopInstanceUid).ValueRef!.ReadAll();
            Assert.StartsWith("1.2.", System.Text.Encoding.ASCII.GetString(uid));
        }

        private static DicomFile? AssertRoundTripWith(string rel, DicomReadOptions options)
        {
            string path = TestData.PathOf(rel);
            byte[] original = File.ReadAllBytes(path);
            if (MustFail.Contains(rel))
            {
                AssertLocated(Assert.Throws<DicomFormatException>(() => DicomFile.Open(path, options)), path, original.Length);
                AssertLocated(Assert.Throws<DicomFormatException>(() => DicomFile.Open(original, options, path)), path, original.Length);
                return null;
            }
            var fromPath = Guard.Within(() => DicomFile.Open(path, options), rel, TimeSpan.FromSeconds(10));
            AssertWrittenBack(original, Write(fromPath), rel + " (path)", rel);
            var fromBytes = Guard.Within(() => DicomFile.Open(original, options, path), rel, TimeSpan.FromSeconds(10));
            AssertWrittenBack(original, Write(fromBytes), rel + " (byte[])", rel);
            return fromPath;
        }

        [Theory]
        [MemberData(nameof(Files))]
        public void Non_seekable_stream_read_writes_the_same_bytes(string rel)
        {
            string path = TestData.PathOf(rel);
            byte[] original = File.ReadAllBytes(path);
            DicomFile Read() => DicomFile.Open(new NonSeekableStream(new MemoryStream(original, false)), null, path);
            if (MustFail.Contains(rel))
            {
                var ex = Assert.Throws<DicomFormatException>(Read);
                Assert.Contains(path, ex.Message);
                return;
            }
            var file = Guard.Within(Read, rel, TimeSpan.FromSeconds(10));
            // Nothing can be referenced in a stream that cannot be re-read: every value is in memory.
            foreach (var (_, e) in file.Dataset.EnumerateRecursive())
            {
                Assert.Null(e.ValueRef);
                if (e.Fragments is DicomFragments frags) Assert.All(frags.Items, f => Assert.Null(f.Reference));
            }
            AssertWrittenBack(original, Write(file), rel);
        }

        [Theory]
        [MemberData(nameof(GoodFiles))]
        public void Seekable_stream_not_at_its_start_writes_the_same_bytes(string rel)
        {
            string path = TestData.PathOf(rel);
            byte[] original = File.ReadAllBytes(path);
            var padded = new byte[original.Length + 7];
            original.CopyTo(padded, 7);
            using var ms = new MemoryStream(padded, false) { Position = 7 };
            var file = Guard.Within(() => DicomFile.Open(ms, null, path), rel, TimeSpan.FromSeconds(10));
            AssertWrittenBack(original, Write(file), rel);
        }

        [Theory]
        [MemberData(nameof(Files))]
        public void Header_only_read_is_the_full_read_up_to_pixel_data(string rel)
        {
            string path = TestData.PathOf(rel);
            byte[] original = File.ReadAllBytes(path);
            DicomFile header;
            try
            {
                header = Guard.Within(() => DicomFile.Open(path, DicomReadOptions.HeaderOnly), rel, TimeSpan.FromSeconds(10));
            }
            catch (DicomFormatException ex) when (MustFail.Contains(rel))
            {
                AssertLocated(ex, path, original.Length);
                return;
            }
            if (MustFail.Contains(rel))
            {
                // Broken only after the header (inside Pixel Data): the header is fine; the full read must still fail.
                Assert.True(header.StoppedBeforePixelData, rel + " read header-only without reaching Pixel Data, yet it must fail");
                Assert.Throws<DicomFormatException>(() => DicomFile.Open(path));
                Assert.Throws<InvalidOperationException>(() => Write(header));
                return;
            }

            var full = DicomFile.Open(path);
            Assert.Equal(Dump.Of(full.FileMetaInformation), Dump.Of(header.FileMetaInformation));
            int pixel = -1;
            for (int i = 0; i < full.Dataset.Count; i++)
            {
                if (full.Dataset.ElementAt(i).Tag == DicomTag.PixelData)
                {
                    pixel = i;
                    break;
                }
            }
            Assert.Equal(pixel >= 0 ? pixel : full.Dataset.Count, header.Dataset.Count);
            Assert.Equal(Dump.Of(full.Dataset, header.Dataset.Count), Dump.Of(header.Dataset));
            Assert.Equal(full.TransferSyntax, header.TransferSyntax);
            Assert.Equal(pixel >= 0, header.StoppedBeforePixelData);
            if (pixel >= 0)
            {
                Assert.InRange(header.PixelDataOffset, 0, full.TransferSyntax.IsDeflated ? long.MaxValue : original.Length - 8);
                if (!full.TransferSyntax.IsDeflated)
                {
                    // The offset points at the Pixel Data tag itself.
                    bool be = full.Dataset.Encoding.IsBigEndian;
                    int at = (int)header.PixelDataOffset;
                    ushort g = be ? (ushort)(original[at] << 8 | original[at + 1]) : (ushort)(original[at] | original[at + 1] << 8);
                    ushort el = be ? (ushort)(original[at + 2] << 8 | original[at + 3]) : (ushort)(original[at + 2] | original[at + 3] << 8);
                    Assert.Equal(DicomTag.PixelData, new DicomTag(g, el));
                }
                var ex = Assert.Throws<InvalidOperationException>(() => Write(header));
                Assert.Contains("header-only", ex.Message);
            }
            else
            {
                Assert.Equal(-1, header.PixelDataOffset);
                AssertWrittenBack(original, Write(header), rel);
            }
        }

        [Theory]
        [MemberData(nameof(BadFiles))]
        public void Broken_files_fail_the_same_way_from_every_source(string rel)
        {
            string path = TestData.PathOf(rel);
            byte[] original = File.ReadAllBytes(path);
            var fromPath = Assert.Throws<DicomFormatException>(() => DicomFile.Open(path));
            var fromBytes = Assert.Throws<DicomFormatException>(() => DicomFile.Open(original, null, path));
            var fromStream = Assert.Throws<DicomFormatException>(() => DicomFile.Open(new MemoryStream(original, false), null, path));
            Assert.Equal(fromPath.Offset, fromBytes.Offset);
            Assert.Equal(fromPath.Offset, fromStream.Offset);
            Assert.Equal(fromPath.Tag, fromBytes.Tag);
            Assert.Equal(fromPath.Reason, fromBytes.Reason);
            Assert.Equal(path, fromPath.Path);
        }

        /// <summary>
        /// A valid file is written back byte for byte. A file of <see cref="Repaired"/> says why when read, is written
        /// differently, and its output needs no repair: it reads without that warning and is written back byte for byte.
        /// </summary>
        internal static void AssertWrittenBack(byte[] original, byte[] written, string what, string? rel = null)
        {
            rel ??= what;
            if (!Repaired.TryGetValue(rel, out var why))
            {
                AssertSameBytes(original, written, what);
                return;
            }
            Assert.Contains(DicomFile.Open(original).Warnings, w => w.Contains(why, StringComparison.Ordinal));
            Assert.False(original.AsSpan().SequenceEqual(written), what + " is listed as repaired but was written back unchanged");
            var again = DicomFile.Open(written);
            Assert.DoesNotContain(again.Warnings, w => w.Contains(why, StringComparison.Ordinal));
            AssertSameBytes(written, Write(again), what + " (repaired output, written again)");
        }

        /// <summary>True when the writer repairs the file rather than copying it: odd-length values, or data that contradict the declared syntax.</summary>
        internal static bool NeedsRepair(DicomFile file) =>
            file.OddLengthValues > 0
            || (file.HasFileMetaInformation && file.TransferSyntax.IsKnown && !file.TransferSyntax.Encoding.Equals(file.Dataset.Encoding));

        /// <summary>
        /// <paramref name="written"/> is <paramref name="original"/> byte for byte when <paramref name="file"/> (read from it)
        /// is valid; otherwise a repaired output, which needs no repair itself and writes back byte for byte.
        /// </summary>
        internal static void AssertWrittenBackOrRepaired(byte[] original, DicomFile file, byte[] written, string what)
        {
            if (!NeedsRepair(file))
            {
                AssertSameBytes(original, written, what);
                return;
            }
            AssertRepaired(written, what);
        }

        /// <summary>A repaired output needs no repair and writes back byte for byte.</summary>
        internal static void AssertRepaired(byte[] written, string what)
        {
            var again = DicomFile.Open(written);
            Assert.False(NeedsRepair(again), what + ": the output still needs a repair");
            AssertSameBytes(written, Write(again), what + " (repaired output, written again)");
        }

        internal static void AssertLocated(DicomFormatException ex, string path, long fileLength)
        {
            Assert.Contains(path, ex.Message);
            Assert.Contains("offset " + ex.Offset, ex.Message);
            Assert.InRange(ex.Offset, 0, fileLength);
            Assert.False(string.IsNullOrWhiteSpace(ex.Reason));
        }

        internal static void AssertSameBytes(byte[] expected, byte[] actual, string what)
        {
            if (expected.AsSpan().SequenceEqual(actual)) return;
            int n = Math.Min(expected.Length, actual.Length);
            int i = 0;
            while (i < n && expected[i] == actual[i]) i++;
            Assert.Fail($"{what}: written {actual.Length} bytes, source {expected.Length}; first difference at offset {i} "
                + $"(expected {Peek(expected, i)}, got {Peek(actual, i)}).");
        }

        private static string Peek(byte[] b, int at) =>
            at >= b.Length ? "end" : Convert.ToHexString(b, at, Math.Min(16, b.Length - at));
    }

    internal static class MetaTagsForTests
    {
        public static readonly DicomTag GroupLength = new DicomTag(0x00020000);
        public static readonly DicomTag MediaStorageSopClassUid = new DicomTag(0x00020002);
        public static readonly DicomTag MediaStorageSopInstanceUid = new DicomTag(0x00020003);
        public static readonly DicomTag ImplementationClassUid = new DicomTag(0x00020012);
        public static readonly DicomTag ImplementationVersionName = new DicomTag(0x00020013);
        public static readonly DicomTag SopClassUid = new DicomTag(0x00080016);
        public static readonly DicomTag SopInstanceUid = new DicomTag(0x00080018);
    }
}
