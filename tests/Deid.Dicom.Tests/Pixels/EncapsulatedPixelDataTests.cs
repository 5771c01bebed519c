using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Xunit;
using static Deid.Dicom.Tests.Pixels.PixelTestData;

namespace Deid.Dicom.Tests.Pixels
{
    public class EncapsulatedPixelDataTests : IDisposable
    {
        private readonly string _folder = Path.Combine(Path.GetTempPath(), "deid-fragments-" + Guid.NewGuid().ToString("N"));

        public EncapsulatedPixelDataTests() => Directory.CreateDirectory(_folder);

        public void Dispose() => Directory.Delete(_folder, recursive: true);

        /// <summary>A transfer syntax UID no one registered: read as encapsulated Explicit VR Little Endian.</summary>
        private static readonly TransferSyntax Private = TransferSyntax.Lookup("1.2.826.0.1.3680043.10.1418.9.1");

        [Fact]
        public void ACodecErrorNamesTheFileAndTheFrame()
        {
            // Codecs decode bytes and know no file: the frame reader puts the file's name on what they throw.
            var file = DicomFile.Open(Shared("SC_rgb_rle_2frame.dcm"));
            using var pixels = EncapsulatedPixelData.Open(file.Dataset, "hostile.dcm");
            var e = Assert.Throws<DicomFormatException>(() => pixels.DecodeFrame(1, new ThrowingCodec(), new byte[pixels.Geometry.FrameLength]));
            Assert.Equal("hostile.dcm", e.Path);
            Assert.Equal("segment broken (byte 12 of frame 1's codestream)", e.Reason);
            Assert.StartsWith("hostile.dcm (tag (7FE0,0010)): segment broken", e.Message, StringComparison.Ordinal);
            Assert.IsType<DicomFormatException>(e.InnerException);
        }

        [Fact]
        public void An_offset_table_out_of_order_is_called_so()
        {
            // QA, huge files F7: frames 1 and 2 swapped in the table, each offset a fragment start, was "not the start of a fragment".
            byte[] Jpeg(byte b) => new byte[] { 0xFF, 0xD8, b, b, 0xFF, 0xD9 };
            var table = new byte[12];
            BinaryPrimitives.WriteUInt32LittleEndian(table.AsSpan(4), 28);
            BinaryPrimitives.WriteUInt32LittleEndian(table.AsSpan(8), 14);
            var fragments = DicomFragments.Create(new[] { new DicomFragment(table), new DicomFragment(Jpeg(1)), new DicomFragment(Jpeg(2)), new DicomFragment(Jpeg(3)) });
            var e = Assert.Throws<DicomFormatException>(() => FrameFragments.Map(fragments, 3));
            Assert.Contains("not in increasing order", e.Message, StringComparison.Ordinal);
            BinaryPrimitives.WriteUInt32LittleEndian(table.AsSpan(4), 14);
            BinaryPrimitives.WriteUInt32LittleEndian(table.AsSpan(8), 28);
            Assert.Equal(3, FrameFragments.Map(fragments, 3).Length);
        }

        [Fact]
        public void An_offset_table_past_4_GiB_is_left_empty_rather_than_refused()
        {
            // QA, huge files F4: RLE frames of more than 4 GiB in all failed at the end, after every frame was cleaned.
            var small = new List<long> { 100, 200 };
            Assert.Equal(new byte[] { 0, 0, 0, 0, 108, 0, 0, 0 }, EncapsulatedPixelDataBuilder.OffsetTable(small, true));
            Assert.Empty(EncapsulatedPixelDataBuilder.OffsetTable(small, false));
            // The last frame starts at 4 GiB - 8 + 8: still addressable; one more byte and the table stays empty.
            var edge = new List<long> { uint.MaxValue - 8L, 10 };
            Assert.Equal(8, EncapsulatedPixelDataBuilder.OffsetTable(edge, true).Length);
            var past = new List<long> { uint.MaxValue - 7L, 10 };
            Assert.Empty(EncapsulatedPixelDataBuilder.OffsetTable(past, true));
        }

