using System;
using System.IO;
using System.Linq;
using System.Text;
using Deid.Batch;
using Deid.Steps;
using Deid.Tests.Actions;
using Xunit;

namespace Deid.Tests.Steps
{
    /// <summary>The preamble: text in it is written as zeros; with Keep (DICOM/TIFF dual-format files) it is kept; an empty one changes nothing.</summary>
    public sealed class PreambleStepTests : IDisposable
    {
        private readonly string _root = Path.Combine(Path.GetTempPath(), "deid-preamble-" + Guid.NewGuid().ToString("N").Substring(0, 12));

        public PreambleStepTests() => Directory.CreateDirectory(_root);

        public void Dispose() => Directory.Delete(_root, true);

        private string Input(string? text)
        {
            var file = EngineRegressionTests.Small();
            var preamble = new byte[128];
            if (text != null) Encoding.ASCII.GetBytes(text).CopyTo(preamble, 0);
            file.Preamble = preamble;
            string path = Path.Combine(_root, "in.dcm");
            file.Save(path);
            return path;
        }

        private (DeidFileResult Result, byte[] Bytes) Run(string input, bool keep)
        {
            string output = Path.Combine(_root, keep ? "kept.dcm" : "out.dcm");
            var result = new DeidBatch(new IFileStep[] { new PreambleStep(keep) }).ProcessOne(new DeidFileRequest(input, output));
            Assert.True(result.Succeeded, result.Error?.ToString());
            return (result, File.ReadAllBytes(output));
        }

        [Fact]
        public void TextPreamble_WrittenAsZeros()
        {
            var (result, bytes) = Run(Input("PATIENT NAME"), keep: false);
            Assert.True(bytes.Take(128).All(b => b == 0));
            Assert.Equal("DICM", Encoding.ASCII.GetString(bytes, 128, 4));
            Assert.DoesNotContain("PATIENT NAME", Encoding.ASCII.GetString(bytes), StringComparison.Ordinal);
            var counts = Assert.IsType<PreambleStatistics>(Assert.Single(result.Steps));
            Assert.True(counts.Cleared);
            Assert.Empty(result.Warnings);
        }

        [Fact]
        public void TextPreamble_KeptWithKeep()
        {
            string input = Input("PATIENT NAME");
            var (result, bytes) = Run(input, keep: true);
            Assert.Equal(File.ReadAllBytes(input), bytes);
            var counts = Assert.IsType<PreambleStatistics>(Assert.Single(result.Steps));
            Assert.False(counts.Cleared);
            Assert.True(counts.Kept);
        }

        [Fact]
        public void ZeroPreamble_NotCounted_ByteIdentical()
        {
            string input = Input(null);
            var (result, bytes) = Run(input, keep: false);
            Assert.Equal(File.ReadAllBytes(input), bytes);
            Assert.Equal(0, result.Steps[0].Total);
        }
    }
}
