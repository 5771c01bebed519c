using System.IO;
using System.Linq;
using Deid.Actions;
using Deid.Batch;
using Deid.Dicom;
using Deid.Recipes;
using Deid.Samples;
using Deid.Steps;
using Xunit;

namespace Deid.Tests.Batch
{
    /// <summary>
    /// An output that appears while its file is being processed (another run writing the same folder; QA round 2: 286 of 3,000
    /// files of three concurrent runs): with SkipExisting it is left and the file counts as skipped, as if it had been there
    /// first; otherwise an OutputExistsException for that file; with Overwrite it is replaced.
    /// </summary>
    public sealed class OutputRaceTests : System.IDisposable
    {
        private readonly string _root = Directory.CreateTempSubdirectory("deid-race").FullName;

        public void Dispose() => Directory.Delete(_root, true);

        private (DeidFileResult Result, string Output) Run(bool skipExisting, bool overwrite)
        {
            var sample = DicomSampleGenerator.Create(0, new DicomSampleOptions { Seed = 3, Rows = 16, Columns = 16 });
            string input = Path.Combine(_root, "in-" + skipExisting + overwrite + ".dcm");
            sample.File.Save(input);
            string output = Path.Combine(_root, "out", Path.GetFileName(input));
            var steps = new IFileStep[] { new HeaderActionEngine(DeidRecipe.Parse("FORMAT dicom\n%header\nREMOVE PatientAddress\n")), new OtherRun() };
            var batch = new DeidBatch(steps) { SkipExisting = skipExisting, Overwrite = overwrite };
            return (batch.Run(new[] { new DeidFileRequest(input, output) }).Single(), output);
        }

        [Fact]
        public void SkipExistingLeavesAnOutputThatAppearedMeanwhile()
        {
            var (result, output) = Run(skipExisting: true, overwrite: false);
            Assert.Null(result.Error);
            Assert.True(result.Skipped);
            Assert.False(result.Written);
            Assert.Equal("the other run's copy", File.ReadAllText(output));
        }

        [Fact]
        public void WithoutItTheFileFailsAndTheOtherCopyStands()
        {
            var (result, output) = Run(skipExisting: false, overwrite: false);
            var ex = Assert.IsType<OutputExistsException>(result.Error);
            Assert.Equal(output, ex.Path);
            Assert.Equal("the other run's copy", File.ReadAllText(output));
            Assert.Empty(Directory.EnumerateFiles(Path.GetDirectoryName(output)!, ".*"));
        }

        [Fact]
        public void OverwriteReplacesIt()
        {
            var (result, output) = Run(skipExisting: false, overwrite: true);
            Assert.Null(result.Error);
            Assert.True(result.Written);
            Assert.Equal("DICM", System.Text.Encoding.ASCII.GetString(File.ReadAllBytes(output), 128, 4));
        }

        // Writes the output itself while the batch is still working on the file: what a second run does.
        private sealed class OtherRun : IFileStep, IFileStepRun
        {
            private string? _output;

            public string Name => "OtherRun";

            public IFileStepRun Begin(FileStepContext context)
            {
                _output = context.OutputPath;
                return this;
            }

            public IStepStatistics Apply()
            {
                Directory.CreateDirectory(Path.GetDirectoryName(_output)!);
                File.WriteAllText(_output!, "the other run's copy");
                return new ReplaceStatistics();
            }
        }
    }
}
