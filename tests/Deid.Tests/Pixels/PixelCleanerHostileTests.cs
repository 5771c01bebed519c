using System.Globalization;
using Deid.Dicom;
using Deid.Pixels;
using Xunit;

namespace Deid.Tests.Pixels
{
    /// <summary>
    /// Fuzz findings in pixel cleaning, fixed in the engine: a layout the cleaner cannot mask and a header that lies about the
    /// number of frames are per-file format errors naming the file (and the element), never another exception or an
    /// allocation sized by the header.
    /// </summary>
    public class PixelCleanerHostileTests
    {
        private static readonly PixelRegion[] All = { PixelRegion.All() };

        [Theory]
        [InlineData("YBR_PARTIAL_420")]
        [InlineData("YBR_PARTIAL_422")]
        public void Jpeg_in_a_partial_subsampled_form_is_refused_naming_the_file(string photometric)
        {
            string input = TestPaths.Data("pydicom", "test_files", "SC_rgb_jpeg_dcmtk.dcm");
            var file = DicomFile.Open(input);
            file.Dataset.SetString(DicomTags.PhotometricInterpretation, DicomVR.CS, photometric);

            var e = Assert.Throws<DicomFormatException>(() => PixelCleaner.Clean(file, All, PixelCompression.None, out _));

            Assert.Equal(input, e.Path);
            Assert.Contains("cannot clean " + photometric, e.Message);
            Assert.Contains("file not written", e.Message);
        }

        [Theory]
        [InlineData("2000000000")]
        [InlineData("2147483647")]
        public void Encapsulated_pixel_data_with_more_frames_than_fragments_names_number_of_frames(string frames)
        {
            string input = TestPaths.Data("pydicom", "test_files", "SC_rgb_jpeg_dcmtk.dcm");
            var file = DicomFile.Open(input);
            file.Dataset.SetString(DicomTags.NumberOfFrames, DicomVR.IS, frames);

            var e = Assert.Throws<DicomFormatException>(() => PixelCleaner.Clean(file, All, PixelCompression.Rle, out _));

            Assert.Equal(input, e.Path);
            Assert.Equal(DicomTags.NumberOfFrames, e.Tag);
            Assert.Contains(frames, e.Message);
        }

        /// <summary>
        /// A dataset without file meta cleaned into RLE: nothing would declare the transfer syntax, so readers took the fragments
        /// for native pixels (QA of the codec: dcm2pnm found no pixel data). Refused, and nothing is changed; native output works.
        /// </summary>
        /// <summary>
        /// Three JPEG codestreams under Number of Frames 1 and no offset table: the cleaner decoded the first and dropped the
        /// other two frames without a word (QA, pixels round 2). Refused, as data after the frames of a native file is.
        /// </summary>
        [Fact]
        public void Encapsulated_frames_beyond_Number_of_Frames_are_refused()
        {
            var file = DicomFile.Open(TestPaths.Data("pydicom", "test_files", "SC_rgb_jpeg_dcmtk.dcm"));
            Assert.True(file.Dataset.TryGetElement(DicomTag.PixelData, out var pixels));
            var items = pixels.Fragments!.Items;
            byte[] frame = items[1].Reference != null ? items[1].Reference!.ReadAll() : items[1].Bytes.ToArray();
            var three = EncapsulatedPixelDataBuilder.CreateFragments(new System.ReadOnlyMemory<byte>[] { frame, frame, frame }, withOffsetTable: false);
            EncapsulatedPixelDataBuilder.SetPixelData(file.Dataset, three);
            file.Dataset.SetString(DicomTags.NumberOfFrames, DicomVR.IS, "1");
            var e = Assert.Throws<DicomFormatException>(() => PixelCleaner.Clean(file, All, PixelCompression.None, out _));
            Assert.Contains("more than one codestream", e.Message);
        }

        [Fact]
        public void Rle_output_for_a_file_without_meta_is_refused()
        {
            var file = DicomFile.Open(TestPaths.Data("pydicom", "test_files", "MR_small.dcm"));
            file.HasFileMetaInformation = false;
            var e = Assert.Throws<DicomFormatException>(() => PixelCleaner.Clean(file, All, PixelCompression.Rle, out _));
            Assert.Contains("file meta", e.Message);
            Assert.False(file.IsModified);
            var native = PixelCleaner.Clean(file, All, PixelCompression.None, out var spool);
            spool?.Dispose();
            Assert.Equal(1, native.FramesCleaned);
        }

        [Fact]
        public void Native_pixel_data_shorter_than_its_frames_names_number_of_frames()
        {
            string input = TestPaths.Data("pydicom", "test_files", "MR_small.dcm");
            var file = DicomFile.Open(input);
            file.Dataset.SetString(DicomTags.NumberOfFrames, DicomVR.IS, int.MaxValue.ToString(CultureInfo.InvariantCulture));

            var e = Assert.Throws<DicomFormatException>(() => PixelCleaner.Clean(file, All, PixelCompression.None, out _));

            Assert.Equal(input, e.Path);
            Assert.Contains("Number of Frames (0028,0008) 2147483647", e.Message);
        }

        [Theory]
        [InlineData("SC_rgb_dcmtk_+eb+cy+np.dcm", 2115, 65535, PixelCompression.None)] // big endian native: recoded, not masked in place
        [InlineData("SC_rgb_dcmtk_+eb+cy+np.dcm", 2115, 65535, PixelCompression.Rle)]
        [InlineData("SC_rgb_jpeg_app14_dcmd.dcm", 65535, 1524, PixelCompression.None)] // JPEG: the frame says 100 x 100
        [InlineData("rtdose_rle.dcm", 65535, 2583, PixelCompression.None)] // RLE: segments of a few hundred bytes cannot fill 169 MB planes
        public void Rows_and_columns_beyond_the_pixel_data_are_refused_before_a_frame_is_allocated(string name, int rows, int columns, PixelCompression compression)
        {
            // Fuzz cases 1123 and 1135 of seed 1, and case 563 of seed 11 (RLE, 677 MB frames): a file of a few kilobytes
            // declaring a frame of hundreds of megabytes allocated it before finding out.
            string input = TestPaths.Data("pydicom", "test_files", name);
            var file = DicomFile.Open(input);
            file.Dataset.SetNumbers(DicomTags.Rows, DicomVR.US, rows);
            file.Dataset.SetNumbers(DicomTags.Columns, DicomVR.US, columns);

            long before = System.GC.GetAllocatedBytesForCurrentThread();
            var e = Assert.Throws<DicomFormatException>(() => PixelCleaner.Clean(file, All, compression, out _));
            long allocated = System.GC.GetAllocatedBytesForCurrentThread() - before;

            Assert.Equal(input, e.Path);
            Assert.True(allocated < 16 << 20, $"{allocated} bytes allocated before the refusal");
        }

        [Fact]
        public void A_frame_count_whose_size_overflows_is_a_format_error_not_an_overflow()
        {
            var e = Assert.Throws<DicomFormatException>(() => new PixelFrameGeometry(65535, 65535, 4, 64, 64, 63, 0, int.MaxValue));
            Assert.Equal(DicomTags.NumberOfFrames, e.Tag);
        }
    }
}
