using System.IO;
using System.Linq;
using System.Text;
using Deid.Dicom;
using Deid.Samples;
using Xunit;

namespace Deid.Tests.Samples
{
    public class DicomSampleGeneratorTests
    {
        private static byte[] Bytes(DicomFile f)
        {
            using var ms = new MemoryStream();
            DicomWriter.Write(f, ms);
            return ms.ToArray();
        }

        [Fact]
        public void SameSeedSameBytes_DifferentSeedDifferentBytes()
        {
            var o1 = new DicomSampleOptions { Seed = 3 };
            var a = Bytes(DicomSampleGenerator.Create(0, o1).File);
            var b = Bytes(DicomSampleGenerator.Create(0, o1).File);
            var c = Bytes(DicomSampleGenerator.Create(0, new DicomSampleOptions { Seed = 4 }).File);
            Assert.Equal(a, b);
            Assert.NotEqual(a, c);
        }

        [Fact]
        public void CreateMany_GivesTheSamplesCreateGives_InOrder_EachWhenAskedFor()
        {
            var options = new DicomSampleOptions { Seed = 7, Rows = 8, Columns = 8 };
            var many = DicomSampleGenerator.CreateMany(options, 5).Select(s => Bytes(s.File)).ToList();
            Assert.Equal(Enumerable.Range(0, 5).Select(i => Bytes(DicomSampleGenerator.Create(i, options).File)), many);
            Assert.Empty(DicomSampleGenerator.CreateMany(options, 0));
            // A refused combination throws when the first sample is asked for, not when the sequence is made.
            var refused = DicomSampleGenerator.CreateMany(new DicomSampleOptions { Modality = SampleModality.CT, TransferSyntax = TransferSyntax.JpegBaseline }, 3);
            Assert.Throws<System.NotSupportedException>(() => refused.First());
            Assert.Throws<System.ArgumentOutOfRangeException>(() => DicomSampleGenerator.CreateMany(options, -1));
        }

        [Theory]
        [InlineData(SampleModality.CT, 16)]
        [InlineData(SampleModality.MR, 16)]
        [InlineData(SampleModality.CR, 16)]
        [InlineData(SampleModality.US, 8)]
        [InlineData(SampleModality.SC, 8)]
        public void WritesReadableFilesWithPhiEverywhere(SampleModality modality, int bits)
        {
            var sample = DicomSampleGenerator.Create(2, new DicomSampleOptions { Modality = modality, Seed = 9 });
            var read = DicomFile.Open(Bytes(sample.File));
            var ds = read.Dataset;
            // Secondary Capture is written as OT: SC is not a defined term of Modality (dciodvfy warns).
            Assert.Equal(modality == SampleModality.SC ? "OT" : modality.ToString(), ds.GetString(new DicomTag(0x0008, 0x0060)));
            Assert.Equal(sample.PatientName, ds.GetString(new DicomTag(0x0010, 0x0010)));
            Assert.Equal(sample.PatientId, ds.GetString(new DicomTag(0x0010, 0x0020)));
            Assert.Equal(bits, (int)ds.GetNumbers(new DicomTag(0x0028, 0x0100))![0]);
            // Nested PHI: the request sequence holds a referenced study with the study UID.
            var request = ds.GetSequence(new DicomTag(0x0040, 0x0275))!;
            var nested = request[0].GetSequence(new DicomTag(0x0008, 0x1110))!;
            Assert.Equal(ds.GetString(new DicomTag(0x0020, 0x000D)), nested[0].GetString(new DicomTag(0x0008, 0x1155)));
            // A private block with its creator.
            Assert.Equal("DEID SAMPLE PRIVATE", ds.GetString(new DicomTag(0x0009, 0x0010)));
            Assert.Contains("NICKNAME", ds.GetString(new DicomTag(0x0009, 0x1001)));
            // Meta follows the dataset.
            Assert.Equal(ds.GetString(new DicomTag(0x0008, 0x0018)), read.FileMetaInformation.GetString(new DicomTag(0x0002, 0x0003)));
        }

        [Fact]
        public void BurnsBrightTextIntoTheTopBand()
        {
            var sample = DicomSampleGenerator.Create(0, new DicomSampleOptions { Modality = SampleModality.US, Seed = 1 });
            var ds = sample.File.Dataset;
            Assert.True(ds.TryGetElement(DicomTag.PixelData, out var pixel));
            var bytes = pixel.RawValue.ToArray();
            int cols = 128;
            int brightTop = Enumerable.Range(0, 12 * cols).Count(i => bytes[i] == 255);
            int brightBelow = Enumerable.Range(40 * cols, 12 * cols).Count(i => bytes[i] == 255);
            Assert.True(brightTop > 50, $"expected burned-in text, found {brightTop} bright pixels");
            Assert.Equal(0, brightBelow);
        }

