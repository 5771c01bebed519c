using System;
using System.IO;
using Xunit;

namespace Deid.Dicom.Tests.IO
{
    /// <summary>
    /// The reader sizes a file's first buffer, and its top-level element array, from the last file read on the same thread
    /// (a batch's files are alike). A file unlike the last one must read exactly as it would have; one like it must allocate
    /// less than a first file does.
    /// </summary>
    public sealed class BufferHintTests : IDisposable
    {
        private readonly string _dir = Path.Combine(Path.GetTempPath(), "deid-hint-" + Guid.NewGuid().ToString("N").Substring(0, 12));

        public BufferHintTests() => Directory.CreateDirectory(_dir);

        public void Dispose() => Directory.Delete(_dir, true);

        [Theory]
        [InlineData(0, 16384)]       // nothing read yet on this thread: the initial size
        [InlineData(100, 1024)]      // never below 1 KB
        [InlineData(819, 1024)]
        [InlineData(820, 2048)]      // a quarter to spare
        [InlineData(2060, 4096)]     // a small CT file's header and Pixel Data element header
        [InlineData(13107, 16384)]
        [InlineData(16384, 16384)]   // never above the initial size
        public void TheFirstBuffer_IsTheLastFilesUseWithAQuarterToSpare(int used, int size) =>
            Assert.Equal(size, DicomByteReader.FirstBufferSize(used));

        [Theory]
        [InlineData(0, 8)]
        [InlineData(79, 95)]
        [InlineData(5000, 1024)]
        public void TheElementArray_HoldsTheLastFilesCountAndSomeToAdd(int last, int capacity) =>
            Assert.Equal(capacity, DicomFileReader.TopLevelCapacity(last));

        [Fact]
        public void FilesUnlikeTheLast_ReadAndWriteBackAsTheyAre()
        {
            // A small header with pixels on disk, a 40 KB header of many elements, a file of no pixel data, and the first again:
            // each read after the other on this thread, so each starts with the buffer and array the one before suggested.
            string small = Make("small.dcm", elements: 5, textBytes: 0, pixelBytes: 64 << 10);
            string large = Make("large.dcm", elements: 400, textBytes: 100, pixelBytes: 1 << 10);
            string bare = Make("bare.dcm", elements: 30, textBytes: 700, pixelBytes: 0);
            foreach (string path in new[] { small, large, small, bare, large, bare, small })
            {
                var file = DicomFile.Open(path);
                string copy = Path.Combine(_dir, "copy.dcm");
                file.Save(copy, overwrite: true);
                Assert.Equal(File.ReadAllBytes(path), File.ReadAllBytes(copy));
                var header = DicomFile.Open(path, DicomReadOptions.HeaderOnly);
                Assert.Equal(file.Dataset.Count - (file.Dataset.Contains(DicomTag.PixelData) ? 1 : 0), header.Dataset.Count);
            }
        }

        [Fact]
        public void AFileLikeTheLast_AllocatesLessThanAfterAFileWithALargeHeader()
        {
            // One long value makes the large header: few elements, so the element arrays are alike and the buffer makes the
            // difference (16 KB after the large header, 1 KB after the small one).
            string small = Make("small.dcm", elements: 5, textBytes: 0, pixelBytes: 64 << 10);
            string large = Make("large.dcm", elements: 5, textBytes: 20000, pixelBytes: 64 << 10);
            long afterSmall = long.MaxValue, afterLarge = long.MaxValue;
            // The least of four rounds: the runtime may allocate in a round while it compiles the code.
            for (int round = 0; round < 4; round++)
            {
                DicomFile.Open(small, DicomReadOptions.HeaderOnly);
                afterSmall = Math.Min(afterSmall, Allocated(small));
                DicomFile.Open(large, DicomReadOptions.HeaderOnly);
                afterLarge = Math.Min(afterLarge, Allocated(small));
            }
            Assert.True(afterLarge - afterSmall >= 8 << 10, $"after a small header: {afterSmall} B; after a large one: {afterLarge} B");
        }

        private static long Allocated(string path)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            var file = DicomFile.Open(path, DicomReadOptions.HeaderOnly);
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            GC.KeepAlive(file);
            return allocated;
        }

        private string Make(string name, int elements, int textBytes, int pixelBytes)
        {
            var file = new DicomFile(TransferSyntax.ExplicitVRLittleEndian);
            var ds = file.Dataset;
            ds.SetString(DicomTags.SOPClassUID, DicomVR.UI, "1.2.840.10008.5.1.4.1.1.7");
            ds.SetString(DicomTags.SOPInstanceUID, DicomVR.UI, "1.2.3.4." + name.Length);
            // Private text elements in one block: as many as asked, each of textBytes characters.
            ds.SetString(new DicomTag(0x0011, 0x0010), DicomVR.LO, "HINT TEST");
            for (int i = 0; i < elements; i++)
            {
                var tag = new DicomTag((ushort)(0x0013 + 2 * (i / 200)), (ushort)(0x1000 + (i % 200)));
                if (i % 200 == 0) ds.SetString(new DicomTag(tag.Group, 0x0010), DicomVR.LO, "HINT TEST");
                ds.SetString(tag, DicomVR.UT, new string((char)('A' + (i % 26)), Math.Max(2, textBytes)));
            }
            if (pixelBytes > 0)
            {
                var pixels = new byte[pixelBytes];
                new Random(pixelBytes).NextBytes(pixels);
                ds.SetRawValue(DicomTag.PixelData, DicomVR.OB, pixels);
            }
            file.EnsureFileMeta();
            string path = Path.Combine(_dir, name);
            file.Save(path, overwrite: true);
            return path;
        }
    }
}
