using System;
using System.IO;
using System.Linq;
using Deid.Dicom.Tests.Helpers;
using Xunit;

namespace Deid.Dicom.Tests.IO.Deflate
{
    /// <summary>
    /// A deflated file (Deflated Explicit VR Little Endian) whose compressed data end before the final deflate block is
    /// refused, naming the file and an offset (QA: image_dfl.dcm cut at 796 bytes read as 28 of its 29 elements and was
    /// written without its pixels); a corrupt stream is refused in the codec's words, not .NET's ZIP ones; a whole stream,
    /// with or without bytes after it, reads and writes back as before.
    /// </summary>
    public sealed class TruncatedDeflateTests : IDisposable
    {
        private const string Deflated = "1.2.840.10008.1.2.1.99";
        private readonly string _folder = Path.Combine(Path.GetTempPath(), "deid-truncated-deflate-" + Guid.NewGuid().ToString("N"));

        public TruncatedDeflateTests() => Directory.CreateDirectory(_folder);

        public void Dispose() => Directory.Delete(_folder, recursive: true);

        private static byte[] PydicomDeflated() => File.ReadAllBytes(TestData.PathOf("pydicom", "test_files", "image_dfl.dcm"));

        /// <summary>A deflated image written by the codec: a header, a 100 KB private value and 3 frames of 16-bit pixels.</summary>
        private static byte[] Synthetic()
        {
            var file = new DicomFile(TransferSyntax.Lookup(Deflated));
            var ds = file.Dataset;
            ds.SetString(DicomTags.SOPClassUID, DicomVR.UI, "1.2.840.10008.5.1.4.1.1.4");
            ds.SetString(DicomTags.SOPInstanceUID, DicomVR.UI, "1.2.3.4.5.6");
            ds.SetString(DicomTags.PatientName, DicomVR.PN, "DOE^JANE");
            ds.SetString(new DicomTag(0x0011, 0x0010), DicomVR.LO, "ACME 1.0");
            var blob = new byte[100 * 1024];
            for (int i = 0; i < blob.Length; i++) blob[i] = (byte)(i % 251 ^ i / 4096);
            ds.SetRawValue(new DicomTag(0x0011, 0x1010), DicomVR.OB, blob);
            ds.SetRawValue(DicomTags.Rows, DicomVR.US, BitConverter.GetBytes((ushort)128));
            ds.SetRawValue(DicomTags.Columns, DicomVR.US, BitConverter.GetBytes((ushort)128));
            ds.SetString(DicomTags.NumberOfFrames, DicomVR.IS, "3");
            var pixels = new byte[128 * 128 * 2 * 3];
            var rnd = new Random(3);
            for (int i = 0; i < pixels.Length; i++) pixels[i] = (byte)(i / 300 * 13 + (rnd.Next(16) == 0 ? rnd.Next(4) : 0));
            ds.SetRawValue(DicomTag.PixelData, DicomVR.OW, pixels);
            var ms = new MemoryStream();
            DicomWriter.Write(file, ms);
            return ms.ToArray();
        }

        /// <summary>Where the dataset's compressed data start, and where their final deflate block ends.</summary>
        private static (int Start, int End) CompressedData(byte[] file)
        {
            Structure.Logical(file, out int start, out bool deflated);
            Assert.True(deflated);
            var walk = DeflateWalker.Walk(new MemoryStream(file, start, file.Length - start));
            Assert.Equal(DeflateWalkOutcome.Complete, walk.Outcome);
            return (start, start + (int)walk.CompressedLength);
        }

