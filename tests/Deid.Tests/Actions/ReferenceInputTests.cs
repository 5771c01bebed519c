using System;
using System.IO;
using Deid.Dicom;
using Deid.Samples;
using Deid.Tests.Conformance;
using Xunit;

namespace Deid.Tests.Actions
{
    /// <summary>
    /// The DicomSampleGenerator files deid ran on (Reference/inputs/sample-CT-000n.dcm) are still what the generator makes: if it
    /// changes, the recorded deid outputs must be made again (set DEID_WRITE_REFERENCE_INPUTS=1 to rewrite the inputs, then run
    /// tools/deid-reference/replace_cases.py).
    /// </summary>
    public class ReferenceInputTests
    {
        /// <summary>Two instances of one series (same study, patient and private block), 8x8 pixels.</summary>
        internal static readonly DicomSampleOptions SampleOptions = new DicomSampleOptions { Seed = 5, InstancesPerSeries = 2, Rows = 8, Columns = 8 };

        [Theory]
        [InlineData(0)]
        [InlineData(1)]
        public void SampleInputsAreTheGeneratorsOutput(int index)
        {
            var sample = DicomSampleGenerator.Create(index, SampleOptions);
            using var ms = new MemoryStream();
            DicomWriter.Write(sample.File, ms);
            string path = Path.Combine(ReferenceCases.Inputs, "sample-" + sample.FileName);
            if (Environment.GetEnvironmentVariable("DEID_WRITE_REFERENCE_INPUTS") == "1") File.WriteAllBytes(path, ms.ToArray());
            // Decoded elements, not bytes: a new implementation version name in the meta does not make the recordings stale.
            var made = DicomFile.Open(ms.ToArray());
            var committed = DicomFile.Open(path);
            var diffs = DatasetComparer.Differences(committed.FileMetaInformation, made.FileMetaInformation, ReferenceCases.MetaIgnored, "meta ");
            diffs.AddRange(DatasetComparer.Differences(committed.Dataset, made.Dataset));
            Assert.Empty(diffs);
        }
    }
}
