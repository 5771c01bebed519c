using Deid.Dicom;
using Deid.Pixels;
using Xunit;

namespace Deid.Tests.Pixels
{
    /// <summary>Previews of compressed files go through the codec's own layout: a YBR_FULL_422 JPEG renders as RGB of its full size.</summary>
    public class CompressedPreviewTests
    {
        [Theory]
        [InlineData("deid-data/dicom-cookies/image1.dcm", 3)]
        [InlineData("pydicom/test_files/JPEGLSNearLossless_16.dcm", 1)]
        [InlineData("pydicom/test_files/MR_small_RLE.dcm", 1)]
        public void CompressedFile_RendersAtItsSize_WithItsChannels(string relative, int channels)
        {
            var file = DicomFile.Open(TestPaths.Data(relative.Split('/')));
            var g = PixelFrameGeometry.FromDataset(file.Dataset);
            var image = PngPreview.Render(file);
            Assert.Equal(g.Columns, image.Width);
            Assert.Equal(g.Rows, image.Height);
            Assert.Equal(channels, image.Channels);
            // Not a blank picture: some contrast survives windowing.
            byte min = 255, max = 0;
            foreach (byte b in image.Span)
            {
                if (b < min) min = b;
                if (b > max) max = b;
            }
            Assert.True(max - min > 100, $"{relative}: range {min}..{max}");
        }
    }
}
