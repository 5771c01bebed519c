using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Deid.Dicom;
using Deid.Fields;
using Deid.Samples;
using Xunit;

namespace Deid.Tests.Fields
{
    /// <summary>
    /// KEEP finds its elements by tag without listing the file (FieldList.TagPathsOf); it must give the tag paths the full
    /// listing gives for the same tags: nested items, the file meta, repeated tags.
    /// </summary>
    public class TagPathsOfTests
    {
        public static IEnumerable<object[]> Files()
        {
            for (int i = 0; i < 6; i++) yield return new object[] { "sample", i };
            string data = TestPaths.Data("pydicom", "test_files");
            if (!Directory.Exists(data)) yield break; // ../shared is not there
            foreach (var name in new[] { "test-SR.dcm", "rtplan.dcm", "nested_priv_SQ.dcm", "CT_small.dcm", "waveform_ecg.dcm" })
                yield return new object[] { Path.Combine(data, name), 0 };
        }

        [Theory]
        [MemberData(nameof(Files))]
        public void GivesTheTagPathsTheListingGivesForTheSameTags(string source, int index)
        {
            var file = source == "sample"
                ? DicomSampleGenerator.Create(index, new DicomSampleOptions { Seed = 40 + index, PhiMarkers = index % 2 == 0 }).File
                : DicomFile.Open(source);
            var listing = FieldList.Collect(file);
            var present = listing.Select(f => f.Tag.Value).Distinct().OrderBy(t => t).ToArray();
            var random = new Random(index + source.Length);
            for (int round = 0; round < 10; round++)
            {
                // A few present tags (nested ones and the file meta's among them) and one that is nowhere.
                var tags = new HashSet<uint>(present.OrderBy(_ => random.Next()).Take(1 + random.Next(8))) { 0x7FFF7FFF };
                var expected = listing.Where(f => tags.Contains(f.Tag.Value)).Select(f => f.TagPath).OrderBy(p => p, StringComparer.Ordinal);
                var actual = FieldList.TagPathsOf(file, tags).OrderBy(p => p, StringComparer.Ordinal);
                Assert.Equal(expected, actual);
            }
        }
    }
}
