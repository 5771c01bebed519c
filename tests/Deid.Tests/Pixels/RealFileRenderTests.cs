using System;
using System.IO;
using System.Linq;
using Deid.Dicom;
using Deid.Pixels;
using Xunit;

namespace Deid.Tests.Pixels
{
    /// <summary>
    /// Renders real files of the shared data to PNG and checks sizes and chosen pixels. Set DEID_PREVIEW_DIR to keep
    /// the PNGs there for a person to look at.
    /// </summary>
    public sealed class RealFileRenderTests : IDisposable
    {
        private readonly string _dir = Path.Combine(Path.GetTempPath(), "deid-preview-" + Guid.NewGuid().ToString("N"));

        public RealFileRenderTests() => Directory.CreateDirectory(_dir);

        public void Dispose() => Directory.Delete(_dir, recursive: true);

        private RenderedImage Preview(string path, int scale = 1)
        {
            var file = DicomFile.Open(path);
            string png = Path.Combine(_dir, Path.GetFileNameWithoutExtension(path) + ".png");
            var image = PngPreview.Write(file, png, scale: scale);
            var decoded = PngTestDecoder.Decode(File.ReadAllBytes(png));
            Assert.Equal((image.Width, image.Height), (decoded.Width, decoded.Height));
            Assert.Equal(image.Span.ToArray(), decoded.Pixels);
            string? keep = Environment.GetEnvironmentVariable("DEID_PREVIEW_DIR");
            if (!string.IsNullOrEmpty(keep)) File.Copy(png, Path.Combine(keep, Path.GetFileName(png)), overwrite: true);
            return image;
        }

        /// <summary>The 8-bit value PS3.3's linear window gives a stored value, worked out here apart from the renderer.</summary>
        private static int Windowed(double stored, DicomDataset ds)
        {
            double slope = ds.GetNumbers(DicomTags.RescaleSlope)?[0] ?? 1, intercept = ds.GetNumbers(DicomTags.RescaleIntercept)?[0] ?? 0;
            double c = ds.GetNumbers(DicomTags.WindowCenter)![0], w = ds.GetNumbers(DicomTags.WindowWidth)![0];
            double x = (stored * slope) + intercept;
            if (x <= c - 0.5 - ((w - 1) / 2)) return 0;
            if (x > c - 0.5 + ((w - 1) / 2)) return 255;
            return (int)Math.Round((((x - (c - 0.5)) / (w - 1)) + 0.5) * 255, MidpointRounding.AwayFromZero);
        }

        private static short StoredAt(DicomFile file, int x, int y)
        {
            using var native = NativePixelData.Open(file.Dataset);
            var frame = native.ReadFrame(0);
            return BitConverter.ToInt16(frame, 2 * ((y * native.Geometry.Columns) + x));
        }

        [Fact]
        public void CtSmallWithoutWindowIsStretchedMinToMax()
        {
            string path = TestPaths.Data("pydicom", "test_files", "CT_small.dcm");
            var image = Preview(path);
            Assert.Equal((128, 128, 1), (image.Width, image.Height, image.Channels));
            var file = DicomFile.Open(path);
            Assert.False(file.Dataset.Contains(DicomTags.WindowCenter));
            using var native = NativePixelData.Open(file.Dataset);
            Assert.True(native.Geometry.IsSigned);
            var frame = native.ReadFrame(0);
            var values = Enumerable.Range(0, 128 * 128).Select(i => (int)BitConverter.ToInt16(frame, 2 * i)).ToArray();
            int min = values.Min(), max = values.Max();
            foreach (var (x, y) in new[] { (0, 0), (64, 64), (30, 90), (100, 20) })
                Assert.Equal((int)Math.Round((values[(y * 128) + x] - min) * 255.0 / (max - min), MidpointRounding.AwayFromZero), image[x, y]);
            Assert.True(image.Span.ToArray().Distinct().Count() > 50, "a CT slice shows many grey levels");
        }

