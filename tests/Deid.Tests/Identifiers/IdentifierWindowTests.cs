using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Deid.Batch;
using Deid.Dicom;
using Deid.Identifiers;
using Deid.Samples;
using Xunit;

namespace Deid.Tests.Identifiers
{
    /// <summary>
    /// Get-DicomIdentifier reads files in parallel windows (<see cref="IdentifierExtractor.Window"/>, a <see cref="FileWindow{T}"/>):
    /// what comes back is what one thread
    /// reading them in turn gives — the same identifiers, in input order, a broken file reported in its place without stopping
    /// the others.
    /// </summary>
    public sealed class IdentifierWindowTests : IDisposable
    {
        private readonly string _folder = Path.Combine(Path.GetTempPath(), "deid-idwindow-" + Guid.NewGuid().ToString("N"));
        private readonly List<string> _paths = new List<string>();

        public IdentifierWindowTests()
        {
            Directory.CreateDirectory(_folder);
            for (int i = 0; i < 70; i++)
            {
                string path = Path.Combine(_folder, $"f{i:D3}.dcm");
                if (i == 33) File.WriteAllText(path, "not DICOM");
                else DicomSampleGenerator.Create(i, new DicomSampleOptions { Modality = (SampleModality)(i % 5), Seed = 5 }).File.Save(path);
                _paths.Add(path);
            }
        }

        public void Dispose() => Directory.Delete(_folder, recursive: true);

        // As Get-DicomIdentifier drives it: with several threads each full window is read in the background while the one
        // before is handed on (Advance), with one thread Advance reads each window at once; with overlap off, each window is read
        // when full (Flush).
        private static List<FileWindowResult<(DicomIdentifiers Identifiers, IReadOnlyList<KeyValuePair<string, object?>> NamedValues)>> Run(IEnumerable<string> paths, int throttleLimit, bool overlap = true)
        {
            using var batch = IdentifierExtractor.Window(new IdentifierOptions(), throttleLimit,
                ids => (ids, (IReadOnlyList<KeyValuePair<string, object?>>)new List<KeyValuePair<string, object?>>(ids.NamedValues())));
            var results = new List<FileWindowResult<(DicomIdentifiers Identifiers, IReadOnlyList<KeyValuePair<string, object?>> NamedValues)>>();
            foreach (var p in paths)
            {
                batch.Add(p);
                if (batch.IsFull) results.AddRange(overlap ? batch.Advance() : batch.Flush());
            }
            results.AddRange(batch.Flush());
            return results;
        }

        [Theory]
        [InlineData(2, true)]
        [InlineData(2, false)]
        [InlineData(3, true)] // 96-file windows: 70 files never fill one, so only Flush reads them
        public void ParallelWindows_GiveWhatOneThreadGives_InInputOrder(int threads, bool overlap)
        {
            var one = Run(_paths, 1);
            var two = Run(_paths, threads, overlap);
            Assert.Equal(_paths, two.Select(r => r.Path));
            Assert.Equal(one.Count, two.Count);
            for (int i = 0; i < one.Count; i++)
            {
                Assert.Equal(one[i].Error == null, two[i].Error == null);
                if (one[i].Error != null) continue;
                var a = one[i].Value.Identifiers.Fields.Cast<System.Collections.DictionaryEntry>().Select(e => e.Key + "=" + e.Value).ToArray();
                var b = two[i].Value.Identifiers.Fields.Cast<System.Collections.DictionaryEntry>().Select(e => e.Key + "=" + e.Value).ToArray();
                Assert.Equal(a, b);
                Assert.Equal(one[i].Value.NamedValues.Select(kv => kv.Key + "=" + kv.Value), two[i].Value.NamedValues.Select(kv => kv.Key + "=" + kv.Value));
            }
        }

        [Fact]
        public void ABrokenFile_IsReportedInItsPlace_AndTheRestAreRead()
        {
            var results = Run(_paths, 2);
            Assert.IsType<DicomFormatException>(results[33].Error);
            Assert.Null(results[33].Value.Identifiers);
            Assert.Equal(69, results.Count(r => r.Error == null && r.Value.Identifiers.Fields.Count > 0));
        }

        [Fact]
        public void TheWindow_FillsPerThread_AndOneThreadReadsEachFileAsItComes()
        {
            Assert.Equal(16, IdentifierExtractor.Window(new IdentifierOptions(), 2, ids => ids).WindowSize);
            var single = IdentifierExtractor.Window(new IdentifierOptions(), 1, ids => ids);
            Assert.Equal(1, single.WindowSize);
            single.Add(_paths[0]);
            Assert.True(single.IsFull);
            // With one thread nothing is read in the background: the file comes back from the call that found the window full.
            var first = single.Advance();
            Assert.Equal(_paths[0], Assert.Single(first).Path);
            Assert.Empty(single.Flush());
        }

        [Fact]
        public void LargeHeaders_EndAWindowEarly_SmallOnesDoNot()
        {
            // Eight files whose headers carry a 7 MB UT value: a 64-file window stops once 16 MB of headers are read, so no
            // window holds more than four of them (two under the budget, then one a thread: the one crossing it and the one the
            // other thread had begun), and the
            // 60 small files after them still come back in large windows. Every file comes back once, in input order.
            var big = DicomSampleGenerator.Create(0, new DicomSampleOptions { Seed = 5 }).File;
            big.Dataset.SetString(new DicomTag(0x0018, 0x0042), DicomVR.UT, new string('x', 7 << 20));
            var paths = new List<string>();
            for (int i = 0; i < 8; i++)
            {
                string path = Path.Combine(_folder, $"big{i}.dcm");
                big.Save(path);
                paths.Add(path);
            }
            var smalls = _paths.Where((_, i) => i != 33).Take(60).ToList();
            paths.AddRange(smalls);
            using var window = IdentifierExtractor.Window(new IdentifierOptions(), 2, ids => ids.Path);
            var windows = new List<IReadOnlyList<FileWindowResult<string>>>();
            foreach (var p in paths)
            {
                window.Add(p);
                if (window.IsFull) windows.Add(window.Advance());
            }
            windows.AddRange(window.Drain());
            Assert.Equal(paths, windows.SelectMany(w => w.Select(r => r.Value)));
            Assert.All(windows, w => Assert.True(w.Count(r => r.Path.Contains("big", StringComparison.Ordinal)) <= 4, string.Join(", ", w.Select(r => Path.GetFileName(r.Path)))));
            Assert.Contains(windows, w => w.Count >= 30);
        }
    }
}
