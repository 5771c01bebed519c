using System;
using System.Linq;
using Deid.Dicom;
using Deid.Pixels;
using Xunit;

namespace Deid.Tests.Pixels
{
    /// <summary>deid's mask semantics (ones, each region in order sets 0 or 1, later ones win) and the frame cleaner on every layout.</summary>
    public class PixelMaskTests
    {
        [Fact]
        public void RegionsApplyInOrder_LaterOnesWin()
        {
            var mask = new PixelMask(10, 8, new[]
            {
                PixelRegion.Rectangle(0, 0, 10, 4),            // blank the top half
                PixelRegion.Rectangle(2, 1, 5, 3, keep: true), // keep a hole in it
                PixelRegion.Rectangle(4, 2, 6, 3),             // blank again, over the hole's edge
            });
            Assert.False(mask.IsKept(0, 0));
            Assert.True(mask.IsKept(2, 1));
            Assert.True(mask.IsKept(3, 2));
            Assert.False(mask.IsKept(4, 2));
            Assert.False(mask.IsKept(5, 2));
            Assert.True(mask.IsKept(0, 4));
            Assert.Equal(40 - 6 + 1, mask.BlankedPixels); // 40 blanked, 6 kept back, 1 (4,2) blanked again
            Assert.False(mask.ExceedsFrame);
        }

        [Theory]
        [InlineData(30, 40, 20, 10, false)] // written the wrong way round
        [InlineData(0, 0, 0, 0, false)]
        [InlineData(5, 5, 5, 9, false)] // no width
        [InlineData(100, 100, 200, 200, false)] // wholly outside a 64×64 image
        [InlineData(60, 60, 200, 200, true)] // partly outside: clipped, and it cleans
        [InlineData(10, 10, 20, 20, true)]
        public void CleansInFrame_SaysWhetherAnyCleanRegionCoversAPixel(int x0, int y0, int x1, int y1, bool cleans)
        {
            var mask = new PixelMask(64, 64, new[] { PixelRegion.Rectangle(x0, y0, x1, y1) });
            Assert.Equal(cleans, mask.CleansInFrame);
            Assert.Equal(cleans, mask.BlankedPixels > 0);
        }

        [Fact]
        public void AKeepRegionOverTheCleanOnes_StillCleansInFrame()
        {
            // The recipe says keep there, on purpose: nothing is blanked, but the regions were no mistake.
            var mask = new PixelMask(64, 64, new[] { PixelRegion.Rectangle(0, 0, 10, 10), PixelRegion.All(keep: true) });
            Assert.True(mask.CleansInFrame);
            Assert.Equal(0, mask.BlankedPixels);
        }

        [Theory]
        [InlineData(0, 8, 8)]
        [InlineData(1, 8, 8)]
        [InlineData(0, 16, 12)]
        public void YbrFullBlanksToBlack_ChromaAtItsMiddle(int planar, int bitsAllocated, int bitsStored)
        {
            // QA pixels: zeros in YBR_FULL are bright green; black is Y 0, Cb and Cr at 2^(BitsStored-1).
            var g = new PixelFrameGeometry(2, 3, 3, bitsAllocated, bitsStored, bitsStored - 1, 0, 1, planar, "YBR_FULL");
            int bytes = bitsAllocated / 8;
            var frame = Enumerable.Repeat((byte)0x11, 2 * 3 * 3 * bytes).ToArray();
            FrameCleaner.Apply(frame, g, new PixelMask(3, 2, new[] { PixelRegion.Rectangle(0, 0, 1, 1) }));
            int middle = 1 << (bitsStored - 1);
            int Sample(int pixel, int s)
            {
                int offset = planar == 1 ? s * 6 * bytes + pixel * bytes : (pixel * 3 + s) * bytes;
                return bytes == 1 ? frame[offset] : frame[offset] | frame[offset + 1] << 8;
            }
            Assert.Equal(0, Sample(0, 0));
            Assert.Equal(middle, Sample(0, 1));
            Assert.Equal(middle, Sample(0, 2));
            int untouched = bytes == 1 ? 0x11 : 0x1111;
            for (int pixel = 1; pixel < 6; pixel++)
            {
                for (int s = 0; s < 3; s++) Assert.Equal(untouched, Sample(pixel, s));
            }
        }

        [Fact]
        public void BandedMask_EqualsAPixelByPixelReference_ForRandomRegions()
        {
            // The mask is stored as one row per band of identical rows: compare it with deid's per-pixel definition.
            var random = new Random(12);
            for (int round = 0; round < 200; round++)
            {
                int columns = random.Next(1, 40), rows = random.Next(1, 30);
                var regions = Enumerable.Range(0, random.Next(0, 6)).Select(_ => random.Next(8) == 0
                    ? PixelRegion.All(keep: random.Next(2) == 0)
                    : PixelRegion.Rectangle(random.Next(-5, columns + 5), random.Next(-5, rows + 5), random.Next(-5, columns + 5), random.Next(-5, rows + 5), keep: random.Next(3) == 0)).ToArray();
                var reference = new byte[rows, columns];
                for (int y = 0; y < rows; y++) for (int x = 0; x < columns; x++) reference[y, x] = 1;
                foreach (var r in regions)
                {
                    int x0 = r.IsAll ? 0 : Math.Clamp(r.X0, 0, columns), x1 = r.IsAll ? columns : Math.Clamp(r.X1, 0, columns);
                    int y0 = r.IsAll ? 0 : Math.Clamp(r.Y0, 0, rows), y1 = r.IsAll ? rows : Math.Clamp(r.Y1, 0, rows);
                    for (int y = y0; y < y1; y++) for (int x = x0; x < x1; x++) reference[y, x] = r.Keep ? (byte)1 : (byte)0;
                }
                var mask = new PixelMask(columns, rows, regions);
                int blanked = 0;
                for (int y = 0; y < rows; y++)
                {
                    var row = mask.Row(y);
                    Assert.Equal(columns, row.Length);
                    for (int x = 0; x < columns; x++)
                    {
                        Assert.Equal(reference[y, x], row[x]);
                        Assert.Equal(reference[y, x] != 0, mask.IsKept(x, y));
                        if (reference[y, x] == 0) blanked++;
                    }
                }
                Assert.Equal(blanked, mask.BlankedPixels);
            }
        }