        [Fact]
        public void Frames_are_told_apart_by_their_fragments_when_the_offset_table_lies()
        {
            // QA, huge files F1: offsets wrapped past 4 GiB, or one inside a fragment, while one fragment a frame (or one
            // codestream start a frame) still tells the frames apart.
            byte[] Jpeg(byte b) => new byte[] { 0xFF, 0xD8, b, b, 0xFF, 0xD9 };
            var table = new byte[8];
            BinaryPrimitives.WriteUInt32LittleEndian(table.AsSpan(4), 3);
            var items = new[] { new DicomFragment(table), new DicomFragment(Jpeg(1)), new DicomFragment(Jpeg(2)) };
            var fragments = DicomFragments.Create(items);
            Assert.Throws<DicomFormatException>(() => FrameFragments.Map(fragments, 2));
            var map = FrameFragments.MapWithoutOffsetTable(fragments, 2)!;
            Assert.Equal(new[] { new FrameFragments(1, 1, 6), new FrameFragments(2, 1, 6) }, map);
            Assert.Null(FrameFragments.MapWithoutOffsetTable(fragments, 3));
            // A header that counts one frame too many: the codestream starts give the two there are.
            Assert.Equal(map, FrameFragments.MapByCodestreamStarts(fragments));
            var split = DicomFragments.Create(new[] { new DicomFragment(Array.Empty<byte>()), new DicomFragment(Jpeg(1)), new DicomFragment(new byte[] { 1, 2 }), new DicomFragment(Jpeg(2)) });
            Assert.Equal(new[] { new FrameFragments(1, 2, 8), new FrameFragments(3, 1, 6) }, FrameFragments.MapByCodestreamStarts(split));
        }

        private sealed class ThrowingCodec : IPixelCodec
        {
            public IReadOnlyList<TransferSyntax> TransferSyntaxes => new[] { TransferSyntax.RleLossless };

            public void Decode(ReadOnlySpan<byte> encodedFrame, PixelFrameGeometry geometry, Span<byte> destination) =>
                throw new DicomFormatException(null, 12, null, "segment broken");

            public void Encode(ReadOnlySpan<byte> frame, PixelFrameGeometry geometry, System.Buffers.IBufferWriter<byte> destination) =>
                throw new NotSupportedException();
        }

        [Fact]
        public void WithAnOffsetTableEachFrameIsWhereTheTableSays()
        {
            // SC_rgb_rle_2frame.dcm: Basic Offset Table 0, 0x2A0 (= 8 + 664); two fragments of 664 bytes.
            var file = DicomFile.Open(Shared("SC_rgb_rle_2frame.dcm"));
            using var pixels = EncapsulatedPixelData.Open(file.Dataset);
            Assert.Equal(8, pixels.Fragments.OffsetTable!.Value.Length);
            Assert.Equal(new FrameFragments(1, 1, 664), pixels.GetFrameFragments(0));
            Assert.Equal(new FrameFragments(2, 1, 664), pixels.GetFrameFragments(1));
            // Fragments stay in the file until a frame is read.
            Assert.NotNull(pixels.Fragments.Items[1].Reference);
            var frame = pixels.ReadFrame(1);
            Assert.Equal(pixels.Fragments.Items[2].Reference!.ReadAll(), frame);
            Assert.Equal(3u, BinaryPrimitives.ReadUInt32LittleEndian(frame)); // RLE header: three segments (R, G, B)
        }

        [Fact]
        public void WithoutAnOffsetTableThereIsOneFragmentPerFrame()
        {
            // rtdose_rle.dcm: empty Basic Offset Table, 15 frames in 15 fragments, each an RLE frame of four segments.
            var file = DicomFile.Open(Shared("rtdose_rle.dcm"));
            using var pixels = EncapsulatedPixelData.Open(file.Dataset);
            Assert.Equal(0, pixels.Fragments.OffsetTable!.Value.Length);
            Assert.Equal(15, pixels.Geometry.NumberOfFrames);
            Assert.Equal(new FrameFragments(1, 1, 332), pixels.GetFrameFragments(0));
            Assert.Equal(new FrameFragments(2, 1, 330), pixels.GetFrameFragments(1));
            for (int f = 0; f < 15; f++)
            {
                Assert.Equal(f + 1, pixels.GetFrameFragments(f).FirstItem);
                Assert.Equal(4u, BinaryPrimitives.ReadUInt32LittleEndian(pixels.ReadFrame(f)));
            }
        }

