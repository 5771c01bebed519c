using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using Deid.Dicom.Tests.Helpers;
using Xunit;

namespace Deid.Dicom.Tests.IO
{
    /// <summary>
    /// The large values of a deflated file read from disk (src/Deid.Dicom/IO/InflatedValueSource.cs): left in the file and
    /// inflated again when read, instead of held in memory, with the same values and the same written bytes as a read that
    /// holds everything; a value the inflated data cut short is refused where it starts.
    /// </summary>
    public sealed class DeflatedReferenceTests : IDisposable
    {
        private const string Deflated = "1.2.840.10008.1.2.1.99";
        private static readonly DicomTag Blob = new DicomTag(0x0011, 0x1010);
        private static readonly DicomTag BlobCreator = new DicomTag(0x0011, 0x0010);
        private readonly string _folder = Path.Combine(Path.GetTempPath(), "deid-deflated-" + Guid.NewGuid().ToString("N"));

        public DeflatedReferenceTests() => Directory.CreateDirectory(_folder);

        public void Dispose() => Directory.Delete(_folder, recursive: true);

        /// <summary>A deflated image of three 320x320 16-bit frames with a 100 KB private value before them.</summary>
        private string WriteDeflated(out byte[] pixels, out byte[] blob)
        {
            var file = new DicomFile(TransferSyntax.Lookup(Deflated));
            var ds = file.Dataset;
            ds.SetString(DicomTags.SOPClassUID, DicomVR.UI, "1.2.840.10008.5.1.4.1.1.4");
            ds.SetString(DicomTags.SOPInstanceUID, DicomVR.UI, "1.2.3.4.5.6");
            ds.SetString(DicomTags.PatientName, DicomVR.PN, "DOE^JANE");
            ds.SetString(BlobCreator, DicomVR.LO, "ACME 1.0");
            blob = Pattern(100 * 1024, 7);
            ds.SetRawValue(Blob, DicomVR.OB, blob);
            ds.SetRawValue(DicomTags.Rows, DicomVR.US, BitConverter.GetBytes((ushort)320));
            ds.SetRawValue(DicomTags.Columns, DicomVR.US, BitConverter.GetBytes((ushort)320));
            ds.SetString(DicomTags.NumberOfFrames, DicomVR.IS, "3");
            // Runs of one byte, as real images compress: deflate's output then depends on how its input is cut, which the
            // writer must not let differ between a value read and a value left in the file.
            pixels = Runs(320 * 320 * 2 * 3);
            ds.SetRawValue(DicomTag.PixelData, DicomVR.OW, pixels);
            string path = Path.Combine(_folder, "deflated.dcm");
            file.Save(path, overwrite: true);
            return path;
        }

        private static byte[] Pattern(int length, int seed)
        {
            var bytes = new byte[length];
            new Random(seed).NextBytes(bytes);
            return bytes;
        }

        private static byte[] Runs(int length)
        {
            var bytes = new byte[length];
            for (int i = 0; i < length; i++) bytes[i] = (byte)((i / 700) * 37);
            return bytes;
        }

        private static byte[] Written(DicomFile file)
        {
            var ms = new MemoryStream();
            DicomWriter.Write(file, ms);
            return ms.ToArray();
        }

        [Fact]
        public void LargeValues_StayInTheFile_AndReadAndWriteAsWhenHeldInMemory()
        {
            string path = WriteDeflated(out var pixels, out var blob);

            var fromPath = DicomFile.Open(path);
            Assert.True(fromPath.Dataset.TryGetElement(DicomTag.PixelData, out var px) && px.ValueRef?.Source is InflatedValueSource);
            Assert.True(fromPath.Dataset.TryGetElement(Blob, out var b) && b.ValueRef?.Source is InflatedValueSource);
            Assert.True(fromPath.Dataset.TryGetElement(DicomTags.PatientName, out var name) && name.IsLoaded);
            // Read out of order: the blob after the pixels goes back to the start of the stream.
            Assert.Equal(pixels, px.ValueRef!.ReadAll());
            Assert.Equal(blob, b.ValueRef!.ReadAll());

            // The same file through a stream holds every value in memory: the reference read must agree with it.
            var inMemory = DicomFile.Open(new MemoryStream(File.ReadAllBytes(path)));
            Assert.All(inMemory.Dataset.Elements, e => Assert.Null(e.ValueRef));

            // Unmodified, both write the compressed bytes as they were; modified, both deflate the same dataset again.
            Assert.Equal(File.ReadAllBytes(path), Written(fromPath));
            foreach (var f in new[] { fromPath, inMemory }) f.Dataset.SetString(DicomTags.PatientName, DicomVR.PN, "ANONYMOUS");
            var fromReferences = Written(fromPath);
            Assert.Equal(Written(inMemory), fromReferences);
            var back = DicomFile.Open(new MemoryStream(fromReferences));
            Assert.Equal("ANONYMOUS", back.Dataset.GetString(DicomTags.PatientName));
            Assert.True(back.Dataset.TryGetElement(DicomTag.PixelData, out var backPixels));
            Assert.Equal(pixels, backPixels.RawValue.ToArray());
        }

