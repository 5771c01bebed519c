using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using Deid.Dicom.Tests.Helpers;
using Xunit;

namespace Deid.Dicom.Tests.IO
{
    /// <summary>
    /// What a hostile file can cost is bounded: the number of elements and items (each costs memory out of proportion to its
    /// bytes), the inflated size of a deflated dataset, and odd lengths (read, then padded when written).
    /// </summary>
    public class ReadLimitTests
    {
        private static readonly DicomTag Sequence = new DicomTag(0x0040, 0xA730);

        private static byte[] Sop() => TestEncoder.EncodeElement(new TElement(DicomGen.SopClassUid, "UI") { Value = TestEncoder.Text("1.2.3", '\0') }, true, false);

        /// <summary>One sequence of undefined length holding <paramref name="items"/> empty items of defined length (8 bytes each).</summary>
        private static byte[] EmptyItems(int items)
        {
            var ms = new MemoryStream();
            ms.Write(Sop());
            ms.Write(new byte[] { 0x40, 0x00, 0x30, 0xA7, (byte)'S', (byte)'Q', 0, 0, 0xFF, 0xFF, 0xFF, 0xFF });
            var item = TestEncoder.TagLength(0xFFFEE000, 0, false);
            for (int i = 0; i < items; i++) ms.Write(item);
            ms.Write(TestEncoder.TagLength(0xFFFEE0DD, 0, false));
            return MutationTests.Part10(ms.ToArray());
        }

        [Fact]
        public void A_file_of_empty_items_costs_a_bounded_multiple_of_its_size()
        {
            var bytes = EmptyItems(200_000);
            long before = GC.GetAllocatedBytesForCurrentThread();
            var file = DicomFile.Open(bytes);
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.Equal(200_000, file.Dataset.GetSequence(Sequence)!.Count);
            // An item used to allocate an array of 8 elements up front: about 55 times its 8 bytes.
            double ratio = (double)allocated / bytes.Length;
            Assert.True(ratio < 20, $"allocated {allocated} bytes ({ratio:F1} x) reading {bytes.Length}");
            // Items that are filled later still work.
            file.Dataset.GetSequence(Sequence)![0].SetString(new DicomTag(0x0008, 0x0100), DicomVR.SH, "X");
            Assert.Equal("X", DicomFile.Open(RoundTripTests.Write(file)).Dataset.GetSequence(Sequence)![0].GetString(new DicomTag(0x0008, 0x0100)));
        }

        [Fact]
        public void More_elements_and_items_than_the_limit_are_refused_naming_the_offset()
        {
            var bytes = EmptyItems(1_000);
            Assert.Equal(1_000, DicomFile.Open(bytes, new DicomReadOptions { MaxElementCount = 1_002 }).Dataset.GetSequence(Sequence)!.Count);
            var ex = Assert.Throws<DicomFormatException>(() => DicomFile.Open(bytes, new DicomReadOptions { MaxElementCount = 500 }, "items.dcm"));
            Assert.Contains("MaxElementCount", ex.Reason);
            Assert.Equal("items.dcm", ex.Path);
            Assert.Contains("offset " + ex.Offset, ex.Message);
            Assert.InRange(ex.Offset, 132, bytes.Length);
            // Plain elements count too.
            var implicitSop = TestEncoder.EncodeElement(new TElement(DicomGen.SopClassUid, "UI") { Value = TestEncoder.Text("1.2.3", '\0') }, false, false);
            var many = MutationTests.Part10(implicitSop.Concat(Enumerable.Range(0, 100).SelectMany(i => TestEncoder.TagLength((uint)(0x00110000 | (0x1000 + i)), 0, false))).ToArray(), "1.2.840.10008.1.2");
            Assert.Throws<DicomFormatException>(() => DicomFile.Open(many, new DicomReadOptions { MaxElementCount = 50 }));
            Assert.Equal(101, DicomFile.Open(many).Dataset.Count);
        }