        [Fact]
        public void JpegFramesFoundThroughTheOffsetTableAreWholeCodestreams()
        {
            var file = DicomFile.Open(Shared("examples_ybr_color.dcm"));
            using var pixels = EncapsulatedPixelData.Open(file.Dataset);
            Assert.Equal(30, pixels.Geometry.NumberOfFrames);
            for (int f = 0; f < 30; f++)
            {
                var frame = pixels.ReadFrame(f);
                Assert.Equal(new byte[] { 0xFF, 0xD8 }, frame.Take(2)); // SOI
                int end = frame.Length - (frame[^1] == 0 ? 3 : 2); // EOI, before a padding byte if any
                Assert.Equal(new byte[] { 0xFF, 0xD9 }, frame.Skip(end).Take(2));
            }
        }

        [Fact]
        public void OneFrameInSeveralFragmentsIsEveryFragment()
        {
            var fragments = DicomFragments.Create(new[]
            {
                new DicomFragment(ReadOnlyMemory<byte>.Empty), new DicomFragment(new byte[] { 1, 2 }), new DicomFragment(new byte[] { 3, 4, 5, 6 }),
            });
            Assert.Equal(new FrameFragments(1, 2, 6), FrameFragments.Map(fragments, 1).Single());
        }

        [Fact]
        public void AnOffsetTableCanGiveAFrameSeveralFragments()
        {
            var table = new byte[8];
            BinaryPrimitives.WriteUInt32LittleEndian(table.AsSpan(4), 8 + 2 + 8 + 4);
            var fragments = DicomFragments.Create(new[]
            {
                new DicomFragment(table), new DicomFragment(new byte[2]), new DicomFragment(new byte[4]), new DicomFragment(new byte[6]),
            });
            Assert.Equal(new[] { new FrameFragments(1, 2, 6), new FrameFragments(3, 1, 6) }, FrameFragments.Map(fragments, 2));
        }

        /// <summary>
        /// An empty offset table over several fragments a frame (dcmcjpeg +fs): the frames are where codestreams start, one a
        /// frame — JPEG's SOI (JPEG-LS's too) or JPEG 2000's SOC and SIZ at a fragment's first bytes.
        /// </summary>
        [Fact]
        public void WithoutAnOffsetTable_FramesStartWhereCodestreamsStart()
        {
            byte[] Soi(int n) => new byte[] { 0xFF, 0xD8 }.Concat(new byte[n - 2]).ToArray();
            byte[] Soc(int n) => new byte[] { 0xFF, 0x4F, 0xFF, 0x51 }.Concat(new byte[n - 4]).ToArray();
            var jpeg = DicomFragments.Create(new[]
            {
                new DicomFragment(ReadOnlyMemory<byte>.Empty), new DicomFragment(Soi(4)), new DicomFragment(new byte[] { 0xFF, 0x00, 1, 2 }),
                new DicomFragment(Soi(6)), new DicomFragment(new byte[2]), new DicomFragment(new byte[2]),
            });
            Assert.Equal(new[] { new FrameFragments(1, 2, 8), new FrameFragments(3, 3, 10) }, FrameFragments.Map(jpeg, 2));
            var j2k = DicomFragments.Create(new[]
            {
                new DicomFragment(ReadOnlyMemory<byte>.Empty), new DicomFragment(Soc(4)), new DicomFragment(new byte[2]), new DicomFragment(Soc(8)),
            });
            Assert.Equal(new[] { new FrameFragments(1, 2, 6), new FrameFragments(3, 1, 8) }, FrameFragments.Map(j2k, 2));

            // Starts that are not one a frame, or data before the first start, are not guessed at.
            var three = DicomFragments.Create(new[]
            {
                new DicomFragment(ReadOnlyMemory<byte>.Empty), new DicomFragment(Soi(2)), new DicomFragment(Soi(2)), new DicomFragment(Soi(2)),
            });
            Assert.Throws<DicomFormatException>(() => FrameFragments.Map(three, 2));
            var late = DicomFragments.Create(new[]
            {
                new DicomFragment(ReadOnlyMemory<byte>.Empty), new DicomFragment(new byte[2]), new DicomFragment(Soi(2)), new DicomFragment(Soi(2)),
            });
            Assert.Throws<DicomFormatException>(() => FrameFragments.Map(late, 2));
        }