        [Fact]
        public void All_IsTheWholeFrame_AndKeepAllUndoesIt()
        {
            Assert.Equal(80, new PixelMask(10, 8, new[] { PixelRegion.All() }).BlankedPixels);
            Assert.Equal(0, new PixelMask(10, 8, new[] { PixelRegion.All(), PixelRegion.All(keep: true) }).BlankedPixels);
        }

        [Fact]
        public void RegionsOutsideTheFrame_AreClipped_AndSaidSo()
        {
            var mask = new PixelMask(10, 8, new[] { PixelRegion.Rectangle(-3, 6, 4, 20) });
            Assert.True(mask.ExceedsFrame);
            Assert.Equal(4 * 2, mask.BlankedPixels);
            Assert.Equal(0, new PixelMask(10, 8, new[] { PixelRegion.Rectangle(5, 5, 5, 7) }).BlankedPixels); // empty slice
            Assert.Equal(0, new PixelMask(10, 8, new[] { PixelRegion.Rectangle(20, 20, 30, 30) }).BlankedPixels);
        }

        [Theory]
        [InlineData(8, 8, 7, 0, 1, 0)]
        [InlineData(16, 12, 11, 0, 1, 0)]
        [InlineData(16, 12, 11, 1, 1, 0)]
        [InlineData(16, 16, 15, 1, 1, 0)]
        [InlineData(32, 32, 31, 0, 1, 0)]
        [InlineData(8, 8, 7, 0, 3, 0)]
        [InlineData(8, 8, 7, 0, 3, 1)]
        [InlineData(16, 16, 15, 0, 3, 1)]
        public void FrameCleaner_ZeroesWholeSamplesInside_AndLeavesEverythingElseBitIdentical(int bitsAllocated, int bitsStored, int highBit, int pixelRepresentation, int samples, int planar)
        {
            var g = new PixelFrameGeometry(6, 9, samples, bitsAllocated, bitsStored, highBit, pixelRepresentation, 1, planar, samples == 3 ? "RGB" : "MONOCHROME2");
            var original = Enumerable.Range(0, (int)g.FrameLength).Select(i => (byte)(i * 37 + 11 | 0x80)).ToArray();
            var frame = (byte[])original.Clone();
            var mask = new PixelMask(9, 6, new[] { PixelRegion.Rectangle(2, 1, 5, 4) });
            FrameCleaner.Apply(frame, g, mask);

            int bytes = bitsAllocated / 8;
            for (int y = 0; y < 6; y++)
            {
                for (int x = 0; x < 9; x++)
                {
                    for (int s = 0; s < samples; s++)
                    {
                        int pixel = y * 9 + x;
                        int offset = planar == 1 ? s * 54 * bytes + pixel * bytes : (pixel * samples + s) * bytes;
                        ulong before = Read(original, offset, bytes), after = Read(frame, offset, bytes);
                        bool inside = x >= 2 && x < 5 && y >= 1 && y < 4;
                        // Inside, every bit: an overlay embedded above the stored bits is blanked with the image.
                        Assert.Equal(inside ? 0UL : before, after);
                    }
                }
            }
        }

        [Fact]
        public void FrameCleaner_RefusesSubsampledFrames_ClearsBitPackedOnesInPlace()
        {
            var mask = new PixelMask(4, 2, new[] { PixelRegion.Rectangle(1, 0, 3, 2) });
            var ybr = new PixelFrameGeometry(2, 4, 3, 8, 8, 7, 0, 1, 0, "YBR_FULL_422");
            Assert.Throws<NotSupportedException>(() => FrameCleaner.Apply(new byte[64], ybr, mask));
            // Eight 1-bit pixels in one byte, first pixel in the lowest bit: columns 1 and 2 of both rows are cleared.
            var bits = new PixelFrameGeometry(2, 4, 1, 1, 1, 0, 0, 1, 0, "MONOCHROME2");
            var frame = new byte[] { 0xFF };
            FrameCleaner.Apply(frame, bits, mask);
            Assert.Equal(0b1001_1001, frame[0]);
        }

        private static ulong Read(byte[] b, int offset, int bytes)
        {
            ulong v = 0;
            for (int i = bytes - 1; i >= 0; i--) v = (v << 8) | b[offset + i];
            return v;
        }
    }
}