        [Fact]
        public void CtSmallWithAWindowFollowsPs33()
        {
            // CT_small has no window of its own: give it a soft-tissue one, and rescale to Hounsfield units.
            var file = DicomFile.Open(TestPaths.Data("pydicom", "test_files", "CT_small.dcm"));
            file.Dataset.SetString(DicomTags.WindowCenter, DicomVR.DS, "40\\400");
            file.Dataset.SetString(DicomTags.WindowWidth, DicomVR.DS, "400\\2000");
            file.Dataset.SetString(DicomTags.RescaleIntercept, DicomVR.DS, "-1024");
            file.Dataset.SetString(DicomTags.RescaleSlope, DicomVR.DS, "1");
            var image = PngPreview.Render(file);
            foreach (var (x, y) in new[] { (0, 0), (64, 64), (30, 90), (100, 20), (64, 100) })
                Assert.Equal(Windowed(StoredAt(file, x, y), file.Dataset), image[x, y]);
        }

        [Fact]
        public void MrSmallRendersLikeItsBigEndianTwin()
        {
            var image = Preview(TestPaths.Data("pydicom", "test_files", "MR_small.dcm"));
            Assert.Equal((64, 64, 1), (image.Width, image.Height, image.Channels));
            var twin = PngPreview.Render(DicomFile.Open(TestPaths.Data("pydicom", "test_files", "MR_small_bigendian.dcm")));
            Assert.Equal(image.Span.ToArray(), twin.Span.ToArray());
            Assert.True(image.Span.ToArray().Distinct().Count() > 50);
        }

        [Fact]
        public void RgbIsKeptAndBigEndianGivesTheSameImage()
        {
            var image = Preview(TestPaths.Data("pydicom", "test_files", "SC_rgb_small_odd.dcm"), scale: 10);
            Assert.Equal(3, image.Channels);
            var twin = PngPreview.Render(DicomFile.Open(TestPaths.Data("pydicom", "test_files", "SC_rgb_small_odd_big_endian.dcm")));
            Assert.Equal(FrameRenderer.Upscale(twin, 10).Span.ToArray(), image.Span.ToArray());
        }

        [Fact]
        public void Ybr422IsConvertedToTheColoursOfTheTestImage()
        {
            // pydicom's SC_rgb test image: ten bands down the picture, sampled in column 50. The values are those
            // pydicom's own tests expect after its YBR_FULL to RGB conversion (chrominance subsampled and rounded when
            // the file was made, hence (0, 255, 5) for green).
            var image = Preview(TestPaths.Data("pydicom", "test_files", "SC_ybr_full_422_uncompressed.dcm"));
            Assert.Equal((100, 100, 3), (image.Width, image.Height, image.Channels));
            var bands = new (int Row, int R, int G, int B)[]
            {
                (5, 254, 0, 0), (15, 255, 127, 127), (25, 0, 255, 5), (35, 129, 255, 129), (45, 0, 0, 254),
                (55, 128, 127, 255), (65, 0, 0, 0), (75, 64, 64, 64), (85, 192, 192, 192), (95, 255, 255, 255),
            };
            foreach (var (row, r, g, b) in bands)
            {
                // One level of slack for a different rounding of the same equations.
                Assert.InRange(image[50, row, 0], r - 1, r + 1);
                Assert.InRange(image[50, row, 1], g - 1, g + 1);
                Assert.InRange(image[50, row, 2], b - 1, b + 1);
            }
        }