        [Fact]
        public void AnUnsplittableLayoutIsRefused()
        {
            var three = DicomFragments.Create(new[]
            {
                new DicomFragment(ReadOnlyMemory<byte>.Empty), new DicomFragment(new byte[2]), new DicomFragment(new byte[2]), new DicomFragment(new byte[2]),
            });
            var e = Assert.Throws<DicomFormatException>(() => FrameFragments.Map(three, 2, "cine.dcm"));
            Assert.Equal(DicomTag.PixelData, e.Tag);
            Assert.Contains("3 fragments", e.Reason);
            Assert.Contains("2 frames", e.Reason);

            var wrongSize = DicomFragments.Create(new[] { new DicomFragment(new byte[4]), new DicomFragment(new byte[2]), new DicomFragment(new byte[2]) });
            Assert.Contains("Basic Offset Table", Assert.Throws<DicomFormatException>(() => FrameFragments.Map(wrongSize, 2)).Reason);

            var table = new byte[8];
            BinaryPrimitives.WriteUInt32LittleEndian(table.AsSpan(4), 6); // inside the first fragment
            var misplaced = DicomFragments.Create(new[] { new DicomFragment(table), new DicomFragment(new byte[2]), new DicomFragment(new byte[2]) });
            Assert.Contains("offset 6", Assert.Throws<DicomFormatException>(() => FrameFragments.Map(misplaced, 2)).Reason);

            Assert.Throws<ArgumentException>(() => DicomFragments.Create(new[] { new DicomFragment(new byte[3]) }));
            Assert.Throws<ArgumentException>(() => DicomFragments.Create(Array.Empty<DicomFragment>()));
        }

        [Theory]
        [InlineData(true)]
        [InlineData(false)]
        public void BuiltFragmentsAreWrittenAndReadBackAsTheSameFrames(bool withOffsetTable)
        {
            var frames = new[] { Pattern(10, 1), Pattern(7, 2), Pattern(1, 3), Pattern(4000, 4) };
            var fragments = EncapsulatedPixelDataBuilder.CreateFragments(frames.Select(f => (ReadOnlyMemory<byte>)f).ToList(), withOffsetTable);
            Assert.Equal(5, fragments.Items.Count);
            Assert.Equal(new long[] { 10, 8, 2, 4000 }, fragments.Items.Skip(1).Select(i => i.Length)); // odd frames padded
            var table = fragments.Items[0].Bytes.ToArray();
            if (withOffsetTable)
            {
                var offsets = Enumerable.Range(0, 4).Select(i => BinaryPrimitives.ReadUInt32LittleEndian(table.AsSpan(4 * i))).ToArray();
                Assert.Equal(new uint[] { 0, 18, 34, 44 }, offsets);
            }
            else
            {
                Assert.Empty(table);
            }

            string path = SaveEncapsulated(fragments, frames.Length);
            var reread = DicomFile.Open(path);
            using var pixels = EncapsulatedPixelData.Open(reread.Dataset, path);
            Assert.Equal(withOffsetTable ? 16 : 0, pixels.Fragments.OffsetTable!.Value.Length);
            for (int f = 0; f < frames.Length; f++)
            {
                var expected = frames[f].Length % 2 == 0 ? frames[f] : frames[f].Concat(new byte[] { 0 }).ToArray();
                Assert.Equal(expected, pixels.ReadFrame(f));
            }
        }