        [Fact]
        public void BigEndianPixelsAreSwapped()
        {
            var le = DicomSampleGenerator.Create(0, new DicomSampleOptions { Seed = 5 }).File.Dataset;
            var be = DicomSampleGenerator.Create(0, new DicomSampleOptions { Seed = 5, TransferSyntax = TransferSyntax.ExplicitVRBigEndian }).File.Dataset;
            le.TryGetElement(DicomTag.PixelData, out var a);
            be.TryGetElement(DicomTag.PixelData, out var b);
            var x = a.RawValue.Span;
            var y = b.RawValue.Span;
            Assert.Equal(x.Length, y.Length);
            for (int i = 0; i < x.Length; i += 2)
            {
                Assert.Equal(x[i], y[i + 1]);
                Assert.Equal(x[i + 1], y[i]);
            }
            Assert.Equal(new double[] { 128 }, be.GetNumbers(new DicomTag(0x0028, 0x0010)));
        }

        /// <summary>
        /// A compressed sample beside the native sample of the same seed and index: checks what both share (syntax, header,
        /// one fragment after an empty offset table, the same bytes for the same seed) and gives the pixels the sample's
        /// fragment decodes to, with the native sample's.
        /// </summary>
        private static (DicomFile Sample, byte[] Decoded, byte[] Original) DecodeBesideNative(SampleModality modality, TransferSyntax ts, int index)
        {
            var options = new DicomSampleOptions { Seed = 6, Modality = modality, TransferSyntax = ts };
            var sample = DicomSampleGenerator.Create(index, options).File;
            var native = DicomSampleGenerator.Create(index, new DicomSampleOptions { Seed = 6, Modality = modality }).File;
            Assert.Equal(ts, sample.TransferSyntax);
            Assert.Equal(native.Dataset.GetString(DicomTags.PatientName), sample.Dataset.GetString(DicomTags.PatientName));
            Assert.Equal(Bytes(sample), Bytes(DicomSampleGenerator.Create(index, options).File));
            Assert.True(sample.Dataset.TryGetElement(DicomTag.PixelData, out var encoded));
            var fragments = Assert.IsType<DicomFragments>(encoded.Fragments);
            Assert.Equal(1, fragments.FragmentCount);
            Assert.Equal(0, fragments.OffsetTable!.Value.Bytes.Length);
            Assert.True(native.Dataset.TryGetElement(DicomTag.PixelData, out var raw));
            var geometry = PixelFrameGeometry.FromDataset(native.Dataset);
            var decoded = new byte[geometry.FrameLength];
            PixelCodecRegistry.Default.GetDecoder(ts).Decode(fragments.Items[1].Bytes.Span, geometry, decoded);
            return (sample, decoded, raw.RawValue.ToArray());
        }

        /// <summary>RLE Lossless samples decode to the native sample's pixels byte for byte.</summary>
        [Theory]
        [InlineData(SampleModality.CT)]
        [InlineData(SampleModality.US)]
        public void RleSamplesDecodeToTheNativeSamplesPixels(SampleModality modality)
        {
            var (_, decoded, original) = DecodeBesideNative(modality, TransferSyntax.RleLossless, 1);
            Assert.Equal(original, decoded);
        }

        [Fact]
        public void OtherCompressionsAndJpegOfTwelveBitsAreRefused()
        {
            Assert.Throws<System.NotSupportedException>(() => DicomSampleGenerator.Create(0, new DicomSampleOptions { TransferSyntax = TransferSyntax.Lookup("1.2.840.10008.1.2.4.90") }));
            var ex = Assert.Throws<System.NotSupportedException>(() => DicomSampleGenerator.Create(0, new DicomSampleOptions { TransferSyntax = TransferSyntax.JpegBaseline, Modality = SampleModality.CT }));
            Assert.Contains("8-bit", ex.Message, System.StringComparison.Ordinal);
        }

