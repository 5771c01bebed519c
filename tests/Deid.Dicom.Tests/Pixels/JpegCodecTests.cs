using System;
using System.Collections.Generic;
using System.Linq;
using Xunit;
using Xunit.Abstractions;

namespace Deid.Dicom.Tests.Pixels
{
    public sealed class JpegCodecTests
    {
        private readonly ITestOutputHelper _output;

        public JpegCodecTests(ITestOutputHelper output) => _output = output;

        /// <summary>The lossy JPEG files of the shared corpus (Baseline and Extended).</summary>
        public static IEnumerable<object[]> LossyFiles() => new[]
        {
            "pydicom/test_files/JPEG-lossy.dcm",
            "pydicom/test_files/JPGExtended.dcm",
            "pydicom/test_files/SC_jpeg_no_color_transform.dcm",
            "pydicom/test_files/SC_jpeg_no_color_transform_2.dcm",
            "pydicom/test_files/SC_rgb_dcmtk_+eb+cr.dcm",
            "pydicom/test_files/SC_rgb_dcmtk_+eb+cy+n1.dcm",
            "pydicom/test_files/SC_rgb_dcmtk_+eb+cy+n2.dcm",
            "pydicom/test_files/SC_rgb_dcmtk_+eb+cy+np.dcm",
            "pydicom/test_files/SC_rgb_dcmtk_+eb+cy+s2.dcm",
            "pydicom/test_files/SC_rgb_dcmtk_+eb+cy+s4.dcm",
            "pydicom/test_files/SC_rgb_jpeg_app14_dcmd.dcm",
            "pydicom/test_files/SC_rgb_jpeg_dcmtk.dcm",
            "pydicom/test_files/SC_rgb_jpeg_lossy_gdcm.dcm",
            "pydicom/test_files/SC_rgb_small_odd_jpeg.dcm",
            "pydicom/test_files/examples_ybr_color.dcm",
            "deid-data/dicom-cookies/image1.dcm",
            "deid-data/dicom-cookies/image2.dcm",
            "deid-data/dicom-cookies/image3.dcm",
            "deid-data/dicom-cookies/image4.dcm",
            "deid-data/dicom-cookies/image5.dcm",
            "deid-data/dicom-cookies/image6.dcm",
            "deid-data/dicom-cookies/image7.dcm",
            "deid-data/humans/ctbrain1.dcm",
            "deid-data/humans/ctbrain2.dcm",
        }.Select(p => new object[] { p });

        [Theory]
        [MemberData(nameof(LossyFiles))]
        public void LossyFramesMatchDcmdjpegWithinIdctRounding(string relative)
        {
            var c = JpegReferee.Compare(TestData.PathOf(relative.Split('/')));
            _output.WriteLine(c.ToString());
            Assert.Equal(c.RefereePhotometric, c.OurPhotometric);
            // IDCTs differ (JpegLibrary's float against libjpeg's integer islow): a step or two of 8-bit, and the same
            // relative error at 12 bits (×16). YCbCr to RGB multiplies a chroma step by up to 1.772, so converted
            // frames may differ by 3.
            bool converted = c.SourcePhotometric.StartsWith("YBR", StringComparison.Ordinal) && c.OurPhotometric == "RGB";
            int tolerance = c.BitsAllocated == 8 ? (converted ? 3 : 2) : 32;
            Assert.True(c.MaxAbsDifference <= tolerance, c.ToString());
            // Even converted frames differ by more than 2 only rarely (measured: about 1 sample in 27,000).
            Assert.True(c.OverTwo <= c.Samples / 10000, c.ToString());
            Assert.True(c.MeanAbsDifference < (c.BitsAllocated == 8 ? 0.5 : 8), c.ToString());
        }

        [Fact]
        public void TheDefaultRegistryDecodesTheFourJpegSyntaxesWithThisCodec()
        {
            foreach (var uid in new[] { JpegCodec.BaselineUid, JpegCodec.ExtendedUid, JpegCodec.LosslessUid, JpegCodec.LosslessSV1Uid })
                Assert.Same(JpegCodec.Instance, PixelCodecRegistry.Default.GetDecoder(TransferSyntax.Lookup(uid)));
        }

        [Fact]
        public void EncodingIsNotOffered()
        {
            var g = new PixelFrameGeometry(2, 2, 1, 8, 8, 7, 0);
            Assert.Throws<NotSupportedException>(() => JpegCodec.Instance.Encode(new byte[4], g, new System.Buffers.ArrayBufferWriter<byte>()));
        }