        [Theory]
        [InlineData(true)]
        [InlineData(false)]
        public void TheFileBackedBuilderMatchesTheInMemoryOne(bool withOffsetTable)
        {
            var frames = Enumerable.Range(0, 6).Select(i => Pattern(1000 + 333 * i, i)).ToArray();
            var inMemory = EncapsulatedPixelDataBuilder.CreateFragments(frames.Select(f => (ReadOnlyMemory<byte>)f).ToList(), withOffsetTable);
            string fromMemory = SaveEncapsulated(inMemory, frames.Length);

            var file = NewImage(frames.Length);
            string fromDisk;
            using (var builder = new EncapsulatedPixelDataBuilder(_folder))
            {
                foreach (var f in frames) builder.AppendFrame(f);
                Assert.Equal(6, builder.FrameCount);
                builder.Commit(file.Dataset, withOffsetTable);
                Assert.True(file.Dataset.TryGetElement(DicomTag.PixelData, out var e));
                Assert.All(e.Fragments!.Items.Skip(1), i => Assert.NotNull(i.Reference));
                fromDisk = Path.Combine(_folder, "from-disk.dcm");
                file.Save(fromDisk);
                Assert.Throws<InvalidOperationException>(() => builder.AppendFrame(frames[0]));
                Assert.True(File.Exists(builder.TemporaryPath));
            }
            Assert.Equal(File.ReadAllBytes(fromMemory), File.ReadAllBytes(fromDisk));
        }

        /// <summary>
        /// New Pixel Data takes the Extended Offset Table of the old with it: its offsets and lengths describe fragments that are
        /// gone. Every replacement goes through the builders, so the JPEG comment step drops a stale one as cleaning does.
        /// </summary>
        [Fact]
        public void ReplacingPixelData_RemovesTheExtendedOffsetTable()
        {
            var ds = new DicomDataset(DicomEncoding.ExplicitLittle);
            ds.SetRawValue(DicomTags.ExtendedOffsetTable, DicomVR.OV, new byte[8]);
            ds.SetRawValue(DicomTags.ExtendedOffsetTableLengths, DicomVR.OV, BitConverter.GetBytes(12345L));
            EncapsulatedPixelDataBuilder.SetPixelData(ds, EncapsulatedPixelDataBuilder.CreateFragments(new[] { (ReadOnlyMemory<byte>)new byte[2] }));
            Assert.False(ds.Contains(DicomTags.ExtendedOffsetTable));
            Assert.False(ds.Contains(DicomTags.ExtendedOffsetTableLengths));
        }

        [Fact]
        public void EncapsulationNeedsExplicitLittleEndian()
        {
            var fragments = EncapsulatedPixelDataBuilder.CreateFragments(new[] { (ReadOnlyMemory<byte>)new byte[2] });
            Assert.Throws<InvalidOperationException>(() => EncapsulatedPixelDataBuilder.SetPixelData(new DicomDataset(DicomEncoding.ImplicitLittle), fragments));
            Assert.Throws<InvalidOperationException>(() => EncapsulatedPixelDataBuilder.SetPixelData(new DicomDataset(DicomEncoding.ExplicitBig), fragments));
            var native = DicomFile.Open(Shared("MR_small.dcm"));
            Assert.Throws<InvalidOperationException>(() => EncapsulatedPixelData.Open(native.Dataset));
        }

        [Fact]
        public void UnchangedSharedFragmentsAreWrittenBackIdentically()
        {
            // Re-setting the fragments read from a file (as a cleaner that changed no frame would) keeps its bytes.
            string source = Shared("SC_rgb_rle_2frame.dcm");
            var file = DicomFile.Open(source);
            using var pixels = EncapsulatedPixelData.Open(file.Dataset);
            var rebuilt = EncapsulatedPixelDataBuilder.CreateFragments(Enumerable.Range(0, 2).Select(f => (ReadOnlyMemory<byte>)pixels.ReadFrame(f)).ToList(), withOffsetTable: true);
            EncapsulatedPixelDataBuilder.SetPixelData(file.Dataset, rebuilt);
            string output = Path.Combine(_folder, "same.dcm");
            file.Save(output, options: new DicomWriteOptions { UpdateFileMeta = false });
            Assert.Equal(File.ReadAllBytes(source), File.ReadAllBytes(output));
        }

