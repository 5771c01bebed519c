using System;
using System.IO;
using System.Linq;
using Deid.Actions;
using Deid.Audit;
using Deid.Batch;
using Deid.Dicom;
using Deid.Pixels;
using Deid.Recipes;
using Deid.Samples;
using Deid.Steps;
using Xunit;

namespace Deid.Tests.Audit
{
    /// <summary>
    /// A JPEG sample with -PhiMarkers carries the patient's (marked) name and ID in a COM segment of its codestream, as some
    /// devices write them. A header-only de-identification leaves it, and the audit finds it inside the Pixel Data; the replace's
    /// JPEG text step removes it, and the audit finds nothing.
    /// </summary>
    public sealed class CodestreamCommentTests : IDisposable
    {
        private const string Recipe = "FORMAT dicom\n%header\nREPLACE PatientName ANON\nREPLACE PatientID ANON\n";
        private readonly string _root = Directory.CreateTempSubdirectory("deid-codestream-comment-").FullName;

        public void Dispose() => Directory.Delete(_root, true);

        private (string Input, string Comment) Sample()
        {
            var sample = DicomSampleGenerator.Create(0, new DicomSampleOptions { Modality = SampleModality.US, Seed = 4, PhiMarkers = true, TransferSyntax = TransferSyntax.JpegBaseline });
            var marker = sample.Markers[sample.Markers.Count - 1];
            Assert.Equal("(7FE0,0010)", marker.ElementPath);
            Assert.Contains(sample.File.Dataset.GetString(DicomTags.PatientID)!, marker.Marker, StringComparison.Ordinal);
            string input = Path.Combine(_root, sample.FileName);
            sample.File.Save(input);
            // The codestream starts with its SOI, then the COM marker.
            Assert.True(File.ReadAllBytes(input).AsSpan().IndexOf(new byte[] { 0xFF, 0xD8, 0xFF, 0xFE }) > 0);
            return (input, marker.Marker);
        }

        private string Replace(string input, params IFileStep[] more)
        {
            string output = Path.Combine(_root, "out-" + more.Length, Path.GetFileName(input));
            Directory.CreateDirectory(Path.GetDirectoryName(output)!);
            var batch = new DeidBatch(new IFileStep[] { new HeaderActionEngine(DeidRecipe.Parse(Recipe)) }.Concat(more));
            var result = batch.ProcessOne(new DeidFileRequest(input, output));
            Assert.Null(result.Error);
            return output;
        }

        [Fact]
        public void AHeaderOnlyCopyKeepsTheComment_AndTheAuditFindsItInThePixelData()
        {
            var (input, comment) = Sample();
            string output = Replace(input);
            long pixelDataAt = File.ReadAllBytes(output).AsSpan().IndexOf(new byte[] { 0xFF, 0xD8, 0xFF, 0xFE });
            Assert.True(pixelDataAt > 0);
            var result = new DeidAudit().Audit(input, output);
            Assert.True(result.Leaked);
            var found = result.Leaks.Where(l => l.ElementPath == "(0010,0020)" || l.ElementPath == "(0010,0010)").ToList();
            Assert.NotEmpty(found);
            Assert.All(found, l => Assert.True(l.ByteOffset > pixelDataAt, $"{l.ElementPath} at {l.ByteOffset}, codestream from {pixelDataAt}"));
            Assert.Contains(comment, System.Text.Encoding.ASCII.GetString(File.ReadAllBytes(output)), StringComparison.Ordinal);
        }

        [Fact]
        public void TheJpegTextStepRemovesTheComment_AndTheAuditFindsNothingOfTheName()
        {
            var (input, comment) = Sample();
            string output = Replace(input, new JpegTextStep());
            var result = new DeidAudit().Audit(input, output);
            Assert.DoesNotContain(result.Leaks, l => l.ElementPath == "(0010,0020)" || l.ElementPath == "(0010,0010)");
            Assert.DoesNotContain(comment, System.Text.Encoding.ASCII.GetString(File.ReadAllBytes(output)), StringComparison.Ordinal);
            // The codestream now goes from SOI straight to its quantization tables.
            var bytes = File.ReadAllBytes(output).AsSpan();
            Assert.True(bytes.IndexOf(new byte[] { 0xFF, 0xD8, 0xFF, 0xDB }) > 0);
            Assert.True(bytes.IndexOf(new byte[] { 0xFF, 0xD8, 0xFF, 0xFE }) < 0);
        }
    }
}