        /// <summary>
        /// Every cut inside the compressed data is a DicomFormatException with the file's name and an offset: the cut found as
        /// such, or an element the cut data end in the middle of. Returns how many were refused as truncated deflate data.
        /// </summary>
        private static int AssertEveryCutRefused(byte[] file, int step = 1)
        {
            var (start, end) = CompressedData(file);
            int truncated = 0;
            for (int cut = start + 1; cut < end; cut += step)
            {
                var bytes = file.AsSpan(0, cut).ToArray();
                DicomFormatException ex;
                try
                {
                    var read = DicomFile.Open(bytes, null, "cut.dcm");
                    throw new Xunit.Sdk.XunitException($"cut at {cut} of {file.Length} read as {read.Dataset.Count} elements, without an error");
                }
                catch (DicomFormatException e)
                {
                    ex = e;
                }
                Assert.Equal("cut.dcm", ex.Path);
                Assert.True(ex.Offset >= 0, $"cut at {cut}: no offset in '{ex.Message}'");
                Assert.DoesNotContain("archive entry", ex.Message);
                if (ex.Reason.Contains("ends before its last deflate block"))
                {
                    truncated++;
                    // The offset is where the data ended, in the file; the message also says where they started.
                    Assert.Equal(cut, ex.Offset);
                    Assert.Contains($"offset {start}", ex.Reason);
                }
            }
            return truncated;
        }

        [Fact]
        public void Every_cut_of_pydicoms_deflated_image_inside_its_compressed_data_is_refused()
        {
            int truncated = AssertEveryCutRefused(PydicomDeflated());
            // About a hundred cuts leave whole elements inflated: those read as shorter, valid datasets before.
            Assert.InRange(truncated, 50, int.MaxValue);
        }

        [Fact]
        public void Every_cut_of_a_deflated_file_the_codec_wrote_is_refused()
        {
            var file = Synthetic();
            var (start, end) = CompressedData(file);
            Assert.InRange(end - start, 1000, 200_000);
            Assert.InRange(AssertEveryCutRefused(file, step: Math.Max(1, (end - start) / 3000)), 1, int.MaxValue);
        }

        [Fact]
        public void A_cut_file_read_from_disk_is_refused_naming_it_and_where_it_ends()
        {
            // QA's case: cut at 796 bytes, the inflated data end on an element boundary, before Pixel Data.
            string path = Path.Combine(_folder, "cut.dcm");
            File.WriteAllBytes(path, PydicomDeflated().AsSpan(0, 796).ToArray());
            var ex = Assert.Throws<DicomFormatException>(() => DicomFile.Open(path));
            Assert.Equal(path, ex.Path);
            Assert.Equal(796, ex.Offset);
            Assert.StartsWith($"{path} at offset 796: ", ex.Message);
            Assert.Contains("the file is truncated", ex.Reason);

            // The codec's own file cut just before the end of its compressed data: its large values stay in the file and are
            // inflated again when read, but the read of the dataset refuses it first.
            var synthetic = Synthetic();
            var (_, end) = CompressedData(synthetic);
            File.WriteAllBytes(path, synthetic.AsSpan(0, end - 1).ToArray());
            ex = Assert.Throws<DicomFormatException>(() => DicomFile.Open(path));
            Assert.Equal(path, ex.Path);
            Assert.InRange(ex.Offset, 0, end);
        }

        [Fact]
        public void A_corrupt_stream_says_so_with_an_offset_and_without_dotnets_zip_wording()
        {
            var good = PydicomDeflated();
            var (start, _) = CompressedData(good);
            var bad = (byte[])good.Clone();
            bad[start] = 0x07; // BTYPE 3, reserved
            var ex = Assert.Throws<DicomFormatException>(() => DicomFile.Open(bad, null, "bad.dcm"));
            Assert.Equal(start, ex.Offset);
            Assert.StartsWith($"bad.dcm at offset {start}: ", ex.Message);
            Assert.Contains("corrupt", ex.Reason);
            Assert.Contains("reserved type 3", ex.Reason);
            Assert.DoesNotContain("archive entry", ex.Message);
            Assert.DoesNotContain("compression method", ex.Message);
            Assert.IsType<InvalidDataException>(ex.InnerException);

            // Damage further in: refused where the walk of its blocks finds it, within the compressed data.
            var rnd = new Random(62);
            int refused = 0;
            for (int i = 0; i < 200; i++)
            {
                var damaged = (byte[])good.Clone();
                int at = rnd.Next(start, good.Length);
                damaged[at] ^= (byte)rnd.Next(1, 256);
                try
                {
                    DicomFile.Open(damaged, null, "damaged.dcm");
                }
                catch (DicomFormatException e) when (e.InnerException is InvalidDataException)
                {
                    refused++;
                    Assert.DoesNotContain("archive entry", e.Message);
                    // Damage shows where it breaks the stream's rules: at the byte, or later (a changed Huffman code is
                    // only found wrong where it is used).
                    Assert.InRange(e.Offset, start, good.Length - 1);
                }
                catch (DicomFormatException)
                {
                    // Damage the inflater passes shows in the dataset (or as truncation): other tests cover that.
                }
            }
            Assert.InRange(refused, 20, 200);
        }