        private DicomFile NewImage(int frames)
        {
            var file = new DicomFile(Private);
            SetImagePixel(file.Dataset, new PixelFrameGeometry(4, 4, 1, 8, 8, 7, 0, frames));
            file.Dataset.SetString(Helpers.DicomGen.SopClassUid, DicomVR.UI, "1.2.840.10008.5.1.4.1.1.7");
            file.Dataset.SetString(Helpers.DicomGen.SopInstanceUid, DicomVR.UI, "1.2.826.0.1.3680043.10.1418.9.2");
            return file;
        }

        [Fact]
        public void AFrameReadInPiecesFromAnyOffsetIsTheFrame()
        {
            // Frame 0 is three fragments (10, 6 and 14 bytes) and frame 1 one, from the file and from memory: every offset and
            // piece size gives the bytes of the joined frame, across fragment boundaries, and fewer only at the frame's end.
            var parts = new[] { Pattern(10, 1), Pattern(6, 2), Pattern(14, 3), Pattern(8, 4) };
            var table = new byte[8];
            BinaryPrimitives.WriteUInt32LittleEndian(table.AsSpan(4), (uint)(8 + 10 + 8 + 6 + 8 + 14));
            var items = new[] { new DicomFragment(table) }.Concat(parts.Select(p => new DicomFragment(p))).ToArray();
            var inMemory = DicomFragments.Create(items);
            string path = SaveEncapsulated(inMemory, 2);
            var fromFile = DicomFile.Open(path);
            var frames = new[] { parts[0].Concat(parts[1]).Concat(parts[2]).ToArray(), parts[3] };
            foreach (var dataset in new[] { fromFile.Dataset, Image(inMemory, 2) })
            {
                using var pixels = EncapsulatedPixelData.Open(dataset, path);
                Assert.Equal(dataset == fromFile.Dataset, pixels.Fragments.Items[1].Reference != null);
                for (int f = 0; f < 2; f++)
                {
                    Assert.Equal(frames[f], pixels.ReadFrame(f));
                    for (int offset = 0; offset <= frames[f].Length; offset++)
                    {
                        foreach (int count in new[] { 0, 1, 3, 7, 100 })
                        {
                            var buffer = new byte[count + 5];
                            int n = pixels.ReadFrame(f, offset, buffer, 2, count);
                            int expected = Math.Min(count, frames[f].Length - offset);
                            Assert.Equal(expected, n);
                            Assert.Equal(frames[f].Skip(offset).Take(expected), buffer.Skip(2).Take(n));
                            Assert.All(buffer.Take(2).Concat(buffer.Skip(2 + n)), b => Assert.Equal(0, b));
                        }
                    }
                }
                Assert.Throws<ArgumentOutOfRangeException>(() => pixels.ReadFrame(0, 31, new byte[4], 0, 4));
                Assert.Throws<ArgumentOutOfRangeException>(() => pixels.ReadFrame(0, 0, new byte[4], 2, 3));
            }
        }

        private DicomDataset Image(DicomFragments fragments, int frames)
        {
            var file = NewImage(frames);
            EncapsulatedPixelDataBuilder.SetPixelData(file.Dataset, fragments);
            return file.Dataset;
        }

        private string SaveEncapsulated(DicomFragments fragments, int frames)
        {
            var file = NewImage(frames);
            EncapsulatedPixelDataBuilder.SetPixelData(file.Dataset, fragments);
            string path = Path.Combine(_folder, Guid.NewGuid().ToString("N") + ".dcm");
            file.Save(path);
            return path;
        }
    }
}