        [Theory]
        [InlineData("YBR_FULL_422", JpegCodec.BaselineUid, "RGB")]
        [InlineData("YBR_FULL", JpegCodec.ExtendedUid, "RGB")]
        [InlineData("YBR_FULL_422", JpegCodec.LosslessSV1Uid, "YBR_FULL")]
        [InlineData("YBR_FULL", JpegCodec.LosslessUid, "YBR_FULL")]
        [InlineData("RGB", JpegCodec.BaselineUid, "RGB")]
        public void TheDecodedGeometryHasThreeInterleavedSamplesAPixel(string photometric, string uid, string decoded)
        {
            var g = new PixelFrameGeometry(4, 6, 3, 8, 8, 7, 0, 2, 1, photometric);
            var d = JpegCodec.GetDecodedGeometry(g, TransferSyntax.Lookup(uid));
            Assert.Equal(decoded, d.PhotometricInterpretation);
            Assert.Equal(0, d.PlanarConfiguration);
            Assert.Equal(4 * 6 * 3, d.FrameLength);
            Assert.Equal(2, d.NumberOfFrames);
        }

        [Theory]
        [InlineData("SC_jpeg_no_color_transform_2.dcm")] // Adobe APP14 transform 0
        [InlineData("SC_rgb_jpeg_app14_dcmd.dcm")] // Adobe APP14 transform 0
        public void ACodestreamThatStatesRgbIsNotConverted(string name)
        {
            // Under a YBR_FULL header the RGB samples are still not converted, and the decoded Photometric
            // Interpretation says so. (SC_jpeg_no_color_transform.dcm states nothing: component ids 0, 1, 2 and no
            // APP segment, so only its RGB header keeps it unconverted; the referee test covers it.)
            var file = DicomFile.Open(PixelTestData.Shared(name));
            using var pixels = EncapsulatedPixelData.Open(file.Dataset);
            var frame = pixels.ReadFrame(0);
            var rgb = pixels.Geometry;
            var ybr = new PixelFrameGeometry(rgb.Rows, rgb.Columns, 3, 8, 8, 7, 0, 1, 0, "YBR_FULL");
            Assert.Equal("YBR_FULL", JpegCodec.GetDecodedPhotometricInterpretation(frame, ybr));
            var a = new byte[rgb.FrameLength];
            var b = new byte[rgb.FrameLength];
            JpegCodec.Instance.Decode(frame, rgb, a);
            JpegCodec.Instance.Decode(frame, ybr, b);
            Assert.Equal(a, b);
        }

        [Fact]
        public void EncapsulatedPixelDataDecodesThroughTheRegistry()
        {
            var file = DicomFile.Open(PixelTestData.Shared("JPGExtended.dcm"));
            using var pixels = EncapsulatedPixelData.Open(file.Dataset);
            var viaReader = new byte[pixels.Geometry.FrameLength];
            pixels.DecodeFrame(0, PixelCodecRegistry.Default.GetDecoder(file.TransferSyntax), viaReader);
            var direct = new byte[pixels.Geometry.FrameLength];
            JpegCodec.Instance.Decode(pixels.ReadFrame(0), pixels.Geometry, direct);
            Assert.Equal(direct, viaReader);
        }

        [Fact]
        public void AYbrFull422DestinationSizedByTheDatasetGeometryIsTooSmall()
        {
            // Native YBR_FULL_422 counts two samples a pixel; the decoded frame is RGB with three, so the destination is
            // sized with GetDecodedGeometry, and a smaller one is refused with a message saying so.
            var file = DicomFile.Open(PixelTestData.Shared("SC_rgb_dcmtk_+eb+cy+s2.dcm"));
            using var pixels = EncapsulatedPixelData.Open(file.Dataset);
            var g = pixels.Geometry;
            Assert.Equal("YBR_FULL_422", g.PhotometricInterpretation);
            var e = Assert.Throws<ArgumentException>(() => JpegCodec.Instance.Decode(pixels.ReadFrame(0), g, new byte[g.FrameLength]));
            Assert.Contains("GetDecodedGeometry", e.Message);
            Assert.Equal(g.Rows * g.Columns * 3, JpegCodec.GetDecodedGeometry(g, file.TransferSyntax).FrameLength);
        }
    }
}