        [Fact]
        public void A_deflate_bomb_is_refused_at_the_inflate_limit()
        {
            // 64 MB of zeros in an OB value deflates to about 64 KB.
            var ms = new MemoryStream();
            ms.Write(Sop());
            const int size = 64 << 20;
            ms.Write(new byte[] { 0x11, 0x00, 0x10, 0x10, (byte)'O', (byte)'B', 0, 0, 0, 0, 0, 0x04 });
            var data = ms.ToArray();
            var deflated = new MemoryStream();
            using (var d = new DeflateStream(deflated, CompressionLevel.Optimal, leaveOpen: true))
            {
                d.Write(data);
                var zeros = new byte[1 << 20];
                for (int i = 0; i < size >> 20; i++) d.Write(zeros);
            }
            var meta = MutationTests.Part10(Array.Empty<byte>(), "1.2.840.10008.1.2.1.99");
            var bytes = meta.Concat(deflated.ToArray()).ToArray();
            Assert.True(bytes.Length < 200_000, $"{bytes.Length} bytes");

            var ex = Guard.Within(() => Assert.Throws<DicomFormatException>(() => DicomFile.Open(bytes, new DicomReadOptions { MaxInflatedLength = 1 << 20 }, "bomb.dcm")), "bomb");
            Assert.Contains("MaxInflatedLength", ex.Reason);
            Assert.Contains("inflated", ex.Message);
            // Under the limit the same file reads.
            var file = DicomFile.Open(bytes, new DicomReadOptions { MaxInflatedLength = 80 << 20 });
            Assert.Equal(size, file.Dataset.Elements.First(e => e.Tag == new DicomTag(0x0011, 0x1010)).Length);
        }

        public static TheoryData<string, uint> BadLengths() => new()
        {
            { "value", 0xFFFFFFFE },
            { "value", 0x7FFFFFFF },
            { "item", 0xFFFFFFFE },
            { "item", 0x00000101 },
            { "sequence", 0xFFFFFFFE },
            { "fragment", 0xFFFFFFFE },
            { "fragment", 0x00001001 },
        };

        /// <summary>Lengths past the end of the file (0xFFFFFFFE, just past it, odd) are refused naming offset and tag.</summary>
        [Theory]
        [MemberData(nameof(BadLengths))]
        public void Lengths_past_the_end_are_refused_naming_the_offset(string where, uint length)
        {
            var ms = new MemoryStream();
            ms.Write(Sop());
            switch (where)
            {
                case "value":
                    ms.Write(new byte[] { 0x10, 0x00, 0x00, 0x40, (byte)'U', (byte)'T', 0, 0 });
                    ms.Write(BitConverter.GetBytes(length));
                    break;
                case "sequence":
                    ms.Write(new byte[] { 0x40, 0x00, 0x30, 0xA7, (byte)'S', (byte)'Q', 0, 0 });
                    ms.Write(BitConverter.GetBytes(length));
                    break;
                case "item":
                    ms.Write(new byte[] { 0x40, 0x00, 0x30, 0xA7, (byte)'S', (byte)'Q', 0, 0, 0xFF, 0xFF, 0xFF, 0xFF });
                    ms.Write(TestEncoder.TagLength(0xFFFEE000, length, false));
                    break;
                case "fragment":
                    ms.Write(new byte[] { 0xE0, 0x7F, 0x10, 0x00, (byte)'O', (byte)'B', 0, 0, 0xFF, 0xFF, 0xFF, 0xFF });
                    ms.Write(TestEncoder.TagLength(0xFFFEE000, 0, false));
                    ms.Write(TestEncoder.TagLength(0xFFFEE000, length, false));
                    break;
            }
            ms.Write(new byte[64]);
            var bytes = MutationTests.Part10(ms.ToArray());
            foreach (var open in new Func<DicomFile>[]
            {
                () => DicomFile.Open(bytes, null, "bad.dcm"),
                () => DicomFile.Open(new NonSeekableStream(new MemoryStream(bytes)), null, "bad.dcm"),
            })
            {
                var ex = Assert.Throws<DicomFormatException>(open);
                RoundTripTests.AssertLocated(ex, "bad.dcm", bytes.Length);
                Assert.NotNull(ex.Tag);
            }
        }

        [Fact]
        public void Zero_and_odd_lengths_read_and_are_written_even()
        {
            var ms = new MemoryStream();
            ms.Write(Sop());
            ms.Write(new byte[] { 0x10, 0x00, 0x10, 0x00, (byte)'P', (byte)'N', 0, 0 }); // empty Patient's Name
            ms.Write(new byte[] { 0x10, 0x00, 0x20, 0x00, (byte)'L', (byte)'O', 3, 0, (byte)'A', (byte)'B', (byte)'C' });
            var bytes = MutationTests.Part10(ms.ToArray());
            var file = DicomFile.Open(bytes);
            Assert.Equal(string.Empty, file.Dataset.GetString(new DicomTag(0x0010, 0x0010)));
            Assert.Equal("ABC", file.Dataset.GetString(new DicomTag(0x0010, 0x0020)));
            var written = RoundTripTests.Write(file);
            Assert.Equal(bytes.Length + 1, written.Length);
            Assert.Equal(4, DicomFile.Open(written).Dataset.Elements.First(e => e.Tag == new DicomTag(0x0010, 0x0020)).Length);
        }
    }
}