        [Fact]
        public void PydicomsDeflatedImage_WritesTheSameBytesWhetherItsPixelsWereReadOrLeftInTheFile()
        {
            // Its 256 KB of pixels compress to a few KB: there the cut of deflate's input shows in its output (a flush before a
            // value copied from the file once made this output two bytes longer than the one from memory).
            string path = TestData.PathOf("pydicom", "test_files", "image_dfl.dcm");
            var fromPath = DicomFile.Open(path);
            Assert.True(fromPath.Dataset.TryGetElement(DicomTag.PixelData, out var px) && px.ValueRef?.Source is InflatedValueSource);
            var inMemory = DicomFile.Open(new MemoryStream(File.ReadAllBytes(path)));
            foreach (var f in new[] { fromPath, inMemory }) f.Dataset.SetString(DicomTags.PatientName, DicomVR.PN, "ANONYMOUS");
            Assert.Equal(Written(inMemory), Written(fromPath));
        }

        [Fact]
        public void TheInflatedLength_IsKnownAfterAWholeRead_AndFoundAfterAHeaderOnlyRead()
        {
            string path = WriteDeflated(out _, out _);
            long inflated = Inflate(File.ReadAllBytes(path), out _).Length;

            var whole = DicomFile.Open(path);
            Assert.True(whole.Dataset.TryGetElement(Blob, out var b));
            var source = Assert.IsType<InflatedValueSource>(b.ValueRef!.Source);
            Assert.Equal(inflated, source.Length);
            using (var s = source.OpenRead())
            {
                Assert.Equal(inflated, s.Length);
                s.Seek(-4, SeekOrigin.End);
                var tail = new byte[8];
                Assert.Equal(4, s.Read(tail, 0, tail.Length));
                Assert.Equal(0, s.Read(tail, 0, tail.Length));
            }

            var headerOnly = DicomFile.Open(path, DicomReadOptions.HeaderOnly);
            Assert.True(headerOnly.Dataset.TryGetElement(Blob, out var hb));
            Assert.Equal(inflated, Assert.IsType<InflatedValueSource>(hb.ValueRef!.Source).Length);
        }

        [Theory]
        [InlineData(1)]
        [InlineData(70_000)]
        public void AValueTheInflatedDataCutShort_IsRefusedWhereItStarts(int cut)
        {
            string path = WriteDeflated(out _, out _);
            byte[] file = File.ReadAllBytes(path);
            byte[] inflated = Inflate(file, out int dataStart);
            // The dataset ends inside the Pixel Data's value: its declared length runs past the data.
            var shortened = new MemoryStream();
            using (var d = new DeflateStream(shortened, CompressionLevel.Fastest, leaveOpen: true)) d.Write(inflated, 0, inflated.Length - cut);
            string cutPath = Path.Combine(_folder, "cut.dcm");
            File.WriteAllBytes(cutPath, file.Take(dataStart).Concat(shortened.ToArray()).ToArray());

            var ex = Assert.Throws<DicomFormatException>(() => DicomFile.Open(cutPath));
            Assert.Equal(cutPath, ex.Path);
            Assert.Equal(DicomTag.PixelData, ex.Tag);
            Assert.Contains("runs past the end of the data (truncated)", ex.Reason);
            Assert.Contains("inflated dataset", ex.Message);
            // The offset is where the value starts in the inflated dataset: its 12-byte header before it.
            long pixelValue = inflated.Length - (320 * 320 * 2 * 3);
            Assert.Equal(pixelValue, ex.Offset);
        }

        /// <summary>The inflated dataset of a deflated file, and where its compressed bytes start (the test helpers' walk of the meta).</summary>
        private static byte[] Inflate(byte[] file, out int dataStart)
        {
            byte[] logical = Structure.Logical(file, out dataStart, out bool deflated);
            Assert.True(deflated);
            return logical.AsSpan(dataStart).ToArray();
        }

        /// <summary>
        /// QA, 2026-12-06: bytes after a deflated file's compressed dataset (appended text: a patient's name) are no part of the
        /// dataset, yet a copy whose recipe changed nothing reused the compressed bytes with them, text and all. A copy of an
        /// unmodified deflated dataset now ends with its final deflate block; only the eight bytes a gzip writer leaves (CRC-32
        /// and the inflated length, which image_dfl.dcm has) are kept, so such a file is still copied back byte for byte.
        /// </summary>
        [Fact]
        public void Bytes_after_the_deflate_stream_are_not_copied_with_an_unmodified_dataset()
        {
            byte[] junk = System.Text.Encoding.ASCII.GetBytes("JOHN^TRAILING");
            string ours = WriteDeflated(out _, out _);
            byte[] plain = File.ReadAllBytes(ours);
            byte[] gzipTrailed = File.ReadAllBytes(TestData.PathOf("pydicom", "test_files", "image_dfl.dcm"));
            Assert.Equal(gzipTrailed, RoundTripTests.Write(DicomFile.Open(TestData.PathOf("pydicom", "test_files", "image_dfl.dcm"))));

            // Appended text after a stream with nothing after it, and after image_dfl's gzip trailer (no longer recognisable as
            // one, so it goes with the text): the copy ends with the final block.
            foreach (var (source, expected) in new[] { (plain, plain), (gzipTrailed, gzipTrailed.AsSpan(0, gzipTrailed.Length - 8).ToArray()) })
            {
                byte[] appended = source.Concat(junk).ToArray();
                string path = Path.Combine(_folder, "appended.dcm");
                File.WriteAllBytes(path, appended);
                foreach (var file in new[] { DicomFile.Open(path), DicomFile.Open(new MemoryStream(appended, false), null, "appended.dcm") })
                {
                    Assert.False(file.Dataset.ChangedSinceRead);
                    byte[] written = RoundTripTests.Write(file);
                    Assert.Equal(expected, written);
                    Assert.Equal(file.Dataset.Count, DicomFile.Open(new MemoryStream(written, false)).Dataset.Count);
                }
            }
        }
    }
}