        /// <summary>
        /// JPEG Baseline samples (US, SC): marked lossy, a codestream with no application segment, decoding (with our codec, as
        /// dcmdjpeg does within rounding) close to the native sample: lossy, but the text stays.
        /// </summary>
        [Theory]
        [InlineData(SampleModality.US)]
        [InlineData(SampleModality.SC)]
        public void JpegSamplesDecodeCloseToTheNativeSamplesPixels(SampleModality modality)
        {
            var (jpeg, decoded, original) = DecodeBesideNative(modality, TransferSyntax.JpegBaseline, 0);
            Assert.Equal("01", jpeg.Dataset.GetString(DicomTags.LossyImageCompression));
            Assert.Equal("ISO_10918_1", jpeg.Dataset.GetString(DicomTags.LossyImageCompressionMethod));
            Assert.True(jpeg.Dataset.TryGetElement(DicomTag.PixelData, out var encoded));
            Assert.Equal(new byte[] { 0xFF, 0xD8, 0xFF, 0xDB }, encoded.Fragments!.Items[1].Bytes.Span.Slice(0, 4).ToArray());
            long sum = 0;
            for (int i = 0; i < decoded.Length; i++) sum += System.Math.Abs(decoded[i] - original[i]);
            Assert.True(sum / (double)decoded.Length < 2.0, $"mean absolute difference {sum / (double)decoded.Length:F2}");
        }

        [Fact]
        public void InstancesPerSeriesShareStudyButNotInstance()
        {
            var o = new DicomSampleOptions { Seed = 2, InstancesPerSeries = 3 };
            var d0 = DicomSampleGenerator.Create(0, o).File.Dataset;
            var d2 = DicomSampleGenerator.Create(2, o).File.Dataset;
            var d3 = DicomSampleGenerator.Create(3, o).File.Dataset;
            var study = new DicomTag(0x0020, 0x000D);
            var sop = new DicomTag(0x0008, 0x0018);
            Assert.Equal(d0.GetString(study), d2.GetString(study));
            Assert.NotEqual(d0.GetString(sop), d2.GetString(sop));
            Assert.NotEqual(d0.GetString(study), d3.GetString(study));
            Assert.Equal("3", d2.GetString(new DicomTag(0x0020, 0x0013)));
        }
        [Fact]
        public void PhiMarkersAreUniqueAndCoverEveryIdentifyingElement()
        {
            var sample = DicomSampleGenerator.Create(1, new DicomSampleOptions { Seed = 4, PhiMarkers = true, InstancesPerSeries = 2 });
            var markers = sample.Markers;
            // One per element; values unique except the meta's copy of the SOP Instance UID, which PS3.10 requires.
            Assert.Equal(markers.Count, markers.Select(m => m.ElementPath).Distinct().Count());
            Assert.Equal(markers.Count - 1, markers.Select(m => m.Marker).Distinct().Count());
            Assert.Equal(markers.Single(m => m.ElementPath == "(0008,0018)").Marker, markers.Single(m => m.Keyword == "MediaStorageSOPInstanceUID").Marker);
            // The awkward places are there.
            var paths = markers.Select(m => m.ElementPath).ToHashSet();
            foreach (string p in new[] { "Preamble", "(0002,0016)", "(0002,0102)", "(0009,0010)", "(0009,1004)", "(0010,0777)", "(6000,0022)", "(0028,3010)__0__(0028,3003)", "(0028,3010)__0__(0010,0010)", "(0040,0555)__0__(0040,A160)", "(0008,1032)__0__(0008,0104)" })
                Assert.Contains(p, paths);

            // Every text, date, time, UID and name element of the written file carries its marker (acquisition facts, codes and
            // registered UIDs aside), read back from the bytes.
            var read = DicomFile.Open(Bytes(sample.File));
            var byPath = markers.ToDictionary(m => m.ElementPath, m => m.Marker);
            int checkedCount = 0;
            foreach (var f in Deid.Fields.FieldList.Collect(read))
            {
                if (!Deid.Audit.AuditRules.IsTextCandidate(f.VR) || Deid.Audit.AuditRules.IsExempt(f.Tag)) continue;
                string value = f.ValueText;
                if (value.Length == 0 || Deid.Audit.AuditRules.IsTrivial(value, f.VR)) continue;
                Assert.True(byPath.TryGetValue(f.TagPath, out var marker), $"{f.TagPath} {f.KeywordPath} = '{value}' has no marker");
                Assert.Equal(marker, value);
                checkedCount++;
            }
            Assert.True(checkedCount > 55, $"{checkedCount} elements checked");
            Assert.Equal(Encoding.ASCII.GetBytes(byPath["Preamble"]), read.Preamble!.Take(9).ToArray());
        }

        [Fact]
        public void PlainSamplesHaveNoMarkers() => Assert.Empty(DicomSampleGenerator.Create(0, new DicomSampleOptions()).Markers);
    }
}