        [Fact]
        public void A_whole_stream_followed_by_other_bytes_reads_as_before()
        {
            var good = PydicomDeflated();
            var whole = DicomFile.Open(good);
            var trailing = good.Concat(new byte[] { 0, 0, 0xAB, 0xCD, 1, 2, 3, 4 }).ToArray();
            var read = DicomFile.Open(trailing);
            Assert.Equal(whole.Dataset.Count, read.Dataset.Count);
            Assert.Equal(whole.Dataset.Elements.Select(e => e.Tag), read.Dataset.Elements.Select(e => e.Tag));

            string path = Path.Combine(_folder, "trailing.dcm");
            File.WriteAllBytes(path, trailing);
            Assert.Equal(whole.Dataset.Count, DicomFile.Open(path).Dataset.Count);
        }

        [Fact]
        public void No_compressed_bytes_at_all_is_an_empty_dataset_as_dotnet_deflates_one()
        {
            // .NET's DeflateStream writes nothing for an empty input, not even a final block.
            var good = PydicomDeflated();
            var (start, _) = CompressedData(good);
            var file = DicomFile.Open(good.AsSpan(0, start).ToArray());
            Assert.Equal(0, file.Dataset.Count);
            Assert.True(file.TransferSyntax.IsDeflated);
        }

        [Fact]
        public void Whole_deflated_files_read_and_write_back_byte_for_byte()
        {
            foreach (var bytes in new[] { PydicomDeflated(), Synthetic() })
            {
                string path = Path.Combine(_folder, "whole.dcm");
                File.WriteAllBytes(path, bytes);
                foreach (var file in new[] { DicomFile.Open(path), DicomFile.Open(bytes) })
                {
                    var ms = new MemoryStream();
                    DicomWriter.Write(file, ms);
                    RoundTripTests.AssertSameBytes(bytes, ms.ToArray(), "deflated");
                    Assert.True(file.Dataset.TryGetElement(DicomTag.PixelData, out var pixels));
                    Assert.Equal(InflatedPixels(bytes), pixels.ValueRef != null ? pixels.ValueRef.ReadAll() : pixels.RawValue.ToArray());
                }
            }
        }

        /// <summary>The Pixel Data value's bytes, found by inflating with .NET: the last element of both files.</summary>
        private static byte[] InflatedPixels(byte[] file)
        {
            var logical = Structure.Logical(file, out _, out _);
            // OW/OB explicit VR: tag (4), VR (2), reserved (2), length (4); the value runs to the end.
            for (int at = logical.Length - 12; at >= 0; at--)
            {
                if (logical[at] == 0xE0 && logical[at + 1] == 0x7F && logical[at + 2] == 0x10 && logical[at + 3] == 0x00 && logical[at + 4] == 'O')
                {
                    int length = BitConverter.ToInt32(logical, at + 8);
                    if (at + 12 + length == logical.Length) return logical.AsSpan(at + 12, length).ToArray();
                }
            }
            throw new InvalidOperationException("no Pixel Data at the end");
        }
    }
}
