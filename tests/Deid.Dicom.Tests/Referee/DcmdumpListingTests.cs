using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Xunit;

namespace Deid.Dicom.Tests.Referee
{
    /// <summary>Starts dcmdump on the whole corpus when the listing tests start, so the runs overlap the comparisons.</summary>
    public sealed class DcmdumpPrefetch
    {
        public DcmdumpPrefetch()
        {
            ToolRunner.Require("dcmdump");
            Dcmdump.Prefetch(RefereeCorpus.ReadableFiles().Select(p => TestData.PathOf(p)));
        }
    }

    /// <summary>
    /// dcmdump (DCMTK) as referee for the reader: every element dcmdump lists, in the file meta and the dataset at
    /// every nesting level, must be listed by our reader under the same path, with the same (or an equivalent, see
    /// <see cref="ListingComparer"/>) VR, length and decoded value, and we must list nothing dcmdump does not.
    /// </summary>
    public class DcmdumpListingTests : IClassFixture<DcmdumpPrefetch>
    {
        private const int MaxShown = 40;

        public DcmdumpListingTests(DcmdumpPrefetch prefetch)
        {
            _ = prefetch;
        }

        [Theory]
        [MemberData(nameof(RefereeCorpus.ReadableFilesData), MemberType = typeof(RefereeCorpus))]
        public async Task Our_reader_lists_what_dcmdump_lists(string file)
        {
            string path = TestData.PathOf(file);
            var ours = DicomFile.Open(path);
            var runs = await Dcmdump.Get(path);
            var ourRows = OurListing.Build(ours);

            List<DumpRow> dumpRows;
            if (runs.Raw.ExitCode != 0 && ours.Warnings.Any(w => w.Contains("transfer syntax says", StringComparison.Ordinal)))
            {
                // The meta's transfer syntax contradicts the data (SC_rgb_jpeg.dcm: JPEG Baseline in the meta, an
                // implicit VR dataset). dcmtk believes the meta and fails; our reader, like pydicom, reads the data as
                // found. To referee what was read, dcmdump reads the meta and the dataset as separate data sets with
                // the encoding each really has.
                dumpRows = await DumpSplit(path, ours);
            }
            else
            {
                Assert.True(runs.Raw.ExitCode == 0 && !runs.Raw.StderrLines("E: ").Any() && !runs.Raw.StderrLines("F: ").Any(), "dcmdump failed on a file we read:\n" + runs.Raw.Describe());
                dumpRows = DcmdumpListing.Parse(runs.Raw.Stdout);
            }

            var diffs = ListingComparer.Compare(dumpRows, ourRows);

            if (runs.Utf8 != null)
            {
                if (runs.Utf8.ExitCode == 0)
                {
                    diffs.AddRange(ListingComparer.CompareDecodedText(DcmdumpListing.Parse(runs.Utf8.Stdout), ourRows, out int compared));
                    Assert.True(compared > 0, "The +U8 run was made for non-ASCII text, but no text element was compared.");
                }
                else
                {
                    // dcmtk's converter cannot do this character set (see IsConversionUnsupported); the raw run above
                    // compared the stored bytes, and CharacterSetFileTests checks the decoding against pydicom.
                    Assert.True(Dcmdump.IsConversionUnsupported(runs.Utf8), "dcmdump +U8 failed for another reason than an unsupported character set:\n" + runs.Utf8.Describe());
                }
            }

            Assert.True(diffs.Count == 0, $"{diffs.Count} differences between dcmdump and our reader for {file}:\n" + string.Join("\n", diffs.Take(MaxShown)) + (diffs.Count > MaxShown ? "\n..." : string.Empty));
            Assert.True(dumpRows.Count > 0, "dcmdump listed nothing");
        }

        private static async Task<List<DumpRow>> DumpSplit(string path, DicomFile ours)
        {
            byte[] bytes = File.ReadAllBytes(path);
            long datasetStart = ours.Dataset.SourceOffset;
            Assert.True(ours.Preamble != null && datasetStart > 132 && datasetStart < bytes.Length, "expected a Part 10 file with meta");
            string dir = Directory.CreateTempSubdirectory("deid-referee-split-").FullName;
            try
            {
                string meta = Path.Combine(dir, "meta.dcm"), data = Path.Combine(dir, "data.dcm");
                File.WriteAllBytes(meta, bytes.AsSpan(132, (int)(datasetStart - 132)).ToArray());
                File.WriteAllBytes(data, bytes.AsSpan((int)datasetStart).ToArray());
                var enc = ours.Dataset.Encoding;
                string readAs = !enc.IsExplicitVR ? "-ti" : enc.IsBigEndian ? "-tb" : "-te";
                var metaRun = await Dcmdump.RunAsync(meta, "-f", "-te");
                var dataRun = await Dcmdump.RunAsync(data, "-f", readAs);
                Assert.True(metaRun.ExitCode == 0 && !metaRun.StderrLines("E: ").Any(), "dcmdump failed on the meta:\n" + metaRun.Describe());
                Assert.True(dataRun.ExitCode == 0 && !dataRun.StderrLines("E: ").Any(), "dcmdump failed on the dataset:\n" + dataRun.Describe());
                var rows = DcmdumpListing.Parse(metaRun.Stdout, datasetIsMeta: true);
                rows.AddRange(DcmdumpListing.Parse(dataRun.Stdout));
                return rows;
            }
            finally
            {
                Directory.Delete(dir, recursive: true);
            }
        }
    }
}
