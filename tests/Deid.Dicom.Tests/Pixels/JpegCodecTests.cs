using System;
using System.Collections.Generic;
using System.IO;
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
            Assert.True(c.MeanAbsDifference < (c.BitsAllocated == 8 ? 0.5 : 8), c.ToString());
        }
    }
}
