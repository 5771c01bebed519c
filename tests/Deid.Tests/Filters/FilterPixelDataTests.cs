using System;
using System.IO;
using Deid.Dicom;
using Deid.Filters;
using Deid.Recipes;
using Xunit;

namespace Deid.Tests.Filters
{
    /// <summary>
    /// Pixel Data and the elements after it, as deid sees them: pydicom reads the whole file, so Pixel Data is present (not empty)
    /// and trailing elements are there. Files are read past Pixel Data without loading it; a file cut inside its pixels is read up
    /// to them, as before, and its Pixel Data still counts as present.
    /// </summary>
    public sealed class FilterPixelDataTests : IDisposable
    {
        private static readonly DicomTag TrailingPadding = new DicomTag(0xFFFC, 0xFFFC);
        private static readonly DicomTag PrivateCreator = new DicomTag(0x7FE1, 0x0010);
        private static readonly DicomTag PrivateAfterPixels = new DicomTag(0x7FE1, 0x1001);
        private readonly string _dir = Path.Combine(Path.GetTempPath(), "deid-filter-pixels-" + Guid.NewGuid().ToString("N"));

        public FilterPixelDataTests() => Directory.CreateDirectory(_dir);

        public void Dispose() => Directory.Delete(_dir, recursive: true);

        private static bool Flags(string criteria, string path) =>
            new FilterEvaluator(DeidRecipe.Parse("FORMAT dicom\n%filter graylist\nLABEL L\n" + criteria + "\n", "test")).EvaluateFile(path).Flagged;

        // A CT with 8x8 16-bit pixels (128 bytes), then a private block and Data Set Trailing Padding after them.
        private string Write(string name, int cut = 0)
        {
            var file = new DicomFile(TransferSyntax.ExplicitVRLittleEndian);
            var ds = file.Dataset;
            ds.SetString(DicomTags.SOPClassUID, DicomVR.UI, "1.2.840.10008.5.1.4.1.1.2");
            ds.SetString(DicomTags.SOPInstanceUID, DicomVR.UI, "1.2.826.0.1.3680043.8.498.1");
            ds.SetString(DicomTags.Modality, DicomVR.CS, "CT");
            ds.SetNumbers(DicomTags.Rows, DicomVR.US, 8);
            ds.SetNumbers(DicomTags.Columns, DicomVR.US, 8);
            ds.SetNumbers(DicomTags.BitsAllocated, DicomVR.US, 16);
            ds.SetRawValue(DicomTag.PixelData, DicomVR.OW, new byte[128]);
            ds.SetString(PrivateCreator, DicomVR.LO, "ACME 1.0");
            ds.SetString(PrivateAfterPixels, DicomVR.LO, "burned in");
            ds.SetRawValue(TrailingPadding, DicomVR.OB, new byte[4]);
            file.EnsureFileMeta();
            string path = Path.Combine(_dir, name);
            file.Save(path);
            if (cut > 0)
            {
                // Cut inside the pixels: 'cut' bytes before the end of Pixel Data's value.
                var bytes = File.ReadAllBytes(path);
                int pixelEnd = bytes.Length - (8 + 8 + 8 + 10 + 12 + 4);
                File.WriteAllBytes(path, bytes.AsSpan(0, pixelEnd - cut).ToArray());
            }
            return path;
        }

        [Theory]
        [InlineData("present PixelData", true)]
        [InlineData("missing PixelData", false)]
        [InlineData("empty PixelData", false)]
        [InlineData("contains PixelData .", false)] // a value left on disk has no text
        [InlineData("notcontains PixelData .", true)]
        [InlineData("present 0x7fe00010", true)]
        [InlineData("contains 0x7fe00010 ^\\(7fe0,0010\\) pixel data +ow: array of 128 elements$", true)]
        [InlineData("present DataSetTrailingPadding", true)]
        [InlineData("contains 0x7fe11001 burned in", true)]
        [InlineData("contains 0x00080060 'ct'", true)]
        public void Pixel_data_is_present_and_elements_after_it_are_seen(string criteria, bool expected) =>
            Assert.Equal(expected, Flags(criteria, Write("whole.dcm")));

        [Theory]
        [InlineData("present PixelData", true)] // pydicom reads what there is of it
        [InlineData("empty PixelData", false)]
        [InlineData("present 0x7fe00010", true)]
        [InlineData("present DataSetTrailingPadding", false)] // cut off: not there
        [InlineData("missing 0x7fe11001", true)]
        [InlineData("contains 0x00080060 'ct'", true)] // the header before the pixels reads as before
        public void A_file_cut_inside_its_pixels_is_read_up_to_them_without_error(string criteria, bool expected) =>
            Assert.Equal(expected, Flags(criteria, Write("cut.dcm", cut: 40)));

        [Fact]
        public void Pixel_data_of_16_bytes_or_fewer_prints_its_bytes()
        {
            // pydicom shows a value of 16 bytes or fewer as repr(bytes): a 1x1 image's "b'*\x00'", read back from the file.
            var file = new DicomFile(TransferSyntax.ExplicitVRLittleEndian);
            file.Dataset.SetString(DicomTags.SOPClassUID, DicomVR.UI, "1.2.840.10008.5.1.4.1.1.7");
            file.Dataset.SetString(DicomTags.SOPInstanceUID, DicomVR.UI, "1.2.826.0.1.3680043.8.498.2");
            file.Dataset.SetRawValue(DicomTag.PixelData, DicomVR.OB, new byte[] { 0x2A, 0x00 });
            file.EnsureFileMeta();
            string path = Path.Combine(_dir, "tiny.dcm");
            file.Save(path);
            Assert.True(Flags(@"contains 0x7fe00010 ob: b'\*\\x00'$", path));
            Assert.False(Flags("contains 0x7fe00010 array", path));
        }

        [Fact]
        public void The_trailing_padding_of_a_real_file_is_seen()
        {
            string path = TestPaths.Data("pydicom", "test_files", "CT_small.dcm");
            Assert.True(File.Exists(path), path + " (../shared/data) is missing");
            Assert.True(Flags("present DataSetTrailingPadding\n  present PixelData", path));
            Assert.False(Flags("missing PixelData", path));
        }

        [Fact]
        public void Encapsulated_pixel_data_prints_its_length_as_pydicom_reads_it()
        {
            // pydicom keeps encapsulated Pixel Data as the bytes of its items (their 8-byte headers included, the sequence
            // delimiter not): SC_rgb_rle.dcm's is 680 bytes.
            string path = TestPaths.Data("pydicom", "test_files", "SC_rgb_rle.dcm");
            Assert.True(File.Exists(path), path + " (../shared/data) is missing");
            Assert.True(Flags("contains 0x7fe00010 ob: array of 680 elements$\n  present PixelData\n  notcontains PixelData .", path));
        }
    }
}
