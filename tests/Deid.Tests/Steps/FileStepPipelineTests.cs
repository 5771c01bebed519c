using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Deid.Actions;
using Deid.Batch;
using Deid.Dicom;
using Deid.Recipes;
using Deid.Steps;
using Deid.Tests.Actions;
using Xunit;

namespace Deid.Tests.Steps
{
    /// <summary>
    /// The per-file step pipeline: a second step plugs into a batch beside the header engine without touching the batch; every
    /// step begins on the header as read (before any step changes it); results carry each step's counts in order; a failing step
    /// is the file's error and nothing is written; engine warnings are structured (kind, file, field, step) and print as text.
    /// </summary>
    public sealed class FileStepPipelineTests : IDisposable
    {
        private static readonly DicomTag PatientName = new DicomTag(0x0010, 0x0010);
        private readonly string _root = Path.Combine(Path.GetTempPath(), "deid-steps-" + Guid.NewGuid().ToString("N").Substring(0, 12));

        public FileStepPipelineTests() => Directory.CreateDirectory(_root);

        public void Dispose() => Directory.Delete(_root, true);

        /// <summary>A test step: remembers the PatientName it saw at Begin, then writes a marker element and counts it.</summary>
        private sealed class MarkerStep : IFileStep
        {
            public List<string?> SeenAtBegin { get; } = new List<string?>();

            public bool Fail { get; init; }

            public string Name => "Marker";

            public IFileStepRun Begin(FileStepContext context)
            {
                lock (SeenAtBegin) SeenAtBegin.Add(context.File.Dataset.GetString(PatientName));
                return new Run(this, context);
            }

            private sealed class Run : IFileStepRun
            {
                private readonly MarkerStep _step;
                private readonly FileStepContext _context;

                public Run(MarkerStep step, FileStepContext context)
                {
                    _step = step;
                    _context = context;
                }

                public IStepStatistics Apply()
                {
                    if (_step.Fail) throw new DicomFormatException(_context.SourcePath, 0, null, "marker step refuses this file");
                    _context.File.Dataset.SetString(new DicomTag(0x0020, 0x4000), DicomVR.LT, "MARKED");
                    _context.Warn(new DeidWarning(DeidWarningKind.NotApplicable, "marker written", _context.SourcePath, "(0020,4000)", _step.Name));
                    return new MarkerCounts();
                }
            }

            private sealed class MarkerCounts : IStepStatistics
            {
                public string Step => "Marker";

                public IReadOnlyList<KeyValuePair<string, int>> Counts => new[] { new KeyValuePair<string, int>("Marked", 1) };

                public int Total => 1;
            }
        }

        private string Input()
        {
            string path = Path.Combine(_root, "in.dcm");
            EngineRegressionTests.Small().Save(path);
            return path;
        }

        private static HeaderActionEngine Engine() => new HeaderActionEngine(DeidRecipe.Parse("FORMAT dicom\n%header\nREMOVE PatientName\nREPLACE PatientID var:id\n"));

        [Fact]
        public void SecondStep_RunsAfterHeader_SeesOriginalHeader_AndReportsItsCounts()
        {
            var marker = new MarkerStep();
            var batch = new DeidBatch(new IFileStep[] { Engine(), marker });
            string output = Path.Combine(_root, "out.dcm");
            var result = batch.ProcessOne(new DeidFileRequest(Input(), output));

            Assert.Null(result.Error); // var:id is not given: a warning, and Succeeded false
            Assert.False(result.Succeeded);
            Assert.True(result.Written);
            // Begun before the header step removed the name.
            Assert.Equal("DOE^JOHN", Assert.Single(marker.SeenAtBegin));
            Assert.Equal(new[] { "Header", "Marker" }, result.Steps.Select(s => s.Step));
            Assert.Equal(1, result.Removed);
            Assert.Equal(1, result.Steps[0].Counts.Single(c => c.Key == "Removed").Value);
            Assert.Equal(1, result.Steps[1].Total);
            var written = DicomFile.Open(output).Dataset;
            Assert.Null(written.GetString(PatientName));
            Assert.Equal("MARKED", written.GetString(new DicomTag(0x0020, 0x4000)));
        }

        [Fact]
        public void FailingStep_IsTheFilesError_AndNothingIsWritten()
        {
            var batch = new DeidBatch(new IFileStep[] { Engine(), new MarkerStep { Fail = true } });
            string output = Path.Combine(_root, "out.dcm");
            var result = batch.ProcessOne(new DeidFileRequest(Input(), output));

            Assert.False(result.Succeeded);
            Assert.IsType<DicomFormatException>(result.Error);
            Assert.False(File.Exists(output));
            Assert.Equal(new[] { "Header" }, result.Steps.Select(s => s.Step));
            Assert.Equal(new[] { "in.dcm" }, Directory.GetFiles(_root).Select(Path.GetFileName));
        }

        [Fact]
        public void Warnings_AreStructured_AndPrintAsTheirMessage()
        {
            var batch = new DeidBatch(new IFileStep[] { Engine(), new MarkerStep() });
            string input = Input();
            var result = batch.ProcessOne(new DeidFileRequest(input, Path.Combine(_root, "out.dcm")));

            var missing = Assert.Single(result.Warnings, w => w.Kind == DeidWarningKind.MissingVariable);
            Assert.Equal(input, missing.File);
            Assert.Equal("Header", missing.Step);
            Assert.Equal("PatientID", missing.Field);
            Assert.Contains("variable 'id' is not defined", missing.Message, StringComparison.Ordinal);
            Assert.Equal(missing.Message, missing.ToString());
            Assert.Contains(result.Warnings, w => w.Step == "Marker" && w.Field == "(0020,4000)");
        }

        [Fact]
        public void Batch_RefusesNoSteps()
        {
            Assert.Throws<ArgumentException>(() => new DeidBatch(Array.Empty<IFileStep>()));
            Assert.Throws<ArgumentException>(() => new DeidBatch(new IFileStep[] { null! }));
        }

        [Fact]
        public void Engine_ApplyWithStructuredWarnings_GivesTheSameMessagesAsTheTextOverload()
        {
            var text = new List<string>();
            var structured = new List<DeidWarning>();
            Engine().Apply(EngineRegressionTests.Small(), null, text, "a.dcm");
            Engine().Apply(EngineRegressionTests.Small(), null, structured, "a.dcm");
            Assert.NotEmpty(text);
            Assert.Equal(text, structured.Select(w => w.Message));
        }
    }
}
