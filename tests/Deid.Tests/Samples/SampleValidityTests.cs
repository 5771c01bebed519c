using System;
using System.Linq;
using Deid.Samples;
using Xunit;

namespace Deid.Tests.Samples
{
    /// <summary>
    /// dciodvfy (dicom3tools, installed by CI like dcmtk) checks every sample against its IOD. Plain samples have no
    /// error; their warnings are the fake identity the sample carries on purpose outside the image IODs (Patient's Address,
    /// Telephone Numbers, the request's UID). -PhiMarkers samples add places identity hides that no IOD lists, and one
    /// deliberate error: the unknown standard-range tag (0010,0777).
    /// </summary>
    public class SampleValidityTests
    {
        public static TheoryData<SampleModality> Modalities => new TheoryData<SampleModality>(Enum.GetValues<SampleModality>());

        [Theory]
        [MemberData(nameof(Modalities))]
        public void PlainSamplesPassDciodvfy(SampleModality modality)
        {
            var lines = Verify(DicomSampleGenerator.Create(1, new DicomSampleOptions { Modality = modality, Seed = 7, InstancesPerSeries = 2 }));
            Assert.Equal(Array.Empty<string>(), lines.Where(l => l.StartsWith("Error", StringComparison.Ordinal)).ToArray());
            var allowed = new[] { "Patient's Address", "Patient's Telephone Numbers", "(0x0040,0xa124) UI UID", "Standard Extended SOP Class" };
            Assert.Equal(Array.Empty<string>(), lines.Where(l => l.StartsWith("Warning", StringComparison.Ordinal) && !allowed.Any(l.Contains)).ToArray());
        }

        [Theory]
        [MemberData(nameof(Modalities))]
        public void MarkerSamplesFailDciodvfyOnlyForTheUnknownTag(SampleModality modality)
        {
            var lines = Verify(DicomSampleGenerator.Create(0, new DicomSampleOptions { Modality = modality, Seed = 7, PhiMarkers = true }));
            var errors = lines.Where(l => l.StartsWith("Error", StringComparison.Ordinal)).ToList();
            Assert.Equal(new[] { "(0x0010,0x0777)" }, errors.Select(e => e.Contains("(0x0010,0x0777)", StringComparison.Ordinal) ? "(0x0010,0x0777)" : e));
        }

        private static string[] Verify(DicomSample sample) => Dciodvfy.Verify(sample.File);
    }
}