        [Fact]
        public void PaletteGoesThroughItsTable()
        {
            string path = TestPaths.Data("pydicom", "test_files", "examples_palette.dcm");
            var image = Preview(path);
            var file = DicomFile.Open(path);
            var g = PixelFrameGeometry.FromDataset(file.Dataset);
            Assert.Equal((g.Columns, g.Rows, 3), (image.Width, image.Height, image.Channels));
            var palette = PaletteLut.FromDataset(file.Dataset)!;
            using var native = NativePixelData.Open(file.Dataset);
            var frame = native.ReadFrame(0);
            foreach (var (x, y) in new[] { (0, 0), (g.Columns / 2, g.Rows / 2), (g.Columns - 1, g.Rows - 1), (g.Columns / 3, g.Rows / 4) })
            {
                int index = g.BitsAllocated == 8 ? frame[(y * g.Columns) + x] : BitConverter.ToUInt16(frame, 2 * ((y * g.Columns) + x));
                int e = Math.Clamp(index - palette.FirstMapped, 0, palette.Red.Length - 1);
                Assert.Equal((palette.Red[e], palette.Green[e], palette.Blue[e]), (image[x, y, 0], image[x, y, 1], image[x, y, 2]));
            }
            Assert.True(image.Span.ToArray().Distinct().Count() > 20);
        }

        [Theory]
        [InlineData("RGB_IMAGE.dcm", 3)]
        [InlineData("GREYSCALE_IMAGE.dcm", 1)]
        public void UltrasoundsRender(string name, int channels)
        {
            string path = TestPaths.Data("deid-data", "ultrasounds", name);
            var image = Preview(path);
            var g = PixelFrameGeometry.FromDataset(DicomFile.Open(path).Dataset);
            Assert.Equal((g.Columns, g.Rows, channels), (image.Width, image.Height, image.Channels));
            Assert.True(image.Span.ToArray().Distinct().Count() > 20);
        }

        [Fact]
        public void RgbExampleKeepsItsSamples()
        {
            string path = TestPaths.Data("pydicom", "test_files", "examples_rgb_color.dcm");
            var file = DicomFile.Open(path);
            var image = Preview(path);
            using var native = NativePixelData.Open(file.Dataset);
            var g = native.Geometry;
            var frame = native.ReadFrame(0);
            Assert.Equal(8, g.BitsAllocated);
            int n = g.Rows * g.Columns;
            foreach (int p in new[] { 0, n / 2, n - 1, n / 3 })
            {
                for (int c = 0; c < 3; c++)
                    Assert.Equal(frame[g.PlanarConfiguration == 1 ? (c * n) + p : (3 * p) + c], image.Pixels[(3 * p) + c]);
            }
        }

        [Theory]
        [InlineData("pydicom", "test_files", "dicomdirtests", "77654033", "CR1", "6154")]
        public void Monochrome1IsInverted(params string[] parts)
        {
            string path = TestPaths.Data(parts);
            var file = DicomFile.Open(path);
            var g = PixelFrameGeometry.FromDataset(file.Dataset);
            Assert.Equal("MONOCHROME1", g.PhotometricInterpretation);
            var image = Preview(path);
            // Rendered as MONOCHROME2 (same geometry relabelled), every pixel is the complement.
            var options = FrameRenderOptions.FromDataset(file.Dataset);
            var relabelled = new PixelFrameGeometry(g.Rows, g.Columns, 1, g.BitsAllocated, g.BitsStored, g.HighBit, g.PixelRepresentation);
            using var native = NativePixelData.Open(file.Dataset);
            var plain = FrameRenderer.Render(native.ReadFrame(0), relabelled, options);
            Assert.Equal(plain.Span.ToArray().Select(v => (byte)(255 - v)).ToArray(), image.Span.ToArray());
            Assert.Equal((g.Columns, g.Rows, 1), (image.Width, image.Height, image.Channels));
        }

        [Fact]
        public void EncapsulatedWithoutCodecNamesTheSyntax()
        {
            var file = DicomFile.Open(TestPaths.Data("pydicom", "test_files", "examples_ybr_color.dcm"));
            var e = Assert.Throws<NotSupportedException>(() => PngPreview.Render(file, registry: new PixelCodecRegistry()));
            Assert.Contains("1.2.840.10008.1.2.4.50", e.Message);
        }
    }
}
