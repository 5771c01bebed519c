using System.Linq;
using Deid.Dicom;
using Deid.Inspection;
using Deid.Samples;
using Xunit;

namespace Deid.Tests.Inspection
{
    public class DicomDumpTests
    {
        private static DicomDataset Sample() => DicomSampleGenerator.Create(0, new DicomSampleOptions { Seed = 1 }).File.Dataset;

        [Fact]
        public void RowsCarryDeidStylePathsForNestedElements()
        {
            var rows = DicomDump.Rows(Sample());
            Assert.Contains(rows, r => r.Path == "(0040,0275)__0__(0008,1110)__0__(0008,1155)" && r.Depth == 2);
            Assert.Contains(rows, r => r.Path == "(0010,0010)" && r.Depth == 0);
        }

        [Fact]
        public void ListingShowsTextValuesInBracketsAndCutsLongOnes()
        {
            var text = DicomDump.Format(Sample(), maxValueWidth: 20);
            var line = text.Split('\n').First(l => l.StartsWith("(0008,0080)"));
            Assert.Contains("...", line);
            Assert.StartsWith("(0008,0080) LO [", line);
            Assert.Contains("(7FE0,0010) OW", text);
        }

        [Fact]
        public void ViewResolvesKeywordsAndTagSpellings()
        {
            var view = new DicomDatasetView(Sample());
            var id = view["PatientID"];
            Assert.NotNull(id);
            Assert.Equal(id, view["(0010,0020)"]);
            Assert.Equal(id, view["0x00100020"]);
            Assert.Equal(id, view["patientid"]);
            var items = Assert.IsType<DicomDatasetView[]>(view["ReferencedStudySequence"]);
            Assert.Equal(view["StudyInstanceUID"], items[0]["ReferencedSOPInstanceUID"]);
            Assert.Equal("(0008,1110)__0", items[0].ItemPath);
        }

        [Fact]
        public void UnknownNameIsAnArgumentError()
        {
            var view = new DicomDatasetView(Sample());
            Assert.Throws<System.ArgumentException>(() => view["NoSuchKeyword"]);
        }
    }
}
